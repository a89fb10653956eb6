"""Alternatives that differ: each corridor family's best route within the margin, labelled (routing.families)."""

from __future__ import annotations

import pytest

from eurasia.corridors.io.dataset import load_network
from eurasia.corridors.network.model import Network
from eurasia.corridors.routing.families import family_routes
from eurasia.corridors.routing.plan import RouteQuery, plan
from eurasia.corridors.routing.query import _query, resolve_places
from eurasia.errors import DataError


@pytest.fixture(scope="module")
def net() -> Network:
    return load_network()


def test_chongqing_duisburg_avoiding_russia_offers_the_middle_corridor(net: Network) -> None:
    found = plan(
        net,
        RouteQuery("Chongqing", "Duisburg", alternatives=3, families=True, avoid_countries=("RU",)),
    )
    assert "titr" in found.families
    assert len(set(found.families)) >= 2
    assert len(found.families) == len(found.routes) <= 3
    best = found.routes[0].objective
    assert all(r.objective >= best for r in found.routes)
    assert all("RU" not in r.countries for r in found.routes)


def test_a_family_far_worse_than_the_best_is_left_out() -> None:
    net = Network.from_edges(
        ["a", "b", "a", "d"],
        ["b", "c", "d", "c"],
        {"hours": [1.0, 1.0, 10.0, 10.0]},
        nodes={"country": ["CN", "RU", "DE", "AZ"]},
        edges={"mode": ["rail"] * 4},
    )
    places = resolve_places(net, "a", "c")
    tight = family_routes(lambda **extra: _query(net, places, **extra), k=1, margin=1.0)
    assert [f for f, _ in tight] == ["northern"]
    wide = family_routes(lambda **extra: _query(net, places, **extra), k=3, margin=20.0)
    assert [f for f, _ in wide] == ["northern", "other"]
    with pytest.raises(DataError):
        family_routes(lambda **extra: _query(net, places, **extra), k=0)
