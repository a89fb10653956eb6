"""Graph kernels on plain CSR arrays: shortest paths, k loopless paths and exact Pareto sets.

A :class:`Graph` is the topology only: ``indptr`` (``n + 1``) and ``indices`` (``m``, the head
vertex of each edge, in CSR order). Edge ``e`` runs from ``tails[e]`` to ``indices[e]``. Weights and
cost vectors are passed per query, so one graph serves every criterion. Avoid rules are masks:
``edge_ok`` (``m`` booleans) and ``vertex_ok`` (``n`` booleans), ``True`` where use is allowed.

Kernels are compiled with numba (cached on disk); the multi-criteria search also has a pure-Python
reference (:func:`pareto_paths` with ``engine="python"``, a label-correcting algorithm rather than
label setting) that the tests hold it against. All weights must be finite and non-negative.

Examples
--------
>>> g, order = Graph.from_arrays([0, 0, 1, 2], [1, 2, 3, 3], n_vertices=4)
>>> w = np.array([1.0, 4.0, 5.0, 1.0])[order]
>>> p = shortest_path(g, w, 0, 3)
>>> p.cost, p.vertices
(5.0, (0, 2, 3))
>>> [q.vertices for q in k_shortest_paths(g, w, 0, 3, k=3)]
[(0, 2, 3), (0, 1, 3)]
>>> c = np.array([[1.0, 1.0], [4.0, 1.0], [5.0, 1.0], [1.0, 9.0]])[order]
>>> [q.costs for q in pareto_paths(g, c, 0, 3)]
[(5.0, 10.0), (6.0, 2.0)]
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numba
import numpy as np
import numpy.typing as npt

from eurasia.corridors.heap import heap_pop, heap_push
from eurasia.errors import DataError, LabelBudgetError, NoRouteError

__all__ = [
    "DEFAULT_MAX_LABELS",
    "Graph",
    "ParetoPath",
    "Path",
    "constrained_shortest_path",
    "iter_shortest_paths",
    "k_shortest_paths",
    "pareto_paths",
    "shortest_path",
    "shortest_path_tree",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: Default label budget of :func:`pareto_paths`.
DEFAULT_MAX_LABELS = 200_000

_EMPTY_BOOL: BoolArray = np.zeros(0, dtype=np.bool_)


@dataclass(frozen=True)
class Graph:
    """A directed multigraph in CSR form (topology only).

    Parameters
    ----------
    indptr
        ``n + 1`` non-decreasing offsets, ``indptr[0] == 0``.
    indices
        Head vertex of each edge, grouped by tail as ``indptr`` says.

    Raises
    ------
    DataError
        If the arrays do not describe a CSR graph.

    Examples
    --------
    >>> g = Graph(np.array([0, 2, 2]), np.array([1, 1]))
    >>> g.n_vertices, g.n_edges, g.tails.tolist()
    (2, 2, [0, 0])
    """

    indptr: IntArray
    indices: IntArray
    tails: IntArray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        indptr = np.ascontiguousarray(self.indptr, dtype=np.int64)
        indices = np.ascontiguousarray(self.indices, dtype=np.int64)
        if indptr.ndim != 1 or indptr.size < 1 or indptr[0] != 0:
            msg = "Graph.indptr: expected a 1-D array starting at 0"
            raise DataError(msg)
        if indptr[-1] != indices.size or np.any(np.diff(indptr) < 0):
            msg = (
                f"Graph.indptr: expected non-decreasing offsets ending at len(indices)="
                f"{indices.size}, got last offset {int(indptr[-1])}"
            )
            raise DataError(msg)
        n = indptr.size - 1
        if indices.size and (indices.min() < 0 or indices.max() >= n):
            msg = f"Graph.indices: expected vertex numbers in [0, {n}), got {int(indices.max())}"
            raise DataError(msg)
        object.__setattr__(self, "indptr", indptr)
        object.__setattr__(self, "indices", indices)
        tails = np.repeat(np.arange(n, dtype=np.int64), np.diff(indptr))
        object.__setattr__(self, "tails", tails)

    def reverse(self) -> tuple[IntArray, IntArray]:
        """Incoming adjacency: ``rev_indptr`` by head vertex and the CSR edge numbers it lists.

        Built on first use and kept.

        Examples
        --------
        >>> g = Graph(np.array([0, 2, 3, 3]), np.array([1, 2, 2]))
        >>> [a.tolist() for a in g.reverse()]
        [[0, 0, 1, 3], [0, 1, 2]]
        """
        found: tuple[IntArray, IntArray] | None = self.__dict__.get("_reverse")
        if found is None:
            edges = np.argsort(self.indices, kind="stable").astype(np.int64)
            rev_indptr = np.zeros(self.n_vertices + 1, dtype=np.int64)
            np.cumsum(np.bincount(self.indices, minlength=self.n_vertices), out=rev_indptr[1:])
            found = (rev_indptr, edges)
            object.__setattr__(self, "_reverse", found)
        return found

    @property
    def n_vertices(self) -> int:
        """Number of vertices."""
        return int(self.indptr.size - 1)

    @property
    def n_edges(self) -> int:
        """Number of edges."""
        return int(self.indices.size)

    @classmethod
    def from_arrays(
        cls, tails: npt.ArrayLike, heads: npt.ArrayLike, *, n_vertices: int
    ) -> tuple[Graph, IntArray]:
        """Build a graph from edge lists; return it and ``order``.

        ``order[e]`` is the input position of CSR edge ``e``, so ``weights[order]`` puts
        per-edge input values in CSR order.

        Examples
        --------
        >>> g, order = Graph.from_arrays([1, 0], [0, 1], n_vertices=2)
        >>> g.indices.tolist(), order.tolist()
        ([1, 0], [1, 0])
        """
        t = np.asarray(tails, dtype=np.int64)
        h = np.asarray(heads, dtype=np.int64)
        if t.shape != h.shape or t.ndim != 1:
            msg = f"Graph.from_arrays: tails and heads must be 1-D of one length, got {t.shape}, {h.shape}"
            raise DataError(msg)
        if t.size and (min(t.min(), h.min()) < 0 or max(t.max(), h.max()) >= n_vertices):
            msg = f"Graph.from_arrays: vertex numbers must lie in [0, {n_vertices})"
            raise DataError(msg)
        order = np.argsort(t, kind="stable").astype(np.int64)
        indptr = np.zeros(n_vertices + 1, dtype=np.int64)
        np.cumsum(np.bincount(t, minlength=n_vertices), out=indptr[1:])
        return cls(indptr, h[order]), order


@dataclass(frozen=True)
class Path:
    """A path: its total ``cost``, its CSR ``edges`` and the ``vertices`` it visits."""

    cost: float
    edges: tuple[int, ...]
    vertices: tuple[int, ...]


@dataclass(frozen=True)
class ParetoPath:
    """A non-dominated path: one total per criterion in ``costs``, plus ``edges``, ``vertices``."""

    costs: tuple[float, ...]
    edges: tuple[int, ...]
    vertices: tuple[int, ...]


# --------------------------------------------------------------------------------------------
# numba kernels
# --------------------------------------------------------------------------------------------


@numba.njit(cache=True)
def _dijkstra(
    indptr: IntArray,
    indices: IntArray,
    weights: FloatArray,
    source: int,
    target: int,
    edge_ok: BoolArray,
    vertex_ok: BoolArray,
) -> tuple[FloatArray, IntArray]:  # pragma: no cover - compiled
    n = indptr.size - 1
    use_e = edge_ok.size > 0
    use_v = vertex_ok.size > 0
    dist = np.full(n, np.inf)
    pred = np.full(n, -1, dtype=np.int64)
    done = np.zeros(n, dtype=np.bool_)
    keys = np.empty(indices.size + 1)
    vals = np.empty(indices.size + 1, dtype=np.int64)
    dist[source] = 0.0
    size = heap_push(keys, vals, 0, 0.0, source)
    while size > 0:
        d = keys[0]
        u = vals[0]
        size = heap_pop(keys, vals, size)
        if done[u]:
            continue
        done[u] = True
        if u == target:
            break
        for e in range(indptr[u], indptr[u + 1]):
            if use_e and not edge_ok[e]:
                continue
            v = indices[e]
            if done[v] or (use_v and not vertex_ok[v]):
                continue
            nd = d + weights[e]
            if nd < dist[v]:
                dist[v] = nd
                pred[v] = e
                size = heap_push(keys, vals, size, nd, v)
    return dist, pred


@numba.njit(cache=True)
def _bidijkstra(
    indptr: IntArray,
    indices: IntArray,
    tails: IntArray,
    rev_indptr: IntArray,
    rev_edges: IntArray,
    weights: FloatArray,
    source: int,
    target: int,
    edge_ok: BoolArray,
    vertex_ok: BoolArray,
) -> tuple[float, IntArray]:  # pragma: no cover - compiled
    """Bidirectional Dijkstra; returns the cost and the path's edges (empty if unreachable)."""
    n = indptr.size - 1
    m = indices.size
    use_e = edge_ok.size > 0
    use_v = vertex_ok.size > 0
    dist_f = np.full(n, np.inf)
    dist_b = np.full(n, np.inf)
    pred_f = np.full(n, -1, dtype=np.int64)
    pred_b = np.full(n, -1, dtype=np.int64)
    done_f = np.zeros(n, dtype=np.bool_)
    done_b = np.zeros(n, dtype=np.bool_)
    keys_f = np.empty(m + 1)
    vals_f = np.empty(m + 1, dtype=np.int64)
    keys_b = np.empty(m + 1)
    vals_b = np.empty(m + 1, dtype=np.int64)
    dist_f[source] = 0.0
    dist_b[target] = 0.0
    size_f = heap_push(keys_f, vals_f, 0, 0.0, source)
    size_b = heap_push(keys_b, vals_b, 0, 0.0, target)
    best = np.inf
    meet = -1
    if source == target:
        best = 0.0
        meet = source
    while size_f > 0 and size_b > 0:
        if keys_f[0] + keys_b[0] >= best:
            break
        if keys_f[0] <= keys_b[0]:
            d = keys_f[0]
            u = vals_f[0]
            size_f = heap_pop(keys_f, vals_f, size_f)
            if done_f[u]:
                continue
            done_f[u] = True
            for e in range(indptr[u], indptr[u + 1]):
                if use_e and not edge_ok[e]:
                    continue
                v = indices[e]
                if done_f[v] or (use_v and not vertex_ok[v]):
                    continue
                nd = d + weights[e]
                if nd < dist_f[v]:
                    dist_f[v] = nd
                    pred_f[v] = e
                    size_f = heap_push(keys_f, vals_f, size_f, nd, v)
                    if nd + dist_b[v] < best:
                        best = nd + dist_b[v]
                        meet = v
        else:
            d = keys_b[0]
            u = vals_b[0]
            size_b = heap_pop(keys_b, vals_b, size_b)
            if done_b[u]:
                continue
            done_b[u] = True
            for j in range(rev_indptr[u], rev_indptr[u + 1]):
                e = rev_edges[j]
                if use_e and not edge_ok[e]:
                    continue
                v = tails[e]
                if done_b[v] or (use_v and not vertex_ok[v]):
                    continue
                nd = d + weights[e]
                if nd < dist_b[v]:
                    dist_b[v] = nd
                    pred_b[v] = e
                    size_b = heap_push(keys_b, vals_b, size_b, nd, v)
                    if nd + dist_f[v] < best:
                        best = nd + dist_f[v]
                        meet = v
    if meet < 0:
        return np.inf, np.zeros(0, dtype=np.int64)
    count = 0
    v = meet
    while v != source:
        count += 1
        v = tails[pred_f[v]]
    head = count
    v = meet
    while v != target:
        count += 1
        v = indices[pred_b[v]]
    edges = np.empty(count, dtype=np.int64)
    v = meet
    for i in range(head - 1, -1, -1):
        edges[i] = pred_f[v]
        v = tails[pred_f[v]]
    v = meet
    for i in range(head, count):
        edges[i] = pred_b[v]
        v = indices[pred_b[v]]
    return best, edges


