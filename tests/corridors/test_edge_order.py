"""Per-edge arrays on a graph from ``Graph.from_arrays``: taken in input order, or rejected."""

from __future__ import annotations

import numpy as np
import pytest

from eurasia.corridors.graph.constrained import constrained_shortest_path
from eurasia.corridors.graph.csr import Graph
from eurasia.corridors.graph.dijkstra import shortest_path, shortest_path_tree
from eurasia.corridors.graph.kshortest import k_shortest_paths
from eurasia.corridors.graph.pareto import pareto_fronts, pareto_paths
from eurasia.errors import DataError

# edges given out of tail order: from_arrays has to reorder them
TAILS, HEADS = [2, 0, 1, 0], [3, 1, 3, 2]
WEIGHTS = [1.0, 1.0, 5.0, 4.0]  # input order: 2->3: 1, 0->1: 1, 1->3: 5, 0->2: 4


@pytest.fixture
def graph() -> tuple[Graph, np.ndarray]:
    return Graph.from_arrays(TAILS, HEADS, n_vertices=4)


def test_input_order_is_taken_and_csr_order_too(graph: tuple[Graph, np.ndarray]) -> None:
    g, order = graph
    assert g.input_order is not None
    by_input = shortest_path(g, WEIGHTS, 0, 3, order="input")
    by_csr = shortest_path(g, np.asarray(WEIGHTS)[order], 0, 3, order="csr")
    assert by_input == by_csr
    assert (by_input.cost, by_input.vertices) == (5.0, (0, 2, 3))
    dist, _ = shortest_path_tree(g, WEIGHTS, 0, order="input")
    assert dist.tolist() == [0.0, 1.0, 4.0, 5.0]
    assert [p.cost for p in k_shortest_paths(g, WEIGHTS, 0, 3, k=2, order="input")] == [5.0, 6.0]
    banned = [True, True, True, False]  # input edge 0->2 forbidden
    assert shortest_path(g, WEIGHTS, 0, 3, edge_ok=banned, order="input").cost == 6.0
    resource = [0, 0, 0, 1]
    assert constrained_shortest_path(
        g, WEIGHTS, 0, 3, resource=resource, limit=0, order="input"
    ).vertices == (0, 1, 3)
    costs = np.array([[1.0, 1.0], [1.0, 1.0], [5.0, 1.0], [4.0, 9.0]])
    assert [p.costs for p in pareto_paths(g, costs, 0, 3, order="input")] == [
        (5.0, 10.0),
        (6.0, 2.0),
    ]
    fronts = pareto_fronts(g, costs, 0, order="input")
    assert fronts[3].tolist() == [[5.0, 10.0], [6.0, 2.0]]


@pytest.mark.parametrize(
    "call",
    [
        lambda g: shortest_path(g, WEIGHTS, 0, 3),
        lambda g: shortest_path_tree(g, WEIGHTS, 0),
        lambda g: k_shortest_paths(g, WEIGHTS, 0, 3, k=2),
        lambda g: constrained_shortest_path(g, WEIGHTS, 0, 3),
        lambda g: pareto_paths(g, np.ones((4, 2)), 0, 3),
        lambda g: pareto_fronts(g, np.ones((4, 2)), 0),
    ],
)
def test_an_array_of_unknown_order_is_rejected(
    graph: tuple[Graph, np.ndarray], call: object
) -> None:
    g, _ = graph
    with pytest.raises(DataError, match="say order='input'"):
        call(g)  # type: ignore[operator]


def test_graphs_whose_orders_agree_need_no_order() -> None:
    g, order = Graph.from_arrays([0, 0, 1, 2], [1, 2, 3, 3], n_vertices=4)
    assert g.input_order is None
    assert order.tolist() == [0, 1, 2, 3]
    assert shortest_path(g, [1.0, 4.0, 5.0, 1.0], 0, 3).cost == 5.0
    plain = Graph(np.array([0, 2, 3, 3]), np.array([1, 2, 2]))
    assert shortest_path(plain, [1.0, 5.0, 1.0], 0, 2).cost == 2.0


def test_bad_order_values(graph: tuple[Graph, np.ndarray]) -> None:
    g, _ = graph
    with pytest.raises(DataError, match="order: expected 'input', 'csr' or None"):
        shortest_path(g, WEIGHTS, 0, 3, order="rows")  # type: ignore[arg-type]
    with pytest.raises(DataError, match="expected 4 values"):
        shortest_path(g, WEIGHTS[:3], 0, 3, order="input")
