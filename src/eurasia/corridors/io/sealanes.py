"""Sea and ferry links along sea lanes: their drawn line and sailed distance.

The network joins ports by one link each (Shanghai-Singapore, Cape Town-Tanger Med, ...); drawn
straight, such a link crosses land (West Africa, the Malay Peninsula). Here each sea or ferry
link is routed on the maritime network that the ``searoute`` package ships in its wheel
(Eurostat's SeaRoute network, built from the Oak Ridge National Laboratory Global Shipping Lane
Network and AIS tracks: no file, no download, no network at run time), once per pair of ports
and cached for the process:

- the line runs from the first port through the lane's points to the second port;
- the Suez / Cape choice stays the network's own: the Suez Canal is a link of its own
  (``eg-suez--eg-port-said``), so a lane may pass Suez or Bab-el-Mandeb only where avoiding
  them is more than :data:`PASSAGE_DETOUR` times longer (Djibouti-Suez, say), never to
  shorten a Cape leg;
- a port farther than :data:`MAX_SNAP_KM` from the lane's nearest point (an inland lake
  such as Lake Van), or a lane over :data:`MAX_DETOUR` times the great circle (a short
  feeder whose lane runs out to the open sea and back), keeps the straight line.

Distances are reported beside the bundled ``km`` by :func:`compare_lengths` (the bundled
figures, great circle x the sea detour factor or a cited length, are not replaced).

Examples
--------
>>> from eurasia.corridors.io.dataset import load_network
>>> net = load_network()
>>> cape = lane_between(net, net.node_index("za-cape-town"), net.node_index("ma-tanger-med"))
>>> min(lon for lon, _ in cape.coordinates) < -15  # round West Africa, not across it
True
>>> "suez" in cape.passages, round(cape.km, -2)
(False, 9700.0)
"""

from __future__ import annotations

import functools
import math
import warnings
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from eurasia.corridors.network.model import Network
from eurasia.geo import great_circle_km

__all__ = [
    "LANE_MODES",
    "MAX_DETOUR",
    "MAX_SNAP_KM",
    "PASSAGE_DETOUR",
    "Lane",
    "compare_lengths",
    "lane",
    "lane_between",
    "link_lane",
    "route_line",
]

#: Modes drawn along sea lanes.
LANE_MODES = ("sea", "ferry")
#: Farthest a port may lie from the lane's end point (km) for the lane to be used.
MAX_SNAP_KM = 150.0
#: Longest lane, as a multiple of the great circle between the ports, drawn: a short feeder
#: (Ambarli-Istanbul across the Sea of Marmara) whose lane detours to the open sea keeps its line.
MAX_DETOUR = 2.5
#: A lane passes Suez or Bab-el-Mandeb only where the way round is this many times longer.
PASSAGE_DETOUR = 1.5
_CANAL = ("suez", "babalmandab")


@dataclass(frozen=True)
class Lane:
    """A sea lane between two ports: its points (lon, lat), sailed km and straits passed."""

    coordinates: tuple[tuple[float, float], ...]
    km: float
    passages: tuple[str, ...]


def _search(
    start: tuple[float, float], end: tuple[float, float], closed: Sequence[str]
) -> dict[str, Any]:
    import searoute

    found: dict[str, Any] = searoute.searoute(
        list(start),
        list(end),
        units="km",
        restrictions=["northwest", *closed],
        return_passages=True,
    )
    return found


@functools.lru_cache(maxsize=4096)
def lane(start: tuple[float, float], end: tuple[float, float]) -> Lane | None:
    """Return the sea lane from ``start`` to ``end`` (lon, lat), or ``None`` if a port is off it.

    The sailed ``km`` is the lane's length plus the great-circle distance from each port to it.
    """
    found = _search(start, end, ())
    passages = tuple(found["properties"].get("traversed_passages") or ())
    if any(p in _CANAL for p in passages):
        with warnings.catch_warnings():  # searoute warns when the restrictions leave no way
            warnings.simplefilter("ignore", UserWarning)
            round_about = _search(start, end, _CANAL)
        length = round_about["properties"].get("length") or math.inf
        if length <= PASSAGE_DETOUR * found["properties"]["length"]:
            found = round_about
            passages = tuple(found["properties"].get("traversed_passages") or ())
    points = [(float(x), float(y)) for x, y in found["geometry"]["coordinates"]]
    if len(points) < 2:
        return None
    snaps = [
        great_circle_km(start[1], start[0], points[0][1], points[0][0]),
        great_circle_km(end[1], end[0], points[-1][1], points[-1][0]),
    ]
    km = float(found["properties"]["length"]) + sum(snaps)
    if max(snaps) > MAX_SNAP_KM or km > MAX_DETOUR * great_circle_km(
        start[1], start[0], end[1], end[0]
    ):
        return None
    return Lane((start, *points, end), km, passages)


