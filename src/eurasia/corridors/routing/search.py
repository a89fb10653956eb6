"""Freight routes on a :class:`~eurasia.corridors.network.model.Network`: best, alternatives, Pareto sets.

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
and CO2 figures). Places are resolved forgivingly by :func:`eurasia.corridors.network.names.resolve_node`.

A :class:`Route` lists its legs (runs of links of one mode, gauge and country), its transfers
(gauge changes, port calls, mode changes, border crossings), its totals for every cost column and a
plain-language explanation. Where the network has the bundled cost columns the criteria map to them:
time = ``hours``, cost = ``usd``, co2 = ``co2_kg``, risk = ``risk``, distance = ``km``.

Examples
--------
>>> from eurasia.corridors.network.model import Network
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
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

import numpy as np

from eurasia.corridors.graph.constrained import constrained_shortest_path
from eurasia.corridors.graph.dijkstra import shortest_path
from eurasia.corridors.graph.kshortest import iter_shortest_paths
from eurasia.corridors.graph.pareto import DEFAULT_MAX_LABELS, pareto_paths
from eurasia.corridors.network.model import Network
from eurasia.corridors.routing.build import _build, _with
from eurasia.corridors.routing.explain import explain_route
from eurasia.corridors.routing.query import (
    _MAX_YEN_CANDIDATES,
    _column,
    _combined,
    _no_route,
    _Query,
    _query,
    _transfer_use,
    _weights,
    resolve_places,
)
from eurasia.corridors.routing.types import Route
from eurasia.errors import DataError, NoRouteError

__all__ = [
    "alternative_routes",
    "alternatives",
    "best_route",
    "check_alternatives",
    "explained",
    "pareto",
    "pareto_routes",
    "route",
]

Optimize = str | Mapping[str, float]
Cargo = Literal["teu", "tonne"]


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
    """Return the best route from ``origin`` to ``destination`` for one criterion or a weighted mix.

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
    >>> from eurasia.corridors.network.model import Network
    >>> net = Network.from_edges(["a", "b", "a"], ["b", "c", "c"],
    ...                          {"hours": [1.0, 1.0, 5.0], "tolls": [9.0, 9.0, 1.0]})
    >>> route(net, "a", "c").nodes, route(net, "A", "C", optimize="tolls").nodes
    (('a', 'b', 'c'), ('a', 'c'))
    >>> route(net, "a", "c", optimize={"hours": 1.0, "tolls": 1.0}).objective
    6.0
    """
    places = resolve_places(network, origin, destination, via=via, avoid_nodes=avoid_nodes)
    q = _query(
        network,
        places,
        cargo=cargo,
        avoid_countries=avoid_countries,
        avoid_links=avoid_links,
        avoid_modes=avoid_modes,
        max_transfers=max_transfers,
        year=year,
    )
    return best_route(q, optimize=optimize)


def best_route(q: _Query, *, optimize: Optimize = "time") -> Route:
    """Return the best route of a prepared query (see :func:`route`)."""
    label, weights = _weights(q.network, optimize)
    w = _combined(q, weights)
    try:
        if q.via or q.max_transfers is not None:
            path = q.search(
                constrained_shortest_path,
                w,
                via=[[int(v) for v in q.network.node_vertices(n)] for n in q.via],
                resource=None if q.max_transfers is None else _transfer_use(q),
                limit=q.max_transfers or 0,
            )
        else:
            path = q.search(shortest_path, w)
    except NoRouteError:
        raise _no_route(q) from None
    return explained(q, [_build(q, path.edges, label, weights)], ranked=False)[0]


def explained(q: _Query, routes: Sequence[Route], *, ranked: bool) -> list[Route]:
    """``routes`` with their English :attr:`~Route.explanation` (ranked: alternatives)."""
    avoided = {
        "avoided_countries": q.avoid_countries,
        "avoided_nodes": [str(q.network.node_ids[i]) for i in q.avoid_places],
        "avoided_links": q.avoid_links,
        "avoided_modes": q.avoid_modes,
    }
    best = routes[0] if ranked and routes else None
    return [
        _with(
            found,
            explanation=explain_route(
                q.network, found, locale="en", rank=i if ranked else 0, best=best, **avoided
            ),
        )
        for i, found in enumerate(routes)
    ]


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
    >>> from eurasia.corridors.network.model import Network
    >>> net = Network.from_edges(["a", "b", "a", "a"], ["b", "c", "c", "b"],
    ...                          {"km": [1.0, 1.0, 3.0, 1.5]})
    >>> [(r.nodes, r.overlap) for r in alternatives(net, "a", "c", optimize="km", k=3)]
    [(('a', 'b', 'c'), 1.0), (('a', 'b', 'c'), 0.4), (('a', 'c'), 0.0)]
    >>> [r.nodes for r in alternatives(net, "a", "c", optimize="km", max_overlap=0.3)]
    [('a', 'b', 'c'), ('a', 'c')]
    """
    check_alternatives(k, max_overlap)
    places = resolve_places(network, origin, destination, via=via, avoid_nodes=avoid_nodes)
    q = _query(
        network,
        places,
        cargo=cargo,
        avoid_countries=avoid_countries,
        avoid_links=avoid_links,
        avoid_modes=avoid_modes,
        max_transfers=max_transfers,
        year=year,
    )
    return alternative_routes(q, k=k, max_overlap=max_overlap, optimize=optimize)


