"""Compiled kernels of the bush-based equilibrium (Dial's Algorithm B), on plain arrays.

One class is a graph of ``n`` nodes (source copies of no-through nodes included, as in
:class:`~eurasia.corridors.assignment.loading.ShortestPathForest`) and ``m`` graph links in CSR
order: ``g_tail``, ``g_head``, ``g_link`` (the network link each graph link stands for),
``out_ptr`` (links by tail) and ``in_ptr`` / ``in_g`` (links by head). Each origin of the class
(one row ``r``) has a bush: ``in_bush[r]`` marks its links, ``bush_flow[r]`` the origin's flow on
them, ``orders[r, :n_order[r]]`` a topological order of the nodes it reaches and
``links[r, :n_links[r]]`` its links grouped by head in that order, so labels are one linear scan.

Link state shared by every class: ``flow`` (capacity units), BPR time ``t`` and its derivative
``dt``, updated in place after every flow shift. The cost of a link for a class is
``pce * t + fixed``.

The kernels take these arrays in three named tuples: :class:`BushGraph` (a class's graph),
:class:`Bushes` (its origins' bushes) and :class:`LinkState` (the shared link state).

The pure-Python twins of these functions (``.py_func``) run the same steps un-compiled; the
tests hold the solver against an independent path-based equilibrium instead.

Examples
--------
One link at capacity, BPR ``alpha = 0.15``, ``beta = 4``:

>>> import numpy as np
>>> state = LinkState(flow=np.array([10.0]), t=np.zeros(1), dt=np.zeros(1), t0=np.array([2.0]),
...                   cap=np.array([10.0]), alpha=np.array([0.15]), beta=np.array([4.0]))
>>> update_times(state)
>>> state.t.round(12).tolist(), state.dt.round(12).tolist()
([2.3], [0.12])
"""

from __future__ import annotations

from typing import NamedTuple

import numba
import numpy as np

from eurasia.corridors.graph.heap import heap_pop, heap_push
from eurasia.corridors.graph.types import BoolArray, FloatArray, IntArray

__all__ = ["BushGraph", "Bushes", "LinkState", "init_bushes", "sweep", "update_times"]

#: Bush flow left on a link after a shift, relative to the origin's demand, that counts as
#: rounding and is set to zero (an ulp of a flow is about 1e-16 of it).
RESIDUE = 1e-13


class BushGraph(NamedTuple):
    """One class's graph: its links by tail (``out_ptr``) and by head (``in_ptr``, ``in_g``)."""

    out_ptr: IntArray
    in_ptr: IntArray
    in_g: IntArray
    g_tail: IntArray
    g_head: IntArray
    g_link: IntArray


class Bushes(NamedTuple):
    """The bushes of one class, one row per origin: links, flows, topological orders."""

    in_bush: BoolArray
    bush_flow: FloatArray
    orders: IntArray
    n_order: IntArray
    links: IntArray
    n_links: IntArray


class LinkState(NamedTuple):
    """Flows on the network links, BPR times and derivatives at them, and the BPR parameters."""

    flow: FloatArray
    t: FloatArray
    dt: FloatArray
    t0: FloatArray
    cap: FloatArray
    alpha: FloatArray
    beta: FloatArray


class _Labels(NamedTuple):
    """Work arrays of a bush scan: shortest and longest path labels, their links, positions."""

    lab_l: FloatArray
    lab_u: FloatArray
    pred_l: IntArray
    pred_u: IntArray
    pos: IntArray


@numba.njit(cache=True, nogil=True, inline="always")
def _bpr(t0: float, cap: float, alpha: float, beta: float, x: float) -> tuple[float, float]:
    """BPR time and its derivative at flow ``x`` of one link."""
    if alpha == 0.0 or t0 == 0.0 or beta == 0.0:
        return (t0 * (1.0 + alpha) if beta == 0.0 else t0), 0.0
    r = x / cap if x > 0.0 else 0.0
    if beta == 4.0:
        p1 = r * r * r
        p = p1 * r
    elif beta == 1.0:
        p1 = 1.0
        p = r
    else:
        p = r**beta
        p1 = r ** (beta - 1.0) if r > 0.0 else 0.0
    return t0 * (1.0 + alpha * p), t0 * alpha * beta * p1 / cap


