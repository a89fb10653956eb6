"""Exact Pareto sets of paths under several additive criteria, by multi-criteria label setting.

Compiled with numba (cached on disk), with a pure-Python reference (:func:`pareto_paths` with
``engine="python"``, a label-correcting algorithm rather than label setting) that the tests hold it
against. All costs must be finite and non-negative.

Examples
--------
>>> import numpy as np
>>> from eurasia.corridors.graph.csr import Graph
>>> g, order = Graph.from_arrays([0, 0, 1, 2], [1, 2, 3, 3], n_vertices=4)
>>> c = np.array([[1.0, 1.0], [4.0, 1.0], [5.0, 1.0], [1.0, 9.0]])[order]
>>> [q.costs for q in pareto_paths(g, c, 0, 3)]
[(5.0, 10.0), (6.0, 2.0)]
"""

from __future__ import annotations

from collections import deque
from typing import Any, Literal

import numba
import numpy as np
import numpy.typing as npt

from eurasia.corridors.graph.csr import (
    EdgeOrder,
    Graph,
    ParetoPath,
    _check_query,
    _no_route,
    _vertices_of,
)
from eurasia.corridors.graph.dijkstra import _dijkstra
from eurasia.corridors.graph.heap import heap_pop, heap_push
from eurasia.corridors.graph.types import BoolArray, FloatArray, IntArray
from eurasia.errors import DataError, LabelBudgetError

__all__ = [
    "DEFAULT_MAX_LABELS",
    "DEFAULT_MAX_MEMORY",
    "label_bytes",
    "lower_bounds",
    "pareto_fronts",
    "pareto_paths",
]

#: Default memory budget of the Pareto searches (bytes), and the labels it holds for three criteria.
DEFAULT_MAX_MEMORY = 2**30
DEFAULT_MAX_LABELS = DEFAULT_MAX_MEMORY // ((8 * 3 + 49) * 3 // 2)


@numba.njit(cache=True, inline="always")
def _dominated(lab_cost: FloatArray, head: int, nxt: IntArray, new: FloatArray) -> bool:
    lab = head
    c = new.size
    while lab >= 0:
        dominated = True
        for j in range(c):
            if lab_cost[lab, j] > new[j]:
                dominated = False
                break
        if dominated:
            return True
        lab = nxt[lab]
    return False


@numba.njit(cache=True)
def _grown1(a: Any, size: int) -> Any:  # pragma: no cover - compiled
    out = np.empty(size, dtype=a.dtype)
    out[: a.size] = a
    return out


@numba.njit(cache=True)
def _grown2(a: FloatArray, size: int) -> FloatArray:  # pragma: no cover - compiled
    out = np.empty((size, a.shape[1]), dtype=a.dtype)
    out[: a.shape[0], :] = a
    return out


