"""Bush-based user equilibrium (Dial's Algorithm B): link flows to relative gaps of 1e-10 and below.

Frank-Wolfe-type methods (:func:`~eurasia.corridors.assignment.equilibrium.assign` with ``"bfw"``)
stall near gaps of 1e-5 to 1e-6. A bush-based method keeps, for every origin, an acyclic subgraph
(its *bush*) and that origin's flow on each of its links, and moves flow inside the bush from its
longest used path to its shortest path, node by node, with a Newton step on the pair of path
segments (Dial 2006, "A path-based user-equilibrium traffic assignment algorithm that obviates
path storage and enumeration", Transportation Research B 40). Bushes grow by shortcuts and drop
links that carry none of their origin's flow. Convergence is fast and keeps going to the limits of
double precision; the relative gap of every iteration is measured against true shortest paths
(not the bushes'), so it is the same gap :func:`assign` reports.

Same model as the Frank-Wolfe solvers: classes (:class:`TrafficClass`: demand, toll and distance
factors, PCE, allowed links, extra costs) share link capacity; the first-through-node rule (a
source copy for each no-through node, so a centroid relays no trips) and capacity-limited nodes
(modelled as links by :func:`with_node_capacities`) come with the network.

Examples
--------
>>> from eurasia.corridors.assignment.network import AssignmentNetwork
>>> net = AssignmentNetwork.from_arrays(
...     n_nodes=2, tail=[0, 0], head=[1, 1], free_flow_time=[10.0, 15.0],
...     capacity=[10.0, 10.0], alpha=[1.0, 1.0], beta=[1.0, 1.0], zones=[0, 1])
>>> res = assign_bush(net, [[0.0, 10.0], [0.0, 0.0]], relative_gap=1e-12)
>>> res.total_flow.round(9).tolist(), res.converged, res.relative_gap <= 1e-12
([8.0, 2.0], True, True)
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from eurasia.corridors.assignment import bush_kernels as kernels
from eurasia.corridors.assignment.equilibrium import (
    AssignmentResult,
    IterationRecord,
    TrafficClass,
    _Class,
    _classes_from,
    check_stopping,
)
from eurasia.corridors.assignment.loading import load_class, resolve_threads
from eurasia.corridors.assignment.network import AssignmentNetwork
from eurasia.corridors.graph.types import FloatArray, IntArray
from eurasia.errors import DataError, EurasiaError, NoRouteError

__all__ = ["DEFAULT_INNER_PASSES", "DEFAULT_SKIP", "assign_bush"]


#: Shift-only sweeps after each sweep that also improves the bushes, and the share of the current
#: relative gap below which a bush's largest relative path-cost spread lets those sweeps skip it.
#: Estimate: chosen from runs on Sioux Falls, Anaheim and Winnipeg (4, 8 and 16 sweeps; skipping
#: at 0, 0.01 and 0.05 of the gap), EMA and the synthetic grids of the benchmark out of sample.
DEFAULT_INNER_PASSES = 16
DEFAULT_SKIP = 0.05


@dataclass
class _Bushes:
    """The bushes of one class and the graph they live on."""

    graph: kernels.BushGraph
    origins: IntArray
    roots: IntArray
    targets: IntArray
    demand: FloatArray
    volume: FloatArray
    spread: FloatArray
    pce: float
    fixed: FloatArray
    bushes: kernels.Bushes

    @classmethod
    def build(cls, c: _Class) -> _Bushes:
        f = c.forest
        head = np.ascontiguousarray(f.csr_head, dtype=np.int64)
        in_ptr = np.zeros(f.n_graph + 1, dtype=np.int64)
        np.cumsum(np.bincount(head, minlength=f.n_graph), out=in_ptr[1:])
        origins = np.flatnonzero(c.demand.sum(axis=1) > 0)
        demand = np.ascontiguousarray(c.demand[origins])
        rows, m = origins.size, head.size
        return cls(
            graph=kernels.BushGraph(
                out_ptr=np.ascontiguousarray(f.indptr64, dtype=np.int64),
                in_ptr=in_ptr,
                in_g=np.argsort(head, kind="stable").astype(np.int64),
                g_tail=np.ascontiguousarray(f.csr_tail, dtype=np.int64),
                g_head=head,
                g_link=np.ascontiguousarray(f.csr_link, dtype=np.int64),
            ),
            origins=origins,
            roots=np.ascontiguousarray(f.sources[origins], dtype=np.int64),
            targets=np.ascontiguousarray(f.targets, dtype=np.int64),
            demand=demand,
            volume=demand.sum(axis=1),
            spread=np.full(rows, np.inf),
            pce=float(c.pce),
            fixed=np.ascontiguousarray(c.fixed, dtype=np.float64),
            bushes=kernels.Bushes(
                in_bush=np.zeros((rows, m), dtype=np.bool_),
                bush_flow=np.zeros((rows, m)),
                orders=np.zeros((rows, f.n_graph), dtype=np.int64),
                n_order=np.zeros(rows, dtype=np.int64),
                links=np.zeros((rows, m), dtype=np.int64),
                n_links=np.zeros(rows, dtype=np.int64),
            ),
        )

    def origin_flow(self, n_links: int) -> FloatArray:
        """Flow of this class on every network link, one row per origin of ``origins``."""
        out = np.zeros((self.origins.size, n_links))
        for row in range(self.origins.size):
            out[row] = np.bincount(
                self.graph.g_link, weights=self.bushes.bush_flow[row], minlength=n_links
            )
        return out

    def class_flow(self, n_links: int) -> FloatArray:
        """Flow of this class on every network link."""
        on_graph = self.bushes.bush_flow.sum(axis=0)
        g_link = self.graph.g_link
        return np.bincount(g_link, weights=on_graph, minlength=n_links).astype(np.float64)


def assign_bush(
    network: AssignmentNetwork,
    demand: npt.ArrayLike | Sequence[TrafficClass],
    *,
    relative_gap: float | None = 1e-10,
    aec: float | None = None,
    max_iterations: int = 1000,
    inner_passes: int = DEFAULT_INNER_PASSES,
    time_limit: float | None = None,
    progress: Callable[[IterationRecord], None] | None = None,
    skip: float = DEFAULT_SKIP,
    threads: int | None = None,
) -> AssignmentResult:
    """User-equilibrium link flows by Dial's Algorithm B.

    Parameters
    ----------
    network
        Links, BPR parameters and zones (as for :func:`assign`).
    demand
        One OD matrix, or a sequence of :class:`TrafficClass`.
    relative_gap, aec
        Stop once every given target is met; gaps down to about 1e-13 are reachable in double
        precision (``None`` disables a criterion).
    max_iterations
        Upper bound on iterations; one iteration improves every bush, shifts flow in it, then
        sweeps every bush ``inner_passes`` more times shifting flow only.
    inner_passes
        Shift-only sweeps per iteration (>= 0).
    skip
        Shift-only sweeps pass over a bush whose last pass found no pair of path segments
        differing by more than ``skip × relative gap`` of their cost (0: never skip).
    threads
        Threads of the shortest-path loads that measure the gap (default: CPU count); the
        bush updates themselves run on one thread, origin after origin.
    time_limit
        Stop after this many seconds (``None``: no limit); the result says it did not converge.
    progress
        Called with each iteration's :class:`IterationRecord` as soon as its gap is known.

    Returns
    -------
    AssignmentResult
        Method ``"b"``: flows per class, objective, signed relative gap and AEC, history.

    Raises
    ------
    DataError
        On a bad stopping rule, class or matrix.
    NoRouteError
        If some OD pair with demand has no path.

    Examples
    --------
    Braess's network: every route costs 92 at equilibrium.

    >>> from eurasia.corridors.assignment.network import AssignmentNetwork
    >>> braess = AssignmentNetwork.from_arrays(n_nodes=4, tail=[0, 0, 2, 2, 3],
    ...     head=[2, 3, 1, 3, 1], free_flow_time=[1e-8, 50.0, 50.0, 10.0, 1e-8],
    ...     capacity=1.0, alpha=[1e9, 0.02, 0.02, 0.1, 1e9], beta=1.0, zones=[0, 1])
    >>> res = assign_bush(braess, [[0, 6.0], [0, 0]], relative_gap=1e-12)
    >>> res.total_flow.round(6).tolist(), res.method
    ([4.0, 2.0, 2.0, 2.0, 4.0], 'b')
    """
    check_stopping(relative_gap=relative_gap, aec=aec, max_iterations=max_iterations)
    if inner_passes < 0:
        msg = f"inner_passes must be >= 0, got {inner_passes}"
        raise DataError(msg)
    if not (math.isfinite(skip) and skip >= 0):
        msg = f"skip must be a finite number >= 0, got {skip}"
        raise DataError(msg)
    if time_limit is not None and not time_limit > 0:
        msg = f"time_limit must be > 0 seconds or None, got {time_limit}"
        raise DataError(msg)
    started = time.perf_counter()
    classes = _classes_from(network, demand)
    vdf = network.vdf
    m = network.n_links
    t0 = np.ascontiguousarray(vdf.free_flow_time, dtype=np.float64)
    state = kernels.LinkState(
        flow=np.zeros(m),
        t=t0.copy(),
        dt=np.zeros(m),
        t0=t0,
        cap=np.ascontiguousarray(np.where(vdf.alpha > 0, vdf.capacity, 1.0), dtype=np.float64),
        alpha=np.ascontiguousarray(vdf.alpha, dtype=np.float64),
        beta=np.ascontiguousarray(vdf.beta, dtype=np.float64),
    )
    flow, t = state.flow, state.t
    bushes = [_Bushes.build(c) for c in classes]
    labels = network.node_labels[network.zones]
    n_threads = resolve_threads(threads)
    for b in bushes:
        row, zone = kernels.init_bushes(
            b.graph, t, b.pce, b.fixed, b.roots, b.targets, b.demand, b.bushes
        )
        if row >= 0:
            o = int(b.origins[row])
            msg = (
                f"no path from zone {labels[o]} to zone {labels[zone]} "
                f"(demand {b.demand[row, zone]:g}) on the links this class may use"
            )
            raise NoRouteError(msg)
    total_demand = sum(c.total for c in classes)

    def refresh() -> list[FloatArray]:
        """Link flows from the bushes (no drift from the shifts), and times at them."""
        x = [b.class_flow(m) for b in bushes]
        flow[:] = np.sum([b.pce * f for b, f in zip(bushes, x, strict=True)], axis=0)
        kernels.update_times(state)
        return x

    history: list[IterationRecord] = []
    gap = gap_aec = math.inf
    converged = False
    x = refresh()
    for iteration in range(1, max_iterations + 1):
        tick = time.perf_counter()
        spc = 0.0
        tstt = 0.0
        for c, b, f in zip(classes, bushes, x, strict=True):
            cost = b.pce * t + b.fixed
            spc += load_class(  # true shortest paths, not the bushes': an honest gap
                c.forest, cost, c.demand, engine="numba", threads=n_threads, zone_labels=labels
            )[1]
            tstt += float(np.multiply(cost, f).sum())
        excess = tstt - spc
        gap = excess / tstt if tstt > 0 else 0.0
        gap_aec = excess / total_demand if total_demand > 0 else 0.0
        fixed = sum(float(np.multiply(b.fixed, f).sum()) for b, f in zip(bushes, x, strict=True))
        objective = float(vdf.integral(flow).sum()) + fixed
        known = time.perf_counter() - started
        converged = (relative_gap is not None or aec is not None) and (
            (relative_gap is None or gap <= relative_gap) and (aec is None or gap_aec <= aec)
        )
        out_of_time = time_limit is not None and known >= time_limit
        if not (converged or out_of_time or iteration == max_iterations):
            for improve in [True] + [False] * inner_passes:
                for b in bushes:
                    added = kernels.sweep(
                        b.graph, b.roots, b.volume, b.bushes, state, b.pce, b.fixed, improve, 1,
                        b.spread, skip * gap,
                    )  # fmt: skip
                    if added < 0:  # pragma: no cover - would be a bug in the bush rules
                        msg = "assign_bush: a bush became cyclic"
                        raise EurasiaError(msg)
            x = refresh()
        record = IterationRecord(
            iteration, gap, gap_aec, objective, 0.0, "bush", time.perf_counter() - tick, known
        )
        history.append(record)
        if progress is not None:
            progress(record)
        if converged or out_of_time:
            break
    return AssignmentResult(
        method="b",
        class_names=tuple(c.name for c in classes),
        class_flow=np.vstack(x),
        total_flow=flow.copy(),
        link_time=vdf.time(flow),
        objective=history[-1].objective,
        relative_gap=gap,
        aec=gap_aec,
        iterations=len(history),
        converged=bool(converged),
        history=history,
        seconds=time.perf_counter() - started,
        origin_flow=[(b.origins, b.origin_flow(m)) for b in bushes],
    )
