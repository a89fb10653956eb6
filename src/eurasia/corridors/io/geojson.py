"""GeoJSON of a network: the one builder of features for the exports, the API and the web maps.

Geometry comes from node coordinates: a node is a ``Point``, a link a straight
``LineString`` between its end nodes (a ``Point`` when both ends are one node, as for a transfer),
a route a ``LineString`` through its nodes. Sea and ferry links run along sea lanes instead
(:mod:`eurasia.corridors.io.sealanes`). Coordinates that are not finite become ``null``, so
the result is strict JSON.

Examples
--------
>>> from eurasia.corridors.network.model import Network
>>> net = Network.from_edges(["a", "b"], ["b", "c"], nodes={"lon": [0, 1, 2], "lat": [5, 6, 7]},
...                          directed=False)
>>> [int(e) for e in link_edges(net)]
[0, 1]
>>> link_geometry(net, 0)
{'type': 'LineString', 'coordinates': [[0.0, 5.0], [1.0, 6.0]]}
>>> fc = collection([feature(path_line(net, ["a", "b", "c"]), {"rank": 0})])
>>> fc["type"], fc["features"][0]["geometry"]["coordinates"][-1]
('FeatureCollection', [2.0, 7.0])
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from eurasia.corridors.io.sealanes import Lane, lane_between, link_lane
from eurasia.corridors.network.model import Network

__all__ = [
    "collection",
    "feature",
    "link_edges",
    "link_geometry",
    "node_line",
    "node_point",
    "path_line",
]


def _coord(value: float) -> float | None:
    number = float(value)
    return number if math.isfinite(number) else None


def _position(network: Network, node: int) -> list[float | None]:
    return [_coord(network.node_lon[node]), _coord(network.node_lat[node])]


def node_point(network: Network, node: int) -> dict[str, Any]:
    """Return the ``Point`` geometry of node number ``node``."""
    return {"type": "Point", "coordinates": _position(network, node)}


def link_edges(network: Network) -> npt.NDArray[np.int64]:
    """One edge number per link id (its first direction in edge order); transfers left out."""
    links = np.flatnonzero(network.edge_kind != "transfer")
    _, first = np.unique(network.edge_id[links], return_index=True)
    return np.sort(links[first]).astype(np.int64)


def _lane_line(lane: Lane) -> dict[str, Any]:
    return {"type": "LineString", "coordinates": [list(p) for p in lane.coordinates]}


def _straight(network: Network, a: int, b: int) -> dict[str, Any]:
    if a == b:
        return node_point(network, a)
    return {"type": "LineString", "coordinates": [_position(network, a), _position(network, b)]}


def node_line(network: Network, a: int, b: int) -> dict[str, Any]:
    """Return a ``LineString`` from node number ``a`` to ``b`` (a ``Point`` when ``a == b``).

    Straight, or along the sea lane when only sea or ferry links join the two nodes.
    """
    lane = None if a == b else lane_between(network, a, b)
    return _straight(network, a, b) if lane is None else _lane_line(lane)


def link_geometry(network: Network, edge: int) -> dict[str, Any]:
    """Edge number ``edge`` as a line between its nodes: along its sea lane, else straight."""
    lane = link_lane(network, edge)
    if lane is not None:
        return _lane_line(lane)
    vnode = network.vertex_node
    return _straight(
        network, int(vnode[network.edge_source[edge]]), int(vnode[network.edge_target[edge]])
    )


def path_line(network: Network, nodes: Sequence[str]) -> dict[str, Any]:
    """Return a ``LineString`` through the nodes with these ids (nodes without coordinates skipped)."""
    coords = []
    for node_id in nodes:
        i = network.node_index(node_id)
        if math.isfinite(network.node_lon[i]) and math.isfinite(network.node_lat[i]):
            coords.append([float(network.node_lon[i]), float(network.node_lat[i])])
    return {"type": "LineString", "coordinates": coords}


def feature(
    geometry: dict[str, Any], properties: dict[str, Any], *, fid: str | None = None
) -> dict[str, Any]:
    """Return a GeoJSON ``Feature`` (with ``id`` when ``fid`` is given)."""
    out: dict[str, Any] = {"type": "Feature"}
    if fid is not None:
        out["id"] = fid
    out["geometry"] = geometry
    out["properties"] = properties
    return out


def collection(features: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Return a GeoJSON ``FeatureCollection`` of ``features``."""
    return {"type": "FeatureCollection", "features": list(features)}
