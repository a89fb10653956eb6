"""The freight model: per-edge volume-delay parameters, their defaults and overrides."""

from __future__ import annotations

import numpy as np
import pytest

from eurasia.corridors.assignment.demand import Demand
from eurasia.corridors.assignment.freight import FREIGHT_ALPHA, FREIGHT_BETA, run_freight
from eurasia.corridors.network.model import Network
from eurasia.corridors.scenarios.apply import apply_scenario
from eurasia.corridors.scenarios.parsing import parse_scenario_text
from eurasia.errors import DataError

BASE = "name: t\nyear: 2024\ndemand: {file: baseline_2024, year: 2024}\n"


def two_routes(**edges: list[float]) -> Network:
    """a -> c direct (30 h, USD 40, no capacity) or via b on two 1 Mt/yr links (10 h, USD 20)."""
    return Network.from_edges(
        ["a", "a", "b"],
        ["b", "c", "c"],
        {"hours": [10.0, 30.0, 10.0], "usd": [20.0, 40.0, 20.0], "km": [100.0, 250.0, 100.0]},
        edges={"capacity": [1.0, np.inf, 1.0], "mode": ["rail"] * 3, **edges},
        cost_units={"usd": "USD/t"},
    )


DEMAND = Demand.from_records([("a", "c", "X", "containers", 2.0e6)])


def via_b(net: Network, **options: float) -> float:
    res = run_freight(net, DEMAND, relative_gap=1e-10, max_iterations=500, **options)  # type: ignore[arg-type]
    return float(res.edge_flow_mt[0])


def test_each_edge_uses_its_own_volume_delay_parameters() -> None:
    # equal generalized costs (value of time 1 USD/t-h): 20 (1 + alpha x^beta) + 40 = 30 + 40
    own = two_routes(bpr_alpha=[0.15, 0.15, 0.15], bpr_beta=[4.0, 4.0, 4.0])
    assert via_b(own) == pytest.approx((0.5 / 0.15) ** (1 / 4), rel=1e-6)
    # edges without parameters take the freight defaults (alpha 1, beta 6)
    assert (FREIGHT_ALPHA, FREIGHT_BETA) == (1.0, 6.0)
    assert via_b(two_routes()) == pytest.approx(0.5 ** (1 / 6), rel=1e-6)
    # per edge: a steeper curve on a -> b only, 10 (1 + x^4) + 10 (1 + 0.15 x^4) = 30
    mixed = two_routes(bpr_alpha=[1.0, np.nan, 0.15], bpr_beta=[4.0, np.nan, 4.0])
    assert via_b(mixed) == pytest.approx((10 / 11.5) ** (1 / 4), rel=1e-6)


def test_one_pair_for_every_edge_overrides_their_own() -> None:
    own = two_routes(bpr_alpha=[1.0, 1.0, 1.0], bpr_beta=[6.0, 6.0, 6.0])
    assert via_b(own, alpha=0.15, beta=4.0) == pytest.approx((0.5 / 0.15) ** 0.25, rel=1e-6)
    with pytest.raises(DataError, match="BPR alpha: expected a finite number >= 0"):
        via_b(own, alpha=-1.0)


def test_bundled_defaults_by_mode_reach_the_assignment() -> None:
    from eurasia.corridors.io.dataset import load_network

    net = load_network()
    road = net.edge_mode == "road"
    assert set(net.edge_bpr_alpha[road]) == {0.15}  # BPR road curve (bpr-1964)
    assert set(net.edge_bpr_beta[road]) == {4.0}
    others = ~road
    assert set(net.edge_bpr_alpha[others]) == {1.0}
    assert set(net.edge_bpr_beta[others]) == {6.0}


def test_scenarios_set_volume_delay_parameters() -> None:
    from eurasia.corridors.io.dataset import load_network

    network = load_network()
    scenario = parse_scenario_text(
        BASE + "assignment: {alpha: 0.5}\n"
        "changes:\n  - {modes: [ferry], countries: [AZ], bpr_alpha: 2.0, bpr_beta: 8}\n",
        source="s.yaml",
    )
    assert (scenario.assignment.alpha, scenario.assignment.beta) == (0.5, None)
    net = apply_scenario(scenario, network).network
    chosen = (net.edge_mode == "ferry") & (
        (net.edge_country == "AZ") | (net.edge_country_to == "AZ")
    )
    assert set(net.edge_bpr_alpha[chosen]) == {2.0}
    assert set(net.edge_bpr_beta[chosen]) == {8.0}
    np.testing.assert_array_equal(
        net.edge_bpr_beta[~chosen], network.as_of(2024).edge_bpr_beta[~chosen]
    )
    with pytest.raises(DataError, match=r"s.yaml: changes\[0\].bpr_beta: expected a finite number"):
        parse_scenario_text(
            BASE + "changes:\n  - {modes: [ferry], bpr_beta: -1}\n", source="s.yaml"
        )
