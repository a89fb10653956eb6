"""Targeted Pareto search (lower bounds from reverse Dijkstra), one-to-all fronts and the memory
budget, against brute force over every simple path and the pure-Python reference."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eurasia.corridors.graph.csr import Graph
from eurasia.corridors.graph.dijkstra import shortest_path
from eurasia.corridors.graph.pareto import (
    DEFAULT_MAX_LABELS,
    DEFAULT_MAX_MEMORY,
    label_bytes,
    lower_bounds,
    pareto_fronts,
    pareto_paths,
)
from eurasia.errors import DataError, LabelBudgetError, NoRouteError


@st.composite
def graphs(draw: st.DrawFn) -> tuple[Graph, np.ndarray, np.ndarray]:
    n = draw(st.integers(2, 7))
    k = draw(st.sampled_from([2, 3]))
    m = draw(st.integers(1, 16))
    tails = draw(st.lists(st.integers(0, n - 1), min_size=m, max_size=m))
    heads = draw(st.lists(st.integers(0, n - 1), min_size=m, max_size=m))
    values = draw(st.lists(st.integers(0, 6), min_size=m * k, max_size=m * k))
    ok = draw(st.lists(st.booleans(), min_size=m, max_size=m))
    built, order = Graph.from_arrays(tails, heads, n_vertices=n)
    graph = Graph(built.indptr, built.indices)  # arrays below are put in CSR order here
    costs = np.array(values, dtype=float).reshape(m, k)[order]
    edge_ok = np.array(ok)[order] | (draw(st.booleans()))
    return graph, costs, edge_ok


def simple_paths(graph: Graph, s: int, t: int, edge_ok: np.ndarray) -> Iterator[tuple[int, ...]]:
    def walk(u: int, seen: set[int], path: tuple[int, ...]) -> Iterator[tuple[int, ...]]:
        if u == t:
            yield path
            return
        for e in range(graph.indptr[u], graph.indptr[u + 1]):
            v = int(graph.indices[e])
            if edge_ok[e] and v not in seen:
                yield from walk(v, seen | {v}, (*path, e))

    yield from walk(s, {s}, ())


def front(vectors: list[tuple[float, ...]]) -> list[tuple[float, ...]]:
    unique = sorted(set(vectors))
    return [
        a
        for a in unique
        if not any(b != a and all(x <= y for x, y in zip(b, a, strict=True)) for b in unique)
    ]


@settings(max_examples=150, deadline=None)
@given(graphs(), st.data())
def test_targeted_front_equals_brute_force(
    data: tuple[Graph, np.ndarray, np.ndarray], draw: st.DataObject
) -> None:
    graph, costs, edge_ok = data
    n = graph.n_vertices
    s, t = draw.draw(st.integers(0, n - 1)), draw.draw(st.integers(0, n - 1))
    expected = front([tuple(costs[list(p)].sum(axis=0).tolist()) if p else (0.0,) * costs.shape[1]
                      for p in simple_paths(graph, s, t, edge_ok)])  # fmt: skip
    results: list[list[tuple[float, ...]]] = []
    for kwargs in ({"targeted": True}, {"targeted": False}, {"engine": "python"}):
        try:
            found = pareto_paths(graph, costs, s, t, edge_ok=edge_ok, **kwargs)
        except NoRouteError:
            assert expected == []
            results.append([])
            continue
        got = [p.costs for p in found]
        assert got == expected, kwargs
        for p in found:  # each path is a real, allowed, loopless path with those costs
            assert all(edge_ok[e] for e in p.edges)
            assert len(set(p.vertices)) == len(p.vertices)
            assert p.vertices[0] == s
            assert p.vertices[-1] == t
            assert (
                tuple(
                    costs[list(p.edges)].sum(axis=0).tolist() if p.edges else [0.0] * costs.shape[1]
                )
                == p.costs
            )
        results.append(got)
    assert results[0] == results[1] == results[2]


@settings(max_examples=80, deadline=None)
@given(graphs(), st.data())
def test_one_to_all_fronts_match_each_single_search(
    data: tuple[Graph, np.ndarray, np.ndarray], draw: st.DataObject
) -> None:
    graph, costs, edge_ok = data
    s = draw.draw(st.integers(0, graph.n_vertices - 1))
    fronts = pareto_fronts(graph, costs, s, edge_ok=edge_ok)
    assert len(fronts) == graph.n_vertices
    for t in range(graph.n_vertices):
        try:
            single = [
                p.costs for p in pareto_paths(graph, costs, s, t, edge_ok=edge_ok, engine="python")
            ]
        except NoRouteError:
            single = []
        assert [tuple(row) for row in fronts[t].tolist()] == single


@settings(max_examples=60, deadline=None)
@given(graphs(), st.data())
def test_lower_bounds_are_shortest_distances(
    data: tuple[Graph, np.ndarray, np.ndarray], draw: st.DataObject
) -> None:
    graph, costs, edge_ok = data
    t = draw.draw(st.integers(0, graph.n_vertices - 1))
    bounds = lower_bounds(graph, costs, t, edge_ok, np.zeros(0, dtype=bool))
    for v, j in itertools.product(range(graph.n_vertices), range(costs.shape[1])):
        try:
            expected = shortest_path(
                graph, np.ascontiguousarray(costs[:, j]), v, t, edge_ok=edge_ok
            ).cost
        except NoRouteError:
            expected = np.inf
        assert bounds[v, j] == expected


def road_like(side: int, seed: int) -> tuple[Graph, np.ndarray]:
    """A perturbed grid with both directions of each street and correlated time and cost."""
    rng = np.random.default_rng(seed)
    idx = np.arange(side * side).reshape(side, side)
    pairs = np.concatenate([
        np.stack([idx[:, :-1].ravel(), idx[:, 1:].ravel()], 1),
        np.stack([idx[:-1, :].ravel(), idx[1:, :].ravel()], 1),
    ])  # fmt: skip
    keep = rng.random(len(pairs)) > 0.1
    pairs = pairs[keep]
    tails = np.concatenate([pairs[:, 0], pairs[:, 1]])
    heads = np.concatenate([pairs[:, 1], pairs[:, 0]])
    length = np.tile(rng.uniform(1, 3, len(pairs)), 2)
    time = length * np.tile(rng.uniform(0.5, 2.0, len(pairs)), 2)
    toll = length * rng.uniform(0.8, 1.2, len(tails)) * (rng.random(len(tails)) < 0.3)
    built, order = Graph.from_arrays(tails, heads, n_vertices=side * side)
    graph = Graph(built.indptr, built.indices)  # costs are put in CSR order here
    return graph, np.stack([time, length + toll, length * 0.1 + time * 0.05], 1)[order]


@pytest.mark.parametrize("k", [2, 3])
def test_targeted_equals_plain_on_a_road_like_grid(k: int) -> None:
    graph, costs = road_like(25, seed=k)
    c = np.ascontiguousarray(costs[:, :k])
    a = pareto_paths(graph, c, 0, graph.n_vertices - 1)
    b = pareto_paths(graph, c, 0, graph.n_vertices - 1, targeted=False)
    assert [p.costs for p in a] == [p.costs for p in b]
    assert len(a) >= 2
    fronts = pareto_fronts(graph, c, 0)
    assert [tuple(r) for r in fronts[-1].tolist()] == [p.costs for p in a]


def test_memory_budget() -> None:
    graph, costs = road_like(12, seed=1)
    assert DEFAULT_MAX_MEMORY // label_bytes(3) == DEFAULT_MAX_LABELS
    with pytest.raises(LabelBudgetError, match="raise max_labels or max_memory"):
        pareto_paths(graph, costs, 0, graph.n_vertices - 1, max_memory=40 * label_bytes(3))
    with pytest.raises(LabelBudgetError, match="to every vertex"):
        pareto_fronts(graph, costs, 0, max_labels=10)
    with pytest.raises(DataError, match="max_memory"):
        pareto_paths(graph, costs, 0, 1, max_memory=0)
    with pytest.raises(DataError, match="max_labels"):
        pareto_paths(graph, costs, 0, 1, max_labels=0)
