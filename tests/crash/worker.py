"""A scenario run as the API's background task does it, in a process of its own (to be killed).

Usage: ``python -m tests.crash.worker DATABASE_URL RUN_ID SCENARIO``.
"""

from __future__ import annotations

import sys

from eurasia.corridors.scenarios.parsing import load_scenario
from eurasia.jobs.scenario_runs import execute_run
from eurasia.store.db import make_engine


def main(url: str, run_id: str, scenario: str) -> None:
    """Run the queued ``run_id`` to its end, as ``POST /api/scenarios/runs`` would."""
    engine = make_engine(url)
    try:
        execute_run(engine, run_id, load_scenario(scenario))
    finally:
        engine.dispose()


if __name__ == "__main__":
    main(*sys.argv[1:4])
