"""Static user-equilibrium assignment: all-or-nothing, MSA, Frank-Wolfe, conjugate and bi-conjugate FW.

Demand comes as one OD matrix or several :class:`TrafficClass` (e.g. containers and bulk), each with
its own OD matrix, generalized-cost weights and allowed links; links shared by classes congest on
their combined flow. The network and all-or-nothing loading live in
:mod:`eurasia.corridors.assignment.loading`.

* **Cost** of link ``a`` for class ``c``: ``pce_c * t_a(X_a) + toll_factor_c * toll_a +
  distance_factor_c * length_a`` (TNTP's generalized cost), where ``X = Σ_c pce_c x_c`` and ``t`` is
  the BPR function (:mod:`eurasia.corridors.assignment.vdf`).
* **Objective** (Beckmann): ``Σ_a ∫_0^{X_a} t_a + Σ_c Σ_a (toll_factor_c toll_a + distance_factor_c
  length_a) x_ca``; its minimum is the user equilibrium.
* **Relative gap**: ``(Σ_c cost_c·x_c − Σ_c Σ_od demand·shortest cost) / Σ_c cost_c·x_c``;
  **average excess cost** (AEC): the same numerator divided by total demand.
* **Directions**: FW steps toward the all-or-nothing point; CFW and BFW (Mitradjieva & Lindberg
  2013) combine it with the previous one or two targets so that successive directions are
  conjugate under the diagonal Hessian of the objective; the step is an exact line search.

Examples
--------
Two parallel routes, 10 units of demand: the equilibrium splits the flow so that both cost the same.

>>> net = AssignmentNetwork.from_arrays(
...     n_nodes=2, tail=[0, 0], head=[1, 1], free_flow_time=[10.0, 15.0],
...     capacity=[10.0, 10.0], alpha=[1.0, 1.0], beta=[1.0, 1.0], zones=[0, 1])
>>> res = assign(net, np.array([[0.0, 10.0], [0.0, 0.0]]), method="bfw", relative_gap=1e-9)
>>> res.total_flow.round(6).tolist(), res.converged
([8.0, 2.0], True)
>>> res.link_time.round(6).tolist()
[18.0, 18.0]
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

from eurasia.corridors.assignment.loading import (
    Engine,
    ShortestPathForest,
    all_or_nothing,
    check_allowed,
    check_demand,
    load_class,
    resolve_threads,
)
from eurasia.corridors.assignment.network import (
    AssignmentNetwork,
    NodeCapacity,
    with_node_capacities,
)
from eurasia.corridors.assignment.vdf import BPR
from eurasia.corridors.graph.types import BoolArray, FloatArray, IntArray
from eurasia.corridors.io.tntp import TntpFlows
from eurasia.errors import DataError

__all__ = [
    "METHODS",
    "AssignmentNetwork",
    "AssignmentResult",
    "IterationRecord",
    "NodeCapacity",
    "TrafficClass",
    "all_or_nothing",
    "assign",
    "evaluate_flows",
    "result_to_tntp_flows",
    "with_node_capacities",
]

Method = Literal["aon", "msa", "fw", "cfw", "bfw", "b"]

#: Assignment methods: all-or-nothing, method of successive averages, Frank-Wolfe, conjugate and
#: bi-conjugate Frank-Wolfe (Mitradjieva & Lindberg 2013), and bush-based Algorithm B (Dial 2006,
#: :mod:`eurasia.corridors.assignment.bush`).
METHODS: tuple[str, ...] = ("aon", "msa", "fw", "cfw", "bfw", "b")

_CONJUGATE_MAX = 1.0 - 1e-5  # keep conjugate weights away from 1 (M&L's delta)


# --------------------------------------------------------------------------- classes and results


@dataclass(frozen=True)
class TrafficClass:
    """One class of demand (e.g. containers or bulk) with its own cost weights.

    Attributes
    ----------
    name
        Label used in reports.
    demand
        ``n_zones x n_zones`` OD matrix (intra-zonal entries are ignored).
    toll_factor, distance_factor
        Weights of link toll and length in generalized cost (TNTP's factors).
    pce
        Capacity units one unit of this class occupies (1 when classes share a unit).
    allowed
        Per link: ``True`` where this class may travel; every link when ``None``.
    extra_cost
        Per link: a further fixed cost (same unit as time) this class perceives, e.g. a
        calibrated penalty, or a discount (negative) no larger than the link's toll and distance
        cost, so the class's fixed cost stays >= 0; none when ``None``.
    """

    name: str
    demand: FloatArray
    toll_factor: float = 0.0
    distance_factor: float = 0.0
    pce: float = 1.0
    allowed: BoolArray | None = None
    extra_cost: FloatArray | None = None


@dataclass(frozen=True)
class IterationRecord:
    """Convergence measures of one iteration (at the flows it started from).

    ``seconds`` is the iteration's own wall time; ``elapsed`` counts from the start of the run
    (set-up and the initial all-or-nothing load included) to the moment the gap was known.
    """

    iteration: int
    relative_gap: float
    aec: float
    objective: float
    step: float
    direction: str
    seconds: float
    elapsed: float


@dataclass
class AssignmentResult:
    """Equilibrium (or stopped) link flows and how far from equilibrium they are.

    Attributes
    ----------
    method
        Algorithm used.
    class_names
        Class labels, in the order of ``class_flow`` rows.
    class_flow
        ``n_classes x n_links`` flows.
    total_flow
        Capacity-unit flow ``Σ_c pce_c x_c`` per link.
    link_time
        BPR travel time at ``total_flow``.
    objective
        Beckmann objective at these flows.
    relative_gap, aec
        Gap measures at these flows.
    iterations
        Iterations run (each one all-or-nothing load).
    converged
        Whether every requested stopping criterion was met.
    history
        One :class:`IterationRecord` per iteration (the gap trajectory).
    seconds
        Wall time of the whole run.
    origin_flow
        Per class, ``(origins, flows)``: the origin zones and their ``n_origins x n_links``
        flows, where the solver keeps flows by origin (method ``b``); ``None`` otherwise.
    """

    method: str
    class_names: tuple[str, ...]
    class_flow: FloatArray
    total_flow: FloatArray
    link_time: FloatArray
    objective: float
    relative_gap: float
    aec: float
    iterations: int
    converged: bool
    history: list[IterationRecord] = field(default_factory=list)
    seconds: float = 0.0
    origin_flow: list[tuple[IntArray, FloatArray]] | None = None

    @property
    def seconds_per_iteration(self) -> float:
        """Mean wall time of one iteration."""
        return self.seconds / max(self.iterations, 1)


# --------------------------------------------------------------------------- equilibrium


@dataclass
class _Class:
    name: str
    demand: FloatArray
    fixed: FloatArray
    pce: float
    forest: ShortestPathForest
    total: float


def _prepare_classes(network: AssignmentNetwork, classes: Sequence[TrafficClass]) -> list[_Class]:
    if not classes:
        msg = "assign: at least one traffic class (or an OD matrix) is required"
        raise DataError(msg)
    out = []
    forests: dict[bytes, ShortestPathForest] = {}
    names = [c.name for c in classes]
    if len(set(names)) != len(names):
        msg = f"traffic classes need distinct names, got {names}"
        raise DataError(msg)
    for c in classes:
        where = f"class {c.name!r}"
        for label, value in (
            ("toll_factor", c.toll_factor),
            ("distance_factor", c.distance_factor),
        ):
            if not (math.isfinite(value) and value >= 0):
                msg = f"{where}: {label} must be finite and >= 0, got {value}"
                raise DataError(msg)
        if not (math.isfinite(c.pce) and c.pce > 0):
            msg = f"{where}: pce must be > 0, got {c.pce}"
            raise DataError(msg)
        demand = check_demand(network, c.demand, where=f"{where} demand")
        mask = None if c.allowed is None else check_allowed(network, c.allowed, where=where)
        key = b"" if mask is None else np.packbits(mask).tobytes()
        if key not in forests:
            forests[key] = ShortestPathForest(network, mask)
        fixed = c.toll_factor * network.toll + c.distance_factor * network.length
        if c.extra_cost is not None:
            extra = np.asarray(c.extra_cost, dtype=np.float64).ravel()
            ok = extra.shape == (network.n_links,) and bool(np.all(np.isfinite(extra)))
            if not ok or not np.all(fixed + extra >= -1e-9 * (1.0 + np.abs(fixed))):
                msg = (
                    f"{where}: extra_cost needs {network.n_links} finite values, none below "
                    "minus the link's toll and distance cost"
                )
                raise DataError(msg)
            fixed = np.maximum(fixed + extra, 0.0)
        if mask is not None:
            fixed = np.where(mask, fixed, 0.0)
        out.append(_Class(c.name, demand, fixed, c.pce, forests[key], float(demand.sum())))
    return out


def check_stopping(*, relative_gap: float | None, aec: float | None, max_iterations: int) -> None:
    """Check stopping targets (each a finite number >= 0, or ``None``) and the iteration cap.

    Raises
    ------
    DataError
        Naming the bad option.

    Examples
    --------
    >>> check_stopping(relative_gap=-1.0, aec=None, max_iterations=10)
    Traceback (most recent call last):
    ...
    eurasia.errors.DataError: relative_gap must be a finite number >= 0 or None, got -1.0
    """
    for label, goal in (("relative_gap", relative_gap), ("aec", aec)):
        if goal is not None and not (math.isfinite(goal) and goal >= 0):
            msg = f"{label} must be a finite number >= 0 or None, got {goal}"
            raise DataError(msg)
    if max_iterations < 1:
        msg = f"max_iterations must be >= 1, got {max_iterations}"
        raise DataError(msg)


def _dot(a: FloatArray, b: FloatArray) -> float:
    """Inner product without BLAS: multithreaded BLAS threads spin and slow the loading threads."""
    return float(np.multiply(a, b).sum())


def _line_search(vdf: BPR, flow: FloatArray, direction: FloatArray, fixed_slope: float) -> float:
    """Exact step on [0, 1] minimising the objective along ``direction`` (safeguarded Newton)."""

    def slope(step: float) -> float:
        return _dot(vdf.time(flow + step * direction), direction) + fixed_slope

    lo, hi = 0.0, 1.0
    g_lo = slope(0.0)
    if g_lo >= 0.0:
        return 0.0
    if slope(1.0) <= 0.0:
        return 1.0
    step = 0.5
    for _ in range(60):
        g = slope(step)
        if g > 0:
            hi = step
        else:
            lo = step
        if hi - lo < 1e-13 or abs(g) <= 1e-13 * abs(g_lo):
            break
        curvature = _dot(vdf.derivative(flow + step * direction), direction * direction)
        newton = step - g / curvature if curvature > 0 else -1.0
        step = newton if lo < newton < hi else 0.5 * (lo + hi)
    return step


def assign(
    network: AssignmentNetwork,
    demand: npt.ArrayLike | Sequence[TrafficClass],
    *,
    method: Method = "bfw",
    relative_gap: float | None = 1e-4,
    aec: float | None = None,
    max_iterations: int = 500,
    engine: Engine = "numba",
    threads: int | None = None,
) -> AssignmentResult:
    """User-equilibrium link flows by a Frank-Wolfe-type method.

    Parameters
    ----------
    network
        Links, BPR parameters and zones.
    demand
        One OD matrix (a single class with zero toll and distance factors) or a sequence of
        :class:`TrafficClass`.
    method
        ``"aon"`` (one all-or-nothing load at free-flow cost), ``"msa"`` (step ``1/k``), ``"fw"``
        (Frank-Wolfe with exact line search), ``"cfw"`` (conjugate FW) or ``"bfw"`` (bi-conjugate
        FW, Mitradjieva & Lindberg 2013; falls back to FW when a conjugate direction does not
        descend) or ``"b"`` (Dial's Algorithm B, to gaps of 1e-10 and below:
        :func:`~eurasia.corridors.assignment.bush.assign_bush`; ``engine`` and ``threads`` do
        not apply).
    relative_gap, aec
        Stop once every given target is met (``None`` disables a criterion; with both ``None`` the
        run lasts ``max_iterations``).
    max_iterations
        Upper bound on iterations.
    engine
        ``"numba"``, ``"scipy"`` or ``"numpy"`` shortest paths and loading (see
        :func:`~eurasia.corridors.assignment.loading.all_or_nothing`).
    threads
        Threads for shortest-path batches (default: CPU count).

    Returns
    -------
    AssignmentResult
        Flows, link times, objective, gaps and the per-iteration history.

    Raises
    ------
    DataError
        On a bad method, stopping rule, class or matrix.
    NoRouteError
        If some OD pair with demand has no path.

    Examples
    --------
    Braess: adding the middle link makes everyone slower (83 → 92 per trip).

    >>> braess = AssignmentNetwork.from_arrays(n_nodes=4, tail=[0, 0, 2, 2, 3],
    ...     head=[2, 3, 1, 3, 1], free_flow_time=[1e-8, 50.0, 50.0, 10.0, 1e-8],
    ...     capacity=1.0, alpha=[1e9, 0.02, 0.02, 0.1, 1e9], beta=1.0, zones=[0, 1])
    >>> res = assign(braess, [[0, 6.0], [0, 0]], relative_gap=1e-10)
    >>> res.total_flow.round(4).tolist()
    [4.0, 2.0, 2.0, 2.0, 4.0]
    """
    if method not in METHODS:
        msg = f"method must be one of {', '.join(METHODS)}; got {method!r}"
        raise DataError(msg)
    check_stopping(relative_gap=relative_gap, aec=aec, max_iterations=max_iterations)
    if method == "b":
        from eurasia.corridors.assignment.bush import assign_bush  # imports this module

        return assign_bush(
            network, demand, relative_gap=relative_gap, aec=aec, max_iterations=max_iterations
        )
    classes = _classes_from(network, demand)
    n_threads = resolve_threads(threads)
    labels = network.node_labels[network.zones]
    vdf = network.vdf
    total_demand = sum(c.total for c in classes)
    started = time.perf_counter()

    def aon(link_time: FloatArray) -> tuple[list[FloatArray], float]:
        flows, spc = [], 0.0
        for c in classes:
            f, s = load_class(
                c.forest,
                c.pce * link_time + c.fixed,
                c.demand,
                engine=engine,
                threads=n_threads,
                zone_labels=labels,
            )
            flows.append(f)
            spc += s
        return flows, spc

    def combine(class_flows: Sequence[FloatArray]) -> FloatArray:
        total: FloatArray = np.sum(
            [c.pce * f for c, f in zip(classes, class_flows, strict=True)], axis=0
        )
        return total

    def objective(x: list[FloatArray], total: FloatArray) -> float:
        fixed = sum(_dot(c.fixed, f) for c, f in zip(classes, x, strict=True))
        return float(vdf.integral(total).sum()) + fixed

    x, _ = aon(vdf.free_flow_time)
    history: list[IterationRecord] = []
    s1: list[FloatArray] | None = None  # previous target point s_{k-1}
    s2: list[FloatArray] | None = None  # the one before, s_{k-2}
    tau = 0.0
    gap = gap_aec = math.inf
    converged = False
    for iteration in range(1, max_iterations + 1):
        tick = time.perf_counter()
        total = combine(x)
        link_time = vdf.time(total)
        y, spc = aon(link_time)
        tstt = sum(_dot(c.pce * link_time + c.fixed, f) for c, f in zip(classes, x, strict=True))
        excess = tstt - spc  # signed: a negative gap flags flows that lose demand
        gap = excess / tstt if tstt > 0 else 0.0
        gap_aec = excess / total_demand if total_demand > 0 else 0.0
        obj = objective(x, total)
        known = time.perf_counter() - started
        converged = (relative_gap is not None or aec is not None) and (
            (relative_gap is None or gap <= relative_gap) and (aec is None or gap_aec <= aec)
        )
        if method == "aon" or converged or iteration == max_iterations:
            history.append(
                IterationRecord(
                    iteration, gap, gap_aec, obj, 0.0, "none", time.perf_counter() - tick, known
                )
            )
            break
        kind, target = _direction(method, classes, vdf, total, x, y, s1, s2, tau)
        d = [t - f for t, f in zip(target, x, strict=True)]
        total_d = combine(d)
        fixed_slope = sum(_dot(c.fixed, di) for c, di in zip(classes, d, strict=True))
        if method == "msa":
            step = 1.0 / (iteration + 1)
        else:
            step = _line_search(vdf, total, total_d, fixed_slope)
            if step == 0.0 and kind != "fw":  # conjugate direction failed: plain FW step
                kind, target = "fw", y
                d = [t - f for t, f in zip(target, x, strict=True)]
                total_d = combine(d)
                fixed_slope = sum(_dot(c.fixed, di) for c, di in zip(classes, d, strict=True))
                step = _line_search(vdf, total, total_d, fixed_slope)
        x = [f + step * di for f, di in zip(x, d, strict=True)]
        if step >= 1.0 - 1e-12:  # jumped onto the target: conjugate history is void
            s1 = s2 = None
        else:
            s2, s1, tau = s1, target, step
        history.append(
            IterationRecord(
                iteration, gap, gap_aec, obj, step, kind, time.perf_counter() - tick, known
            )
        )
    total = combine(x)
    return AssignmentResult(
        method=method,
        class_names=tuple(c.name for c in classes),
        class_flow=np.vstack(x),
        total_flow=total,
        link_time=vdf.time(total),
        objective=objective(x, total),
        relative_gap=gap,
        aec=gap_aec,
        iterations=len(history),
        converged=converged,
        history=history,
        seconds=time.perf_counter() - started,
    )


def _direction(
    method: str,
    classes: Sequence[_Class],
    vdf: BPR,
    total: FloatArray,
    x: list[FloatArray],
    y: list[FloatArray],
    s1: list[FloatArray] | None,
    s2: list[FloatArray] | None,
    tau: float,
) -> tuple[str, list[FloatArray]]:
    """Return the target point of this iteration's step: AON, conjugate or bi-conjugate combination."""
    if method in ("msa", "fw") or s1 is None:
        return "fw", y
    hessian = vdf.derivative(total)

    def agg(vectors: Sequence[FloatArray]) -> FloatArray:
        total: FloatArray = np.sum(
            [c.pce * v for c, v in zip(classes, vectors, strict=True)], axis=0
        )
        return total

    big_x, big_y, big_s1 = agg(x), agg(y), agg(s1)
    if method == "cfw" or s2 is None:
        prev = big_s1 - big_x
        num = _dot(prev, hessian * (big_y - big_x))
        den = _dot(prev, hessian * (big_y - big_s1))
        alpha = num / den if den != 0 else 0.0
        alpha = min(max(alpha, 0.0), _CONJUGATE_MAX)
        return "cfw", [alpha * a + (1 - alpha) * b for a, b in zip(s1, y, strict=True)]
    big_s2 = agg(s2)
    d_fw = big_y - big_x
    d1 = big_s1 - big_x
    d2 = tau * big_s1 + (1 - tau) * big_s2 - big_x
    mu_den = _dot(d2, hessian * (big_s2 - big_s1))
    mu = max(0.0, -_dot(d2, hessian * d_fw) / mu_den) if mu_den != 0 else 0.0
    nu_den = _dot(d1, hessian * d1)
    nu = max(0.0, -_dot(d1, hessian * d_fw) / nu_den + mu * tau / (1 - tau)) if nu_den != 0 else 0.0
    b0 = 1.0 / (1.0 + mu + nu)
    b1, b2 = nu * b0, mu * b0
    return "bfw", [b0 * a + b1 * b + b2 * c for a, b, c in zip(y, s1, s2, strict=True)]


def evaluate_flows(
    network: AssignmentNetwork,
    demand: npt.ArrayLike | Sequence[TrafficClass],
    class_flow: npt.ArrayLike,
    *,
    engine: Engine = "numba",
    threads: int | None = None,
) -> tuple[float, float, float]:
    """Objective, signed relative gap and AEC of given flows (e.g. a published solution).

    The gaps are not clamped at zero; they mean something only for flows that carry the
    demand, which :func:`~eurasia.corridors.assignment.check.check_flows` also checks.

    Parameters
    ----------
    network, demand
        As for :func:`assign`.
    class_flow
        Per-link flows: one vector for a single class, or ``n_classes x n_links``.

    Returns
    -------
    objective, relative_gap, aec

    Raises
    ------
    DataError
        If the flows do not have one row a class and one column a link.

    Examples
    --------
    >>> net = AssignmentNetwork.from_arrays(n_nodes=2, tail=[0, 0], head=[1, 1],
    ...     free_flow_time=[10.0, 15.0], capacity=10.0, alpha=1.0, beta=1.0, zones=[0, 1])
    >>> obj, gap, aec = evaluate_flows(net, [[0, 10.0], [0, 0]], [8.0, 2.0])
    >>> round(gap, 12), round(aec, 12)
    (0.0, 0.0)
    """
    from eurasia.corridors.assignment.check import check_flows  # imports this module

    check = check_flows(network, demand, class_flow, engine=engine, threads=threads)
    return check.objective, check.relative_gap, check.aec


def _classes_from(
    network: AssignmentNetwork, demand: npt.ArrayLike | Sequence[TrafficClass]
) -> list[_Class]:
    if isinstance(demand, Sequence) and all(isinstance(c, TrafficClass) for c in demand):
        return _prepare_classes(network, list(demand))  # type: ignore[arg-type]
    matrix = np.asarray(demand, dtype=np.float64)
    return _prepare_classes(network, [TrafficClass("all", matrix)])


def result_to_tntp_flows(network: AssignmentNetwork, result: AssignmentResult) -> TntpFlows:
    """Link flows as a TNTP flow table: From/To node labels, Volume (total flow), Cost (time).

    Node links added by :func:`with_node_capacities` have negative gate labels.

    Examples
    --------
    >>> net = AssignmentNetwork.from_arrays(n_nodes=2, tail=[0], head=[1],
    ...     free_flow_time=[2.0], capacity=[4.0], alpha=1.0, beta=1.0, zones=[0, 1])
    >>> flows = result_to_tntp_flows(net, assign(net, [[0, 4.0], [0, 0]], method="aon"))
    >>> flows.from_node.tolist(), flows.volume.tolist(), flows.cost.tolist()
    ([1], [4.0], [4.0])
    """
    return TntpFlows(
        from_node=network.node_labels[network.tail].copy(),
        to_node=network.node_labels[network.head].copy(),
        volume=result.total_flow.copy(),
        cost=result.link_time.copy(),
    )