@numba.njit(cache=True)
def _constrained(
    indptr: IntArray,
    indices: IntArray,
    weights: FloatArray,
    resource: IntArray,
    limit: int,
    stage_of: IntArray,
    n_stages: int,
    source: int,
    target: int,
    edge_ok: BoolArray,
    vertex_ok: BoolArray,
) -> tuple[float, IntArray]:  # pragma: no cover - compiled
    """Dijkstra on states (vertex, waypoint stage, resource used); returns cost and edges."""
    n = indptr.size - 1
    use_e = edge_ok.size > 0
    use_v = vertex_ok.size > 0
    width = n_stages * (limit + 1)
    n_states = n * width
    dist = np.full(n_states, np.inf)
    pred_state = np.full(n_states, -1, dtype=np.int64)
    pred_edge = np.full(n_states, -1, dtype=np.int64)
    done = np.zeros(n_states, dtype=np.bool_)
    cap = indices.size * width + 1
    keys = np.empty(cap)
    vals = np.empty(cap, dtype=np.int64)
    stage0 = 1 if stage_of[source] == 0 else 0
    start = source * width + stage0 * (limit + 1)
    dist[start] = 0.0
    size = heap_push(keys, vals, 0, 0.0, start)
    final = -1
    while size > 0:
        d = keys[0]
        s = vals[0]
        size = heap_pop(keys, vals, size)
        if done[s]:
            continue
        done[s] = True
        u = s // width
        stage = (s % width) // (limit + 1)
        used = s % (limit + 1)
        if u == target and stage == n_stages - 1:
            final = s
            break
        for e in range(indptr[u], indptr[u + 1]):
            if use_e and not edge_ok[e]:
                continue
            v = indices[e]
            if use_v and not vertex_ok[v]:
                continue
            r = used + resource[e]
            if r > limit:
                continue
            nstage = stage + 1 if stage_of[v] == stage else stage
            t = v * width + nstage * (limit + 1) + r
            nd = d + weights[e]
            if not done[t] and nd < dist[t]:
                dist[t] = nd
                pred_state[t] = s
                pred_edge[t] = e
                size = heap_push(keys, vals, size, nd, t)
    if final < 0:
        return np.inf, np.zeros(0, dtype=np.int64)
    count = 0
    s = final
    while pred_state[s] >= 0:
        count += 1
        s = pred_state[s]
    edges = np.empty(count, dtype=np.int64)
    s = final
    for i in range(count - 1, -1, -1):
        edges[i] = pred_edge[s]
        s = pred_state[s]
    return dist[final], edges


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


