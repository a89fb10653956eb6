"""Route query speed on the issue-14 network (road layer, ports, 258 nodes) against the network
before it (229 nodes, read from git at commit 18623f7), same machine, same run.

For each network: p50 of ``route()`` with its explanation over 300 random node pairs (seeded),
and the p50 of 50 Chongqing -> Duisburg queries, after one warm-up query. Part of ``make bench``
(``python benchmarks/run.py network_growth`` alone).
"""

from __future__ import annotations

import random
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

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


def run() -> dict[str, Any]:
    """Time both networks in one run; return the section for ``benchmarks/README.md``."""
    with tempfile.TemporaryDirectory() as tmp:
        before = _p50(_before(Path(tmp)))
    now = _p50(None)
    rows = [
        {
            "network": name,
            "vertices": nv,
            "edges": ne,
            "p50 random pairs ms": rand,
            "p50 Chongqing-Duisburg ms": fixed,
        }
        for name, (rand, fixed, nv, ne) in (("before issue 14", before), ("issue 14", now))
    ]
    notes = (
        f"Ratio issue 14 / before: {now[0] / before[0]:.2f} over random pairs and "
        f"{now[1] / before[1]:.2f} for Chongqing-Duisburg (target: p50 under 2 ms in-process)."
    )
    return {
        "title": "Route queries on the extended network (issue 14) against the network before it",
        "description": (__doc__ or "").strip().split("\n\n")[0],
        "columns": list(rows[0]),
        "rows": rows,
        "notes": notes,
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2, default=str))