def _position(network: Network, node: int) -> tuple[float, float] | None:
    lon, lat = float(network.node_lon[node]), float(network.node_lat[node])
    return (lon, lat) if math.isfinite(lon) and math.isfinite(lat) else None


def _lane_of(network: Network, a: int, b: int) -> Lane | None:
    start, end = _position(network, a), _position(network, b)
    if start is None or end is None or a == b:
        return None
    return lane(start, end)


def link_lane(network: Network, edge: int) -> Lane | None:
    """Return the lane of edge number ``edge`` if it is a sea or ferry link, else ``None``."""
    if str(network.edge_mode[edge]) not in LANE_MODES:
        return None
    vnode = network.vertex_node
    a, b = int(vnode[network.edge_source[edge]]), int(vnode[network.edge_target[edge]])
    return _lane_of(network, a, b)


_BY_WATER: weakref.WeakKeyDictionary[Network, frozenset[tuple[int, int]]] = (
    weakref.WeakKeyDictionary()
)


def _by_water(network: Network) -> frozenset[tuple[int, int]]:
    """Return the node pairs joined only by sea or ferry links (either direction)."""
    found = _BY_WATER.get(network)
    if found is None:
        links = network.edge_kind != "transfer"
        vnode = network.vertex_node
        a = vnode[network.edge_source[links]]
        b = vnode[network.edge_target[links]]
        water = np.isin(network.edge_mode[links], LANE_MODES)
        pairs: dict[tuple[int, int], bool] = {}
        for x, y, w in zip(a.tolist(), b.tolist(), water.tolist(), strict=True):
            key = (min(x, y), max(x, y))
            pairs[key] = pairs.get(key, True) and bool(w)
        found = frozenset(key for key, only in pairs.items() if only)
        _BY_WATER[network] = found
    return found


def lane_between(network: Network, a: int, b: int) -> Lane | None:
    """Return the lane from node ``a`` to ``b`` when only sea or ferry links join them."""
    if (min(a, b), max(a, b)) not in _by_water(network):
        return None
    return _lane_of(network, a, b)


def route_line(network: Network, edges: Sequence[int]) -> dict[str, Any]:
    """Return a route's ``LineString``: its links in order, sea and ferry links along lanes."""
    vnode = network.vertex_node
    coords: list[list[float]] = []

    def add(point: tuple[float, float]) -> None:
        if not coords or coords[-1] != [point[0], point[1]]:
            coords.append([point[0], point[1]])

    for e in edges:
        a, b = int(vnode[network.edge_source[e]]), int(vnode[network.edge_target[e]])
        if a == b:
            continue
        found = link_lane(network, int(e))
        ends = [p for p in (_position(network, a), _position(network, b)) if p is not None]
        for point in found.coordinates if found is not None else ends:
            add(point)
    return {"type": "LineString", "coordinates": coords}


def compare_lengths(network: Network) -> list[dict[str, Any]]:
    """Compare each sea and ferry link's bundled ``km`` with its lane's sailed km.

    Returns
    -------
    list of dict
        ``id``, ``mode``, ``km`` (bundled), ``lane_km`` (``None`` off the lanes) and
        ``difference`` (``lane_km / km - 1``), one row a link.
    """
    from eurasia.corridors.io.geojson import link_edges

    rows = []
    for e in link_edges(network).tolist():
        if str(network.edge_mode[e]) not in LANE_MODES:
            continue
        found = link_lane(network, e)
        km = float(network.costs["km"][e])
        rows.append(
            {
                "id": str(network.edge_id[e]),
                "mode": str(network.edge_mode[e]),
                "km": km,
                "lane_km": None if found is None else round(found.km, 1),
                "difference": None if found is None or km <= 0 else found.km / km - 1,
            }
        )
    return rows