# --------------------------------------------------------------------------------------------
# input checks
# --------------------------------------------------------------------------------------------


def _check_vertex(graph: Graph, vertex: int, what: str) -> int:
    v = int(vertex)
    if not 0 <= v < graph.n_vertices:
        msg = f"{what}: expected a vertex number in [0, {graph.n_vertices}), got {vertex!r}"
        raise DataError(msg)
    return v


def _check_weights(graph: Graph, weights: npt.ArrayLike, *, columns: bool = False) -> FloatArray:
    w = np.ascontiguousarray(weights, dtype=np.float64)
    shape_ok = w.ndim == (2 if columns else 1) and w.shape[0] == graph.n_edges
    if not shape_ok or (columns and w.shape[1] < 1):
        expected = f"({graph.n_edges}, c >= 1)" if columns else f"({graph.n_edges},)"
        msg = f"weights: expected shape {expected}, got {w.shape}"
        raise DataError(msg)
    if w.size and not (np.isfinite(w).all() and w.min() >= 0.0):
        msg = "weights: expected finite, non-negative values (mask edges out instead)"
        raise DataError(msg)
    return w


def _check_mask(mask: npt.ArrayLike | None, size: int, what: str) -> BoolArray:
    if mask is None:
        return _EMPTY_BOOL
    m = np.ascontiguousarray(mask, dtype=np.bool_)
    if m.shape != (size,):
        msg = f"{what}: expected a boolean array of shape ({size},), got {m.shape}"
        raise DataError(msg)
    return m


