"""The freight model.

A :class:`~eurasia.corridors.network.model.Network` and a
:class:`~eurasia.corridors.assignment.demand.Demand` assigned to equilibrium, and what planners read
from it.

How the network becomes an assignment problem (:func:`assignment_problem`):

* every routing vertex is a node and every edge (link or transfer: gauge change, port call) a link
  of :class:`~eurasia.corridors.assignment.network.AssignmentNetwork`, so crossings, ports and ferry
  terminals with a capacity are capacity-limited links of the expanded graph;
* each demand zone gets a centroid joined to every vertex of its node by free connectors; the
  centroids carry no through traffic (first-through-node rule), so a trip cannot skip a gauge
  change by passing through a zone;
* link travel time is the BPR function of free-flow ``hours`` + expected disruption delay
  (``risk``) with the edge's capacity in Mt a year (edges without a capacity do not congest) and
  the edge's own BPR parameters (``Network.edge_bpr_alpha`` / ``edge_bpr_beta``; the bundled
  network's defaults by mode are in ``parameters.csv``), :data:`FREIGHT_ALPHA` and
  :data:`FREIGHT_BETA` where an edge has none, or one pair for every edge when given;
* money is ``usd`` per tonne (per-TEU costs at 10 t a TEU), turned into hours by each
  commodity's value of time (a ``toll_factor`` of ``1 / value_of_time``);
* one traffic class per OD group, commodity and transit status, so results split by group and
  closures can apply to some groups only (e.g. EU-bound transit through Russia). Classes may not
  use the deep-sea benchmark links unless allowed.

Indicators (:class:`FreightResult`): transit through Kazakhstan (tonnes of flows with both ends
abroad entering Kazakhstan), the Middle Corridor's trans-Caspian volume (flows on ferry edges
between Kazakhstan and Azerbaijan), bottlenecks (``v/c > 0.9``), corridor shares of tonne-km and
totals of cost, time and CO2.

Examples
--------
>>> from eurasia.corridors.network.model import Network
>>> from eurasia.corridors.assignment.demand import Demand
>>> net = Network.from_edges(  # a -> c direct (uncongested), or via b on 1 Mt/yr links
...     ["a", "a", "b"], ["b", "c", "c"],
...     {"hours": [10.0, 30.0, 10.0], "usd": [20.0, 40.0, 20.0], "risk": [0.0, 0.0, 0.0],
...      "km": [100.0, 250.0, 100.0], "co2_kg": [1.0, 2.0, 1.0]},
...     edges={"capacity": [1.0, np.inf, 1.0], "mode": ["rail"] * 3,
...            "country": ["KZ"] * 3, "country_to": ["KZ"] * 3},
...     cost_units={"usd": "USD/t", "co2_kg": "kg CO2e/t"})
>>> demand = Demand.from_records([("a", "c", "X", "containers", 2.0e6)])
>>> res = run_freight(net, demand, alpha=0.15, beta=4.0, relative_gap=1e-9)
>>> res.edge_flow_mt.round(3).tolist()  # 20 * (1 + 0.15 x^4) + 40 = 30 + 40 at x = 1.351
[1.351, 0.649, 1.351]
>>> res.indicators["cost_musd"]  # 2 Mt at USD 40 a tonne by either path
80.0
>>> from eurasia.corridors.rules.table import Rule
>>> half = Rule("half", "tariff", dt.date(2020, 1, 1), modes=("rail",), usd_factor=0.5)
>>> cut = run_freight(net, demand, alpha=0.15, beta=4.0, relative_gap=1e-9,
...                   rules=[half], rules_on=dt.date(2024, 1, 1))
>>> cut.indicators["cost_musd"], cut.problem.class_rules  # a through tariff at half the list
(40.0, (('half',),))
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from eurasia.corridors.assignment.demand import COMMODITIES, Demand
from eurasia.corridors.assignment.equilibrium import AssignmentResult, TrafficClass, assign
from eurasia.corridors.assignment.loading import ShortestPathForest, reachable
from eurasia.corridors.assignment.network import AssignmentNetwork
from eurasia.corridors.assignment.response import DemandResponse
from eurasia.corridors.graph.types import BoolArray, FloatArray
from eurasia.corridors.network.model import Network
from eurasia.corridors.network.service import with_service
from eurasia.corridors.rules.effects import CargoEffects, cargo_effects
from eurasia.corridors.rules.table import Rule
from eurasia.errors import DataError

__all__ = [
    "DEFAULT_COMMODITIES",
    "FREIGHT_ALPHA",
    "FREIGHT_BETA",
    "HOME_COUNTRY",
    "CommoditySpec",
    "FreightProblem",
    "FreightResult",
    "assignment_problem",
    "bottlenecks",
    "corridor_shares",
    "edge_table",
    "flow_cost_musd",
    "run_freight",
]


#: BPR parameters of freight edges that carry none of their own (estimate). Rail lines, border
#: stations and ferries queue hard above capacity: at v/c = 1.5 a link takes about 12 times its
#: free-flow time.
FREIGHT_ALPHA = 1.0
FREIGHT_BETA = 6.0
#: The country whose transit the indicators count.
HOME_COUNTRY = "KZ"
_SEA = "sea"


@dataclass(frozen=True)
class CommoditySpec:
    """How one commodity values time and which modes it may use.

    Attributes
    ----------
    value_of_time
        USD per tonne-hour (estimate): turns money into hours in generalized cost.
    modes
        Link modes the commodity may use (transfers are always allowed).
    """

    value_of_time: float
    modes: tuple[str, ...] = ("rail", "road", "ferry")


#: Default commodity parameters. Estimates: containers carry high-value goods (a 10 t TEU worth
#: about USD 50,000 at an inventory cost near 15 % a year gives about USD 1 per tonne-hour);
#: bulk (grain, ore, oil products) about a tenth of that. The deep-sea route is a benchmark of
#: the overland market, not part of it, so neither class uses ``sea`` links.
DEFAULT_COMMODITIES: Mapping[str, CommoditySpec] = {
    "containers": CommoditySpec(value_of_time=1.0),
    "bulk": CommoditySpec(value_of_time=0.1),
}


@dataclass(frozen=True)
class FreightProblem:
    """The assignment problem built from a network and a demand.

    Attributes
    ----------
    network
        The freight network (its edges are the first ``n_edges`` links of ``assignment``).
    assignment
        The expanded assignment network (centroids and connectors appended).
    classes
        Traffic classes; ``class_keys[k]`` is ``(group, commodity, transit)`` of class ``k``.
    zones
        Zone node ids, in centroid order.
    demand
        The demand the classes were built from.
    unserved_tonnes, served_tonnes
        Per OD group: tonnes with no usable path (left out of the assignment), and the rest.
    class_rules
        Per class: ids of the rules that shaped it (closed edges, penalties or through tariffs).
    class_usd_factor
        Per class: the through tariffs' factor on each network edge's money (all ones where no
        tariff covers the class); ``cost_musd`` prices each class's flow with it.
    response_links
        With a demand response: ``(origin zone, destination zone)`` of each "not served" link;
        they follow the network's edges and the connectors in ``assignment``.
    response_start
        Index of the first "not served" link in ``assignment``.
    """

    network: Network
    assignment: AssignmentNetwork
    classes: tuple[TrafficClass, ...]
    class_keys: tuple[tuple[str, str, bool], ...]
    zones: tuple[str, ...]
    demand: Demand
    unserved_tonnes: Mapping[str, float]
    served_tonnes: Mapping[str, float]
    class_rules: tuple[tuple[str, ...], ...] = ()
    class_usd_factor: tuple[FloatArray, ...] = ()
    response_links: tuple[tuple[int, int], ...] = ()
    response_start: int = 0


def assignment_problem(
    network: Network,
    demand: Demand,
    *,
    commodities: Mapping[str, CommoditySpec] = DEFAULT_COMMODITIES,
    alpha: float | None = None,
    beta: float | None = None,
    closed_for_groups: Mapping[str, BoolArray] | None = None,
    penalty_for_groups: Mapping[str, FloatArray] | None = None,
    home_country: str = HOME_COUNTRY,
    rules: Sequence[Rule] = (),
    rules_on: dt.date | None = None,
    response: DemandResponse | None = None,
    response_reference: Network | None = None,
) -> FreightProblem:
    """Turn ``network`` and ``demand`` into traffic classes on an expanded assignment network.

    Parameters
    ----------
    network
        Freight network with ``hours``, ``usd`` (per tonne or per TEU), ``risk`` costs and
        capacities in Mt a year.
    demand
        OD flows in tonnes a year; zones are node ids of ``network``.
    commodities
        Value of time and allowed modes per commodity.
    alpha, beta
        BPR parameters for every capacitated edge, overriding the edges' own; by default each
        edge's ``edge_bpr_alpha`` / ``edge_bpr_beta``, or :data:`FREIGHT_ALPHA` /
        :data:`FREIGHT_BETA` where it has none.
    closed_for_groups
        Per OD group, a mask of network edges that group may not use.
    penalty_for_groups
        Per OD group, extra perceived cost per network edge in USD a tonne (e.g. a calibrated
        premium for transit risk), valued like money.
    home_country
        Country whose transit is tracked.
    rules
        Rules (:mod:`eurasia.corridors.rules`) applied to each OD pair by its end countries and
        commodity on ``rules_on``: OD pairs with the same effects share a traffic class, with
        the rules' closed edges and perceived penalties (valued like money).
    rules_on
        The date the rules are taken in force on (required with ``rules``).
    response
        Demand response: each OD pair gets a "not served" link at its threshold cost
        (:mod:`eurasia.corridors.assignment.response`); ``None``: every tonne with a path is
        served.
    response_reference
        The network (same edges, other costs) whose uncongested routes the thresholds are
        measured from; default ``network``. Scenarios pass their network before the service
        level and harmonisation, so that a faster service or shorter dwell never lowers the
        cost at which shippers give up.

    Returns
    -------
    FreightProblem
        Ready for :func:`~eurasia.corridors.assignment.equilibrium.assign`; OD pairs without a usable path
        are left out and counted in ``unserved_tonnes``.

    Raises
    ------
    DataError
        A demand zone is not a node, a commodity has no parameters, a closure mask has the wrong
        length or names an unknown group, the network lacks a needed cost, or ``alpha`` or
        ``beta`` is negative or not finite.
    """
    closed = dict(closed_for_groups or {})
    penalties = dict(penalty_for_groups or {})
    _check_problem(network, demand, commodities, closed=closed, penalties=penalties)
    usd, hours = _tonne_costs(network)
    capacity = np.asarray(network.edge_capacity, dtype=np.float64)
    congests = np.isfinite(capacity) & (capacity > 0)
    edge_alpha = _bpr_parameter(network.edge_bpr_alpha, alpha, FREIGHT_ALPHA, "alpha")
    edge_beta = _bpr_parameter(network.edge_bpr_beta, beta, FREIGHT_BETA, "beta")

    zones = demand.zones
    nv = network.n_vertices
    tails, heads = [network.edge_source], [network.edge_target]
    end_usd, end_hours = _end_tonne_costs(network)
    lift_usd, lift_hours = [usd], [hours]
    for k, zone in enumerate(zones):
        vertices = network.node_vertices(zone)
        centroid = np.full(vertices.size, nv + k)
        tails += [centroid, vertices]
        heads += [vertices, centroid]
        lift_usd += [end_usd[vertices]] * 2  # the lift at a trip's two ends (connectors)
        lift_hours += [end_hours[vertices]] * 2
    tail = np.concatenate(tails)
    head = np.concatenate(heads)
    n_connectors = tail.size - network.n_edges
    pad = np.zeros(n_connectors)
    assignment = AssignmentNetwork.from_arrays(
        n_nodes=nv + len(zones),
        tail=tail,
        head=head,
        free_flow_time=np.concatenate(lift_hours),
        capacity=np.concatenate([np.where(congests, capacity, 1.0), pad + 1.0]),
        alpha=np.concatenate([np.where(congests, edge_alpha, 0.0), pad]),
        beta=np.concatenate([edge_beta, pad + FREIGHT_BETA]),
        length=np.concatenate(
            [np.asarray(network.costs.get("km", np.zeros(network.n_edges))), pad]
        ),
        toll=np.concatenate(lift_usd),
        zones=nv + np.arange(len(zones)),
        no_through=np.r_[np.zeros(nv, dtype=bool), np.ones(len(zones), dtype=bool)],
    )
    country = dict(zip(network.node_ids.tolist(), network.node_country.tolist(), strict=True))
    transit = np.array(
        [
            country[o] != home_country and country[d] != home_country
            for o, d in zip(demand.origin.tolist(), demand.destination.tolist(), strict=True)
        ],
        dtype=bool,
    )
    if rules and rules_on is None:
        msg = "rules_on: the date the rules are taken in force on is required with rules"
        raise DataError(msg)
    effects_cache: dict[tuple[str, str, str], CargoEffects] = {}

    def effects_of(row: int) -> CargoEffects:
        o, d = country[str(demand.origin[row])], country[str(demand.destination[row])]
        commodity = str(demand.commodity[row])
        found = effects_cache.get((o, d, commodity))
        if found is None:
            found = cargo_effects(
                rules,
                network,
                origin_country=o,
                destination_country=d,
                commodity=commodity,
                on=rules_on or dt.date.today(),
            )
            effects_cache[(o, d, commodity)] = found
        return found

    classes: list[TrafficClass] = []
    keys: list[tuple[str, str, bool]] = []
    class_rules: list[tuple[str, ...]] = []
    class_usd_factor: list[FloatArray] = []
    unserved: dict[str, float] = dict.fromkeys(demand.groups, 0.0)
    served: dict[str, float] = dict.fromkeys(demand.groups, 0.0)
    reach_cache: dict[bytes, BoolArray] = {}
    for group in demand.groups:
        for commodity in COMMODITIES:
            spec = commodities.get(commodity)
            for is_transit in (False, True):
                keep = (demand.group == group) & (demand.commodity == commodity)
                keep &= transit == is_transit
                if not keep.any() or spec is None:
                    continue
                subsets: dict[bytes, tuple[CargoEffects, list[int]]] = {}
                for row in np.flatnonzero(keep).tolist():
                    fx = effects_of(row)
                    subsets.setdefault(fx.key(), (fx, []))[1].append(row)
                for n_sub, (fx, rows) in enumerate(subsets.values()):
                    part = np.zeros(keep.size, dtype=bool)
                    part[rows] = True
                    allowed = _allowed_links(network, spec, fx, closed.get(group), n_connectors)
                    key = np.packbits(allowed).tobytes()
                    if key not in reach_cache:
                        reach_cache[key] = reachable(assignment, allowed)
                    matrix = demand.matrix(zones, part)
                    blocked = (matrix > 0) & ~reach_cache[key]
                    unserved[group] += float(matrix[blocked].sum())
                    matrix[blocked] = 0.0
                    served[group] += float(matrix.sum())
                    if matrix.sum() <= 0:
                        continue
                    extra = _extra_cost(fx, penalties.get(group), spec, n_connectors, usd)
                    name = f"{group}/{commodity}/{'transit' if is_transit else 'other'}"
                    classes.append(
                        TrafficClass(
                            name=name if len(subsets) == 1 else f"{name}/{n_sub + 1}",
                            demand=matrix / 1e6,
                            toll_factor=1.0 / spec.value_of_time,
                            allowed=allowed,
                            extra_cost=extra,
                        )
                    )
                    keys.append((group, commodity, is_transit))
                    class_rules.append(fx.rules)
                    class_usd_factor.append(fx.usd_factor)
    response_links: tuple[tuple[int, int], ...] = ()
    response_start = assignment.n_links
    if response is not None and classes:
        ref = network if response_reference is None else response_reference
        if ref.n_edges != network.n_edges:
            msg = (
                f"response_reference: expected the network's {network.n_edges} edges with "
                f"other costs, got {ref.n_edges} edges"
            )
            raise DataError(msg)
        ref_usd, ref_hours = _tonne_costs(ref)
        assignment, classes, response_links = _with_response(
            assignment,
            classes,
            [k[1] for k in keys],
            response,
            free=np.r_[ref_hours, pad],
            toll=np.r_[ref_usd, pad],
        )
    return FreightProblem(
        network=network,
        assignment=assignment,
        classes=tuple(classes),
        class_keys=tuple(keys),
        zones=zones,
        demand=demand,
        unserved_tonnes=unserved,
        served_tonnes=served,
        class_rules=tuple(class_rules),
        class_usd_factor=tuple(class_usd_factor),
        response_links=response_links,
        response_start=response_start,
    )


def _check_problem(
    network: Network,
    demand: Demand,
    commodities: Mapping[str, CommoditySpec],
    *,
    closed: Mapping[str, BoolArray],
    penalties: Mapping[str, FloatArray],
) -> None:
    """Raise DataError for what :func:`assignment_problem` cannot assign (see its Raises)."""
    demand.check_zones(network.node_ids.tolist(), where="demand")
    for name in ("hours", "usd"):
        if name not in network.costs:
            msg = f"network: cost {name!r} is required for freight assignment"
            raise DataError(msg)
    for commodity in set(demand.commodity.tolist()):
        if commodity not in commodities:
            msg = (
                f"demand commodity {commodity!r} has no parameters; known: {', '.join(commodities)}"
            )
            raise DataError(msg)
    for label, table in (("closure", closed), ("penalty", penalties)):
        for group, values in table.items():
            if group not in demand.groups:
                msg = f"{label} for unknown OD group {group!r}; known: {', '.join(demand.groups)}"
                raise DataError(msg)
            if np.asarray(values).shape != (network.n_edges,):
                msg = f"{label} for {group!r}: expected {network.n_edges} edge values"
                raise DataError(msg)


def _tonne_costs(net: Network) -> tuple[FloatArray, FloatArray]:
    """Return USD a tonne (converted from per TEU where needed) and hours with risk, per edge."""
    usd = np.asarray(net.costs["usd"], dtype=np.float64)
    if net.cost_units.get("usd", "").endswith("/TEU"):
        usd = np.asarray(net.per_tonne().costs["usd"], dtype=np.float64)
    risk = np.asarray(net.costs.get("risk", np.zeros(net.n_edges)), dtype=np.float64)
    return usd, np.asarray(net.costs["hours"], dtype=np.float64) + risk


def _end_tonne_costs(net: Network) -> tuple[FloatArray, FloatArray]:
    """Per vertex, USD a tonne and hours of the lift at a trip's end (``Network.end_costs``)."""
    ends = net.end_costs
    usd = np.asarray(ends.get("usd", np.zeros(net.n_vertices)), dtype=np.float64)
    if net.cost_units.get("usd", "").endswith("/TEU"):
        usd = np.asarray(net.per_tonne().end_costs["usd"], dtype=np.float64)
    hours = np.asarray(ends.get("hours", np.zeros(net.n_vertices)), dtype=np.float64)
    return usd, hours


