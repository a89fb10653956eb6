"""Crash safety: a process killed (SIGKILL) while it writes leaves a consistent store, and the work
can simply be run again. On SQLite and PostgreSQL.

* An import (``eurasia indicators import`` of 50 000 values) is killed at the moment its
  transaction has started writing: on PostgreSQL when its backend holds a transaction id, on
  SQLite when the write-ahead log starts to grow. Nothing of it may remain; the rerun imports all.
* A scenario run (the API's background job) is killed at points spread over its life, the last
  ones around the moment it stores its result. The run is then queued, running or succeeded with
  its whole summary — never a half-written result — and running it again succeeds.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text

from eurasia.store import corridors as runs
from eurasia.store.db import make_engine, session_scope, upgrade
from eurasia.store.indicators import ObservationRow
from eurasia.store.loaders import load_bundled

pytestmark = pytest.mark.timeout(300)

ROOT = Path(__file__).resolve().parents[2]
EURASIA = Path(sys.executable).with_name("eurasia")
ROWS = 50_000
#: When the scenario job is killed, as fractions of its working time in an uninterrupted run
#: (the last ones near the end, where the result is stored). EURASIA_CRASH_KILLS=20 spreads twenty kills.
_KILLS = int(os.environ.get("EURASIA_CRASH_KILLS", "3"))
FRACTIONS = [0.5, 0.9, 0.97] if _KILLS == 3 else [(k + 0.5) / _KILLS for k in range(_KILLS)]


@pytest.fixture
def store(database_url: str) -> Engine:
    engine = make_engine(database_url)
    upgrade(engine)
    load_bundled(engine)
    yield engine
    engine.dispose()


def _env(url: str, tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "EURASIA_DATABASE_URL": url, "EURASIA_DATA_DIR": str(tmp_path / "data")}


def _big_csv(path: Path) -> Path:
    lines = ["indicator,ref_area,period,value,unit,source_id,counterpart_area"]
    lines += [
        f"trade.exports,KAZ,{year},{year * 0.5 + k},USD,edb-2025-08,A{k:03d}"
        for k in range(ROWS // 1000)
        for year in range(1025, 2025)
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


def _observations(engine: Engine) -> int:
    with session_scope(engine) as session:
        return int(session.scalar(select(func.count()).select_from(ObservationRow)) or 0)


def _writing(engine: Engine, url: str) -> Callable[[], bool]:
    """A probe: has some other connection's transaction started writing?"""
    if engine.dialect.name == "postgresql":
        query = text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
        )

        def pg_probe() -> bool:
            with engine.connect() as conn:
                return bool(conn.execute(query).scalar())

        return pg_probe
    wal = Path(url.removeprefix("sqlite:///") + "-wal")
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return lambda: wal.exists() and wal.stat().st_size > 0


def _kill_when(process: subprocess.Popen[bytes], ready: Callable[[], bool], limit: float) -> bool:
    """SIGKILL ``process`` as soon as ``ready()``; False if it ended first."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if ready():
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            return True
        time.sleep(0.002)
    pytest.fail("the import never started writing")


def _consistent(engine: Engine) -> None:
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
    else:
        with engine.connect() as conn:  # the dead client's transaction is gone, its locks too
            stuck = conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND state LIKE 'idle in transaction%'"
                )
            ).scalar()
            assert stuck == 0


def test_import_killed_while_writing_leaves_nothing_and_reruns(
    store: Engine, database_url: str, tmp_path: Path
) -> None:
    csv_path = _big_csv(tmp_path / "big.csv")
    before = _observations(store)
    command = [str(EURASIA), "indicators", "import", str(csv_path)]
    process = subprocess.Popen(
        command,
        env=_env(database_url, tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    assert _kill_when(process, _writing(store, database_url), limit=120), "finished before the kill"
    assert process.returncode == -signal.SIGKILL
    _consistent(store)
    assert _observations(store) == before  # all or nothing: nothing
    rerun = subprocess.run(
        command, env=_env(database_url, tmp_path), capture_output=True, text=True, cwd=ROOT
    )
    assert rerun.returncode == 0, rerun.stderr
    assert f"imported {ROWS} observations" in rerun.stdout
    assert _observations(store) == before + ROWS
    _consistent(store)


def _start_worker(url: str, run_id: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.crash.worker", url, run_id, "baseline_2024"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _new_run(engine: Engine) -> str:
    with session_scope(engine) as session:
        row = runs.create_run(
            session, scenario="baseline_2024", yaml_text="", year=2024, user="crash-test"
        )
        return row.id


def _check_run(engine: Engine, run_id: str) -> str:
    with session_scope(engine) as session:
        row = runs.get_run(session, run_id)
        status, result = row.status, row.result
    assert status in ("queued", "running", "succeeded"), status
    if status == "succeeded":
        summary = json.loads(result or "")  # a whole JSON document, not a prefix of one
        assert summary, "succeeded without a result"
    else:
        assert result is None, "a result was stored but the run is not marked succeeded"
    return status


def _status(engine: Engine, run_id: str) -> str:
    with session_scope(engine) as session:
        return runs.get_run(session, run_id).status


def _wait_running(engine: Engine, run_id: str, worker: subprocess.Popen[bytes]) -> float:
    """Wait until the job is marked running; return that moment."""
    while _status(engine, run_id) == "queued":
        assert worker.poll() is None, "the worker ended before it started the job"
        time.sleep(0.01)
    return time.monotonic()


def _wait_finished(engine: Engine, run_id: str, worker: subprocess.Popen[bytes]) -> float:
    """Wait until the job is no longer running; return that moment."""
    while _status(engine, run_id) == "running":
        assert worker.poll() is None or _status(engine, run_id) != "running", "worker died"
        time.sleep(0.005)
    return time.monotonic()


def test_scenario_run_killed_at_any_moment_stays_consistent_and_reruns(
    store: Engine, database_url: str
) -> None:
    # runs to their end, as the reference: how long one works from being marked running to
    # being marked succeeded (not to the process's exit, whose teardown can take longer than the
    # work). The first may compile and cache the numba kernels; the second is the one timed.
    for _ in range(2):
        run_id = _new_run(store)
        worker = _start_worker(database_url, run_id)
        started = _wait_running(store, run_id, worker)
        working = _wait_finished(store, run_id, worker) - started
        assert worker.wait(timeout=240) == 0
        assert _check_run(store, run_id) == "succeeded"
    seen = []
    for fraction in FRACTIONS:
        run_id = _new_run(store)
        worker = _start_worker(database_url, run_id)
        _wait_running(store, run_id, worker)
        time.sleep(working * fraction)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
        _consistent(store)
        seen.append(_check_run(store, run_id))
    assert "running" in seen  # at least one kill landed while the job was at work
    rerun = _start_worker(database_url, run_id)  # the last job, run again, ends well
    assert rerun.wait(timeout=240) == 0
    assert _check_run(store, run_id) == "succeeded"