@numba.njit(cache=True)
def _pareto(  # noqa: C901 - one compiled label-setting loop (numba: no closures)
    indptr: IntArray,
    indices: IntArray,
    costs: FloatArray,
    lower: FloatArray,
    key_weights: FloatArray,
    source: int,
    target: int,
    edge_ok: BoolArray,
    vertex_ok: BoolArray,
    max_labels: int,
) -> tuple[int, FloatArray, IntArray, IntArray, IntArray]:  # pragma: no cover - compiled
    """Martins' label setting, target-directed (Maristany de las Casas et al.).

    ``lower[v]`` bounds every criterion from ``v`` to the target; a label whose cost plus bound is
    dominated by a target label is dropped, and labels leave the heap in order of that weighted sum.
    ``target < 0``: one-to-all (``lower`` zero). Returns (n_labels or -1 when over the budget,
    costs, vertex or, one-to-all, alive flags as 0/1, pred label, edge).
    """
    n = indptr.size - 1
    c = costs.shape[1]
    use_e = edge_ok.size > 0
    use_v = vertex_ok.size > 0
    cap = min(max_labels, 64 + 4 * n)  # grown by doubling up to the budget
    lab_cost = np.empty((cap, c))
    lab_vertex = np.empty(cap, dtype=np.int64)
    lab_pred = np.empty(cap, dtype=np.int64)
    lab_edge = np.empty(cap, dtype=np.int64)
    alive = np.zeros(cap, dtype=np.bool_)
    nxt = np.full(cap, -1, dtype=np.int64)
    head = np.full(n, -1, dtype=np.int64)
    keys = np.empty(cap + 1)
    vals = np.empty(cap + 1, dtype=np.int64)
    new = np.empty(c)
    bound = np.empty(c)
    lab_cost[0, :] = 0.0
    lab_vertex[0] = source
    lab_pred[0] = -1
    lab_edge[0] = -1
    alive[0] = True
    head[source] = 0
    count = 1
    size = heap_push(keys, vals, 0, 0.0, 0)
    while size > 0:
        lab = vals[0]
        size = heap_pop(keys, vals, size)
        if not alive[lab]:
            continue
        u = lab_vertex[lab]
        if u == target:
            continue
        if target >= 0:  # target labels found since this one was made may dominate it now
            for j in range(c):
                bound[j] = lab_cost[lab, j] + lower[u, j]
            if _dominated(lab_cost, head[target], nxt, bound):
                continue
        for e in range(indptr[u], indptr[u + 1]):
            if use_e and not edge_ok[e]:
                continue
            v = indices[e]
            if use_v and not vertex_ok[v]:
                continue
            if not lower[v, 0] < np.inf:  # the target cannot be reached from v
                continue
            key = 0.0
            for j in range(c):
                new[j] = lab_cost[lab, j] + costs[e, j]
                bound[j] = new[j] + lower[v, j]
                key += key_weights[j] * bound[j]
            if target >= 0 and _dominated(lab_cost, head[target], nxt, bound):
                continue
            if v != target and _dominated(lab_cost, head[v], nxt, new):
                continue
            # drop the labels at v that the new one dominates (they are all temporary)
            prev = -1
            other = head[v]
            while other >= 0:
                later = nxt[other]
                weaker = True
                for j in range(c):
                    if new[j] > lab_cost[other, j]:
                        weaker = False
                        break
                if weaker:
                    alive[other] = False
                    if prev < 0:
                        head[v] = later
                    else:
                        nxt[prev] = later
                else:
                    prev = other
                other = later
            if count >= max_labels:
                return -1, lab_cost, lab_vertex, lab_pred, lab_edge
            if count >= cap:
                cap = min(max_labels, 2 * cap)
                lab_cost = _grown2(lab_cost, cap)
                lab_vertex = _grown1(lab_vertex, cap)
                lab_pred = _grown1(lab_pred, cap)
                lab_edge = _grown1(lab_edge, cap)
                alive = _grown1(alive, cap)
                nxt = _grown1(nxt, cap)
                keys = _grown1(keys, cap + 1)
                vals = _grown1(vals, cap + 1)
            lab_cost[count, :] = new
            lab_vertex[count] = v
            lab_pred[count] = lab
            lab_edge[count] = e
            alive[count] = True
            nxt[count] = head[v]
            head[v] = count
            size = heap_push(keys, vals, size, key, count)
            count += 1
    if target < 0:  # one-to-all: every label still in a vertex's list
        kept = np.zeros(count, dtype=np.int64)
        for v in range(n):
            lab = head[v]
            while lab >= 0:
                kept[lab] = 1
                lab = nxt[lab]
        return count, lab_cost, kept, lab_pred, lab_edge
    found = 0
    lab = head[target]
    while lab >= 0:
        found += 1
        lab = nxt[lab]
    result = np.empty(found, dtype=np.int64)
    lab = head[target]
    for i in range(found):
        result[i] = lab
        lab = nxt[lab]
    return count, lab_cost, result, lab_pred, lab_edge


