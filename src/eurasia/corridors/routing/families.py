"""Alternatives that differ: the best route of each corridor family within a margin of the best.

k shortest paths with an overlap limit tend to return one corridor many times (Chongqing to
Duisburg avoiding Russia: three routes through the same ten countries). Here each route family
of :func:`eurasia.corridors.assignment.families.route_family` (Northern, Middle Corridor,
China-Central Asia-Iran, North-South, sea, other) gets its own search: the best route while
the countries that mark the *other* families are avoided (never the origin's or destination's
own country, nor a waypoint's). Each route found is put in the family of what it actually does, the best of each
family is kept when its objective is within ``margin`` of the overall best (default 1.0, i.e.
at most twice as slow, dear or dirty as the best), and the list is filled up to ``k`` with
the ordinary distinct alternatives (:func:`~eurasia.corridors.routing.search.alternative_routes`).

Examples
--------
>>> from eurasia.corridors.network.model import Network
>>> from eurasia.corridors.routing.query import _query, resolve_places
>>> net = Network.from_edges(["a", "b", "a", "d"], ["b", "c", "d", "c"],
...     {"hours": [1.0, 1.0, 1.5, 1.0]}, nodes={"country": ["CN", "RU", "DE", "AZ"]},
...     edges={"mode": ["rail", "rail", "rail", "rail"]})
>>> places = resolve_places(net, "a", "c")
>>> found = family_routes(lambda **extra: _query(net, places, **extra), k=3)
>>> [(family, r.nodes) for family, r in found]
[('northern', ('a', 'b', 'c')), ('other', ('a', 'd', 'c'))]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from eurasia.corridors.assignment.families import route_family
from eurasia.corridors.routing.search import alternative_routes, best_route
from eurasia.corridors.routing.types import Route
from eurasia.errors import DataError, NoRouteError

__all__ = [
    "DEFAULT_MARGIN",
    "FAMILY_SEARCHES",
    "family_of",
    "family_routes",
    "group_near_identical",
]

#: Largest relative excess over the best route's objective a family's best may have.
DEFAULT_MARGIN = 1.0
#: Extra countries avoided to find each family's best route (the others' marks).
FAMILY_SEARCHES: dict[str, tuple[str, ...]] = {
    "northern": ("IR", "AZ", "GE"),
    "titr": ("RU", "BY", "IR"),
    "china_ca_iran": ("RU", "BY", "AZ", "GE"),
    "instc_east": ("RU", "BY", "AZ", "GE", "CN"),
    "sea": ("RU", "BY", "KZ", "MN", "IR", "AZ", "GE", "TM", "UZ", "KG", "TJ", "AF", "PK"),
}


def family_of(network: Any, found: Route) -> str:
    """Return the route family of ``found`` (a route on ``network``)."""
    first, last = network.node(found.origin).country, network.node(found.destination).country
    return route_family(network, list(found.edges), first, last)


def family_routes(
    prepare: Callable[..., Any],
    *,
    k: int,
    optimize: Any = "time",
    margin: float = DEFAULT_MARGIN,
    max_overlap: float = 0.8,
    avoid_countries: tuple[str, ...] = (),
) -> list[tuple[str, Route]]:
    """Return up to ``k`` routes labelled by family: each family's best, then distinct others.

    Parameters
    ----------
    prepare
        ``prepare(avoid_countries=...)``: the prepared query with those countries avoided
        (the caller's own avoided countries included by the caller).
    k
        Most routes returned (at least 1).
    optimize
        The objective, as for :func:`~eurasia.corridors.routing.search.best_route`.
    margin
        A family's best is kept when its objective is at most ``(1 + margin)`` times the best.
    max_overlap
        For the routes that fill the list up to ``k``.
    avoid_countries
        Countries the reader avoids (kept in every search).

    Returns
    -------
    list of (str, Route)
        Best first; the family codes are those of
        :data:`eurasia.corridors.assignment.families.FAMILIES`.

    Raises
    ------
    NoRouteError
        When not even the best route exists.
    DataError
        For ``k < 1`` or a negative ``margin``.
    """
    if k < 1 or margin < 0:
        msg = f"family routes: expected k >= 1 and margin >= 0, got k={k}, margin={margin}"
        raise DataError(msg)
    q = prepare(avoid_countries=avoid_countries)
    best = best_route(q, optimize=optimize)
    network = q.network
    ends = {network.node(best.origin).country, network.node(best.destination).country}
    ends |= {str(network.node_country[n]) for n in q.via}  # waypoints' countries stay open
    chosen: dict[str, Route] = {family_of(network, best): best}
    for marks in FAMILY_SEARCHES.values():
        extra = tuple(c for c in marks if c not in ends and c not in avoid_countries)
        try:
            found = best_route(prepare(avoid_countries=avoid_countries + extra), optimize=optimize)
        except NoRouteError:
            continue
        if found.objective > (1 + margin) * best.objective:
            continue
        family = family_of(network, found)
        if family not in chosen or found.objective < chosen[family].objective:
            chosen[family] = found
    ranked = sorted(chosen.items(), key=lambda item: item[1].objective)[:k]
    seen = {r.nodes for _, r in ranked}
    if len(ranked) < k:
        for other in alternative_routes(q, k=k, max_overlap=max_overlap, optimize=optimize):
            if len(ranked) >= k:
                break
            if other.nodes not in seen:
                seen.add(other.nodes)
                ranked.append((family_of(network, other), other))
    return ranked


def group_near_identical(routes: Sequence[Route], *, tolerance: float = 0.03) -> list[list[int]]:
    """Group near-identical routes: the Pareto set without its near-duplicates.

    A route joins the first group whose first route it matches within ``tolerance`` (relative)
    on days, cost and CO2 alike; otherwise it opens a group.

    Parameters
    ----------
    routes
        Routes in the order shown (each group keeps its first as representative).
    tolerance
        Largest relative difference of each of days, ``usd`` and ``co2_kg`` within a group.

    Returns
    -------
    list of list of int
        Positions in ``routes``, one list a group; the first of each is its representative.

    Examples
    --------
    >>> from types import SimpleNamespace as R
    >>> rs = [R(days=10, totals={"usd": 100, "co2_kg": 50}),
    ...       R(days=10.1, totals={"usd": 101, "co2_kg": 50}),
    ...       R(days=14, totals={"usd": 80, "co2_kg": 40})]
    >>> group_near_identical(rs)
    [[0, 1], [2]]
    """

    def close(a: float, b: float) -> bool:
        return abs(a - b) <= tolerance * max(abs(a), abs(b), 1e-9)

    groups: list[list[int]] = []
    for i, r in enumerate(routes):
        for group in groups:
            head = routes[group[0]]
            if (
                close(r.days, head.days)
                and close(r.totals["usd"], head.totals["usd"])
                and close(r.totals["co2_kg"], head.totals["co2_kg"])
            ):
                group.append(i)
                break
        else:
            groups.append([i])
    return groups
