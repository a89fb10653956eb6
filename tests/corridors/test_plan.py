"""The one planning entry: RouteQuery checks, plan() against route/alternatives/pareto, places
resolved once, and explanations in the reader's language."""

from __future__ import annotations

import pytest

from eurasia.corridors.network.model import Network
from eurasia.corridors.routing.plan import RouteQuery, plan
from eurasia.corridors.routing.query import resolve_places
from eurasia.corridors.routing.search import alternatives, pareto, route
from eurasia.errors import DataError, NotFoundError, UnknownPlaceError


@pytest.fixture(scope="module")
def square() -> Network:
    """a-b-d is fast and dear, a-c-d slow and cheap; b lies in RU."""
    return Network.from_edges(
        ["a", "b", "a", "c"],
        ["b", "d", "c", "d"],
        {"hours": [10.0, 10.0, 5.0, 20.0], "usd": [100.0, 100.0, 50.0, 60.0], "km": [1, 1, 1, 2]},
        nodes={"country": ["KZ", "RU", "CN", "DE"]},
        directed=False,
    )


def test_mode_follows_the_options() -> None:
    assert RouteQuery("a", "d").mode == "best"
    assert RouteQuery("a", "d", alternatives=2).mode == "alternatives"
    assert RouteQuery("a", "d", alternatives=2, pareto=("time", "cost")).mode == "pareto"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"via": ["b"], "pareto": ("time", "cost")}, "via does not combine with pareto"),
        ({"alternatives": 0}, "k: expected at least 1"),
        ({"alternatives": 2, "max_overlap": 1.5}, "max_overlap"),
        ({"max_transfers": -1}, "max_transfers"),
        ({"cargo": "barrel"}, "cargo"),
        ({"avoid_countries": "RU"}, "avoid_countries: expected a list"),
    ],
)
def test_query_checks_its_options(options: dict[str, object], message: str) -> None:
    with pytest.raises(DataError, match=message):
        RouteQuery("a", "d", **options)  # type: ignore[arg-type]


def test_query_is_frozen_and_hashable() -> None:
    query = RouteQuery("a", "d", avoid_countries=["RU"])  # type: ignore[arg-type]
    assert query.avoid_countries == ("RU",)
    assert hash(query) == hash(RouteQuery("a", "d", avoid_countries=("RU",)))
    with pytest.raises(AttributeError):
        query.origin = "b"  # type: ignore[misc]


def test_parse_reads_text_options() -> None:
    weighted = RouteQuery.parse("a", "d", optimize="time:1,cost:0.5")
    assert weighted.optimize == {"time": 1.0, "cost": 0.5}
    front = RouteQuery.parse("a", "d", optimize="not:a:number", pareto=" time , cost ")
    assert front.pareto == ("time", "cost")
    assert RouteQuery.parse("a", "d", pareto="").pareto == ()


def test_plan_answers_as_route_alternatives_and_pareto_do(square: Network) -> None:
    best = plan(square, RouteQuery("a", "d", optimize="cost"))
    assert best.mode == "best"
    assert best.routes == (route(square, "a", "d", optimize="cost"),)
    alts = plan(square, RouteQuery("a", "d", alternatives=2, max_overlap=1.0))
    assert list(alts.routes) == alternatives(square, "a", "d", k=2, max_overlap=1.0)
    front = plan(square, RouteQuery("a", "d", pareto=("time", "cost")))
    assert list(front.routes) == pareto(square, "a", "d", criteria=("time", "cost"))
    assert [r.nodes for r in front.routes] == [("a", "b", "d"), ("a", "c", "d")]


def test_avoid_and_via(square: Network) -> None:
    found = plan(square, RouteQuery("a", "d", avoid_countries=("RU",)))
    assert found.best.nodes == ("a", "c", "d")
    assert "Avoids countries RU as asked." in found.best.explanation
    assert plan(square, RouteQuery("a", "d", via=("c",))).best.nodes == ("a", "c", "d")
    places = plan(square, RouteQuery("a", "d", avoid_nodes=("b",), avoid_modes=()))
    assert places.best.nodes == ("a", "c", "d")
    assert "places b" in places.best.explanation


def test_places_are_resolved_once_and_may_be_given(square: Network) -> None:
    query = RouteQuery("A", "D", via=("C",))
    places = resolve_places(square, query.origin, query.destination, via=query.via)
    assert (places.origin, places.destination, places.via) == (0, 3, (2,))
    given = plan(square, query, places=places)
    assert given.routes == plan(square, query).routes
    assert given.places == places


def test_unknown_place_carries_the_query_and_suggestions(square: Network) -> None:
    bigger = Network.from_edges(["Duisburg", "Hamburg"], ["Warsaw", "Duisburg"])
    with pytest.raises(UnknownPlaceError) as caught:
        plan(bigger, RouteQuery("Duisberg", "Warsaw"))
    assert caught.value.query == "Duisberg"
    assert caught.value.suggestions == ("Duisburg",)
    assert isinstance(caught.value, NotFoundError)
    with pytest.raises(DataError, match="same place"):
        plan(square, RouteQuery("a", "A"))


def test_explanations_in_the_readers_language(square: Network) -> None:
    found = plan(square, RouteQuery("a", "d", alternatives=2, max_overlap=1.0))
    english = found.explanations("en")
    assert english == [r.explanation for r in found.routes]
    assert "Against the best:" in english[1]
    russian = found.explanations("ru")
    assert russian[0].startswith("a → d, самый быстрый")
    assert "вариант 1" in russian[1]
    kazakh = plan(square, RouteQuery("a", "d", avoid_countries=("RU",))).explanations("kk")[0]
    assert "Сұрау бойынша айналып өтеді: елдер RU." in kazakh


def test_bundled_plan_by_cyrillic_names(bundled: Network) -> None:
    found = plan(bundled, RouteQuery("Алматы", "Актау", year=2025))
    assert found.best.origin == "kz-almaty"
    assert found.network.n_edges <= bundled.n_edges  # the view the routes' edges index
    assert found.explanations("ru")[0].startswith("Алматы → Актау")
