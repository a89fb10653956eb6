"""Store tables and repository functions for the cooperation agenda.

Events keep their local wall times as ISO text (``2025-09-12`` or ``2025-09-12T10:00:00``) next
to their IANA zone, so both backends hold exactly what was planned, never a fixed offset. Lists
(organisers, recurrence dates, overrides, ISCO targets) are JSON columns. Every row records the
``origin`` that wrote it (``bundled:agenda`` or ``import:<file or URL>``), so reloading the
bundled data replaces only its own rows.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    delete,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from eurasia.agenda.classifications import sources
from eurasia.agenda.matching import check_codes
from eurasia.agenda.model import (
    Event,
    Override,
    Programme,
    Project,
    Venue,
    When,
    WorkforceNeed,
    filter_events,
    safe_uri,
)
from eurasia.agenda.seed import SEED_FILES, load_seed
from eurasia.errors import ConflictError, DataError, NotFoundError
from eurasia.settings import get_settings
from eurasia.store.loaders import BundledDataset
from eurasia.store.tables import Base, utcnow

__all__ = [
    "BUNDLED_ORIGIN",
    "AgendaEvent",
    "AgendaProgramme",
    "AgendaProject",
    "AgendaSource",
    "AgendaWorkforceNeed",
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


class AgendaSource(Base):
    """A source the bundled agenda data cites."""

    __tablename__ = "agenda_sources"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    producer: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(String(500))
    published: Mapped[str] = mapped_column(String(32))
    licence: Mapped[str] = mapped_column(String(200))
    citation: Mapped[str] = mapped_column(Text)


class AgendaEvent(Base):
    """An event or series (see :class:`eurasia.agenda.model.Event`)."""

    __tablename__ = "agenda_events"

    uid: Mapped[str] = mapped_column(String(255), primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(16), index=True)
    start_local: Mapped[str] = mapped_column(String(19))
    end_local: Mapped[str] = mapped_column(String(19))
    all_day: Mapped[bool] = mapped_column(Boolean)
    tzid: Mapped[str] = mapped_column(String(64))
    city: Mapped[str | None] = mapped_column(String(100), index=True, nullable=True)
    country: Mapped[str | None] = mapped_column(String(2), index=True, nullable=True)
    venue_name: Mapped[str | None] = mapped_column(String(300), nullable=True)
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    organisers: Mapped[list[str]] = mapped_column(JSON)
    partner_countries: Mapped[list[str]] = mapped_column(JSON)
    audience: Mapped[list[str]] = mapped_column(JSON)
    rrules: Mapped[list[str]] = mapped_column(JSON)
    rdates: Mapped[list[str]] = mapped_column(JSON)
    exdates: Mapped[list[str]] = mapped_column(JSON)
    overrides: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16))
    visibility: Mapped[str] = mapped_column(String(16), index=True)
    description: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    source_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    illustrative: Mapped[str | None] = mapped_column(Text, nullable=True)
    extra: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(300), index=True)
    owner_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AgendaProgramme(Base):
    """An education or training programme."""

    __tablename__ = "agenda_programmes"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    provider: Mapped[str] = mapped_column(String(300))
    isced_field: Mapped[str] = mapped_column(String(4))
    isced_level: Mapped[int] = mapped_column(Integer)
    mode: Mapped[str] = mapped_column(String(16))
    city: Mapped[str | None] = mapped_column(String(100), nullable=True)
    country: Mapped[str] = mapped_column(String(2))
    partner_enterprises: Mapped[list[str]] = mapped_column(JSON)
    target_isco: Mapped[list[str]] = mapped_column(JSON)
    intake_per_year: Mapped[int] = mapped_column(Integer)
    duration_years: Mapped[float] = mapped_column(Float)
    start_year: Mapped[int] = mapped_column(Integer)
    end_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    source_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    illustrative: Mapped[str | None] = mapped_column(Text, nullable=True)
    origin: Mapped[str] = mapped_column(String(300), index=True)
    owner_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


class AgendaProject(Base):
    """A technology or infrastructure project."""

    __tablename__ = "agenda_projects"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    sector: Mapped[str] = mapped_column(String(100))
    city: Mapped[str | None] = mapped_column(String(100), nullable=True)
    country: Mapped[str] = mapped_column(String(2))
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    start_year: Mapped[int] = mapped_column(Integer)
    end_year: Mapped[int] = mapped_column(Integer)
    partners: Mapped[list[str]] = mapped_column(JSON)
    isced_fields: Mapped[list[str]] = mapped_column(JSON)
    description: Mapped[str] = mapped_column(Text)
    source_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    illustrative: Mapped[str | None] = mapped_column(Text, nullable=True)
    origin: Mapped[str] = mapped_column(String(300), index=True)
    owner_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    needs: Mapped[list[AgendaWorkforceNeed]] = relationship(
        back_populates="project",
        cascade="all, delete-orphan",
        order_by="(AgendaWorkforceNeed.year, AgendaWorkforceNeed.isco)",
    )


class AgendaWorkforceNeed(Base):
    """Workers of one ISCO-08 unit group a project needs in one year."""

    __tablename__ = "agenda_workforce_needs"
    __table_args__ = (UniqueConstraint("project_id", "isco", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    project_id: Mapped[str] = mapped_column(
        ForeignKey("agenda_projects.id", ondelete="CASCADE"), index=True
    )
    isco: Mapped[str] = mapped_column(String(4))
    year: Mapped[int] = mapped_column(Integer)
    headcount: Mapped[int] = mapped_column(Integer)
    project: Mapped[AgendaProject] = relationship(back_populates="needs")


# --------------------------------------------------------------------------- mapping


def _iso(value: When) -> str:
    return value.isoformat()


def _when(text: str) -> When:
    return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)


def _opt_iso(value: When | None) -> str | None:
    return None if value is None else value.isoformat()


def _opt_when(text: str | None) -> When | None:
    return None if text is None else _when(text)


def _event_values(event: Event) -> dict[str, Any]:
    return {
        "title": event.title,
        "kind": event.kind,
        "start_local": _iso(event.start),
        "end_local": _iso(event.end),
        "all_day": event.all_day,
        "tzid": event.tzid,
        "city": event.venue.city,
        "country": event.venue.country,
        "venue_name": event.venue.name,
        "lat": event.venue.lat,
        "lon": event.venue.lon,
        "organisers": list(event.organisers),
        "partner_countries": list(event.partner_countries),
        "audience": list(event.audience),
        "rrules": list(event.rrules),
        "rdates": [_iso(v) for v in event.rdates],
        "exdates": [_iso(v) for v in event.exdates],
        "overrides": [
            {
                "recurrence_id": _iso(o.recurrence_id),
                "start": _opt_iso(o.start),
                "end": _opt_iso(o.end),
                "title": o.title,
                "status": o.status,
                "description": o.description,
                "location": o.location,
            }
            for o in event.overrides
        ],
        "status": event.status,
        "visibility": event.visibility,
        "description": event.description,
        "url": event.url,
        "source_id": event.source,
        "illustrative": event.illustrative,
        "extra": event.extra,
        "owner_id": event.owner_id,
    }


def row_to_event(row: AgendaEvent) -> Event:
    """The domain event a row holds.

    Rows written before the current input rules (issue 18) are read, not refused, so that one
    stored value never takes every page down: a URL with a line break or control character is
    percent-encoded and rules beyond ``EURASIA_MAX_RRULES_PER_EVENT`` are left out.
    """
    return Event(
        uid=row.uid,
        title=row.title,
        kind=row.kind,
        start=_when(row.start_local),
        end=_when(row.end_local),
        tzid=row.tzid,
        venue=Venue(
            city=row.city, country=row.country, name=row.venue_name, lat=row.lat, lon=row.lon
        ),
        organisers=tuple(row.organisers),
        partner_countries=tuple(row.partner_countries),
        audience=tuple(row.audience),
        rrules=tuple(row.rrules)[: get_settings().max_rrules_per_event],
        rdates=tuple(_when(v) for v in row.rdates),
        exdates=tuple(_when(v) for v in row.exdates),
        overrides=tuple(
            Override(
                recurrence_id=_when(o["recurrence_id"]),
                start=_opt_when(o.get("start")),
                end=_opt_when(o.get("end")),
                title=o.get("title"),
                status=o.get("status"),
                description=o.get("description"),
                location=o.get("location"),
            )
            for o in row.overrides
        ),
        status=row.status,
        visibility=row.visibility,
        description=row.description,
        url=safe_uri(row.url) if row.url is not None else None,
        source=row.source_id,
        illustrative=row.illustrative,
        extra=row.extra,
        owner_id=row.owner_id,
    )


_Row = TypeVar("_Row", AgendaEvent, AgendaProgramme, AgendaProject)


def _existing(session: Session, table: type[_Row], key: str, what: str) -> _Row:
    """The row of ``table`` with primary key ``key``, or NotFoundError naming ``what``."""
    row = session.get(table, key)
    if row is None:
        msg = f"{what} {key!r} does not exist"
        raise NotFoundError(msg)
    return row


def _delete(session: Session, table: type[_Row], key: str, what: str) -> None:
    session.delete(_existing(session, table, key, what))
    session.flush()


def _ensure_new(session: Session, table: type[_Row], key: str, what: str) -> None:
    if session.get(table, key) is not None:
        msg = f"{what} {key!r} already exists; update it instead"
        raise ConflictError(msg)


def save_events(session: Session, events: Iterable[Event], *, origin: str) -> int:
    """Insert or replace events by UID (inside the caller's transaction); returns the count."""
    count = 0
    for event in events:
        values = _event_values(event)
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
    """The event with ``uid``.

    Raises
    ------
    NotFoundError
        If there is none.
    """
    return row_to_event(_existing(session, AgendaEvent, uid, "event"))


def delete_event(session: Session, uid: str) -> None:
    """Delete the event with ``uid``.

    Raises
    ------
    NotFoundError
        If there is none.
    """
    _delete(session, AgendaEvent, uid, "event")


def list_events(
    session: Session,
    *,
    kind: str | None = None,
    country: str | None = None,
    city: str | None = None,
    organiser: str | None = None,
    signed_in: bool = False,
) -> list[Event]:
    """Events matching the filters, ordered by UID (private ones only when ``signed_in``)."""
    query = select(AgendaEvent).order_by(AgendaEvent.uid)
    if kind is not None:
        query = query.where(AgendaEvent.kind == kind)
    if country is not None:
        query = query.where(AgendaEvent.country == country.upper())
    if not signed_in:
        query = query.where(AgendaEvent.visibility == "public")
    events = [row_to_event(row) for row in session.scalars(query)]
    return filter_events(events, city=city, organiser=organiser, signed_in=signed_in)


#: Column of a programme or project field where the names differ.
_COLUMN_OF = {"source": "source_id"}
_Record = TypeVar("_Record", Programme, Project)


def _columns(
    record: Programme | Project, table: type[AgendaProgramme | AgendaProject]
) -> dict[str, Any]:
    """The record's fields as column values of ``table`` (tuples as JSON lists), id and
    relationships left out.

    Examples
    --------
    >>> p = Programme("welders", "Welding", "Aktau College", "0715", 4, "dual", "KZ", ("7212",),
    ...               30, 2, 2026, source="enbek")
    >>> values = _columns(p, AgendaProgramme)
    >>> values["target_isco"], values["source_id"], "id" in values
    (['7212'], 'enbek', False)
    """
    names = set(table.__table__.columns.keys())
    values: dict[str, Any] = {}
    for field in dataclasses.fields(record):
        column = _COLUMN_OF.get(field.name, field.name)
        if column != "id" and column in names:
            value = getattr(record, field.name)
            values[column] = list(value) if isinstance(value, tuple) else value
    return values


def _record(kind: type[_Record], row: AgendaProgramme | AgendaProject, **given: Any) -> _Record:
    """The ``kind`` record a row holds (JSON lists as tuples); ``given`` fields as they are."""
    names = set(row.__table__.columns.keys())
    values: dict[str, Any] = {}
    for field in dataclasses.fields(kind):
        column = _COLUMN_OF.get(field.name, field.name)
        if field.init and field.name not in given and column in names:
            value = getattr(row, column)
            values[field.name] = tuple(value) if isinstance(value, list) else value
    return kind(**values, **given)


def _row_to_programme(row: AgendaProgramme) -> Programme:
    return _record(Programme, row)


def _row_to_project(row: AgendaProject) -> Project:
    needs = tuple(WorkforceNeed(n.isco, n.headcount, n.year) for n in row.needs)
    return _record(Project, row, needs=needs)


def save_programmes(session: Session, programmes: Iterable[Programme], *, origin: str) -> int:
    """Insert or replace programmes by id; returns the count."""
    count = 0
    for programme in programmes:
        session.merge(
            AgendaProgramme(id=programme.id, origin=origin, **_columns(programme, AgendaProgramme))
        )
        count += 1
    session.flush()
    return count


def _need_rows(project: Project) -> list[AgendaWorkforceNeed]:
    return [
        AgendaWorkforceNeed(isco=n.isco, year=n.year, headcount=n.headcount) for n in project.needs
    ]


def _project_row(project: Project, *, origin: str, owner_id: int | None) -> AgendaProject:
    return AgendaProject(
        id=project.id,
        origin=origin,
        owner_id=owner_id,
        needs=_need_rows(project),
        **_columns(project, AgendaProject),
    )


def save_projects(session: Session, projects: Iterable[Project], *, origin: str) -> int:
    """Insert or replace projects (with their workforce needs) by id; returns the count."""
    count = 0
    for project in projects:
        row = session.get(AgendaProject, project.id)
        if row is not None:
            session.delete(row)
            session.flush()
        session.add(_project_row(project, origin=origin, owner_id=None))
        count += 1
    session.flush()
    return count


def list_programmes(session: Session) -> list[Programme]:
    """Every programme, by id."""
    rows = session.scalars(select(AgendaProgramme).order_by(AgendaProgramme.id))
    return [_row_to_programme(row) for row in rows]


def list_projects(session: Session) -> list[Project]:
    """Every project with its needs, by id."""
    rows = session.scalars(select(AgendaProject).order_by(AgendaProject.id))
    return [_row_to_project(row) for row in rows]


def get_programme(session: Session, programme_id: str) -> Programme:
    """The programme with ``programme_id``.

    Raises
    ------
    NotFoundError
        If there is none.
    """
    return _row_to_programme(_existing(session, AgendaProgramme, programme_id, "programme"))


def get_project(session: Session, project_id: str) -> Project:
    """The project with ``project_id``.

    Raises
    ------
    NotFoundError
        If there is none.
    """
    return _row_to_project(_existing(session, AgendaProject, project_id, "project"))


# --------------------------------------------------------------------------- editing


def _check_source(what: str, source: str | None) -> None:
    if source is not None and source not in sources():
        msg = f"{what}, field 'source': {source!r} is not a source id of the agenda (sources.csv)"
        raise DataError(msg)


def programme_owner(session: Session, programme_id: str) -> int | None:
    """Id of the user who created the programme (``None`` for bundled or unowned ones).

    Raises
    ------
    NotFoundError
        If there is no such programme.
    """
    return _existing(session, AgendaProgramme, programme_id, "programme").owner_id


def project_owner(session: Session, project_id: str) -> int | None:
    """Id of the user who created the project (``None`` for bundled or unowned ones).

    Raises
    ------
    NotFoundError
        If there is no such project.
    """
    return _existing(session, AgendaProject, project_id, "project").owner_id


def programme_owners(session: Session) -> dict[str, int | None]:
    """The owner of every programme, by id."""
    rows = session.execute(select(AgendaProgramme.id, AgendaProgramme.owner_id))
    return {str(pid): owner for pid, owner in rows}


def project_owners(session: Session) -> dict[str, int | None]:
    """The owner of every project, by id."""
    rows = session.execute(select(AgendaProject.id, AgendaProject.owner_id))
    return {str(pid): owner for pid, owner in rows}


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
    check_codes([programme], [])
    _check_source(f"programme {programme.id!r}", programme.source)
    _ensure_new(session, AgendaProgramme, programme.id, "programme")
    values = _columns(programme, AgendaProgramme)
    session.add(AgendaProgramme(id=programme.id, origin=origin, owner_id=owner_id, **values))
    session.flush()
    return programme


def update_programme(session: Session, programme: Programme, *, origin: str) -> Programme:
    """Replace the fields of an existing programme (its owner stays), after the same checks as
    :func:`create_programme`.

    Raises
    ------
    NotFoundError
        If there is no programme with this id.
    DataError
        If a code or the source is unknown.
    """
    check_codes([programme], [])
    _check_source(f"programme {programme.id!r}", programme.source)
    row = _existing(session, AgendaProgramme, programme.id, "programme")
    for key, value in _columns(programme, AgendaProgramme).items():
        setattr(row, key, value)
    row.origin = origin
    session.flush()
    return programme


def delete_programme(session: Session, programme_id: str) -> None:
    """Delete a programme.

    Raises
    ------
    NotFoundError
        If there is none with this id.
    """
    _delete(session, AgendaProgramme, programme_id, "programme")


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
    check_codes([], [project])
    _check_source(f"project {project.id!r}", project.source)
    _ensure_new(session, AgendaProject, project.id, "project")
    session.add(_project_row(project, origin=origin, owner_id=owner_id))
    session.flush()
    return project


def update_project(session: Session, project: Project, *, origin: str) -> Project:
    """Replace the fields and workforce needs of an existing project (its owner stays).

    Raises
    ------
    NotFoundError
        If there is no project with this id.
    DataError
        If a code or the source is unknown.
    """
    check_codes([], [project])
    _check_source(f"project {project.id!r}", project.source)
    row = _existing(session, AgendaProject, project.id, "project")
    for key, value in _columns(project, AgendaProject).items():
        setattr(row, key, value)
    row.origin = origin
    row.needs.clear()
    session.flush()  # old needs go first: the new ones may reuse their (isco, year) keys
    row.needs.extend(_need_rows(project))
    session.flush()
    return project


def delete_project(session: Session, project_id: str) -> None:
    """Delete a project and its workforce needs.

    Raises
    ------
    NotFoundError
        If there is none with this id.
    """
    _delete(session, AgendaProject, project_id, "project")


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
    """The agenda's bundled dataset for ``eurasia db load``."""
    return BundledDataset(name="agenda", files=SEED_FILES, write=write_seed)
