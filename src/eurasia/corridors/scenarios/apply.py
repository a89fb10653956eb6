"""A :class:`~eurasia.corridors.scenarios.schema.Scenario` applied to a network.

Closures, penalties, changes and new lines become a new network with the scenario's year, demand and
commodities.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from eurasia.corridors.assignment.demand import (
    Demand,
)
from eurasia.corridors.assignment.freight import FreightResult, run_freight
from eurasia.corridors.network.codes import TIME_COMPONENTS, side_of
from eurasia.corridors.network.model import Network
from eurasia.corridors.network.rebuild import with_edges
from eurasia.corridors.network.service import with_service
from eurasia.corridors.rules.effects import harmonise, load_rules, rule_date
from eurasia.corridors.rules.table import Rule
from eurasia.corridors.scenarios.schema import Change, NewLine, Penalty, Scenario
from eurasia.corridors.scenarios.values import _fail
from eurasia.errors import NotFoundError

__all__ = ["apply_scenario"]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def _feu_ratio(network: Network, mode: str) -> float:
    """Return the network's USD per FEU over USD per TEU on edges of ``mode`` (1 without such costs)."""
    if "usd_feu" not in network.costs:
        return 1.0
    usd, feu = network.costs["usd"], network.costs["usd_feu"]
    pick = (network.edge_mode == mode) & (usd > 0)
    return float(np.median(feu[pick] / usd[pick])) if pick.any() else 1.0


def _add_lines(network: Network, lines: Sequence[NewLine]) -> Network:
    if not lines:
        return network
    rows: dict[str, list[Any]] = {}

    def put(key: str, value: Any) -> None:
        rows.setdefault(key, []).append(value)

    existing = set(network.edge_id.tolist())
    for line in lines:
        feu = _feu_ratio(network, line.mode)
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
            put("capacity_basis", "given")
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
                "usd_feu": line.usd * feu,
                "usd_feu_low": line.usd * feu,
                "usd_feu_high": line.usd * feu,
                "co2_kg": line.co2_kg,
                "risk": line.risk,
            }
            for name in network.costs:
                put(f"cost:{name}", values.get(name, 0.0))
    return with_edges(network, extra=rows)


def _time_parts(costs: Mapping[str, FloatArray]) -> list[str]:
    """Return the time components the network carries (all of them, or none)."""
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
    """Give every ``mask`` edge ``hours``, split like its old time.

    All of it goes in the line haul, or a transfer's own dwell, where it had none.
    """
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
    return with_edges(network, capacity=capacity, bpr=bpr, costs=costs)


@dataclass(frozen=True)
class AppliedScenario:
    """A scenario made concrete for its year.

    Network (service level and harmonisation applied), demand, per-group closures and penalties, and
    the rules for the assignment.
    """

    scenario: Scenario
    network: Network
    demand: Demand
    closed_for_groups: dict[str, BoolArray]
    penalty_for_groups: dict[str, FloatArray]
    rules: tuple[Rule, ...] = ()
    rules_on: dt.date | None = None
    harmonised: tuple[str, ...] = ()
    reference: Network | None = None

    def assign(
        self,
        *,
        closed_for_groups: Mapping[str, BoolArray] | None = None,
        rules_and_response: bool = True,
    ) -> FreightResult:
        """Assign the demand to equilibrium on the network with the scenario's settings.

        The scenario's commodities and ``assignment`` options (method, relative gap, iterations,
        BPR pair), with the per-group closures and penalties
        (:func:`~eurasia.corridors.assignment.freight.run_freight`).

        Parameters
        ----------
        closed_for_groups
            Per-group closed edges in place of :attr:`closed_for_groups`; default: those.
        rules_and_response
            With the rules in force and the scenario's demand response (``False``: without
            either, every tonne with a path served).

        Returns
        -------
        FreightResult
            The equilibrium and its indicators.
        """
        sc, opts = self.scenario, self.scenario.assignment
        closed = self.closed_for_groups if closed_for_groups is None else closed_for_groups
        return run_freight(
            self.network,
            self.demand,
            commodities=sc.commodities,
            alpha=opts.alpha,
            beta=opts.beta,
            closed_for_groups=closed,
            penalty_for_groups=self.penalty_for_groups,
            method=opts.method,
            relative_gap=opts.relative_gap,
            max_iterations=opts.max_iterations,
            rules=self.rules if rules_and_response else (),
            rules_on=self.rules_on if rules_and_response else None,
            response=sc.demand_response if rules_and_response else None,
            response_reference=self.reference if rules_and_response else None,
        )


def apply_scenario(scenario: Scenario, network: Network) -> AppliedScenario:
    """Apply ``scenario`` to ``network`` for the scenario year.

    New lines are added, the network is taken as of the year (lines under construction count from
    their opening year), changes are applied, then the service level and the harmonisation rules
    in force on 1 July of the year; closures and penalties become per-group edge masks and
    costs, and the scenario's rule files are loaded for the assignment.

    Raises
    ------
    DataError
        Naming file and key path: an unknown node, country, link, corridor or group, a change that
        selects nothing, a new line between nodes without the needed side, or demand for zones
        that are not nodes.
    """
    net = _add_lines(network, scenario.add_lines).as_of(scenario.year)
    net = _apply_changes(net, scenario.changes)
    reference = net
    net = with_service(net, scenario.service)
    rule_set = load_rules(scenario.rules, base=scenario.rules_base)
    on = rule_date(scenario.year)
    net, harmonised = harmonise(net, rule_set, on=on)
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
    return AppliedScenario(
        scenario, net, demand, closed, penalties, rule_set, on, harmonised, reference
    )
