"""A route pays the lift at its two ends: rail terminal lift, port handling and dwell by mode."""

from __future__ import annotations

import numpy as np
import pytest

from eurasia.corridors.io.dataset import load_network
from eurasia.corridors.network.model import Network
from eurasia.corridors.network.service import with_service
from eurasia.corridors.routing.search import route
from eurasia.errors import DataError


def _side(net: Network, node: str, side: str) -> int:
    (v,) = [int(v) for v in net.node_vertices(node) if net.vertex_side[v] == side]
    return v


def test_ends_cost_by_mode_of_the_side() -> None:
    net = load_network()
    ends = net.end_costs
    rail = _side(net, "nl-rotterdam", "rail-1435")
    sea = _side(net, "nl-rotterdam", "sea")
    # port handling and dwell at a deep-sea port exceed a rail terminal lift (parameters.csv)
    assert ends["hours"][sea] == 48.0
    assert ends["usd"][sea] == 150.0
    assert ends["hours"][rail] == 12.0
    assert ends["usd"][rail] == 100.0
    assert ends["hours_transfer"][sea] == ends["hours"][sea]
    assert ends["usd_feu"][rail] == pytest.approx(ends["usd"][rail] * 1.5)
    assert ends["km"].sum() == 0
    assert ends["risk"].sum() == 0


def test_a_route_reports_its_two_lifts_in_its_totals() -> None:
    net = load_network()
    r = route(net, "cn-xian", "kz-almaty")
    lifts = [t for t in r.transfers if t.kind == "terminal"]
    assert [t.detail.split(":")[0] for t in lifts] == ["origin", "destination"]
    assert r.transfers[0] is lifts[0]
    assert r.transfers[-1] is lifts[-1]
    edges = np.asarray(r.edges)
    on_edges = float(net.costs["hours"][edges].sum())
    assert r.totals["hours"] == pytest.approx(on_edges + sum(t.costs["hours"] for t in lifts))
    legs = sum(leg.costs["hours"] for leg in r.legs)
    assert r.totals["hours"] == pytest.approx(legs + sum(t.costs["hours"] for t in r.transfers))


def test_a_sea_route_pays_port_dwell_at_both_ends() -> None:
    net = load_network()
    r = route(net, "cn-shanghai", "nl-rotterdam", avoid_modes=["rail", "road"])
    lifts = {t.detail: t.costs["hours"] for t in r.transfers if t.kind == "terminal"}
    assert lifts == {"origin: sea": 48.0, "destination: sea": 48.0}


def test_block_trains_lift_at_the_fast_end() -> None:
    net = load_network()
    v = _side(net, "cn-xian", "rail-1435")
    block = with_service(net, "block")
    assert block.end_costs["hours"][v] == net.end_costs["hours_low"][v] == 4.0
    assert block.end_costs["hours_high"][v] == net.end_costs["hours"][v]
    assert block.end_costs["usd"][v] == net.end_costs["usd"][v]


def test_per_tonne_divides_the_end_money_too() -> None:
    net = load_network()
    t = net.per_tonne()
    v = _side(net, "cn-xian", "rail-1435")
    assert t.end_costs["usd"][v] == pytest.approx(net.end_costs["usd"][v] / 10)
    assert t.end_costs["hours"][v] == net.end_costs["hours"][v]


def test_bad_end_costs_are_refused() -> None:
    kw = {"node_ids": ["a", "b"], "edge_source": [0], "edge_target": [1], "costs": {"h": [1.0]}}
    with pytest.raises(DataError, match="end_costs: no cost named"):
        Network(**kw, end_costs={"x": [0.0, 0.0]})
    with pytest.raises(DataError, match="end cost 'h'"):
        Network(**kw, end_costs={"h": [0.0, -1.0]})
    with pytest.raises(DataError, match="expected 2 values"):
        Network(**kw, end_costs={"h": [0.0]})
    assert Network(**kw).end_costs["h"].tolist() == [0.0, 0.0]


def test_a_ferry_line_with_a_published_tariff_costs_that_tariff() -> None:
    net = load_network()
    (kuryk, *_) = net.edges_of("kz-kuryk--az-alat")
    (aktau, *_) = net.edges_of("kz-aktau--az-alat")
    # ASCO: USD 600 per 20 ft and 1,200 per 40 ft box Alat-Kuryk (asco-tariffs-2023)
    assert net.costs["usd"][kuryk] == 600.0
    assert net.costs["usd_feu"][kuryk] == 1200.0
    assert net.costs["usd_low"][kuryk] == 480.0
    # Aktau-Alat has no published container tariff: km x the ferry rate per TEU-km
    assert net.costs["usd"][aktau] == pytest.approx(net.costs["km"][aktau] * 1.01)
