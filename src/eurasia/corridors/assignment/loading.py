"""All-or-nothing loading on shortest-path trees, skims and reachability.

An :class:`~eurasia.corridors.assignment.network.AssignmentNetwork` holds directed links (``tail``, ``head`` as 0-based node indices) with
BPR parameters (:mod:`eurasia.corridors.assignment.vdf`), lengths and tolls, and the zones (centroid nodes).

* **First-through-node rule**: nodes flagged ``no_through`` (TNTP zones numbered below
  ``<FIRST THRU NODE>``) start and end trips but carry no through traffic; each gets a source copy
  holding its outgoing links, so one shortest-path forest serves every origin.
* **Capacity-limited nodes** (border crossings, ports, ferry terminals) become links of an expanded
  graph with :func:`with_node_capacities`.
* **All-or-nothing**: by default one numba kernel runs Dijkstra from each origin and pushes the
  demand down the tree in reverse settling order (origin batches on threads; the kernel releases
  the GIL). Two slower engines serve as references the tests hold it against: trees from
  :func:`scipy.sparse.csgraph.dijkstra` loaded by a numba kernel, and the same trees loaded by
  plain numpy path walking. ``benchmarks/bench_assignment.py`` times the engines.

Examples
--------
>>> net = AssignmentNetwork.from_arrays(n_nodes=3, tail=[0, 0, 1], head=[1, 2, 2],
...     free_flow_time=[1.0, 1.0, 1.0], capacity=[1.0, 1.0, 1.0], zones=[0, 2])
>>> all_or_nothing(net, [1.0, 5.0, 1.0], [[0.0, 3.0], [0.0, 0.0]])[0].tolist()
[3.0, 0.0, 3.0]
"""

from __future__ import annotations

import math
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Literal

import numba
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from eurasia.corridors.assignment.arrays import check_finite_nonnegative
from eurasia.corridors.assignment.network import AssignmentNetwork
from eurasia.corridors.graph.heap import heap_pop, heap_push
from eurasia.corridors.graph.types import BoolArray, FloatArray, IntArray
from eurasia.errors import DataError, NoRouteError

__all__ = [
    "ShortestPathForest",
    "all_or_nothing",
    "check_allowed",
    "check_demand",
    "load_class",
    "reachable",
    "resolve_threads",
    "skim",
]

Engine = Literal["numba", "scipy", "numpy"]