def _vertices_of(graph: Graph, source: int, edges: Sequence[int]) -> tuple[int, ...]:
    return (source, *(int(graph.indices[e]) for e in edges))


def _no_route(source: int, target: int) -> NoRouteError:
    return NoRouteError(f"no path from vertex {source} to vertex {target} under these constraints")


# --------------------------------------------------------------------------------------------
# public functions
# --------------------------------------------------------------------------------------------


def shortest_path_tree(
    graph: Graph,
    weights: npt.ArrayLike,
    source: int,
    *,
    target: int | None = None,
    edge_ok: npt.ArrayLike | None = None,
    vertex_ok: npt.ArrayLike | None = None,
) -> tuple[FloatArray, IntArray]:
    """Dijkstra from ``source``: distances and the CSR edge reaching each vertex (``-1`` if none).

    With ``target`` the search stops once the target is settled; distances are then final only
    for settled vertices (those no farther than the target).

    Parameters
    ----------
    graph
        The topology.
    weights
        One non-negative weight per edge, in CSR order.
    source
        Start vertex.
    target
        Optional vertex at which to stop early.
    edge_ok, vertex_ok
        Optional masks; ``False`` forbids the edge or vertex.

    Returns
    -------
    tuple of numpy.ndarray
        ``dist`` (``inf`` where unreached) and ``pred_edge``.

    Raises
    ------
    DataError
        If a vertex, the weights or a mask is malformed.

    Examples
    --------
    >>> g = Graph(np.array([0, 1, 2, 2]), np.array([1, 2]))
    >>> dist, pred = shortest_path_tree(g, [2.0, 3.0], 0)
    >>> dist.tolist(), pred.tolist()
    ([0.0, 2.0, 5.0], [-1, 0, 1])
    """
    s = _check_vertex(graph, source, "source")
    t = -1 if target is None else _check_vertex(graph, target, "target")
    w = _check_weights(graph, weights)
    e_ok = _check_mask(edge_ok, graph.n_edges, "edge_ok")
    v_ok = _check_mask(vertex_ok, graph.n_vertices, "vertex_ok")
    dist, pred = _dijkstra(graph.indptr, graph.indices, w, s, t, e_ok, v_ok)
    return dist, pred


