"""Route options turned into a search: criteria, weights, the network view and the resolved places."""

from __future__ import annotations

import datetime as dt
import math
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from eurasia.corridors.graph.csr import Graph
from eurasia.corridors.network.model import Network
from eurasia.corridors.network.names import resolve_node
from eurasia.corridors.rules.effects import (
    CargoEffects,
    cargo_effects,
    rule_date,
    rule_mask,
    with_tariff,
)
from eurasia.corridors.rules.table import Rule
from eurasia.errors import DataError, NoRouteError, NotFoundError

__all__ = ["CRITERIA", "Places", "parse_optimize", "resolve_places"]

Optimize = str | Mapping[str, float]
_Found = TypeVar("_Found")


#: Criterion names and the cost column each stands for on the bundled network.
CRITERIA: Mapping[str, str] = {
    "time": "hours",
    "cost": "usd",
    "co2": "co2_kg",
    "risk": "risk",
    "distance": "km",
}


_MAX_YEN_CANDIDATES = 200


@dataclass(frozen=True)
class _Routing:
    """The network's CSR graph with gates, so a route starts and ends at a node, any side.

    Vertex ``n_vertices + i`` is the source gate of node ``i`` (edges to each of its vertices),
    vertex ``n_vertices + n_nodes + i`` its sink gate (edges from each of its vertices). A gate
    edge costs the network's ``end_costs`` of its vertex (the lift onto or off the mode of that
    side, so that a route pays its two ends); ``real`` maps a graph edge to its network edge
    (``-1`` for gate edges).
    """

    graph: Graph
    real: npt.NDArray[np.int64]
    real_pos: npt.NDArray[np.int64]
    real_idx: npt.NDArray[np.int64]
    costs: Mapping[str, npt.NDArray[np.float64]]
    n_vertices: int
    n_nodes: int

    def source(self, node: int) -> int:
        return self.n_vertices + node

    def sink(self, node: int) -> int:
        return self.n_vertices + self.n_nodes + node

    def expand(self, real_values: npt.NDArray[Any], gate_value: Any) -> npt.NDArray[Any]:
        """Per-network-edge values in graph edge order, ``gate_value`` on gate edges."""
        out = np.full(self.graph.n_edges, gate_value, dtype=real_values.dtype)
        out[self.real_pos] = real_values[self.real_idx]
        return out

    def network_edges(self, graph_edges: Iterable[int]) -> tuple[int, ...]:
        return tuple(int(self.real[e]) for e in graph_edges if self.real[e] >= 0)


_ROUTING: weakref.WeakKeyDictionary[Network, _Routing] = weakref.WeakKeyDictionary()


def _routing(network: Network) -> _Routing:
    found = _ROUTING.get(network)
    if found is not None:
        return found
    nv, nn, m = network.n_vertices, network.n_nodes, network.n_edges
    vertices = np.arange(nv, dtype=np.int64)
    tails = np.concatenate([network.edge_source, vertices, nv + network.vertex_node])
    heads = np.concatenate([network.edge_target, nv + nn + network.vertex_node, vertices])
    real = np.concatenate([np.arange(m, dtype=np.int64), np.full(2 * nv, -1, dtype=np.int64)])
    graph, order = Graph.from_arrays(tails, heads, n_vertices=nv + 2 * nn)
    real = real[order]
    real_pos = np.flatnonzero(real >= 0).astype(np.int64)
    result = _Routing(
        graph=graph,
        real=real,
        real_pos=real_pos,
        real_idx=real[real_pos],
        costs={},
        n_vertices=nv,
        n_nodes=nn,
    )
    costs = {
        name: np.concatenate([col, np.tile(network.end_costs[name], 2)])[order]
        for name, col in network.costs.items()
    }
    object.__setattr__(result, "costs", costs)
    _ROUTING[network] = result
    return result


def _column(network: Network, name: str) -> str:
    if name in network.costs:
        return name
    column = CRITERIA.get(name)
    if column is not None and column in network.costs:
        return column
    known = sorted({*network.costs, *(k for k, v in CRITERIA.items() if v in network.costs)})
    msg = f"criterion {name!r} is not a cost of this network; expected one of {known}"
    raise NotFoundError(msg)


def _weights(network: Network, optimize: Optimize) -> tuple[str, dict[str, float]]:
    """Return the criterion label and ``{column: weight}`` for ``optimize``."""
    if isinstance(optimize, str):
        return optimize, {_column(network, optimize): 1.0}
    if not isinstance(optimize, Mapping) or not optimize:
        msg = f"optimize: expected a criterion name or a non-empty mapping, got {optimize!r}"
        raise DataError(msg)
    weights: dict[str, float] = {}
    for name, weight in optimize.items():
        w = float(weight)
        if not (math.isfinite(w) and w >= 0):
            msg = f"optimize[{name!r}]: expected a finite weight >= 0, got {weight!r}"
            raise DataError(msg)
        column = _column(network, name)
        weights[column] = weights.get(column, 0.0) + w
    if not any(weights.values()):
        msg = "optimize: at least one weight must be positive"
        raise DataError(msg)
    label = " + ".join(f"{w:g}*{name}" for name, w in optimize.items())
    return label, weights


