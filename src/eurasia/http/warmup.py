"""Warm-up at start-up: load the network and the compiled route kernels before the first reader.

The numba kernels of :mod:`eurasia.corridors.graph` are cached on disk (``cache=True``), but
loading a cached kernel still costs about a second per process, and the network is read on first
use. :func:`start_warm_up` answers a handful of tiny queries (a best route, a Pareto set,
alternatives, a transfer limit, a waypoint) in a daemon thread while the server starts, so
start-up is not blocked and the first reader's route and Pareto query answer as fast as later
ones (``benchmarks/bench_first_request.py`` measures it against ``EURASIA_WARM_UP=false``).
The thread then draws the sea lanes of the map's sea and ferry links
(:mod:`eurasia.corridors.io.sealanes`, cached for the process) and runs the freight baseline behind ``/api/energy/dependence?freight=true``
(cached for the process), so its first anonymous reader does not wait for it either.

Examples
--------
>>> from eurasia.corridors.network.model import Network
>>> net = Network.from_edges(["a", "b", "a"], ["b", "c", "c"],
...                          {"hours": [1.0, 1.0, 5.0], "usd": [9.0, 9.0, 1.0]})
>>> sorted(warm_up(lambda: net))
['alternatives', 'best', 'network', 'pareto', 'transfers', 'via']
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from eurasia.corridors.energy.freight import baseline_freight_dependence
from eurasia.corridors.io.sealanes import compare_lengths
from eurasia.corridors.network.model import Network
from eurasia.corridors.routing.plan import RouteQuery, plan
from eurasia.errors import EurasiaError

__all__ = ["start_warm_up", "warm_up"]

log = logging.getLogger("eurasia.http")


def _pair(network: Network) -> tuple[str, str, str]:
    """Return the nodes of a path over two edges through three different nodes.

    Returns
    -------
    tuple of str
        Origin, via and destination node ids (the first and last node when there is no such
        path).
    """
    src, dst, ptr = network.edge_source, network.edge_target, network.indptr
    node = network.vertex_node
    ids = network.node_ids
    for edge in range(network.n_edges):
        first, middle = node[src[edge]], node[dst[edge]]
        for onward in range(ptr[dst[edge]], ptr[dst[edge] + 1]):
            last = node[dst[onward]]
            if len({first, middle, last}) == 3:
                return str(ids[first]), str(ids[middle]), str(ids[last])
    return str(ids[0]), str(ids[0]), str(ids[-1])


def warm_up(get_network: Callable[[], Network]) -> dict[str, float]:
    """Load the network and answer one query of each kind; return the seconds each took.

    A query the network cannot answer (no route, no such cost column) is skipped: its kernel is
    loaded anyway by the time it fails or is loaded by the next query.

    Parameters
    ----------
    get_network
        Returns the network the app serves (the same cached object the requests use).

    Returns
    -------
    dict of str to float
        ``network``, ``best``, ``pareto``, ``alternatives``, ``transfers``, ``via``: seconds.
    """
    timings: dict[str, float] = {}
    start = time.perf_counter()
    network = get_network()
    timings["network"] = time.perf_counter() - start
    origin, middle, destination = _pair(network)
    queries = {
        "best": RouteQuery(origin, destination),
        "pareto": RouteQuery(origin, destination, pareto=("time", "cost")),
        "alternatives": RouteQuery(origin, destination, alternatives=2),
        "transfers": RouteQuery(origin, destination, max_transfers=3),
        "via": RouteQuery(origin, destination, via=(middle,)),
    }
    for name, query in queries.items():
        start = time.perf_counter()
        try:
            plan(network, query)
        except (EurasiaError, KeyError, ValueError) as exc:  # a network without that column
            log.debug("warm-up query %s skipped: %s", name, exc)
        timings[name] = time.perf_counter() - start
    return timings


def start_warm_up(get_network: Callable[[], Network]) -> threading.Thread:
    """Run :func:`warm_up` in a daemon thread and return the thread (already started)."""

    def run() -> None:
        start = time.perf_counter()
        try:
            timings = warm_up(get_network)
            begin = time.perf_counter()  # the sea lanes of the map's sea and ferry links
            compare_lengths(get_network())  # (functools.lru_cache: once per pair of ports)
            timings["sea_lanes"] = time.perf_counter() - begin
            begin = time.perf_counter()  # the freight index beside /api/energy/dependence
            baseline_freight_dependence()  # (functools.cache: the baseline run, once)
            timings["energy_freight"] = time.perf_counter() - begin
        except Exception:  # never take the server down for a warm-up
            log.exception("warm-up failed")
            return
        log.info(
            "warm-up done in %.2f s (%s)",
            time.perf_counter() - start,
            ", ".join(f"{k} {v:.2f} s" for k, v in timings.items()),
        )

    thread = threading.Thread(target=run, name="eurasia-warm-up", daemon=True)
    thread.start()
    return thread