def shortest_path(
    graph: Graph,
    weights: npt.ArrayLike,
    source: int,
    target: int,
    *,
    edge_ok: npt.ArrayLike | None = None,
    vertex_ok: npt.ArrayLike | None = None,
) -> Path:
    """The least-weight path from ``source`` to ``target`` (bidirectional Dijkstra).

    Parameters
    ----------
    graph
        The topology.
    weights
        One non-negative weight per edge, in CSR order.
    source, target
        End vertices.
    edge_ok, vertex_ok
        Optional masks; ``False`` forbids the edge or vertex (a forbidden source or target means
        no route).

    Returns
    -------
    Path
        Its cost, edges and vertices.

    Raises
    ------
    NoRouteError
        If no allowed path exists.
    DataError
        If an input is malformed.

    Examples
    --------
    >>> g = Graph(np.array([0, 2, 3, 3]), np.array([1, 2, 2]))
    >>> shortest_path(g, [1.0, 5.0, 1.0], 0, 2).edges
    (0, 2)
    >>> shortest_path(g, [1.0, 5.0, 1.0], 0, 2, vertex_ok=[True, False, True]).edges
    (1,)
    """
    s = _check_vertex(graph, source, "source")
    t = _check_vertex(graph, target, "target")
    w = _check_weights(graph, weights)
    e_ok = _check_mask(edge_ok, graph.n_edges, "edge_ok")
    v_ok = _check_mask(vertex_ok, graph.n_vertices, "vertex_ok")
    if v_ok.size and not (v_ok[s] and v_ok[t]):
        raise _no_route(s, t)
    rev_indptr, rev_edges = graph.reverse()
    cost, found = _bidijkstra(
        graph.indptr, graph.indices, graph.tails, rev_indptr, rev_edges, w, s, t, e_ok, v_ok
    )
    if not math.isfinite(cost):
        raise _no_route(s, t)
    edges = _loop_erased(graph, s, [int(e) for e in found])
    return Path(float(cost), tuple(edges), _vertices_of(graph, s, edges))


def _loop_erased(graph: Graph, source: int, edges: list[int]) -> list[int]:
    """Drop cycles from a walk (the two search trees can only meet in zero-weight cycles)."""
    position = {source: 0}
    kept: list[int] = []
    for e in edges:
        v = int(graph.indices[e])
        if v in position:
            cut = position[v]
            for dropped in kept[cut:]:
                del position[int(graph.indices[dropped])]
            del kept[cut:]
            position[v] = cut
        else:
            kept.append(e)
            position[v] = len(kept)
    return kept


