"""Scenario files (YAML): what changes in the network and the demand, and for which year.

A scenario names a year and a demand file and lists changes. Every key is optional except
``name`` (and ``year`` and ``demand.file`` unless inherited through ``extends``)::

    name: caspian-x2                      # label used in reports
    description: Caspian ferry capacity doubled
    extends: baseline_2024                # another scenario: bundled name or path (relative)
    year: 2024                            # network as of this year (lines opening by then)
    demand:
      file: baseline_2024                 # bundled demand name or CSV path (relative)
      year: 2024                          # year the demand file describes
      growth:                             # applied in order
        - {groups: [CN-EU], rate: 0.05}   # per year from demand.year to year
        - {groups: [RU-CA], factor: 1.2}
        - {groups: [CN-EU, RU-CA], total_mt: 60}
    assignment: {method: bfw, relative_gap: 1.0e-5, max_iterations: 1000}  # alpha, beta: see below
    commodities:
      containers: {value_of_time: 1.0, modes: [rail, road, ferry]}
    closures:                             # edges a group (or everyone) may not use
      - {countries: [RU, BY], groups: [CN-EU], from: 2025-01-01, until: 2030-12-31}
    penalties:                            # extra perceived cost (USD/t) on edges, per group
      - {countries: [RU], groups: [CN-TR], usd_per_tonne: 40, source: "estimate: ..."}
    changes:                              # capacities, speeds, tariffs, dwell times, BPR curves
      - {modes: [ferry], countries: [AZ], capacity_factor: 2.0, source: "..."}
      - {links: [kz-dostyk--kz-aktogay], speed_factor: 1.5, tariff_factor: 0.9}
      - {transfers: [gauge_change], nodes: [kz-dostyk], hours: 6}
      - {modes: [ferry], bpr_alpha: 2.0, bpr_beta: 8.0}
    add_lines:                            # new links (both directions unless one_way)
      - {id: kz-new, from: kz-bakhty, to: kz-ayagoz, mode: rail, gauge: 1520,
         length_km: 295, hours: 8, usd: 300, capacity_mt: 20, opening_year: 2027}

**Selectors** (in closures, penalties and changes) pick edges; several keys intersect:
``countries`` (edges touching a node of those countries), ``nodes``, ``links`` (edge ids),
``corridors`` (families), ``modes`` (``rail``, ``road``, ``ferry``, ``sea``, ``transfer``),
``transfers`` (``gauge_change``, ``port``, ``mode_change``). ``groups`` limits closures and
penalties to OD groups. A closure or penalty applies to year ``Y`` if it starts on or before
31 December ``Y`` and ends on or after 1 January ``Y``.

**Volume-delay (BPR) parameters**: every edge uses its own (``Network.edge_bpr_alpha`` /
``edge_bpr_beta``; the bundled network's defaults by mode are in ``parameters.csv``); a change
with ``bpr_alpha`` / ``bpr_beta`` sets them on the edges it selects, and ``assignment.alpha`` /
``assignment.beta`` replace them on every edge (a sensitivity run).

**Time components**: ``speed_factor`` shortens the line haul (``hours_linehaul``) only, not
border dwell, waiting for sailings or transfers; ``hours`` sets an edge's whole time and splits
it like the edge's old time (``hours_low`` / ``hours_high`` follow both proportionally).

**extends** merges: the child's scalars override, its mappings merge key by key, its lists are
appended to the parent's. Cycles are errors. Every error names the file and the key path, e.g.
``russia.yaml: closures[0].countries[1]: unknown country 'XX'``, and nothing is run.

Examples
--------
>>> s = load_scenario("baseline_2024")
>>> s.name, s.year
('baseline-2024', 2024)
>>> parse_scenario_text("name: x\\nyear: 2024\\ncapacity: 5\\n", source="x.yaml")
Traceback (most recent call last):
...
eurasia.errors.DataError: x.yaml: unknown key 'capacity'; expected one of add_lines, assignment, changes, closures, commodities, demand, description, extends, name, penalties, year
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import yaml

from eurasia.corridors.demand import (
    COMMODITIES,
    Demand,
    bundled_demand,
    bundled_demand_names,
    read_demand,
)
from eurasia.corridors.freight import DEFAULT_COMMODITIES, CommoditySpec
from eurasia.corridors.network import TIME_COMPONENTS, Network, side_of
from eurasia.errors import DataError, NotFoundError

__all__ = [
    "SCENARIO_DIR",
    "AssignmentOptions",
    "Change",
    "Closure",
    "Growth",
    "NewLine",
    "Penalty",
    "Scenario",
    "Selector",
    "apply_scenario",
    "bundled_scenario_names",
    "load_scenario",
    "parse_scenario_text",
]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: Folder of the bundled scenarios.
SCENARIO_DIR = Path(__file__).with_name("data") / "scenarios"

_TOP_KEYS = (
    "add_lines",
    "assignment",
    "changes",
    "closures",
    "commodities",
    "demand",
    "description",
    "extends",
    "name",
    "penalties",
    "year",
)
_SELECTOR_KEYS = ("corridors", "countries", "links", "modes", "nodes", "transfers")
_METHODS = ("aon", "msa", "fw", "cfw", "bfw")
_MODES = ("rail", "road", "ferry", "sea", "transfer")
_TRANSFERS = ("gauge_change", "port", "mode_change")


# --------------------------------------------------------------------------- schema objects


@dataclass(frozen=True)
class Selector:
    """Which edges a rule applies to; every given key must match (intersection)."""

    where: str
    countries: tuple[str, ...] = ()
    nodes: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    corridors: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    transfers: tuple[str, ...] = ()

    def mask(self, network: Network) -> BoolArray:
        """Boolean mask over ``network`` edges.

        Raises
        ------
        DataError
            Naming the key path of an unknown country, node, link or corridor.
        """
        keep = np.ones(network.n_edges, dtype=bool)
        if self.countries:
            known = sorted(set(network.node_country.tolist()))
            for k, c in enumerate(self.countries):
                if c not in known:
                    msg = (
                        f"{self.where}.countries[{k}]: unknown country {c!r}; expected an ISO "
                        f"3166-1 alpha-2 code of a country on the network ({', '.join(known)})"
                    )
                    raise DataError(msg)
            keep &= np.isin(network.edge_country, self.countries) | np.isin(
                network.edge_country_to, self.countries
            )
        if self.nodes:
            touched = np.zeros(network.n_edges, dtype=bool)
            for k, node in enumerate(self.nodes):
                try:
                    index = network.node_index(node)
                except NotFoundError:
                    msg = f"{self.where}.nodes[{k}]: unknown node {node!r}"
                    raise DataError(msg) from None
                at = network.vertex_node
                touched |= (at[network.edge_source] == index) | (at[network.edge_target] == index)
            keep &= touched
        if self.links:
            chosen = np.zeros(network.n_edges, dtype=bool)
            for k, link in enumerate(self.links):
                hit = network.edge_id == link
                if not hit.any():
                    msg = f"{self.where}.links[{k}]: unknown link {link!r}"
                    raise DataError(msg)
                chosen |= hit
            keep &= chosen
        if self.corridors:
            families = set("|".join(network.edge_corridors.tolist()).split("|")) - {""}
            wrapped = np.char.add(np.char.add("|", network.edge_corridors), "|")
            chosen = np.zeros(network.n_edges, dtype=bool)
            for k, name in enumerate(self.corridors):
                if name not in families:
                    msg = (
                        f"{self.where}.corridors[{k}]: unknown corridor {name!r}; known: "
                        f"{', '.join(sorted(families))}"
                    )
                    raise DataError(msg)
                chosen |= np.char.find(wrapped, f"|{name}|") >= 0
            keep &= chosen
        if self.modes:
            keep &= np.isin(network.edge_mode, self.modes)
        if self.transfers:
            keep &= np.isin(network.edge_transfer, self.transfers)
        return keep


@dataclass(frozen=True)
class Closure:
    """Edges closed from ``start`` to ``end`` (years inclusive), for some groups or all."""

    selector: Selector
    groups: tuple[str, ...] = ()
    start: int | None = None
    end: int | None = None

    def active(self, year: int) -> bool:
        """Whether the closure applies in ``year``."""
        return (self.start is None or self.start <= year) and (self.end is None or self.end >= year)


@dataclass(frozen=True)
class Penalty:
    """Extra perceived cost (USD a tonne) on selected edges for some groups, e.g. a risk premium."""

    selector: Selector
    usd_per_tonne: float
    groups: tuple[str, ...] = ()
    start: int | None = None
    end: int | None = None
    source: str = ""

    def active(self, year: int) -> bool:
        """Whether the penalty applies in ``year``."""
        return (self.start is None or self.start <= year) and (self.end is None or self.end >= year)


@dataclass(frozen=True)
class Change:
    """New capacity, speed, tariff, dwell time or volume-delay curve on selected edges."""

    selector: Selector
    capacity_factor: float | None = None
    capacity_mt: float | None = None
    speed_factor: float | None = None
    hours: float | None = None
    tariff_factor: float | None = None
    bpr_alpha: float | None = None
    bpr_beta: float | None = None
    source: str = ""


@dataclass(frozen=True)
class NewLine:
    """A link to add between two existing nodes."""

    where: str
    id: str
    origin: str
    destination: str
    mode: str
    gauge: int
    length_km: float
    hours: float
    usd: float
    capacity_mt: float
    co2_kg: float = 0.0
    risk: float = 0.0
    opening_year: int = 0
    corridors: str = ""
    one_way: bool = False
    bpr_alpha: float = math.nan
    bpr_beta: float = math.nan
    source: str = ""


@dataclass(frozen=True)
class Growth:
    """One demand growth rule (exactly one of factor, rate or total_mt)."""

    where: str
    groups: tuple[str, ...] | None = None
    factor: float | None = None
    rate: float | None = None
    total_mt: float | None = None


@dataclass(frozen=True)
class AssignmentOptions:
    """Equilibrium settings of a scenario run.

    ``alpha`` / ``beta``: one BPR pair for every capacitated edge; None (default) keeps each
    edge's own parameters (:data:`~eurasia.corridors.freight.FREIGHT_ALPHA` /
    :data:`~eurasia.corridors.freight.FREIGHT_BETA` where an edge has none).
    """

    method: str = "bfw"
    relative_gap: float = 1e-5
    max_iterations: int = 1000
    alpha: float | None = None
    beta: float | None = None


@dataclass(frozen=True)
class Scenario:
    """A validated scenario (after ``extends`` is resolved).

    Attributes
    ----------
    files
        The scenario file and its ancestors, child first.
    """

    name: str
    year: int
    demand_file: str
    demand_base: Path
    demand_year: int
    description: str = ""
    growth: tuple[Growth, ...] = ()
    closures: tuple[Closure, ...] = ()
    penalties: tuple[Penalty, ...] = ()
    changes: tuple[Change, ...] = ()
    add_lines: tuple[NewLine, ...] = ()
    assignment: AssignmentOptions = field(default_factory=AssignmentOptions)
    commodities: Mapping[str, CommoditySpec] = field(default_factory=lambda: DEFAULT_COMMODITIES)
    files: tuple[str, ...] = ()

    def at_year(self, year: int) -> Scenario:
        """The same scenario for another year (demand growth by rate follows the year)."""
        return replace(self, year=_int_value(year, "year", "--year"))

    def load_demand(self) -> Demand:
        """The scenario's demand, grown to :attr:`year`.

        Raises
        ------
        DataError
            A growth rule names an unknown group or cannot be applied.
        NotFoundError
            The demand file does not exist.
        """
        path = Path(self.demand_file)
        if not path.is_absolute():
            path = self.demand_base / path
        if path.suffix == ".csv" or path.is_file():
            if not path.is_file():
                msg = f"{self.files[0]}: demand.file {self.demand_file!r}: no such file {path}"
                raise NotFoundError(msg)
            demand = read_demand(path)
        else:
            demand = bundled_demand(self.demand_file)
        for rule in self.growth:
            demand = demand.grown(
                groups=rule.groups,
                factor=rule.factor,
                rate=rule.rate,
                years=self.year - self.demand_year,
                total_tonnes=None if rule.total_mt is None else rule.total_mt * 1e6,
                where=rule.where,
            )
        return demand


# --------------------------------------------------------------------------- parsing


def _fail(where: str, message: str) -> DataError:
    return DataError(f"{where}: {message}")


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise _fail(where, f"expected a mapping, got {type(value).__name__}")
    for key in value:
        if not isinstance(key, str):
            raise _fail(where, f"keys must be strings, got {key!r}")
    return dict(value)


def _keys(value: Mapping[str, Any], allowed: Sequence[str], where: str) -> None:
    for key in value:
        if key not in allowed:
            raise _fail(where, f"unknown key {key!r}; expected one of {', '.join(sorted(allowed))}")


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise _fail(where, f"expected a list, got {type(value).__name__}")
    return value


def _str_value(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, f"expected a non-empty string, got {value!r}")
    return value.strip()


def _str_list(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    items = _list(value, where)
    return tuple(_str_value(v, f"{where}[{k}]") for k, v in enumerate(items))


def _number(value: Any, where: str, *, positive: bool = False, minimum: float = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(where, f"expected a number, got {value!r}")
    number = float(value)
    if not math.isfinite(number) or number < minimum or (positive and number <= 0):
        bound = "> 0" if positive else f">= {minimum:g}"
        raise _fail(where, f"expected a finite number {bound}, got {value!r}")
    return number


def _int_value(value: Any, where: str, label: str | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(label or where, f"expected a whole year such as 2030, got {value!r}")
    if not 1900 <= value <= 2200:
        raise _fail(label or where, f"expected a year between 1900 and 2200, got {value}")
    return int(value)


def _year_of(value: Any, where: str) -> int:
    if isinstance(value, dt.datetime | dt.date):
        return value.year
    return _int_value(value, where)


def _selector(raw: Mapping[str, Any], where: str) -> Selector:
    values: dict[str, tuple[str, ...]] = {}
    for key in _SELECTOR_KEYS:
        if key in raw:
            values[key] = _str_list(raw[key], f"{where}.{key}")
    if not values:
        raise _fail(where, f"needs at least one selector key ({', '.join(_SELECTOR_KEYS)})")
    if "countries" in values:
        values["countries"] = tuple(c.upper() for c in values["countries"])
    for k, mode in enumerate(values.get("modes", ())):
        if mode not in _MODES:
            raise _fail(
                f"{where}.modes[{k}]", f"unknown mode {mode!r}; expected one of {', '.join(_MODES)}"
            )
    for k, kind in enumerate(values.get("transfers", ())):
        if kind not in _TRANSFERS:
            raise _fail(
                f"{where}.transfers[{k}]",
                f"unknown transfer {kind!r}; expected one of {', '.join(_TRANSFERS)}",
            )
    return Selector(where=where, **values)


def _period(raw: Mapping[str, Any], where: str) -> tuple[int | None, int | None]:
    start = _year_of(raw["from"], f"{where}.from") if "from" in raw else None
    end = _year_of(raw["until"], f"{where}.until") if "until" in raw else None
    if start is not None and end is not None and end < start:
        raise _fail(f"{where}.until", f"ends ({end}) before it starts ({start})")
    return start, end


def _closures(value: Any, where: str) -> list[Closure]:
    out = []
    for k, item in enumerate(_list(value, where)):
        at = f"{where}[{k}]"
        raw = _mapping(item, at)
        _keys(raw, (*_SELECTOR_KEYS, "groups", "from", "until", "source", "note"), at)
        groups = _str_list(raw["groups"], f"{at}.groups") if "groups" in raw else ()
        start, end = _period(raw, at)
        out.append(Closure(_selector(raw, at), groups, start, end))
    return out


def _penalties(value: Any, where: str) -> list[Penalty]:
    out = []
    for k, item in enumerate(_list(value, where)):
        at = f"{where}[{k}]"
        raw = _mapping(item, at)
        _keys(
            raw, (*_SELECTOR_KEYS, "groups", "usd_per_tonne", "from", "until", "source", "note"), at
        )
        if "usd_per_tonne" not in raw:
            raise _fail(at, "missing key 'usd_per_tonne' (extra perceived cost, >= 0)")
        groups = _str_list(raw["groups"], f"{at}.groups") if "groups" in raw else ()
        start, end = _period(raw, at)
        usd = _number(raw["usd_per_tonne"], f"{at}.usd_per_tonne")
        source = str(raw.get("source", ""))
        out.append(Penalty(_selector(raw, at), usd, groups, start, end, source))
    return out


def _changes(value: Any, where: str) -> list[Change]:
    fields_ = (
        "capacity_factor",
        "capacity_mt",
        "speed_factor",
        "hours",
        "tariff_factor",
        "bpr_alpha",
        "bpr_beta",
    )
    out = []
    for k, item in enumerate(_list(value, where)):
        at = f"{where}[{k}]"
        raw = _mapping(item, at)
        _keys(raw, (*_SELECTOR_KEYS, *fields_, "source", "note"), at)
        given = {f: raw[f] for f in fields_ if f in raw}
        if not given:
            raise _fail(at, f"needs at least one of {', '.join(fields_)}")
        if "capacity_factor" in given and "capacity_mt" in given:
            raise _fail(at, "give capacity_factor or capacity_mt, not both")
        numbers = {
            f: _number(v, f"{at}.{f}", positive=f in ("speed_factor",)) for f, v in given.items()
        }
        out.append(Change(_selector(raw, at), source=str(raw.get("source", "")), **numbers))
    return out


def _new_lines(value: Any, where: str) -> list[NewLine]:
    required = ("id", "from", "to", "mode", "length_km", "hours", "usd", "capacity_mt")
    optional = (
        "gauge",
        "co2_kg",
        "risk",
        "opening_year",
        "corridors",
        "one_way",
        "bpr_alpha",
        "bpr_beta",
        "source",
        "note",
    )
    out = []
    for k, item in enumerate(_list(value, where)):
        at = f"{where}[{k}]"
        raw = _mapping(item, at)
        _keys(raw, (*required, *optional), at)
        for key in required:
            if key not in raw:
                raise _fail(at, f"missing key {key!r}")
        mode = _str_value(raw["mode"], f"{at}.mode")
        if mode not in _MODES[:-1]:
            raise _fail(
                f"{at}.mode", f"unknown mode {mode!r}; expected one of {', '.join(_MODES[:-1])}"
            )
        gauge = raw.get("gauge", 1520 if mode == "rail" else 0)
        if mode == "rail" and gauge not in (1520, 1435, 1676):
            raise _fail(f"{at}.gauge", f"expected 1520, 1435 or 1676 for rail, got {gauge!r}")
        out.append(
            NewLine(
                where=at,
                id=_str_value(raw["id"], f"{at}.id"),
                origin=_str_value(raw["from"], f"{at}.from"),
                destination=_str_value(raw["to"], f"{at}.to"),
                mode=mode,
                gauge=int(gauge) if mode == "rail" else 0,
                length_km=_number(raw["length_km"], f"{at}.length_km", positive=True),
                hours=_number(raw["hours"], f"{at}.hours"),
                usd=_number(raw["usd"], f"{at}.usd"),
                capacity_mt=_number(raw["capacity_mt"], f"{at}.capacity_mt", positive=True),
                co2_kg=_number(raw.get("co2_kg", 0.0), f"{at}.co2_kg"),
                risk=_number(raw.get("risk", 0.0), f"{at}.risk"),
                opening_year=_int_value(raw["opening_year"], f"{at}.opening_year")
                if "opening_year" in raw
                else 0,
                corridors="|".join(_str_list(raw.get("corridors", []), f"{at}.corridors")),
                one_way=bool(raw.get("one_way", False)),
                bpr_alpha=_number(raw["bpr_alpha"], f"{at}.bpr_alpha")
                if "bpr_alpha" in raw
                else math.nan,
                bpr_beta=_number(raw["bpr_beta"], f"{at}.bpr_beta")
                if "bpr_beta" in raw
                else math.nan,
                source=str(raw.get("source", "")),
            )
        )
    return out


def _growth(value: Any, where: str) -> list[Growth]:
    out = []
    for k, item in enumerate(_list(value, where)):
        at = f"{where}[{k}]"
        raw = _mapping(item, at)
        _keys(raw, ("groups", "factor", "rate", "total_mt", "source", "note"), at)
        kinds = [key for key in ("factor", "rate", "total_mt") if key in raw]
        if len(kinds) != 1:
            raise _fail(at, "give exactly one of factor, rate or total_mt")
        groups = _str_list(raw["groups"], f"{at}.groups") if "groups" in raw else None
        kind = kinds[0]
        number = _number(raw[kind], f"{at}.{kind}", minimum=-0.99 if kind == "rate" else 0.0)
        out.append(Growth(at, groups, **{kind: number}))
    return out


def _assignment(value: Any, where: str) -> dict[str, Any]:
    raw = _mapping(value, where)
    _keys(raw, ("method", "relative_gap", "max_iterations", "alpha", "beta"), where)
    out: dict[str, Any] = {}
    if "method" in raw:
        method = _str_value(raw["method"], f"{where}.method")
        if method not in _METHODS:
            raise _fail(f"{where}.method", f"expected one of {', '.join(_METHODS)}, got {method!r}")
        out["method"] = method
    if "relative_gap" in raw:
        out["relative_gap"] = _number(raw["relative_gap"], f"{where}.relative_gap", positive=True)
    if "max_iterations" in raw:
        value_ = raw["max_iterations"]
        if isinstance(value_, bool) or not isinstance(value_, int) or value_ < 1:
            raise _fail(f"{where}.max_iterations", f"expected a whole number >= 1, got {value_!r}")
        out["max_iterations"] = value_
    for key in ("alpha", "beta"):
        if key in raw:
            out[key] = _number(raw[key], f"{where}.{key}")
    return out


def _commodities(value: Any, where: str) -> dict[str, dict[str, Any]]:
    raw = _mapping(value, where)
    out: dict[str, dict[str, Any]] = {}
    for name, spec in raw.items():
        at = f"{where}.{name}"
        if name not in COMMODITIES:
            raise _fail(at, f"unknown commodity; expected one of {', '.join(COMMODITIES)}")
        entry = _mapping(spec, at)
        _keys(entry, ("value_of_time", "modes", "source", "note"), at)
        item: dict[str, Any] = {}
        if "value_of_time" in entry:
            item["value_of_time"] = _number(
                entry["value_of_time"], f"{at}.value_of_time", positive=True
            )
        if "modes" in entry:
            modes = _str_list(entry["modes"], f"{at}.modes")
            for k, mode in enumerate(modes):
                if mode not in _MODES[:-1]:
                    raise _fail(f"{at}.modes[{k}]", f"unknown mode {mode!r}")
            item["modes"] = modes
        out[name] = item
    return out


@dataclass
class _Partial:
    """One file's validated content, before ``extends`` merges it with its parents."""

    source: str
    base: Path
    scalars: dict[str, Any]
    demand: dict[str, Any]
    growth: list[Growth]
    closures: list[Closure]
    penalties: list[Penalty]
    changes: list[Change]
    add_lines: list[NewLine]
    assignment: dict[str, Any]
    commodities: dict[str, dict[str, Any]]
    extends: str | None


