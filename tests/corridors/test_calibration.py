"""Modelled door-to-door times of the reference pairs fall in the published ranges.

Procedure (docs/data.md): the network in operation in 2025 (``as_of(2025)``), restricted as the
published route is (Middle Corridor: links of the ``titr`` family with Russia and Belarus
excluded; sea: sea links only, Egypt excluded for the Cape detour), fastest path over
``costs["hours"]`` from any vertex of the origin node to any vertex of the destination node with
scipy.sparse.csgraph.dijkstra. Times include line haul at commercial speed, border dwell,
transshipment at gauge breaks and ports, and the mean wait for a ferry from its frequency.
Published ranges: navisgroup.com.ua (2025-08-27), facts file ``corridors.md``.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.sparse.csgraph import dijkstra

from eurasia.corridors.network.model import Network


def fastest_days(net: Network, origin: str, destination: str) -> float:
    dist = dijkstra(net.to_scipy("hours"), indices=net.node_vertices(origin), min_only=True)
    return float(dist[net.node_vertices(destination)].min()) / 24


def view(net: Network, name: str) -> Network:
    operating = net.as_of(2025)
    if name == "any":
        return operating
    if name == "rail":  # the published Northern-route times are for container trains
        return operating.by_mode("rail")
    if name == "titr":
        return operating.excluding_countries("RU", "BY").by_corridor("titr")
    if name == "cape":
        return operating.by_mode("sea").excluding_countries("EG")
    raise AssertionError(name)


REFERENCE = [
    ("northern", "rail", "cn-xian", "pl-malaszewicze", 12, 14),
    ("northern", "rail", "cn-chongqing", "de-duisburg", 16, 18),
    ("titr", "titr", "cn-xian", "ro-constanta", 31, 34),
    ("titr", "titr", "cn-xian", "hu-budapest", 32, 37),
    ("titr", "titr", "cn-xian", "de-duisburg", 32, 37),
    ("titr", "titr", "kz-dostyk", "az-alat", 9, 12),
    ("titr", "titr", "kz-altynkol", "az-alat", 9, 12),
    ("sea", "cape", "cn-shanghai", "nl-rotterdam", 40, 55),
]


@pytest.mark.parametrize(
    ("corridor", "restrict", "origin", "destination", "low", "high"), REFERENCE
)
def test_reference_pair_in_published_range(
    bundled: Network,
    corridor: str,
    restrict: str,
    origin: str,
    destination: str,
    low: float,
    high: float,
) -> None:
    days = fastest_days(view(bundled, restrict), origin, destination)
    assert low <= days <= high, f"{corridor} {origin} -> {destination}: {days:.1f} days"


def test_middle_corridor_slower_than_northern(bundled: Network) -> None:
    # World Bank (2023): the Middle Corridor takes several times the Northern route's time.
    northern = fastest_days(view(bundled, "rail"), "cn-xian", "de-duisburg")
    middle = fastest_days(view(bundled, "titr"), "cn-xian", "de-duisburg")
    assert middle > 1.8 * northern


def test_cape_detour_adds_ten_to_fourteen_days(bundled: Network) -> None:
    sea = bundled.as_of(2025).by_mode("sea")
    suez = fastest_days(sea, "cn-shanghai", "nl-rotterdam")
    cape = fastest_days(view(bundled, "cape"), "cn-shanghai", "nl-rotterdam")
    # Published: the Cape adds 10-14 days (navisgroup 2025; PEMP: 10,600 nm via Suez, 13,800 nm
    # via the Cape, about 35 days via Suez with port calls).
    assert 10 <= cape - suez <= 14
    assert 33 <= suez <= 37


def test_sea_distances_match_the_published_shanghai_rotterdam_routes(bundled: Network) -> None:
    sea = bundled.as_of(2025).by_mode("sea")
    km = sea.to_scipy("km")
    start, end = sea.node_vertices("cn-shanghai"), sea.node_vertices("nl-rotterdam")
    suez = float(dijkstra(km, indices=start, min_only=True)[end].min())
    cape_net = view(bundled, "cape")
    cape = float(dijkstra(cape_net.to_scipy("km"), indices=start, min_only=True)[end].min())
    assert suez / 1.852 == pytest.approx(10_600, rel=0.02)
    assert cape / 1.852 == pytest.approx(13_800, rel=0.02)


def test_second_track_speeds_up_dostyk_moyinty(bundled: Network) -> None:
    before = fastest_days(bundled.as_of(2024), "kz-dostyk", "kz-moyinty")
    after = fastest_days(bundled.as_of(2025), "kz-dostyk", "kz-moyinty")
    assert after < before
    assert np.isclose(after * 24, 836 / 1200 * 24)
