"""An honest re-check of link flows: signed relative gap and flow conservation, per class.

A relative gap ``(Σ cost·x − Σ demand × shortest cost) / Σ cost·x`` only means something for flows
that carry the demand: flows that lose trips at some nodes cost less in total and can score a gap
of zero, or below. :func:`check_flows` therefore reports

* the **signed** relative gap and AEC (never clamped at zero: a negative value is an error of the
  flows or of rounding, and says so);
* **conservation** at every node and for every class: flow in minus flow out must equal the
  demand arriving minus the demand leaving there; at a no-through node (first-through-node rule)
  flow out must equal the demand leaving it and flow in the demand arriving, so it relays nothing;
  flows on links a class may not use, and negative flows, count as violations too;
* an **honest gap**: ``|relative gap| + infeasibility``, where infeasibility is the flow that is
  unbalanced, relayed where it may not be, negative or on forbidden links, over total demand. It is
  zero only for flows that carry all the demand at equilibrium.

Examples
--------
Two parallel links, 10 trips: the equilibrium is 8 / 2. Flows of 6 / 2 lose two trips: their
plain gap is negative (it would read 0 if clamped), the check names node 1 (label) and the honest
gap counts the lost fifth of the demand.

>>> from eurasia.corridors.assignment.network import AssignmentNetwork
>>> net = AssignmentNetwork.from_arrays(n_nodes=2, tail=[0, 0], head=[1, 1],
...     free_flow_time=[10.0, 15.0], capacity=10.0, alpha=1.0, beta=1.0, zones=[0, 1])
>>> good = check_flows(net, [[0, 10.0], [0, 0]], [8.0, 2.0])
>>> round(good.relative_gap, 12), good.conserved, round(good.honest_gap, 12)
(0.0, True, 0.0)
>>> lost = check_flows(net, [[0, 10.0], [0, 0]], [6.0, 2.0])
>>> round(lost.relative_gap, 3), lost.conserved, lost.imbalance, lost.imbalance_node
(-0.212, False, 2.0, 1)
>>> round(lost.infeasibility, 3), round(lost.honest_gap, 3)
(0.2, 0.412)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from eurasia.corridors.assignment.equilibrium import TrafficClass, _classes_from
from eurasia.corridors.assignment.loading import Engine, load_class, resolve_threads
from eurasia.corridors.assignment.network import AssignmentNetwork
from eurasia.corridors.graph.types import FloatArray
from eurasia.errors import DataError

__all__ = ["FlowCheck", "check_flows", "node_imbalance"]


#: Flow unbalanced at a node, relative to total demand, still taken as rounding (published flow
#: files carry about 6–17 significant digits).
CONSERVATION_TOLERANCE = 1e-9


@dataclass(frozen=True)
class FlowCheck:
    """Objective, signed gaps and conservation of a set of link flows.

    Attributes
    ----------
    objective
        Beckmann objective at the flows.
    relative_gap, aec
        Signed relative gap and average excess cost.
    imbalance
        Largest violation at one node for one class (flow units): unbalanced flow, or flow a
        no-through node relays.
    imbalance_node
        Label of that node (``-1`` when there is none).
    imbalance_class
        Name of that class (``""`` when there is none).
    infeasibility
        Unbalanced, relayed, negative and forbidden flow over total demand (0 for flows that
        carry exactly the demand).
    total_demand
        Trips of every class.
    """

    objective: float
    relative_gap: float
    aec: float
    imbalance: float
    imbalance_node: int
    imbalance_class: str
    infeasibility: float
    total_demand: float

    @property
    def conserved(self) -> bool:
        """Whether the flows carry the demand, up to :data:`CONSERVATION_TOLERANCE` of it."""
        return self.infeasibility <= CONSERVATION_TOLERANCE

    @property
    def honest_gap(self) -> float:
        """``|relative_gap| + infeasibility``: zero only for feasible flows at equilibrium."""
        return abs(self.relative_gap) + self.infeasibility


def node_imbalance(
    network: AssignmentNetwork, demand: FloatArray, flow: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Per node: conservation violation, and the part of it relayed through no-through nodes.

    ``violation[v] = |in − out − (arriving − leaving demand)|``; at a no-through node
    ``|out − leaving| + |in − arriving|`` instead.

    Examples
    --------
    >>> from eurasia.corridors.assignment.network import AssignmentNetwork
    >>> net = AssignmentNetwork.from_arrays(n_nodes=3, tail=[0, 1], head=[1, 2],
    ...     free_flow_time=[1.0, 1.0], capacity=1.0, zones=[0, 2])
    >>> v, _ = node_imbalance(net, np.array([[0, 3.0], [0, 0]]), np.array([3.0, 1.0]))
    >>> v.tolist()
    [0.0, 2.0, 2.0]
    """
    n = network.n_nodes
    out_flow = np.bincount(network.tail, weights=flow, minlength=n)
    in_flow = np.bincount(network.head, weights=flow, minlength=n)
    leaving = np.zeros(n)
    arriving = np.zeros(n)
    np.add.at(leaving, network.zones, demand.sum(axis=1))
    np.add.at(arriving, network.zones, demand.sum(axis=0))
    violation = np.abs(in_flow - out_flow - (arriving - leaving))
    blocked = network.no_through
    relayed = np.zeros(n)
    relayed[blocked] = np.abs(out_flow[blocked] - leaving[blocked]) + np.abs(
        in_flow[blocked] - arriving[blocked]
    )
    violation[blocked] = relayed[blocked]
    return violation, relayed