def _allowed_links(
    network: Network,
    spec: CommoditySpec,
    fx: CargoEffects,
    closure: BoolArray | None,
    n_connectors: int,
) -> BoolArray:
    """Return the links a class may use: its modes and transfers, less rule and group closures."""
    edge_ok = np.isin(network.edge_mode, [*spec.modes, "transfer"]) & ~fx.closed
    if closure is not None:
        edge_ok &= ~np.asarray(closure, dtype=bool)
    allowed: BoolArray = np.r_[edge_ok, np.ones(n_connectors, dtype=bool)]
    return allowed


def _extra_cost(
    fx: CargoEffects,
    penalty: FloatArray | None,
    spec: CommoditySpec,
    n_connectors: int,
    usd_t: FloatArray,
) -> FloatArray | None:
    """Return a class's extra perceived hours per link (rule and group penalties), or None.

    A through tariff is what it saves on the links' money (``usd_t``, USD a tonne): a negative
    extra never larger than the link's own money, so the class's cost stays positive.
    """
    usd_extra = fx.penalty_usd_t + (fx.usd_factor - 1.0) * usd_t
    if penalty is not None:
        usd_extra += np.asarray(penalty, dtype=np.float64)
    if not usd_extra.any():
        return None
    extra: FloatArray = np.r_[usd_extra / spec.value_of_time, np.zeros(n_connectors)]
    return extra


