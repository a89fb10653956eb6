"""Scenario runs in the store: migration matches the table; job life cycle on both backends."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine

from eurasia.errors import NotFoundError
from eurasia.store import corridors as repo
from eurasia.store.db import session_scope
from eurasia.store.tables import Base


def test_migration_matches_the_table(engine: Engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    mine = [d for d in diff if "corridor_scenario_runs" in repr(d)]
    assert mine == []


def test_run_life_cycle(engine: Engine) -> None:
    with session_scope(engine) as session:
        a = repo.create_run(session, scenario="baseline_2024", yaml_text="", year=2024, user="ann")
        b = repo.create_run(session, scenario="x", yaml_text="name: x", year=None, user="bob")
        ids = (a.id, b.id)
    with session_scope(engine) as session:
        repo.start_run(session, ids[0])
        repo.finish_run(session, ids[0], summary={"indicators": {"transit_mt": 27.4}})
        repo.fail_run(session, ids[1], error="x.yaml: year: expected a whole year")
    with session_scope(engine) as session:
        done, failed = repo.get_run(session, ids[0]), repo.get_run(session, ids[1])
        assert (done.status, done.summary) == ("succeeded", {"indicators": {"transit_mt": 27.4}})
        assert done.started_at is not None
        assert done.finished_at is not None
        assert (failed.status, failed.summary) == ("failed", None)
        assert failed.error.startswith("x.yaml")
        assert repo.count_runs(session) == 2
        assert {r.id for r in repo.list_runs(session, limit=1)} <= set(ids)
        with pytest.raises(NotFoundError, match="no scenario run 'nope'"):
            repo.get_run(session, "nope")
