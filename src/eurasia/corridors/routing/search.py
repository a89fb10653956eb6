"""Freight routes on a :class:`~eurasia.corridors.network.Network`: best, alternatives, Pareto sets.

Three questions, one set of options:

- :func:`route` — the best route for one criterion (``"time"``, ``"cost"``, ``"co2"``,
  ``"risk"``, ``"distance"``, or any cost column of the network) or a weighted mix of them;
- :func:`alternatives` — ``k`` loopless routes in order of the criterion that differ from each
  other by at least a share of their distance (their overlap is reported);
- :func:`pareto` — the exact set of routes no other route beats on every criterion.

Options: ``avoid_countries`` (ISO alpha-2; no node in them, no link into or out of them),
``avoid_nodes``, ``avoid_links`` (link or transfer ids), ``avoid_modes``, ``via`` (places to pass
in order), ``max_transfers`` (gauge changes, port calls and mode changes), ``year`` (the network as
of that year: lines opened by then; without it, open lines only) and ``cargo`` (``"teu"`` or ``"tonne"``: the unit of the money
and CO2 figures). Places are resolved forgivingly by :func:`eurasia.corridors.names.resolve_node`.

A :class:`Route` lists its legs (runs of links of one mode, gauge and country), its transfers
(gauge changes, port calls, mode changes, border crossings), its totals for every cost column and a
plain-language explanation. Where the network has the bundled cost columns the criteria map to them:
time = ``hours``, cost = ``usd``, co2 = ``co2_kg``, risk = ``risk``, distance = ``km``.

Examples
--------
>>> from eurasia.corridors.network import Network
>>> net = Network.from_edges(
...     ["a", "b", "a", "c"], ["b", "d", "c", "d"],
...     {"hours": [10.0, 10.0, 5.0, 30.0], "usd": [100.0, 100.0, 50.0, 60.0]},
...     nodes={"country": ["KZ", "RU", "CN", "DE"]}, directed=False)
>>> r = route(net, "a", "d")
>>> r.nodes, r.totals["hours"]
(('a', 'b', 'd'), 20.0)
>>> route(net, "a", "d", optimize="cost").nodes
('a', 'c', 'd')
>>> route(net, "a", "d", avoid_countries=["RU"]).nodes
('a', 'c', 'd')
>>> [p.totals["usd"] for p in pareto(net, "a", "d", criteria=("time", "cost"))]
[200.0, 110.0]
"""

from __future__ import annotations

import itertools
import math
import weakref
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from eurasia.corridors import paths
from eurasia.corridors.names import resolve_node
from eurasia.corridors.network import Network
from eurasia.errors import DataError, NoRouteError, NotFoundError

__all__ = [
    "CRITERIA",
    "DISRUPTION_HOURS",
    "Leg",
    "Route",
    "Transfer",
    "alternatives",
    "pareto",
    "parse_optimize",
    "route",
]

#: Criterion names and the cost column each stands for on the bundled network.
CRITERIA: Mapping[str, str] = {
    "time": "hours",
    "cost": "usd",
    "co2": "co2_kg",
    "risk": "risk",
    "distance": "km",
}

Optimize = str | Mapping[str, float]
Cargo = Literal["teu", "tonne"]

_MAX_YEN_CANDIDATES = 200

#: Mean delay of one disruption, in hours (estimate: a closed crossing, a suspended sailing or a
#: sanctions inspection typically holds a train or box for about three days). Used to turn the
#: ``risk`` column (expected delay hours) into the chance of a disruption; see :attr:`Route.reliability`.
DISRUPTION_HOURS = 72.0