def _with_response(
    assignment: AssignmentNetwork,
    classes: list[TrafficClass],
    commodities: Sequence[str],
    response: DemandResponse,
    *,
    free: FloatArray,
    toll: FloatArray,
) -> tuple[AssignmentNetwork, list[TrafficClass], tuple[tuple[int, int], ...]]:
    """Return ``assignment`` with one "not served" link per OD pair with demand.

    Each class has its threshold cost on the links of its OD pairs (see
    :mod:`~eurasia.corridors.assignment.response`).
    """
    n = assignment.n_links
    wanted = np.zeros((assignment.n_zones, assignment.n_zones), dtype=bool)
    for c in classes:
        wanted |= np.asarray(c.demand) > 0
    pairs = tuple((int(o), int(d)) for o, d in zip(*np.nonzero(wanted), strict=True))
    o_idx = np.array([p[0] for p in pairs], dtype=np.int64)
    d_idx = np.array([p[1] for p in pairs], dtype=np.int64)
    zones = np.asarray(assignment.zones)
    extended = []
    for c, commodity in zip(classes, commodities, strict=True):
        extra = np.zeros(n) if c.extra_cost is None else np.asarray(c.extra_cost)
        cost = free + c.toll_factor * toll + extra
        forest = ShortestPathForest(assignment, c.allowed)
        dist, _, _ = forest.trees(cost, np.arange(assignment.n_zones))
        to_zone = dist[:, forest.targets]
        cap = to_zone[o_idx, d_idx] + response.extra_hours(commodity)
        cap = np.where(np.isfinite(cap) & (np.asarray(c.demand)[o_idx, d_idx] > 0), cap, 0.0)
        allowed = None if c.allowed is None else np.r_[c.allowed, np.ones(len(pairs), dtype=bool)]
        extended.append(
            TrafficClass(
                name=c.name,
                demand=c.demand,
                toll_factor=c.toll_factor,
                distance_factor=c.distance_factor,
                pce=c.pce,
                allowed=allowed,
                extra_cost=np.r_[extra, cap],
            )
        )
    pad = np.zeros(len(pairs))
    grown = AssignmentNetwork.from_arrays(
        n_nodes=assignment.n_nodes,
        tail=np.r_[assignment.tail, zones[o_idx]],
        head=np.r_[assignment.head, zones[d_idx]],
        free_flow_time=np.r_[assignment.vdf.free_flow_time, pad],
        capacity=np.r_[assignment.vdf.capacity, pad + 1.0],
        alpha=np.r_[assignment.vdf.alpha, pad],
        beta=np.r_[assignment.vdf.beta, pad + FREIGHT_BETA],
        length=np.r_[assignment.length, pad],
        toll=np.r_[assignment.toll, pad],
        zones=zones,
        no_through=assignment.no_through,
    )
    return grown, extended, pairs


