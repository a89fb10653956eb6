"""Corridor shares by route family: each tonne counted once, by the path it takes."""

from __future__ import annotations

import numpy as np
import pytest

from eurasia.corridors.assignment.families import class_paths, route_family
from eurasia.corridors.network.model import Network


def test_class_paths_use_up_the_flow() -> None:
    tail = np.array([0, 0, 1, 2, 1])
    head = np.array([1, 2, 3, 3, 2])
    flow = np.array([3.0, 1.0, 2.0, 2.0, 1.0])
    paths = class_paths(tail, head, flow, [0], [3])
    assert sum(p[3] for p in paths) == pytest.approx(4.0)
    used = np.zeros(5)
    for _o, _d, links, amount in paths:
        used[links] += amount
    assert np.allclose(used, flow)


def test_families_follow_what_the_path_does() -> None:
    net = Network.from_edges(
        ["kz", "az", "kz", "ru", "kz"],
        ["az", "ge", "ru", "de", "ir"],
        {"km": [1.0] * 5},
        node_ids=["kz", "az", "ge", "ru", "de", "ir"],
        nodes={"country": ["KZ", "AZ", "GE", "RU", "DE", "IR"]},
        edges={"mode": ["ferry", "rail", "rail", "rail", "rail"]},
    )
    e = {str(i): int(k) for k, i in enumerate(net.edge_id.tolist())}
    assert route_family(net, [e["e0"], e["e1"]], "KZ", "GE") == "titr"
    assert route_family(net, [e["e2"], e["e3"]], "KZ", "DE") == "northern"
    assert route_family(net, [e["e2"]], "KZ", "RU") == "other"  # bilateral: Russia is an end
    assert route_family(net, [e["e4"]], "KZ", "IR") == "instc_east"


@pytest.mark.slow
def test_baseline_shares_count_each_tonne_once() -> None:
    from eurasia.corridors.scenarios.running import run_scenario

    out = run_scenario("baseline_2024")
    families = out.summary["route_families"]
    served = out.summary["indicators"]["served_mt"]
    assert sum(f["mt"] for f in families.values()) == pytest.approx(served, rel=1e-6)
    # the Middle Corridor family carries what crosses the Caspian to Azerbaijan, no more
    mc = out.summary["indicators"]["middle_corridor_mt"]
    assert families["titr"]["mt"] == pytest.approx(mc, rel=0.05)
    assert families["titr"]["share_tonnes"] < 0.1  # 4.5 of about 70 Mt, not a third
    assert sum(out.summary["route_family_shares"].values()) == pytest.approx(1.0)
    tkm = out.summary["indicators"]["tonne_km_bn"]
    assert sum(f["tonne_km_bn"] for f in families.values()) == pytest.approx(tkm, rel=1e-3)
