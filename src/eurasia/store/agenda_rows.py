"""Tables of the cooperation agenda and the mapping between their rows and domain objects.

Events keep their local wall times as ISO text (``2025-09-12`` or ``2025-09-12T10:00:00``) next
to their IANA zone, so both backends hold exactly what was planned, never a fixed offset. Lists
(organisers, recurrence dates, overrides, ISCO targets) are JSON columns. Programme and project
fields map to columns of the same name (``source`` to ``source_id``). The repository functions
that read and write these rows are in :mod:`eurasia.store.agenda`.
"""

from __future__ import annotations

import dataclasses
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
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eurasia.agenda.model import (
    Event,
    Override,
    Programme,
    Project,
    Venue,
    When,
    WorkforceNeed,
    safe_uri,
)
from eurasia.settings import get_settings
from eurasia.store.tables import Base, utcnow

__all__ = [
    "AgendaEvent",
    "AgendaProgramme",
    "AgendaProject",
    "AgendaSource",
    "AgendaWorkforceNeed",
    "columns_of",
    "event_values",
    "need_rows",
    "project_row",
    "row_to_event",
    "row_to_programme",
    "row_to_project",
]


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


class _Provenance:
    """Where an event, programme or project comes from, and who may edit it.

    The source it cites (``source`` in the domain objects), what it assumes (``None`` when
    nothing is), the ``origin`` that wrote it and the user who owns it (``None`` for bundled and
    unowned rows); the three tables get these columns from here.
    """

    source_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    illustrative: Mapped[str | None] = mapped_column(Text, nullable=True)
    origin: Mapped[str] = mapped_column(String(300), index=True)
    owner_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


class AgendaEvent(_Provenance, Base):
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
    extra: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AgendaProgramme(_Provenance, Base):
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


class AgendaProject(_Provenance, Base):
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


def event_values(event: Event) -> dict[str, Any]:
    """Return the column values of ``event`` (times as ISO text, lists as JSON)."""
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
    """Return the domain event a row holds.

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


#: Column of a programme or project field where the names differ.
_COLUMN_OF = {"source": "source_id"}
_Record = TypeVar("_Record", Programme, Project)


def columns_of(
    record: Programme | Project, table: type[AgendaProgramme | AgendaProject]
) -> dict[str, Any]:
    """Return the record's fields as column values of ``table`` (tuples as JSON lists).

    The id and relationships are left out.

    Examples
    --------
    >>> p = Programme("welders", "Welding", "Aktau College", "0715", 4, "dual", "KZ", ("7212",),
    ...               30, 2, 2026, source="enbek")
    >>> values = columns_of(p, AgendaProgramme)
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
    """Return the ``kind`` record a row holds (JSON lists as tuples); ``given`` fields as they are."""
    names = set(row.__table__.columns.keys())
    values: dict[str, Any] = {}
    for field in dataclasses.fields(kind):
        column = _COLUMN_OF.get(field.name, field.name)
        if field.init and field.name not in given and column in names:
            value = getattr(row, column)
            values[field.name] = tuple(value) if isinstance(value, list) else value
    return kind(**values, **given)


def row_to_programme(row: AgendaProgramme) -> Programme:
    """Return the programme a row holds."""
    return _record(Programme, row)


def row_to_project(row: AgendaProject) -> Project:
    """Return the project a row holds, with its workforce needs."""
    needs = tuple(WorkforceNeed(n.isco, n.headcount, n.year) for n in row.needs)
    return _record(Project, row, needs=needs)


def need_rows(project: Project) -> list[AgendaWorkforceNeed]:
    """Rows of the project's workforce needs."""
    return [
        AgendaWorkforceNeed(isco=n.isco, year=n.year, headcount=n.headcount) for n in project.needs
    ]


def project_row(project: Project, *, origin: str, owner_id: int | None) -> AgendaProject:
    """Return a new row of ``project`` with its needs, written by ``origin`` and owned by ``owner_id``."""
    return AgendaProject(
        id=project.id,
        origin=origin,
        owner_id=owner_id,
        needs=need_rows(project),
        **columns_of(project, AgendaProject),
    )