@numba.njit(cache=True, nogil=True)
def update_times(state: LinkState) -> None:  # pragma: no cover - compiled
    """BPR time and derivative of every link at its flow, into ``state.t`` and ``state.dt``."""
    flow, t, dt, t0, cap, alpha, beta = state
    for a in range(flow.size):
        t[a], dt[a] = _bpr(t0[a], cap[a], alpha[a], beta[a], flow[a])


@numba.njit(cache=True, nogil=True)
def _dijkstra(
    graph: BushGraph,
    t: FloatArray,
    pce: float,
    fixed: FloatArray,
    root: int,
    dist: FloatArray,
    pred: IntArray,
    heap_k: FloatArray,
    heap_v: IntArray,
    done: BoolArray,
    settled: IntArray,
) -> int:  # pragma: no cover - compiled
    """Shortest paths from ``root``; ``pred`` is the graph link into each node.

    Returns the number of settled nodes (their settling order in ``settled``).
    """
    out_ptr, _, _, _, g_head, g_link = graph
    n = out_ptr.size - 1
    for v in range(n):
        dist[v] = np.inf
        pred[v] = -1
        done[v] = False
    count = 0
    dist[root] = 0.0
    size = heap_push(heap_k, heap_v, 0, 0.0, root)
    while size > 0:
        key = heap_k[0]
        v = heap_v[0]
        size = heap_pop(heap_k, heap_v, size)
        if done[v]:
            continue
        done[v] = True
        settled[count] = v
        count += 1
        for g in range(out_ptr[v], out_ptr[v + 1]):
            a = g_link[g]
            cand = key + pce * t[a] + fixed[a]
            w = g_head[g]
            if cand < dist[w]:
                dist[w] = cand
                pred[w] = g
                size = heap_push(heap_k, heap_v, size, cand, w)
    return count


@numba.njit(cache=True, nogil=True)
def _build(
    root: int,
    graph: BushGraph,
    ib: BoolArray,
    indeg: IntArray,
    order: IntArray,
    links: IntArray,
) -> tuple[int, int]:  # pragma: no cover - compiled
    """Kahn's topological order of a bush and its links grouped by head in that order.

    Returns the numbers of ordered nodes and of links; nodes on a cycle are left out.
    """
    out_ptr, in_ptr, in_g, _, g_head, _ = graph
    m = g_head.size
    for g in range(m):
        if ib[g]:
            indeg[g_head[g]] += 1
    order[0] = root
    k = 1
    i = 0
    while i < k:
        v = order[i]
        i += 1
        for g in range(out_ptr[v], out_ptr[v + 1]):
            if ib[g]:
                h = g_head[g]
                indeg[h] -= 1
                if indeg[h] == 0:
                    order[k] = h
                    k += 1
    n_links = 0
    for i in range(1, k):
        v = order[i]
        for s in range(in_ptr[v], in_ptr[v + 1]):
            g = in_g[s]
            if ib[g]:
                links[n_links] = g
                n_links += 1
    for g in range(m):
        if ib[g]:
            indeg[g_head[g]] = 0
    return k, n_links


@numba.njit(cache=True, nogil=True)
def init_bushes(
    graph: BushGraph,
    t: FloatArray,
    pce: float,
    fixed: FloatArray,
    roots: IntArray,
    targets: IntArray,
    demand: FloatArray,
    bushes: Bushes,
) -> tuple[int, int]:  # pragma: no cover - compiled
    """Each origin's bush is its shortest-path tree at costs ``t``, carrying all its demand.

    Returns ``(-1, -1)``, or the row and zone of the first pair with demand but no path.
    """
    out_ptr, _, _, g_tail, g_head, _ = graph
    in_bush, bush_flow, orders, n_order, links, n_links = bushes
    n = out_ptr.size - 1
    m = g_head.size
    dist = np.empty(n)
    pred = np.empty(n, dtype=np.int64)
    done = np.empty(n, dtype=np.bool_)
    settled = np.empty(n, dtype=np.int64)
    heap_k = np.empty(m + 1)
    heap_v = np.empty(m + 1, dtype=np.int64)
    acc = np.zeros(n)
    indeg = np.zeros(n, dtype=np.int64)
    for r in range(roots.size):
        count = _dijkstra(graph, t, pce, fixed, roots[r], dist, pred, heap_k, heap_v, done, settled)
        ib = in_bush[r]
        bf = bush_flow[r]
        ib[:] = False
        bf[:] = 0.0
        for i in range(count):
            v = settled[i]
            if pred[v] >= 0:
                ib[pred[v]] = True
        for k in range(targets.size):
            if demand[r, k] > 0.0:
                if not done[targets[k]]:
                    return r, k
                acc[targets[k]] += demand[r, k]
        for i in range(count - 1, 0, -1):
            v = settled[i]
            if acc[v] != 0.0:
                g = pred[v]
                bf[g] += acc[v]
                acc[g_tail[g]] += acc[v]
                acc[v] = 0.0
        acc[roots[r]] = 0.0
        n_order[r], n_links[r] = _build(roots[r], graph, ib, indeg, orders[r], links[r])
    return -1, -1


