"""The agenda store on SQLite and PostgreSQL: migration = tables, round trips, bundled load."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, MetaData, func, select

from eurasia.agenda.model import Event, EventFilter, Override, Venue
from eurasia.agenda.seed import load_seed
from eurasia.errors import NotFoundError
from eurasia.store import agenda as repo
from eurasia.store.db import session_scope
from eurasia.store.loaders import load_bundled
from eurasia.store.tables import Base

AGENDA_TABLES = (
    "agenda_sources",
    "agenda_events",
    "agenda_programmes",
    "agenda_projects",
    "agenda_workforce_needs",
)


def _table_of(entry: object) -> str | None:
    item = entry[0] if isinstance(entry, list) else entry
    assert isinstance(item, tuple)
    if item[0].startswith(("modify_", "add_column", "remove_column")):
        return str(item[2])
    obj = item[1]
    return getattr(getattr(obj, "table", obj), "name", None)


def test_migration_matches_table_definitions(engine: Engine) -> None:
    mine = MetaData(naming_convention=Base.metadata.naming_convention)
    for name in AGENDA_TABLES:
        Base.metadata.tables[name].to_metadata(mine)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, mine)
    assert [d for d in diff if _table_of(d) in AGENDA_TABLES] == []


def test_event_round_trip_and_filters(engine: Engine, make_event: Callable[..., Event]) -> None:
    event = make_event(
        "rt@test",
        kind="business",
        start=datetime(2025, 9, 18, 10),
        end=datetime(2025, 9, 18, 18),
        venue=Venue(city="Astana", country="KZ", name="Hall", lat=51.1, lon=71.4),
        organisers=("ktz",),
        rrules=("FREQ=YEARLY;UNTIL=20300101T000000Z",),
        exdates=(datetime(2026, 9, 18, 10),),
        overrides=(Override(datetime(2027, 9, 18, 10), title="Jubilee", status="tentative"),),
        extra="X-COLOUR:green",
    )
    secret = make_event(
        "secret@test", visibility="private", start=date(2025, 1, 1), end=date(2025, 1, 2)
    )
    with session_scope(engine) as session:
        assert repo.save_events(session, [event, secret], origin="test") == 2
    with session_scope(engine) as session:
        assert repo.get_event(session, "rt@test") == event
        assert [e.uid for e in repo.list_events(session)] == ["rt@test"]
        assert len(repo.list_events(session, EventFilter(signed_in=True))) == 2
        assert [
            e.uid for e in repo.list_events(session, EventFilter(city="ASTANA", organiser="ktz"))
        ] == ["rt@test"]
        assert repo.list_events(session, EventFilter(kind="culture")) == []
        repo.delete_event(session, "secret@test")
        with pytest.raises(NotFoundError, match="secret@test"):
            repo.get_event(session, "secret@test")


def test_import_is_all_or_nothing(engine: Engine, make_event: Callable[..., Event]) -> None:
    good = make_event("good@test")
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        repo.save_events(session, [good], origin="test")
        raise RuntimeError("failure after a partial write")
    with session_scope(engine) as session:
        assert repo.list_events(session) == []


def test_bundled_load_is_idempotent_and_complete(engine: Engine) -> None:
    seed = load_seed()
    first = {r.name: r for r in load_bundled(engine)}
    assert not first["agenda"].skipped
    assert {r.name: r.skipped for r in load_bundled(engine)}["agenda"] is True
    with session_scope(engine) as session:
        events = repo.list_events(session, EventFilter(signed_in=True))
        assert sorted(e.uid for e in events) == sorted(e.uid for e in seed.events)
        assert repo.list_programmes(session) == sorted(seed.programmes, key=lambda p: p.id)
        assert repo.list_projects(session) == sorted(seed.projects, key=lambda p: p.id)
        sources = session.scalar(select(func.count()).select_from(repo.AgendaSource))
        assert sources == 5
        user_event = Event(
            "mine@test", "Mine", "culture", date(2025, 1, 1), date(2025, 1, 2), "UTC"
        )
        repo.save_events(session, [user_event], origin="import:x.ics")
    load_bundled(engine, force=True)
    with session_scope(engine) as session:
        assert repo.get_event(session, "mine@test") == user_event  # reload keeps others' rows
        with pytest.raises(NotFoundError):
            repo.get_project(session, "nope")
        with pytest.raises(NotFoundError):
            repo.get_programme(session, "nope")