def constrained_shortest_path(
    graph: Graph,
    weights: npt.ArrayLike,
    source: int,
    target: int,
    *,
    via: Sequence[int | Sequence[int]] = (),
    resource: npt.ArrayLike | None = None,
    limit: int = 0,
    edge_ok: npt.ArrayLike | None = None,
    vertex_ok: npt.ArrayLike | None = None,
) -> Path:
    """The least-weight walk through ``via`` (in order) using at most ``limit`` of a resource.

    Exact: a Dijkstra search over states (vertex, waypoints reached, resource used). The resource
    is a non-negative integer per edge (for instance 1 on transfer edges, to cap the number of
    transfers). Reaching a waypoint is counted only in order. The walk may pass a vertex twice
    when a waypoint forces it.

    Parameters
    ----------
    graph, weights, source, target
        As in :func:`shortest_path`.
    via
        Waypoints to visit in order, each a vertex or a collection of vertices (any one of
        which counts as reaching it); no vertex may belong to two waypoints.
    resource
        Integer use per edge (default none).
    limit
        Largest total resource allowed.
    edge_ok, vertex_ok
        Optional masks.

    Returns
    -------
    Path
        The optimal walk.

    Raises
    ------
    NoRouteError
        If no walk satisfies the constraints.
    DataError
        If an input is malformed.

    Examples
    --------
    >>> g = Graph(np.array([0, 2, 3, 4, 4]), np.array([1, 2, 3, 3]))
    >>> w = [1.0, 1.0, 5.0, 1.0]
    >>> constrained_shortest_path(g, w, 0, 3).vertices
    (0, 2, 3)
    >>> constrained_shortest_path(g, w, 0, 3, via=[1]).vertices
    (0, 1, 3)
    >>> constrained_shortest_path(g, w, 0, 3, via=[[1, 2]]).vertices
    (0, 2, 3)
    >>> constrained_shortest_path(g, w, 0, 3, resource=[0, 1, 0, 1], limit=0).cost
    6.0
    """
    s = _check_vertex(graph, source, "source")
    t = _check_vertex(graph, target, "target")
    w = _check_weights(graph, weights)
    e_ok = _check_mask(edge_ok, graph.n_edges, "edge_ok")
    v_ok = _check_mask(vertex_ok, graph.n_vertices, "vertex_ok")
    waypoints = [
        [_check_vertex(graph, v, "via")]
        if isinstance(v, int | np.integer)
        else [_check_vertex(graph, x, "via") for x in v]
        for v in via
    ]
    flat = [v for group in waypoints for v in group]
    if len(set(flat)) != len(flat) or not all(waypoints):
        msg = f"via: expected non-empty waypoints without shared vertices, got {list(via)}"
        raise DataError(msg)
    if resource is None:
        res = np.zeros(graph.n_edges, dtype=np.int64)
    else:
        res = np.ascontiguousarray(resource, dtype=np.int64)
        if res.shape != (graph.n_edges,) or (res.size and res.min() < 0):
            msg = f"resource: expected {graph.n_edges} non-negative integers, got shape {res.shape}"
            raise DataError(msg)
    if limit < 0:
        msg = f"limit: expected a non-negative integer, got {limit}"
        raise DataError(msg)
    if v_ok.size and not (v_ok[s] and v_ok[t]):
        raise _no_route(s, t)
    stage_of = np.full(graph.n_vertices, -1, dtype=np.int64)
    for i, group in enumerate(waypoints):
        stage_of[group] = i
    n_stages = len(waypoints) + 1
    cost, edges = _constrained(
        graph.indptr, graph.indices, w, res, int(limit), stage_of, n_stages, s, t, e_ok, v_ok
    )
    if not math.isfinite(cost):
        raise _no_route(s, t)
    edge_list = [int(e) for e in edges]
    return Path(float(cost), tuple(edge_list), _vertices_of(graph, s, edge_list))


