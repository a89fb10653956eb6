"""Graph kernels against brute force on random small graphs (hypothesis) and scipy."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any, Literal

import numpy as np
import pytest
import scipy.sparse
import scipy.sparse.csgraph
from hypothesis import given, settings
from hypothesis import strategies as st

from eurasia.corridors.graph.constrained import constrained_shortest_path
from eurasia.corridors.graph.csr import Graph
from eurasia.corridors.graph.dijkstra import shortest_path, shortest_path_tree
from eurasia.corridors.graph.kshortest import iter_shortest_paths, k_shortest_paths
from eurasia.corridors.graph.pareto import pareto_paths
from eurasia.errors import DataError, LabelBudgetError, NoRouteError


def csr_from_arrays(tails: object, heads: object, *, n_vertices: int) -> tuple[Graph, np.ndarray]:
    """:meth:`Graph.from_arrays` as a plain CSR graph: these tests put every per-edge array in CSR
    order themselves (``values[order]``), which such a graph takes without ``order="csr"``."""
    graph, order = Graph.from_arrays(tails, heads, n_vertices=n_vertices)  # type: ignore[arg-type]
    return Graph(graph.indptr, graph.indices), order


class Case:
    """A random graph with per-edge cost columns, masks and a resource, in CSR order."""

    def __init__(
        self,
        n: int,
        edges: list[tuple[int, int, tuple[int, ...], bool, int]],
        vertex_ok: list[bool],
    ) -> None:
        tails = [e[0] for e in edges]
        heads = [e[1] for e in edges]
        self.graph, order = csr_from_arrays(tails, heads, n_vertices=n)
        ncrit = len(edges[0][2]) if edges else 1
        costs = np.array([e[2] for e in edges], dtype=float).reshape(len(edges), ncrit)
        self.costs = costs[order]
        self.weights = np.ascontiguousarray(self.costs[:, 0])
        self.edge_ok = np.array([e[3] for e in edges], dtype=bool)[order]
        self.resource = np.array([e[4] for e in edges], dtype=np.int64)[order]
        self.vertex_ok = np.array(vertex_ok, dtype=bool)

    def simple_paths(self, s: int, t: int, *, masked: bool = False) -> Iterator[tuple[int, ...]]:
        """Every simple path from s to t as CSR edge tuples (depth-first, brute force)."""
        g = self.graph
        if masked and not (self.vertex_ok[s] and self.vertex_ok[t]):
            return

        def walk(u: int, visited: set[int], path: tuple[int, ...]) -> Iterator[tuple[int, ...]]:
            if u == t:
                yield path
                return
            for e in range(g.indptr[u], g.indptr[u + 1]):
                v = int(g.indices[e])
                if v in visited:
                    continue
                if masked and not (self.edge_ok[e] and self.vertex_ok[v]):
                    continue
                yield from walk(v, visited | {v}, (*path, e))

        yield from walk(s, {s}, ())


@st.composite
def cases(draw: st.DrawFn, *, max_n: int = 7, criteria: int = 1) -> tuple[Case, int, int]:
    n = draw(st.integers(2, max_n))
    vertex = st.integers(0, n - 1)
    edge = st.tuples(
        vertex,
        vertex,
        st.tuples(*[st.integers(0, 9)] * criteria),
        st.sampled_from([True, True, False]),
        st.integers(0, 1),
    )
    edges = draw(st.lists(edge, min_size=1, max_size=3 * n))
    vertex_ok = draw(st.lists(st.sampled_from([True, True, True, False]), min_size=n, max_size=n))
    s, t = draw(vertex), draw(vertex)
    return Case(n, edges, vertex_ok), s, t


def valid_path(case: Case, s: int, t: int, edges: tuple[int, ...]) -> bool:
    g = case.graph
    u = s
    for e in edges:
        if g.tails[e] != u:
            return False
        u = int(g.indices[e])
    return u == t


def loopless(vertices: tuple[int, ...]) -> bool:
    return len(set(vertices)) == len(vertices)


@settings(deadline=None)  # the first example may compile the kernels
@given(cases())
def test_shortest_path_is_optimal(data: tuple[Case, int, int]) -> None:
    case, s, t = data
    costs = [case.weights[list(p)].sum() for p in case.simple_paths(s, t)]
    if not costs:
        with pytest.raises(NoRouteError):
            shortest_path(case.graph, case.weights, s, t)
        return
    path = shortest_path(case.graph, case.weights, s, t)
    assert path.cost == min(costs)
    assert valid_path(case, s, t, path.edges)
    assert path.cost == case.weights[list(path.edges)].sum()
    assert loopless(path.vertices)
    assert path.vertices[0] == s
    assert path.vertices[-1] == t


@settings(deadline=None)  # the first example may compile the kernels
@given(cases())
def test_avoid_masks_are_never_violated(data: tuple[Case, int, int]) -> None:
    case, s, t = data
    costs = [case.weights[list(p)].sum() for p in case.simple_paths(s, t, masked=True)]
    kwargs = {"edge_ok": case.edge_ok, "vertex_ok": case.vertex_ok}
    if not costs:
        with pytest.raises(NoRouteError):
            shortest_path(case.graph, case.weights, s, t, **kwargs)
        return
    path = shortest_path(case.graph, case.weights, s, t, **kwargs)
    assert path.cost == min(costs)
    assert all(case.edge_ok[e] for e in path.edges)
    assert all(case.vertex_ok[v] for v in path.vertices)


@settings(deadline=None)  # the first example may compile the kernels
@given(cases(), st.integers(1, 6))
def test_yen_paths_are_loopless_distinct_ordered_and_cheapest(
    data: tuple[Case, int, int], k: int
) -> None:
    case, s, t = data
    brute = sorted(case.weights[list(p)].sum() for p in case.simple_paths(s, t, masked=True))
    kwargs = {"edge_ok": case.edge_ok, "vertex_ok": case.vertex_ok}
    if not brute:
        with pytest.raises(NoRouteError):
            k_shortest_paths(case.graph, case.weights, s, t, k=k, **kwargs)
        return
    paths = k_shortest_paths(case.graph, case.weights, s, t, k=k, **kwargs)
    assert [p.cost for p in paths] == brute[:k]
    assert len({p.edges for p in paths}) == len(paths)
    for p in paths:
        assert loopless(p.vertices)
        assert valid_path(case, s, t, p.edges)
        assert all(case.edge_ok[e] for e in p.edges)
        assert all(case.vertex_ok[v] for v in p.vertices)


def non_dominated(vectors: list[tuple[float, ...]]) -> set[tuple[float, ...]]:
    unique = set(vectors)
    return {
        a
        for a in unique
        if not any(b != a and all(x <= y for x, y in zip(b, a, strict=True)) for b in unique)
    }


@settings(max_examples=150, deadline=None)
@given(cases(criteria=3), st.booleans())
def test_pareto_set_equals_brute_force(data: tuple[Case, int, int], masked: bool) -> None:
    case, s, t = data
    kwargs: dict[str, Any] = (
        {"edge_ok": case.edge_ok, "vertex_ok": case.vertex_ok} if masked else {}
    )
    vectors = [
        tuple(case.costs[list(p)].sum(axis=0).tolist()) if p else (0.0, 0.0, 0.0)
        for p in case.simple_paths(s, t, masked=masked)
    ]
    if not vectors:
        for engine in ("numba", "python"):
            with pytest.raises(NoRouteError):
                pareto_paths(case.graph, case.costs, s, t, engine=engine, **kwargs)
        return
    expected = non_dominated(vectors)
    engines: tuple[Literal["numba", "python"], ...] = ("numba", "python")
    for engine in engines:
        found = pareto_paths(case.graph, case.costs, s, t, engine=engine, **kwargs)
        assert {p.costs for p in found} == expected
        assert len(found) == len(expected)
        for p in found:
            assert loopless(p.vertices)
            assert valid_path(case, s, t, p.edges)
            if masked:
                assert all(case.edge_ok[e] for e in p.edges)
                assert all(case.vertex_ok[v] for v in p.vertices)


@settings(deadline=None)  # the first example may compile the kernels
@given(cases(), st.integers(0, 2))
def test_resource_limit_is_exact(data: tuple[Case, int, int], limit: int) -> None:
    case, s, t = data
    costs = [
        case.weights[list(p)].sum()
        for p in case.simple_paths(s, t)
        if case.resource[list(p)].sum() <= limit
    ]
    if not costs:
        with pytest.raises(NoRouteError):
            constrained_shortest_path(
                case.graph, case.weights, s, t, resource=case.resource, limit=limit
            )
        return
    path = constrained_shortest_path(
        case.graph, case.weights, s, t, resource=case.resource, limit=limit
    )
    assert path.cost == min(costs)
    assert case.resource[list(path.edges)].sum() <= limit
    assert valid_path(case, s, t, path.edges)


@settings(deadline=None)  # the first example may compile the kernels
@given(cases(), st.data())
def test_via_equals_sum_of_segments(data: tuple[Case, int, int], draw: st.DataObject) -> None:
    case, s, t = data
    n = case.graph.n_vertices
    others = [v for v in range(n) if v not in (s, t)]
    via = draw.draw(st.lists(st.sampled_from(others), max_size=2, unique=True)) if others else []
    stops = [s, *via, t]
    try:
        expected = sum(
            shortest_path(case.graph, case.weights, a, b).cost for a, b in itertools.pairwise(stops)
        )
    except NoRouteError:
        with pytest.raises(NoRouteError):
            constrained_shortest_path(case.graph, case.weights, s, t, via=via)
        return
    path = constrained_shortest_path(case.graph, case.weights, s, t, via=via)
    assert path.cost == expected
    assert valid_path(case, s, t, path.edges)
    # the waypoints are visited in their order: a subsequence of the path's vertices (a path may
    # pass a later waypoint before its turn, so first occurrences need not be sorted)
    remaining = iter(path.vertices)
    assert all(v in remaining for v in via)


def test_tree_matches_scipy_on_a_random_graph() -> None:
    rng = np.random.default_rng(7)
    n, m = 400, 2400
    tails, heads = rng.integers(0, n, m), rng.integers(0, n, m)
    weights = rng.uniform(0.1, 10.0, m)
    graph, order = csr_from_arrays(tails, heads, n_vertices=n)
    w = weights[order]
    dist, pred = shortest_path_tree(graph, w, 0)
    ref = scipy.sparse.csgraph.dijkstra(_min_csr(graph, w, n), indices=0)
    assert np.allclose(dist, ref)
    reached = np.isfinite(dist) & (np.arange(n) != 0)
    assert np.allclose(dist[graph.tails[pred[reached]]] + w[pred[reached]], dist[reached])


def _min_csr(graph: Graph, w: np.ndarray, n: int) -> scipy.sparse.csr_array:
    """Adjacency with the lightest of any parallel edges (scipy would add them up)."""
    key = graph.tails * n + graph.indices
    order = np.lexsort((w, key))
    first = np.ones(order.size, dtype=bool)
    first[1:] = key[order][1:] != key[order][:-1]
    keep = order[first]
    return scipy.sparse.csr_array((w[keep], (graph.tails[keep], graph.indices[keep])), shape=(n, n))


def test_bidirectional_meets_in_zero_cycles_without_loops() -> None:
    # 0 -> 1 (1), 1 <-> 2 at zero weight, 2 -> 3 (1): the trees may meet on either side of the cycle
    graph, order = csr_from_arrays([0, 1, 2, 2, 1], [1, 2, 1, 3, 3], n_vertices=4)
    w = np.array([1.0, 0.0, 0.0, 1.0, 1.0])[order]
    path = shortest_path(graph, w, 0, 3)
    assert path.cost == 2.0
    assert loopless(path.vertices)


def test_single_pair_matches_the_tree_on_a_random_graph() -> None:
    rng = np.random.default_rng(3)
    n, m = 300, 1500
    graph, order = csr_from_arrays(rng.integers(0, n, m), rng.integers(0, n, m), n_vertices=n)
    w = rng.integers(0, 5, m).astype(float)[order]  # many ties and zero weights
    dist, _ = shortest_path_tree(graph, w, 0)
    for t in range(1, n):
        if np.isfinite(dist[t]):
            path = shortest_path(graph, w, 0, t)
            assert path.cost == dist[t]
            assert loopless(path.vertices)
        else:
            with pytest.raises(NoRouteError):
                shortest_path(graph, w, 0, t)


def test_iterator_is_lazy_and_exhausts() -> None:
    graph, _ = csr_from_arrays([0, 0, 1], [1, 2, 2], n_vertices=3)
    paths = iter_shortest_paths(graph, [1.0, 3.0, 1.0], 0, 2)
    assert next(paths).vertices == (0, 1, 2)
    assert next(paths).vertices == (0, 2)
    assert next(paths, None) is None


def test_label_budget_is_enforced_on_both_engines() -> None:
    # a ladder of 2 parallel trade-off edges per step: 2**steps Pareto paths
    steps = 10
    tails = [i for i in range(steps) for _ in range(2)]
    heads = [i + 1 for i in range(steps) for _ in range(2)]
    costs = np.array([[1.0, 2.0], [2.0, 1.0]] * steps)
    graph, order = csr_from_arrays(tails, heads, n_vertices=steps + 1)
    found = pareto_paths(graph, costs[order], 0, steps)
    assert len(found) == steps + 1  # totals (steps + i, 2 * steps - i)
    for engine in ("numba", "python"):
        with pytest.raises(LabelBudgetError, match="more than 5 labels"):
            pareto_paths(graph, costs[order], 0, steps, max_labels=5, engine=engine)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda g: shortest_path(g, [1.0], 0, 5), "target"),
        (lambda g: shortest_path(g, [-1.0], 0, 1), "non-negative"),
        (lambda g: shortest_path(g, [1.0, 2.0], 0, 1), "shape"),
        (lambda g: shortest_path(g, [1.0], 0, 1, edge_ok=[True, False]), "edge_ok"),
        (lambda g: k_shortest_paths(g, [1.0], 0, 1, k=0), "k: expected"),
        (lambda g: pareto_paths(g, [1.0], 0, 1), "shape"),
        (lambda g: pareto_paths(g, [[1.0]], 0, 1, engine="c"), "engine"),  # type: ignore[arg-type]
        (lambda g: constrained_shortest_path(g, [1.0], 0, 1, via=[1, 1]), "shared vertices"),
        (lambda g: constrained_shortest_path(g, [1.0], 0, 1, limit=-1), "limit"),
    ],
)
def test_bad_inputs_name_the_argument(call: object, message: str) -> None:
    graph, _ = csr_from_arrays([0], [1], n_vertices=2)
    with pytest.raises(DataError, match=message):
        call(graph)  # type: ignore[operator]


def test_graph_rejects_broken_csr() -> None:
    with pytest.raises(DataError, match="indptr"):
        Graph(np.array([0, 2]), np.array([0]))
    with pytest.raises(DataError, match="indices"):
        Graph(np.array([0, 1]), np.array([3]))
