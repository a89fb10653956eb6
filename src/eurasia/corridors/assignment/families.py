"""Corridor shares by the route family each OD flow takes, not by link tags.

Each origin's equilibrium flow (the bush-based solver, method ``b``, keeps flows by origin:
acyclic bushes) is decomposed into paths (:func:`class_paths`: from the origin's centroid,
follow links that still carry flow, depth first, to a destination centroid and take the
smallest flow along the way off every link, until the flow is used up), and each path is put in
one route family by what it does (:func:`route_family`), in this order:

``titr``
    crosses the Caspian by ferry between Kazakhstan or Turkmenistan and Azerbaijan (the Middle
    Corridor);
``instc_caspian``
    crosses the Caspian by ferry to or from Iran or Russia;
``china_ca_iran`` / ``instc_east``
    enters or leaves Iran over land, with / without a Chinese node on the path;
``northern``
    passes through Russia or Belarus without starting or ending there;
``sea``
    uses a deep-sea link;
``other``
    the rest: bilateral and regional land routes (Kazakhstan with China, Russia and Central
    Asia, Russia with Central Asia, ...).

Each tonne is counted once, in the family of the path it takes; tonne-km are that path's km
times its tonnes. Demand that the demand response leaves unserved is not in the shares (the
summary reports it apart). Path flows of an origin are not unique (Bar-Gera 2006), but every
decomposition of its bush gives the same link flows, and the shares add up to the origin's
tonnes. With other solvers (no flows by origin) a class's whole flow is decomposed: trips in
opposite directions on one line can then be paired into paths that no trip takes, and a little
flow may be left over (an approximation, said so in the summary).

Examples
--------
>>> from eurasia.corridors.network.model import Network
>>> net = Network.from_edges(["a", "b", "a"], ["b", "c", "c"], {"km": [1.0, 1.0, 5.0]},
...     nodes={"country": ["CN", "RU", "DE"]}, edges={"mode": ["rail"] * 3})
>>> at = {str(e): i for i, e in enumerate(net.edge_id)}  # edges are in CSR order, not input order
>>> route_family(net, [at["e0"], at["e1"]], "CN", "DE"), route_family(net, [at["e2"]], "CN", "DE")
('northern', 'other')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from eurasia.corridors.network.model import Network

if TYPE_CHECKING:
    from eurasia.corridors.assignment.freight import FreightResult

__all__ = ["FAMILIES", "class_paths", "route_families", "route_family"]

#: Route families in the order they are tested (see the module docstring).
FAMILIES = ("titr", "instc_caspian", "china_ca_iran", "instc_east", "northern", "sea", "other")
_CASPIAN_WEST = frozenset({"AZ"})
_CASPIAN_EAST = frozenset({"KZ", "TM"})
_CASPIAN = frozenset({"KZ", "TM", "AZ", "IR", "RU"})
_EPS = 1e-9


def route_family(
    network: Network, edges: Sequence[int], origin_country: str, destination_country: str
) -> str:
    """Return the route family of a path of network edges (see the module docstring)."""
    idx = np.asarray(edges, dtype=np.int64)
    if idx.size == 0:
        return "other"
    mode = network.edge_mode[idx]
    a = network.edge_country[idx]
    b = network.edge_country_to[idx]
    ferry = mode == "ferry"
    pairs = list(zip(a[ferry].tolist(), b[ferry].tolist(), strict=True))
    if any(
        (x in _CASPIAN_EAST and y in _CASPIAN_WEST) or (y in _CASPIAN_EAST and x in _CASPIAN_WEST)
        for x, y in pairs
    ):
        return "titr"
    if any(
        x in _CASPIAN and y in _CASPIAN and x != y and ("IR" in (x, y) or "RU" in (x, y))
        for x, y in pairs
    ):
        return "instc_caspian"
    land = np.isin(mode, ["rail", "road"])
    if np.any(land & (a != b) & ((a == "IR") | (b == "IR"))):
        vnode = network.vertex_node
        nodes = np.r_[vnode[network.edge_source[idx]], vnode[network.edge_target[idx]]]
        return "china_ca_iran" if np.any(network.node_country[nodes] == "CN") else "instc_east"
    ends = {origin_country, destination_country}
    visited = set(a.tolist()) | set(b.tolist())
    if {"RU", "BY"} & visited and not {"RU", "BY"} & ends:
        return "northern"
    if np.any(mode == "sea"):
        return "sea"
    return "other"


def class_paths(
    tail: npt.NDArray[np.int64],
    head: npt.NDArray[np.int64],
    flow: npt.NDArray[np.float64],
    origins: Sequence[int],
    ends: Sequence[int],
) -> list[tuple[int, int, list[int], float]]:
    """Decompose one class's link flow into ``(origin, end, links, flow)`` paths.

    Parameters
    ----------
    tail, head
        Link ends (node numbers).
    flow
        The class's flow on each link.
    origins
        Nodes the class's trips start from.
    ends
        Nodes trips end at (a walk stops at the first one it reaches).

    Examples
    --------
    >>> import numpy as np
    >>> class_paths(np.array([0, 0, 1]), np.array([1, 2, 2]), np.array([3.0, 1.0, 3.0]),
    ...             [0], [2])
    [(0, 2, [0, 2], 3.0), (0, 2, [1], 1.0)]
    """
    rest = np.array(flow, dtype=np.float64)
    order = np.argsort(tail, kind="stable")
    starts = np.searchsorted(tail[order], np.arange(int(max(tail.max(), head.max())) + 2))
    stop = {int(e) for e in ends}
    out: list[tuple[int, int, list[int], float]] = []
    scale = max(float(rest.max(initial=0.0)), 1.0)
    for origin in origins:
        while True:
            path = _simple_path(int(origin), order, starts, head, rest, stop, _EPS * scale)
            if not path:
                break
            amount = float(rest[path].min())
            rest[path] -= amount
            out.append((int(origin), int(head[path[-1]]), path, amount))
    return out


def _simple_path(
    origin: int,
    order: npt.NDArray[np.int64],
    starts: npt.NDArray[np.int64],
    head: npt.NDArray[np.int64],
    rest: npt.NDArray[np.float64],
    stop: set[int],
    eps: float,
) -> list[int]:
    """Return a loopless path of links with flow left from ``origin`` to a stop node, or ``[]``.

    The search is depth first, the link with most flow first.
    """
    path: list[int] = []
    stack = [iter(_live(origin, order, starts, rest, eps))]
    on_path = {origin}
    dead: set[int] = set()
    while stack:
        link = next(stack[-1], None)
        if link is None:
            stack.pop()
            if path:
                node = int(head[path.pop()])
                on_path.discard(node)
                dead.add(node)
            continue
        node = int(head[link])
        if node in on_path or node in dead:
            continue
        path.append(link)
        if node in stop:
            return path
        on_path.add(node)
        stack.append(iter(_live(node, order, starts, rest, eps)))
    return []


def _live(
    node: int,
    order: npt.NDArray[np.int64],
    starts: npt.NDArray[np.int64],
    rest: npt.NDArray[np.float64],
    eps: float,
) -> list[int]:
    links = order[starts[node] : starts[node + 1]]
    links = links[rest[links] > eps]
    ordered: list[int] = links[np.argsort(-rest[links], kind="stable")].tolist()
    return ordered


def route_families(res: FreightResult) -> dict[str, dict[str, float]]:
    """Tonnes (Mt) and tonne-km (bn) by route family, with the share of each, over served flow.

    Returns
    -------
    dict
        ``{family: {"mt", "tonne_km_bn", "share_tonnes", "share_tonne_km"}}`` for the families
        with flow, largest tonnage first.
    """
    problem = res.problem
    net = res.network
    an = problem.assignment
    m = net.n_edges
    km = np.asarray(net.costs.get("km", np.zeros(m)), dtype=np.float64)
    zones = np.asarray(an.zones)
    zone_of = {int(z): k for k, z in enumerate(zones.tolist())}
    country = net.node_country
    zone_country = [str(country[net.node_index(z)]) for z in problem.zones]
    tail, head = np.asarray(an.tail), np.asarray(an.head)
    mt = dict.fromkeys(FAMILIES, 0.0)
    tkm = dict.fromkeys(FAMILIES, 0.0)
    by_origin = res.assignment.origin_flow
    for k, cls in enumerate(problem.classes):
        if by_origin is not None:
            rows, flows = by_origin[k]
            parts = [([int(zones[o])], flows[i]) for i, o in enumerate(rows.tolist())]
        else:
            demand = np.asarray(cls.demand).sum(axis=1)
            parts = [
                ([int(zones[o]) for o in np.flatnonzero(demand > 0)], res.assignment.class_flow[k])
            ]
        paths = [
            p
            for origins, flow in parts
            for p in class_paths(tail, head, flow, origins, zones.tolist())
        ]
        for origin, end, links, amount in paths:
            if any(link >= problem.response_start for link in links) and problem.response_links:
                continue  # not served: reported apart
            edges = [link for link in links if link < m]
            family = route_family(
                net, edges, zone_country[zone_of[origin]], zone_country[zone_of[end]]
            )
            mt[family] += amount
            tkm[family] += amount * float(km[edges].sum()) / 1e3
    total_mt, total_tkm = sum(mt.values()), sum(tkm.values())
    out = {
        f: {
            "mt": mt[f],
            "tonne_km_bn": tkm[f],
            "share_tonnes": mt[f] / total_mt if total_mt > 0 else 0.0,
            "share_tonne_km": tkm[f] / total_tkm if total_tkm > 0 else 0.0,
        }
        for f in FAMILIES
        if mt[f] > 0
    }
    return dict(sorted(out.items(), key=lambda kv: -kv[1]["mt"]))
