"""The graph the path kernels run on (plain CSR arrays), the path result types and input checks.

A :class:`Graph` is the topology only: ``indptr`` (``n + 1``) and ``indices`` (``m``, the head
vertex of each edge, in CSR order). Edge ``e`` runs from ``tails[e]`` to ``indices[e]``. Weights and
cost vectors are passed per query, so one graph serves every criterion. Avoid rules are masks:
``edge_ok`` (``m`` booleans) and ``vertex_ok`` (``n`` booleans), ``True`` where use is allowed.
The kernels live in :mod:`~eurasia.corridors.graph.dijkstra`,
:mod:`~eurasia.corridors.graph.constrained`, :mod:`~eurasia.corridors.graph.kshortest` and
:mod:`~eurasia.corridors.graph.pareto`.

Examples
--------
>>> import numpy as np
>>> from eurasia.corridors.graph.dijkstra import shortest_path
>>> from eurasia.corridors.graph.kshortest import k_shortest_paths
>>> g, order = Graph.from_arrays([0, 0, 1, 2], [1, 2, 3, 3], n_vertices=4)
>>> w = np.array([1.0, 4.0, 5.0, 1.0])[order]
>>> p = shortest_path(g, w, 0, 3)
>>> p.cost, p.vertices
(5.0, (0, 2, 3))
>>> [q.vertices for q in k_shortest_paths(g, w, 0, 3, k=3)]
[(0, 2, 3), (0, 1, 3)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

import numpy as np
import numpy.typing as npt

from eurasia.corridors.graph.types import BoolArray, FloatArray, IntArray
from eurasia.errors import DataError, NoRouteError

__all__ = ["EdgeOrder", "Graph", "ParetoPath", "Path"]

#: The order of a per-edge array: ``"input"`` (as given to :meth:`Graph.from_arrays`), ``"csr"``
#: (the graph's edge numbers), or ``None`` (CSR, allowed only where the two are the same).
EdgeOrder = Literal["csr", "input"] | None


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
    #: Set by :meth:`from_arrays` when it reordered the edges: ``input_order[e]`` is the input
    #: position of CSR edge ``e``. Per-edge arrays for such a graph must then say their order.
    input_order: IntArray | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Check the CSR arrays, store them as contiguous ``int64`` and derive the edge tails."""
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
        per-edge input values in CSR order. When the edges had to be reordered, the graph keeps
        ``order`` and the queries then ask per-edge arrays to say which order they are in
        (``order="input"`` or ``order="csr"``): an array in input order is never read as CSR.

        Examples
        --------
        >>> g, order = Graph.from_arrays([1, 0], [0, 1], n_vertices=2)
        >>> g.indices.tolist(), order.tolist(), g.input_order is not None
        ([1, 0], [1, 0], True)
        >>> Graph.from_arrays([0, 1], [1, 0], n_vertices=2)[0].input_order is None
        True
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
        moved = bool(np.any(order != np.arange(order.size)))
        return cls(indptr, h[order], input_order=order if moved else None), order

    def per_edge(self, values: npt.ArrayLike, order: EdgeOrder, what: str) -> npt.NDArray[Any]:
        """``values`` (one row an edge) in CSR order, from the order the caller says they are in.

        Raises
        ------
        DataError
            If the graph reordered its input edges and ``order`` is ``None``: the array could be
            in either order.

        Examples
        --------
        >>> g, order = Graph.from_arrays([1, 0], [0, 1], n_vertices=2)
        >>> g.per_edge([10.0, 20.0], "input", "weights").tolist()
        [20.0, 10.0]
        >>> g.per_edge([10.0, 20.0], None, "weights")
        Traceback (most recent call last):
        ...
        eurasia.errors.DataError: weights: this graph comes from Graph.from_arrays, which reordered the edges by tail; say order='input' (one value per input edge, as given) or order='csr' (already in CSR order, e.g. values[order])
        """
        if order not in (None, "csr", "input"):
            msg = f"order: expected 'input', 'csr' or None, got {order!r}"
            raise DataError(msg)
        arr = np.asarray(values)
        if self.input_order is None or order == "csr":
            return arr
        if order is None:
            msg = (
                f"{what}: this graph comes from Graph.from_arrays, which reordered the edges by "
                "tail; say order='input' (one value per input edge, as given) or order='csr' "
                "(already in CSR order, e.g. values[order])"
            )
            raise DataError(msg)
        if arr.ndim < 1 or arr.shape[0] != self.n_edges:
            msg = (
                f"{what}: expected {self.n_edges} values (one an input edge), got shape {arr.shape}"
            )
            raise DataError(msg)
        return arr[self.input_order]


