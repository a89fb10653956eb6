"""The one planning entry.

A frozen :class:`RouteQuery` and :func:`plan`, which answers it with the best route, ``k``
alternatives or a Pareto set.

The API, the CLI and the web parse their input into a :class:`RouteQuery`, call :func:`plan` and
render the :class:`Plan` (its routes and :meth:`Plan.explanations` in the reader's language).
Places are resolved once (:func:`~eurasia.corridors.routing.query.resolve_places`); the rules
that tie options together (``via`` does not combine with a Pareto set, ``k >= 1``, the overlap
share) live here and nowhere else.

Examples
--------
>>> from eurasia.corridors.network.model import Network
>>> net = Network.from_edges(["a", "b", "a"], ["b", "c", "c"],
...                          {"hours": [1.0, 1.0, 5.0], "usd": [9.0, 9.0, 1.0]})
>>> found = plan(net, RouteQuery("a", "c"))
>>> found.mode, [r.nodes for r in found.routes]
('best', [('a', 'b', 'c')])
>>> [r.nodes for r in plan(net, RouteQuery("a", "c", pareto=("time", "cost"))).routes]
[('a', 'b', 'c'), ('a', 'c')]
>>> plan(net, RouteQuery("a", "c", optimize="cost")).explanations("ru")[0].split(":")[0]
'a → c, самый дешёвый'
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from eurasia.corridors.assignment.demand import COMMODITIES
from eurasia.corridors.graph.pareto import DEFAULT_MAX_LABELS
from eurasia.corridors.network.model import Network
from eurasia.corridors.network.service import check_service
from eurasia.corridors.routing.diverse import diverse_routes
from eurasia.corridors.routing.explain import explain_route
from eurasia.corridors.routing.families import family_routes
from eurasia.corridors.routing.query import Places, _query, parse_optimize, resolve_places
from eurasia.corridors.routing.search import (
    alternative_routes,
    best_route,
    check_alternatives,
    pareto_routes,
)
from eurasia.corridors.routing.types import Route
from eurasia.corridors.rules.effects import load_rules
from eurasia.corridors.rules.table import Rule, bundled_rules_path
from eurasia.errors import DataError

__all__ = ["Plan", "PlanMode", "RouteQuery", "plan"]

PlanMode = Literal["best", "alternatives", "pareto"]

# query fields holding several strings (kept as tuples, so a query is hashable)
_LISTS = ("avoid_countries", "avoid_nodes", "avoid_links", "avoid_modes", "via")


def _strings(values: Sequence[str] | str, name: str) -> tuple[str, ...]:
    if isinstance(values, str):
        msg = f"{name}: expected a list of strings, got the string {values!r}"
        raise DataError(msg)
    return tuple(str(v) for v in values)


@dataclass(frozen=True)
class RouteQuery:
    """What a reader asks the planner, checked on construction.

    Parameters
    ----------
    origin, destination
        Places: node ids, names (any case, diacritics or script) or aliases.
    optimize
        The objective of the best route and of alternatives: ``"time"``, ``"cost"``, ``"co2"``,
        ``"risk"``, ``"distance"``, a cost column, or ``{criterion: weight}``.
    pareto
        Two or more criteria: answer with the exact Pareto set on them (``optimize`` and
        ``alternatives`` are then unused); ``None``: no Pareto set.
    alternatives
        ``k``: answer with up to ``k`` genuinely different routes (at least 1).
    max_overlap
        For alternatives: the largest share of distance one may share with another, in (0, 1].
    avoid_countries, avoid_nodes, avoid_links, avoid_modes
        ISO 3166-1 alpha-2 codes, places, link or transfer ids and modes not to use.
    via
        Places to pass, in order (not with ``pareto``).
    max_transfers
        Most transfer edges (gauge changes, port calls, mode changes).
    year
        Plan on the network as of that year; default: lines open today.
    cargo
        ``"teu"`` or ``"tonne"``: the unit of the money and CO2 figures.
    service
        ``"typical"`` (wagonload / LCL, the calibrated network) or ``"block"`` (a scheduled
        block train: its own dwell, waits and reliability; :mod:`eurasia.corridors.network.service`).
    rules
        Rule files (bundled names such as ``"rules"``, or CSV paths) whose rules in force in
        ``year`` (today without one) apply to this cargo, as in the assignment; ``()`` for none.
    commodity
        ``"containers"`` or ``"bulk"``: which rules apply, and the value of time that turns a
        rule's penalty (USD a tonne) into hours.
    families
        With ``alternatives``: the best route of each corridor family within a margin of the
        best, then distinct others (:mod:`eurasia.corridors.routing.families`).
    diverse
        With ``alternatives``: routes found by the iterative penalty method, each sharing less
        than ``max_overlap`` of its length with the others (:mod:`eurasia.corridors.routing.diverse`);
        not with ``families``.

    Raises
    ------
    DataError
        ``via`` with ``pareto``, ``alternatives < 1``, ``max_overlap`` outside (0, 1], a
        negative ``max_transfers``, an unknown ``cargo``, ``service`` or ``commodity``.

    Examples
    --------
    >>> RouteQuery("Chongqing", "Duisburg", avoid_countries=["RU"], alternatives=3).mode
    'alternatives'
    >>> RouteQuery("Chongqing", "Duisburg", via=["Aktau"], pareto=("time", "cost"))
    Traceback (most recent call last):
    ...
    eurasia.errors.DataError: via does not combine with pareto: a Pareto set is searched without waypoints
    """

    origin: str
    destination: str
    optimize: str | Mapping[str, float] = "time"
    pareto: tuple[str, ...] | None = None
    alternatives: int | None = None
    max_overlap: float = 0.8
    avoid_countries: tuple[str, ...] = ()
    avoid_nodes: tuple[str, ...] = ()
    avoid_links: tuple[str, ...] = ()
    avoid_modes: tuple[str, ...] = ()
    via: tuple[str, ...] = ()
    max_transfers: int | None = None
    year: int | None = None
    cargo: Literal["teu", "tonne"] = "teu"
    service: str = "typical"
    rules: tuple[str, ...] = ("rules",)
    commodity: str = "containers"
    families: bool = False
    diverse: bool = False

    def __post_init__(self) -> None:
        """Store the list options as tuples of strings and check the query as a whole."""
        for name in _LISTS:
            object.__setattr__(self, name, _strings(getattr(self, name), name))
        object.__setattr__(self, "rules", _strings(self.rules, "rules"))
        check_service(self.service)
        if self.commodity not in COMMODITIES:
            msg = f"commodity: expected one of {', '.join(COMMODITIES)}, got {self.commodity!r}"
            raise DataError(msg)
        if self.pareto is not None:
            object.__setattr__(self, "pareto", _strings(self.pareto, "pareto"))
        if self.pareto is not None and self.via:
            msg = "via does not combine with pareto: a Pareto set is searched without waypoints"
            raise DataError(msg)
        if self.alternatives is not None:
            check_alternatives(self.alternatives, self.max_overlap)
        if self.families and self.diverse:
            msg = "families and diverse: choose one way of finding alternatives"
            raise DataError(msg)
        if self.max_transfers is not None and self.max_transfers < 0:
            msg = f"max_transfers: expected a number >= 0, got {self.max_transfers}"
            raise DataError(msg)
        if self.cargo not in ("teu", "tonne"):
            msg = f"cargo: expected 'teu' or 'tonne', got {self.cargo!r}"
            raise DataError(msg)

    @classmethod
    def parse(
        cls,
        origin: str,
        destination: str,
        *,
        optimize: str = "time",
        pareto: str | None = None,
        **options: Any,
    ) -> RouteQuery:
        """Return a query from options as typed.

        ``optimize`` as :func:`parse_optimize` reads it (unused with ``pareto``), ``pareto`` as
        comma-separated criteria; ``options`` as in the constructor (lists are fine).

        Examples
        --------
        >>> RouteQuery.parse("a", "b", optimize="time:1,cost:0.01").optimize
        {'time': 1.0, 'cost': 0.01}
        >>> RouteQuery.parse("a", "b", pareto="time, co2", avoid_countries=["RU"]).pareto
        ('time', 'co2')
        """
        if pareto is None:
            return cls(origin, destination, optimize=parse_optimize(optimize), **options)
        criteria = tuple(c.strip() for c in pareto.split(",") if c.strip())
        return cls(origin, destination, pareto=criteria, **options)

    @property
    def mode(self) -> PlanMode:
        """``"pareto"``, ``"alternatives"`` or ``"best"``: what :func:`plan` answers with."""
        if self.pareto is not None:
            return "pareto"
        return "alternatives" if self.alternatives is not None else "best"

    def places(self, network: Network) -> Places:
        """Resolve the query's origin, destination, ``via`` and ``avoid_nodes`` on ``network``.

        Raises
        ------
        UnknownPlaceError, DataError
            As :func:`~eurasia.corridors.routing.query.resolve_places` raises them.

        Examples
        --------
        >>> net = Network.from_edges(["Aktau", "Almaty"], ["Kuryk", "Aktau"])
        >>> RouteQuery("almaty", "KURYK", via=["aktau"]).places(net)
        Places(origin=1, destination=2, via=(0,), avoid=())
        """
        return resolve_places(
            network, self.origin, self.destination, via=self.via, avoid_nodes=self.avoid_nodes
        )


@dataclass(frozen=True)
class Plan:
    """The answer to a :class:`RouteQuery`.

    Attributes
    ----------
    query
        The question.
    places
        Its places as node numbers.
    network
        The network the routes were searched on (as of the query's year, per tonne for tonne
        cargo): the one their ``edges`` index.
    routes
        The best route, the alternatives (best first) or the Pareto set.
    families
        For a query with ``families``: the corridor family of each route; else ``()``.
    """

    query: RouteQuery
    places: Places
    network: Network
    routes: tuple[Route, ...]
    families: tuple[str, ...] = ()

    @property
    def mode(self) -> PlanMode:
        """What the routes are: ``best``, ``alternatives`` or ``pareto``."""
        return self.query.mode

    @property
    def best(self) -> Route:
        """The first route (the best one, or the first of the Pareto set)."""
        return self.routes[0]

    def explanations(self, locale: str = "en") -> list[str]:
        """One summary a route in ``locale`` (alternatives are compared with the best).

        Examples
        --------
        >>> from eurasia.corridors.network.model import Network
        >>> net = Network.from_edges(["a", "b"], ["b", "c"], {"km": [1.0, 2.0]})
        >>> plan(net, RouteQuery("a", "c", optimize="km")).explanations("en")
        ['a → c, shortest: 3 km.']
        """
        ranked = self.mode == "alternatives"
        q = self.query
        return [
            explain_route(
                self.network,
                found,
                locale=locale,
                rank=i if ranked else 0,
                best=self.routes[0] if ranked else None,
                avoided_countries=q.avoid_countries,
                avoided_nodes=[str(self.network.node_ids[n]) for n in self.places.avoid],
                avoided_links=q.avoid_links,
                avoided_modes=q.avoid_modes,
            )
            for i, found in enumerate(self.routes)
        ]


@functools.lru_cache(maxsize=32)
def _cached_rules(names: tuple[str, ...], stamp: tuple[float, ...]) -> tuple[Rule, ...]:
    return load_rules(names)


def _rules(names: tuple[str, ...]) -> tuple[Rule, ...]:
    """Return the rules of ``names``, read once per file version."""
    paths = [
        Path(n) if Path(n).suffix == ".csv" else bundled_rules_path().parent / f"{n}.csv"
        for n in names
    ]
    stamp = tuple(p.stat().st_mtime if p.is_file() else -1.0 for p in paths)
    return _cached_rules(names, stamp)


def plan(
    network: Network,
    query: RouteQuery,
    *,
    places: Places | None = None,
    max_labels: int = DEFAULT_MAX_LABELS,
) -> Plan:
    """Answer ``query`` on ``network``: the best route, alternatives or a Pareto set.

    Parameters
    ----------
    network
        Any network; the bundled one has the cost columns the criterion names map to.
    query
        The question.
    places
        The query's places already resolved (:meth:`RouteQuery.places`), when the caller resolved
        them to report unknown places its own way; default: resolved here.
    max_labels
        Label budget of a Pareto search.

    Returns
    -------
    Plan
        The routes, each with its English explanation.

    Raises
    ------
    UnknownPlaceError
        A place matches nothing (a :class:`~eurasia.errors.NotFoundError`, with suggestions).
    NotFoundError
        An unknown link or criterion.
    NoRouteError
        No route satisfies the query.
    LabelBudgetError
        A Pareto search needs more than ``max_labels`` labels.
    DataError
        A malformed option (unknown mode or country code, negative weight, …).
    """
    if places is None:
        places = query.places(network)
    options: dict[str, Any] = {
        "cargo": query.cargo,
        "avoid_links": query.avoid_links,
        "avoid_modes": query.avoid_modes,
        "max_transfers": query.max_transfers,
        "year": query.year,
        "service": query.service,
        "rules": _rules(query.rules),
        "commodity": query.commodity,
    }
    q = _query(network, places, avoid_countries=query.avoid_countries, **options)
    if query.families and query.alternatives is not None and query.pareto is None:
        labelled = family_routes(
            functools.partial(_query, network, places, **options),
            k=query.alternatives,
            optimize=query.optimize,
            max_overlap=query.max_overlap,
            avoid_countries=query.avoid_countries,
        )
        return Plan(
            query,
            places,
            q.network,
            tuple(r for _, r in labelled),
            families=tuple(f for f, _ in labelled),
        )
    if query.pareto is not None:
        routes = pareto_routes(q, criteria=query.pareto, max_labels=max_labels)
    elif query.alternatives is not None and query.diverse:
        routes = diverse_routes(
            q, k=query.alternatives, max_overlap=query.max_overlap, optimize=query.optimize
        )
    elif query.alternatives is not None:
        routes = alternative_routes(
            q, k=query.alternatives, max_overlap=query.max_overlap, optimize=query.optimize
        )
    else:
        routes = [best_route(q, optimize=query.optimize)]
    return Plan(query=query, places=places, network=q.network, routes=tuple(routes))