@dataclass(frozen=True)
class Places:
    """The places of a query as node numbers, resolved once from what the reader typed.

    Attributes
    ----------
    origin, destination
        Node numbers.
    via
        Node numbers of the places to pass, in order.
    avoid
        Node numbers of the places not to use.
    """

    origin: int
    destination: int
    via: tuple[int, ...] = ()
    avoid: tuple[int, ...] = ()


def resolve_places(
    network: Network,
    origin: str,
    destination: str,
    *,
    via: Iterable[str] = (),
    avoid_nodes: Iterable[str] = (),
) -> Places:
    """Resolve every place of a route query once (ids, names in any script, aliases).

    Raises
    ------
    UnknownPlaceError
        A place matches nothing (with the closest names as suggestions).
    DataError
        A place is ambiguous or empty, or origin and destination are the same place.

    Examples
    --------
    >>> net = Network.from_edges(["Aktau", "Almaty"], ["Kuryk", "Aktau"])
    >>> resolve_places(net, "almaty", "KURYK", via=["aktau"])
    Places(origin=1, destination=2, via=(0,), avoid=())
    """
    o = resolve_node(network, origin)
    d = resolve_node(network, destination)
    if o == d:
        msg = f"origin and destination are the same place: {str(network.node_ids[o])!r}"
        raise DataError(msg)
    return Places(
        origin=o,
        destination=d,
        via=tuple(resolve_node(network, v) for v in via),
        avoid=tuple(resolve_node(network, n) for n in avoid_nodes),
    )


@dataclass(frozen=True)
class _RuleEffect:
    """A rule in force for the query's cargo and the network edges it acts on."""

    rule: Rule
    edges: npt.NDArray[np.bool_]


#: Tonnes a TEU (the unit of per-TEU money when a penalty in USD a tonne is perceived).
_T_PER_TEU = 10.0


def _rule_effects(
    net: Network,
    rules: Sequence[Rule],
    *,
    origin: int,
    destination: int,
    commodity: str,
    on: dt.date,
) -> tuple[tuple[_RuleEffect, ...], CargoEffects]:
    """Per rule in force for this cargo.

    The edges it closes, penalises or prices; and the combined effects per edge (closed mask,
    penalty in USD a tonne, through-tariff factor), from
    :func:`~eurasia.corridors.rules.effects.cargo_effects` (the one function assignment uses).
    """
    o_c, d_c = str(net.node_country[origin]), str(net.node_country[destination])
    fx = cargo_effects(
        rules, net, origin_country=o_c, destination_country=d_c, commodity=commodity, on=on
    )
    acted = set(fx.rules)
    out = [
        _RuleEffect(r, rule_mask(r, net, r.countries_for(o_c, d_c))) for r in rules if r.id in acted
    ]
    return tuple(out), fx


@dataclass(frozen=True)
class _Query:
    network: Network
    routing: _Routing
    origin: int
    destination: int
    via: tuple[int, ...]
    edge_ok: npt.NDArray[np.bool_]
    vertex_ok: npt.NDArray[np.bool_]
    max_transfers: int | None
    cargo: str
    avoid_countries: tuple[str, ...] = ()
    avoid_places: tuple[int, ...] = ()
    avoid_links: tuple[str, ...] = ()
    avoid_modes: tuple[str, ...] = ()
    service: str = "typical"
    rule_effects: tuple[_RuleEffect, ...] = ()

    @property
    def avoided(self) -> tuple[str, ...]:
        """What the query avoids, in words (for messages)."""
        net = self.network
        out = []
        if self.avoid_countries:
            out.append(f"countries {', '.join(self.avoid_countries)}")
        if self.avoid_places:
            out.append("places " + ", ".join(str(net.node_name[i]) for i in self.avoid_places))
        if self.avoid_links:
            out.append("links " + ", ".join(self.avoid_links))
        if self.avoid_modes:
            out.append("modes " + ", ".join(self.avoid_modes))
        return tuple(out)

    def search(self, find: Callable[..., _Found], weights: npt.ArrayLike, **options: Any) -> _Found:
        """Run the graph search ``find`` for this query and return what it finds.

        Every search of a query runs on its routing graph from the origin's source gate to the
        destination's sink gate, within its edge and vertex masks, over edges in CSR order.

        Parameters
        ----------
        find
            A search of :mod:`eurasia.corridors.graph` taking ``(graph, weights, source,
            target)`` and the keywords ``edge_ok``, ``vertex_ok`` and ``order``.
        weights
            Its per-graph-edge weights (or cost matrix, for a Pareto search).
        options
            Further keywords of ``find``.

        Returns
        -------
        object
            What ``find`` returns.
        """
        r = self.routing
        return find(
            r.graph,
            weights,
            r.source(self.origin),
            r.sink(self.destination),
            edge_ok=self.edge_ok,
            vertex_ok=self.vertex_ok,
            order="csr",
            **options,
        )