class _StrictLoader(yaml.SafeLoader):
    """A safe YAML loader that refuses duplicate keys (YAML would silently keep the last) and
    aliases (nine nested anchors of nine aliases each expand to 9**9 values: an alias bomb)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in scenario files", mark
            )
        return super().compose_node(parent, index)


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _value in node.value:
        key = loader.construct_object(key_node)
        if not isinstance(key, str | int | float | bool | dt.date | None):
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"a key must be a plain value, got {type(key).__name__}",
                key_node.start_mark,
            )
        if key in seen:
            line = key_node.start_mark.line + 1
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (line {line})", key_node.start_mark
            )
        seen.add(key)
    return dict(loader.construct_mapping(node))


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _parse(text: str, *, source: str, base: Path) -> _Partial:
    try:
        data = yaml.load(text, Loader=_StrictLoader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" line {mark.line + 1}" if mark is not None else ""
        raise _fail(f"{source}{at}", f"not valid YAML ({getattr(exc, 'problem', exc)})") from None
    except RecursionError:  # PyYAML parses nested collections recursively
        raise _fail(source, "YAML nested too deeply to be a scenario") from None
    if data is None:
        raise _fail(source, "empty scenario file")
    raw = _mapping(data, source)
    _keys(raw, _TOP_KEYS, source)
    scalars: dict[str, Any] = {}
    if "name" in raw:
        scalars["name"] = _str_value(raw["name"], f"{source}: name")
        if len(scalars["name"]) > 200:  # a label; stored with each run (200 characters)
            raise _fail(f"{source}: name", "expected at most 200 characters")
    if "description" in raw:
        scalars["description"] = str(raw["description"]).strip()
    if "year" in raw:
        scalars["year"] = _int_value(raw["year"], f"{source}: year")
    demand: dict[str, Any] = {}
    growth: list[Growth] = []
    if "demand" in raw:
        d = _mapping(raw["demand"], f"{source}: demand")
        _keys(d, ("file", "year", "growth"), f"{source}: demand")
        if "file" in d:
            demand["file"] = _str_value(d["file"], f"{source}: demand.file")
        if "year" in d:
            demand["year"] = _int_value(d["year"], f"{source}: demand.year")
        if "growth" in d:
            growth = _growth(d["growth"], f"{source}: demand.growth")
    extends = _str_value(raw["extends"], f"{source}: extends") if "extends" in raw else None
    return _Partial(
        source=source,
        base=base,
        scalars=scalars,
        demand=demand,
        growth=growth,
        closures=_closures(raw.get("closures", []), f"{source}: closures"),
        penalties=_penalties(raw.get("penalties", []), f"{source}: penalties"),
        changes=_changes(raw.get("changes", []), f"{source}: changes"),
        add_lines=_new_lines(raw.get("add_lines", []), f"{source}: add_lines"),
        assignment=_assignment(raw.get("assignment", {}), f"{source}: assignment"),
        commodities=_commodities(raw.get("commodities", {}), f"{source}: commodities"),
        extends=extends,
    )


def _resolve_path(ref: str, base: Path) -> Path:
    candidate = Path(ref)
    if not candidate.is_absolute():
        candidate = base / candidate
    if candidate.is_file():
        return candidate.resolve()
    bundled = SCENARIO_DIR / f"{ref}.yaml"
    if bundled.is_file():
        return bundled.resolve()
    return candidate


def bundled_scenario_names() -> tuple[str, ...]:
    """Names of the bundled scenarios (file stems)."""
    return tuple(sorted(p.stem for p in SCENARIO_DIR.glob("*.yaml")))


def _read_chain(path: Path, seen: list[Path]) -> list[_Partial]:
    if path in seen:
        loop = " -> ".join(p.name for p in [*seen, path])
        msg = f"{seen[-1].name}: extends: cycle {loop}"
        raise DataError(msg)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        where = f"{seen[-1].name}: extends" if seen else "scenario"
        msg = (
            f"{where}: no scenario file {path} (and no bundled scenario of that name; "
            f"bundled: {', '.join(bundled_scenario_names())})"
        )
        raise NotFoundError(msg) from None
    except UnicodeDecodeError:
        msg = f"{path.name}: not a UTF-8 text file"
        raise DataError(msg) from None
    part = _parse(text, source=path.name, base=path.parent)
    chain = [part]
    if part.extends is not None:
        chain += _read_chain(_resolve_path(part.extends, path.parent), [*seen, path])
    return chain


def _merge(chain: list[_Partial]) -> Scenario:
    scalars: dict[str, Any] = {}
    demand: dict[str, Any] = {}
    demand_base = chain[-1].base
    assignment: dict[str, Any] = {}
    commodities: dict[str, dict[str, Any]] = {}
    lists: dict[str, list[Any]] = {
        k: [] for k in ("growth", "closures", "penalties", "changes", "add_lines")
    }
    for part in reversed(chain):  # parents first, children override or append
        scalars.update(part.scalars)
        if "file" in part.demand:
            demand_base = part.base
        demand.update(part.demand)
        assignment.update(part.assignment)
        for name, spec in part.commodities.items():
            commodities.setdefault(name, {}).update(spec)
        for key in lists:
            lists[key] += getattr(part, key)
    top = chain[0].source
    for key, label in (("name", "name"), ("year", "year")):
        if key not in scalars:
            raise _fail(top, f"missing key {label!r} (not set here nor in a scenario it extends)")
    if "file" not in demand:
        raise _fail(top, "missing key 'demand.file' (not set here nor in a scenario it extends)")
    specs = dict(DEFAULT_COMMODITIES)
    for name, item in commodities.items():
        base = specs.get(name, CommoditySpec(value_of_time=1.0))
        specs[name] = CommoditySpec(
            value_of_time=item.get("value_of_time", base.value_of_time),
            modes=tuple(item.get("modes", base.modes)),
        )
    return Scenario(
        name=scalars["name"],
        year=scalars["year"],
        description=scalars.get("description", ""),
        demand_file=demand["file"],
        demand_base=demand_base,
        demand_year=demand.get("year", scalars["year"]),
        growth=tuple(lists["growth"]),
        closures=tuple(lists["closures"]),
        penalties=tuple(lists["penalties"]),
        changes=tuple(lists["changes"]),
        add_lines=tuple(lists["add_lines"]),
        assignment=AssignmentOptions(**assignment),
        commodities=specs,
        files=tuple(p.source for p in chain),
    )


def load_scenario(ref: str | Path) -> Scenario:
    """Load and validate a scenario file (or a bundled scenario by name), resolving ``extends``.

    Raises
    ------
    DataError
        Naming the file and key path: unknown keys, wrong types, negative capacities, bad
        years, an ``extends`` cycle.
    NotFoundError
        If the file (or an ancestor) does not exist.
    """
    path = _resolve_path(str(ref), Path.cwd())
    return _merge(_read_chain(path, []))


def parse_scenario_text(
    text: str,
    *,
    source: str = "scenario.yaml",
    base: Path | None = None,
    bundled_only: bool = False,
) -> Scenario:
    """Validate scenario YAML given as text (``extends`` resolves relative to ``base``).

    Parameters
    ----------
    text
        The YAML.
    source
        File name used in error messages.
    base
        Folder for relative ``extends`` and demand paths (default: the working directory).
    bundled_only
        Allow ``extends`` and ``demand.file`` to name bundled scenarios and demand files only
        (for text from untrusted callers such as the HTTP API).

    Raises
    ------
    DataError
        As :func:`load_scenario`, or a file reference that ``bundled_only`` forbids.

    Examples
    --------
    >>> parse_scenario_text("name: x\\nextends: /etc/passwd\\n", source="r.yaml", bundled_only=True)
    Traceback (most recent call last):
    ...
    eurasia.errors.DataError: r.yaml: extends: only bundled scenarios may be named here (2030_construction, 2035_100mt, baseline_2024, caspian_ferry_x2, russia_closed_eu), got '/etc/passwd'
    """
    folder = base or Path.cwd()
    part = _parse(text, source=source, base=folder)
    chain = [part]
    if part.extends is not None:
        if bundled_only and part.extends not in bundled_scenario_names():
            msg = (
                f"{source}: extends: only bundled scenarios may be named here "
                f"({', '.join(bundled_scenario_names())}), got {part.extends!r}"
            )
            raise DataError(msg)
        chain += _read_chain(_resolve_path(part.extends, folder), [folder / source])
    scenario = _merge(chain)
    if bundled_only and scenario.demand_file not in bundled_demand_names():
        msg = (
            f"{source}: demand.file: only bundled demand files may be named here "
            f"({', '.join(bundled_demand_names())}), got {scenario.demand_file!r}"
        )
        raise DataError(msg)
    return scenario


# --------------------------------------------------------------------------- applying


def _with_edges(
    network: Network,
    *,
    capacity: FloatArray | None = None,
    bpr: Mapping[str, FloatArray] | None = None,
    costs: Mapping[str, FloatArray] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> Network:
    """A copy of ``network`` with replaced capacities, BPR parameters or costs and optional
    extra edges."""
    bpr = dict(bpr or {})
    n_extra = 0 if extra is None else len(extra["source"])
    node_attrs = {
        "name": network.node_name,
        "name_ru": network.node_name_ru,
        "name_kk": network.node_name_kk,
        "name_local": network.node_name_local,
        "aliases": network.node_aliases,
        "country": network.node_country,
        "kind": network.node_kind,
        "lon": network.node_lon,
        "lat": network.node_lat,
    }

    def cat(values: Any, name: str) -> Any:
        if not n_extra or extra is None:
            return values
        return np.concatenate([np.asarray(values), np.asarray(extra[name])])

    edge_attrs = {
        "kind": cat(network.edge_kind, "kind"),
        "mode": cat(network.edge_mode, "mode"),
        "transfer": cat(network.edge_transfer, "transfer"),
        "country": cat(network.edge_country, "country"),
        "country_to": cat(network.edge_country_to, "country_to"),
        "status": cat(network.edge_status, "status"),
        "corridors": cat(network.edge_corridors, "corridors"),
        "gauge": cat(network.edge_gauge, "gauge"),
        "opening_year": cat(network.edge_opening_year, "opening_year"),
        "capacity": cat(network.edge_capacity if capacity is None else capacity, "capacity"),
        "bpr_alpha": cat(bpr.get("bpr_alpha", network.edge_bpr_alpha), "bpr_alpha"),
        "bpr_beta": cat(bpr.get("bpr_beta", network.edge_bpr_beta), "bpr_beta"),
    }
    new_costs = {}
    for name, values in network.costs.items():
        base = values if costs is None or name not in costs else costs[name]
        new_costs[name] = cat(base, f"cost:{name}")
    return Network(
        node_ids=network.node_ids,
        nodes=node_attrs,
        vertex_node=network.vertex_node,
        vertex_side=network.vertex_side,
        edge_source=cat(network.edge_source, "source"),
        edge_target=cat(network.edge_target, "target"),
        edge_id=cat(network.edge_id, "id"),
        edges=edge_attrs,
        costs=new_costs,
        cost_units=dict(network.cost_units),
    )


def _add_lines(network: Network, lines: Sequence[NewLine]) -> Network:
    if not lines:
        return network
    rows: dict[str, list[Any]] = {}

    def put(key: str, value: Any) -> None:
        rows.setdefault(key, []).append(value)

    existing = set(network.edge_id.tolist())
    for line in lines:
        if line.id in existing:
            raise _fail(f"{line.where}.id", f"link id {line.id!r} already exists")
        existing.add(line.id)
        side = side_of(line.mode, line.gauge)
        ends = []
        for label, node in (("from", line.origin), ("to", line.destination)):
            try:
                vertices = network.node_vertices(node)
            except NotFoundError:
                raise _fail(f"{line.where}.{label}", f"unknown node {node!r}") from None
            sides = network.vertex_side[vertices]
            match = vertices[sides == side] if sides.size > 1 or sides[0] else vertices
            if match.size == 0:
                raise _fail(
                    f"{line.where}.{label}",
                    f"node {node!r} has no {side} side (it has {', '.join(sides.tolist())})",
                )
            ends.append(int(match[0]))
        directions = (
            [(ends[0], ends[1])] if line.one_way else [(ends[0], ends[1]), (ends[1], ends[0])]
        )
        for src, dst in directions:
            put("source", src)
            put("target", dst)
            put("id", line.id)
            put("kind", "link")
            put("mode", line.mode)
            put("transfer", "")
            put("country", network.node_country[network.vertex_node[src]])
            put("country_to", network.node_country[network.vertex_node[dst]])
            put("status", "open" if line.opening_year == 0 else "construction")
            put("corridors", line.corridors)
            put("gauge", line.gauge)
            put("opening_year", line.opening_year)
            put("capacity", line.capacity_mt)
            put("bpr_alpha", line.bpr_alpha)
            put("bpr_beta", line.bpr_beta)
            values = {
                "km": line.length_km,
                "hours": line.hours,
                "hours_low": line.hours,
                "hours_high": line.hours,
                "hours_linehaul": line.hours,
                "usd": line.usd,
                "usd_low": line.usd,
                "usd_high": line.usd,
                "co2_kg": line.co2_kg,
                "risk": line.risk,
            }
            for name in network.costs:
                put(f"cost:{name}", values.get(name, 0.0))
    return _with_edges(network, extra=rows)


def _time_parts(costs: Mapping[str, FloatArray]) -> list[str]:
    """The time components the network carries (all of them, or none)."""
    if all(name in costs for name in TIME_COMPONENTS):
        return list(TIME_COMPONENTS)
    return []


def _resum(costs: dict[str, FloatArray], mask: BoolArray, parts: Sequence[str]) -> None:
    """``hours`` = the sum of its components on ``mask`` (in the components' order)."""
    total = np.zeros(mask.size)
    for name in parts:
        total = total + costs[name]
    costs["hours"][mask] = total[mask]


def _faster(costs: dict[str, FloatArray], links: BoolArray, factor: float) -> None:
    """Line haul divided by ``factor`` on ``links``; low and high follow ``hours`` in ratio."""
    old = costs["hours"].copy()
    parts = _time_parts(costs)
    if parts:
        costs["hours_linehaul"][links] /= factor
        _resum(costs, links, parts)
    else:
        costs["hours"][links] /= factor
    ratio = np.divide(costs["hours"], old, out=np.ones_like(old), where=old > 0)
    for name in ("hours_low", "hours_high"):
        if name in costs:
            costs[name][links] *= ratio[links]


def _set_hours(
    costs: dict[str, FloatArray], mask: BoolArray, hours: float, is_transfer: BoolArray
) -> None:
    """Every ``mask`` edge takes ``hours``, split like its old time (all of it in the line haul,
    or a transfer's own dwell, where it had none)."""
    old = costs["hours"].copy()
    parts = _time_parts(costs)
    if parts:
        ratio = np.divide(hours, old, out=np.zeros_like(old), where=old > 0)
        for name in parts:
            costs[name][mask] *= ratio[mask]
        empty = mask & (old <= 0)
        costs["hours_linehaul"][empty & ~is_transfer] = hours
        costs["hours_transfer"][empty & is_transfer] = hours
        _resum(costs, mask, parts)
    else:
        costs["hours"][mask] = hours
    for name in ("hours_low", "hours_high"):
        if name in costs:
            costs[name][mask] = hours


def _apply_changes(network: Network, changes: Sequence[Change]) -> Network:
    if not changes:
        return network
    capacity = np.array(network.edge_capacity, dtype=np.float64)
    bpr = {
        "bpr_alpha": np.array(network.edge_bpr_alpha, dtype=np.float64),
        "bpr_beta": np.array(network.edge_bpr_beta, dtype=np.float64),
    }
    costs = {name: np.array(values, dtype=np.float64) for name, values in network.costs.items()}
    is_transfer = network.edge_kind == "transfer"
    for change in changes:
        mask = change.selector.mask(network)
        if not mask.any():
            raise _fail(change.selector.where, "selects no edge of the network for this year")
        if change.capacity_factor is not None:
            capacity[mask] *= change.capacity_factor
        if change.capacity_mt is not None:
            capacity[mask] = change.capacity_mt
        if change.bpr_alpha is not None:
            bpr["bpr_alpha"][mask] = change.bpr_alpha
        if change.bpr_beta is not None:
            bpr["bpr_beta"][mask] = change.bpr_beta
        if change.speed_factor is not None and "hours" in costs:
            _faster(costs, mask & ~is_transfer, change.speed_factor)
        if change.hours is not None and "hours" in costs:
            _set_hours(costs, mask, change.hours, is_transfer)
        if change.tariff_factor is not None:
            for name in ("usd", "usd_low", "usd_high", "usd_border"):
                if name in costs:
                    costs[name][mask] *= change.tariff_factor
    return _with_edges(network, capacity=capacity, bpr=bpr, costs=costs)


@dataclass(frozen=True)
class AppliedScenario:
    """A scenario made concrete for its year: network, demand, per-group closures and penalties."""

    scenario: Scenario
    network: Network
    demand: Demand
    closed_for_groups: dict[str, BoolArray]
    penalty_for_groups: dict[str, FloatArray]


def apply_scenario(scenario: Scenario, network: Network) -> AppliedScenario:
    """Apply ``scenario`` to ``network`` for the scenario year.

    New lines are added, the network is taken as of the year (lines under construction count from
    their opening year), changes are applied, and closures and penalties become per-group edge
    masks and costs.

    Raises
    ------
    DataError
        Naming file and key path: an unknown node, country, link, corridor or group, a change that
        selects nothing, a new line between nodes without the needed side, or demand for zones
        that are not nodes.
    """
    net = _add_lines(network, scenario.add_lines).as_of(scenario.year)
    net = _apply_changes(net, scenario.changes)
    demand = scenario.load_demand()
    demand.check_zones(net.node_ids.tolist(), where=f"{scenario.files[0]}: demand")
    groups = demand.groups
    closed: dict[str, BoolArray] = {}
    penalties: dict[str, FloatArray] = {}
    for rules, kind in ((scenario.closures, "closures"), (scenario.penalties, "penalties")):
        for rule in rules:
            mask = rule.selector.mask(net)
            for k, g in enumerate(rule.groups):
                if g not in groups:
                    raise _fail(
                        f"{rule.selector.where}.groups[{k}]",
                        f"unknown OD group {g!r}; known: {', '.join(groups)}",
                    )
            if not rule.active(scenario.year):
                continue
            for g in rule.groups or groups:
                if kind == "closures":
                    closed[g] = closed.get(g, np.zeros(net.n_edges, dtype=bool)) | mask
                else:
                    usd = rule.usd_per_tonne if isinstance(rule, Penalty) else 0.0
                    penalties[g] = penalties.get(g, np.zeros(net.n_edges)) + np.where(
                        mask, usd, 0.0
                    )
    return AppliedScenario(scenario, net, demand, closed, penalties)