@numba.njit(cache=True, nogil=True, inline="always")
def _reset(
    root: int, order: IntArray, count: int, labels: _Labels
) -> None:  # pragma: no cover - compiled
    """Labels of the ordered nodes to their starting values, positions to the order."""
    lab_l, lab_u, pred_l, pred_u, pos = labels
    for i in range(count):
        v = order[i]
        lab_l[v] = np.inf
        lab_u[v] = -np.inf
        pred_l[v] = -1
        pred_u[v] = -1
        pos[v] = i
    lab_l[root] = 0.0
    lab_u[root] = 0.0


@numba.njit(cache=True, nogil=True)
def _improve(
    r: int,
    root: int,
    graph: BushGraph,
    bushes: Bushes,
    t: FloatArray,
    pce: float,
    fixed: FloatArray,
    labels: _Labels,
    indeg: IntArray,
) -> int:  # pragma: no cover - compiled
    """Drop unused links (but keep the bush's shortest-path tree), add shortcuts, re-order.

    A link ``i → j`` joins when it shortens the longest bush path to ``j`` (Dial's rule), or
    the shortest one while going forward in the order by (longest-path label, position): every
    old and new link goes forward in that one order, so the bush stays acyclic. Returns the
    number of links added, or -1 if the bush lost a node (a cycle: a bug).
    """
    _, _, _, g_tail, g_head, g_link = graph
    in_bush, bush_flow, orders, n_order, links, n_links = bushes
    lab_l, lab_u, pred_l, _, pos = labels
    ib = in_bush[r]
    bf = bush_flow[r]
    order = orders[r]
    lst = links[r]
    m = g_head.size
    count = n_order[r]
    nl = n_links[r]
    _reset(root, order, count, labels)
    for s in range(nl):
        g = lst[s]
        a = g_link[g]
        cand = lab_l[g_tail[g]] + pce * t[a] + fixed[a]
        v = g_head[g]
        if cand < lab_l[v]:
            lab_l[v] = cand
            pred_l[v] = g
    kept = 0
    for s in range(nl):
        g = lst[s]
        if bf[g] <= 0.0 and pred_l[g_head[g]] != g:
            ib[g] = False
            bf[g] = 0.0
        else:
            lst[kept] = g
            kept += 1
    for s in range(kept):
        g = lst[s]
        a = g_link[g]
        cand = lab_u[g_tail[g]] + pce * t[a] + fixed[a]
        v = g_head[g]
        if cand > lab_u[v]:
            lab_u[v] = cand
    added = 0
    for g in range(m):
        if ib[g]:
            continue
        tl = g_tail[g]
        hd = g_head[g]
        if pos[tl] < 0 or pos[hd] < 0:
            continue
        a = g_link[g]
        c = pce * t[a] + fixed[a]
        u = lab_u[tl]
        if u + c < lab_u[hd] or (
            lab_l[tl] + c < lab_l[hd] and (u < lab_u[hd] or (u == lab_u[hd] and pos[tl] < pos[hd]))
        ):
            ib[g] = True
            added += 1
    for i in range(count):
        pos[order[i]] = -1
    new_count, new_nl = _build(root, graph, ib, indeg, order, lst)
    if new_count != count:
        return -1
    n_links[r] = new_nl
    return added


