"""Single-source and one-to-one shortest paths: numba Dijkstra (with early exit) and bidirectional search."""

from __future__ import annotations

import math

import numba
import numpy as np
import numpy.typing as npt

from eurasia.corridors.graph.csr import (
    EdgeOrder,
    Graph,
    Path,
    _check_query,
    _loop_erased,
    _no_route,
)
from eurasia.corridors.graph.heap import heap_pop, heap_push
from eurasia.corridors.graph.kernels import pred_chain
from eurasia.corridors.graph.types import BoolArray, FloatArray, IntArray

__all__ = ["shortest_path", "shortest_path_tree"]


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
def _bidijkstra(  # noqa: C901 - one compiled loop: two searches and the meeting test share state (numba: no closures)
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
    head = pred_chain(pred_f, tails, meet, source)[::-1]
    return best, np.concatenate((head, pred_chain(pred_b, indices, meet, target)))


def shortest_path_tree(
    graph: Graph,
    weights: npt.ArrayLike,
    source: int,
    *,
    target: int | None = None,
    edge_ok: npt.ArrayLike | None = None,
    vertex_ok: npt.ArrayLike | None = None,
    order: EdgeOrder = None,
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
    order
        Order of the per-edge arrays (weights, ``edge_ok``): ``"input"`` for values listed as the edges were given
        to :meth:`~eurasia.corridors.graph.csr.Graph.from_arrays`, ``"csr"`` for values in CSR
        order; ``None`` (default) only for a graph whose two orders are the same.

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
    q = _check_query(graph, weights, source, target, edge_ok, vertex_ok, order)
    return _dijkstra(
        graph.indptr, graph.indices, q.weights, q.source, q.target, q.edge_ok, q.vertex_ok
    )


def shortest_path(
    graph: Graph,
    weights: npt.ArrayLike,
    source: int,
    target: int,
    *,
    edge_ok: npt.ArrayLike | None = None,
    vertex_ok: npt.ArrayLike | None = None,
    order: EdgeOrder = None,
) -> Path:
    """Return the least-weight path from ``source`` to ``target`` (bidirectional Dijkstra).

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
    order
        As in :func:`shortest_path_tree`.

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
    s, t, w, e_ok, v_ok = q = _check_query(
        graph, weights, source, target, edge_ok, vertex_ok, order
    )
    q.check_endpoints()
    rev_indptr, rev_edges = graph.reverse()
    cost, found = _bidijkstra(
        graph.indptr, graph.indices, graph.tails, rev_indptr, rev_edges, w, s, t, e_ok, v_ok
    )
    if not math.isfinite(cost):
        raise _no_route(s, t)
    return Path.of(graph, s, _loop_erased(graph, s, [int(e) for e in found]), float(cost))