# ------------------------------------------------------------------------------------------
# result types
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Leg:
    """A run of consecutive links of one mode, gauge and (on land) country.

    A land leg ends at a border; a sea or ferry leg runs from port call to port call, and its
    ``country`` is that of its first port.

    ``costs`` holds the leg's sum of every cost column, less what its links spend at a border
    or waiting for a sailing when the network splits ``hours`` into parts (``hours_border``,
    ``hours_wait``, ``usd_border``): those are :class:`Transfer` events of their own, so the legs
    and transfers of a route add up to its totals. ``km``, ``hours``, ``cost``, ``co2`` and
    ``risk`` read the bundled columns from it (NaN when the network lacks one); the ``_low`` /
    ``_high`` columns keep the links' whole values.
    """

    mode: str
    from_node: str
    to_node: str
    from_name: str
    to_name: str
    country: str
    gauge: int
    links: tuple[str, ...]
    costs: Mapping[str, float]

    def _get(self, name: str) -> float:
        return float(self.costs.get(name, math.nan))

    @property
    def km(self) -> float:
        """Length in km."""
        return self._get("km")

    @property
    def hours(self) -> float:
        """Time in hours."""
        return self._get("hours")

    @property
    def cost(self) -> float:
        """Money in USD per cargo unit."""
        return self._get("usd")

    @property
    def co2(self) -> float:
        """CO2e in kg per cargo unit."""
        return self._get("co2_kg")

    @property
    def risk(self) -> float:
        """Risk in the network's ``risk`` unit."""
        return self._get("risk")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "mode": self.mode,
            "from": self.from_node,
            "to": self.to_node,
            "from_name": self.from_name,
            "to_name": self.to_name,
            "country": self.country,
            "gauge_mm": self.gauge or None,
            "links": list(self.links),
            "costs": dict(self.costs),
        }


@dataclass(frozen=True)
class Transfer:
    """An event between legs: ``gauge_change``, ``port``, ``mode_change``, ``border_crossing``
    or ``sailing_wait``.

    ``costs`` holds the transfer edge's own costs (time, money, CO2). A border crossing (on a
    rail or road link between two countries) and the wait for a ferry or sea sailing (half the
    interval between sailings, at the port the link leaves from) have no edge of their own: their
    ``costs`` are the ``hours`` and ``usd`` of the link spent there (``hours_border`` and
    ``usd_border``; ``hours_wait`` and no money), taken out of the leg. On a network without those columns a
    border crossing has empty ``costs`` (its dwell stays in the leg) and no wait is reported.
    ``detail`` names the border (``CN → KZ``), the gauges (``1435→1520 mm``), the sides of a
    port call or mode change, or the link whose sailings are awaited. Sea and ferry legs cross no
    border: customs happen at their port calls.
    """

    kind: str
    node: str
    name: str
    country: str
    detail: str
    costs: Mapping[str, float]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "kind": self.kind,
            "node": self.node,
            "name": self.name,
            "country": self.country,
            "detail": self.detail,
            "costs": dict(self.costs),
        }


