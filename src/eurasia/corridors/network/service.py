"""Service levels: a scheduled block train or a typical (wagonload / LCL) service.

A forwarder sells one of two rail products, and they differ in dwell, waits and reliability,
not in the track:

``typical`` (default)
    The network as calibrated: central speeds and dwell, half the interval between sailings as
    the wait for a ferry, each edge's expected disruption delay (``risk``). The Middle Corridor's
    port dwell was calibrated to the 31-37 day guidance for typical services (navisgroup-2025-08-27).
``block``
    A scheduled block train with booked slots: on rail and ferry links and on transfers the line
    haul, border dwell and transfer dwell take the fast end of each edge's own range (its
    ``hours_low``: high commercial speed, dwell at the low end of the published or estimated
    range, e.g. Dostyk's 4 h 15 min train processing, silkroadnews-2016), and the wait for a
    sailing is a quarter of the typical mean wait (:data:`BLOCK_WAIT_SHARE`, estimate: the
    train's ferry slot is booked, it waits only for loading alongside other cargo). Its
    expected disruption delay on ferries and transfers shrinks in the same ratio as their dwell
    (a disruption shifts a booked slot instead of holding the cargo in the queue behind it;
    estimate); on line haul it is unchanged. ``hours_low`` stays the block time and
    ``hours_high`` becomes the typical time (a block train that loses its slots runs as a
    typical service). The lift at a route's rail or ferry end (``end_costs``) likewise takes its
    fast end. Money is unchanged: no published tariff separates the two.

Road and sea edges are the same under both levels. The block level is not fitted to any
published block-train time; ``references.csv`` holds those as held-out checks.

Examples
--------
>>> from eurasia.corridors.network.model import Network
>>> net = Network.from_edges(["a"], ["b"], {"hours": [40.0], "hours_low": [10.0],
...     "hours_high": [60.0], "hours_linehaul": [20.0], "hours_border": [0.0],
...     "hours_wait": [20.0], "hours_transfer": [0.0], "risk": [8.0]},
...     edges={"mode": ["ferry"]})
>>> fast = with_service(net, "block")
>>> fast.costs["hours"].tolist(), fast.costs["hours_high"].tolist(), fast.costs["risk"].tolist()
([15.0], [40.0], [4.0])
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt

from eurasia.corridors.network.codes import TIME_COMPONENTS
from eurasia.corridors.network.model import Network
from eurasia.errors import DataError

__all__ = ["BLOCK_WAIT_SHARE", "SERVICE_LEVELS", "ServiceLevel", "check_service", "with_service"]

ServiceLevel = Literal["block", "typical"]
#: The service levels, default first.
SERVICE_LEVELS: tuple[str, ...] = ("typical", "block")
#: Share of the typical mean wait for a sailing that a block train with a booked slot waits
#: (estimate).
BLOCK_WAIT_SHARE = 0.25
_SERVED = ("rail", "ferry", "transfer")


def check_service(value: str, *, where: str = "service") -> str:
    """``value`` if it is a service level, else :class:`~eurasia.errors.DataError`.

    Examples
    --------
    >>> check_service("block")
    'block'
    """
    if value not in SERVICE_LEVELS:
        msg = f"{where}: expected one of {', '.join(SERVICE_LEVELS)}, got {value!r}"
        raise DataError(msg)
    return value


def with_service(network: Network, service: str) -> Network:
    """Return the network as a shipper of ``service`` experiences it (see the module docstring).

    A network without the time parts and ``hours_low`` is returned unchanged for ``typical``
    and refused for ``block``.

    Raises
    ------
    DataError
        An unknown service level, or ``block`` on a network without the columns it needs.
    """
    check_service(service)
    if service == "typical":
        return network
    needed = ("hours", "hours_low", "risk", *TIME_COMPONENTS)
    missing = [name for name in needed if name not in network.costs]
    if missing:
        msg = f"service 'block': the network lacks the cost columns {missing}"
        raise DataError(msg)
    from eurasia.corridors.network.rebuild import with_edges

    c = {name: np.array(values, dtype=np.float64) for name, values in network.costs.items()}
    served = np.isin(network.edge_mode, _SERVED)
    wait = c["hours_wait"]
    rest = c["hours"] - wait
    fast = np.clip(c["hours_low"], 0.0, None)
    ratio = np.divide(fast, rest, out=np.ones_like(rest), where=rest > 0)
    ratio = np.where(served, np.minimum(ratio, 1.0), 1.0)
    typical = c["hours"].copy()
    for name in ("hours_linehaul", "hours_border", "hours_transfer"):
        c[name] = c[name] * ratio
    c["hours_wait"] = np.where(served, wait * BLOCK_WAIT_SHARE, wait)
    c["hours"] = sum((c[name] for name in TIME_COMPONENTS), np.zeros(network.n_edges))
    c["hours_low"] = np.where(served, c["hours"], c["hours_low"])
    if "hours_high" in c:
        c["hours_high"] = np.where(served, typical, c["hours_high"])
    dwell_edge = served & (network.edge_mode != "rail")
    c["risk"] = np.where(dwell_edge, c["risk"] * ratio, c["risk"])
    return with_edges(network, costs=c, end_costs=_block_ends(network))


def _block_ends(network: Network) -> dict[str, npt.NDArray[np.float64]]:
    """End costs of a block train: the lift at a rail or ferry end takes its fast end too."""
    ends = {name: np.array(values, dtype=np.float64) for name, values in network.end_costs.items()}
    if not {"hours", "hours_low", "hours_transfer"} <= set(ends):
        return ends
    served = np.isin(network.vertex_mode, _SERVED)
    typical = ends["hours"].copy()
    ends["hours"] = np.where(served, ends["hours_low"], ends["hours"])
    ends["hours_transfer"] = np.where(served, ends["hours_low"], ends["hours_transfer"])
    if "hours_high" in ends:
        ends["hours_high"] = np.where(served, typical, ends["hours_high"])
    return ends