def check_alternatives(k: int, max_overlap: float) -> None:
    """Raise :class:`~eurasia.errors.DataError` unless ``k >= 1`` and ``0 < max_overlap <= 1``."""
    if k < 1:
        msg = f"k: expected at least 1, got {k}"
        raise DataError(msg)
    if not 0 < max_overlap <= 1:
        msg = f"max_overlap: expected a share in (0, 1], got {max_overlap}"
        raise DataError(msg)


def alternative_routes(
    q: _Query, *, k: int = 5, max_overlap: float = 0.8, optimize: Optimize = "time"
) -> list[Route]:
    """Return the alternatives of a prepared query (see :func:`alternatives`)."""
    check_alternatives(k, max_overlap)
    label, weights = _weights(q.network, optimize)
    net = q.network
    measure = "km" if "km" in net.costs else None
    transfer = net.edge_kind == "transfer"
    candidates = q.search(iter_shortest_paths, _combined(q, weights))
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
    overlaps = [min(1.0, _shared_share(net, c.edges, best.edges, measure)) for c in kept]
    with_overlap = [_with(c, overlap=o) for c, o in zip(kept, overlaps, strict=True)]
    return explained(q, with_overlap, ranked=True)


def pareto(
    network: Network,
    origin: str,
    destination: str,
    *,
    criteria: Sequence[str] = ("time", "cost", "co2"),
    max_labels: int = DEFAULT_MAX_LABELS,
    cargo: Cargo = "teu",
    avoid_countries: Iterable[str] = (),
    avoid_nodes: Iterable[str] = (),
    avoid_links: Iterable[str] = (),
    avoid_modes: Iterable[str] = (),
    max_transfers: int | None = None,
    year: int | None = None,
) -> list[Route]:
    """Return the exact set of routes that no other route beats on every criterion.

    Multi-criteria label setting (:func:`eurasia.corridors.graph.pareto.pareto_paths`); one route per
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
    >>> from eurasia.corridors.network.model import Network
    >>> net = Network.from_edges(["a", "b", "a"], ["b", "c", "c"],
    ...                          {"hours": [1.0, 1.0, 5.0], "usd": [9.0, 9.0, 1.0]})
    >>> [(r.nodes, r.totals["hours"], r.totals["usd"]) for r in pareto(net, "a", "c",
    ...                                                                 criteria=["time", "cost"])]
    [(('a', 'b', 'c'), 2.0, 18.0), (('a', 'c'), 5.0, 1.0)]
    """
    places = resolve_places(network, origin, destination, avoid_nodes=avoid_nodes)
    q = _query(
        network,
        places,
        cargo=cargo,
        avoid_countries=avoid_countries,
        avoid_links=avoid_links,
        avoid_modes=avoid_modes,
        max_transfers=max_transfers,
        year=year,
    )
    return pareto_routes(q, criteria=criteria, max_labels=max_labels)


def pareto_routes(
    q: _Query,
    *,
    criteria: Sequence[str] = ("time", "cost", "co2"),
    max_labels: int = DEFAULT_MAX_LABELS,
) -> list[Route]:
    """Return the Pareto set of a prepared query (see :func:`pareto`)."""
    columns = [_column(q.network, c) for c in criteria]
    if len(columns) < 2 or len(set(columns)) != len(columns):
        msg = f"criteria: expected two or more distinct criteria, got {list(criteria)}"
        raise DataError(msg)
    matrix = [q.routing.costs[c] for c in columns]
    if q.max_transfers is not None:
        matrix.append(_transfer_use(q).astype(np.float64))
    try:
        found = q.search(pareto_paths, np.stack(matrix, axis=1), max_labels=max_labels)
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
    return explained(q, routes, ranked=False)
