"""Repository functions for the cooperation agenda.

Read, save, create, update and delete events, programmes and projects, and load the bundled agenda.

The tables and the row mapping are in :mod:`eurasia.store.agenda_rows` (the table classes are
part of this module's interface too, as ``repo.AgendaEvent`` and so on). Every row records the
``origin`` that wrote it (``bundled:agenda`` or ``import:<file or URL>``), so reloading the
bundled data replaces only its own rows.

Programmes and projects are also one :class:`RecordStore` each (:data:`PROGRAMMES`,
:data:`PROJECTS`): what the two kinds share, reading, owners and deleting, is written once there,
and the API's record resources (:mod:`eurasia.api.routes.agenda.records`) take that object.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from eurasia.agenda.classifications import sources
from eurasia.agenda.matching import check_codes
from eurasia.agenda.model import Event, EventFilter, Programme, Project, filter_events
from eurasia.agenda.seed import SEED_FILES, load_seed
from eurasia.errors import ConflictError, DataError
from eurasia.store.agenda_rows import (
    AgendaEvent,
    AgendaProgramme,
    AgendaProject,
    AgendaSource,
    AgendaWorkforceNeed,
    columns_of,
    event_values,
    need_rows,
    project_row,
    row_to_event,
    row_to_programme,
    row_to_project,
)
from eurasia.store.loaders import BundledDataset
from eurasia.store.tables import existing_row, utcnow

__all__ = [
    "BUNDLED_ORIGIN",
    "PROGRAMMES",
    "PROJECTS",
    "AgendaEvent",
    "AgendaProgramme",
    "AgendaProject",
    "AgendaSource",
    "AgendaWorkforceNeed",
    "RecordStore",
    "agenda_dataset",
    "create_programme",
    "create_project",
    "delete_event",
    "delete_programme",
    "delete_project",
    "get_event",
    "get_programme",
    "get_project",
    "list_events",
    "list_programmes",
    "list_projects",
    "programme_owner",
    "programme_owners",
    "project_owner",
    "project_owners",
    "save_events",
    "save_programmes",
    "save_projects",
    "update_programme",
    "update_project",
    "write_seed",
]

BUNDLED_ORIGIN = "bundled:agenda"


_Row = TypeVar("_Row", AgendaEvent, AgendaProgramme, AgendaProject)
#: A row kept with its owner: a programme or a project.
_Kept = TypeVar("_Kept", AgendaProgramme, AgendaProject)
#: Their names in messages.
_WHAT: dict[type[AgendaProgramme | AgendaProject], str] = {
    AgendaProgramme: "programme",
    AgendaProject: "project",
}


def _delete(session: Session, table: type[_Row], key: str, what: str) -> None:
    session.delete(existing_row(session, table, key, what))
    session.flush()


def _ensure_new(session: Session, table: type[_Row], key: str, what: str) -> None:
    if session.get(table, key) is not None:
        msg = f"{what} {key!r} already exists; update it instead"
        raise ConflictError(msg)


def save_events(session: Session, events: Iterable[Event], *, origin: str) -> int:
    """Insert or replace events by UID (inside the caller's transaction); returns the count."""
    count = 0
    for event in events:
        values = event_values(event)
        row = session.get(AgendaEvent, event.uid)
        if row is None:
            session.add(AgendaEvent(uid=event.uid, origin=origin, **values))
        else:
            for key, value in values.items():
                setattr(row, key, value)
            row.origin, row.updated_at = origin, utcnow()
        count += 1
    session.flush()
    return count


def get_event(session: Session, uid: str) -> Event:
    """Return the event with ``uid`` (NotFoundError if there is none)."""
    return row_to_event(existing_row(session, AgendaEvent, uid, "event"))


def delete_event(session: Session, uid: str) -> None:
    """Delete the event with ``uid`` (NotFoundError if there is none)."""
    _delete(session, AgendaEvent, uid, "event")


def list_events(session: Session, filters: EventFilter = EventFilter()) -> list[Event]:
    """Events matching ``filters``, ordered by UID (private ones only when signed in).

    Kind, country and visibility are asked of the database; city and organiser are then compared
    as :func:`~eurasia.agenda.model.filter_events` does.
    """
    query = select(AgendaEvent).order_by(AgendaEvent.uid)
    if filters.kind is not None:
        query = query.where(AgendaEvent.kind == filters.kind)
    if filters.country is not None:
        query = query.where(AgendaEvent.country == filters.country.upper())
    if not filters.signed_in:
        query = query.where(AgendaEvent.visibility == "public")
    events = [row_to_event(row) for row in session.scalars(query)]
    return filter_events(events, filters)


def save_programmes(session: Session, programmes: Iterable[Programme], *, origin: str) -> int:
    """Insert or replace programmes by id; returns the count."""
    count = 0
    for programme in programmes:
        session.merge(
            AgendaProgramme(
                id=programme.id, origin=origin, **columns_of(programme, AgendaProgramme)
            )
        )
        count += 1
    session.flush()
    return count


def save_projects(session: Session, projects: Iterable[Project], *, origin: str) -> int:
    """Insert or replace projects (with their workforce needs) by id; returns the count."""
    count = 0
    for project in projects:
        row = session.get(AgendaProject, project.id)
        if row is not None:
            session.delete(row)
            session.flush()
        session.add(project_row(project, origin=origin, owner_id=None))
        count += 1
    session.flush()
    return count


def list_programmes(session: Session) -> list[Programme]:
    """Every programme, by id."""
    return PROGRAMMES.list_all(session)


def list_projects(session: Session) -> list[Project]:
    """Every project with its needs, by id."""
    return PROJECTS.list_all(session)


def get_programme(session: Session, programme_id: str) -> Programme:
    """Return the programme with ``programme_id`` (NotFoundError if there is none)."""
    return PROGRAMMES.get(session, programme_id)


def get_project(session: Session, project_id: str) -> Project:
    """Return the project with ``project_id`` (NotFoundError if there is none)."""
    return PROJECTS.get(session, project_id)


# --------------------------------------------------------------------------- editing


def _check(record: Programme | Project) -> None:
    """Check ``record``'s codes against the classifications and its source (DataError)."""
    if isinstance(record, Programme):
        check_codes([record], [])
        what = f"programme {record.id!r}"
    else:
        check_codes([], [record])
        what = f"project {record.id!r}"
    if record.source is not None and record.source not in sources():
        msg = f"{what}, field 'source': {record.source!r} is not a source id of the agenda (sources.csv)"
        raise DataError(msg)


def _insert(session: Session, record: Programme | Project, row: _Kept) -> None:
    """Check ``record`` and add its new ``row`` (ConflictError if the id is taken)."""
    _check(record)
    _ensure_new(session, type(row), record.id, _WHAT[type(row)])
    session.add(row)
    session.flush()


def _update(
    session: Session, table: type[_Kept], record: Programme | Project, origin: str
) -> _Kept:
    """Check ``record``, then set its existing row's columns (the owner stays); return the row."""
    _check(record)
    row = existing_row(session, table, record.id, _WHAT[table])
    for key, value in columns_of(record, table).items():
        setattr(row, key, value)
    row.origin = origin
    session.flush()
    return row


def programme_owner(session: Session, programme_id: str) -> int | None:
    """Id of the user who created the programme: ``None`` for bundled or unowned ones.

    NotFoundError if there is no such programme.
    """
    return PROGRAMMES.owner(session, programme_id)


def project_owner(session: Session, project_id: str) -> int | None:
    """Id of the user who created the project: ``None`` for bundled or unowned ones.

    NotFoundError if there is no such project.
    """
    return PROJECTS.owner(session, project_id)


def programme_owners(session: Session) -> dict[str, int | None]:
    """Return the owner of every programme, by id."""
    return PROGRAMMES.owners(session)


def project_owners(session: Session) -> dict[str, int | None]:
    """Return the owner of every project, by id."""
    return PROJECTS.owners(session)


def create_programme(
    session: Session, programme: Programme, *, origin: str, owner_id: int | None
) -> Programme:
    """Add a new programme owned by ``owner_id``, after checking it against the classifications.

    Parameters
    ----------
    session
        The caller's session (the write joins its transaction).
    programme
        The programme; its ISCO-08 targets and ISCED-F field must exist in the bundled
        classifications and its ``source``, if any, in the agenda's sources.
    origin
        Who wrote it, e.g. ``"user:amina"``.
    owner_id
        The creating user's id (editors may change only their own programmes).

    Returns
    -------
    Programme
        The programme as stored.

    Raises
    ------
    ConflictError
        If a programme with this id exists.
    DataError
        If a code or the source is unknown (naming the programme and field).

    Examples
    --------
    >>> from dataclasses import replace
    >>> from eurasia.store.db import make_engine, session_scope, upgrade
    >>> engine = make_engine("sqlite://")
    >>> upgrade(engine)
    >>> p = Programme("welders", "Welding", "Aktau College", "0715", 4, "dual", "KZ", ("7212",),
    ...               30, 2, 2026)
    >>> with session_scope(engine) as session:
    ...     _ = create_programme(session, p, origin="user:amina", owner_id=7)
    ...     _ = update_programme(session, replace(p, intake_per_year=45), origin="user:amina")
    ...     get_programme(session, "welders").intake_per_year, programme_owner(session, "welders")
    (45, 7)
    >>> engine.dispose()
    """
    values = columns_of(programme, AgendaProgramme)
    _insert(
        session,
        programme,
        AgendaProgramme(id=programme.id, origin=origin, owner_id=owner_id, **values),
    )
    return programme


def update_programme(session: Session, programme: Programme, *, origin: str) -> Programme:
    """Replace the fields of an existing programme (its owner stays).

    The same checks as :func:`create_programme` come first (DataError if a code or the source is
    unknown); NotFoundError if there is no programme with this id.
    """
    _update(session, AgendaProgramme, programme, origin)
    return programme


def delete_programme(session: Session, programme_id: str) -> None:
    """Delete a programme (NotFoundError if there is none)."""
    PROGRAMMES.delete(session, programme_id)


def create_project(
    session: Session, project: Project, *, origin: str, owner_id: int | None
) -> Project:
    """Add a new project with its workforce needs, owned by ``owner_id``.

    Every need's ISCO-08 unit group and every ISCED-F field must exist in the bundled
    classifications (headcounts are positive by construction of
    :class:`~eurasia.agenda.model.WorkforceNeed`).

    Raises
    ------
    ConflictError
        If a project with this id exists.
    DataError
        If a code or the source is unknown.

    Examples
    --------
    >>> from dataclasses import replace
    >>> from eurasia.agenda.model import WorkforceNeed
    >>> from eurasia.store.db import make_engine, session_scope, upgrade
    >>> engine = make_engine("sqlite://")
    >>> upgrade(engine)
    >>> hub = Project("hub", "Dry port", "logistics", "KZ", 2026, 2030,
    ...               needs=(WorkforceNeed("8343", 20, 2027),))
    >>> with session_scope(engine) as session:
    ...     _ = create_project(session, hub, origin="user:amina", owner_id=7)
    ...     _ = update_project(session, replace(hub, needs=(WorkforceNeed("8343", 25, 2027),)),
    ...                        origin="user:amina")
    ...     [(n.isco, n.headcount) for n in get_project(session, "hub").needs]
    [('8343', 25)]
    >>> engine.dispose()
    """
    _insert(session, project, project_row(project, origin=origin, owner_id=owner_id))
    return project


def update_project(session: Session, project: Project, *, origin: str) -> Project:
    """Replace the fields and workforce needs of an existing project (its owner stays).

    The same checks as :func:`create_project` come first (DataError if a code or the source is
    unknown); NotFoundError if there is no project with this id.
    """
    row = _update(session, AgendaProject, project, origin)
    row.needs.clear()
    session.flush()  # old needs go first: the new ones may reuse their (isco, year) keys
    row.needs.extend(need_rows(project))
    session.flush()
    return project


def delete_project(session: Session, project_id: str) -> None:
    """Delete a project and its workforce needs (NotFoundError if there is none)."""
    PROJECTS.delete(session, project_id)


_Record = TypeVar("_Record", Programme, Project)


class _Create(Protocol[_Record]):
    """A kind's ``create_<kind>`` function: :func:`create_programme` or :func:`create_project`."""

    def __call__(
        self, session: Session, record: _Record, /, *, origin: str, owner_id: int | None
    ) -> _Record: ...


class _Update(Protocol[_Record]):
    """A kind's ``update_<kind>`` function: :func:`update_programme` or :func:`update_project`."""

    def __call__(self, session: Session, record: _Record, /, *, origin: str) -> _Record: ...


@dataclass(frozen=True)
class RecordStore(Generic[_Record, _Kept]):
    """The store of one kind of owned record, programmes or projects, as one object.

    Reading, owners and deleting are the same for both kinds, by their table; creating and
    updating are the kind's own functions (a project's workforce needs are rows of their own).

    Parameters
    ----------
    table
        The kind's table.
    to_record
        The record a row holds.
    create, update
        The kind's :func:`create_programme` and :func:`update_programme` (or project) functions.

    Examples
    --------
    >>> PROGRAMMES.what, PROJECTS.what
    ('programme', 'project')
    """

    table: type[_Kept]
    to_record: Callable[[_Kept], _Record]
    create: _Create[_Record]
    update: _Update[_Record]

    @property
    def what(self) -> str:
        """The kind's name in messages, e.g. ``"programme"``."""
        return _WHAT[self.table]

    def list_all(self, session: Session) -> list[_Record]:
        """Every record of the kind, by id."""
        rows = session.scalars(select(self.table).order_by(self.table.id))
        return [self.to_record(row) for row in rows]

    def get(self, session: Session, record_id: str) -> _Record:
        """Return the record with ``record_id`` (NotFoundError if there is none)."""
        return self.to_record(existing_row(session, self.table, record_id, self.what))

    def owner(self, session: Session, record_id: str) -> int | None:
        """Id of the user who created the record: ``None`` for bundled or unowned ones.

        NotFoundError if there is no such record.
        """
        return existing_row(session, self.table, record_id, self.what).owner_id

    def owners(self, session: Session) -> dict[str, int | None]:
        """Return the owner of every record of the kind, by id."""
        rows = session.execute(select(self.table.id, self.table.owner_id))
        return {str(record_id): owner for record_id, owner in rows}

    def delete(self, session: Session, record_id: str) -> None:
        """Delete the record (and a project's needs); NotFoundError if there is none."""
        _delete(session, self.table, record_id, self.what)


#: The store of programmes.
PROGRAMMES = RecordStore(AgendaProgramme, row_to_programme, create_programme, update_programme)
#: The store of projects with their workforce needs.
PROJECTS = RecordStore(AgendaProject, row_to_project, create_project, update_project)


def write_seed(session: Session) -> int:
    """Replace the bundled agenda rows with the seed data; returns the number of rows written."""
    seed = load_seed()
    session.execute(delete(AgendaEvent).where(AgendaEvent.origin == BUNDLED_ORIGIN))
    session.execute(delete(AgendaProgramme).where(AgendaProgramme.origin == BUNDLED_ORIGIN))
    for row in session.scalars(select(AgendaProject).where(AgendaProject.origin == BUNDLED_ORIGIN)):
        session.delete(row)
    session.execute(delete(AgendaSource))
    session.flush()
    for source in sources().values():
        session.add(AgendaSource(**source))
    rows = len(sources())
    rows += save_events(session, seed.events, origin=BUNDLED_ORIGIN)
    rows += save_programmes(session, seed.programmes, origin=BUNDLED_ORIGIN)
    rows += save_projects(session, seed.projects, origin=BUNDLED_ORIGIN)
    rows += sum(len(p.needs) for p in seed.projects)
    return rows


def agenda_dataset() -> BundledDataset:
    """Return the agenda's bundled dataset for ``eurasia db load``."""
    return BundledDataset(name="agenda", files=SEED_FILES, write=write_seed)
