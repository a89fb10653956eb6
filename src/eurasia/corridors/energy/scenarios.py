r"""Energy scenario files (YAML): outages, closures, sanctions and expansions, and their results.

Same conventions as the freight scenarios (``corridors/data/scenarios``): every key optional but
``name`` and ``year`` (inheritable through ``extends``); unknown keys are errors that list the
expected ones; every error names the file and the key path; nothing runs on a bad file::

    name: cpc-outage-60d
    description: CPC Marine Terminal down for 60 days
    extends: other_scenario          # bundled name or path (relative); lists append, scalars override
    year: 2024                       # flows and capacities of this year
    years: {uranium: 2023}           # per-commodity year where the main one has no flows
    days: 60                         # length of the window (1-365)
    commodities: [crude]             # default: crude, gas, uranium
    include_planned: false           # count planned capacity rows as open
    outages:                         # availability factor of assets during the window
      - {assets: [cpc-terminal], factor: 0.0, source: "petrocouncil-2022-btc"}
    closures:                        # routes that carry nothing (a sanction on a transit country)
      - {countries: [RU], source: "scenario assumption"}
      - {routes: [aktau-makhachkala]}
    capacity:                        # expansions: add (in a unit of the asset's commodity) or factor
      - {assets: [caspian-tankers], add: 4.8, unit: Mt, source: "reuters-2025-10-btc"}
      - {assets: [kcp-kenkiyak-kumkol], factor: 1.5}

A scenario that ``extends`` another also reports the difference to its parent (what the change
buys: less stranded volume, lower cost).

Examples
--------
>>> from eurasia.corridors.energy.dataset import read_energy_dataset
>>> ds = read_energy_dataset()
>>> s = load_energy_scenario("cpc_outage_60d")
>>> s.name, s.days, s.commodities
('cpc-outage-60d', 60.0, ('crude',))
>>> out = run_energy_scenario(ds, s)
>>> round(out.results["crude"].stranded, 2)
8.36
>>> parse_energy_scenario_text("name: x\nyear: 2024\nouttages: []\n", source="x.yaml")
Traceback (most recent call last):
...
eurasia.errors.DataError: x.yaml: unknown key 'outtages'; expected one of capacity, closures, commodities, days, description, extends, include_planned, name, outages, year, years
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from eurasia.errors import DataError, NotFoundError
from eurasia.yaml_text import load_yaml

from .allocation import Reallocation, reallocate
from .dataset import DATA_DIR, EnergyDataset
from .units import COMMODITIES, to_canonical

__all__ = [
    "SCENARIO_DIR",
    "EnergyScenario",
    "ScenarioOutcome",
    "bundled_energy_scenarios",
    "load_energy_scenario",
    "parse_energy_scenario_text",
    "run_energy_scenario",
]

#: Bundled energy scenarios.
SCENARIO_DIR = DATA_DIR / "scenarios"
_TOP = (
    "capacity",
    "closures",
    "commodities",
    "days",
    "description",
    "extends",
    "include_planned",
    "name",
    "outages",
    "year",
    "years",
)
_OUTAGE = ("assets", "factor", "source")
_CLOSURE = ("countries", "routes", "commodities", "source")
_CAPACITY = ("assets", "add", "unit", "factor", "source")


@dataclass(frozen=True)
class EnergyScenario:
    """A validated (and merged) energy scenario."""

    name: str
    description: str
    year: int
    days: float
    commodities: tuple[str, ...]
    years: dict[str, int]
    include_planned: bool
    outages: tuple[dict[str, Any], ...]
    closures: tuple[dict[str, Any], ...]
    capacity: tuple[dict[str, Any], ...]
    source: str
    parent: EnergyScenario | None = None

    def year_of(self, commodity: str) -> int:
        """Return the year a commodity is run for (``years`` override, else ``year``)."""
        return self.years.get(commodity, self.year)


@dataclass
class ScenarioOutcome:
    """Results per commodity; with a parent, the parent's results too."""

    scenario: EnergyScenario
    results: dict[str, Reallocation]
    parent_results: dict[str, Reallocation] = field(default_factory=dict)

    def versus_parent(self) -> dict[str, dict[str, float]]:
        """Per commodity: change in stranded, rerouted and cost against the parent (empty without one)."""
        return {
            c: {
                "stranded_change": r.stranded - self.parent_results[c].stranded,
                "rerouted_change": r.rerouted_total - self.parent_results[c].rerouted_total,
                "cost_change_usd": r.cost_usd - self.parent_results[c].cost_usd,
            }
            for c, r in self.results.items()
            if c in self.parent_results
        }

    def as_dict(self) -> dict[str, object]:
        """Plain dict for JSON, the CLI and templates."""
        out: dict[str, object] = {
            "scenario": self.scenario.name,
            "description": self.scenario.description,
            "year": self.scenario.year,
            "years": {c: self.scenario.year_of(c) for c in self.results},
            "days": self.scenario.days,
            "results": {c: r.as_dict() for c, r in self.results.items()},
        }
        if self.scenario.parent is not None:
            out["parent"] = self.scenario.parent.name
            out["versus_parent"] = self.versus_parent()
        return out


