"""Honest gap: signed relative gap and flow conservation per node and class."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from eurasia.corridors.assignment.check import check_flows, node_imbalance
from eurasia.corridors.assignment.equilibrium import TrafficClass, assign, evaluate_flows
from eurasia.corridors.assignment.network import AssignmentNetwork
from eurasia.corridors.io import tntp, tntp_tables
from eurasia.errors import DataError, NoRouteError

DATA = Path(__file__).parent / "data" / "siouxfalls" / "SiouxFalls"


@pytest.fixture(scope="module")
def sioux_falls() -> tuple[AssignmentNetwork, np.ndarray, np.ndarray]:
    net = AssignmentNetwork.from_tntp(tntp.read_net(f"{DATA}_net.tntp"))
    trips = tntp.read_trips(f"{DATA}_trips.tntp").matrix
    flows = tntp_tables.read_flows(f"{DATA}_flow.tntp").volume
    return net, trips, flows


def test_published_flows_are_conserved_and_near_equilibrium(
    sioux_falls: tuple[AssignmentNetwork, np.ndarray, np.ndarray],
) -> None:
    net, trips, flows = sioux_falls
    check = check_flows(net, trips, flows)
    assert check.conserved
    assert abs(check.relative_gap) < 1e-8
    assert check.honest_gap < 1e-8
    assert check.objective == pytest.approx(evaluate_flows(net, trips, flows)[0])


def test_flows_that_lose_demand_never_score_zero(
    sioux_falls: tuple[AssignmentNetwork, np.ndarray, np.ndarray],
) -> None:
    # an unbalanced copy of the equilibrium: 828 vehicles vanish from one link
    net, trips, flows = sioux_falls
    broken = flows.copy()
    broken[10] -= 828.0
    check = check_flows(net, trips, broken)
    assert not check.conserved
    assert check.imbalance == pytest.approx(828.0)
    assert check.imbalance_node in (
        int(net.node_labels[net.tail[10]]),
        int(net.node_labels[net.head[10]]),
    )
    assert check.honest_gap >= 828.0 / trips.sum()
    # scaling every flow down makes the plain gap negative, not zero
    shrunk = check_flows(net, trips, flows * 0.9)
    assert shrunk.relative_gap < 0
    assert shrunk.honest_gap > 0.09


def test_gap_is_signed_in_evaluate_flows(
    sioux_falls: tuple[AssignmentNetwork, np.ndarray, np.ndarray],
) -> None:
    net, trips, flows = sioux_falls
    _, gap, aec = evaluate_flows(net, trips, flows * 0.5)
    assert gap < 0
    assert aec < 0


def test_no_through_node_relaying_flow_is_a_violation() -> None:
    # zone node 1 relays 0 -> 1 -> 2 although it is a no-through node
    net = AssignmentNetwork.from_arrays(
        n_nodes=3, tail=[0, 1], head=[1, 2], free_flow_time=[1.0, 1.0], capacity=1.0,
        zones=[0, 1, 2], no_through=[True, True, True],
    )  # fmt: skip
    demand = np.zeros((3, 3))
    demand[0, 2] = 2.0
    violation, relayed = node_imbalance(net, demand, np.array([2.0, 2.0]))
    assert violation.tolist() == [0.0, 4.0, 0.0]
    assert relayed[1] == 4.0
    with pytest.raises(NoRouteError):  # and no flows at all are legal here
        check_flows(net, demand, [2.0, 2.0])


def test_forbidden_and_negative_flows_count(
    sioux_falls: tuple[AssignmentNetwork, np.ndarray, np.ndarray],
) -> None:
    net, trips, _ = sioux_falls
    allowed = np.ones(net.n_links, dtype=bool)
    allowed[0] = False
    cls = TrafficClass("c", trips, allowed=allowed)
    res = assign(net, [cls], method="b", relative_gap=1e-10)
    ok = check_flows(net, [cls], res.class_flow)
    assert ok.conserved
    moved = res.class_flow.copy()
    moved[0, 0] += 5.0
    moved[0, 1] -= 5.0
    assert check_flows(net, [cls], moved).infeasibility > 0
    negative = res.class_flow.copy()
    negative[0, 3] = -1.0
    assert not check_flows(net, [cls], negative).conserved


def test_bad_flow_shapes(sioux_falls: tuple[AssignmentNetwork, np.ndarray, np.ndarray]) -> None:
    net, trips, flows = sioux_falls
    with pytest.raises(DataError, match="expected 1 x 76"):
        check_flows(net, trips, flows[:-1])
    bad = flows.copy()
    bad[4] = np.nan
    with pytest.raises(DataError, match=r"flows\[0, 4\] must be finite"):
        check_flows(net, trips, bad)