def _query(
    network: Network,
    places: Places,
    *,
    cargo: str = "teu",
    avoid_countries: Iterable[str] = (),
    avoid_links: Iterable[str] = (),
    avoid_modes: Iterable[str] = (),
    max_transfers: int | None = None,
    year: int | None = None,
    service: str = "typical",
    rules: Sequence[Rule] = (),
    commodity: str = "containers",
) -> _Query:
    from eurasia.corridors.network.codes import Mode
    from eurasia.geo import check_country_code

    if cargo not in ("teu", "tonne"):
        msg = f"cargo: expected 'teu' or 'tonne', got {cargo!r}"
        raise DataError(msg)
    if max_transfers is not None and max_transfers < 0:
        msg = f"max_transfers: expected a number >= 0, got {max_transfers}"
        raise DataError(msg)
    net = network if year is None else network.as_of(year)
    on = rule_date(year)
    net = _served(net, service, rules, on)
    if cargo == "tonne":
        net = net.per_tonne()
    o, d, waypoints = places.origin, places.destination, places.via
    countries = sorted({check_country_code(c, where="avoid_countries") for c in avoid_countries})
    modes = set()
    for mode in avoid_modes:
        try:
            modes.add(str(Mode(str(mode).lower())))
        except ValueError:
            msg = f"avoid_modes: unknown mode {mode!r}; expected one of {[m.value for m in Mode]}"
            raise DataError(msg) from None
    node_ok = ~np.isin(net.node_country, countries)
    if places.avoid:
        node_ok[list(places.avoid)] = False
    for place, what in [(o, "origin"), (d, "destination")] + [(w, "via") for w in waypoints]:
        if not node_ok[place]:
            msg = f"{what} {str(net.node_ids[place])!r} lies in an avoided country or place"
            raise DataError(msg)
    edge_ok = node_ok[net.vertex_node[net.edge_source]] & node_ok[net.vertex_node[net.edge_target]]
    if year is None:  # today's network: no line under construction or planned
        edge_ok &= ~np.isin(net.edge_status, ["construction", "planned"])
    if countries:
        edge_ok &= ~np.isin(net.edge_country, countries) & ~np.isin(net.edge_country_to, countries)
    links = [str(link) for link in avoid_links]
    for link in links:
        found = np.flatnonzero(net.edge_id == link)
        if not found.size:
            network.edges_of(link)  # NotFoundError unless the link exists but is not open yet
        edge_ok[found] = False
    if modes:
        edge_ok &= ~np.isin(net.edge_mode, sorted(modes))
    effects, closed, routing, net = _ruled(net, tuple(rules), o, d, commodity, on, cargo)
    edge_ok &= ~closed
    side_ok = node_ok[net.vertex_node]
    if modes:  # no transfer onto an avoided mode's side either, nor a lift at a route's end there
        side_ok &= ~np.isin(net.vertex_mode, sorted(modes))
    vertex_ok = np.concatenate([side_ok, np.ones(2 * net.n_nodes, dtype=bool)])
    return _Query(
        network=net,
        routing=routing,
        origin=o,
        destination=d,
        via=waypoints,
        edge_ok=routing.expand(edge_ok, True),
        vertex_ok=vertex_ok,
        max_transfers=max_transfers,
        cargo=cargo,
        avoid_countries=tuple(countries),
        avoid_places=tuple(dict.fromkeys(places.avoid)),
        avoid_links=tuple(links),
        avoid_modes=tuple(sorted(modes)),
        service=service,
        rule_effects=effects,
    )


_Ruled = tuple[tuple[_RuleEffect, ...], npt.NDArray[np.bool_], _Routing, Network]
_RULED: weakref.WeakKeyDictionary[Network, dict[tuple[object, ...], _Ruled]] = (
    weakref.WeakKeyDictionary()
)


