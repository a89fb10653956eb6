"""Loopless ``k`` shortest paths (Yen) and their lazy iterator."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

from eurasia.corridors.graph.csr import EdgeOrder, Graph, Path, _check_query
from eurasia.corridors.graph.dijkstra import shortest_path
from eurasia.corridors.graph.types import BoolArray, FloatArray
from eurasia.errors import DataError, NoRouteError

__all__ = ["iter_shortest_paths", "k_shortest_paths"]


def iter_shortest_paths(
    graph: Graph,
    weights: npt.ArrayLike,
    source: int,
    target: int,
    *,
    edge_ok: npt.ArrayLike | None = None,
    vertex_ok: npt.ArrayLike | None = None,
    order: EdgeOrder = None,
) -> Iterator[Path]:
    """Yield loopless paths in order of cost (Yen's algorithm), lazily.

    Paths are distinct as edge sequences (parallel edges make distinct paths). Ties are broken
    by edge sequence, so the order is deterministic.

    Parameters
    ----------
    graph, weights, source, target, edge_ok, vertex_ok, order
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
    s, t, w, base_e, base_v = _check_query(
        graph, weights, source, target, edge_ok, vertex_ok, order
    )
    if not base_e.size:
        base_e = np.ones(graph.n_edges, dtype=np.bool_)
    if not base_v.size:
        base_v = np.ones(graph.n_vertices, dtype=np.bool_)
    return _yen(graph, w, s, t, base_e, base_v)


def _yen(
    graph: Graph, w: FloatArray, s: int, t: int, base_e: BoolArray, base_v: BoolArray
) -> Iterator[Path]:
    first = shortest_path(graph, w, s, t, edge_ok=base_e, vertex_ok=base_v, order="csr")
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
                tail = shortest_path(graph, w, spur, t, edge_ok=e_ok, vertex_ok=v_ok, order="csr")
            except NoRouteError:
                continue
            edges = root + tail.edges
            if edges not in seen:
                seen.add(edges)
                heapq.heappush(candidates, (root_cost + tail.cost, edges))
        if not candidates:
            return
        _, edges = heapq.heappop(candidates)
        path = Path.of(graph, s, edges, float(sum(w[e] for e in edges)))
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
    order: EdgeOrder = None,
) -> list[Path]:
    """Return the ``k`` cheapest loopless paths (fewer if fewer exist), cheapest first.

    Parameters
    ----------
    graph, weights, source, target, edge_ok, vertex_ok, order
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
        graph, weights, source, target, edge_ok=edge_ok, vertex_ok=vertex_ok, order=order
    )
    return list(itertools.islice(paths, k))
