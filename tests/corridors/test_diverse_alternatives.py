"""Penalty-based diverse alternatives (routing.diverse): routes that differ, with true totals."""

from __future__ import annotations

import numpy as np
import pytest

from eurasia.corridors.network.model import Network
from eurasia.corridors.routing.diverse import diverse_routes
from eurasia.corridors.routing.families import family_of
from eurasia.corridors.routing.plan import RouteQuery, plan
from eurasia.corridors.routing.query import _query, resolve_places
from eurasia.corridors.routing.search import _shared_share, alternative_routes
from eurasia.errors import DataError, NoRouteError


def test_chongqing_duisburg_avoiding_russia_offers_the_middle_corridor(bundled: Network) -> None:
    query = RouteQuery(
        "Chongqing", "Duisburg", avoid_countries=("RU",), alternatives=3, diverse=True, rules=()
    )
    found = plan(bundled, query)
    net = found.network
    families = [family_of(net, r) for r in found.routes]
    assert "titr" in families
    assert len(set(families)) >= 2
    assert all("RU" not in r.countries for r in found.routes)
    # each pair shares less than max_overlap of its length
    for i, a in enumerate(found.routes):
        for b in found.routes[i + 1 :]:
            assert _shared_share(net, a.edges, b.edges, "km") < query.max_overlap
            assert _shared_share(net, b.edges, a.edges, "km") < query.max_overlap
    # k shortest paths with the same overlap limit stay in fewer families
    yen = plan(
        bundled,
        RouteQuery("Chongqing", "Duisburg", avoid_countries=("RU",), alternatives=3, rules=()),
    )
    assert len({family_of(net, r) for r in yen.routes}) < len(set(families))


def test_alternatives_report_true_unpenalised_totals(bundled: Network) -> None:
    found = plan(
        bundled, RouteQuery("Xi'an", "Duisburg", alternatives=3, diverse=True, optimize="cost")
    )
    net = found.network
    objectives = [r.objective for r in found.routes]
    assert objectives == sorted(objectives)
    for r in found.routes:
        edges = np.asarray(r.edges)
        # the network's edges plus the lift at the route's two ends (end_costs)
        ends = net.end_costs["usd"][[net.edge_source[edges[0]], net.edge_target[edges[-1]]]]
        assert r.totals["usd"] == pytest.approx(float(net.costs["usd"][edges].sum() + ends.sum()))
        assert r.objective == pytest.approx(r.totals["usd"])
    assert found.routes[0].overlap == 1.0
    assert all(0 <= r.overlap < 0.8 for r in found.routes[1:])


def _diamond() -> Network:
    # a-b-c is fastest, a-d-c a little slower, a-c direct much slower; a-b'-c almost a-b-c
    return Network.from_edges(
        ["a", "b", "a", "d", "a", "a"],
        ["b", "c", "d", "c", "c", "b"],
        {"hours": [1.0, 1.0, 1.5, 1.0, 9.0, 1.1], "km": [1.0, 1.0, 1.0, 1.0, 1.0, 1.0]},
    )


def test_a_near_copy_is_not_kept_and_the_penalty_moves_the_search() -> None:
    net = _diamond()
    q = _query(net, resolve_places(net, "a", "c"))
    found = diverse_routes(q, k=3, max_overlap=0.5)
    assert [r.nodes for r in found] == [("a", "b", "c"), ("a", "d", "c"), ("a", "c")]
    assert [r.objective for r in found] == [2.0, 2.5, 9.0]
    # Yen's second route is the near-copy through the parallel a-b edge when overlap is loose
    assert alternative_routes(q, k=2, max_overlap=1.0)[1].nodes == ("a", "b", "c")


def test_fewer_routes_when_none_differ_enough_and_bad_options_refused() -> None:
    net = Network.from_edges(["a", "b"], ["b", "c"], {"hours": [1.0, 1.0]})
    q = _query(net, resolve_places(net, "a", "c"))
    assert [r.nodes for r in diverse_routes(q, k=3)] == [("a", "b", "c")]
    for bad in ({"penalty": 1.0}, {"k": 0}, {"max_overlap": 0.0}, {"rounds": 0}):
        with pytest.raises(DataError):
            diverse_routes(q, **bad)  # type: ignore[arg-type]
    with pytest.raises(DataError, match="choose one"):
        RouteQuery("a", "c", alternatives=2, diverse=True, families=True)


def test_no_route_is_an_error() -> None:
    net = Network.from_edges(["a", "c"], ["b", "d"], {"hours": [1.0, 1.0]})
    q = _query(net, resolve_places(net, "a", "d"))
    with pytest.raises(NoRouteError):
        diverse_routes(q, k=2)