def _ruled(
    net: Network,
    rules: tuple[Rule, ...],
    origin: int,
    destination: int,
    commodity: str,
    on: dt.date,
    cargo: str,
) -> _Ruled:
    """Return the rules' effects for this cargo, the edges they close, the routing graph and network.

    The network's money carries the through tariffs that cover the cargo (so do a route's
    totals); the graph perceives the rules' penalties besides. Cached per network and cargo
    (countries, commodity, date).
    """
    key = (
        rules,
        str(net.node_country[origin]),
        str(net.node_country[destination]),
        commodity,
        on,
        cargo,
    )
    cache = _RULED.setdefault(net, {})
    found = cache.get(key)
    if found is None:
        effects, fx = _rule_effects(
            net, rules, origin=origin, destination=destination, commodity=commodity, on=on
        )
        priced = with_tariff(net, fx.usd_factor)
        routing = _routing(priced)
        if fx.penalty_usd_t.any():
            routing = _perceived(
                routing, priced, fx.penalty_usd_t, commodity=commodity, cargo=cargo
            )
        harmonised = tuple(
            _RuleEffect(r, rule_mask(r, net))
            for r in rules
            if r.kind == "harmonisation" and r.in_force(on)
        )
        if len(cache) > 256:  # bounded: many country pairs, dates and rule sets
            cache.clear()
        found = (effects + harmonised, fx.closed, routing, priced)
        cache[key] = found
    return found


_SERVED: weakref.WeakKeyDictionary[Network, dict[tuple[object, ...], Network]] = (
    weakref.WeakKeyDictionary()
)


def _served(net: Network, service: str, rules: Sequence[Rule], on: dt.date) -> Network:
    """Return ``net`` at the service level with the harmonisation in force.

    Cached per network, so repeated queries reuse one routing graph.
    """
    from eurasia.corridors.network.service import with_service
    from eurasia.corridors.rules.effects import harmonise

    measures = tuple(r for r in rules if r.kind == "harmonisation" and r.in_force(on))
    if service == "typical" and not measures:
        return net
    key = (service, measures)
    cache = _SERVED.setdefault(net, {})
    found = cache.get(key)
    if found is None:
        found, _ = harmonise(with_service(net, service), measures, on=on)
        cache[key] = found
    return found


def _perceived(
    routing: _Routing,
    net: Network,
    penalty_usd_t: npt.NDArray[np.float64],
    *,
    commodity: str,
    cargo: str,
) -> _Routing:
    """Return the routing graph with rule penalties added to what the search minimises.

    As hours (USD a tonne over the commodity's value of time) and as money (per TEU or per tonne);
    the route's reported totals stay the network's own.
    """
    from dataclasses import replace

    from eurasia.corridors.assignment.freight import DEFAULT_COMMODITIES

    vot = DEFAULT_COMMODITIES[commodity].value_of_time
    extra = {
        "hours": penalty_usd_t / vot,
        "usd": penalty_usd_t * (1.0 if cargo == "tonne" else _T_PER_TEU),
    }
    costs = dict(routing.costs)
    for column, values in extra.items():
        if column in costs and column in net.costs:
            costs[column] = costs[column] + routing.expand(values, 0.0)
    return replace(routing, costs=costs)


def _combined(q: _Query, weights: Mapping[str, float]) -> npt.NDArray[np.float64]:
    costs = q.routing.costs
    w = np.zeros(q.routing.graph.n_edges)
    for column, weight in weights.items():
        if weight:
            w += weight * costs[column]
    return w


def _transfer_use(q: _Query) -> npt.NDArray[np.int64]:
    return q.routing.expand((q.network.edge_kind == "transfer").astype(np.int64), 0)


def _no_route(q: _Query) -> NoRouteError:
    net = q.network
    extra = [f"via {', '.join(str(net.node_name[v]) for v in q.via)}"] if q.via else []
    if q.max_transfers is not None:
        extra.append(f"at most {q.max_transfers} transfers")
    if q.avoided:
        extra.append("avoiding " + "; ".join(q.avoided))
    tail = f" ({', '.join(extra)})" if extra else ""
    return NoRouteError(
        f"no route from {net.node_name[q.origin]} to {net.node_name[q.destination]}{tail}"
    )


def parse_optimize(text: str) -> str | dict[str, float]:
    """``"time"`` or ``"time:1,cost:0.01"`` (criterion:weight pairs) as :func:`route` wants.

    Raises
    ------
    DataError
        If a weight is not a number.

    Examples
    --------
    >>> parse_optimize("cost"), parse_optimize("time:1, cost:0.01")
    ('cost', {'time': 1.0, 'cost': 0.01})
    """
    if ":" not in text:
        return text.strip()
    weights: dict[str, float] = {}
    for part in text.split(","):
        name, _, value = part.partition(":")
        try:
            weights[name.strip()] = float(value)
        except ValueError:
            msg = f"optimize: expected criterion:weight pairs, got {part.strip()!r}"
            raise DataError(msg) from None
    return weights
