"""Diverse alternatives by the iterative penalty method.

k shortest paths with an overlap limit tend to return one corridor many times; the corridor
families (:mod:`eurasia.corridors.routing.families`) fix that with a hand-made list of
countries. The penalty method needs no such list: find the best route, multiply what the
search minimises on each of its edges by :data:`DEFAULT_PENALTY` (2: an edge used once costs
twice as much in the next search, used twice four times, ...), search again, and repeat. A
route found this way is kept when it shares less than ``max_overlap`` of its length (``km``,
or its edges without a ``km`` column) with every route kept before it; at most
``rounds`` searches are made (default :data:`ROUNDS_PER_ROUTE` per route asked).

The penalties only steer the search: every route reports its true, unpenalised totals and
objective (the network's own columns), and the routes are returned best first by that
objective, each with its share of length in common with the best (``overlap``).

This is the penalty method of de la Barra, Perez and Anez (1993), "Multidimensional path
search and assignment", PTRC, and of Akgün, Erkut and Batta (2000), "On finding dissimilar
paths", European Journal of Operational Research 121(2); the factor and the overlap share
are stated choices (estimate: 2 and 0.8 are the common textbook values), not fitted.

Examples
--------
>>> from eurasia.corridors.network.model import Network
>>> from eurasia.corridors.routing.query import _query, resolve_places
>>> net = Network.from_edges(["a", "b", "a", "d", "a"], ["b", "c", "d", "c", "c"],
...     {"hours": [1.0, 1.0, 1.5, 1.0, 9.0], "km": [1.0, 1.0, 1.0, 1.0, 1.0]})
>>> q = _query(net, resolve_places(net, "a", "c"))
>>> [(r.nodes, r.objective) for r in diverse_routes(q, k=3)]
[(('a', 'b', 'c'), 2.0), (('a', 'd', 'c'), 2.5), (('a', 'c'), 9.0)]
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from eurasia.corridors.routing.build import _with
from eurasia.corridors.routing.query import _no_route, _Query
from eurasia.corridors.routing.search import (
    Optimize,
    _shared_share,
    best_route,
    check_alternatives,
    explained,
)
from eurasia.corridors.routing.types import Route
from eurasia.errors import DataError, NoRouteError

__all__ = ["DEFAULT_PENALTY", "ROUNDS_PER_ROUTE", "diverse_routes"]

#: Factor the cost of a found route's edges is multiplied by before the next search.
DEFAULT_PENALTY = 2.0
#: Searches made per route asked for, at most (a route found again is not kept).
ROUNDS_PER_ROUTE = 4


def diverse_routes(
    q: _Query,
    *,
    k: int = 3,
    optimize: Optimize = "time",
    penalty: float = DEFAULT_PENALTY,
    max_overlap: float = 0.8,
    rounds: int | None = None,
) -> list[Route]:
    """Return up to ``k`` routes of a prepared query that differ, found by the penalty method.

    Parameters
    ----------
    q
        The prepared query (:func:`~eurasia.corridors.routing.query._query`).
    k
        Most routes returned (at least 1).
    optimize
        The objective, as for :func:`~eurasia.corridors.routing.search.best_route`.
    penalty
        Factor (> 1) on the cost of each edge of a found route in the searches after it.
    max_overlap
        A route is kept when it shares less than this share of its length with every route
        kept before it, in (0, 1].
    rounds
        Most searches; default ``ROUNDS_PER_ROUTE * k``.

    Returns
    -------
    list of Route
        Best first by the true objective; fewer than ``k`` when no more differ enough.

    Raises
    ------
    NoRouteError
        When not even one route exists.
    DataError
        For ``k < 1``, ``max_overlap`` outside (0, 1], ``penalty <= 1`` or ``rounds < 1``.
    """
    check_alternatives(k, max_overlap)
    rounds = ROUNDS_PER_ROUTE * k if rounds is None else rounds
    if not penalty > 1 or rounds < 1:
        msg = f"diverse routes: expected penalty > 1 and rounds >= 1, got {penalty}, {rounds}"
        raise DataError(msg)
    net, routing = q.network, q.routing
    measure = "km" if "km" in net.costs else None
    factor = np.ones(net.n_edges)
    kept: list[Route] = []
    for _ in range(rounds):
        scale = routing.expand(factor, 1.0)
        costs = {name: values * scale for name, values in routing.costs.items()}
        try:
            found = best_route(replace(q, routing=replace(routing, costs=costs)), optimize=optimize)
        except NoRouteError:
            break  # the penalties never close an edge: only the first search can fail
        if all(_shared_share(net, found.edges, r.edges, measure) < max_overlap for r in kept):
            kept.append(found)
            if len(kept) == k:
                break
        factor[list(found.edges)] *= penalty
    if not kept:
        raise _no_route(q)
    kept.sort(key=lambda r: r.objective)
    best = kept[0]
    overlaps = [min(1.0, _shared_share(net, r.edges, best.edges, measure)) for r in kept]
    return explained(
        q, [_with(r, overlap=o) for r, o in zip(kept, overlaps, strict=True)], ranked=True
    )
