"""Code lists of the network model: modes, gauges, statuses, node kinds, transfer types, corridors.

Examples
--------
>>> Mode.RAIL.value, int(Gauge.RUSSIAN), side_of("rail", 1520)
('rail', 1520, 'rail-1520')
>>> "border" in NODE_KINDS, "gauge_change" in TRANSFER_TYPES
(True, True)
"""

from __future__ import annotations

import enum

__all__ = [
    "CORRIDORS",
    "NODE_ATTRIBUTES",
    "NODE_KINDS",
    "NODE_TEXT_ATTRIBUTES",
    "SIDES",
    "TIME_COMPONENTS",
    "TONNES_PER_TEU",
    "TRANSFER_TYPES",
    "Gauge",
    "Mode",
    "Status",
    "side_of",
]


#: Average loaded weight of a TEU used to turn per-TEU into per-tonne figures (GLEC Framework
#: default of 10 t per TEU; source ``glec-v3`` in the bundled ``sources.csv``).
TONNES_PER_TEU = 10.0


class Mode(enum.StrEnum):
    """Transport mode of a link."""

    RAIL = "rail"
    ROAD = "road"
    FERRY = "ferry"
    SEA = "sea"


class Gauge(enum.IntEnum):
    """Rail track gauges found on the network, in millimetres."""

    RUSSIAN = 1520
    STANDARD = 1435
    INDIAN = 1676


class Status(enum.StrEnum):
    """Operating status of a link or transfer."""

    OPEN = "open"
    CONSTRUCTION = "construction"
    PLANNED = "planned"


#: Additive parts of the ``hours`` cost on the bundled network, in this order: line haul at
#: commercial speed, border dwell on a cross-border land link, mean wait for a ferry or sea
#: sailing (half the interval between sailings), and a transfer's own dwell (gauge change, port
#: call, mode change). On every edge ``hours`` is exactly their sum.
TIME_COMPONENTS = ("hours_linehaul", "hours_border", "hours_wait", "hours_transfer")


#: Text attributes of a node (``Network.node_<name>``), in this order everywhere: model, dataset,
#: exports and TNTP files. ``aliases`` holds ``|``-separated names.
NODE_TEXT_ATTRIBUTES = ("name", "name_ru", "name_kk", "name_local", "aliases", "country", "kind")
#: Every attribute of a node besides its id: the text ones, then the coordinates.
NODE_ATTRIBUTES = (*NODE_TEXT_ATTRIBUTES, "lon", "lat")

#: Every vertex side a node can have.
SIDES = ("rail-1520", "rail-1435", "rail-1676", "road", "ferry", "sea")


def side_of(mode: str, gauge: int = 0) -> str:
    """Return the vertex side a link of ``mode`` (and ``gauge`` for rail) attaches to.

    Examples
    --------
    >>> side_of("rail", 1520), side_of("ferry")
    ('rail-1520', 'ferry')
    """
    return f"rail-{gauge}" if mode == Mode.RAIL else str(mode)


#: Kinds of node.
NODE_KINDS = ("terminal", "border", "port", "junction", "city", "waypoint")


#: Kinds of transfer between two sides of a node.
TRANSFER_TYPES = ("gauge_change", "port", "mode_change")


#: Corridor families a link may belong to.
CORRIDORS = (
    "northern",
    "titr",
    "instc_east",
    "instc_caspian",
    "china_ca_iran",
    "transsib",
    "sea",
)
