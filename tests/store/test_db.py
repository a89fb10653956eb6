"""The store on SQLite and PostgreSQL: migrations, pragmas, all-or-nothing sessions, loads."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, select, text

from eurasia.errors import ConfigError, StoreError
from eurasia.store import loaders
from eurasia.store.db import (
    current_revisions,
    head_revisions,
    make_engine,
    ping,
    session_scope,
    upgrade,
)
from eurasia.store.loaders import BundledDataset, load_bundled
from eurasia.store.tables import DataLoad


def test_upgrade_creates_tables_and_reaches_heads(engine: Engine) -> None:
    assert current_revisions(engine) == head_revisions()
    assert "data_loads" in inspect(engine).get_table_names()


def test_upgrade_twice_is_a_noop(engine: Engine) -> None:
    before = current_revisions(engine)
    upgrade(engine)
    assert current_revisions(engine) == before


def test_fresh_database_has_no_revision(database_url: str) -> None:
    eng = make_engine(database_url)
    assert current_revisions(eng) == frozenset()
    eng.dispose()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(sqlite_url: str) -> None:
    eng = make_engine(sqlite_url)
    with eng.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    eng.dispose()


def test_session_scope_rolls_back_on_error(engine: Engine) -> None:
    with pytest.raises(RuntimeError, match="boom"), session_scope(engine) as session:
        session.add(DataLoad(dataset="x", checksum="0" * 64, rows=1))
        session.flush()
        raise RuntimeError("boom")
    with session_scope(engine) as session:
        assert session.scalars(select(DataLoad)).all() == []


def test_unreachable_postgres_names_the_database() -> None:
    eng = make_engine("postgresql://nobody@127.0.0.1:1/nothing")
    with pytest.raises(StoreError, match=r"127\.0\.0\.1:1/nothing is unreachable"):
        ping(eng)


def test_missing_sqlite_directory_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        make_engine(f"sqlite:///{tmp_path / 'absent' / 'x.db'}")


@pytest.mark.parametrize("url", ["mysql://u@h/db", "not a url"])
def test_unsupported_urls_are_config_errors(url: str) -> None:
    with pytest.raises(ConfigError, match="EURASIA_DATABASE_URL"):
        make_engine(url)


def test_load_bundled_is_idempotent_and_all_or_nothing(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "rows.txt"
    source.write_text("a\nb\n")
    calls: list[int] = []

    def write(session: object) -> int:
        calls.append(1)
        return len(source.read_text().split())

    dataset = BundledDataset("demo", (source,), write)
    monkeypatch.setattr(loaders, "bundled_datasets", lambda: [dataset])
    first = load_bundled(engine)
    second = load_bundled(engine)
    assert [(r.rows, r.skipped) for r in first] == [(2, False)]
    assert [(r.rows, r.skipped) for r in second] == [(2, True)]
    assert len(calls) == 1

    source.write_text("a\nb\nc\n")

    def failing(session: object) -> int:
        raise ValueError("bad row")

    monkeypatch.setattr(
        loaders, "bundled_datasets", lambda: [BundledDataset("demo", (source,), failing)]
    )
    with pytest.raises(ValueError, match="bad row"):
        load_bundled(engine)
    with session_scope(engine) as session:
        record = session.get(DataLoad, "demo")
        assert record is not None
        assert record.rows == 2
        assert session.execute(text("SELECT count(*) FROM data_loads")).scalar() == 1
