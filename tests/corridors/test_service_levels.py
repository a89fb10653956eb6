"""Service levels: a scheduled block train against the typical (wagonload / LCL) service."""

from __future__ import annotations

import numpy as np
import pytest

from eurasia.corridors.io.dataset import load_network
from eurasia.corridors.network.codes import TIME_COMPONENTS
from eurasia.corridors.network.service import with_service
from eurasia.corridors.routing.plan import RouteQuery, plan
from eurasia.errors import DataError


def test_block_is_faster_and_keeps_time_parts_consistent() -> None:
    net = load_network()
    block = with_service(net, "block")
    assert with_service(net, "typical") is net
    assert np.all(block.costs["hours"] <= net.costs["hours"] + 1e-9)
    parts = sum(block.costs[p] for p in TIME_COMPONENTS)
    assert np.allclose(parts, block.costs["hours"])
    road = net.edge_mode == "road"
    assert np.array_equal(block.costs["hours"][road], net.costs["hours"][road])
    assert np.array_equal(block.costs["usd"], net.costs["usd"])
    ferry = net.edge_mode == "ferry"
    assert np.all(block.costs["risk"][ferry] <= net.costs["risk"][ferry])


def test_middle_corridor_block_train_against_published_times() -> None:
    """Held out: block trains Xi'an to Baku about 11 days (2024, vestikavkaza-2024-09-21) and
    China to Georgia 11-15 days, on the Middle Corridor view the references use; the planner's
    block train is faster than its typical service."""
    from eurasia.corridors.calibration.evaluate import fastest_path, network_view

    net = load_network()
    for destination, low, high in (("az-baku", 10, 12), ("ge-poti", 11, 15)):
        view = network_view(with_service(net, "block"), "titr", 2025)
        days = float(view.costs["hours"][fastest_path(view, "cn-xian", destination)].sum()) / 24
        assert low <= days <= high, (destination, days)
    block = plan(
        net,
        RouteQuery("cn-xian", "az-baku", avoid_countries=("RU", "IR"), year=2025, rules=(),
                   service="block"),
    ).best  # fmt: skip
    typical = plan(
        net, RouteQuery("cn-xian", "az-baku", avoid_countries=("RU", "IR"), year=2025, rules=())
    ).best
    assert block.days < typical.days - 4
    assert block.service == "block"
    assert typical.service == "typical"
    assert block.reliability is not None
    assert typical.reliability is not None
    assert block.reliability >= typical.reliability


def test_unknown_service_is_refused() -> None:
    with pytest.raises(DataError, match="service: expected one of typical, block"):
        RouteQuery("a", "b", service="express")