def bundled_energy_scenarios() -> list[str]:
    """Names of the bundled scenarios.

    Examples
    --------
    >>> "sanction_russia_transit" in bundled_energy_scenarios()
    True
    """
    return sorted(p.stem for p in SCENARIO_DIR.glob("*.yaml"))


def _fail(where: str, what: str) -> DataError:
    return DataError(f"{where}: {what}")


def _keys(raw: Any, allowed: tuple[str, ...], where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _fail(where, f"expected a mapping, got {type(raw).__name__}")
    for key in raw:
        if key not in allowed:
            raise _fail(where, f"unknown key {key!r}; expected one of {', '.join(allowed)}")
    return raw


def _str_list(raw: Any, where: str) -> list[str]:
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise _fail(where, "expected a list of names")
    return list(raw)


def _float(raw: Any, where: str, *, low: float, high: float | None = None) -> float:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise _fail(where, f"expected a number, got {raw!r}")
    if raw < low or (high is not None and raw > high):
        span = f"{low:g}-{high:g}" if high is not None else f">= {low:g}"
        raise _fail(where, f"expected a number in {span}, got {raw!r}")
    return float(raw)


def _entries(raw: Any, allowed: tuple[str, ...], where: str) -> list[dict[str, Any]]:
    if not isinstance(raw, list):
        raise _fail(where, "expected a list")
    return [_keys(item, allowed, f"{where}[{i}]") for i, item in enumerate(raw)]


def _year(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 2000 <= value <= 2100:
        raise _fail(where, f"expected a year, got {value!r}")
    return value


def _commodity_names(raw: Any, where: str) -> tuple[str, ...]:
    names = _str_list(raw, where)
    for i, c in enumerate(names):
        if c not in COMMODITIES:
            raise _fail(
                f"{where}[{i}]",
                f"unknown commodity {c!r}; expected one of {', '.join(COMMODITIES)}",
            )
    return tuple(names)


def _settings(top: dict[str, Any], source: str) -> dict[str, Any]:
    """Read the scalar keys: names, years, window, planned capacity and commodities."""
    out: dict[str, Any] = {}
    for key in ("name", "description", "extends"):
        if key in top:
            if not isinstance(top[key], str) or not top[key].strip():
                raise _fail(f"{source}: {key}", "expected a non-empty string")
            out[key] = top[key].strip()
    if "year" in top:
        out["year"] = _year(top["year"], f"{source}: year")
    if "years" in top:
        years = _keys(top["years"], COMMODITIES, f"{source}: years")
        for c, y in years.items():
            _year(y, f"{source}: years.{c}")
        out["years"] = dict(years)
    if "days" in top:
        out["days"] = _float(top["days"], f"{source}: days", low=1, high=365)
    if "include_planned" in top:
        if not isinstance(top["include_planned"], bool):
            raise _fail(f"{source}: include_planned", "expected true or false")
        out["include_planned"] = top["include_planned"]
    if "commodities" in top:
        out["commodities"] = _commodity_names(top["commodities"], f"{source}: commodities")
    return out


def _outages(top: dict[str, Any], source: str) -> tuple[dict[str, Any], ...]:
    outages = _entries(top.get("outages", []), _OUTAGE, f"{source}: outages")
    for i, o in enumerate(outages):
        where = f"{source}: outages[{i}]"
        _str_list(o.get("assets"), f"{where}.assets")
        _float(o.get("factor"), f"{where}.factor", low=0, high=1)
    return tuple(outages)


def _closures(top: dict[str, Any], source: str) -> tuple[dict[str, Any], ...]:
    closures = _entries(top.get("closures", []), _CLOSURE, f"{source}: closures")
    for i, cl in enumerate(closures):
        where = f"{source}: closures[{i}]"
        if "countries" not in cl and "routes" not in cl:
            raise _fail(where, "give countries or routes")
        for key in ("countries", "routes", "commodities"):
            if key in cl:
                _str_list(cl[key], f"{where}.{key}")
    return tuple(closures)


def _capacity(top: dict[str, Any], source: str) -> tuple[dict[str, Any], ...]:
    capacity = _entries(top.get("capacity", []), _CAPACITY, f"{source}: capacity")
    for i, cp in enumerate(capacity):
        where = f"{source}: capacity[{i}]"
        _str_list(cp.get("assets"), f"{where}.assets")
        if ("add" in cp) == ("factor" in cp):
            raise _fail(where, "give exactly one of add (with unit) or factor")
        if "add" in cp:
            _float(cp["add"], f"{where}.add", low=0)
            if not isinstance(cp.get("unit"), str):
                raise _fail(f"{where}.unit", "an added capacity needs its unit (Mt, bcm, tU, ...)")
        else:
            _float(cp["factor"], f"{where}.factor", low=0)
    return tuple(capacity)


def _parse(raw: Any, source: str) -> dict[str, Any]:
    if raw is None:
        raw = {}
    top = _keys(raw, _TOP, source)
    out = _settings(top, source)
    out["outages"] = _outages(top, source)
    out["closures"] = _closures(top, source)
    out["capacity"] = _capacity(top, source)
    return out


def _build(part: dict[str, Any], source: str, parent: EnergyScenario | None) -> EnergyScenario:
    def pick(key: str, default: Any) -> Any:
        if key in part:
            return part[key]
        return getattr(parent, key) if parent is not None else default

    name = part.get("name")
    if name is None:
        raise _fail(source, "missing key 'name'")
    year = pick("year", None)
    if year is None:
        raise _fail(source, "missing key 'year' (not set here nor in a scenario it extends)")
    lists = {
        key: (getattr(parent, key) if parent is not None else ()) + part[key]
        for key in ("outages", "closures", "capacity")
    }
    return EnergyScenario(
        name=name,
        description=part.get("description", ""),
        year=year,
        days=pick("days", 365.0),
        commodities=pick("commodities", COMMODITIES),
        years={**(parent.years if parent is not None else {}), **part.get("years", {})},
        include_planned=pick("include_planned", False),
        outages=lists["outages"],
        closures=lists["closures"],
        capacity=lists["capacity"],
        source=source,
        parent=parent,
    )


def parse_energy_scenario_text(
    text: str, *, source: str = "scenario", base: Path = SCENARIO_DIR
) -> EnergyScenario:
    """Parse YAML text (``extends`` resolved from ``base``).

    Raises
    ------
    DataError
        Naming the source and key path.
    """
    try:
        raw = load_yaml(text)
    except yaml.YAMLError as exc:
        raise _fail(source, f"not valid YAML ({exc})") from None
    part = _parse(raw, source)
    parent = None
    if "extends" in part:
        parent = load_energy_scenario(part["extends"], base=base, _seen=(source,))
    return _build(part, source, parent)


def load_energy_scenario(
    ref: str | Path, *, base: Path = SCENARIO_DIR, _seen: tuple[str, ...] = ()
) -> EnergyScenario:
    """Load a bundled scenario by name or a YAML file by path.

    Raises
    ------
    NotFoundError
        If there is no such scenario.
    DataError
        If the file is malformed or ``extends`` loops.
    """
    path = Path(ref)
    if path.suffix not in (".yaml", ".yml"):
        path = SCENARIO_DIR / f"{ref}.yaml"
    elif not path.is_absolute():
        path = base / path if (base / path).is_file() else path
    if not path.is_file():
        msg = f"no energy scenario {str(ref)!r}; bundled: {', '.join(bundled_energy_scenarios())}"
        raise NotFoundError(msg)
    if path.name in _seen:
        raise _fail(path.name, f"extends: cycle {' -> '.join((*_seen, path.name))}")
    raw = load_yaml(path.read_text(encoding="utf-8")) if path.stat().st_size else None
    part = _parse(raw, path.name)
    parent = None
    if "extends" in part:
        parent = load_energy_scenario(part["extends"], base=path.parent, _seen=(*_seen, path.name))
    return _build(part, path.name, parent)


def _check_names(ds: EnergyDataset, s: EnergyScenario) -> None:
    countries = {c for r in ds.routes.values() for c in r.transit}
    for i, o in enumerate(s.outages):
        for a in o["assets"]:
            if a not in ds.assets:
                raise _fail(f"{s.source}: outages[{i}].assets", f"unknown asset {a!r}")
    for i, c in enumerate(s.closures):
        for r in c.get("routes", []):
            if r not in ds.routes:
                raise _fail(f"{s.source}: closures[{i}].routes", f"unknown route {r!r}")
        for k in c.get("countries", []):
            if k not in countries:
                raise _fail(
                    f"{s.source}: closures[{i}].countries",
                    f"no route crosses {k!r}; transit countries: {', '.join(sorted(countries))}",
                )
    for i, c in enumerate(s.capacity):
        for a in c["assets"]:
            if a not in ds.assets:
                raise _fail(f"{s.source}: capacity[{i}].assets", f"unknown asset {a!r}")


def _one(ds: EnergyDataset, s: EnergyScenario, commodity: str) -> Reallocation:
    outages: dict[str, float] = {}
    for o in s.outages:
        for a in o["assets"]:
            if ds.assets[a].commodity == commodity:
                outages[a] = min(outages.get(a, 1.0), float(o["factor"]))
    closed: set[str] = set()
    for c in s.closures:
        if "commodities" in c and commodity not in c["commodities"]:
            continue
        for r in ds.routes_of(commodity):
            if r.id in c.get("routes", []) or set(r.transit) & set(c.get("countries", [])):
                closed.add(r.id)
    added: dict[str, float] = {}
    for i, c in enumerate(s.capacity):
        for a in c["assets"]:
            asset = ds.assets[a]
            if asset.commodity != commodity:
                continue
            if "add" in c:
                where = f"{s.source}: capacity[{i}].unit: "
                extra = to_canonical(float(c["add"]), c["unit"], commodity=commodity, where=where)
            else:
                base = (
                    ds.capacity(a, s.year_of(commodity), include_planned=s.include_planned) or 0.0
                )
                extra = base * (float(c["factor"]) - 1.0)
            added[a] = added.get(a, 0.0) + extra
    return reallocate(
        ds,
        s.year_of(commodity),
        commodity,
        outages=outages,
        closed_routes=closed,
        days=s.days,
        added_capacity=added,
        include_planned=s.include_planned,
    )


def run_energy_scenario(ds: EnergyDataset, scenario: EnergyScenario) -> ScenarioOutcome:
    """Run a scenario for each of its commodities that has flows in its year.

    Raises
    ------
    DataError
        If the scenario names unknown assets, routes or countries, or no commodity has flows.
    """
    _check_names(ds, scenario)
    wanted = [c for c in scenario.commodities if ds.route_flows(scenario.year_of(c), c)]
    if not wanted:
        msg = f"{scenario.source}: no flows of {', '.join(scenario.commodities)} bundled for {scenario.year}"
        raise DataError(msg)
    results = {c: _one(ds, scenario, c) for c in wanted}
    parent: dict[str, Reallocation] = {}
    if scenario.parent is not None:
        parent = {
            c: _one(ds, scenario.parent, c)
            for c in wanted
            if ds.route_flows(scenario.parent.year_of(c), c)
        }
    return ScenarioOutcome(scenario, results, parent)
