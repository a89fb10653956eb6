"""Building the bundled network from its files, against NetworkX building the same graph."""

from __future__ import annotations

import time
from typing import Any

import networkx as nx

from eurasia.corridors.io.dataset import network_from_dataset, read_dataset


def _best(fn: Any, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def run() -> dict[str, Any]:
    """Time read+check, array build, and a NetworkX MultiDiGraph of the same edges."""
    dataset = read_dataset()
    net = network_from_dataset(dataset)
    read_s = _best(read_dataset)
    build_s = _best(lambda: network_from_dataset(dataset))
    src, tgt = net.edge_source.tolist(), net.edge_target.tolist()
    costs = {k: v.tolist() for k, v in net.costs.items()}

    def networkx_build() -> None:
        g = nx.MultiDiGraph()
        for k, (s, t) in enumerate(zip(src, tgt, strict=True)):
            g.add_edge(s, t, **{name: col[k] for name, col in costs.items()})

    nx_s = _best(networkx_build)
    return {
        "title": "Network build",
        "description": (
            f"Bundled network ({net.n_nodes} nodes, {net.n_vertices} vertices, {net.n_edges} "
            "edges): reading and checking the files, building the CSR arrays with every cost, "
            "and NetworkX adding the same edges with the same costs (best of 5)."
        ),
        "columns": ["step", "seconds"],
        "rows": [
            {"step": "read + validate files", "seconds": read_s},
            {"step": "eurasia build (costs + CSR)", "seconds": build_s},
            {"step": "networkx MultiDiGraph of the same edges", "seconds": nx_s},
            {"step": "total load (read + build)", "seconds": read_s + build_s},
        ],
        "notes": "NetworkX gets the edges ready-made; eurasia's build also computes the costs.",
    }