def check_flows(
    network: AssignmentNetwork,
    demand: npt.ArrayLike | Sequence[TrafficClass],
    class_flow: npt.ArrayLike,
    *,
    engine: Engine = "numba",
    threads: int | None = None,
) -> FlowCheck:
    """Re-check flows from any source (ours, another library's, a published file).

    Parameters
    ----------
    network, demand
        As for :func:`~eurasia.corridors.assignment.equilibrium.assign`.
    class_flow
        Per-link flows: one vector for a single class, or ``n_classes x n_links``.
    engine, threads
        Shortest-path engine and threads of the loads (as for
        :func:`~eurasia.corridors.assignment.loading.all_or_nothing`).

    Returns
    -------
    FlowCheck

    Raises
    ------
    DataError
        If the flows do not have one row a class and one column a link, or are not finite.
    NoRouteError
        If some OD pair with demand has no path.
    """
    classes = _classes_from(network, demand)
    x = np.atleast_2d(np.asarray(class_flow, dtype=np.float64))
    if x.shape != (len(classes), network.n_links):
        msg = (
            f"flows: expected {len(classes)} x {network.n_links} (classes x links), "
            f"got shape {x.shape}"
        )
        raise DataError(msg)
    if not np.all(np.isfinite(x)):
        row, link = (int(i[0]) for i in np.nonzero(~np.isfinite(x)))
        msg = f"flows[{row}, {link}] must be finite, got {x[row, link]!r}"
        raise DataError(msg)
    total = np.sum([c.pce * f for c, f in zip(classes, x, strict=True)], axis=0)
    link_time = network.vdf.time(total)
    labels = network.node_labels[network.zones]
    n_threads = resolve_threads(threads)
    spc = tstt = fixed = 0.0
    bad = 0.0
    worst, worst_node, worst_class = 0.0, -1, ""
    for c, f in zip(classes, x, strict=True):
        cost = c.pce * link_time + c.fixed
        spc += load_class(
            c.forest, cost, c.demand, engine=engine, threads=n_threads, zone_labels=labels
        )[1]
        tstt += float(np.multiply(cost, f).sum())
        fixed += float(np.multiply(c.fixed, f).sum())
        violation, _ = node_imbalance(network, c.demand, np.maximum(f, 0.0))
        allowed = np.zeros(network.n_links, dtype=np.bool_)
        allowed[c.forest.links] = True
        forbidden = float(np.abs(f[~allowed]).sum())
        negative = float(-f[f < 0].sum())
        bad += float(violation.sum()) / 2 + forbidden + negative
        v = int(np.argmax(violation)) if violation.size else 0
        if violation.size and violation[v] > worst:
            worst, worst_node, worst_class = (
                float(violation[v]),
                int(network.node_labels[v]),
                c.name,
            )
    objective = float(network.vdf.integral(total).sum()) + fixed
    total_demand = sum(c.total for c in classes)
    excess = tstt - spc
    return FlowCheck(
        objective=objective,
        relative_gap=excess / tstt if tstt > 0 else 0.0,
        aec=excess / total_demand if total_demand > 0 else 0.0,
        imbalance=worst,
        imbalance_node=worst_node,
        imbalance_class=worst_class,
        infeasibility=float(bad / total_demand if total_demand > 0 else bad),
        total_demand=total_demand,
    )
