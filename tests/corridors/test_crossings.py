"""China-Kazakhstan rail crossings: capacities from the published trains a day with the stated
conversion (docs/data.md, 2,600 t a train x 365 days, per direction), and a baseline assignment
that keeps within them."""

from __future__ import annotations

import numpy as np
import pytest

from eurasia.corridors.io.dataset import load_network
from eurasia.corridors.network.model import Network
from eurasia.corridors.scenarios.running import run_scenario

TONNES_PER_TRAIN = 2_600


def _mt_a_year(trains_a_day: float) -> float:
    return trains_a_day * TONNES_PER_TRAIN * 365 / 1e6


def _capacity(net: Network, link: str) -> float:
    edges = net.edges_of(link)
    return float(net.edge_capacity[edges].sum()) / 2  # both directions of one link


@pytest.mark.parametrize(
    ("year", "dostyk_trains"),
    [(2024, 14), (2025, 28)],  # railways-kz-2025-03-04: 14 a day, 28 planned from 2025-07-01
)
def test_crossing_capacities_come_from_trains_a_day(year: int, dostyk_trains: int) -> None:
    net = load_network().as_of(year)
    dostyk = _capacity(net, "cn-alashankou--kz-dostyk")
    if year >= 2025:
        dostyk += _capacity(net, "cn-alashankou--kz-dostyk-2")
    assert dostyk == pytest.approx(_mt_a_year(dostyk_trains), rel=0.01)
    # Altynkol: "previously no more than 8 trains were exchanged per day" (same release)
    assert _capacity(net, "cn-khorgos--kz-altynkol") == pytest.approx(_mt_a_year(8), rel=0.01)
    gauge = net.edges_of("kz-altynkol:rail-1435:rail-1520")
    assert np.allclose(net.edge_capacity[gauge], _mt_a_year(8), rtol=0.01)


def test_the_baseline_keeps_within_the_crossing_capacities() -> None:
    result = run_scenario("baseline_2024").result
    net = result.network
    for link in ("cn-alashankou--kz-dostyk", "cn-khorgos--kz-altynkol"):
        vc = np.asarray(result.edge_vc)[net.edges_of(link)]
        assert (vc <= 1.0).all(), (link, vc)
    # the groups bound for Central Asia cross at Altynkol (KTZ: Dostyk carries at most 20 % of
    # the Central Asian traffic, railfreight 2023-03-27)
    flow = np.asarray(result.group_flow_mt["CN-CA"])
    dostyk = flow[net.edges_of("cn-alashankou--kz-dostyk")].sum()
    altynkol = flow[net.edges_of("cn-khorgos--kz-altynkol")].sum()
    assert dostyk <= 0.2 * (dostyk + altynkol)