class _LinkCosts(NamedTuple):
    """What one class pays on the links, at the shared link flows (``pce * t + fixed``).

    ``g_link`` maps the class's graph links to network links; ``t0``, ``cap``, ``alpha``,
    ``beta`` are the BPR parameters of the network links and ``flow`` their current flows.
    """

    g_link: IntArray
    flow: FloatArray
    t0: FloatArray
    cap: FloatArray
    alpha: FloatArray
    beta: FloatArray
    pce: float
    fixed: FloatArray


@numba.njit(cache=True, nogil=True)
def _pair_difference(
    shift: float, seg_long: IntArray, seg_short: IntArray, lc: _LinkCosts
) -> tuple[float, float]:  # pragma: no cover - compiled
    """Long minus short segment cost, and its slope's magnitude, after moving ``shift``."""
    diff = 0.0
    slope = 0.0
    for g in seg_long:
        a = lc.g_link[g]
        x = max(lc.flow[a] - lc.pce * shift, 0.0)
        time, rate = _bpr(lc.t0[a], lc.cap[a], lc.alpha[a], lc.beta[a], x)
        diff += lc.pce * time + lc.fixed[a]
        slope += rate
    for g in seg_short:
        a = lc.g_link[g]
        x = lc.flow[a] + lc.pce * shift
        time, rate = _bpr(lc.t0[a], lc.cap[a], lc.alpha[a], lc.beta[a], x)
        diff -= lc.pce * time + lc.fixed[a]
        slope += rate
    return diff, slope * lc.pce * lc.pce


@numba.njit(cache=True, nogil=True)
def _safeguard(
    shift: float, seg_long: IntArray, seg_short: IntArray, lc: _LinkCosts, diff0: float
) -> float:  # pragma: no cover - compiled
    """Return the Newton step, or where it overshoots a safeguarded root.

    Where the step overshoots (the short segment ends up dearer), the root of the cost difference
    on ``[0, shift]`` by safeguarded Newton (steep volume-delay curves, e.g. BPR powers of 6, make
    the first step overshoot and bushes trade flow back and forth).
    """
    diff, slope = _pair_difference(shift, seg_long, seg_short, lc)
    if diff >= -1e-12 * diff0:
        return shift
    lo, hi = 0.0, shift
    step = shift
    for _ in range(30):
        if diff > 0.0:
            lo = step
        else:
            hi = step
        newton = step + diff / slope if slope > 0.0 else -1.0
        step = newton if lo < newton < hi else 0.5 * (lo + hi)
        diff, slope = _pair_difference(step, seg_long, seg_short, lc)
        if abs(diff) <= 1e-12 * diff0 or hi - lo <= 1e-15 * shift:
            break
    return step


