"""All-or-nothing loading: numba kernel against the numpy reference and NetworkX, through-node rule."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eurasia.corridors.assignment.equilibrium import assign, result_to_tntp_flows
from eurasia.corridors.assignment.loading import (
    ShortestPathForest,
    _load_trees_numba,
    _load_trees_numpy,
    all_or_nothing,
)
from eurasia.corridors.assignment.network import (
    AssignmentNetwork,
    NodeCapacity,
    with_node_capacities,
)
from eurasia.errors import DataError, NoRouteError


@st.composite
def random_cases(draw: st.DrawFn) -> tuple[AssignmentNetwork, np.ndarray, np.ndarray]:
    n = draw(st.integers(3, 9))
    m = draw(st.integers(n, 4 * n))
    tail = draw(st.lists(st.integers(0, n - 1), min_size=m, max_size=m))
    head = [(t + draw(st.integers(1, n - 1))) % n for t in tail]  # no self-loops
    # a ring makes every node reachable
    tail += list(range(n))
    head += [(i + 1) % n for i in range(n)]
    n_zones = draw(st.integers(2, n))
    no_through = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    no_through = [flag and i < n_zones for i, flag in enumerate(no_through)]
    if all(no_through[:n_zones]) and n_zones == n:
        no_through[0] = False
    net = AssignmentNetwork.from_arrays(
        n_nodes=n,
        tail=tail,
        head=head,
        free_flow_time=np.ones(len(tail)),
        capacity=1.0,
        zones=np.arange(n_zones),
        no_through=no_through,
    )
    cost = np.array(draw(st.lists(st.floats(0.0, 10.0), min_size=len(tail), max_size=len(tail))))
    demand = np.array(
        draw(
            st.lists(st.floats(0.0, 100.0), min_size=n_zones * n_zones, max_size=n_zones * n_zones)
        )
    ).reshape(n_zones, n_zones)
    return net, cost, demand


@settings(max_examples=60, deadline=None)
@given(random_cases())
def test_numba_loader_matches_numpy_reference(
    case: tuple[AssignmentNetwork, np.ndarray, np.ndarray],
) -> None:
    net, cost, demand = case
    forest = ShortestPathForest(net, None)
    origins = np.arange(net.n_zones)
    dist, pred, pred_link = forest.trees(cost, origins)
    rows = demand.copy()
    np.fill_diagonal(rows, 0.0)
    finite = np.isfinite(dist[:, forest.targets])
    rows[~finite] = 0.0
    args = (pred, pred_link, forest.targets, rows, net.n_links)
    np.testing.assert_allclose(_load_trees_numba(*args), _load_trees_numpy(*args), atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(random_cases())
def test_engines_agree(case: tuple[AssignmentNetwork, np.ndarray, np.ndarray]) -> None:
    net, cost, demand = case
    try:
        reference = all_or_nothing(net, cost, demand, engine="numpy", threads=1)
    except NoRouteError as exc:
        expected = str(exc)
    else:
        expected = ""
    if expected:
        for engine in ("numba", "scipy"):
            with pytest.raises(NoRouteError) as info:
                all_or_nothing(net, cost, demand, engine=engine, threads=2)  # type: ignore[arg-type]
            assert str(info.value) == expected
        return
    for engine in ("numba", "scipy"):
        flows, spc = all_or_nothing(net, cost, demand, engine=engine, threads=2)  # type: ignore[arg-type]
        assert spc == pytest.approx(reference[1], rel=1e-12, abs=1e-12)
        # ties between equal-cost paths may be broken differently: compare path costs
        assert float(cost @ flows) == pytest.approx(spc, rel=1e-9, abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(random_cases())
def test_aon_cost_equals_networkx_shortest_paths(
    case: tuple[AssignmentNetwork, np.ndarray, np.ndarray],
) -> None:
    net, cost, demand = case
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(range(net.n_nodes))
    for link, (t, h) in enumerate(zip(net.tail, net.head, strict=True)):
        graph.add_edge(int(t), int(h), weight=float(cost[link]))
    expected = 0.0
    np.fill_diagonal(demand, 0.0)
    for o in range(net.n_zones):
        # no-through zones other than the origin may end a path but not relay it
        blocked = [z for z in range(net.n_zones) if net.no_through[z] and z != o]
        for d in range(net.n_zones):
            if demand[o, d] == 0:
                continue
            view = nx.subgraph_view(
                graph, filter_node=lambda v, d=d, b=blocked: v == d or v not in b
            )
            try:
                expected += demand[o, d] * nx.dijkstra_path_length(view, o, d)
            except nx.NetworkXNoPath:
                with pytest.raises(NoRouteError, match=f"no path from zone {o + 1} to zone"):
                    all_or_nothing(net, cost, demand, threads=1)
                return
    flows, spc = all_or_nothing(net, cost, demand, threads=1)
    assert spc == pytest.approx(expected, rel=1e-9, abs=1e-9)
    assert float(cost @ flows) == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_first_through_node_rule_keeps_traffic_out_of_zones() -> None:
    # 0 -> 2 direct costs 10; via zone 1 costs 2. Zone 1 may not relay traffic.
    kwargs = {
        "n_nodes": 3,
        "tail": [0, 0, 1],
        "head": [2, 1, 2],
        "free_flow_time": [10.0, 1.0, 1.0],
        "capacity": 1.0,
        "zones": [0, 1, 2],
    }
    demand = np.zeros((3, 3))
    demand[0, 2] = 5.0
    free = AssignmentNetwork.from_arrays(**kwargs)  # type: ignore[arg-type]
    blocked = AssignmentNetwork.from_arrays(no_through=[True, True, False], **kwargs)  # type: ignore[arg-type]
    cost = np.array([10.0, 1.0, 1.0])
    assert all_or_nothing(free, cost, demand)[0].tolist() == [0.0, 5.0, 5.0]
    assert all_or_nothing(blocked, cost, demand)[0].tolist() == [5.0, 0.0, 0.0]
    # zone 1 still sends and receives its own trips
    demand[1, 2] = demand[0, 1] = 1.0
    assert all_or_nothing(blocked, cost, demand)[0].tolist() == [5.0, 1.0, 1.0]


def test_no_route_names_the_zones() -> None:
    net = AssignmentNetwork.from_arrays(
        n_nodes=3, tail=[0], head=[1], free_flow_time=[1.0], capacity=1.0, zones=[0, 2]
    )
    with pytest.raises(NoRouteError, match=r"no path from zone 1 to zone 3 \(demand 2\)"):
        all_or_nothing(net, [1.0], [[0, 2.0], [0, 0]])


def test_capacity_limited_node_diverts_traffic() -> None:
    # two routes 0 -> 3: via crossing 1 (short) or via 2 (long); the crossing has little capacity
    base = AssignmentNetwork.from_arrays(
        n_nodes=4,
        tail=[0, 1, 0, 2],
        head=[1, 3, 2, 3],
        free_flow_time=[1.0, 1.0, 3.0, 3.0],
        capacity=1000.0,
        zones=[0, 3],
    )
    demand = np.array([[0, 100.0], [0, 0]])
    free = assign(base, demand, relative_gap=1e-8)
    assert free.total_flow[0] == pytest.approx(100.0)
    limited, node_links = with_node_capacities(
        base, [NodeCapacity(node=1, capacity=20.0, free_flow_time=0.5, alpha=1.0, beta=2.0)]
    )
    res = assign(limited, demand, relative_gap=1e-8)
    crossing = res.total_flow[node_links[0]]
    assert crossing == pytest.approx(res.total_flow[0])
    assert 20.0 < crossing < 100.0
    assert res.total_flow[2] == pytest.approx(100.0 - crossing)
    # equal route costs: 1 + t_node + 1 = 3 + 3 (other links barely congested)
    t = res.link_time
    assert t[0] + t[node_links[0]] + t[1] == pytest.approx(t[2] + t[3], rel=1e-6)
    flows = result_to_tntp_flows(limited, res)
    assert flows.from_node[-1] == -1  # the gate of the first capacity-limited node


def test_network_errors_name_what_is_wrong() -> None:
    with pytest.raises(DataError, match="links: link 0 is a self-loop at node 1"):
        AssignmentNetwork.from_arrays(
            n_nodes=2, tail=[1], head=[1], free_flow_time=[1.0], capacity=1.0, zones=[0]
        )
    with pytest.raises(DataError, match="zones: each zone needs its own centroid node"):
        AssignmentNetwork.from_arrays(
            n_nodes=2, tail=[0], head=[1], free_flow_time=[1.0], capacity=1.0, zones=[0, 0]
        )
    with pytest.raises(DataError, match=r"links\[0\]: toll must be finite and >= 0"):
        AssignmentNetwork.from_arrays(
            n_nodes=2,
            tail=[0],
            head=[1],
            free_flow_time=[1.0],
            capacity=1.0,
            toll=[-1.0],
            zones=[0, 1],
        )
    net = AssignmentNetwork.from_arrays(
        n_nodes=2, tail=[0], head=[1], free_flow_time=[1.0], capacity=1.0, zones=[0, 1]
    )
    with pytest.raises(DataError, match=r"cost\[0\] must be finite and >= 0"):
        all_or_nothing(net, [-2.0], np.zeros((2, 2)))
    with pytest.raises(DataError, match=r"node_capacities\[0\] \(node 1\): capacity must be > 0"):
        with_node_capacities(net, [NodeCapacity(node=1, capacity=-5.0)])
    with pytest.raises(DataError, match=r"node_capacities\[1\]: node 1 is listed twice"):
        with_node_capacities(net, [NodeCapacity(node=1, capacity=5.0)] * 2)