@dataclass(frozen=True)
class Route:
    """A route from ``origin`` to ``destination`` (node ids), with legs, transfers and totals.

    ``objective`` is the value of the optimised criterion (or weighted mix); ``overlap`` is the
    share of this route's distance (or objective, without ``km``) on links it shares with the
    best route (for alternatives; 1.0 for the best itself).
    """

    origin: str
    destination: str
    criterion: str
    objective: float
    nodes: tuple[str, ...]
    edges: tuple[int, ...]
    legs: tuple[Leg, ...]
    transfers: tuple[Transfer, ...]
    totals: Mapping[str, float]
    countries: tuple[str, ...]
    cargo: str
    units: Mapping[str, str]
    explanation: str = ""
    overlap: float = 1.0
    notes: tuple[str, ...] = field(default=())

    @property
    def days(self) -> float:
        """Total time in days (NaN without an ``hours`` column)."""
        return float(self.totals.get("hours", math.nan)) / 24.0

    @property
    def reliability(self) -> float | None:
        """Chance that no disruption hits the route, ``1 - prod(1 - p)`` over its edges.

        Each edge's ``risk`` (expected delay in hours, from per-country and per-link disruption
        and sanctions exposure) is read as a Poisson rate of disruptions of mean length
        :data:`DISRUPTION_HOURS`: ``p = 1 - exp(-risk / DISRUPTION_HOURS)``, so the product is
        ``exp(-total risk / DISRUPTION_HOURS)`` and does not depend on how links are cut.
        ``None`` when the network has no ``risk`` column.

        Examples
        --------
        >>> r = Route("a", "b", "time", 0.0, ("a", "b"), (0,), (), (), {"risk": 72.0}, ("KZ",),
        ...           "teu", {})
        >>> round(r.reliability, 3)
        0.368
        """
        if "risk" not in self.totals:
            return None
        return math.exp(-self.totals["risk"] / DISRUPTION_HOURS)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (used by the CLI's ``--json`` and the API)."""
        return {
            "origin": self.origin,
            "destination": self.destination,
            "criterion": self.criterion,
            "objective": self.objective,
            "cargo": self.cargo,
            "days": None if math.isnan(self.days) else self.days,
            "totals": dict(self.totals),
            "units": dict(self.units),
            "countries": list(self.countries),
            "nodes": list(self.nodes),
            "legs": [leg.to_dict() for leg in self.legs],
            "transfers": [t.to_dict() for t in self.transfers],
            "overlap": self.overlap,
            "reliability": self.reliability,
            "explanation": self.explanation,
        }


# ------------------------------------------------------------------------------------------
# the routing graph: network vertices plus a source and a sink gate per node
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Routing:
    """The network's CSR graph with gates, so a route starts and ends at a node, any side.

    Vertex ``n_vertices + i`` is the source gate of node ``i`` (edges to each of its vertices),
    vertex ``n_vertices + n_nodes + i`` its sink gate (edges from each of its vertices). Gate
    edges cost nothing; ``real`` maps a graph edge to its network edge (``-1`` for gate edges).
    """

    graph: paths.Graph
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
    graph, order = paths.Graph.from_arrays(tails, heads, n_vertices=nv + 2 * nn)
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
    costs = {name: result.expand(np.asarray(col), 0.0) for name, col in network.costs.items()}
    object.__setattr__(result, "costs", costs)
    _ROUTING[network] = result
    return result


# ------------------------------------------------------------------------------------------
# options
# ------------------------------------------------------------------------------------------


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
    """The criterion label and ``{column: weight}`` for ``optimize``."""
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
    avoided: tuple[str, ...]


def _query(
    network: Network,
    origin: str,
    destination: str,
    *,
    cargo: str = "teu",
    avoid_countries: Iterable[str] = (),
    avoid_nodes: Iterable[str] = (),
    avoid_links: Iterable[str] = (),
    avoid_modes: Iterable[str] = (),
    via: Sequence[str] = (),
    max_transfers: int | None = None,
    year: int | None = None,
) -> _Query:
    from eurasia.corridors.network import Mode
    from eurasia.geo import check_country_code

    if cargo not in ("teu", "tonne"):
        msg = f"cargo: expected 'teu' or 'tonne', got {cargo!r}"
        raise DataError(msg)
    if max_transfers is not None and max_transfers < 0:
        msg = f"max_transfers: expected a number >= 0, got {max_transfers}"
        raise DataError(msg)
    net = network if year is None else network.as_of(year)
    if cargo == "tonne":
        net = net.per_tonne()
    o = resolve_node(network, origin)
    d = resolve_node(network, destination)
    if o == d:
        msg = f"origin and destination are the same place: {str(network.node_ids[o])!r}"
        raise DataError(msg)
    waypoints = tuple(resolve_node(network, v) for v in via)
    countries = sorted({check_country_code(c, where="avoid_countries") for c in avoid_countries})
    modes = set()
    for mode in avoid_modes:
        try:
            modes.add(str(Mode(str(mode).lower())))
        except ValueError:
            msg = f"avoid_modes: unknown mode {mode!r}; expected one of {[m.value for m in Mode]}"
            raise DataError(msg) from None
    node_ok = ~np.isin(net.node_country, countries)
    avoided = [f"countries {', '.join(countries)}"] if countries else []
    avoided_nodes = [resolve_node(network, n) for n in avoid_nodes]
    if avoided_nodes:
        node_ok[avoided_nodes] = False
        avoided.append("places " + ", ".join(str(net.node_name[i]) for i in avoided_nodes))
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
    if links:
        avoided.append("links " + ", ".join(links))
    if modes:
        edge_ok &= ~np.isin(net.edge_mode, sorted(modes))
        avoided.append("modes " + ", ".join(sorted(modes)))
    routing = _routing(net)
    vertex_ok = np.concatenate([node_ok[net.vertex_node], np.ones(2 * net.n_nodes, dtype=bool)])
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
        avoided=tuple(avoided),
    )


# ------------------------------------------------------------------------------------------
# building a Route from a path
# ------------------------------------------------------------------------------------------


def _sum_costs(net: Network, edges: Sequence[int]) -> dict[str, float]:
    idx = np.asarray(edges, dtype=np.int64)
    return {name: float(col[idx].sum()) for name, col in net.costs.items()}


def _transfer_detail(net: Network, k: int) -> str:
    a = str(net.vertex_side[net.edge_source[k]])
    b = str(net.vertex_side[net.edge_target[k]])
    if a.startswith("rail-") and b.startswith("rail-"):
        return f"{a.removeprefix('rail-')}→{b.removeprefix('rail-')} mm"
    return f"{a or '?'} → {b or '?'}"


_LAND = ("rail", "road", "")  # "" : links of networks that name no mode