class ShortestPathForest:
    """Shortest-path forests for one class: graph with source copies, built once, costs per call."""

    def __init__(self, network: AssignmentNetwork, allowed: BoolArray | None) -> None:
        links = np.arange(network.n_links) if allowed is None else np.flatnonzero(allowed)
        self.links = links
        n = network.n_nodes
        copies = np.full(n, -1, dtype=np.int64)
        blocked = np.flatnonzero(network.no_through)
        copies[blocked] = n + np.arange(blocked.size)
        self.n_graph = n + blocked.size
        tail = network.tail[links]
        tail = np.where(copies[tail] >= 0, copies[tail], tail)
        head = network.head[links]
        order = np.argsort(tail, kind="stable")
        self.order = order
        self.csr_tail = tail[order]
        self.csr_head = head[order]
        self.csr_link = links[order]
        indptr = np.zeros(self.n_graph + 1, dtype=np.int64)
        np.cumsum(np.bincount(self.csr_tail, minlength=self.n_graph), out=indptr[1:])
        self.indptr = indptr.astype(np.int32)
        self.indices = self.csr_head.astype(np.int32)
        self.indptr64 = indptr
        self.indices64 = self.csr_head.astype(np.int64)
        zones = network.zones
        self.sources = np.where(copies[zones] >= 0, copies[zones], zones)
        self.targets = zones
        # pair lookup (tail, head) -> csr positions, to name the link each predecessor used
        keys = self.csr_tail * self.n_graph + self.csr_head
        key_order = np.argsort(keys, kind="stable")
        sorted_keys = keys[key_order]
        first = np.ones(sorted_keys.size, dtype=np.bool_)
        first[1:] = sorted_keys[1:] != sorted_keys[:-1]
        self.pair_keys = sorted_keys[first]
        self.pair_start = np.flatnonzero(first)
        self.key_order = key_order
        self.parallel = bool(self.pair_keys.size != sorted_keys.size)

    def best_links(self, cost: FloatArray) -> IntArray:
        """Link index per (tail, head) pair: the cheapest of parallel links."""
        pos = self.key_order[self.pair_start]
        if not self.parallel:
            return self.csr_link[pos]
        c = cost[self.csr_link[self.key_order]]
        group = np.repeat(np.arange(self.pair_start.size), np.diff(np.r_[self.pair_start, c.size]))
        best = np.minimum.reduceat(c, self.pair_start)
        hit = np.flatnonzero(c == best[group])
        first_hit = np.unique(group[hit], return_index=True)[1]
        return self.csr_link[self.key_order[hit[first_hit]]]

    def trees(self, cost: FloatArray, origins: IntArray) -> tuple[FloatArray, IntArray, IntArray]:
        """Distances, predecessor nodes and predecessor links from the given origin zones."""
        graph = sp.csr_matrix(
            (cost[self.csr_link], self.indices, self.indptr), shape=(self.n_graph, self.n_graph)
        )
        dist, pred = dijkstra(
            graph, directed=True, indices=self.sources[origins], return_predecessors=True
        )
        pred = pred.astype(np.int64)
        reached = pred >= 0
        keys = np.where(reached, pred * self.n_graph + np.arange(self.n_graph), -1)
        slot = np.searchsorted(self.pair_keys, keys[reached])
        pred_link = np.full(pred.shape, -1, dtype=np.int64)
        pred_link[reached] = self.best_links(cost)[slot]
        return dist, pred, pred_link


@numba.njit(cache=True, nogil=True)
def _load_trees_numba(
    pred: IntArray,
    pred_link: IntArray,
    targets: IntArray,
    demand: FloatArray,
    n_links: int,
) -> FloatArray:  # pragma: no cover - compiled; held against _load_trees_numpy in the tests
    """Push each tree's destination demand to the root, deepest nodes first."""
    flows = np.zeros(n_links)
    n_rows, n_graph = pred.shape
    acc = np.zeros(n_graph)
    depth = np.empty(n_graph, dtype=np.int64)
    stack = np.empty(n_graph, dtype=np.int64)
    for r in range(n_rows):
        acc[:] = 0.0
        for k in range(targets.size):
            acc[targets[k]] += demand[r, k]
        # depth in the tree (ties in distance, e.g. zero-cost links, rule out sorting by distance)
        depth[:] = -1
        for v in range(n_graph):
            u = v
            size = 0
            while depth[u] < 0 and pred_link[r, u] >= 0:
                stack[size] = u
                size += 1
                u = pred[r, u]
            if depth[u] < 0:
                depth[u] = 0
            base = depth[u]
            for j in range(size - 1, -1, -1):
                base += 1
                depth[stack[j]] = base
        order = np.argsort(depth)
        for i in range(n_graph - 1, -1, -1):
            v = order[i]
            link = pred_link[r, v]
            if link < 0 or acc[v] == 0.0:
                continue
            flows[link] += acc[v]
            acc[pred[r, v]] += acc[v]
    return flows


