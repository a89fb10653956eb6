"""Shortest paths under a resource limit (e.g. at most ``k`` transfers), by label setting on (vertex, use)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numba
import numpy as np
import numpy.typing as npt

from eurasia.corridors.graph.csr import (
    EdgeOrder,
    Graph,
    Path,
    _check_query,
    _check_vertex,
    _no_route,
)
from eurasia.corridors.graph.heap import heap_pop, heap_push
from eurasia.corridors.graph.types import BoolArray, FloatArray, IntArray
from eurasia.errors import DataError

__all__ = ["constrained_shortest_path"]


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
    order: EdgeOrder = None,
) -> Path:
    """Return the least-weight walk through ``via`` (in order) using at most ``limit`` of a resource.

    Exact: a Dijkstra search over states (vertex, waypoints reached, resource used). The resource
    is a non-negative integer per edge (for instance 1 on transfer edges, to cap the number of
    transfers). Reaching a waypoint is counted only in order. The walk may pass a vertex twice
    when a waypoint forces it.

    Parameters
    ----------
    graph, weights, source, target, order
        As in :func:`shortest_path` (``order`` applies to ``resource`` too).
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
    s, t, w, e_ok, v_ok = q = _check_query(
        graph, weights, source, target, edge_ok, vertex_ok, order
    )
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
        res = np.ascontiguousarray(graph.per_edge(resource, order, "resource"), dtype=np.int64)
        if res.shape != (graph.n_edges,) or (res.size and res.min() < 0):
            msg = f"resource: expected {graph.n_edges} non-negative integers, got shape {res.shape}"
            raise DataError(msg)
    if limit < 0:
        msg = f"limit: expected a non-negative integer, got {limit}"
        raise DataError(msg)
    q.check_endpoints()
    stage_of = np.full(graph.n_vertices, -1, dtype=np.int64)
    for i, group in enumerate(waypoints):
        stage_of[group] = i
    n_stages = len(waypoints) + 1
    cost, edges = _constrained(
        graph.indptr, graph.indices, w, res, int(limit), stage_of, n_stages, s, t, e_ok, v_ok
    )
    if not math.isfinite(cost):
        raise _no_route(s, t)
    return Path.of(graph, s, edges.tolist(), cost)