def _leg_key(net: Network, k: int) -> tuple[str, int, str]:
    """Links with one key form a leg; sea and ferry legs run across countries."""
    mode = str(net.edge_mode[k])
    country = str(net.edge_country[k]) if mode in _LAND else ""
    return mode, int(net.edge_gauge[k]), country


_BORDER_PARTS = {"hours": "hours_border", "usd": "usd_border"}
_WAIT_PARTS = {"hours": "hours_wait"}


def _event_costs(net: Network, k: int, parts: Mapping[str, str]) -> dict[str, float]:
    """What link ``k`` spends in one event: each total column and its part, from ``parts``."""
    out: dict[str, float] = {}
    for total, part in parts.items():
        if total in net.costs and part in net.costs:
            value = float(net.costs[part][k])
            out[total] = out[part] = value
    return out


def _legs_and_transfers(net: Network, edges: Sequence[int]) -> tuple[list[Leg], list[Transfer]]:
    legs: list[Leg] = []
    transfers: list[Transfer] = []
    run: list[int] = []
    split = all(name in net.costs for name in ("hours", "hours_border", "hours_wait"))
    moved = [(t, p) for t, p in (*_BORDER_PARTS.items(), *_WAIT_PARTS.items()) if p in net.costs]

    def node_of(vertex: int) -> int:
        return int(net.vertex_node[vertex])

    def event(kind: str, node: int, country: str, detail: str, costs: dict[str, float]) -> None:
        transfers.append(
            Transfer(
                kind=kind,
                node=str(net.node_ids[node]),
                name=str(net.node_name[node]),
                country=country,
                detail=detail,
                costs=costs,
            )
        )

    def flush() -> None:
        if not run:
            return
        first, last = run[0], run[-1]
        a, b = node_of(net.edge_source[first]), node_of(net.edge_target[last])
        costs = _sum_costs(net, run)
        if split:  # border dwell and sailing waits are events of their own
            for total, part in moved:
                if total in costs:
                    costs[total] -= costs[part]
                costs[part] = 0.0
        legs.append(
            Leg(
                mode=str(net.edge_mode[first]),
                from_node=str(net.node_ids[a]),
                to_node=str(net.node_ids[b]),
                from_name=str(net.node_name[a]),
                to_name=str(net.node_name[b]),
                country=str(net.edge_country[first]),
                gauge=int(net.edge_gauge[first]),
                links=tuple(str(net.edge_id[e]) for e in run),
                costs=costs,
            )
        )
        run.clear()

    for k in edges:
        if net.edge_kind[k] == "transfer":
            flush()
            node = node_of(net.edge_source[k])
            event(
                str(net.edge_transfer[k]) or "transfer",
                node,
                str(net.node_country[node]),
                _transfer_detail(net, k),
                _sum_costs(net, [k]),
            )
            continue
        if run and _leg_key(net, k) != _leg_key(net, run[0]):
            flush()
        if split and net.costs["hours_wait"][k] > 0:
            flush()
            node = node_of(net.edge_source[k])
            wait = {**_event_costs(net, k, _WAIT_PARTS), "usd": 0.0}  # waiting is not charged
            event("sailing_wait", node, str(net.node_country[node]), str(net.edge_id[k]), wait)
        run.append(k)
        if net.edge_country[k] != net.edge_country_to[k] and net.edge_mode[k] in _LAND:
            flush()
            costs = _event_costs(net, k, _BORDER_PARTS) if split else {}
            event(
                "border_crossing",
                node_of(net.edge_target[k]),
                str(net.edge_country_to[k]),
                f"{net.edge_country[k]} → {net.edge_country_to[k]}",
                costs,
            )
    flush()
    return legs, transfers


