"""First-request time after ``eurasia serve``: the first route and Pareto query, with and without
the start-up warm-up (``EURASIA_WARM_UP``).

Each variant starts ``eurasia serve`` in a fresh process on a new SQLite store (numba's on-disk
kernel cache already filled, as after any earlier run), waits until the server answers, and, for
the warm-up variant, until it logs that the warm-up is done; then it times one route query
(``/api/routes``, Chongqing to Duisburg), one Pareto query (time, cost, CO2) and a second of each.
A third variant sends the first route the moment the server answers, while the warm-up is still
running. Run once: ``python benchmarks/run.py first_request``.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROUTE = "/api/routes?origin=Chongqing&destination=Duisburg"
PARETO = ROUTE + "&pareto=time,cost,co2"
EURASIA = Path(sys.executable).with_name("eurasia")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> float:
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=120) as response:
        json.load(response)
    return time.perf_counter() - start


def _variant(*, warm_up: bool, wait_for_warm_up: bool) -> dict[str, Any]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as data_dir:
        env = {
            **os.environ,
            "EURASIA_DATA_DIR": data_dir,
            "EURASIA_PORT": str(port),
            "EURASIA_WARM_UP": "true" if warm_up else "false",
            "EURASIA_LOG_LEVEL": "INFO",
        }
        start = time.perf_counter()
        log = Path(data_dir) / "server.log"
        with log.open("w") as err:
            proc = subprocess.Popen(
                [str(EURASIA), "serve"], env=env, stdout=subprocess.DEVNULL, stderr=err
            )
            try:
                while True:
                    try:
                        with urllib.request.urlopen(base + "/health", timeout=5):
                            break
                    except OSError:
                        if proc.poll() is not None or time.perf_counter() - start > 120:
                            msg = f"eurasia serve did not start: {log.read_text()[-2000:]}"
                            raise RuntimeError(msg) from None
                        time.sleep(0.05)
                ready = time.perf_counter() - start
                warm = None
                if warm_up and wait_for_warm_up:
                    while "warm-up done" not in log.read_text():
                        if time.perf_counter() - start > 120:
                            raise RuntimeError("no warm-up log line within 120 s")
                        time.sleep(0.05)
                    warm = time.perf_counter() - start
                row = {
                    "variant": (
                        "no warm-up"
                        if not warm_up
                        else "warm-up, after it is done"
                        if wait_for_warm_up
                        else "warm-up, request at once"
                    ),
                    "server answers (s)": ready,
                    "warm-up done (s)": warm if warm is not None else "-",
                    "first route (s)": _get(base + ROUTE),
                    "first Pareto (s)": _get(base + PARETO),
                    "second route (s)": _get(base + ROUTE),
                    "second Pareto (s)": _get(base + PARETO),
                }
            finally:
                proc.terminate()
                proc.wait(timeout=30)
    return row


def run() -> dict[str, Any]:
    """Measure the three variants once each."""
    rows = [
        _variant(warm_up=False, wait_for_warm_up=False),
        _variant(warm_up=True, wait_for_warm_up=True),
        _variant(warm_up=True, wait_for_warm_up=False),
    ]
    return {
        "title": "First request after `eurasia serve`",
        "description": (
            "Seconds from starting `eurasia serve` (fresh process and store, numba's disk cache "
            "filled) until the server answers `/health`, until the background warm-up has "
            "loaded the network and the route kernels, and the latency of the first and second "
            "route (Chongqing-Duisburg) and Pareto query (time, cost, CO2) over HTTP."
        ),
        "columns": [
            "variant",
            "server answers (s)",
            "warm-up done (s)",
            "first route (s)",
            "first Pareto (s)",
            "second route (s)",
            "second Pareto (s)",
        ],
        "rows": rows,
        "notes": (
            "Without the warm-up the first route pays for reading the network and loading the "
            "cached kernels. A request that arrives while the warm-up is still running waits "
            "for the same work (the last row), so it is no slower than without the warm-up."
        ),
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
