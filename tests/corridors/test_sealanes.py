"""Sea and ferry links along sea lanes (corridors.io.sealanes), offline, with the Suez / Cape choice."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import numpy as np
import pytest

from eurasia.corridors.io import geojson, sealanes
from eurasia.corridors.network.model import Network

# ports with their real positions (lon, lat)
PORTS = {
    "cape": (18.42322, -33.92584),
    "tanger": (-5.5, 35.885),
    "djibouti": (43.14503, 11.58901),
    "suez": (32.52627, 29.97371),
    "shanghai": (122.07, 30.63),
    "ningbo": (121.85, 29.87),
    "van": (43.38, 38.49),
    "tatvan": (42.28, 38.5),
}


def _net() -> Network:
    names = list(PORTS)
    return Network.from_edges(
        ["cape", "djibouti", "van", "shanghai", "shanghai"],
        ["tanger", "suez", "tatvan", "ningbo", "ningbo"],
        {"km": [9250.0, 2459.0, 105.0, 85.0, 90.0]},
        node_ids=names,
        nodes={
            "lon": [PORTS[n][0] for n in names],
            "lat": [PORTS[n][1] for n in names],
        },
        edges={"mode": ["sea", "sea", "ferry", "sea", "rail"]},
    )


def _edge(net: Network, link: str) -> int:
    """Edge number of link ``link`` (edges are stored in CSR order, not input order)."""
    return int(np.flatnonzero(net.edge_id == link)[0])


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Refuse every socket: the lanes come from the wheel, not from a server."""
    sealanes.lane.cache_clear()

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield
    sealanes.lane.cache_clear()


def test_the_cape_leg_sails_round_west_africa_offline(offline: None) -> None:
    net = _net()
    cape = sealanes.link_lane(net, _edge(net, "e0"))
    assert cape is not None
    lons = [lon for lon, _ in cape.coordinates]
    # the straight line would stay east of 18.4 E .. -5.5 E across the Sahel; the lane goes
    # out into the Atlantic, west of Dakar (17.4 W)
    assert min(lons) < -17
    assert cape.coordinates[0] == PORTS["cape"]
    assert cape.coordinates[-1] == PORTS["tanger"]
    assert "suez" not in cape.passages
    assert "babalmandab" not in cape.passages
    assert 8500 < cape.km < 11000
    line = geojson.link_geometry(net, _edge(net, "e0"))
    assert line["type"] == "LineString"
    assert len(line["coordinates"]) > 5


def test_the_red_sea_leg_keeps_its_passages_the_way_round_is_far_longer(offline: None) -> None:
    net = _net()
    red_sea = sealanes.link_lane(net, _edge(net, "e1"))
    assert red_sea is not None
    assert "babalmandab" in red_sea.passages
    assert red_sea.km < 3000  # not round Africa


def test_a_lake_ferry_and_a_mixed_pair_stay_straight(offline: None) -> None:
    net = _net()
    van = net.node_index("van")
    tatvan = net.node_index("tatvan")
    assert sealanes.link_lane(net, _edge(net, "e2")) is None  # Lake Van: no sea lane near
    assert geojson.link_geometry(net, _edge(net, "e2"))["coordinates"] == [
        list(PORTS["van"]),
        list(PORTS["tatvan"]),
    ]
    # Shanghai and Ningbo are joined by rail too: the pair's line is not a lane
    a, b = net.node_index("shanghai"), net.node_index("ningbo")
    assert sealanes.lane_between(net, a, b) is None
    assert sealanes.lane_between(net, van, tatvan) is None
    assert sealanes.link_lane(net, _edge(net, "e4")) is None  # the rail link itself
    # only-water pairs draw along the lane
    cape, tanger = net.node_index("cape"), net.node_index("tanger")
    assert len(geojson.node_line(net, cape, tanger)["coordinates"]) > 5


def test_route_line_follows_each_link_in_order(offline: None) -> None:
    net = _net()
    line = sealanes.route_line(net, [_edge(net, "e1")])
    assert line["coordinates"][0] == list(PORTS["djibouti"])
    assert line["coordinates"][-1] == list(PORTS["suez"])
    assert len(line["coordinates"]) > 2


def test_compare_lengths_lists_every_water_link(offline: None) -> None:
    rows = {r["id"]: r for r in sealanes.compare_lengths(_net())}
    assert len(rows) == 4  # the rail link is left out
    by_mode = sorted(r["mode"] for r in rows.values())
    assert by_mode == ["ferry", "sea", "sea", "sea"]
    cape = next(r for r in rows.values() if r["km"] == 9250.0)
    assert cape["lane_km"] is not None
    assert -0.1 < cape["difference"] < 0.2
    van = next(r for r in rows.values() if r["mode"] == "ferry")
    assert van["lane_km"] is None
    assert van["difference"] is None
