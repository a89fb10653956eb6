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
    Graph,
    ParetoPath,
    _check_mask,
    _check_vertex,
    _check_weights,
    _no_route,
    _vertices_of,
)
from eurasia.corridors.graph.heap import heap_pop, heap_push
from eurasia.errors import DataError, LabelBudgetError

__all__ = ["DEFAULT_MAX_LABELS", "pareto_paths"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


#: Default label budget of :func:`pareto_paths`.
DEFAULT_MAX_LABELS = 200_000


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
def _pareto(
    indptr: IntArray,
    indices: IntArray,
    costs: FloatArray,
    key_weights: FloatArray,
    source: int,
    target: int,
    edge_ok: BoolArray,
    vertex_ok: BoolArray,
    max_labels: int,
) -> tuple[int, FloatArray, IntArray, IntArray, IntArray]:  # pragma: no cover - compiled
    """Martins' label setting; returns (n_labels or -1, costs, vertex, pred label, edge)."""
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
        for e in range(indptr[u], indptr[u + 1]):
            if use_e and not edge_ok[e]:
                continue
            v = indices[e]
            if use_v and not vertex_ok[v]:
                continue
            key = 0.0
            for j in range(c):
                new[j] = lab_cost[lab, j] + costs[e, j]
                key += key_weights[j] * new[j]
            if _dominated(lab_cost, head[target], nxt, new):
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


def pareto_paths(
    graph: Graph,
    costs: npt.ArrayLike,
    source: int,
    target: int,
    *,
    edge_ok: npt.ArrayLike | None = None,
    vertex_ok: npt.ArrayLike | None = None,
    max_labels: int = DEFAULT_MAX_LABELS,
    engine: Literal["numba", "python"] = "numba",
) -> list[ParetoPath]:
    """Every non-dominated path from ``source`` to ``target`` under several criteria.

    Exact multi-criteria search: label setting (Martins) in numba, or label correcting in plain
    Python (``engine="python"``, the reference). One path is kept per distinct cost vector (a
    minimal complete set); paths are loopless because costs are non-negative. Results are sorted
    by their cost vectors.

    Parameters
    ----------
    graph, source, target, edge_ok, vertex_ok
        As in :func:`shortest_path`.
    costs
        ``(m, c)`` non-negative costs per edge and criterion, in CSR order.
    max_labels
        Largest number of labels the search may create.
    engine
        ``"numba"`` (fast) or ``"python"`` (reference).

    Returns
    -------
    list of ParetoPath
        The Pareto set, sorted by cost vector.

    Raises
    ------
    LabelBudgetError
        If the search needs more than ``max_labels`` labels.
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
    eurasia.errors.LabelBudgetError: Pareto search from vertex 0 to 2 needed more than 2 labels; raise max_labels or add constraints
    """
    s = _check_vertex(graph, source, "source")
    t = _check_vertex(graph, target, "target")
    c = _check_weights(graph, costs, columns=True)
    e_ok = _check_mask(edge_ok, graph.n_edges, "edge_ok")
    v_ok = _check_mask(vertex_ok, graph.n_vertices, "vertex_ok")
    if max_labels < 1:
        msg = f"max_labels: expected at least 1, got {max_labels}"
        raise DataError(msg)
    if engine not in ("numba", "python"):
        msg = f"engine: expected 'numba' or 'python', got {engine!r}"
        raise DataError(msg)
    if v_ok.size and not (v_ok[s] and v_ok[t]):
        raise _no_route(s, t)
    if engine == "numba":
        found = _pareto_numba(graph, c, s, t, e_ok, v_ok, max_labels)
    else:
        found = _pareto_python(graph, c, s, t, e_ok, v_ok, max_labels)
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


def _budget_error(s: int, t: int, max_labels: int) -> LabelBudgetError:
    return LabelBudgetError(
        f"Pareto search from vertex {s} to {t} needed more than {max_labels} labels; "
        "raise max_labels or add constraints"
    )


def _pareto_numba(
    graph: Graph,
    c: FloatArray,
    s: int,
    t: int,
    e_ok: BoolArray,
    v_ok: BoolArray,
    max_labels: int,
) -> list[tuple[int, ...]]:
    scale = c.max(axis=0) if c.size else np.ones(c.shape[1])
    key_weights = 1.0 / np.where(scale > 0, scale, 1.0)
    count, _, result, pred, edge = _pareto(
        graph.indptr, graph.indices, c, key_weights, s, t, e_ok, v_ok, max_labels
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
