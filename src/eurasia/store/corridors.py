"""Store tables of the corridors pillar: scenario runs as jobs (id, status, result).

A run is created ``queued`` with the scenario it will run (a bundled name or YAML text) and its
year, moves to ``running`` and ends ``succeeded`` with the JSON summary of the outcome, or
``failed`` with the error message. Writes run in the caller's session.

The bundled scenarios are run once at ``eurasia db load`` (:func:`scenarios_dataset`) and stored
as finished runs with fixed ids (``bundled-<name>``) by :data:`PRECOMPUTED_BY`, so every reader
sees results without running anything; they are run again only when the inputs change (the
corridor data files or the model code, by checksum).

Examples
--------
>>> from eurasia.store.db import make_engine, session_scope, upgrade
>>> engine = make_engine("sqlite://")
>>> upgrade(engine)
>>> with session_scope(engine) as session:
...     run = create_run(session, scenario="baseline_2024", yaml_text="", year=None, user="ann")
...     _ = finish_run(session, run.id, summary={"indicators": {"transit_mt": 27.4}})
...     get_run(session, run.id).status
'succeeded'
>>> engine.dispose()
"""

from __future__ import annotations

import functools
import json
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Index, Integer, String, Text, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from eurasia.errors import NotFoundError
from eurasia.store.loaders import BundledDataset, files_checksum
from eurasia.store.tables import Base, utcnow

__all__ = [
    "PRECOMPUTED_BY",
    "RUN_STATUSES",
    "ScenarioRunRow",
    "count_runs",
    "create_run",
    "fail_run",
    "finish_run",
    "get_run",
    "list_runs",
    "precomputed_id",
    "scenarios_dataset",
    "start_run",
    "write_bundled_runs",
]

#: Life cycle of a run.
RUN_STATUSES = ("queued", "running", "succeeded", "failed")


class ScenarioRunRow(Base):
    """One scenario run requested through the API or the CLI."""

    __tablename__ = "corridor_scenario_runs"
    __table_args__ = (Index("ix_corridor_scenario_runs_created_at", "created_at"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    scenario: Mapped[str] = mapped_column(String(200))
    yaml_text: Mapped[str] = mapped_column(Text, default="")
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    created_by: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    error: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str | None] = mapped_column(Text, nullable=True)

    @property
    def summary(self) -> dict[str, Any] | None:
        """The stored outcome summary, parsed."""
        return None if self.result is None else dict(json.loads(self.result))


def create_run(
    session: Session, *, scenario: str, yaml_text: str, year: int | None, user: str
) -> ScenarioRunRow:
    """Add a queued run and return it (flushed, so its id is set)."""
    row = ScenarioRunRow(
        id=uuid.uuid4().hex,
        scenario=scenario,
        yaml_text=yaml_text,
        year=year,
        status="queued",
        created_by=user,
        created_at=utcnow(),
        error="",
    )
    session.add(row)
    session.flush()
    return row


def get_run(session: Session, run_id: str) -> ScenarioRunRow:
    """Return the run with this id.

    Raises
    ------
    NotFoundError
        If there is none.
    """
    row = session.get(ScenarioRunRow, run_id)
    if row is None:
        msg = f"no scenario run {run_id!r}"
        raise NotFoundError(msg)
    return row


def start_run(session: Session, run_id: str) -> ScenarioRunRow:
    """Mark a run as running."""
    row = get_run(session, run_id)
    row.status, row.started_at = "running", utcnow()
    return row


def finish_run(session: Session, run_id: str, *, summary: dict[str, Any]) -> ScenarioRunRow:
    """Store the outcome summary and mark the run as succeeded."""
    row = get_run(session, run_id)
    row.result = json.dumps(summary, default=str)
    row.status, row.finished_at = "succeeded", utcnow()
    return row


def fail_run(session: Session, run_id: str, *, error: str) -> ScenarioRunRow:
    """Record why a run failed."""
    row = get_run(session, run_id)
    row.error = error[:10_000]
    row.status, row.finished_at = "failed", utcnow()
    return row


def list_runs(session: Session, *, limit: int = 50, offset: int = 0) -> list[ScenarioRunRow]:
    """Return runs, newest first."""
    stmt = (
        select(ScenarioRunRow)
        .order_by(ScenarioRunRow.created_at.desc(), ScenarioRunRow.id)
        .limit(limit)
        .offset(offset)
    )
    return list(session.scalars(stmt))


def count_runs(session: Session) -> int:
    """Return the number of runs stored."""
    return int(session.scalar(select(func.count()).select_from(ScenarioRunRow)) or 0)


#: ``created_by`` of the runs stored at load: not a valid username, so no user owns them.
PRECOMPUTED_BY = "(bundled)"
#: The code a run's result depends on, besides the data files (so a model change reruns them).
_MODEL_PACKAGES = ("assignment", "graph", "network", "rules", "scenarios")


def precomputed_id(name: str) -> str:
    """Id of the stored run of bundled scenario ``name`` (the same across loads, so links last).

    Examples
    --------
    >>> precomputed_id("baseline_2024")
    'bundled-baseline_2024'
    """
    return f"bundled-{name}"


def _inputs() -> tuple[Path, ...]:
    from eurasia.corridors.io.dataset import bundled_data_dir

    data = bundled_data_dir()
    package = data.parent
    files = sorted(p for p in data.rglob("*") if p.is_file())
    for sub in _MODEL_PACKAGES:
        files += sorted((package / sub).rglob("*.py"))
    return tuple(files)


@functools.lru_cache(maxsize=1)
def _bundled_summaries(checksum: str) -> tuple[tuple[str, int, dict[str, Any]], ...]:
    """Run every bundled scenario: ``(name, year, stored summary)`` each.

    Kept for the process under the inputs' ``checksum`` (data files and model code), so a second
    load in the same process (a test run, a forced reload) writes the same results without
    running the models again; any change of the inputs changes the key.
    """
    from eurasia.corridors.scenarios.parsing import bundled_scenario_names, load_scenario
    from eurasia.corridors.scenarios.running import run_scenario
    from eurasia.corridors.scenarios.summary import stored_summary

    results = []
    for name in bundled_scenario_names():
        scenario = load_scenario(name)
        results.append((name, scenario.year, stored_summary(run_scenario(scenario))))
    return tuple(results)


def write_bundled_runs(session: Session) -> int:
    """Run every bundled scenario and store it as a finished run; return how many.

    Every scenario is run before anything is written, so a failing one leaves the stored runs as
    they were (and, inside :func:`eurasia.store.loaders.load_bundled`, loads nothing). The runs
    stored by an earlier load are replaced.
    """
    results = _bundled_summaries(files_checksum(_inputs()))
    session.execute(delete(ScenarioRunRow).where(ScenarioRunRow.created_by == PRECOMPUTED_BY))
    for name, year, summary in results:
        now = utcnow()
        session.add(
            ScenarioRunRow(
                id=precomputed_id(name),
                scenario=name,
                yaml_text="",
                year=year,
                status="succeeded",
                created_by=PRECOMPUTED_BY,
                created_at=now,
                started_at=now,
                finished_at=now,
                error="",
                result=json.dumps(summary, default=str),
            )
        )
    session.flush()
    return len(results)


def scenarios_dataset() -> BundledDataset:
    """Return the bundled scenarios' precomputed runs as a dataset for ``eurasia db load``."""
    return BundledDataset(name="corridor-scenario-runs", files=_inputs(), write=write_bundled_runs)
