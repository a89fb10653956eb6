r"""Scenario files (YAML): what changes in the network and the demand, and for which year.

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
    assignment: {method: b, relative_gap: 1.0e-8, max_iterations: 1000}  # alpha, beta: see below
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
    service: block                        # typical (default) or block: the rail service level
    rules: [rules, rules_harmonised_titr] # rule files: bundled names or CSV paths; [] for none
    demand_response:                      # false: serve every tonne with a path
      containers: {max_extra_days: 14}    # days over the uncongested route before not served

**Service** (``typical`` or ``block``, :mod:`eurasia.corridors.network.service`) sets dwell,
waits and reliability of rail and ferry services. **Rules** (:mod:`eurasia.corridors.rules`)
are dated closures, penalties and harmonisation measures, applied to each OD pair by its end
countries and commodity as in force on 1 July of the scenario year; without the key the bundled
``rules`` file applies, and a child's list replaces its parent's. **Demand response**
(:mod:`eurasia.corridors.assignment.response`): each OD pair may leave the network ("not
served", shifted to another mode) when its cost exceeds its uncongested cost by the commodity's
threshold; on by default with the bundled thresholds, a mapping overrides them, ``false`` turns
it off; a child's value replaces its parent's.

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
>>> parse_scenario_text("name: x\nyear: 2024\ncapacity: 5\n", source="x.yaml")
Traceback (most recent call last):
...
eurasia.errors.DataError: x.yaml: unknown key 'capacity'; expected one of add_lines, assignment, changes, closures, commodities, demand, demand_response, description, extends, name, penalties, rules, service, year
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from eurasia.corridors.assignment.demand import (
    COMMODITIES,
    bundled_demand_names,
)
from eurasia.corridors.assignment.freight import DEFAULT_COMMODITIES, CommoditySpec
from eurasia.corridors.assignment.response import DemandResponse
from eurasia.corridors.io.dataset import bundled_data_dir
from eurasia.corridors.network.service import check_service
from eurasia.corridors.rules.effects import bundled_rule_names
from eurasia.corridors.scenarios.schema import (
    AssignmentOptions,
    Change,
    Closure,
    Growth,
    NewLine,
    Penalty,
    Scenario,
    Selector,
)
from eurasia.corridors.scenarios.values import (
    _entries,
    _fail,
    _int_value,
    _keys,
    _mapping,
    _number,
    _str_list,
    _str_value,
    _year_of,
)
from eurasia.errors import DataError, NotFoundError
from eurasia.yaml_text import SafeLoader

__all__ = ["SCENARIO_DIR", "bundled_scenario_names", "load_scenario", "parse_scenario_text"]


#: Folder of the bundled scenarios.
SCENARIO_DIR = bundled_data_dir() / "scenarios"


_TOP_KEYS = (
    "add_lines",
    "assignment",
    "changes",
    "closures",
    "commodities",
    "demand",
    "demand_response",
    "description",
    "extends",
    "name",
    "penalties",
    "rules",
    "service",
    "year",
)


_SELECTOR_KEYS = ("corridors", "countries", "links", "modes", "nodes", "transfers")


_METHODS = ("aon", "msa", "fw", "cfw", "bfw", "b")


_MODES = ("rail", "road", "ferry", "sea", "transfer")


_TRANSFERS = ("gauge_change", "port", "mode_change")


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
    for at, raw in _entries(
        value, where, (*_SELECTOR_KEYS, "groups", "from", "until", "source", "note")
    ):
        groups = _str_list(raw["groups"], f"{at}.groups") if "groups" in raw else ()
        start, end = _period(raw, at)
        out.append(Closure(_selector(raw, at), groups, start, end))
    return out


def _penalties(value: Any, where: str) -> list[Penalty]:
    out = []
    for at, raw in _entries(
        value,
        where,
        (*_SELECTOR_KEYS, "groups", "usd_per_tonne", "from", "until", "source", "note"),
    ):
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
    for at, raw in _entries(value, where, (*_SELECTOR_KEYS, *fields_, "source", "note")):
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
    for at, raw in _entries(value, where, (*required, *optional)):
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
    for at, raw in _entries(
        value, where, ("groups", "factor", "rate", "total_mt", "source", "note")
    ):
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


def _response(value: Any, where: str) -> DemandResponse | None:
    if value is False:
        return None
    raw = _mapping(value, where)
    days: dict[str, float] = {}
    for name, spec in raw.items():
        at = f"{where}.{name}"
        if name not in COMMODITIES:
            raise _fail(at, f"unknown commodity; expected one of {', '.join(COMMODITIES)}")
        entry = _mapping(spec, at)
        _keys(entry, ("max_extra_days", "source", "note"), at)
        if "max_extra_days" not in entry:
            raise _fail(at, "missing key 'max_extra_days'")
        days[name] = _number(entry["max_extra_days"], f"{at}.max_extra_days")
    return DemandResponse(days)


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


class _StrictLoader(SafeLoader):
    """A safe YAML loader that refuses duplicate keys and aliases (and impossible dates).

    YAML would silently keep the last of duplicate keys; and nine nested anchors of nine aliases
    each expand to 9**9 values (an alias bomb).
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = yaml.SafeLoader.peek_event(self).start_mark
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
    if "service" in raw:
        scalars["service"] = check_service(
            _str_value(raw["service"], f"{source}: service"), where=f"{source}: service"
        )
    if "rules" in raw:
        scalars["rules"] = _str_list(raw["rules"], f"{source}: rules")
        scalars["rules_base"] = base
    if "demand_response" in raw:
        scalars["demand_response"] = _response(raw["demand_response"], f"{source}: demand_response")
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
        service=scalars.get("service", "typical"),
        rules=scalars.get("rules", ("rules",)),
        rules_base=scalars.get("rules_base"),
        demand_response=scalars.get("demand_response", DemandResponse()),
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
    r"""Validate scenario YAML given as text (``extends`` resolves relative to ``base``).

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
    >>> parse_scenario_text("name: x\nextends: /etc/passwd\n", source="r.yaml", bundled_only=True)
    Traceback (most recent call last):
    ...
    eurasia.errors.DataError: r.yaml: extends: only bundled scenarios may be named here (2030_construction, 2035_100mt, baseline_2024, caspian_ferry_x2, harmonised_titr_2030, russia_closed_eu), got '/etc/passwd'
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
    if bundled_only:
        for k, name in enumerate(scenario.rules):
            if name not in bundled_rule_names():
                msg = (
                    f"{source}: rules[{k}]: only bundled rule files may be named here "
                    f"({', '.join(bundled_rule_names())}), got {name!r}"
                )
                raise DataError(msg)
    if bundled_only and scenario.demand_file not in bundled_demand_names():
        msg = (
            f"{source}: demand.file: only bundled demand files may be named here "
            f"({', '.join(bundled_demand_names())}), got {scenario.demand_file!r}"
        )
        raise DataError(msg)
    return scenario
