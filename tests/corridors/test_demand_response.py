"""Demand response: an excess-demand link per OD pair reports what would wait too long as not
served (Sheffi 1985, ch. 6), and no scenario serves a crossing that takes months."""

from __future__ import annotations

import numpy as np
import pytest

from eurasia.corridors.assignment.demand import Demand
from eurasia.corridors.assignment.freight import run_freight
from eurasia.corridors.assignment.response import DemandResponse
from eurasia.corridors.network.model import Network
from eurasia.errors import DataError


def _bottleneck() -> Network:
    # one 1 Mt/yr line of 10 h: at v/c 3 it takes 10 (1 + 3**4) = 820 h
    return Network.from_edges(
        ["a"],
        ["b"],
        {"hours": [10.0], "usd": [0.0], "risk": [0.0], "km": [100.0]},
        edges={"capacity": [1.0], "mode": ["rail"], "bpr_alpha": [1.0], "bpr_beta": [4.0]},
        cost_units={"usd": "USD/t"},
    )


def test_excess_demand_goes_unserved_at_the_threshold() -> None:
    net = _bottleneck()
    demand = Demand.from_records([("a", "b", "X", "containers", 3.0e6)])
    served_all = run_freight(net, demand, relative_gap=1e-10, method="b")
    assert served_all.indicators["unserved_mt"] == 0.0
    assert served_all.edge_hours[0] > 800
    # 2 days over the uncongested 10 h: 10 (1 + x**4) = 58 h  =>  x = 4.8 ** 0.25
    res = run_freight(
        net, demand, relative_gap=1e-10, method="b", response=DemandResponse({"containers": 2.0})
    )
    x = 4.8**0.25
    assert res.edge_flow_mt[0] == pytest.approx(x, rel=1e-5)
    assert res.edge_hours[0] == pytest.approx(58.0, rel=1e-5)
    assert res.indicators["unserved_over_threshold_mt"] == pytest.approx(3.0 - x, rel=1e-5)
    assert res.indicators["served_mt"] + res.indicators["unserved_mt"] == pytest.approx(3.0)


def test_negative_threshold_is_refused() -> None:
    with pytest.raises(DataError, match="max_extra_days"):
        DemandResponse({"bulk": -1.0})


@pytest.mark.slow
def test_2035_serves_no_crossing_that_takes_months() -> None:
    from eurasia.corridors.scenarios.running import run_scenario

    out = run_scenario("2035_100mt")
    res = out.result
    ind = out.summary["indicators"]
    assert ind["unserved_over_threshold_mt"] > 1.0
    loaded = res.edge_flow_mt > 1e-6
    # the thresholds (14 days containers, 30 days bulk) cap any edge's congested time
    assert float(res.edge_hours[loaded].max()) < 35 * 24
    kuryk = np.flatnonzero(res.network.edge_id == "kz-kuryk--az-alat")
    assert float(res.edge_hours[kuryk].max()) < 1768  # the 74-day crossing of issue 14
    assert all(b["capacity_basis"] != "default" for b in out.summary["bottlenecks"])


def test_service_level_in_the_assignment() -> None:
    from eurasia.corridors.io.dataset import load_network

    net = load_network().as_of(2024)
    demand = Demand.from_records([("cn-xian", "az-baku", "CN-TR", "containers", 1.0e5)])
    typical = run_freight(net, demand, method="b", relative_gap=1e-8)
    block = run_freight(net, demand, method="b", relative_gap=1e-8, service="block")
    assert block.indicators["tonne_hours_m"] < typical.indicators["tonne_hours_m"]
    with pytest.raises(DataError, match="service: expected one of typical, block"):
        run_freight(net, demand, service="express")
