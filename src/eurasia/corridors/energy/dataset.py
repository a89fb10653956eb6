"""The bundled energy export network: nodes, assets, capacities, routes, loads, parameters, sources.

Folder ``corridors/energy/data/`` (see ``docs/energy.md``):

- ``nodes.csv`` -- fields, hubs, terminals, ports and borders with coordinates.
- ``assets.csv`` -- pipelines, terminals, ports, tanker services, rail legs: commodity, kind, ends,
  owner and length, each with a source.
- ``capacities.csv`` -- capacity of an asset for a range of years (``year_until`` empty = open
  ended) with its unit, basis (``design``, ``agreed``, ``available``), status (``open``,
  ``construction``, ``planned``), source and note; ``flow_note`` explains a capacity below the
  recorded load.
- ``routes.csv`` -- export routes as chains of assets, with direction, transit countries and the
  market they serve (displaced volume is rerouted within its market only).
- ``background.csv`` -- load on an asset that is not a Kazakh export (transit, other shippers).
- ``parameters.csv`` -- tariffs, speeds, handling and ramp-up days by commodity and asset kind.
- ``sources.csv`` -- in the indicators' source format.

The export flows themselves are indicator observations in ``indicators/data/energy_exports.csv``
(see :mod:`~eurasia.corridors.energy.flows`). :func:`read_energy_dataset` reads everything and
checks it before returning: unknown commodities, units that do not convert (Mt vs bcm vs tU),
capacities below recorded flows without a ``flow_note``, and overlapping years raise
:class:`~eurasia.errors.DataError` naming file, line and field; nothing is returned half-read.

Examples
--------
>>> ds = read_energy_dataset()
>>> ds.capacity("cpc-pipeline", 2024)
81.5
>>> [r.id for r in ds.routes_of("uranium")]
['u-russia', 'u-titr', 'u-china']
>>> round(ds.route_cost("cpc"), 2), round(ds.route_cost("aktau-btc"), 2)
(40.75, 70.2)
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from eurasia.corridors.network.records import NodeRecord
from eurasia.errors import DataError
from eurasia.indicators import csvio
from eurasia.indicators.model import Source

from .units import CANONICAL_UNITS, check_commodity, to_canonical

__all__ = [
    "ASSET_KINDS",
    "BASES",
    "DATA_DIR",
    "DIRECTIONS",
    "FLOWS_PATH",
    "STATUSES",
    "Asset",
    "Background",
    "Capacity",
    "EnergyDataset",
    "Flow",
    "Node",
    "Parameter",
    "Route",
    "bundled_energy_dataset",
    "read_energy_dataset",
]

#: The bundled folder.
DATA_DIR = Path(__file__).with_name("data")
#: The bundled flows, stored as indicator observations.
FLOWS_PATH = Path(__file__).parents[2] / "indicators" / "data" / "energy_exports.csv"
ASSET_KINDS = ("pipeline", "terminal", "port", "tanker_fleet", "rail", "rail_ferry", "processing")
BASES = ("design", "agreed", "available")
STATUSES = ("open", "construction", "planned")
DIRECTIONS = ("west", "north", "east", "south")
_STATUS_RANK = {"A": 0, "P": 1, "E": 2, "F": 3}
_ID = re.compile(r"[a-z][a-z0-9\-]*")
_ISO2 = re.compile(r"[A-Z]{2}")


#: A field, hub, terminal, port, plant or border point: a place like the freight network's, the
#: same record (id, name, country, kind, lon, lat, coord_source; the name translations unused).
Node = NodeRecord


@dataclass(frozen=True)
class Asset:
    """One pipeline, terminal, port, tanker service, rail leg or processing intake."""

    id: str
    name: str
    commodity: str
    kind: str
    from_node: str
    to_node: str
    owner: str
    owner_source: str
    length_km: float
    length_source: str


@dataclass(frozen=True)
class Capacity:
    """Capacity of an asset in canonical units a year, for ``year_from`` .. ``year_until``."""

    asset: str
    year_from: int
    year_until: int | None
    capacity: float
    unit: str
    value_given: float
    basis: str
    status: str
    source: str
    note: str
    flow_note: str
    line: int

    def covers(self, year: int) -> bool:
        """Whether the row applies to ``year``."""
        return self.year_from <= year and (self.year_until is None or year <= self.year_until)


@dataclass(frozen=True)
class Route:
    """An export route: a chain of assets, a direction and the countries it crosses."""

    id: str
    name: str
    commodity: str
    assets: tuple[str, ...]
    direction: str
    transit: tuple[str, ...]
    outlet: str
    market: str
    note: str


@dataclass(frozen=True)
class Background:
    """Load on an asset that is not a Kazakh export (transit, other shippers), canonical units."""

    asset: str
    year: int
    volume: float
    what: str
    obs_status: str
    source: str
    note: str


@dataclass(frozen=True)
class Parameter:
    """A tariff, speed, handling or ramp-up figure by commodity (``*`` any) and asset kind."""

    quantity: str
    commodity: str
    kind: str
    value: float
    low: float
    high: float
    unit: str
    source: str


@dataclass(frozen=True)
class Flow:
    """One observed export volume (canonical units) of a route, or a national ``total``."""

    route: str
    commodity: str
    year: int
    value: float
    obs_status: str
    source_id: str
    note: str
    locator: str
    line: int


@dataclass
class EnergyDataset:
    """Everything :func:`read_energy_dataset` read, cross-checked."""

    nodes: dict[str, Node]
    assets: dict[str, Asset]
    capacities: list[Capacity]
    routes: dict[str, Route]
    background: list[Background]
    parameters: list[Parameter]
    sources: dict[str, Source]
    flows: list[Flow] = field(default_factory=list)

    def routes_of(self, commodity: str) -> list[Route]:
        """Routes of ``commodity`` in file order."""
        return [r for r in self.routes.values() if r.commodity == commodity]

    def capacity(self, asset: str, year: int, *, include_planned: bool = False) -> float | None:
        """Binding capacity of ``asset`` in ``year`` (smallest covering row), or None if none."""
        rows = [
            c
            for c in self.capacities
            if c.asset == asset and c.covers(year) and (include_planned or c.status == "open")
        ]
        return min(c.capacity for c in rows) if rows else None

    def background_load(self, asset: str, year: int) -> float:
        """Non-export load on ``asset`` in ``year`` (0 if none recorded)."""
        return sum(b.volume for b in self.background if b.asset == asset and b.year == year)

    def asset_loads(self, year: int, flows: Mapping[str, float]) -> dict[str, float]:
        """Load of each asset the ``flows`` (route -> volume) use: their sum plus background."""
        loads: dict[str, float] = {}
        for route, value in flows.items():
            for asset in self.routes[route].assets:
                loads[asset] = loads.get(asset, 0.0) + value
        return {a: v + self.background_load(a, year) for a, v in loads.items()}

    def years(self, commodity: str) -> list[int]:
        """Years with at least one route flow of ``commodity``."""
        return sorted(
            {f.year for f in self.flows if f.commodity == commodity and f.route != "total"}
        )

    def route_flows(self, year: int, commodity: str) -> dict[str, float]:
        """Model value per route of ``commodity`` in ``year``.

        Actual, else provisional, else estimate; routes without an observation are absent.
        """
        best: dict[str, Flow] = {}
        for f in self.flows:
            if f.commodity != commodity or f.year != year or f.route == "total":
                continue
            old = best.get(f.route)
            if old is None or _STATUS_RANK[f.obs_status] < _STATUS_RANK[old.obs_status]:
                best[f.route] = f
        return {r.id: best[r.id].value for r in self.routes_of(commodity) if r.id in best}

    def total(self, year: int, commodity: str) -> Flow | None:
        """Return the national total of ``commodity`` in ``year``, if one is bundled."""
        rows = [f for f in self.flows if f.route == "total" and f.year == year]
        rows = [f for f in rows if f.commodity == commodity]
        return min(rows, key=lambda f: _STATUS_RANK[f.obs_status]) if rows else None

    def parameter(self, quantity: str, commodity: str, kind: str) -> Parameter | None:
        """Return the parameter row for ``quantity``, most specific first (commodity, then ``*``)."""
        for com in (commodity, "*"):
            for p in self.parameters:
                if p.quantity == quantity and p.commodity == com and p.kind in (kind, "*"):
                    return p
        return None

    def _level(self, p: Parameter | None, level: str) -> float:
        if p is None:
            return 0.0
        return {"low": p.low, "value": p.value, "high": p.high}[level]

    def route_cost(self, route: str, *, level: str = "value") -> float:
        """Cost of a route per unit (USD/t, USD/1000 m3 or USD/kgU) from asset lengths and tariffs.

        ``level`` is ``low``, ``value`` or ``high``.
        """
        r = self.routes[route]
        total = 0.0
        for asset_id in r.assets:
            a = self.assets[asset_id]
            p = self.parameter("tariff", r.commodity, a.kind)
            rate = self._level(p, level)
            total += rate * a.length_km if p is not None and p.unit.endswith("-km") else rate
        return total

    def route_days(self, route: str, *, level: str = "value") -> float:
        """Transit time of a route in days: length over speed plus handling, asset by asset."""
        days = 0.0
        for asset_id in self.routes[route].assets:
            a = self.assets[asset_id]
            speed = self._level(self.parameter("speed", a.commodity, a.kind), level)
            if a.length_km > 0 and speed > 0:
                days += a.length_km / speed
            days += self._level(self.parameter("handling_days", a.commodity, a.kind), level)
        return days

    def route_ramp_days(self, route: str) -> float:
        """Days before a route can take extra volume: the slowest of its assets."""
        return max(
            (
                self._level(
                    self.parameter("ramp_days", self.assets[a].commodity, self.assets[a].kind),
                    "value",
                )
                for a in self.routes[route].assets
            ),
            default=0.0,
        )


def _rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    name = path.name
    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as exc:
        msg = f"{path}: cannot read ({exc.strerror})"
        raise DataError(msg) from None
    with handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [c for c in required if c not in header]
        if missing:
            msg = f"{name} line 1: missing column(s) {', '.join(missing)}"
            raise DataError(msg)
        for row in reader:
            line = reader.line_num
            if None in row:
                msg = f"{name} line {line}: more fields than the header's {len(header)}"
                raise DataError(msg)
            yield line, {k: (v or "").strip() for k, v in row.items()}


def _where(path: Path, line: int, column: str) -> str:
    return f"{path.name} line {line}, field {column!r}: "


def _number(
    path: Path, line: int, row: dict[str, str], column: str, *, minimum: float = 0.0
) -> float:
    text = row[column]
    try:
        value = float(text)
    except ValueError:
        msg = f"{_where(path, line, column)}expected a number, got {text!r}"
        raise DataError(msg) from None
    if not value >= minimum:
        msg = f"{_where(path, line, column)}expected a number >= {minimum:g}, got {text!r}"
        raise DataError(msg)
    return value


def _year(
    path: Path, line: int, row: dict[str, str], column: str, *, optional: bool = False
) -> int | None:
    text = row[column]
    if optional and not text:
        return None
    if not re.fullmatch(r"(19|20)\d{2}", text):
        msg = f"{_where(path, line, column)}expected a year (YYYY), got {text!r}"
        raise DataError(msg)
    return int(text)


def _choice(
    path: Path, line: int, row: dict[str, str], column: str, allowed: tuple[str, ...]
) -> str:
    """Return the cell if it is one of ``allowed``; else DataError listing them."""
    return _member(path, line, row, column, allowed, f"expected one of {', '.join(allowed)}, got")


def _cite(
    path: Path, line: int, row: dict[str, str], column: str, sources: dict[str, Source]
) -> str:
    text = row[column]
    if text.startswith("estimate:"):
        if not text.removeprefix("estimate:").strip():
            msg = f"{_where(path, line, column)}an estimate must state its method after 'estimate:'"
            raise DataError(msg)
        return text
    if text not in sources:
        msg = (
            f"{_where(path, line, column)}unknown source {text!r}; expected a sources.csv id "
            "or 'estimate: <method>'"
        )
        raise DataError(msg)
    return text


def _ident(path: Path, line: int, row: dict[str, str], column: str) -> str:
    text = row[column]
    if not _ID.fullmatch(text):
        msg = f"{_where(path, line, column)}expected a lower-case slug, got {text!r}"
        raise DataError(msg)
    return text


def _known(
    path: Path, line: int, row: dict[str, str], column: str, ids: Collection[str], what: str
) -> str:
    """Return the cell if it names one of ``ids``; else DataError ``unknown <what>``."""
    return _member(path, line, row, column, ids, f"unknown {what}")


def _member(
    path: Path, line: int, row: dict[str, str], column: str, ids: Collection[str], problem: str
) -> str:
    """Return the cell if it is in ``ids``; else DataError ``<problem> <cell>``."""
    text = row[column]
    if text not in ids:
        msg = f"{_where(path, line, column)}{problem} {text!r}"
        raise DataError(msg)
    return text


def _unique(path: Path, line: int, column: str, key: str, seen: Collection[str]) -> None:
    if key in seen:
        msg = f"{_where(path, line, column)}duplicate id {key!r}"
        raise DataError(msg)


def read_energy_dataset(
    folder: Path = DATA_DIR, *, flows_path: Path | None = FLOWS_PATH
) -> EnergyDataset:
    """Read and check an energy dataset folder and its flows file.

    Parameters
    ----------
    folder
        Folder with the seven CSV files (default: the bundled one).
    flows_path
        Observation file of export flows; ``None`` reads no flows.

    Returns
    -------
    EnergyDataset

    Raises
    ------
    DataError
        Naming file, line and field, for anything malformed or inconsistent (see module text).
    """
    folder = Path(folder)
    sources = {s.id: s for s in csvio.read_sources(folder / "sources.csv")}
    nodes = _read_nodes(folder / "nodes.csv", sources)
    assets = _read_assets(folder / "assets.csv", nodes, sources)
    capacities = _read_capacities(folder / "capacities.csv", assets, sources)
    routes = _read_routes(folder / "routes.csv", assets, nodes)
    background = _read_background(folder / "background.csv", assets, sources)
    parameters = _read_parameters(folder / "parameters.csv", sources)
    ds = EnergyDataset(nodes, assets, capacities, routes, background, parameters, sources)
    if flows_path is not None:
        from .flows import read_flows  # flows reads routes; imported here to keep one entry point

        ds.flows = read_flows(Path(flows_path), ds)
        _check_loads(ds, folder / "capacities.csv", Path(flows_path))
    return ds


@functools.cache
def bundled_energy_dataset() -> EnergyDataset:
    """Return the bundled dataset, read once per process (for the API and web pages; treat as read-only)."""
    return read_energy_dataset()


def _read_nodes(path: Path, sources: dict[str, Source]) -> dict[str, Node]:
    out: dict[str, Node] = {}
    cols = ("id", "name", "country", "kind", "lon", "lat", "coord_source")
    for line, row in _rows(path, cols):
        nid = _ident(path, line, row, "id")
        _unique(path, line, "id", nid, out)
        if not _ISO2.fullmatch(row["country"]):
            msg = f"{_where(path, line, 'country')}expected an ISO 3166-1 alpha-2 code, got {row['country']!r}"
            raise DataError(msg)
        lon = _number(path, line, row, "lon", minimum=-180)
        lat = _number(path, line, row, "lat", minimum=-90)
        if lon > 180 or lat > 90:
            msg = f"{_where(path, line, 'lon')}coordinates out of range ({lon}, {lat})"
            raise DataError(msg)
        coord = row["coord_source"]
        if not coord:
            msg = f"{_where(path, line, 'coord_source')}say where the coordinates come from"
            raise DataError(msg)
        out[nid] = Node(nid, row["name"], row["country"], row["kind"], lon, lat, coord)
    return out


def _read_assets(
    path: Path, nodes: dict[str, Node], sources: dict[str, Source]
) -> dict[str, Asset]:
    out: dict[str, Asset] = {}
    cols = (
        "id",
        "name",
        "commodity",
        "kind",
        "from",
        "to",
        "owner",
        "owner_source",
        "length_km",
        "length_source",
    )
    for line, row in _rows(path, cols):
        aid = _ident(path, line, row, "id")
        _unique(path, line, "id", aid, out)
        commodity = check_commodity(row["commodity"], where=_where(path, line, "commodity"))
        kind = _choice(path, line, row, "kind", ASSET_KINDS)
        for end in ("from", "to"):
            _known(path, line, row, end, nodes, "node")
        out[aid] = Asset(
            aid,
            row["name"],
            commodity,
            kind,
            row["from"],
            row["to"],
            row["owner"],
            _cite(path, line, row, "owner_source", sources),
            _number(path, line, row, "length_km"),
            _cite(path, line, row, "length_source", sources),
        )
    return out


def _read_capacities(
    path: Path, assets: dict[str, Asset], sources: dict[str, Source]
) -> list[Capacity]:
    out: list[Capacity] = []
    cols = (
        "asset",
        "year_from",
        "year_until",
        "capacity",
        "unit",
        "basis",
        "status",
        "source",
        "note",
        "flow_note",
    )
    for line, row in _rows(path, cols):
        asset = assets[_known(path, line, row, "asset", assets, "asset")]
        start = _year(path, line, row, "year_from")
        until = _year(path, line, row, "year_until", optional=True)
        assert start is not None
        if until is not None and until < start:
            msg = f"{_where(path, line, 'year_until')}{until} is before year_from {start}"
            raise DataError(msg)
        given = _number(path, line, row, "capacity")
        value = to_canonical(
            given, row["unit"], commodity=asset.commodity, where=_where(path, line, "unit")
        )
        cap = Capacity(
            asset.id,
            start,
            until,
            value,
            row["unit"],
            given,
            _choice(path, line, row, "basis", BASES),
            _choice(path, line, row, "status", STATUSES),
            _cite(path, line, row, "source", sources),
            row["note"],
            row["flow_note"],
            line,
        )
        for other in out:
            if other.asset == cap.asset and other.basis == cap.basis and _overlap(other, cap):
                msg = (
                    f"{_where(path, line, 'year_from')}years {start}-{until or ''} of {cap.asset} "
                    f"({cap.basis}) overlap line {other.line} ({other.year_from}-{other.year_until or ''})"
                )
                raise DataError(msg)
        out.append(cap)
    return out


def _overlap(a: Capacity, b: Capacity) -> bool:
    a_end = a.year_until if a.year_until is not None else 9999
    b_end = b.year_until if b.year_until is not None else 9999
    return a.year_from <= b_end and b.year_from <= a_end


def _read_routes(path: Path, assets: dict[str, Asset], nodes: dict[str, Node]) -> dict[str, Route]:
    out: dict[str, Route] = {}
    cols = ("id", "name", "commodity", "assets", "direction", "transit", "outlet", "market", "note")
    for line, row in _rows(path, cols):
        rid = _ident(path, line, row, "id")
        _unique(path, line, "id", rid, out)
        if rid == "total":
            msg = f"{_where(path, line, 'id')}'total' is reserved for national totals"
            raise DataError(msg)
        commodity = check_commodity(row["commodity"], where=_where(path, line, "commodity"))
        chain = tuple(a for a in row["assets"].split("|") if a)
        if not chain:
            msg = f"{_where(path, line, 'assets')}a route needs at least one asset"
            raise DataError(msg)
        for a in chain:
            if a not in assets:
                msg = f"{_where(path, line, 'assets')}unknown asset {a!r}"
                raise DataError(msg)
            if assets[a].commodity != commodity:
                msg = (
                    f"{_where(path, line, 'assets')}asset {a!r} carries {assets[a].commodity}, "
                    f"not {commodity}"
                )
                raise DataError(msg)
        transit = tuple(c for c in row["transit"].split("|") if c)
        for c in transit:
            if not _ISO2.fullmatch(c) or c == "KZ":
                msg = f"{_where(path, line, 'transit')}expected ISO alpha-2 codes other than KZ, got {c!r}"
                raise DataError(msg)
        _known(path, line, row, "outlet", nodes, "node")
        out[rid] = Route(
            rid,
            row["name"],
            commodity,
            chain,
            _choice(path, line, row, "direction", DIRECTIONS),
            transit,
            row["outlet"],
            _ident(path, line, row, "market"),
            row["note"],
        )
    return out


def _read_background(
    path: Path, assets: dict[str, Asset], sources: dict[str, Source]
) -> list[Background]:
    out: list[Background] = []
    seen: dict[tuple[str, int, str], int] = {}
    cols = ("asset", "year", "volume", "unit", "what", "obs_status", "source", "note")
    for line, row in _rows(path, cols):
        asset = assets[_known(path, line, row, "asset", assets, "asset")]
        year = _year(path, line, row, "year")
        assert year is not None
        key = (asset.id, year, row["what"])
        if key in seen:
            msg = f"{_where(path, line, 'year')}{asset.id} {year} {row['what']!r} overlaps line {seen[key]}"
            raise DataError(msg)
        seen[key] = line
        volume = to_canonical(
            _number(path, line, row, "volume"),
            row["unit"],
            commodity=asset.commodity,
            where=_where(path, line, "unit"),
        )
        status = _choice(path, line, row, "obs_status", tuple(_STATUS_RANK))
        out.append(
            Background(
                asset.id,
                year,
                volume,
                row["what"],
                status,
                _cite(path, line, row, "source", sources),
                row["note"],
            )
        )
    return out


def _read_parameters(path: Path, sources: dict[str, Source]) -> list[Parameter]:
    out: list[Parameter] = []
    cols = ("quantity", "commodity", "kind", "value", "low", "high", "unit", "source")
    quantities = ("tariff", "speed", "handling_days", "ramp_days", "stranded_penalty")
    for line, row in _rows(path, cols):
        quantity = _choice(path, line, row, "quantity", quantities)
        if row["commodity"] != "*":
            check_commodity(row["commodity"], where=_where(path, line, "commodity"))
        if row["kind"] != "*":
            _choice(path, line, row, "kind", ASSET_KINDS)
        value, low, high = (_number(path, line, row, c) for c in ("value", "low", "high"))
        if not low <= value <= high:
            msg = f"{_where(path, line, 'value')}expected low <= value <= high, got {low}, {value}, {high}"
            raise DataError(msg)
        out.append(
            Parameter(
                quantity,
                row["commodity"],
                row["kind"],
                value,
                low,
                high,
                row["unit"],
                _cite(path, line, row, "source", sources),
            )
        )
    return out


def _check_loads(ds: EnergyDataset, cap_path: Path, flows_path: Path) -> None:
    """Return a capacity below the recorded load (exports + background) needs a ``flow_note``."""
    years = sorted({f.year for f in ds.flows})
    for year in years:
        flows = {r: v for c in CANONICAL_UNITS for r, v in ds.route_flows(year, c).items()}
        for asset, load in ds.asset_loads(year, flows).items():
            for cap in ds.capacities:
                if cap.asset != asset or not cap.covers(year) or cap.status != "open":
                    continue
                if load > cap.capacity * (1 + 1e-9) and not cap.flow_note:
                    unit = CANONICAL_UNITS[ds.assets[asset].commodity]
                    msg = (
                        f"{_where(cap_path, cap.line, 'capacity')}{asset} capacity {cap.capacity:g} {unit} "
                        f"in {year} is below the recorded load {load:g} {unit} (exports in "
                        f"{flows_path.name} + background); fix the figure or explain it in flow_note"
                    )
                    raise DataError(msg)
