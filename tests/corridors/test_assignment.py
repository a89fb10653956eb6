"""Assignment: known equilibria (two routes, Braess, Sioux Falls), gap trajectories, classes, errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from eurasia.corridors.assignment.equilibrium import (
    TrafficClass,
    assign,
    evaluate_flows,
    result_to_tntp_flows,
)
from eurasia.corridors.assignment.network import AssignmentNetwork
from eurasia.corridors.io import tntp, tntp_tables
from eurasia.errors import DataError

DATA = Path(__file__).parent / "data"


def two_routes(fft: tuple[float, float] = (10.0, 15.0)) -> AssignmentNetwork:
    """Two parallel links 0 -> 1 with linear delay: t_i = fft_i * (1 + x_i / 10)."""
    return AssignmentNetwork.from_arrays(
        n_nodes=2,
        tail=[0, 0],
        head=[1, 1],
        free_flow_time=list(fft),
        capacity=10.0,
        alpha=1.0,
        beta=1.0,
        zones=[0, 1],
    )


@pytest.mark.parametrize("method", ["fw", "cfw", "bfw"])
def test_two_route_equilibrium_matches_hand_solution(method: str) -> None:
    # 10 + x = 15 * (1 + (10 - x) / 10)  ->  x = 8, both routes cost 18
    res = assign(two_routes(), [[0, 10.0], [0, 0]], method=method, relative_gap=1e-10)  # type: ignore[arg-type]
    assert res.converged
    np.testing.assert_allclose(res.total_flow, [8.0, 2.0], atol=1e-6)
    np.testing.assert_allclose(res.link_time, [18.0, 18.0], atol=1e-6)
    gaps = [r.relative_gap for r in res.history]
    assert gaps[0] > 0.1  # all-or-nothing start: everything on the fast link
    assert gaps[-1] <= 1e-10
    # Beckmann: 10x + x^2/2 + 15y + 0.75 y^2 at (8, 2)
    assert res.objective == pytest.approx(10 * 8 + 32 + 15 * 2 + 3)


def test_msa_uses_one_over_k_steps_and_converges_slowly() -> None:
    res = assign(two_routes(), [[0, 10.0], [0, 0]], method="msa", relative_gap=1e-3)
    steps = [r.step for r in res.history[:-1]]
    assert steps == pytest.approx([1 / (k + 1) for k in range(1, len(steps) + 1)])
    bfw = assign(two_routes(), [[0, 10.0], [0, 0]], method="bfw", relative_gap=1e-3)
    assert res.iterations > bfw.iterations
    assert res.relative_gap <= 1e-3


def test_aon_method_is_one_free_flow_load() -> None:
    res = assign(two_routes(), [[0, 10.0], [0, 0]], method="aon")
    assert res.iterations == 1
    assert res.total_flow.tolist() == [10.0, 0.0]
    assert not res.converged


def test_braess_from_tntp_files_reaches_the_paradox() -> None:
    net = AssignmentNetwork.from_tntp(tntp.read_net(DATA / "braess" / "Braess_net.tntp"))
    trips = tntp.read_trips(DATA / "braess" / "Braess_trips.tntp").matrix
    res = assign(net, trips, method="bfw", relative_gap=1e-9)
    np.testing.assert_allclose(res.total_flow, [4, 2, 2, 2, 4], atol=1e-5)
    # every one of the three routes costs 92 (without the middle link it would be 83)
    t = res.link_time
    routes = [t[0] + t[2], t[1] + t[4], t[0] + t[3] + t[4]]
    np.testing.assert_allclose(routes, 92.0, atol=1e-4)
    without = assign(
        AssignmentNetwork.from_arrays(
            n_nodes=4,
            tail=net.tail[[0, 1, 2, 4]],
            head=net.head[[0, 1, 2, 4]],
            free_flow_time=net.vdf.free_flow_time[[0, 1, 2, 4]],
            capacity=1.0,
            alpha=net.vdf.alpha[[0, 1, 2, 4]],
            beta=1.0,
            zones=[0, 1],
        ),
        trips,
        relative_gap=1e-9,
    )
    assert without.link_time[0] + without.link_time[2] == pytest.approx(83.0, abs=1e-4)
    gaps = [r.relative_gap for r in res.history]
    assert gaps[-1] <= 1e-9 < gaps[0]


@pytest.fixture(scope="module")
def sioux_falls() -> tuple[AssignmentNetwork, np.ndarray, tntp.TntpFlows]:
    folder = DATA / "siouxfalls"
    net = AssignmentNetwork.from_tntp(tntp.read_net(folder / "SiouxFalls_net.tntp"))
    trips = tntp.read_trips(folder / "SiouxFalls_trips.tntp").matrix
    return net, trips, tntp_tables.read_flows(folder / "SiouxFalls_flow.tntp")


def test_sioux_falls_matches_published_best_known_objective(
    sioux_falls: tuple[AssignmentNetwork, np.ndarray, tntp.TntpFlows], tmp_path: Path
) -> None:
    net, trips, published = sioux_falls
    assert (published.from_node.tolist(), published.to_node.tolist()) == (
        net.node_labels[net.tail].tolist(),
        net.node_labels[net.head].tolist(),
    )
    best_obj, best_gap, _ = evaluate_flows(net, trips, published.volume)
    assert best_gap < 1e-8  # the published solution is an equilibrium by our gap too
    res = assign(net, trips, method="bfw", relative_gap=1e-5, max_iterations=2000)
    assert res.converged
    assert res.objective == pytest.approx(best_obj, rel=1e-4)
    assert abs(res.objective - best_obj) / best_obj < 1e-5
    np.testing.assert_allclose(res.link_time, published.cost, rtol=5e-3)
    out = tmp_path / "SiouxFalls_flow.tntp"
    tntp_tables.write_flows(result_to_tntp_flows(net, res), out)
    back = tntp_tables.read_flows(out)
    np.testing.assert_array_equal(back.volume, res.total_flow)
    assert evaluate_flows(net, trips, back.volume)[1] == pytest.approx(res.relative_gap, rel=1e-6)


def test_sioux_falls_methods_rank_by_speed(
    sioux_falls: tuple[AssignmentNetwork, np.ndarray, tntp.TntpFlows],
) -> None:
    net, trips, _ = sioux_falls
    iterations = {
        m: assign(net, trips, method=m, relative_gap=1e-4, max_iterations=3000).iterations  # type: ignore[arg-type]
        for m in ("fw", "cfw", "bfw")
    }
    assert iterations["bfw"] < iterations["cfw"] < iterations["fw"]


def test_threads_and_engines_agree(
    sioux_falls: tuple[AssignmentNetwork, np.ndarray, tntp.TntpFlows],
) -> None:
    net, trips, _ = sioux_falls
    one = assign(net, trips, relative_gap=None, max_iterations=8, threads=1)
    two = assign(net, trips, relative_gap=None, max_iterations=8, threads=2)
    np.testing.assert_allclose(one.total_flow, two.total_flow, rtol=1e-10)
    assert one.iterations == 8
    assert not one.converged
    # engines may break ties between equal-cost paths differently, so trajectories differ;
    # the equilibrium they reach does not
    objectives = [
        assign(net, trips, relative_gap=1e-5, engine=engine).objective  # type: ignore[arg-type]
        for engine in ("numba", "scipy", "numpy")
    ]
    assert max(objectives) / min(objectives) - 1 < 1e-5


def test_aec_stopping_rule(
    sioux_falls: tuple[AssignmentNetwork, np.ndarray, tntp.TntpFlows],
) -> None:
    net, trips, _ = sioux_falls
    res = assign(net, trips, relative_gap=None, aec=0.01)
    assert res.converged
    assert res.aec <= 0.01 < res.history[-2].aec
    both = assign(net, trips, relative_gap=1e-4, aec=1e-9, max_iterations=30)
    assert not both.converged  # the AEC target is out of reach in 30 iterations


def test_multiclass_tolls_split_classes_and_respect_allowed_links() -> None:
    # link 0 fast and tolled, link 1 slow and free, link 2 a free shortcut only bulk may use
    net = AssignmentNetwork.from_arrays(
        n_nodes=2,
        tail=[0, 0, 0],
        head=[1, 1, 1],
        free_flow_time=[10.0, 20.0, 12.0],
        capacity=10.0,
        alpha=1.0,
        beta=1.0,
        toll=[8.0, 0.0, 0.0],
        zones=[0, 1],
    )
    demand = np.array([[0, 6.0], [0, 0]])
    containers = TrafficClass("containers", demand, toll_factor=0.1, allowed=[True, True, False])
    bulk = TrafficClass("bulk", demand, toll_factor=5.0)
    res = assign(net, [containers, bulk], relative_gap=1e-10)
    assert res.converged
    assert res.class_names == ("containers", "bulk")
    flow_c, flow_b = res.class_flow
    assert flow_c[2] == 0.0
    assert flow_b[0] == pytest.approx(0.0, abs=1e-6)  # a toll of 40 time units keeps bulk off
    np.testing.assert_allclose(res.total_flow, flow_c + flow_b)
    t = res.link_time
    cost_c = t + 0.1 * np.array([8.0, 0, 0])
    cost_b = t + 5.0 * np.array([8.0, 0, 0])
    # Wardrop per class: every used link is a cheapest one for that class
    used_c = flow_c > 1e-6
    used_b = flow_b > 1e-6
    assert cost_c[used_c].max() == pytest.approx(cost_c[:2].min(), abs=1e-5)
    assert cost_b[used_b].max() == pytest.approx(cost_b.min(), abs=1e-5)
    objective, gap, _ = evaluate_flows(net, [containers, bulk], res.class_flow)
    assert objective == pytest.approx(res.objective)
    assert gap < 1e-9


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"method": "newton"}, "method must be one of aon, msa, fw, cfw, bfw"),
        ({"relative_gap": -1.0}, "relative_gap must be a finite number >= 0"),
        ({"max_iterations": 0}, "max_iterations must be >= 1"),
        ({"threads": 0}, "threads must be >= 1"),
    ],
)
def test_assign_rejects_bad_options(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(DataError, match=message):
        assign(two_routes(), [[0, 1.0], [0, 0]], **kwargs)  # type: ignore[arg-type]


def test_bad_inputs_name_what_is_wrong() -> None:
    net = two_routes()
    with pytest.raises(DataError, match=r"demand: expected a 2 x 2 OD matrix"):
        assign(net, [[1.0]])
    with pytest.raises(DataError, match=r"class 'x' demand\[0, 1\] must be finite and >= 0"):
        assign(net, [TrafficClass("x", np.array([[0, -1.0], [0, 0]]))])
    with pytest.raises(DataError, match="distinct names"):
        assign(net, [TrafficClass("x", np.zeros((2, 2))), TrafficClass("x", np.zeros((2, 2)))])
    with pytest.raises(DataError, match=r"class 'x': pce must be > 0"):
        assign(net, [TrafficClass("x", np.zeros((2, 2)), pce=0.0)])
    with pytest.raises(DataError, match="flows: expected 1 x 2"):
        evaluate_flows(net, [[0, 1.0], [0, 0]], [1.0, 2.0, 3.0])
    with pytest.raises(DataError, match="none below minus the link's toll and distance cost"):
        assign(net, [TrafficClass("x", np.zeros((2, 2)), extra_cost=np.array([-1.0, 0.0]))])
