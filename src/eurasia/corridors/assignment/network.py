"""The network an assignment runs on: :class:`AssignmentNetwork` (CSR links, BPR, zones) and node capacities."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from eurasia.corridors.assignment.arrays import check_finite_nonnegative
from eurasia.corridors.assignment.vdf import BPR
from eurasia.corridors.graph.types import BoolArray, FloatArray, IntArray
from eurasia.corridors.io.tntp import TntpNetwork
from eurasia.errors import DataError

__all__ = ["AssignmentNetwork", "NodeCapacity", "with_node_capacities"]


@dataclass(frozen=True)
class AssignmentNetwork:
    """Directed links with BPR parameters, and zones, as arrays (0-based node indices).

    Attributes
    ----------
    n_nodes
        Number of nodes.
    tail, head
        Node index of each link's start and end.
    vdf
        BPR parameters per link.
    length, toll
        Per-link length and toll (money), used by generalized cost.
    zones
        Node index of each zone, in zone order (zone ``i`` is row/column ``i`` of OD matrices).
    no_through
        Per node: ``True`` where trips may start and end but not pass through.
    node_labels
        External node numbers (TNTP numbering) for reports; default ``1..n_nodes``.
    """

    n_nodes: int
    tail: IntArray
    head: IntArray
    vdf: BPR
    length: FloatArray
    toll: FloatArray
    zones: IntArray
    no_through: BoolArray
    node_labels: IntArray

    @classmethod
    def from_arrays(
        cls,
        *,
        n_nodes: int,
        tail: npt.ArrayLike,
        head: npt.ArrayLike,
        free_flow_time: npt.ArrayLike,
        capacity: npt.ArrayLike,
        alpha: npt.ArrayLike = 0.15,
        beta: npt.ArrayLike = 4.0,
        length: npt.ArrayLike | None = None,
        toll: npt.ArrayLike | None = None,
        zones: npt.ArrayLike,
        no_through: npt.ArrayLike | None = None,
        node_labels: npt.ArrayLike | None = None,
    ) -> AssignmentNetwork:
        """Validate arrays and build the network.

        Parameters
        ----------
        n_nodes
            Number of nodes; indices run ``0..n_nodes-1``.
        tail, head
            Link end nodes.
        free_flow_time, capacity, alpha, beta
            BPR parameters per link (scalars broadcast).
        length, toll
            Per-link length and toll; zeros when omitted.
        zones
            Centroid node of each zone (distinct).
        no_through
            Node mask of nodes that carry no through traffic; none when omitted.
        node_labels
            External node numbers; ``1..n_nodes`` when omitted.

        Raises
        ------
        DataError
            Naming the bad array and index: node indices out of range, self-loops, mismatched
            lengths, duplicate zones, negative lengths or tolls, bad BPR values.

        Examples
        --------
        >>> AssignmentNetwork.from_arrays(n_nodes=2, tail=[0], head=[2], free_flow_time=[1.0],
        ...                               capacity=[1.0], zones=[0, 1])
        Traceback (most recent call last):
        ...
        eurasia.errors.DataError: links: head[0] = 2 is not a node index in 0..1
        """
        if n_nodes < 1:
            msg = f"n_nodes must be >= 1, got {n_nodes}"
            raise DataError(msg)
        t = np.asarray(tail, dtype=np.int64).ravel()
        h = np.asarray(head, dtype=np.int64).ravel()
        if t.shape != h.shape:
            msg = f"links: tail has {t.size} entries but head has {h.size}"
            raise DataError(msg)
        for name, arr in (("tail", t), ("head", h)):
            bad = np.flatnonzero((arr < 0) | (arr >= n_nodes))
            if bad.size:
                i = int(bad[0])
                msg = f"links: {name}[{i}] = {arr[i]} is not a node index in 0..{n_nodes - 1}"
                raise DataError(msg)
        loops = np.flatnonzero(t == h)
        if loops.size:
            i = int(loops[0])
            msg = f"links: link {i} is a self-loop at node {t[i]}"
            raise DataError(msg)
        vdf = BPR.from_arrays(free_flow_time, capacity, alpha, beta)
        if vdf.n_links != t.size:
            msg = f"links: {vdf.n_links} free-flow times for {t.size} links"
            raise DataError(msg)
        extra: dict[str, FloatArray] = {}
        for name, raw in (("length", length), ("toll", toll)):
            values: FloatArray = (
                np.zeros(t.size) if raw is None else np.asarray(raw, dtype=np.float64).ravel()
            )
            if values.shape != t.shape:
                msg = f"links: {name} has {values.size} entries for {t.size} links"
                raise DataError(msg)
            check_finite_nonnegative(values, "links", name)
            extra[name] = values
        z = np.asarray(zones, dtype=np.int64).ravel()
        bad = np.flatnonzero((z < 0) | (z >= n_nodes))
        if bad.size:
            i = int(bad[0])
            msg = f"zones[{i}] = {z[i]} is not a node index in 0..{n_nodes - 1}"
            raise DataError(msg)
        if np.unique(z).size != z.size:
            msg = "zones: each zone needs its own centroid node; found duplicates"
            raise DataError(msg)
        nt = (
            np.zeros(n_nodes, dtype=np.bool_)
            if no_through is None
            else np.asarray(no_through, dtype=np.bool_).ravel()
        )
        if nt.shape != (n_nodes,):
            msg = f"no_through has {nt.size} entries for {n_nodes} nodes"
            raise DataError(msg)
        labels = (
            np.arange(1, n_nodes + 1, dtype=np.int64)
            if node_labels is None
            else np.asarray(node_labels, dtype=np.int64).ravel()
        )
        if labels.shape != (n_nodes,):
            msg = f"node_labels has {labels.size} entries for {n_nodes} nodes"
            raise DataError(msg)
        return cls(n_nodes, t, h, vdf, extra["length"], extra["toll"], z, nt, labels)

    @classmethod
    def from_tntp(cls, net: TntpNetwork) -> AssignmentNetwork:
        r"""Build from a TNTP network: zones ``1..n_zones`` are nodes ``0..n_zones-1``.

        Nodes numbered below ``<FIRST THRU NODE>`` carry no through traffic.

        Raises
        ------
        DataError
            If node numbers exceed ``<NUMBER OF NODES>`` or any array is invalid.

        Examples
        --------
        >>> from eurasia.corridors.io.tntp import parse_net
        >>> text = "<NUMBER OF ZONES> 2\n<FIRST THRU NODE> 3\n<END OF METADATA>\n"
        >>> text += "1 3 10 1 1 0.15 4 0 0 1 ;\n3 2 10 1 1 0.15 4 0 0 1 ;\n"
        >>> AssignmentNetwork.from_tntp(parse_net(text)).no_through.tolist()
        [True, True, False]
        """
        n_nodes = net.n_nodes
        top = int(max(net.init_node.max(initial=0), net.term_node.max(initial=0)))
        if top > n_nodes:
            msg = f"TNTP network: node {top} exceeds <NUMBER OF NODES> {n_nodes}"
            raise DataError(msg)
        n_zones = net.n_zones
        no_through = np.zeros(n_nodes, dtype=np.bool_)
        no_through[: max(0, min(net.first_thru_node - 1, n_nodes))] = True
        return cls.from_arrays(
            n_nodes=n_nodes,
            tail=net.init_node - 1,
            head=net.term_node - 1,
            free_flow_time=net.free_flow_time,
            capacity=net.capacity,
            alpha=net.b,
            beta=net.power,
            length=net.length,
            toll=net.toll,
            zones=np.arange(n_zones),
            no_through=no_through,
        )

    @property
    def n_links(self) -> int:
        """Number of links."""
        return int(self.tail.size)

    @property
    def n_zones(self) -> int:
        """Number of zones."""
        return int(self.zones.size)


@dataclass(frozen=True)
class NodeCapacity:
    """Capacity of a node (crossing, port, ferry terminal) modelled as a link of its own.

    Attributes
    ----------
    node
        Node index.
    capacity
        Flow the node handles per period (same unit as link capacities), > 0.
    free_flow_time
        Dwell or processing time at zero flow, >= 0.
    alpha, beta
        BPR parameters of the node link.
    """

    node: int
    capacity: float
    free_flow_time: float = 0.0
    alpha: float = 0.15
    beta: float = 4.0


def with_node_capacities(
    network: AssignmentNetwork, nodes: Sequence[NodeCapacity]
) -> tuple[AssignmentNetwork, IntArray]:
    """Expand capacity-limited nodes into links: incoming links end at a new gate node.

    Node ``v`` becomes gate ``g`` (new index, receives ``v``'s incoming links) and ``v`` (keeps its
    outgoing links, zone and flags), joined by a link ``g → v`` with the node's BPR parameters.
    Traffic arriving at or passing through ``v`` uses the node link; traffic leaving its own zone
    at ``v`` does not.

    Parameters
    ----------
    network
        The network to expand.
    nodes
        One :class:`NodeCapacity` per capacity-limited node.

    Returns
    -------
    network, node_links
        The expanded network (original links keep their indices; node links are appended) and the
        link index of each node link, in the order of ``nodes``.

    Raises
    ------
    DataError
        If a node is out of range or listed twice, or its parameters are invalid.

    Examples
    --------
    >>> net = AssignmentNetwork.from_arrays(n_nodes=3, tail=[0, 1], head=[1, 2],
    ...     free_flow_time=[1.0, 1.0], capacity=[100.0, 100.0], zones=[0, 2])
    >>> big, links = with_node_capacities(net, [NodeCapacity(node=1, capacity=5.0)])
    >>> big.n_nodes, big.tail.tolist(), big.head.tolist(), links.tolist()
    (4, [0, 1, 3], [3, 2, 1], [2])
    """
    seen: set[int] = set()
    for k, spec in enumerate(nodes):
        if not 0 <= spec.node < network.n_nodes:
            msg = f"node_capacities[{k}]: node {spec.node} is not in 0..{network.n_nodes - 1}"
            raise DataError(msg)
        if spec.node in seen:
            msg = f"node_capacities[{k}]: node {spec.node} is listed twice"
            raise DataError(msg)
        seen.add(spec.node)
        if not (math.isfinite(spec.capacity) and spec.capacity > 0):
            msg = f"node_capacities[{k}] (node {spec.node}): capacity must be > 0, got {spec.capacity}"
            raise DataError(msg)
    head = network.head.copy()
    gates = network.n_nodes + np.arange(len(nodes), dtype=np.int64)
    for spec, gate in zip(nodes, gates, strict=True):
        head[network.head == spec.node] = gate
    node_ids = np.array([s.node for s in nodes], dtype=np.int64)
    vdf = network.vdf
    expanded = AssignmentNetwork.from_arrays(
        n_nodes=network.n_nodes + len(nodes),
        tail=np.concatenate([network.tail, gates]),
        head=np.concatenate([head, node_ids]),
        free_flow_time=np.concatenate([vdf.free_flow_time, [s.free_flow_time for s in nodes]]),
        capacity=np.concatenate([vdf.capacity, [s.capacity for s in nodes]]),
        alpha=np.concatenate([vdf.alpha, [s.alpha for s in nodes]]),
        beta=np.concatenate([vdf.beta, [s.beta for s in nodes]]),
        length=np.concatenate([network.length, np.zeros(len(nodes))]),
        toll=np.concatenate([network.toll, np.zeros(len(nodes))]),
        zones=network.zones,
        no_through=np.concatenate([network.no_through, np.zeros(len(nodes), dtype=np.bool_)]),
        node_labels=np.concatenate([network.node_labels, -1 - np.arange(len(nodes))]),
    )
    return expanded, network.n_links + np.arange(len(nodes), dtype=np.int64)
