"""Rule files: one dated, sourced row per restriction, penalty or harmonisation measure.

A rule file is a CSV with the columns of :data:`RULE_COLUMNS`:

``id``
    Unique, non-empty.
``kind``
    ``closure`` (the selected edges may not be used by the cargo the rule applies to),
    ``penalty`` (a perceived cost in USD a tonne on each selected edge, e.g. a sanctions or
    compliance premium), ``harmonisation`` (a measure at the selected crossings that shortens
    their dwell and lowers their border fee for every cargo) or ``tariff`` (an agreed through
    tariff: the money of the selected edges times ``usd_factor`` for the cargo it covers).
``countries``, ``crossings``, ``corridors``, ``modes``
    ``|``-separated selectors of edges; every given one must match (intersection).
    ``countries``: ISO 3166-1 alpha-2 codes (edges into, out of or inside them);
    ``crossings``: link or transfer ids; ``corridors``: corridor families; ``modes``: link modes.
``cargo_ends``
    ``|``-separated ISO codes or regions (``EU``, ``EAEU``) or ``*``: the rule applies to cargo
    whose origin or destination lies in one of them (``*`` or empty: every cargo).
``transit_only``
    ``yes``: the selected countries count only where they are neither end's country (transit),
    ``no`` (default) otherwise.
``commodities``
    ``|``-separated commodities (``containers``, ``bulk``) or ``*`` / empty for all.
``from``, ``until``
    ISO dates, ``until`` inclusive and optional (open-ended).
``usd_per_tonne``
    Penalties: the perceived cost, a finite number >= 0.
``measure``, ``hours_factor``, ``usd_factor``
    Harmonisation: the measure (:data:`MEASURES`) and the factors in (0, 1] that multiply the
    border dwell (and the dwell of transfers at the crossing's ends) and the border fee.
    Tariff: ``usd_factor`` in (0, 1] alone, the through tariff over the sum of the edges' own
    prices.
``source``, ``note``
    Every row names its source (a ``sources.csv`` id, a legal text, or ``estimate:`` and the
    method).

Bad rows fail with the file, line and field, and nothing is loaded: unknown countries,
crossings, corridors, modes or commodities, malformed or reversed dates, negative penalties,
factors outside (0, 1], and two rows of the same kind, selection and cargo whose date ranges
overlap.

Examples
--------
>>> rules = read_rules(bundled_rules_path())
>>> sorted({r.kind for r in rules})
['closure', 'penalty', 'tariff']
>>> next(r for r in rules if r.id == "iran-secondary-sanctions").transit_only
True
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from eurasia.corridors.network.costs import EAEU, EU
from eurasia.errors import DataError

__all__ = [
    "KINDS",
    "MEASURES",
    "REGIONS",
    "RULE_COLUMNS",
    "Rule",
    "bundled_rules_path",
    "parse_rules",
    "read_rules",
]

#: Columns of a rule file, in order.
RULE_COLUMNS = (
    "id",
    "kind",
    "countries",
    "crossings",
    "corridors",
    "modes",
    "cargo_ends",
    "transit_only",
    "commodities",
    "from",
    "until",
    "usd_per_tonne",
    "measure",
    "hours_factor",
    "usd_factor",
    "source",
    "note",
)
#: Rule kinds.
KINDS = ("closure", "penalty", "harmonisation", "tariff")
#: Harmonisation measures: CIM/SMGS common consignment note, electronic TIR, digital pre-arrival
#: data, one-stop joint controls.
MEASURES = ("cim_smgs", "etir", "pre_arrival", "joint_control")
#: Regions a rule's ``cargo_ends`` may name besides ISO codes.
REGIONS: Mapping[str, frozenset[str]] = {"EU": EU, "EAEU": EAEU}
_MODES = ("rail", "road", "ferry", "sea", "transfer")
_COMMODITIES = ("containers", "bulk")


@dataclass(frozen=True)
class Rule:
    """One checked row of a rule file (see the module docstring for the fields)."""

    id: str
    kind: str
    start: dt.date
    end: dt.date | None = None
    countries: tuple[str, ...] = ()
    crossings: tuple[str, ...] = ()
    corridors: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    cargo_ends: tuple[str, ...] = ()
    transit_only: bool = False
    commodities: tuple[str, ...] = ()
    usd_per_tonne: float = 0.0
    measure: str = ""
    hours_factor: float = 1.0
    usd_factor: float = 1.0
    source: str = ""
    note: str = ""
    where: str = ""

    def in_force(self, on: dt.date) -> bool:
        """Whether the rule applies on ``on``.

        Examples
        --------
        >>> r = Rule("x", "closure", dt.date(2024, 1, 1), dt.date(2024, 12, 31), countries=("RU",))
        >>> r.in_force(dt.date(2024, 7, 1)), r.in_force(dt.date(2025, 7, 1))
        (True, False)
        """
        return self.start <= on and (self.end is None or on <= self.end)

    def covers(self, origin_country: str, destination_country: str, commodity: str) -> bool:
        """Whether the rule applies to cargo between these countries of this commodity.

        Examples
        --------
        >>> r = Rule("x", "penalty", dt.date(2022, 1, 1), countries=("RU",), cargo_ends=("EU",))
        >>> r.covers("CN", "DE", "containers"), r.covers("CN", "KZ", "containers")
        (True, False)
        """
        if self.commodities and commodity not in self.commodities:
            return False
        if not self.cargo_ends:
            return True
        ends = {origin_country, destination_country}
        for region in self.cargo_ends:
            members = REGIONS.get(region, frozenset({region}))
            if ends & members:
                return True
        return False

    def countries_for(self, origin_country: str, destination_country: str) -> tuple[str, ...]:
        """Return the rule's countries for this cargo: without the ends' countries when transit-only."""
        if not self.transit_only:
            return self.countries
        return tuple(c for c in self.countries if c not in (origin_country, destination_country))

    def describe(self) -> str:
        """One line saying what the rule does, for route explanations and summaries.

        Examples
        --------
        >>> Rule("x", "penalty", dt.date(2022, 2, 24), countries=("RU",), usd_per_tonne=60,
        ...      transit_only=True).describe()
        'x: penalty USD 60/t on edges in RU (transit), from 2022-02-24'
        """
        what = {
            "closure": "closed",
            "penalty": f"penalty USD {self.usd_per_tonne:g}/t on edges",
            "harmonisation": f"{self.measure} (dwell x{self.hours_factor:g}) at crossings",
            "tariff": f"through tariff (money x{self.usd_factor:g}) on edges",
        }[self.kind]
        scope = []
        if self.countries:
            scope.append(
                "in " + ", ".join(self.countries) + (" (transit)" if self.transit_only else "")
            )
        if self.crossings:
            scope.append("at " + ", ".join(self.crossings))
        if self.corridors:
            scope.append("on " + ", ".join(self.corridors))
        if self.modes:
            scope.append("by " + ", ".join(self.modes))
        if self.cargo_ends:
            scope.append("for cargo to or from " + ", ".join(self.cargo_ends))
        dates = f"from {self.start.isoformat()}" + (
            f" until {self.end.isoformat()}" if self.end else ""
        )
        return f"{self.id}: {what} {' '.join(scope)}, {dates}".replace("  ", " ")


def bundled_rules_path() -> Path:
    """Return the bundled rule file, ``corridors/data/rules.csv``."""
    return Path(__file__).resolve().parents[1] / "data" / "rules.csv"


def _bundled_known() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    from eurasia.corridors.io.dataset import load_network
    from eurasia.corridors.network.views import corridor_families

    net = load_network()
    return (
        frozenset(net.node_country.tolist()) - {""},
        frozenset(net.edge_id.tolist()),
        corridor_families(net),
    )


def read_rules(
    path: str | Path,
    *,
    countries: Iterable[str] | None = None,
    crossings: Iterable[str] | None = None,
    corridors: Iterable[str] | None = None,
) -> tuple[Rule, ...]:
    """Read and check a rule file; nothing is returned unless every row is valid.

    Parameters
    ----------
    path
        The CSV file.
    countries, crossings, corridors
        What the rules may name: country codes, link and transfer ids, corridor families;
        by default those of the bundled network.

    Raises
    ------
    DataError
        Naming the file, line and field of the first bad value, or two overlapping rows.
    NotFoundError
        The file does not exist.
    """
    from eurasia.errors import NotFoundError

    file = Path(path)
    if not file.is_file():
        msg = f"rules: no such file {file}"
        raise NotFoundError(msg)
    with file.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        missing = [c for c in ("id", "kind", "from", "source") if c not in header]
        unknown = [c for c in header if c not in RULE_COLUMNS]
        if missing or unknown:
            msg = (
                f"{file.name} line 1: "
                + (f"missing columns {missing}" if missing else f"unknown columns {unknown}")
                + f"; expected {list(RULE_COLUMNS)}"
            )
            raise DataError(msg)
        rows = [(reader.line_num, dict(row)) for row in reader]
    return parse_rules(
        rows, file=file.name, countries=countries, crossings=crossings, corridors=corridors
    )


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split("|") if v.strip())


def _date(value: str, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        msg = f"{where}: expected an ISO date such as 2024-01-01, got {value!r}"
        raise DataError(msg) from None


def _float(value: str, where: str, *, low: float, high: float, open_low: bool) -> float:
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    ok = math.isfinite(number) and (number > low if open_low else number >= low) and number <= high
    if not ok:
        bound = f"in ({low:g}, {high:g}]" if open_low else f">= {low:g}"
        msg = f"{where}: expected a finite number {bound}, got {value!r}"
        raise DataError(msg)
    return number


def parse_rules(
    rows: Sequence[tuple[int, Mapping[str, str | None]]],
    *,
    file: str = "rules",
    countries: Iterable[str] | None = None,
    crossings: Iterable[str] | None = None,
    corridors: Iterable[str] | None = None,
) -> tuple[Rule, ...]:
    """Check rule rows (``(line, {column: text})``) as :func:`read_rules` does.

    Examples
    --------
    >>> rows = [(2, {"id": "a", "kind": "penalty", "countries": "ZZ", "from": "2024-01-01",
    ...              "usd_per_tonne": "5", "source": "estimate"})]
    >>> parse_rules(rows, file="r.csv", countries=["RU"], crossings=[], corridors=[])
    Traceback (most recent call last):
    ...
    eurasia.errors.DataError: r.csv line 2, field 'countries': unknown country 'ZZ'; expected one of RU
    """
    if countries is None or crossings is None or corridors is None:
        known_c, known_x, known_f = _bundled_known()
        countries = known_c if countries is None else countries
        crossings = known_x if crossings is None else crossings
        corridors = known_f if corridors is None else corridors
    known_countries = frozenset(countries)
    known_crossings = frozenset(crossings)
    known_corridors = frozenset(corridors)
    out: list[Rule] = []
    seen: dict[str, int] = {}
    for line, raw in rows:
        row = {k: (v or "").strip() for k, v in raw.items() if k is not None}

        def at(name: str, _line: int = line) -> str:
            return f"{file} line {_line}, field {name!r}"

        rid = row.get("id", "")
        if not rid:
            raise DataError(f"{at('id')}: expected a non-empty id")
        if rid in seen:
            raise DataError(f"{at('id')}: duplicate id {rid!r} (first on line {seen[rid]})")
        seen[rid] = line
        kind = row.get("kind", "")
        if kind not in KINDS:
            raise DataError(f"{at('kind')}: expected one of {', '.join(KINDS)}, got {kind!r}")
        sel_countries = _codes(row, "countries", known_countries, at, "country")
        sel_crossings = _codes(
            row, "crossings", known_crossings, at, "crossing (link or transfer id)", listed=False
        )
        sel_corridors = _codes(row, "corridors", known_corridors, at, "corridor")
        modes = _codes(row, "modes", frozenset(_MODES), at, "mode")
        if not (sel_countries or sel_crossings or sel_corridors):
            msg = f"{at('countries')}: a rule selects edges by countries, crossings or corridors"
            raise DataError(msg)
        ends = _codes(row, "cargo_ends", known_countries | set(REGIONS), at, "country or region")
        transit = row.get("transit_only", "") or "no"
        if transit not in ("yes", "no"):
            raise DataError(f"{at('transit_only')}: expected yes or no, got {transit!r}")
        commodities = _codes(row, "commodities", frozenset(_COMMODITIES), at, "commodity")
        start = _date(row.get("from", ""), at("from"))
        end = _date(row["until"], at("until")) if row.get("until") else None
        if end is not None and end < start:
            msg = f"{at('until')}: {end.isoformat()} is before from {start.isoformat()}"
            raise DataError(msg)
        usd, measure, hf, uf = _values(kind, row, at)
        if not row.get("source"):
            raise DataError(f"{at('source')}: every rule names its source (or estimate: method)")
        out.append(
            Rule(
                id=rid,
                kind=kind,
                start=start,
                end=end,
                countries=sel_countries,
                crossings=sel_crossings,
                corridors=sel_corridors,
                modes=modes,
                cargo_ends=ends,
                transit_only=transit == "yes",
                commodities=commodities,
                usd_per_tonne=usd,
                measure=measure,
                hours_factor=hf,
                usd_factor=uf,
                source=row["source"],
                note=row.get("note", ""),
                where=f"{file} line {line}",
            )
        )
    _check_overlaps(out)
    return tuple(out)


def _codes(
    row: Mapping[str, str],
    name: str,
    allowed: frozenset[str] | set[str],
    at: Callable[[str], str],
    what: str,
    *,
    listed: bool = True,
) -> tuple[str, ...]:
    """Return the ``|``-separated values of column ``name`` (``*`` dropped), each allowed."""
    values = tuple(v for v in _split(row.get(name)) if v != "*")
    for value in values:
        if value not in allowed:
            known = f"; expected one of {', '.join(sorted(allowed))}" if listed else ""
            msg = f"{at(name)}: unknown {what} {value!r}{known}"
            raise DataError(msg)
    return values


def _values(
    kind: str, row: Mapping[str, str], at: Callable[[str], str]
) -> tuple[float, str, float, float]:
    """Return a penalty's USD a tonne, a harmonisation's measure and factors, a tariff's factor."""
    usd, measure, hours_factor, usd_factor = 0.0, "", 1.0, 1.0
    if kind == "penalty":
        usd = _float(
            row.get("usd_per_tonne", ""), at("usd_per_tonne"), low=0, high=math.inf,
            open_low=False,
        )  # fmt: skip
    elif row.get("usd_per_tonne"):
        raise DataError(f"{at('usd_per_tonne')}: only a penalty has usd_per_tonne")
    if kind == "harmonisation":
        measure = row.get("measure", "")
        if measure not in MEASURES:
            msg = f"{at('measure')}: expected one of {', '.join(MEASURES)}, got {measure!r}"
            raise DataError(msg)
        hours_factor = _float(
            row.get("hours_factor", ""), at("hours_factor"), low=0, high=1, open_low=True
        )
        usd_factor = _float(
            row.get("usd_factor", ""), at("usd_factor"), low=0, high=1, open_low=True
        )
    elif kind == "tariff":
        for other in ("measure", "hours_factor"):
            if row.get(other):
                raise DataError(f"{at(other)}: a tariff has only usd_factor")
        usd_factor = _float(
            row.get("usd_factor", ""), at("usd_factor"), low=0, high=1, open_low=True
        )
    return usd, measure, hours_factor, usd_factor


def _key(rule: Rule) -> tuple[object, ...]:
    return (
        rule.kind,
        rule.measure,
        rule.countries,
        rule.crossings,
        rule.corridors,
        rule.modes,
        rule.cargo_ends,
        rule.transit_only,
        rule.commodities,
    )


def _check_overlaps(rules: Sequence[Rule]) -> None:
    by_key: dict[tuple[object, ...], list[Rule]] = {}
    for rule in rules:
        by_key.setdefault(_key(rule), []).append(rule)
    for group in by_key.values():
        ordered = sorted(group, key=lambda r: r.start)
        for a, b in itertools.pairwise(ordered):
            if a.end is None or b.start <= a.end:
                until = a.end.isoformat() if a.end else "open-ended"
                msg = (
                    f"{b.where}, field 'from': {b.id!r} overlaps {a.id!r} ({a.where}, "
                    f"{a.start.isoformat()} to {until}) with the same kind, selection and cargo"
                )
                raise DataError(msg)
