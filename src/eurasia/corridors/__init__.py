"""Corridors: the Greater Eurasia freight network, routing, assignment and scenarios.

The network model lives in :mod:`eurasia.corridors.network.model`; the bundled dataset is read by
:func:`eurasia.corridors.io.dataset.load_network`. Energy export routes (crude oil, gas, uranium:
pipelines, tankers, rail) live in :mod:`eurasia.corridors.energy`.
"""

from __future__ import annotations

from eurasia.corridors.network.codes import Gauge, Mode, Status
from eurasia.corridors.network.model import Network, Node

__all__ = ["Gauge", "Mode", "Network", "Node", "Status"]