def _bpr_parameter(
    own: FloatArray, override: float | None, default: float, name: str
) -> FloatArray:
    """Per-edge BPR parameter: ``override`` everywhere, else the edge's own, else ``default``."""
    if override is not None:
        if not (math.isfinite(override) and override >= 0):
            msg = f"BPR {name}: expected a finite number >= 0, got {override!r}"
            raise DataError(msg)
        return np.full(own.shape, float(override))
    return np.where(np.isfinite(own), own, default)


@dataclass
class FreightResult:
    """Equilibrium freight flows on the network and the indicators derived from them.

    Flows are in Mt a year; per-edge arrays follow the network's edge order.
    """

    problem: FreightProblem
    assignment: AssignmentResult
    edge_flow_mt: FloatArray
    edge_hours: FloatArray
    edge_vc: FloatArray
    group_flow_mt: dict[str, FloatArray]
    transit_flow_mt: FloatArray
    over_threshold_tonnes: dict[str, float] = field(default_factory=dict)
    indicators: dict[str, float] = field(default_factory=dict)

    @property
    def network(self) -> Network:
        """The network the flows are on."""
        return self.problem.network


def run_freight(
    network: Network,
    demand: Demand,
    *,
    commodities: Mapping[str, CommoditySpec] = DEFAULT_COMMODITIES,
    alpha: float | None = None,
    beta: float | None = None,
    closed_for_groups: Mapping[str, BoolArray] | None = None,
    penalty_for_groups: Mapping[str, FloatArray] | None = None,
    method: str = "bfw",
    relative_gap: float = 1e-5,
    max_iterations: int = 1000,
    home_country: str = HOME_COUNTRY,
    rules: Sequence[Rule] = (),
    rules_on: dt.date | None = None,
    response: DemandResponse | None = None,
    response_reference: Network | None = None,
    service: str = "typical",
) -> FreightResult:
    """Assign ``demand`` on ``network`` to user equilibrium and compute the indicators.

    Parameters
    ----------
    network, demand, commodities, alpha, beta, closed_for_groups, penalty_for_groups
        See :func:`assignment_problem`.
    home_country, rules, rules_on, response, response_reference
        See :func:`assignment_problem`.
    service
        Rail service level, ``typical`` or ``block``
        (:func:`~eurasia.corridors.network.service.with_service`), applied to ``network``;
        the demand response keeps measuring from ``network`` as given unless
        ``response_reference`` says otherwise.
    method, relative_gap, max_iterations
        See :func:`~eurasia.corridors.assignment.equilibrium.assign`.

    Returns
    -------
    FreightResult
        Edge flows, times, v/c and the indicators: ``transit_mt`` (through ``home_country``),
        ``middle_corridor_mt``, ``demand_mt``, ``served_mt``, ``unserved_mt`` (no path, plus
        over the demand response's threshold: ``unserved_no_path_mt``,
        ``unserved_over_threshold_mt``), ``cost_musd``,
        ``tonne_hours_m``, ``co2_kt``, ``tonne_km_bn``, ``relative_gap``, ``iterations``.

    Raises
    ------
    DataError
        As :func:`assignment_problem`, or when no demand can be served at all.
    """
    if service != "typical" and response_reference is None:
        response_reference = network
    network = with_service(network, service)
    problem = assignment_problem(
        network,
        demand,
        commodities=commodities,
        alpha=alpha,
        beta=beta,
        closed_for_groups=closed_for_groups,
        penalty_for_groups=penalty_for_groups,
        home_country=home_country,
        rules=rules,
        rules_on=rules_on,
        response=response,
        response_reference=response_reference,
    )
    if not problem.classes:
        msg = "no demand can be served: every OD pair lacks a usable path"
        raise DataError(msg)
    result = assign(
        problem.assignment,
        list(problem.classes),
        method=method,  # type: ignore[arg-type]
        relative_gap=relative_gap,
        max_iterations=max_iterations,
    )
    m = network.n_edges
    flows = result.class_flow[:, :m]
    edge_flow = flows.sum(axis=0)
    edge_hours = result.link_time[:m]
    capacity = np.asarray(network.edge_capacity, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        vc = np.where(np.isfinite(capacity) & (capacity > 0), edge_flow / capacity, 0.0)
    groups: dict[str, FloatArray] = {}
    transit = np.zeros(m)
    shifted: dict[str, float] = dict.fromkeys(problem.demand.groups, 0.0)
    start = problem.response_start
    for k, ((group, _commodity, is_transit), row) in enumerate(
        zip(problem.class_keys, flows, strict=True)
    ):
        groups[group] = groups.get(group, np.zeros(m)) + row
        if is_transit:
            transit += row
        if problem.response_links:
            shifted[group] += float(result.class_flow[k, start:].sum()) * 1e6
    res = FreightResult(
        problem=problem,
        assignment=result,
        edge_flow_mt=edge_flow,
        edge_hours=edge_hours,
        edge_vc=vc,
        group_flow_mt=groups,
        transit_flow_mt=transit,
        over_threshold_tonnes=shifted,
    )
    res.indicators = _indicators(res, home_country)
    return res


def flow_cost_musd(res: FreightResult, usd_t: npt.ArrayLike) -> float:
    """Return the flow's money in million USD: each class's edge flow at its through tariffs.

    ``usd_t`` is USD a tonne per network edge (e.g. ``usd``, ``usd_low`` or ``usd_high``); a
    class a through tariff covers pays it times the tariff's factor
    (:attr:`FreightProblem.class_usd_factor`).
    """
    usd_t = np.asarray(usd_t, dtype=np.float64)
    factors = res.problem.class_usd_factor
    if not factors:
        return float(res.edge_flow_mt @ usd_t)
    flows = res.assignment.class_flow[:, : res.network.n_edges]
    return float(sum(row @ (usd_t * f) for row, f in zip(flows, factors, strict=True)))


def _indicators(res: FreightResult, home: str) -> dict[str, float]:
    net = res.network
    problem = res.problem
    flow = res.edge_flow_mt
    entering = (net.edge_country != home) & (net.edge_country_to == home)
    caspian = (net.edge_mode == "ferry") & (
        ((net.edge_country == home) & (net.edge_country_to == "AZ"))
        | ((net.edge_country == "AZ") & (net.edge_country_to == home))
    )
    usd = np.asarray(net.costs["usd"], dtype=np.float64)
    if net.cost_units.get("usd", "").endswith("/TEU"):
        usd = np.asarray(net.per_tonne().costs["usd"], dtype=np.float64)
    co2 = np.asarray(net.costs.get("co2_kg", np.zeros(net.n_edges)), dtype=np.float64)
    if net.cost_units.get("co2_kg", "").endswith("/TEU"):
        co2 = np.asarray(net.per_tonne().costs["co2_kg"], dtype=np.float64)
    km = np.asarray(net.costs.get("km", np.zeros(net.n_edges)), dtype=np.float64)
    over = sum(res.over_threshold_tonnes.values()) / 1e6
    served = sum(problem.served_tonnes.values()) / 1e6 - over
    no_path = sum(problem.unserved_tonnes.values()) / 1e6
    return {
        "demand_mt": problem.demand.total() / 1e6,
        "served_mt": served,
        "unserved_mt": no_path + over,
        "unserved_no_path_mt": no_path,
        "unserved_over_threshold_mt": over,
        "transit_mt": float(res.transit_flow_mt[entering].sum()),
        "middle_corridor_mt": float(flow[caspian].sum()),
        "cost_musd": flow_cost_musd(res, usd),
        "tonne_hours_m": float(flow @ res.edge_hours),
        "co2_kt": float(flow @ co2),
        "tonne_km_bn": float(flow @ km) / 1e3,
        "relative_gap": res.assignment.relative_gap,
        "iterations": float(res.assignment.iterations),
    }


def corridor_shares(res: FreightResult) -> dict[str, float]:
    """Share of tonne-km by corridor family; an edge in several families splits its tonne-km.

    Edges outside every family count as ``other``.
    """
    net = res.network
    km = np.asarray(net.costs.get("km", np.zeros(net.n_edges)), dtype=np.float64)
    tkm = res.edge_flow_mt * km
    totals: dict[str, float] = {}
    for value, tags in zip(tkm.tolist(), net.edge_corridors.tolist(), strict=True):
        families = [t for t in str(tags).split("|") if t] or ["other"]
        for family in families:
            totals[family] = totals.get(family, 0.0) + value / len(families)
    whole = sum(totals.values())
    if whole <= 0 or not math.isfinite(whole):
        return dict.fromkeys(totals, 0.0)
    return {k: v / whole for k, v in sorted(totals.items(), key=lambda kv: -kv[1])}


def bottlenecks(
    res: FreightResult, *, threshold: float = 0.9, default_capacity: bool = False
) -> list[dict[str, object]]:
    """Edges with a capacity loaded above ``threshold`` (v/c), most loaded first.

    Edges whose capacity is only their mode's default (``capacity_basis`` ``default``) are left
    out: their v/c says more about the default than about the line. ``default_capacity=True``
    lists exactly those instead ("default capacity"), for a separate, labelled table.
    """
    order = np.argsort(-res.edge_vc, kind="stable")
    basis = res.network.edge_capacity_basis
    out: list[dict[str, object]] = []
    for e in order.tolist():
        if res.edge_vc[e] <= threshold:
            break
        if (str(basis[e]) == "default") == default_capacity:
            out.append(_edge_record(res, e))
    return out


def _edge_record(res: FreightResult, e: int) -> dict[str, object]:
    net = res.network
    src = int(net.vertex_node[net.edge_source[e]])
    dst = int(net.vertex_node[net.edge_target[e]])
    return {
        "edge": str(net.edge_id[e]),
        "kind": str(net.edge_kind[e]),
        "mode": str(net.edge_mode[e]),
        "from": str(net.node_ids[src]),
        "to": str(net.node_ids[dst]),
        "from_name": str(net.node_name[src]),
        "to_name": str(net.node_name[dst]),
        "country": str(net.edge_country[e]),
        "country_to": str(net.edge_country_to[e]),
        "flow_mt": float(res.edge_flow_mt[e]),
        "capacity_mt": float(net.edge_capacity[e]),
        "capacity_basis": str(net.edge_capacity_basis[e]),
        "vc": float(res.edge_vc[e]),
        "hours": float(res.edge_hours[e]),
        "corridors": str(net.edge_corridors[e]),
    }


def edge_table(res: FreightResult) -> list[dict[str, object]]:
    """One record per edge: ids, end nodes, flow, capacity, v/c, congested hours."""
    return [_edge_record(res, e) for e in range(res.network.n_edges)]
