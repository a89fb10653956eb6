"""API under load: route queries, indicator reads and iCalendar feeds at rising request rates.

The app is served as users run it (``eurasia serve --workers 2`` on 127.0.0.1, the embedded SQLite
store with the bundled data) and driven by an open-loop generator: requests leave on a fixed
schedule whatever the server's pace, and each latency runs from the scheduled departure to the
last byte, so a server falling behind shows in p99 (no coordinated omission). Each kind of
request is offered at rising rates until p99 exceeds 2 s. For route queries the same
origin-destination pairs are also timed in-process (:func:`eurasia.corridors.routing.search.route`), so
the HTTP overhead is a ratio from the same run. Target: p99 < 100 ms for route queries at 100
requests/s on this 2-core machine, where the load generator shares the cores with the server.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from eurasia.corridors.io.dataset import load_network
from eurasia.corridors.routing.search import route
from eurasia.store.db import make_engine, upgrade
from eurasia.store.loaders import load_bundled

RATES = (25, 50, 100, 200)
SECONDS = 6.0
SATURATED_P99_MS = 2000.0
TARGET = ("route", 100, 100.0)  # (kind, requests/s, p99 ms)

ROUTE_PAIRS = [
    ("cn-chongqing", "de-duisburg"),
    ("cn-xian", "kz-almaty"),
    ("kz-astana", "tr-istanbul"),
    ("cn-urumqi", "ru-moscow"),
    ("kz-dostyk", "az-baku"),
    ("cn-yiwu", "ir-tehran"),
]
KINDS: dict[str, list[str]] = {
    "route": [f"/api/routes?origin={a}&destination={b}" for a, b in ROUTE_PAIRS],
    "indicator": [
        "/api/indicators/trade.turnover/observations",
        "/api/indicators/transit.cargo/observations",
        "/api/indicators?q=trade",
    ],
    "ical": [
        "/api/agenda/feeds/all.ics",
        "/api/agenda/feeds/kind/culture.ics",
        "/api/agenda/feeds/country/kz.ics",
    ],
}


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    url = f"sqlite:///{folder / 'eurasia.db'}"
    engine = make_engine(url)
    upgrade(engine)
    load_bundled(engine)
    engine.dispose()
    port = _free_port()
    env = {
        **os.environ,
        "EURASIA_DATABASE_URL": url,
        "EURASIA_DATA_DIR": str(folder),
        "EURASIA_LOG_LEVEL": "WARNING",
    }
    eurasia = Path(sys.executable).with_name("eurasia")
    command = [str(eurasia), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return process, base
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            msg = "eurasia serve did not come up"
            raise RuntimeError(msg)
        time.sleep(0.2)


async def _offer(base: str, paths: list[str], rate: int, seconds: float) -> dict[str, Any]:
    """Send ``rate`` requests/s for ``seconds`` on a fixed schedule; latencies from departure."""
    count = int(rate * seconds)
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=400, max_keepalive_connections=400)
    async with httpx.AsyncClient(base_url=base, timeout=10, limits=limits) as client:
        start = time.perf_counter()

        async def one(i: int) -> None:
            nonlocal errors
            due = start + i / rate
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            try:
                response = await client.get(paths[i % len(paths)])
                await response.aread()
                ok = response.status_code == 200
            except httpx.HTTPError:
                ok = False
            latencies.append((time.perf_counter() - due) * 1000)
            errors += not ok

        await asyncio.gather(*(one(i) for i in range(count)))
        elapsed = time.perf_counter() - start
    latencies.sort()
    return {
        "sent": count,
        "throughput": count / elapsed,
        "p50": latencies[len(latencies) // 2],
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "errors": errors,
    }


def _in_process_route_ms() -> float:
    network = load_network()
    for a, b in ROUTE_PAIRS:
        route(network, a, b)  # compile and cache
    times = []
    for _ in range(5):
        for a, b in ROUTE_PAIRS:
            t = time.perf_counter()
            route(network, a, b)
            times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def run() -> dict[str, Any]:
    """Offer each kind of request at rising rates to the served app; see the module docstring."""
    folder = Path(tempfile.mkdtemp(prefix="eurasia-load-"))
    process, base = _serve(folder)
    rows: list[dict[str, Any]] = []
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            for paths in KINDS.values():
                for path in paths * 4:  # warm both workers (JIT, caches); every path must answer
                    response = client.get(path)
                    if response.status_code != 200:
                        msg = f"GET {path} answered {response.status_code}: {response.text[:200]}"
                        raise RuntimeError(msg)
        in_process = _in_process_route_ms()
        for kind, paths in KINDS.items():
            for rate in RATES:
                result = asyncio.run(_offer(base, paths, rate, SECONDS))
                row = {
                    "requests": kind,
                    "offered /s": rate,
                    "served /s": result["throughput"],
                    "p50 ms": result["p50"],
                    "p99 ms": result["p99"],
                    "errors": result["errors"],
                    "p50 / in-process": result["p50"] / in_process if kind == "route" else "",
                }
                rows.append(row)
                if result["p99"] > SATURATED_P99_MS:
                    break
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
    kind, rate, limit = TARGET
    hit = next((r for r in rows if r["requests"] == kind and r["offered /s"] == rate), None)
    verdict = f"Target p99 < {limit:.0f} ms for {kind} queries at {rate} requests/s: " + (
        "not reached (saturated earlier)"
        if hit is None
        else f"p99 {hit['p99 ms']:.1f} ms, " + ("met" if hit["p99 ms"] < limit else "missed")
    )
    return {
        "title": "API under load: route queries, indicator reads, iCalendar feeds",
        "description": (
            f"`eurasia serve --workers 2` on 127.0.0.1 (SQLite store, bundled data); an open-loop "
            f"generator (httpx, asyncio) on the same 2 cores offers each kind of request for "
            f"{SECONDS:.0f} s at each rate, cycling over {len(ROUTE_PAIRS)} origin-destination "
            f"pairs, 3 indicator reads and 3 feeds. Latency from scheduled departure to last byte. "
            f"In-process route query (no HTTP): median {in_process:.2f} ms."
        ),
        "columns": [
            "requests",
            "offered /s",
            "served /s",
            "p50 ms",
            "p99 ms",
            "errors",
            "p50 / in-process",
        ],
        "rows": rows,
        "notes": verdict
        + ". A rate is not offered once p99 passes 2 s (saturation); a request unanswered 10 s"
        " after it left counts as an error. `p50 / in-process`: HTTP p50 over the median in-process route"
        " query (parsing, serialisation, the middleware and the loopback round trip).",
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2, default=str))
