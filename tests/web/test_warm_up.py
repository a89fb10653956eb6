"""No waiting on compilation: after start-up's warm-up, a fresh process answers its first route
and its first Pareto query within a second (they load nothing any more)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from eurasia.corridors.network.model import Network
from eurasia.http.warmup import start_warm_up, warm_up

SCRIPT = """
import json, sys, threading, time
from fastapi.testclient import TestClient
from eurasia.http.app import create_app
from eurasia.settings import Settings
settings = Settings(database_url="sqlite://", data_dir=sys.argv[1], warm_up=sys.argv[2] == "on")
with TestClient(create_app(settings)) as client:
    for thread in threading.enumerate():
        if thread.name == "eurasia-warm-up":
            thread.join(timeout=600)
    out = {}
    for name, url in (("route", "/api/routes?origin=Chongqing&destination=Duisburg"),
                      ("pareto", "/api/routes?origin=Xi'an&destination=Istanbul&pareto=time,cost,co2")):
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        out[name] = time.perf_counter() - start
print(json.dumps(out))
"""


def _first_requests(tmp_path: Path, warm: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path), warm],
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def test_first_route_and_pareto_after_start_answer_within_a_second(tmp_path: Path) -> None:
    warmed = _first_requests(tmp_path, "on")
    assert warmed["route"] < 1.0, warmed
    assert warmed["pareto"] < 1.0, warmed


def test_warm_up_answers_each_kind_of_query_and_runs_in_the_background() -> None:
    net = Network.from_edges(
        ["a", "b", "a"], ["b", "c", "c"], {"hours": [1.0, 1.0, 5.0], "usd": [9.0, 9.0, 1.0]}
    )
    timings = warm_up(lambda: net)
    assert set(timings) == {"network", "best", "pareto", "alternatives", "transfers", "via"}
    assert all(t >= 0 for t in timings.values())
    thread = start_warm_up(lambda: net)
    assert thread.daemon
    thread.join(timeout=60)
    assert not thread.is_alive()