@numba.njit(cache=True, nogil=True)
def _shift_flows(  # noqa: C901 - one compiled loop: the walk, Newton step and update share state
    r: int,
    root: int,
    graph: BushGraph,
    bushes: Bushes,
    tol: float,
    state: LinkState,
    pce: float,
    fixed: FloatArray,
    labels: _Labels,
    seg_long: IntArray,
    seg_short: IntArray,
) -> float:  # pragma: no cover - compiled
    """One pass of Newton flow shifts, last node first.

    At each node, from the longest used path to the shortest path, between the node and the last
    node both paths share.

    Returns the largest relative cost difference of such a pair of segments.
    """
    _, _, _, g_tail, g_head, g_link = graph
    flow, t, dt, t0, cap, alpha, beta = state
    _, bush_flow, orders, n_order, links, n_links = bushes
    lab_l, lab_u, pred_l, pred_u, pos = labels
    bf = bush_flow[r]
    order = orders[r]
    count = n_order[r]
    lst = links[r]
    nl = n_links[r]
    _reset(root, order, count, labels)
    costs = _LinkCosts(g_link, flow, t0, cap, alpha, beta, pce, fixed)
    for s in range(nl):
        g = lst[s]
        a = g_link[g]
        c = pce * t[a] + fixed[a]
        tl = g_tail[g]
        v = g_head[g]
        cand = lab_l[tl] + c
        if cand < lab_l[v]:
            lab_l[v] = cand
            pred_l[v] = g
        if bf[g] > 0.0:
            cand = lab_u[tl] + c
            if cand > lab_u[v]:
                lab_u[v] = cand
                pred_u[v] = g
    worst = 0.0
    for i in range(count - 1, 0, -1):
        j = order[i]
        gu = pred_u[j]
        gl = pred_l[j]
        if gu < 0 or gu == gl or not lab_u[j] > lab_l[j]:
            continue
        n_long = 1
        n_short = 1
        seg_long[0] = gu
        seg_short[0] = gl
        a_node = g_tail[gu]
        b_node = g_tail[gl]
        ok = True
        while a_node != b_node:  # walk both paths back to the last node they share
            if pos[a_node] > pos[b_node]:
                g = pred_u[a_node]
                if g < 0:
                    ok = False
                    break
                seg_long[n_long] = g
                n_long += 1
                a_node = g_tail[g]
            else:
                g = pred_l[b_node]
                seg_short[n_short] = g
                n_short += 1
                b_node = g_tail[g]
        if not ok:
            continue
        c_long = 0.0
        d_sum = 0.0
        most = np.inf
        for s in range(n_long):
            g = seg_long[s]
            a = g_link[g]
            c_long += pce * t[a] + fixed[a]
            d_sum += dt[a]
            most = min(most, bf[g])
        c_short = 0.0
        for s in range(n_short):
            a = g_link[seg_short[s]]
            c_short += pce * t[a] + fixed[a]
            d_sum += dt[a]
        diff = c_long - c_short
        if not (diff > 0.0 and most > 0.0):
            continue
        worst = max(worst, diff / c_long)
        d_sum *= pce * pce
        shift = min(diff / d_sum, most) if d_sum > 0.0 else most
        shift = _safeguard(shift, seg_long[:n_long], seg_short[:n_short], costs, diff)
        for s in range(n_long):
            g = seg_long[s]
            a = g_link[g]
            left = bf[g] - shift
            if left <= tol:  # emptied: what is left is rounding
                flow[a] -= pce * bf[g]
                bf[g] = 0.0
            else:
                bf[g] = left
                flow[a] -= pce * shift
            flow[a] = max(flow[a], 0.0)
            t[a], dt[a] = _bpr(t0[a], cap[a], alpha[a], beta[a], flow[a])
        for s in range(n_short):
            g = seg_short[s]
            bf[g] += shift
            a = g_link[g]
            flow[a] += pce * shift
            t[a], dt[a] = _bpr(t0[a], cap[a], alpha[a], beta[a], flow[a])
    for i in range(count):
        pos[order[i]] = -1
    return worst


@numba.njit(cache=True, nogil=True)
def sweep(
    graph: BushGraph,
    roots: IntArray,
    volume: FloatArray,
    bushes: Bushes,
    state: LinkState,
    pce: float,
    fixed: FloatArray,
    improve: bool,
    passes: int,
    spread: FloatArray,
    skip_below: float,
) -> int:  # pragma: no cover - compiled
    """Every bush of one class in turn: improve it (optional), then ``passes`` shift passes.

    ``spread[r]`` keeps the largest relative cost difference the last pass met in bush ``r``;
    shift-only sweeps skip bushes whose spread is below ``skip_below``. Returns the number of
    links added to bushes, or -1 if a bush became cyclic (a bug).
    """
    n = graph.out_ptr.size - 1
    indeg = np.zeros(n, dtype=np.int64)
    labels = _Labels(
        lab_l=np.empty(n),
        lab_u=np.empty(n),
        pred_l=np.empty(n, dtype=np.int64),
        pred_u=np.empty(n, dtype=np.int64),
        pos=np.full(n, -1, dtype=np.int64),
    )
    seg_long = np.empty(n, dtype=np.int64)
    seg_short = np.empty(n, dtype=np.int64)
    added = 0
    for r in range(roots.size):
        root = roots[r]
        if not improve and spread[r] < skip_below:
            continue
        if improve:
            more = _improve(r, root, graph, bushes, state.t, pce, fixed, labels, indeg)
            if more < 0:
                return -1
            added += more
        for _ in range(passes):
            spread[r] = _shift_flows(
                r, root, graph, bushes, RESIDUE * volume[r], state, pce, fixed, labels, seg_long,
                seg_short,
            )  # fmt: skip
    return added
