"""Running a scenario and reporting it: summaries, tables on disk and comparisons.

:func:`run_scenario` applies a :class:`~eurasia.corridors.scenarios.schema.Scenario` to the network and
assigns its demand (:func:`~eurasia.corridors.assignment.freight.run_freight`). The
:class:`ScenarioOutcome` holds a JSON-ready ``summary`` (indicators, corridor shares, bottlenecks,
OD groups, convergence) and one record per edge; :func:`write_outputs` writes them as files;
:func:`eurasia.corridors.scenarios.compare.compare_runs` lines two outcomes up.

Examples
--------
>>> out = run_scenario(load_scenario("baseline_2024"))
>>> 20 < out.summary["indicators"]["transit_mt"] < 40
True
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from eurasia.corridors.assignment.families import route_families
from eurasia.corridors.assignment.freight import (
    FreightResult,
    bottlenecks,
    edge_table,
    flow_cost_musd,
)
from eurasia.corridors.network.model import Network
from eurasia.corridors.scenarios.apply import apply_scenario
from eurasia.corridors.scenarios.parsing import load_scenario
from eurasia.corridors.scenarios.schema import Scenario

__all__ = [
    "OUTPUT_FILES",
    "ScenarioOutcome",
    "run_scenario",
    "write_outputs",
]

#: Files :func:`write_outputs` writes.
OUTPUT_FILES = (
    "summary.json",
    "link_flows.csv",
    "bottlenecks.csv",
    "corridor_shares.csv",
    "groups.csv",
)
_BOTTLENECK_VC = 0.9


@dataclass
class ScenarioOutcome:
    """What a scenario run produced."""

    scenario: Scenario
    result: FreightResult
    summary: dict[str, Any]
    edges: list[dict[str, object]]


def _default_network() -> Network:
    from eurasia.corridors.io.dataset import load_network

    return load_network()


def run_scenario(
    scenario: Scenario | str | Path,
    *,
    year: int | None = None,
    network: Network | None = None,
) -> ScenarioOutcome:
    """Run a scenario (object, file path or bundled name) to equilibrium and summarise it.

    Parameters
    ----------
    scenario
        A loaded scenario, a YAML path or a bundled scenario name.
    year
        Overrides the scenario year (network as of that year; growth by rate to that year).
    network
        The base network (default: the bundled one).

    Raises
    ------
    DataError
        If the scenario does not fit the network or its demand (naming file and key path).
    """
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    if year is not None:
        sc = sc.at_year(year)
    applied = apply_scenario(sc, network or _default_network())
    result = applied.assign()
    summary = _summary(sc, result, applied.harmonised)
    return ScenarioOutcome(sc, result, summary, edge_table(result))


#: What ``corridor_shares`` / ``route_family_shares`` count.
_SHARES_COUNT = (
    "share of served tonnes by the route family each OD flow takes (each tonne counted once)"
)
_SHARES_APPROXIMATE = "; approximate: the solver keeps no flows by origin"


def _totals(res: FreightResult) -> dict[str, dict[str, float]]:
    """Low / central / high of the money and time totals at the equilibrium flows.

    The edges' ``usd_low`` / ``usd_high`` tariffs (with the through tariffs that cover each
    class), and their ``hours_low`` / ``hours_high`` plus the
    equilibrium's congestion delay, so the range says how much the totals rest on the parameter
    ranges (not a confidence interval).
    """
    net = res.network
    per_t = net.per_tonne() if net.cost_units.get("usd", "").endswith("/TEU") else net
    flow = res.edge_flow_mt
    out: dict[str, dict[str, float]] = {}
    if all(c in per_t.costs for c in ("usd_low", "usd", "usd_high")):
        out["cost_musd"] = {
            k: flow_cost_musd(res, per_t.costs[c])
            for k, c in (("low", "usd_low"), ("central", "usd"), ("high", "usd_high"))
        }
    if all(c in net.costs for c in ("hours_low", "hours", "hours_high")):
        delay = res.edge_hours - net.costs["hours"] - net.costs.get("risk", 0.0)
        out["tonne_hours_m"] = {
            k: float(flow @ (net.costs[c] + net.costs.get("risk", 0.0) + delay))
            for k, c in (("low", "hours_low"), ("central", "hours"), ("high", "hours_high"))
        }
    return out


def _summary(sc: Scenario, res: FreightResult, harmonised: Sequence[str] = ()) -> dict[str, Any]:
    net = res.network
    problem = res.problem
    entering = (net.edge_country != "KZ") & (net.edge_country_to == "KZ")
    transit_by_group: dict[str, float] = {}
    for (group, _c, is_transit), row in zip(
        problem.class_keys, res.assignment.class_flow[:, : net.n_edges], strict=True
    ):
        if is_transit:
            transit_by_group[group] = transit_by_group.get(group, 0.0) + float(row[entering].sum())
    groups = []
    for group in problem.demand.groups:
        over = res.over_threshold_tonnes.get(group, 0.0) / 1e6
        no_path = problem.unserved_tonnes.get(group, 0.0) / 1e6
        groups.append(
            {
                "group": group,
                "demand_mt": problem.demand.total(groups=[group]) / 1e6,
                "served_mt": problem.served_tonnes.get(group, 0.0) / 1e6 - over,
                "unserved_mt": no_path + over,
                "unserved_over_threshold_mt": over,
                "transit_through_kz_mt": transit_by_group.get(group, 0.0),
            }
        )
    families = route_families(res)
    shares = {name: row["share_tonnes"] for name, row in families.items()}
    rules = sorted({r for fired in problem.class_rules for r in fired})
    a = res.assignment
    return {
        "scenario": sc.name,
        "description": sc.description,
        "year": sc.year,
        "files": list(sc.files),
        "service": sc.service,
        "rules": rules,
        "harmonised": list(harmonised),
        "demand_response": None
        if sc.demand_response is None
        else {c: sc.demand_response.extra_hours(c) / 24 for c in sorted(sc.commodities)},
        "indicators": res.indicators,
        "totals": _totals(res),
        "corridor_shares": shares,
        "route_family_shares": shares,
        "route_families": families,
        "shares_count": _SHARES_COUNT
        + ("" if res.assignment.origin_flow is not None else _SHARES_APPROXIMATE),
        "bottlenecks": bottlenecks(res, threshold=_BOTTLENECK_VC),
        "default_capacity_loaded": bottlenecks(
            res, threshold=_BOTTLENECK_VC, default_capacity=True
        ),
        "groups": groups,
        "convergence": {
            "method": a.method,
            "iterations": a.iterations,
            "relative_gap": a.relative_gap,
            "converged": a.converged,
            "seconds": a.seconds,
            "seconds_per_iteration": a.seconds_per_iteration,
        },
    }


def _write_csv(path: Path, rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(row.get(k, "")) for k in columns})


def _cell(value: object) -> object:
    if isinstance(value, float):
        return "inf" if math.isinf(value) else f"{value:.6g}"
    return value


def write_outputs(outcome: ScenarioOutcome, folder: str | Path) -> list[Path]:
    """Write :data:`OUTPUT_FILES` into ``folder`` (created if needed); returns their paths.

    ``link_flows.csv`` has one row per directed edge (flow, capacity, utilisation ``vc``,
    congested hours); ``bottlenecks.csv`` the edges above v/c 0.9.
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / name for name in OUTPUT_FILES]
    paths[0].write_text(json.dumps(outcome.summary, indent=2, default=_json_default) + "\n")
    columns = list(outcome.edges[0]) if outcome.edges else ["edge"]
    _write_csv(paths[1], outcome.edges, columns)
    _write_csv(paths[2], outcome.summary["bottlenecks"], columns)
    families = outcome.summary.get("route_families") or {}
    shares = [{"route_family": k, **v} for k, v in families.items()]
    _write_csv(
        paths[3], shares, ["route_family", "mt", "share_tonnes", "tonne_km_bn", "share_tonne_km"]
    )
    groups = outcome.summary["groups"]
    _write_csv(paths[4], groups, list(groups[0]) if groups else ["group"])
    return paths


def _json_default(value: object) -> object:
    if isinstance(value, np.generic):
        return value.item()
    return str(value)