@numba.njit(cache=True, nogil=True)
def _dijkstra_load_numba(
    indptr: IntArray,
    heads: IntArray,
    links: IntArray,
    weights: FloatArray,
    aux: FloatArray,
    sources: IntArray,
    targets: IntArray,
    demand: FloatArray,
    n_links: int,
) -> tuple[FloatArray, FloatArray, FloatArray]:  # pragma: no cover - compiled; held against scipy
    """Run Dijkstra from each source (binary heap), then push demand down the tree.

    Demand goes down in reverse settling order (a parent always settles before its children,
    zero-cost links included).

    Returns link flows, the distance from each source to each target, and the sum of ``aux``
    (a second per-link value, e.g. hours) along each of those shortest paths.
    """
    n = indptr.size - 1
    flows = np.zeros(n_links)
    reach = np.empty((sources.size, targets.size))
    reach_aux = np.empty((sources.size, targets.size))
    along = np.empty(n)
    dist = np.empty(n)
    pred_node = np.empty(n, dtype=np.int64)
    pred_link = np.empty(n, dtype=np.int64)
    pred_slot = np.empty(n, dtype=np.int64)
    settled = np.empty(n, dtype=np.int64)
    done = np.zeros(n, dtype=np.bool_)
    is_target = np.zeros(n, dtype=np.bool_)
    acc = np.zeros(n)
    heap_keys = np.empty(heads.size + 1)
    heap_nodes = np.empty(heads.size + 1, dtype=np.int64)
    for k in range(targets.size):
        is_target[targets[k]] = True
    n_targets = 0
    for v in range(n):
        if is_target[v]:
            n_targets += 1
    for r in range(sources.size):
        dist[:] = np.inf
        done[:] = False
        source = sources[r]
        dist[source] = 0.0
        pred_link[source] = -1
        size = heap_push(heap_keys, heap_nodes, 0, 0.0, source)
        count = 0
        left = n_targets
        while size > 0 and left > 0:
            key = heap_keys[0]
            v = heap_nodes[0]
            size = heap_pop(heap_keys, heap_nodes, size)
            if done[v]:
                continue
            done[v] = True
            settled[count] = v
            count += 1
            along[v] = 0.0 if v == source else along[pred_node[v]] + aux[pred_slot[v]]
            if is_target[v]:
                left -= 1
            for e in range(indptr[v], indptr[v + 1]):
                w = heads[e]
                candidate = key + weights[e]
                if candidate < dist[w]:
                    dist[w] = candidate
                    pred_node[w] = v
                    pred_link[w] = links[e]
                    pred_slot[w] = e
                    size = heap_push(heap_keys, heap_nodes, size, candidate, w)
        for k in range(targets.size):
            t = targets[k]
            reach[r, k] = dist[t] if done[t] else np.inf
            reach_aux[r, k] = along[t] if done[t] else np.inf
            if done[t]:
                acc[t] += demand[r, k]
        for i in range(count - 1, 0, -1):
            v = settled[i]
            amount = acc[v]
            if amount != 0.0:
                flows[pred_link[v]] += amount
                acc[pred_node[v]] += amount
                acc[v] = 0.0
        acc[source] = 0.0
    return flows, reach, reach_aux


def _load_trees_numpy(
    pred: IntArray,
    pred_link: IntArray,
    targets: IntArray,
    demand: FloatArray,
    n_links: int,
) -> FloatArray:
    """Load flows by walking each OD path back from its destination (the reference loader)."""
    flows = np.zeros(n_links)
    for r, k in zip(*np.nonzero(demand), strict=True):
        v = int(targets[k])
        while pred_link[r, v] >= 0:
            flows[pred_link[r, v]] += demand[r, k]
            v = int(pred[r, v])
    return flows


