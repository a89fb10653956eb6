"""Route query speed on the issue-14 network (road layer, ports, 258 nodes) against the network
before it (229 nodes, read from git at commit 18623f7), same machine, same run.

For each network: p50 of ``route()`` with its explanation over 300 random node pairs (seeded),
and the p50 of 50 Chongqing -> Duisburg queries, after one warm-up query. Usage::

    .venv/bin/python benchmarks/bench_network_growth.py
"""

from __future__ import annotations

import random
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from eurasia.corridors.io.dataset import load_network
from eurasia.corridors.routing.search import route
from eurasia.errors import NoRouteError

ROOT = Path(__file__).resolve().parents[1]
BEFORE = "18623f7"
FILES = (
    "nodes.geojson",
    "links.csv",
    "transfers.csv",
    "services.csv",
    "parameters.csv",
    "sources.csv",
)


def _before(folder: Path) -> Path:
    for name in FILES:
        text = subprocess.run(
            ["git", "show", f"{BEFORE}:src/eurasia/corridors/data/{name}"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _p50(path: Path | None) -> tuple[float, float, int, int]:
    net = load_network(path)
    route(net, "Chongqing", "Duisburg")
    ids = [str(i) for i in net.node_ids]
    rng = random.Random(7)
    times = []
    for origin, destination in (tuple(rng.sample(ids, 2)) for _ in range(300)):
        start = time.perf_counter()
        try:
            route(net, origin, destination)
        except NoRouteError:
            continue
        times.append((time.perf_counter() - start) * 1000)
    fixed = []
    for _ in range(50):
        start = time.perf_counter()
        route(net, "Chongqing", "Duisburg")
        fixed.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), statistics.median(fixed), net.n_vertices, net.n_edges


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        before = _p50(_before(Path(tmp)))
    now = _p50(None)
    print("| network | vertices | edges | p50 random pairs ms | p50 Chongqing-Duisburg ms |")
    print("|---|---|---|---|---|")
    for name, (rand, fixed, nv, ne) in (("before issue 14", before), ("issue 14", now)):
        print(f"| {name} | {nv} | {ne} | {rand:.3f} | {fixed:.3f} |")
    print(f"ratio (issue 14 / before): {now[0] / before[0]:.2f} and {now[1] / before[1]:.2f}")


if __name__ == "__main__":
    main()