def _label_budget(max_labels: int | None, max_memory: int, n_criteria: int) -> int:
    """Labels the search may create: ``max_labels``, and what ``max_memory`` bytes hold."""
    if max_labels is not None and max_labels < 1:
        msg = f"max_labels: expected at least 1, got {max_labels}"
        raise DataError(msg)
    if max_memory < 1:
        msg = f"max_memory: expected a number of bytes >= 1, got {max_memory}"
        raise DataError(msg)
    by_memory = max(1, max_memory // label_bytes(n_criteria))
    return by_memory if max_labels is None else min(max_labels, by_memory)


def label_bytes(n_criteria: int) -> int:
    """Peak bytes a label takes in the compiled search (arrays grow by doubling: 1.5x).

    Examples
    --------
    >>> label_bytes(3)
    109
    """
    return (8 * n_criteria + 49) * 3 // 2


def lower_bounds(
    graph: Graph,
    costs: FloatArray,
    target: int,
    edge_ok: BoolArray,
    vertex_ok: BoolArray,
) -> FloatArray:
    """Per vertex and criterion, the least cost to ``target`` (one reverse Dijkstra a criterion).

    ``inf`` where the target cannot be reached. These bounds steer and prune the targeted search.

    Examples
    --------
    >>> g = Graph(np.array([0, 2, 3, 3]), np.array([1, 2, 2]))
    >>> empty = np.zeros(0, dtype=bool)
    >>> lower_bounds(g, np.array([[1.0, 3.0], [5.0, 1.0], [1.0, 3.0]]), 2, empty, empty).tolist()
    [[2.0, 1.0], [1.0, 3.0], [0.0, 0.0]]
    """
    rev_indptr, rev_edges = graph.reverse()
    rev_heads = np.ascontiguousarray(graph.tails[rev_edges])
    rev_ok = np.ascontiguousarray(edge_ok[rev_edges]) if edge_ok.size else edge_ok
    out = np.empty((graph.n_vertices, costs.shape[1]))
    for j in range(costs.shape[1]):
        weights = np.ascontiguousarray(costs[rev_edges, j])
        out[:, j] = _dijkstra(rev_indptr, rev_heads, weights, target, -1, rev_ok, vertex_ok)[0]
    return out


def pareto_paths(
    graph: Graph,
    costs: npt.ArrayLike,
    source: int,
    target: int,
    *,
    edge_ok: npt.ArrayLike | None = None,
    vertex_ok: npt.ArrayLike | None = None,
    max_labels: int | None = DEFAULT_MAX_LABELS,
    max_memory: int = DEFAULT_MAX_MEMORY,
    targeted: bool = True,
    engine: Literal["numba", "python"] = "numba",
    order: EdgeOrder = None,
) -> list[ParetoPath]:
    """Every non-dominated path from ``source`` to ``target`` under several criteria.

    Exact multi-criteria search: target-directed label setting in numba (Martins' algorithm
    guided, as in the Targeted Multiobjective Dijkstra of Maristany de las Casas, Sedeño-Noda and
    Borndörfer, by per-criterion lower bounds from one reverse Dijkstra search a criterion: a
    label is dropped when its cost plus the bound is dominated by a path already found), or label
    correcting in plain Python (``engine="python"``, the reference). One path is kept per
    distinct cost vector (a minimal complete set); paths are loopless because costs are
    non-negative. Results are sorted by their cost vectors. Any number of criteria (two, three,
    more).

    Parameters
    ----------
    graph, source, target, edge_ok, vertex_ok
        As in :func:`shortest_path`.
    costs
        ``(m, c)`` non-negative costs per edge and criterion, in CSR order.
    max_labels
        Largest number of labels the search may create (``None``: only ``max_memory`` limits).
        The default, :data:`DEFAULT_MAX_LABELS`, is what :data:`DEFAULT_MAX_MEMORY` holds for three
        criteria.
    max_memory
        Bytes the labels may take (:func:`label_bytes` a label); the search stops with
        :class:`~eurasia.errors.LabelBudgetError` before going over.
    targeted
        Use the lower bounds (default); ``False`` runs plain Martins (for comparison).
    engine
        ``"numba"`` (fast) or ``"python"`` (reference).
    order
        Order of the per-edge arrays (``costs``, ``edge_ok``), as in
        :func:`~eurasia.corridors.graph.dijkstra.shortest_path_tree`.

    Returns
    -------
    list of ParetoPath
        The Pareto set, sorted by cost vector.

    Raises
    ------
    LabelBudgetError
        If the search needs more labels than the budget allows.
    NoRouteError
        If no path exists.
    DataError
        If an input is malformed.

    Examples
    --------
    >>> g = Graph(np.array([0, 2, 3, 3]), np.array([1, 2, 2]))
    >>> c = [[1.0, 3.0], [5.0, 1.0], [1.0, 3.0]]
    >>> [p.costs for p in pareto_paths(g, c, 0, 2)]
    [(2.0, 6.0), (5.0, 1.0)]
    >>> pareto_paths(g, c, 0, 2, max_labels=2)
    Traceback (most recent call last):
    ...
    eurasia.errors.LabelBudgetError: Pareto search from vertex 0 to 2 needed more than 2 labels; raise max_labels or max_memory, or add constraints
    """
    query = _check_query(graph, costs, source, target, edge_ok, vertex_ok, order, columns=True)
    s, t, c, e_ok, v_ok = query
    budget = _label_budget(max_labels, max_memory, c.shape[1])
    if engine not in ("numba", "python"):
        msg = f"engine: expected 'numba' or 'python', got {engine!r}"
        raise DataError(msg)
    query.check_endpoints()
    if engine == "numba":
        if targeted:
            lower = lower_bounds(graph, c, t, e_ok, v_ok)
            if not np.isfinite(lower[s, 0]):
                raise _no_route(s, t)
        else:
            lower = np.zeros((graph.n_vertices, c.shape[1]))
        found = _pareto_numba(graph, c, lower, s, t, e_ok, v_ok, budget)
    else:
        found = _pareto_python(graph, c, s, t, e_ok, v_ok, budget)
    if not found:
        raise _no_route(s, t)
    result = [
        ParetoPath(
            tuple(float(x) for x in c[list(edges)].sum(axis=0)) if edges else (0.0,) * c.shape[1],
            edges,
            _vertices_of(graph, s, edges),
        )
        for edges in found
    ]
    return sorted(result, key=lambda p: (p.costs, p.edges))


def pareto_fronts(
    graph: Graph,
    costs: npt.ArrayLike,
    source: int,
    *,
    edge_ok: npt.ArrayLike | None = None,
    vertex_ok: npt.ArrayLike | None = None,
    max_labels: int | None = None,
    max_memory: int = DEFAULT_MAX_MEMORY,
    order: EdgeOrder = None,
) -> list[FloatArray]:
    """One-to-all: the Pareto front (non-dominated cost vectors) from ``source`` to every vertex.

    Same label setting as :func:`pareto_paths` without a target (no bounds to prune with).

    Parameters
    ----------
    graph, costs, source, edge_ok, vertex_ok, max_labels, max_memory, order
        As in :func:`pareto_paths` (``max_labels`` defaults to no limit but memory).

    Returns
    -------
    list of ndarray
        Per vertex a ``(k, c)`` array of its front, sorted; ``(0, c)`` where it is unreachable.

    Raises
    ------
    LabelBudgetError
        If the search needs more labels than the budget allows.
    DataError
        If an input is malformed.

    Examples
    --------
    >>> g = Graph(np.array([0, 2, 3, 3]), np.array([1, 2, 2]))
    >>> fronts = pareto_fronts(g, [[1.0, 3.0], [5.0, 1.0], [1.0, 3.0]], 0)
    >>> [f.tolist() for f in fronts]
    [[[0.0, 0.0]], [[1.0, 3.0]], [[2.0, 6.0], [5.0, 1.0]]]
    """
    s, _, c, e_ok, v_ok = _check_query(
        graph, costs, source, None, edge_ok, vertex_ok, order, columns=True
    )
    budget = _label_budget(max_labels, max_memory, c.shape[1])
    k = c.shape[1]
    if v_ok.size and not v_ok[s]:
        return [np.zeros((0, k)) for _ in range(graph.n_vertices)]
    lower = np.zeros((graph.n_vertices, k))
    count, lab_cost, kept, _, edge = _pareto(
        graph.indptr, graph.indices, c, lower, _key_weights(c), s, -1, e_ok, v_ok, budget
    )
    if count < 0:
        raise _budget_error(s, -1, budget)
    labels = np.flatnonzero(kept[:count])
    vertex = np.where(edge[labels] >= 0, graph.indices[np.maximum(edge[labels], 0)], s)
    values = lab_cost[labels]
    by_vertex = np.lexsort((*values.T[::-1], vertex))
    vertex, values = vertex[by_vertex], values[by_vertex]
    bounds = np.searchsorted(vertex, np.arange(graph.n_vertices + 1))
    return [values[bounds[v] : bounds[v + 1]].copy() for v in range(graph.n_vertices)]


def _budget_error(s: int, t: int, max_labels: int) -> LabelBudgetError:
    where = "to every vertex" if t < 0 else f"to {t}"
    return LabelBudgetError(
        f"Pareto search from vertex {s} {where} needed more than {max_labels} labels; "
        "raise max_labels or max_memory, or add constraints"
    )


def _key_weights(c: FloatArray) -> FloatArray:
    scale = c.max(axis=0) if c.size else np.ones(c.shape[1])
    return 1.0 / np.where(scale > 0, scale, 1.0)


def _pareto_numba(
    graph: Graph,
    c: FloatArray,
    lower: FloatArray,
    s: int,
    t: int,
    e_ok: BoolArray,
    v_ok: BoolArray,
    max_labels: int,
) -> list[tuple[int, ...]]:
    count, _, result, pred, edge = _pareto(
        graph.indptr, graph.indices, c, lower, _key_weights(c), s, t, e_ok, v_ok, max_labels
    )
    if count < 0:
        raise _budget_error(s, t, max_labels)
    paths = []
    for lab in result.tolist():
        edges: list[int] = []
        while pred[lab] >= 0:
            edges.append(int(edge[lab]))
            lab = int(pred[lab])
        paths.append(tuple(reversed(edges)))
    return paths


def _pareto_python(
    graph: Graph,
    c: FloatArray,
    s: int,
    t: int,
    e_ok: BoolArray,
    v_ok: BoolArray,
    max_labels: int,
) -> list[tuple[int, ...]]:
    """Label correcting with a FIFO queue: the slow, simple reference."""
    ncrit = c.shape[1]
    costs = c.tolist()
    labels: dict[int, list[tuple[tuple[float, ...], tuple[int, ...]]]] = {s: [((0.0,) * ncrit, ())]}
    queue: deque[tuple[int, tuple[float, ...], tuple[int, ...]]] = deque([(s, (0.0,) * ncrit, ())])
    created = 1
    while queue:
        u, cost, edges = queue.popleft()
        if (cost, edges) not in labels.get(u, []) or u == t:
            continue
        for e in range(int(graph.indptr[u]), int(graph.indptr[u + 1])):
            v = int(graph.indices[e])
            if (e_ok.size and not e_ok[e]) or (v_ok.size and not v_ok[v]):
                continue
            new = tuple(a + b for a, b in zip(cost, costs[e], strict=True))
            here = labels.setdefault(v, [])
            if any(all(a <= b for a, b in zip(old, new, strict=True)) for old, _ in here):
                continue
            here[:] = [
                (old, p)
                for old, p in here
                if not all(a <= b for a, b in zip(new, old, strict=True))
            ]
            created += 1
            if created > max_labels:
                raise _budget_error(s, t, max_labels)
            here.append((new, (*edges, e)))
            queue.append((v, new, (*edges, e)))
    return [edges for _, edges in labels.get(t, [])]