def load_class(
    forest: ShortestPathForest,
    cost: FloatArray,
    demand: FloatArray,
    *,
    engine: Engine,
    threads: int,
    zone_labels: IntArray,
) -> tuple[FloatArray, float]:
    """Link flows of one class loaded on shortest paths, and the shortest-path total cost."""
    n_links = cost.size
    origins = np.flatnonzero(demand.sum(axis=1) > 0)
    if origins.size == 0:
        return np.zeros(n_links), 0.0
    if engine == "numba":  # fused Dijkstra and loading, no n_origins x n_nodes arrays
        per_batch = max(1, math.ceil(origins.size / (4 * threads)))
    else:
        per_batch = max(1, min(origins.size, int(4e7 // (forest.n_graph * 24 + 1))))
    batches = np.array_split(origins, max(threads, math.ceil(origins.size / per_batch)))
    batches = [b for b in batches if b.size]
    weights = cost[forest.csr_link]

    def run(batch: IntArray) -> tuple[FloatArray, float]:
        rows = demand[batch]
        if engine == "numba":
            flows, reach, _ = _dijkstra_load_numba(
                forest.indptr64,
                forest.indices64,
                forest.csr_link,
                weights,
                weights,
                forest.sources[batch],
                forest.targets,
                rows,
                n_links,
            )
        else:
            dist, pred, pred_link = forest.trees(cost, batch)
            reach = dist[:, forest.targets]
        missing = (rows > 0) & ~np.isfinite(reach)
        if missing.any():
            r, k = (int(i[0]) for i in np.nonzero(missing))
            o, d = int(batch[r]), k
            msg = (
                f"no path from zone {zone_labels[o]} to zone {zone_labels[d]} "
                f"(demand {rows[r, k]:g}) on the links this class may use"
            )
            raise NoRouteError(msg)
        spc = float(np.sum(rows * np.where(rows > 0, reach, 0.0)))
        if engine == "numba":
            return flows, spc
        loader = _load_trees_numba if engine == "scipy" else _load_trees_numpy
        return loader(pred, pred_link, forest.targets, rows, n_links), spc

    if threads > 1 and len(batches) > 1:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            parts = list(pool.map(run, batches))
    else:
        parts = [run(b) for b in batches]
    return np.sum([p[0] for p in parts], axis=0), float(sum(p[1] for p in parts))


def all_or_nothing(
    network: AssignmentNetwork,
    cost: npt.ArrayLike,
    demand: npt.ArrayLike,
    *,
    allowed: npt.ArrayLike | None = None,
    engine: Engine = "numba",
    threads: int | None = None,
) -> tuple[FloatArray, float]:
    """Load all demand on shortest paths under fixed link costs.

    Parameters
    ----------
    network
        The network (its zones and through-node flags are used; its BPR parameters are not).
    cost
        Non-negative cost per link.
    demand
        ``n_zones x n_zones`` OD matrix; the diagonal is ignored.
    allowed
        Link mask of usable links (all when ``None``).
    engine
        ``"numba"``: one compiled kernel runs Dijkstra (binary heap) and pushes demand down each
        tree; ``"scipy"``: :func:`scipy.sparse.csgraph.dijkstra` trees loaded by a compiled kernel;
        ``"numpy"``: scipy trees and a plain path-walking loader (the reference).
    threads
        Worker threads for origin batches (default: CPU count).

    Returns
    -------
    flows, shortest_cost
        Link flows and ``Σ demand × shortest-path cost``.

    Raises
    ------
    DataError
        If ``cost`` or ``demand`` has the wrong shape or negative entries.
    NoRouteError
        Naming the first zone pair with demand but no path.

    Examples
    --------
    >>> net = AssignmentNetwork.from_arrays(n_nodes=3, tail=[0, 0, 1], head=[1, 2, 2],
    ...     free_flow_time=[1.0, 1.0, 1.0], capacity=[1.0, 1.0, 1.0], zones=[0, 2])
    >>> flows, spc = all_or_nothing(net, [1.0, 5.0, 1.0], [[0.0, 3.0], [0.0, 0.0]])
    >>> flows.tolist(), spc
    ([3.0, 0.0, 3.0], 6.0)
    """
    c = check_cost(network, cost)
    d = check_demand(network, demand, where="demand")
    mask = None if allowed is None else check_allowed(network, allowed, where="allowed")
    forest = ShortestPathForest(network, mask)
    return load_class(
        forest,
        c,
        d,
        engine=engine,
        threads=resolve_threads(threads),
        zone_labels=network.node_labels[network.zones],
    )


def skim(
    forest: ShortestPathForest,
    cost: FloatArray,
    demand: FloatArray,
    aux: FloatArray | None = None,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """All-or-nothing flows and zone-to-zone matrices, without failing on missing paths.

    Links whose cost is ``inf`` are treated as absent (e.g. a disrupted link). Demand between
    zones that are not connected is not loaded; their cost is ``inf``.

    Parameters
    ----------
    forest
        Shortest-path structure of one class.
    cost
        Per-link cost (``inf`` allowed).
    demand
        ``n_zones x n_zones`` OD matrix.
    aux
        A second per-link value summed along each shortest path (e.g. hours); ``cost`` if omitted.

    Returns
    -------
    flows, costs, aux_sums
        Link flows, the ``n_zones x n_zones`` shortest-path costs and the sums of ``aux`` along
        those paths.

    Examples
    --------
    >>> net = AssignmentNetwork.from_arrays(n_nodes=3, tail=[0, 1, 0], head=[1, 2, 2],
    ...     free_flow_time=[1.0, 1.0, 5.0], capacity=1.0, zones=[0, 2])
    >>> flows, costs, hours = skim(ShortestPathForest(net, None), np.array([1.0, np.inf, 5.0]),
    ...     np.array([[0.0, 2.0], [0.0, 0.0]]), aux=np.array([1.0, 1.0, 3.0]))
    >>> flows.tolist(), costs.tolist(), hours.tolist()
    ([0.0, 0.0, 2.0], [[0.0, 5.0], [inf, 0.0]], [[0.0, 3.0], [inf, 0.0]])
    """
    origins = np.arange(forest.targets.size)
    rows = np.ascontiguousarray(demand, dtype=np.float64)
    weights = np.ascontiguousarray(cost[forest.csr_link], dtype=np.float64)
    second = (
        weights if aux is None else np.ascontiguousarray(aux[forest.csr_link], dtype=np.float64)
    )
    return _dijkstra_load_numba(
        forest.indptr64,
        forest.indices64,
        forest.csr_link,
        weights,
        second,
        forest.sources[origins],
        forest.targets,
        np.where(np.isfinite(rows), rows, 0.0),
        cost.size,
    )


def reachable(network: AssignmentNetwork, allowed: npt.ArrayLike | None = None) -> BoolArray:
    """``n_zones x n_zones`` matrix: whether zone ``d`` can be reached from zone ``o``.

    Uses only ``allowed`` links and respects the first-through-node rule.

    Examples
    --------
    >>> net = AssignmentNetwork.from_arrays(n_nodes=3, tail=[0, 1], head=[1, 2],
    ...     free_flow_time=[1.0, 1.0], capacity=1.0, zones=[0, 2])
    >>> reachable(net).tolist()
    [[True, True], [False, True]]
    """
    mask = None if allowed is None else check_allowed(network, allowed, where="allowed")
    forest = ShortestPathForest(network, mask)
    dist, _, _ = forest.trees(np.ones(network.n_links), np.arange(network.n_zones))
    return np.asarray(np.isfinite(dist[:, forest.targets]), dtype=np.bool_)


def resolve_threads(threads: int | None) -> int:
    """Thread count: ``None`` means one a CPU; below 1 is an error."""
    if threads is None:
        return max(1, os.cpu_count() or 1)
    if threads < 1:
        msg = f"threads must be >= 1, got {threads}"
        raise DataError(msg)
    return threads


def check_cost(network: AssignmentNetwork, cost: npt.ArrayLike) -> FloatArray:
    c = np.asarray(cost, dtype=np.float64).ravel()
    if c.shape != (network.n_links,):
        msg = f"cost has {c.size} entries for {network.n_links} links"
        raise DataError(msg)
    check_finite_nonnegative(c, "cost")
    return c


def check_demand(network: AssignmentNetwork, demand: npt.ArrayLike, *, where: str) -> FloatArray:
    """Return ``demand`` as a zones × zones float array, or raise DataError naming ``where``."""
    d = np.array(demand, dtype=np.float64)
    n = network.n_zones
    if d.shape != (n, n):
        msg = f"{where}: expected a {n} x {n} OD matrix (one row and column a zone), got shape {d.shape}"
        raise DataError(msg)
    check_finite_nonnegative(d, where)
    np.fill_diagonal(d, 0.0)
    return d


def check_allowed(network: AssignmentNetwork, allowed: npt.ArrayLike, *, where: str) -> BoolArray:
    """Return ``allowed`` as one flag per link, or raise DataError naming ``where``."""
    a = np.asarray(allowed, dtype=np.bool_).ravel()
    if a.shape != (network.n_links,):
        msg = f"{where}: expected {network.n_links} link flags, got {a.size}"
        raise DataError(msg)
    return a