def _ordered_unique(values: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for v in values:
        if v and (not out or out[-1] != v):
            out.append(v)
    return tuple(out)


def _build(
    q: _Query, graph_edges: Sequence[int], criterion: str, weights: Mapping[str, float]
) -> Route:
    net = q.network
    edges = q.routing.network_edges(graph_edges)
    totals = _sum_costs(net, edges)
    objective = float(sum(w * totals[c] for c, w in weights.items()))
    legs, transfers = _legs_and_transfers(net, edges)
    vnode = net.vertex_node
    node_seq = [int(vnode[net.edge_source[e]]) for e in edges] + [
        int(vnode[net.edge_target[edges[-1]]])
    ]
    nodes = _ordered_unique(str(net.node_ids[i]) for i in node_seq)
    countries = _ordered_unique(str(net.node_country[i]) for i in node_seq)
    return Route(
        origin=str(net.node_ids[q.origin]),
        destination=str(net.node_ids[q.destination]),
        criterion=criterion,
        objective=objective,
        nodes=nodes,
        edges=edges,
        legs=tuple(legs),
        transfers=tuple(transfers),
        totals=totals,
        countries=countries,
        cargo=q.cargo,
        units=dict(net.cost_units),
    )


# ------------------------------------------------------------------------------------------
# plain-language explanation
# ------------------------------------------------------------------------------------------

_ROLE = {
    "time": "fastest",
    "hours": "fastest",
    "cost": "cheapest",
    "usd": "cheapest",
    "co2": "lowest CO2",
    "co2_kg": "lowest CO2",
    "risk": "least risky",
    "distance": "shortest",
    "km": "shortest",
}
_TRANSFER_WORDS = {
    "gauge_change": ("gauge change", "gauge changes"),
    "port": ("port call", "port calls"),
    "mode_change": ("mode change", "mode changes"),
    "border_crossing": ("border crossing", "border crossings"),
    "sailing_wait": ("wait for a sailing", "waits for sailings"),
}
_TIMED = ("border_crossing", "sailing_wait")  # events whose hours the explanation names


def _country_name(code: str) -> str:
    import pycountry

    found = pycountry.countries.get(alpha_2=code)
    if found is None:
        return code
    return str(getattr(found, "common_name", None) or found.name)


def _figures(route: Route) -> list[str]:
    t, unit = route.totals, route.cargo.upper() if route.cargo == "teu" else route.cargo
    out = []
    if "hours" in t:
        out.append(f"{t['hours'] / 24:.1f} days")
    if "km" in t:
        out.append(f"{t['km']:,.0f} km")
    if "usd" in t:
        out.append(f"USD {t['usd']:,.0f} per {unit}")
    if "co2_kg" in t:
        out.append(f"{t['co2_kg']:,.0f} kg CO2e per {unit}")
    known = {"hours", "km", "usd", "co2_kg", "risk"}
    out += [
        f"{name} {value:,.4g}" for name, value in t.items() if name not in known and "_" not in name
    ]
    return out


def _explain(
    route: Route, q: _Query, *, role: str, best: Route | None = None, overlap: float = 1.0
) -> str:
    net = q.network
    origin = str(net.node_name[q.origin])
    destination = str(net.node_name[q.destination])
    parts = [f"{origin} → {destination}, {role}: {', '.join(_figures(route)) or 'no costs'}."]
    parts.append("Through " + ", ".join(_country_name(c) for c in route.countries) + ".")
    by_mode: dict[str, float] = {}
    for leg in route.legs:
        if not math.isnan(leg.km):
            by_mode[leg.mode] = by_mode.get(leg.mode, 0.0) + leg.km
    if by_mode:
        parts.append(
            "By " + ", ".join(f"{mode} {km:,.0f} km" for mode, km in by_mode.items() if mode) + "."
        )
    counts: dict[str, list[str]] = {}
    for tr in route.transfers:
        place = tr.name
        if tr.kind == "gauge_change":
            place = f"{tr.name} {tr.detail}"
        elif tr.kind in _TIMED and "hours" in tr.costs:
            hours = tr.costs["hours"]
            place = f"{tr.name} {hours:.0f} h" if hours >= 10 else f"{tr.name} {hours:.1f} h"
        counts.setdefault(tr.kind, []).append(place)
    if counts:
        items = []
        for kind, places in counts.items():
            one, many = _TRANSFER_WORDS.get(kind, (kind.replace("_", " "), kind.replace("_", " ")))
            items.append(f"{len(places)} {one if len(places) == 1 else many} ({'; '.join(places)})")
        text = ", ".join(items)
        parts.append(text[:1].upper() + text[1:] + ".")
    if best is not None and route.edges != best.edges:
        deltas = []
        for name, fmt in (
            ("hours", "{:+.1f} days"),
            ("usd", "USD {:+,.0f}"),
            ("co2_kg", "{:+,.0f} kg CO2e"),
        ):
            if name in route.totals:
                value = route.totals[name] - best.totals[name]
                deltas.append(fmt.format(value / 24 if name == "hours" else value))
        shared = (
            f"shares {overlap:.0%} of its distance"
            if "km" in route.totals
            else f"overlap {overlap:.0%}"
        )
        parts.append(
            f"Against the best: {', '.join(deltas)}; {shared}."
            if deltas
            else f"Against the best: {shared}."
        )
    if route.reliability is not None:
        by_country: dict[str, float] = {}
        risk = net.costs["risk"]
        for e in route.edges:
            country = str(net.edge_country[e])
            by_country[country] = by_country.get(country, 0.0) + float(risk[e])
        text = (
            f"Reliability {route.reliability:.0%} (chance of no disruption; expected disruption "
            f"delay {route.totals['risk']:,.0f} h"
        )
        worst = max(by_country, key=lambda c: by_country[c], default=None)
        if worst and by_country[worst] > 0:
            text += f", most of it in {_country_name(worst)}"
        parts.append(text + ").")
    if q.avoided:
        parts.append("Avoids " + "; ".join(q.avoided) + " as asked.")
    return " ".join(parts)


def _with(route: Route, **changes: Any) -> Route:
    from dataclasses import replace

    return replace(route, **changes)


# ------------------------------------------------------------------------------------------
# public functions
# ------------------------------------------------------------------------------------------


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


_COMMON_DOC = """
    network
        Any network; the bundled one has the ``hours``, ``usd``, ``co2_kg``, ``risk`` and ``km``
        columns the criterion names map to.
    origin, destination
        Places: node ids, names (any case, diacritics or script) or aliases.
    cargo
        ``"teu"`` (default) or ``"tonne"``: the unit of money and CO2 figures.
    avoid_countries
        ISO 3166-1 alpha-2 codes: no node in them, no link into or out of them.
    avoid_nodes, avoid_links, avoid_modes
        Places, link/transfer ids and modes (``rail``, ``road``, ``ferry``, ``sea``) not to use.
    via
        Places to pass through, in order.
    max_transfers
        Largest number of transfer edges (gauge changes, port calls, mode changes).
    year
        Route on the network as of that year (lines opened by then); default: open lines only.
"""


def route(
    network: Network,
    origin: str,
    destination: str,
    *,
    optimize: Optimize = "time",
    cargo: Cargo = "teu",
    avoid_countries: Iterable[str] = (),
    avoid_nodes: Iterable[str] = (),
    avoid_links: Iterable[str] = (),
    avoid_modes: Iterable[str] = (),
    via: Sequence[str] = (),
    max_transfers: int | None = None,
    year: int | None = None,
) -> Route:
    """The best route from ``origin`` to ``destination`` for one criterion or a weighted mix.

    Parameters
    ----------
    optimize
        ``"time"``, ``"cost"``, ``"co2"``, ``"risk"``, ``"distance"``, any cost column, or a
        mapping ``{criterion: weight}`` (weights multiply the columns in their own units).

    Returns
    -------
    Route
        Legs, transfers, totals and explanation.

    Raises
    ------
    NoRouteError
        If no route satisfies the constraints.
    NotFoundError
        If a place, link or criterion is unknown (with suggestions for places).
    DataError
        If an option is malformed (unknown mode or country code, negative weight, …).

    Examples
    --------
    >>> from eurasia.corridors.network import Network
    >>> net = Network.from_edges(["a", "b", "a"], ["b", "c", "c"],
    ...                          {"hours": [1.0, 1.0, 5.0], "tolls": [9.0, 9.0, 1.0]})
    >>> route(net, "a", "c").nodes, route(net, "A", "C", optimize="tolls").nodes
    (('a', 'b', 'c'), ('a', 'c'))
    >>> route(net, "a", "c", optimize={"hours": 1.0, "tolls": 1.0}).objective
    6.0
    """
    q = _query(
        network,
        origin,
        destination,
        cargo=cargo,
        avoid_countries=avoid_countries,
        avoid_nodes=avoid_nodes,
        avoid_links=avoid_links,
        avoid_modes=avoid_modes,
        via=via,
        max_transfers=max_transfers,
        year=year,
    )
    label, weights = _weights(q.network, optimize)
    w = _combined(q, weights)
    r = q.routing
    try:
        if q.via or q.max_transfers is not None:
            path = paths.constrained_shortest_path(
                r.graph,
                w,
                r.source(q.origin),
                r.sink(q.destination),
                via=[[int(v) for v in q.network.node_vertices(n)] for n in q.via],
                resource=None if q.max_transfers is None else _transfer_use(q),
                limit=q.max_transfers or 0,
                edge_ok=q.edge_ok,
                vertex_ok=q.vertex_ok,
            )
        else:
            path = paths.shortest_path(
                r.graph,
                w,
                r.source(q.origin),
                r.sink(q.destination),
                edge_ok=q.edge_ok,
                vertex_ok=q.vertex_ok,
            )
    except NoRouteError:
        raise _no_route(q) from None
    best = _build(q, path.edges, label, weights)
    role = _ROLE.get(label, f"best by {label}") if isinstance(optimize, str) else f"best by {label}"
    return _with(best, explanation=_explain(best, q, role=role))


def _visits_in_order(net: Network, route_nodes: Sequence[str], via: Sequence[int]) -> bool:
    wanted = [str(net.node_ids[v]) for v in via]
    it = iter(route_nodes)
    return all(any(n == w for n in it) for w in wanted)


def _shared_share(net: Network, a: Sequence[int], b: Sequence[int], column: str | None) -> float:
    """Share of route ``a`` (by ``column``, else by edge count) on edges it shares with ``b``."""
    others = set(b)
    common = [e for e in a if e in others]  # in route order: a route shares all of itself
    if column is None:
        return len(common) / max(len(a), 1)
    col = net.costs[column]
    total = float(col[list(a)].sum())
    return float(col[common].sum()) / total if total > 0 else 0.0


def alternatives(
    network: Network,
    origin: str,
    destination: str,
    *,
    k: int = 5,
    max_overlap: float = 0.8,
    optimize: Optimize = "time",
    cargo: Cargo = "teu",
    avoid_countries: Iterable[str] = (),
    avoid_nodes: Iterable[str] = (),
    avoid_links: Iterable[str] = (),
    avoid_modes: Iterable[str] = (),
    via: Sequence[str] = (),
    max_transfers: int | None = None,
    year: int | None = None,
) -> list[Route]:
    """Up to ``k`` loopless routes in order of the criterion, genuinely different from each other.

    Routes come from Yen's k shortest loopless paths in order; one is kept only if it shares less
    than ``max_overlap`` of its distance (``km``, or its edges without a ``km`` column) with
    every route kept before it. ``via`` and ``max_transfers`` filter the candidates. At most
    200 candidates are examined. Each route's ``overlap`` is its share with the best route.

    Parameters
    ----------
    k
        Most routes to return (at least 1).
    max_overlap
        In (0, 1]: 1 keeps every distinct path.
    optimize
        As in :func:`route`.

    Returns
    -------
    list of Route
        The best route first; fewer than ``k`` if no more differ enough.

    Raises
    ------
    NoRouteError, NotFoundError, DataError
        As in :func:`route`, and for ``k < 1`` or ``max_overlap`` outside (0, 1].

    Examples
    --------
    >>> from eurasia.corridors.network import Network
    >>> net = Network.from_edges(["a", "b", "a", "a"], ["b", "c", "c", "b"],
    ...                          {"km": [1.0, 1.0, 3.0, 1.5]})
    >>> [(r.nodes, r.overlap) for r in alternatives(net, "a", "c", optimize="km", k=3)]
    [(('a', 'b', 'c'), 1.0), (('a', 'b', 'c'), 0.4), (('a', 'c'), 0.0)]
    >>> [r.nodes for r in alternatives(net, "a", "c", optimize="km", max_overlap=0.3)]
    [('a', 'b', 'c'), ('a', 'c')]
    """
    if k < 1:
        msg = f"k: expected at least 1, got {k}"
        raise DataError(msg)
    if not 0 < max_overlap <= 1:
        msg = f"max_overlap: expected a share in (0, 1], got {max_overlap}"
        raise DataError(msg)
    q = _query(
        network,
        origin,
        destination,
        cargo=cargo,
        avoid_countries=avoid_countries,
        avoid_nodes=avoid_nodes,
        avoid_links=avoid_links,
        avoid_modes=avoid_modes,
        via=via,
        max_transfers=max_transfers,
        year=year,
    )
    label, weights = _weights(q.network, optimize)
    net, r = q.network, q.routing
    measure = "km" if "km" in net.costs else None
    transfer = net.edge_kind == "transfer"
    candidates = paths.iter_shortest_paths(
        r.graph,
        _combined(q, weights),
        r.source(q.origin),
        r.sink(q.destination),
        edge_ok=q.edge_ok,
        vertex_ok=q.vertex_ok,
    )
    kept: list[Route] = []
    try:
        for path in itertools.islice(candidates, _MAX_YEN_CANDIDATES):
            candidate = _build(q, path.edges, label, weights)
            edges = candidate.edges
            if q.max_transfers is not None and int(transfer[list(edges)].sum()) > q.max_transfers:
                continue
            if q.via and not _visits_in_order(net, candidate.nodes, q.via):
                continue
            if (
                kept
                and max_overlap < 1
                and any(
                    _shared_share(net, edges, other.edges, measure) >= max_overlap for other in kept
                )
            ):
                continue
            kept.append(candidate)
            if len(kept) == k:
                break
    except NoRouteError:
        raise _no_route(q) from None
    if not kept:
        raise _no_route(q)
    best = kept[0]
    out = []
    for i, candidate in enumerate(kept):
        overlap = min(1.0, _shared_share(net, candidate.edges, best.edges, measure))
        role = "best" if i == 0 else f"alternative {i}"
        text = _explain(candidate, q, role=role, best=best, overlap=overlap)
        out.append(_with(candidate, overlap=overlap, explanation=text))
    return out


def pareto(
    network: Network,
    origin: str,
    destination: str,
    *,
    criteria: Sequence[str] = ("time", "cost", "co2"),
    max_labels: int = paths.DEFAULT_MAX_LABELS,
    cargo: Cargo = "teu",
    avoid_countries: Iterable[str] = (),
    avoid_nodes: Iterable[str] = (),
    avoid_links: Iterable[str] = (),
    avoid_modes: Iterable[str] = (),
    max_transfers: int | None = None,
    year: int | None = None,
) -> list[Route]:
    """The exact set of routes that no other route beats on every criterion.

    Multi-criteria label setting (:func:`eurasia.corridors.paths.pareto_paths`); one route per
    distinct vector of totals, sorted by the first criterion. With ``max_transfers`` the transfer
    count is searched as an extra criterion and the result filtered, which keeps the set exact.
    ``via`` is not offered: route through a place with :func:`route` instead.

    Parameters
    ----------
    criteria
        Two or more distinct criteria or cost columns.
    max_labels
        Label budget of the search.

    Returns
    -------
    list of Route
        The Pareto set; each route's ``objective`` is its first criterion.

    Raises
    ------
    LabelBudgetError
        If the search needs more labels than ``max_labels``.
    NoRouteError, NotFoundError, DataError
        As in :func:`route`, and for fewer than two or repeated criteria.

    Examples
    --------
    >>> from eurasia.corridors.network import Network
    >>> net = Network.from_edges(["a", "b", "a"], ["b", "c", "c"],
    ...                          {"hours": [1.0, 1.0, 5.0], "usd": [9.0, 9.0, 1.0]})
    >>> [(r.nodes, r.totals["hours"], r.totals["usd"]) for r in pareto(net, "a", "c",
    ...                                                                 criteria=["time", "cost"])]
    [(('a', 'b', 'c'), 2.0, 18.0), (('a', 'c'), 5.0, 1.0)]
    """
    q = _query(
        network,
        origin,
        destination,
        cargo=cargo,
        avoid_countries=avoid_countries,
        avoid_nodes=avoid_nodes,
        avoid_links=avoid_links,
        avoid_modes=avoid_modes,
        max_transfers=max_transfers,
        year=year,
    )
    columns = [_column(q.network, c) for c in criteria]
    if len(columns) < 2 or len(set(columns)) != len(columns):
        msg = f"criteria: expected two or more distinct criteria, got {list(criteria)}"
        raise DataError(msg)
    r = q.routing
    matrix = [r.costs[c] for c in columns]
    if q.max_transfers is not None:
        matrix.append(_transfer_use(q).astype(np.float64))
    try:
        found = paths.pareto_paths(
            r.graph,
            np.stack(matrix, axis=1),
            r.source(q.origin),
            r.sink(q.destination),
            edge_ok=q.edge_ok,
            vertex_ok=q.vertex_ok,
            max_labels=max_labels,
        )
    except NoRouteError:
        raise _no_route(q) from None
    c = len(columns)
    if q.max_transfers is not None:
        feasible = [p for p in found if p.costs[c] <= q.max_transfers]
        found = []
        for p in sorted(feasible, key=lambda p: p.costs):
            if not any(
                all(x <= y for x, y in zip(o.costs[:c], p.costs[:c], strict=True)) for o in found
            ):
                found.append(p)
        if not found:
            raise _no_route(q)
    label = "pareto: " + ", ".join(criteria)
    routes = [_build(q, p.edges, label, {columns[0]: 1.0}) for p in found]
    routes.sort(key=lambda rt: tuple(rt.totals[col] for col in columns))
    return [
        _with(rt, explanation=_explain(rt, q, role=f"Pareto-optimal ({', '.join(criteria)})"))
        for rt in routes
    ]


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