def iter_shortest_paths(
    graph: Graph,
    weights: npt.ArrayLike,
    source: int,
    target: int,
    *,
    edge_ok: npt.ArrayLike | None = None,
    vertex_ok: npt.ArrayLike | None = None,
) -> Iterator[Path]:
    """Yield loopless paths in order of cost (Yen's algorithm), lazily.

    Paths are distinct as edge sequences (parallel edges make distinct paths). Ties are broken
    by edge sequence, so the order is deterministic.

    Parameters
    ----------
    graph, weights, source, target, edge_ok, vertex_ok
        As in :func:`shortest_path`.

    Yields
    ------
    Path
        The next cheapest loopless path.

    Raises
    ------
    NoRouteError
        If not even one path exists (raised on the first ``next``).

    Examples
    --------
    >>> g = Graph(np.array([0, 2, 3, 3]), np.array([1, 2, 2]))
    >>> [p.edges for p in iter_shortest_paths(g, [1.0, 5.0, 1.0], 0, 2)]
    [(0, 2), (1,)]
    """
    s = _check_vertex(graph, source, "source")
    t = _check_vertex(graph, target, "target")
    w = _check_weights(graph, weights)
    base_e = _check_mask(edge_ok, graph.n_edges, "edge_ok")
    base_v = _check_mask(vertex_ok, graph.n_vertices, "vertex_ok")
    if not base_e.size:
        base_e = np.ones(graph.n_edges, dtype=np.bool_)
    if not base_v.size:
        base_v = np.ones(graph.n_vertices, dtype=np.bool_)
    return _yen(graph, w, s, t, base_e, base_v)


def _yen(
    graph: Graph, w: FloatArray, s: int, t: int, base_e: BoolArray, base_v: BoolArray
) -> Iterator[Path]:
    first = shortest_path(graph, w, s, t, edge_ok=base_e, vertex_ok=base_v)
    accepted: list[Path] = [first]
    seen: set[tuple[int, ...]] = {first.edges}
    candidates: list[tuple[float, tuple[int, ...]]] = []
    yield first
    while True:
        last = accepted[-1]
        for i in range(len(last.edges)):
            spur = last.vertices[i]
            root = last.edges[:i]
            root_cost = float(sum(w[e] for e in root))
            e_ok = base_e.copy()
            for p in accepted:
                if p.edges[:i] == root and len(p.edges) > i:
                    e_ok[p.edges[i]] = False
            v_ok = base_v.copy()
            v_ok[list(last.vertices[:i])] = False
            try:
                tail = shortest_path(graph, w, spur, t, edge_ok=e_ok, vertex_ok=v_ok)
            except NoRouteError:
                continue
            edges = root + tail.edges
            if edges not in seen:
                seen.add(edges)
                heapq.heappush(candidates, (root_cost + tail.cost, edges))
        if not candidates:
            return
        _, edges = heapq.heappop(candidates)
        cost = float(sum(w[e] for e in edges))
        path = Path(cost, edges, _vertices_of(graph, s, edges))
        accepted.append(path)
        yield path


def k_shortest_paths(
    graph: Graph,
    weights: npt.ArrayLike,
    source: int,
    target: int,
    *,
    k: int,
    edge_ok: npt.ArrayLike | None = None,
    vertex_ok: npt.ArrayLike | None = None,
) -> list[Path]:
    """The ``k`` cheapest loopless paths (fewer if fewer exist), cheapest first.

    Parameters
    ----------
    graph, weights, source, target, edge_ok, vertex_ok
        As in :func:`shortest_path`.
    k
        How many paths, at least 1.

    Returns
    -------
    list of Path
        Distinct loopless paths ordered by cost.

    Raises
    ------
    NoRouteError
        If no path exists.
    DataError
        If ``k < 1`` or an input is malformed.

    Examples
    --------
    >>> g = Graph(np.array([0, 2, 3, 3]), np.array([1, 2, 2]))
    >>> [p.cost for p in k_shortest_paths(g, [1.0, 5.0, 1.0], 0, 2, k=5)]
    [2.0, 5.0]
    """
    if k < 1:
        msg = f"k: expected at least 1, got {k}"
        raise DataError(msg)
    paths = iter_shortest_paths(
        graph, weights, source, target, edge_ok=edge_ok, vertex_ok=vertex_ok
    )
    return list(itertools.islice(paths, k))


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