@dataclass(frozen=True)
class Path:
    """A path: its total ``cost``, its CSR ``edges`` and the ``vertices`` it visits."""

    cost: float
    edges: tuple[int, ...]
    vertices: tuple[int, ...]

    @classmethod
    def of(cls, graph: Graph, source: int, edges: Sequence[int], cost: float) -> Path:
        """Build the path from ``source`` along ``edges`` (CSR edge numbers) that costs ``cost``."""
        numbers = tuple(int(e) for e in edges)
        return cls(float(cost), numbers, _vertices_of(graph, source, numbers))


@dataclass(frozen=True)
class ParetoPath:
    """A non-dominated path: one total per criterion in ``costs``, plus ``edges``, ``vertices``."""

    costs: tuple[float, ...]
    edges: tuple[int, ...]
    vertices: tuple[int, ...]


class _Query(NamedTuple):
    """A query's inputs once checked: vertex numbers, CSR-ordered weights, masks (empty if none)."""

    source: int
    #: ``-1`` for a search without a target.
    target: int
    weights: FloatArray
    edge_ok: BoolArray
    vertex_ok: BoolArray

    def check_endpoints(self) -> None:
        """Raise NoRouteError if ``vertex_ok`` forbids the source or the target."""
        ok = self.vertex_ok
        if ok.size and not (ok[self.source] and ok[self.target]):
            raise _no_route(self.source, self.target)


def _check_query(
    graph: Graph,
    weights: npt.ArrayLike,
    source: int,
    target: int | None,
    edge_ok: npt.ArrayLike | None,
    vertex_ok: npt.ArrayLike | None,
    order: EdgeOrder,
    *,
    columns: bool = False,
) -> _Query:
    """Check a search's inputs in the order the errors name them (source, target, weights, masks).

    ``columns``: the weights are an ``(m, c)`` cost matrix, one column a criterion.
    """
    s = _check_vertex(graph, source, "source")
    t = -1 if target is None else _check_vertex(graph, target, "target")
    w = _check_weights(graph, weights, columns=columns, order=order)
    e_ok = _check_mask(edge_ok, graph.n_edges, "edge_ok", graph=graph, order=order)
    v_ok = _check_mask(vertex_ok, graph.n_vertices, "vertex_ok")
    return _Query(s, t, w, e_ok, v_ok)


def _check_vertex(graph: Graph, vertex: int, what: str) -> int:
    v = int(vertex)
    if not 0 <= v < graph.n_vertices:
        msg = f"{what}: expected a vertex number in [0, {graph.n_vertices}), got {vertex!r}"
        raise DataError(msg)
    return v


def _check_weights(
    graph: Graph, weights: npt.ArrayLike, *, columns: bool = False, order: EdgeOrder = None
) -> FloatArray:
    w = np.ascontiguousarray(graph.per_edge(weights, order, "weights"), dtype=np.float64)
    shape_ok = w.ndim == (2 if columns else 1) and w.shape[0] == graph.n_edges
    if not shape_ok or (columns and w.shape[1] < 1):
        expected = f"({graph.n_edges}, c >= 1)" if columns else f"({graph.n_edges},)"
        msg = f"weights: expected shape {expected}, got {w.shape}"
        raise DataError(msg)
    if w.size and not (np.isfinite(w).all() and w.min() >= 0.0):
        msg = "weights: expected finite, non-negative values (mask edges out instead)"
        raise DataError(msg)
    return w


def _check_mask(
    mask: npt.ArrayLike | None,
    size: int,
    what: str,
    *,
    graph: Graph | None = None,
    order: EdgeOrder = None,
) -> BoolArray:
    """Return a vertex mask, or (with ``graph``) an edge mask in the order it says it is in."""
    if mask is None:
        return _EMPTY_BOOL
    if graph is not None:
        mask = graph.per_edge(mask, order, what)
    m = np.ascontiguousarray(mask, dtype=np.bool_)
    if m.shape != (size,):
        msg = f"{what}: expected a boolean array of shape ({size},), got {m.shape}"
        raise DataError(msg)
    return m


def _vertices_of(graph: Graph, source: int, edges: Sequence[int]) -> tuple[int, ...]:
    return (source, *(int(graph.indices[e]) for e in edges))


def _no_route(source: int, target: int) -> NoRouteError:
    return NoRouteError(f"no path from vertex {source} to vertex {target} under these constraints")


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
