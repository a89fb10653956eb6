"""Editing programmes and projects in the store, on SQLite and PostgreSQL: create, update,
delete, owners, checks against ISCO-08 / ISCED-F and the agenda's sources, reload safety."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import Engine, func, select

from eurasia.agenda.model import Programme, Project, WorkforceNeed
from eurasia.errors import ConflictError, DataError, NotFoundError
from eurasia.store import agenda as repo
from eurasia.store.db import session_scope
from eurasia.store.loaders import load_bundled

WELDERS = Programme(
    id="aktau-welders",
    title="Welding and pipe fitting (dual)",
    provider="Aktau Polytechnic College",
    isced_field="0715",
    isced_level=4,
    mode="dual",
    country="KZ",
    target_isco=("7212", "7126"),
    intake_per_year=60,
    duration_years=2,
    start_year=2026,
    city="Aktau",
    partner_enterprises=("aktau-port",),
    illustrative="test programme",
)
HUB = Project(
    id="aktau-dry-port",
    title="Aktau dry port",
    sector="logistics",
    country="KZ",
    start_year=2026,
    end_year=2030,
    needs=(WorkforceNeed("8343", 20, 2027), WorkforceNeed("7212", 15, 2027)),
    city="Aktau",
    isced_fields=("1041",),
    illustrative="test project",
)


def test_programme_create_update_delete(engine: Engine) -> None:
    with session_scope(engine) as session:
        repo.create_programme(session, WELDERS, origin="user:eli", owner_id=3)
    with session_scope(engine) as session:
        assert repo.get_programme(session, WELDERS.id) == WELDERS
        assert repo.programme_owner(session, WELDERS.id) == 3
        assert repo.programme_owners(session) == {WELDERS.id: 3}
        changed = replace(WELDERS, intake_per_year=0, target_isco=("7212",), end_year=2030)
        repo.update_programme(session, changed, origin="user:ada")
    with session_scope(engine) as session:
        assert repo.get_programme(session, WELDERS.id) == changed
        assert repo.programme_owner(session, WELDERS.id) == 3  # an update keeps the owner
        row = session.get(repo.AgendaProgramme, WELDERS.id)
        assert row is not None
        assert row.origin == "user:ada"
        with pytest.raises(ConflictError, match="aktau-welders"):
            repo.create_programme(session, WELDERS, origin="user:eli", owner_id=3)
        repo.delete_programme(session, WELDERS.id)
    with session_scope(engine) as session:
        assert repo.list_programmes(session) == []
        for call in (
            lambda: repo.delete_programme(session, WELDERS.id),
            lambda: repo.programme_owner(session, WELDERS.id),
            lambda: repo.update_programme(session, WELDERS, origin="user:eli"),
        ):
            with pytest.raises(NotFoundError, match="aktau-welders"):
                call()


def test_project_needs_are_replaced_even_with_the_same_keys(engine: Engine) -> None:
    with session_scope(engine) as session:
        repo.create_project(session, HUB, origin="user:eli", owner_id=None)
    changed = replace(
        HUB,
        title="Aktau dry port, phase 1",
        needs=(WorkforceNeed("8343", 25, 2027), WorkforceNeed("3331", 5, 2028)),
    )
    with session_scope(engine) as session:
        repo.update_project(session, changed, origin="user:eli")
    with session_scope(engine) as session:
        stored = repo.get_project(session, HUB.id)
        assert stored == changed
        assert [(n.isco, n.headcount, n.year) for n in stored.needs] == [
            ("8343", 25, 2027),
            ("3331", 5, 2028),
        ]
        assert repo.project_owner(session, HUB.id) is None
        repo.delete_project(session, HUB.id)
    with session_scope(engine) as session:
        assert repo.list_projects(session) == []
        count = session.scalar(select(func.count()).select_from(repo.AgendaWorkforceNeed))
        assert count == 0  # needs go with their project
        with pytest.raises(NotFoundError, match="aktau-dry-port"):
            repo.delete_project(session, HUB.id)


@pytest.mark.parametrize(
    ("programme", "message"),
    [
        (replace(WELDERS, target_isco=("7212", "9999")), "target_isco '9999'"),
        (replace(WELDERS, isced_field="0777"), "ISCED-F field '0777'"),
        (replace(WELDERS, source="made-up-report"), "field 'source': 'made-up-report'"),
    ],
)
def test_programme_codes_and_source_are_checked(
    engine: Engine, programme: Programme, message: str
) -> None:
    with session_scope(engine) as session:
        with pytest.raises(DataError, match=message):
            repo.create_programme(session, programme, origin="user:eli", owner_id=1)
        assert repo.list_programmes(session) == []


@pytest.mark.parametrize(
    ("project", "message"),
    [
        (replace(HUB, needs=(WorkforceNeed("0000", 3, 2027),)), "need '0000'"),
        (replace(HUB, isced_fields=("1041", "12")), "ISCED-F field '12'"),
    ],
)
def test_project_codes_are_checked_on_create_and_update(
    engine: Engine, project: Project, message: str
) -> None:
    with session_scope(engine) as session:
        with pytest.raises(DataError, match=message):
            repo.create_project(session, project, origin="user:eli", owner_id=1)
        repo.create_project(session, HUB, origin="user:eli", owner_id=1)
        with pytest.raises(DataError, match=message):
            repo.update_project(session, project, origin="user:eli")
    with session_scope(engine) as session:
        assert repo.get_project(session, HUB.id) == HUB


def test_bundled_reload_keeps_user_programmes_and_projects(engine: Engine) -> None:
    load_bundled(engine)
    with session_scope(engine) as session:
        bundled = repo.list_programmes(session)[0]
        assert repo.programme_owner(session, bundled.id) is None
        repo.create_programme(session, WELDERS, origin="user:eli", owner_id=2)
        repo.create_project(session, HUB, origin="user:eli", owner_id=2)
    load_bundled(engine, force=True)
    with session_scope(engine) as session:
        assert repo.get_programme(session, WELDERS.id) == WELDERS
        assert repo.get_project(session, HUB.id) == HUB
        assert repo.project_owners(session)[HUB.id] == 2
