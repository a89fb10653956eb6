"""Corridors: the Greater Eurasia freight network, routing, assignment and scenarios.

The network model lives in :mod:`eurasia.corridors.network`; the bundled dataset is read by
:func:`eurasia.corridors.io.load_network`.
"""

from __future__ import annotations

from eurasia.corridors.network import Gauge, Mode, Network, Node, Status

__all__ = ["Gauge", "Mode", "Network", "Node", "Status"]
