"""``/api/agenda``: events, instances, clashes, suggestions, the year view, programmes, projects,
matching, gaps, iCalendar import and iCalendar feeds at stable URLs.

Private events are listed, expanded and exported only for signed-in users (any role); writes
need the editor role, and changing an event, programme or project needs the right to edit it
(its owner, an admin, or any editor for unowned ones such as the bundled data). Programme and
project codes are checked against the bundled ISCO-08 and ISCED-F classifications.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Query, Response, status
from pydantic import BaseModel, Field

from eurasia.agenda.ical import parse_ical, to_ical
from eurasia.agenda.matching import gap_report, match
from eurasia.agenda.model import (
    EVENT_KINDS,
    PROGRAMME_MODES,
    Event,
    Instance,
    Programme,
    Project,
    When,
    slugify,
)
from eurasia.agenda.recurrence import expand
from eurasia.agenda.seed import event_from_record, programme_from_record, project_from_record
from eurasia.agenda.sync import ClashRules, find_clashes, suggest_pairs, year_view
from eurasia.api.deps import SessionDep
from eurasia.api.security import CurrentUser, EditorUser
from eurasia.auth.roles import ensure_can_edit
from eurasia.errors import ConflictError, DataError, NotFoundError
from eurasia.store import agenda as repo

__all__ = ["router"]

router = APIRouter(prefix="/api/agenda", tags=["agenda"])

MAX_WINDOW_DAYS = 3 * 366
ICS_MEDIA_TYPE = "text/calendar"


# --------------------------------------------------------------------------- schemas


class VenuePublic(BaseModel):
    """Where an event takes place."""

    city: str | None = None
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-2")
    name: str | None = None
    lat: float | None = None
    lon: float | None = None


class OverridePublic(BaseModel):
    """One changed or cancelled instance of a series (RECURRENCE-ID)."""

    recurrence_id: str
    start: str | None = None
    end: str | None = None
    title: str | None = None
    status: str | None = None
    description: str | None = None
    location: str | None = None


class EventBase(BaseModel):
    """Fields of an event; times are local (``2025-09-01T10:00:00``) or dates for all-day."""

    title: str
    kind: str = Field(description=f"one of {', '.join(EVENT_KINDS)}")
    start: str = Field(description="local date-time (no offset) or date for all-day events")
    end: str = Field(description="exclusive end, same type as start")
    tzid: str = Field(description="IANA time zone, e.g. Asia/Almaty")
    venue: VenuePublic = VenuePublic()
    organisers: list[str] = []
    partner_countries: list[str] = []
    audience: list[str] = []
    rrules: list[str] = Field(default=[], description="RFC 5545 RRULE values")
    rdates: list[str] = []
    exdates: list[str] = []
    status: str = "confirmed"
    visibility: str = "public"
    description: str = ""
    url: str | None = None
    source: str | None = None
    illustrative: str | None = None


class EventCreate(EventBase):
    """A new event."""

    uid: str


class EventUpdate(EventBase):
    """Replacement fields of an existing event (the UID is in the path)."""


class EventPublic(EventBase):
    """An event as returned by the API."""

    uid: str
    all_day: bool
    recurring: bool
    overrides: list[OverridePublic] = []


class EventListPublic(BaseModel):
    """A list of events."""

    data: list[EventPublic]
    count: int


class InstancePublic(BaseModel):
    """One occurrence, with aware times (ISO with offset) or dates for all-day ones."""

    uid: str
    recurrence_id: str
    title: str
    kind: str
    start: str
    end: str
    all_day: bool
    tzid: str
    first_day: date
    last_day: date
    city: str | None
    country: str | None
    organisers: list[str]
    audience: list[str]
    partner_countries: list[str]
    status: str
    visibility: str
    recurring: bool


class InstanceListPublic(BaseModel):
    """Instances in a window."""

    data: list[InstancePublic]
    count: int


class ClashPublic(BaseModel):
    """Two instances competing for a city, organiser or audience."""

    first: InstancePublic
    second: InstancePublic
    reasons: list[str]


class ClashListPublic(BaseModel):
    """Clashes in a window."""

    data: list[ClashPublic]
    count: int


class SuggestionPublic(BaseModel):
    """A business instance paired with a cultural or educational one."""

    business: InstancePublic
    partner: InstancePublic
    days_apart: int
    score: float
    reasons: list[str]


class SuggestionListPublic(BaseModel):
    """Co-scheduling suggestions, best first."""

    data: list[SuggestionPublic]
    count: int


class SeriesYearPublic(BaseModel):
    """When one event falls in the year."""

    uid: str
    title: str
    kind: str
    city: str | None
    recurring: bool
    days: list[date]
    months: list[int]


class GapPublic(BaseModel):
    """Days without any event."""

    start: date
    end: date
    days: int


class YearViewPublic(BaseModel):
    """The annual calendar."""

    year: int
    series: list[SeriesYearPublic]
    empty_months: list[int]
    gaps: list[GapPublic]


class NeedPublic(BaseModel):
    """Workers of one occupation needed in one year."""

    isco: str
    headcount: int
    year: int


SLUG = r"^[a-z0-9][a-z0-9-]*$"


class ProgrammeBase(BaseModel):
    """Fields of a programme; codes are checked against ISCO-08 and ISCED-F 2013."""

    title: str = Field(min_length=1, max_length=300)
    provider: str = Field(min_length=1, max_length=300)
    isced_field: str = Field(max_length=4, description="ISCED-F 2013 field, 2 to 4 digits")
    isced_level: int = Field(description="ISCED 2011 level, 0 to 8")
    mode: str = Field(description=f"one of {', '.join(PROGRAMME_MODES)}")
    city: str | None = Field(default=None, max_length=100)
    country: str = Field(description="ISO 3166-1 alpha-2")
    partner_enterprises: list[str] = []
    target_isco: list[str] = Field(description="ISCO-08 unit groups (4 digits), at least one")
    intake_per_year: int = Field(description="students admitted a year, >= 0")
    duration_years: float = Field(description="years to complete, > 0")
    start_year: int
    end_year: int | None = None
    source: str | None = Field(default=None, description="source id of the agenda's sources")
    illustrative: str | None = Field(default=None, description="what is assumed")


class ProgrammeCreate(ProgrammeBase):
    """A new programme."""

    id: str = Field(max_length=100, pattern=SLUG, description="slug: a-z, 0-9 and hyphens")


class ProgrammeUpdate(ProgrammeBase):
    """Replacement fields of an existing programme (the id is in the path)."""


class ProgrammePublic(ProgrammeBase):
    """An education or training programme."""

    id: str


class ProgrammeListPublic(BaseModel):
    """Programmes."""

    data: list[ProgrammePublic]
    count: int


class ProjectBase(BaseModel):
    """Fields of a project; need codes are checked against ISCO-08, fields against ISCED-F."""

    title: str = Field(min_length=1, max_length=300)
    sector: str = Field(min_length=1, max_length=100)
    city: str | None = Field(default=None, max_length=100)
    country: str = Field(description="ISO 3166-1 alpha-2")
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    start_year: int
    end_year: int
    partners: list[str] = []
    isced_fields: list[str] = Field(default=[], description="ISCED-F 2013 fields")
    description: str = ""
    needs: list[NeedPublic] = Field(
        default=[], description="ISCO-08 unit group, headcount (> 0) and year; one per pair"
    )
    source: str | None = Field(default=None, description="source id of the agenda's sources")
    illustrative: str | None = Field(default=None, description="what is assumed")


class ProjectCreate(ProjectBase):
    """A new project."""

    id: str = Field(max_length=100, pattern=SLUG, description="slug: a-z, 0-9 and hyphens")


class ProjectUpdate(ProjectBase):
    """Replacement fields and needs of an existing project (the id is in the path)."""


class ProjectPublic(ProjectBase):
    """A project with its workforce needs."""

    id: str


class ProjectListPublic(BaseModel):
    """Projects."""

    data: list[ProjectPublic]
    count: int


class MatchPublic(BaseModel):
    """A programme matched to a project, scored and explained."""

    programme_id: str
    project_id: str
    score: float
    isco_score: float
    isced_score: float
    place_score: float
    partner_score: float
    reasons: list[str]


class MatchListPublic(BaseModel):
    """Matches, best first."""

    data: list[MatchPublic]
    count: int


class GapRowPublic(BaseModel):
    """Demand and supply of one occupation in one year."""

    year: int
    isco: str
    title: str
    demand: int
    supply: float
    shortfall: float
    projects: list[str]
    programmes: list[str]


class GapReportPublic(BaseModel):
    """Needs not covered by intake, year by year, and programmes serving no project."""

    rows: list[GapRowPublic]
    unserved_programmes: list[str]
    min_digits: int


class ImportNotePublic(BaseModel):
    """An interpretation applied while importing."""

    line: int
    component: str
    property: str
    message: str


class ImportPublic(BaseModel):
    """Outcome of an import (all events written, or none)."""

    imported: int
    uids: list[str]
    notes: list[ImportNotePublic]


# --------------------------------------------------------------------------- conversions


def _iso(value: When | None) -> str | None:
    return None if value is None else value.isoformat()


def _event_public(event: Event) -> EventPublic:
    return EventPublic(
        uid=event.uid,
        title=event.title,
        kind=event.kind,
        start=event.start.isoformat(),
        end=event.end.isoformat(),
        tzid=event.tzid,
        venue=VenuePublic(
            city=event.venue.city,
            country=event.venue.country,
            name=event.venue.name,
            lat=event.venue.lat,
            lon=event.venue.lon,
        ),
        organisers=list(event.organisers),
        partner_countries=list(event.partner_countries),
        audience=list(event.audience),
        rrules=list(event.rrules),
        rdates=[v.isoformat() for v in event.rdates],
        exdates=[v.isoformat() for v in event.exdates],
        status=event.status,
        visibility=event.visibility,
        description=event.description,
        url=event.url,
        source=event.source,
        illustrative=event.illustrative,
        all_day=event.all_day,
        recurring=event.recurring,
        overrides=[
            OverridePublic(
                recurrence_id=o.recurrence_id.isoformat(),
                start=_iso(o.start),
                end=_iso(o.end),
                title=o.title,
                status=o.status,
                description=o.description,
                location=o.location,
            )
            for o in event.overrides
        ],
    )


def _instance_public(i: Instance) -> InstancePublic:
    return InstancePublic(
        uid=i.uid,
        recurrence_id=i.recurrence_id.isoformat(),
        title=i.title,
        kind=i.kind,
        start=i.start.isoformat(),
        end=i.end.isoformat(),
        all_day=i.all_day,
        tzid=i.tzid,
        first_day=i.first_day,
        last_day=i.last_day,
        city=i.city,
        country=i.country,
        organisers=list(i.organisers),
        audience=list(i.audience),
        partner_countries=list(i.partner_countries),
        status=i.status,
        visibility=i.visibility,
        recurring=i.recurring,
    )


def _programme_public(p: Programme) -> ProgrammePublic:
    return ProgrammePublic(
        id=p.id,
        title=p.title,
        provider=p.provider,
        isced_field=p.isced_field,
        isced_level=p.isced_level,
        mode=p.mode,
        city=p.city,
        country=p.country,
        partner_enterprises=list(p.partner_enterprises),
        target_isco=list(p.target_isco),
        intake_per_year=p.intake_per_year,
        duration_years=p.duration_years,
        start_year=p.start_year,
        end_year=p.end_year,
        source=p.source,
        illustrative=p.illustrative,
    )


def _project_public(p: Project) -> ProjectPublic:
    return ProjectPublic(
        id=p.id,
        title=p.title,
        sector=p.sector,
        city=p.city,
        country=p.country,
        lat=p.lat,
        lon=p.lon,
        start_year=p.start_year,
        end_year=p.end_year,
        partners=list(p.partners),
        isced_fields=list(p.isced_fields),
        description=p.description,
        needs=[NeedPublic(isco=n.isco, headcount=n.headcount, year=n.year) for n in p.needs],
        source=p.source,
        illustrative=p.illustrative,
    )


def _event_from_body(uid: str, body: EventBase, owner_id: int | None) -> Event:
    record: dict[str, Any] = body.model_dump()
    record["uid"] = uid
    record["venue"] = {k: v for k, v in record["venue"].items() if v is not None}
    event = event_from_record(record)
    return Event(**{**event.__dict__, "owner_id": owner_id})


def _programme_from_body(programme_id: str, body: ProgrammeBase) -> Programme:
    return programme_from_record({**body.model_dump(), "id": programme_id})


def _project_from_body(project_id: str, body: ProjectBase) -> Project:
    return project_from_record({**body.model_dump(), "id": project_id})


# --------------------------------------------------------------------------- dependencies


class Filters(BaseModel):
    """Event filters shared by lists, instances and feeds."""

    kind: str | None = None
    country: str | None = None
    city: str | None = None
    organiser: str | None = None


def _filters(
    kind: Annotated[str | None, Query(description="event kind")] = None,
    country: Annotated[str | None, Query(description="ISO alpha-2 country of the venue")] = None,
    city: Annotated[str | None, Query(description="venue city (case-insensitive)")] = None,
    organiser: Annotated[str | None, Query(description="organiser slug")] = None,
) -> Filters:
    if kind is not None and kind not in EVENT_KINDS:
        msg = f"query 'kind': {kind!r} is not one of {', '.join(EVENT_KINDS)}"
        raise DataError(msg)
    return Filters(kind=kind, country=country, city=city, organiser=organiser)


FiltersDep = Annotated[Filters, Depends(_filters)]


def _events(session: SessionDep, filters: Filters, user: Any) -> list[Event]:
    return repo.list_events(
        session,
        kind=filters.kind,
        country=filters.country,
        city=filters.city,
        organiser=filters.organiser,
        signed_in=user is not None,
    )


def _window(
    start: Annotated[date | None, Query(description="first day (default: today)")] = None,
    end: Annotated[
        date | None, Query(description="day after the last (default: start + 1 year)")
    ] = None,
) -> tuple[date, date]:
    first = start or date.today()
    last = end or first + timedelta(days=365)
    if last <= first:
        msg = f"query 'end' ({last}) must be after 'start' ({first})"
        raise DataError(msg)
    if (last - first).days > MAX_WINDOW_DAYS:
        msg = f"window {first}–{last} is longer than {MAX_WINDOW_DAYS} days; ask for less"
        raise DataError(msg)
    return first, last


WindowDep = Annotated[tuple[date, date], Depends(_window)]


def visible_event(
    uid: Annotated[str, Path(description="event UID")], session: SessionDep, user: CurrentUser
) -> Event:
    """The event, if the caller may see it (a private event is 'not found' for anonymous users)."""
    event = repo.get_event(session, uid)
    if not event.visible_to(signed_in=user is not None):
        msg = f"event {uid!r} does not exist"
        raise NotFoundError(msg)
    return event


def editable_event(
    uid: Annotated[str, Path(description="event UID")], session: SessionDep, user: EditorUser
) -> Event:
    """The event, if the caller may change it."""
    event = repo.get_event(session, uid)
    ensure_can_edit(user, owner_id=event.owner_id, what=f"event {uid!r}")
    return event


def editable_programme(
    programme_id: Annotated[str, Path(description="programme id")],
    session: SessionDep,
    user: EditorUser,
) -> str:
    """The programme's id, if it exists and the caller may change it."""
    owner = repo.programme_owner(session, programme_id)
    ensure_can_edit(user, owner_id=owner, what=f"programme {programme_id!r}")
    return programme_id


def editable_project(
    project_id: Annotated[str, Path(description="project id")],
    session: SessionDep,
    user: EditorUser,
) -> str:
    """The project's id, if it exists and the caller may change it."""
    owner = repo.project_owner(session, project_id)
    ensure_can_edit(user, owner_id=owner, what=f"project {project_id!r}")
    return project_id


# --------------------------------------------------------------------------- events


@router.get("/events", response_model=EventListPublic)
def list_events(session: SessionDep, user: CurrentUser, filters: FiltersDep) -> EventListPublic:
    """Events (series, not instances) matching the filters."""
    events = _events(session, filters, user)
    return EventListPublic(data=[_event_public(e) for e in events], count=len(events))


@router.get("/events/{uid}", response_model=EventPublic)
def read_event(event: Annotated[Event, Depends(visible_event)]) -> EventPublic:
    """One event with its recurrence and overrides."""
    return _event_public(event)


@router.post("/events", response_model=EventPublic, status_code=status.HTTP_201_CREATED)
def create_event(body: EventCreate, session: SessionDep, user: EditorUser) -> EventPublic:
    """Create an event owned by the caller (editor role)."""
    if session.get(repo.AgendaEvent, body.uid) is not None:
        msg = f"event {body.uid!r} already exists; use PUT /api/agenda/events/{body.uid}"
        raise ConflictError(msg)
    event = _event_from_body(body.uid, body, user.id)
    repo.save_events(session, [event], origin=f"user:{user.username}")
    return _event_public(event)


@router.put("/events/{uid}", response_model=EventPublic)
def update_event(
    body: EventUpdate,
    session: SessionDep,
    user: EditorUser,
    event: Annotated[Event, Depends(editable_event)],
) -> EventPublic:
    """Replace an event's fields (overrides and kept iCalendar properties stay)."""
    updated = _event_from_body(event.uid, body, event.owner_id)
    updated = Event(**{**updated.__dict__, "overrides": event.overrides, "extra": event.extra})
    repo.save_events(session, [updated], origin=f"user:{user.username}")
    return _event_public(updated)


@router.delete("/events/{uid}", status_code=status.HTTP_204_NO_CONTENT)
def delete_event(session: SessionDep, event: Annotated[Event, Depends(editable_event)]) -> Response:
    """Delete an event."""
    repo.delete_event(session, event.uid)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/import",
    response_model=ImportPublic,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {ICS_MEDIA_TYPE: {"schema": {"type": "string"}}},
        }
    },
)
def import_calendar(
    body: Annotated[bytes, Body(media_type=ICS_MEDIA_TYPE, include_in_schema=False)],
    session: SessionDep,
    user: EditorUser,
    source: Annotated[str, Query(description="name recorded as the events' origin")] = "upload",
    default_tzid: Annotated[str, Query(description="zone of floating times")] = "UTC",
    default_kind: Annotated[str, Query(description="kind of uncategorised events")] = "other",
) -> ImportPublic:
    """Import an iCalendar body: every event is written, or none (see docs/agenda.md)."""
    result = parse_ical(body, source=source, default_tzid=default_tzid, default_kind=default_kind)
    events = []
    for event in result.events:
        # an event already stored is replaced only by whom may edit it, and keeps its owner
        stored = session.get(repo.AgendaEvent, event.uid)
        owner = user.id if stored is None else stored.owner_id
        if stored is not None:
            ensure_can_edit(user, owner_id=owner, what=f"event {event.uid!r}")
        events.append(Event(**{**event.__dict__, "owner_id": owner}))
    repo.save_events(session, events, origin=f"import:{source}")
    return ImportPublic(
        imported=len(events),
        uids=[e.uid for e in events],
        notes=[ImportNotePublic(**n.__dict__) for n in result.notes],
    )


# --------------------------------------------------------------------------- synchronisation


@router.get("/instances", response_model=InstanceListPublic)
def list_instances(
    session: SessionDep, user: CurrentUser, filters: FiltersDep, window: WindowDep
) -> InstanceListPublic:
    """Instances of the matching events in ``[start, end)`` (for month and year views)."""
    instances = expand(_events(session, filters, user), *window)
    return InstanceListPublic(data=[_instance_public(i) for i in instances], count=len(instances))


@router.get("/clashes", response_model=ClashListPublic)
def list_clashes(
    session: SessionDep,
    user: CurrentUser,
    filters: FiltersDep,
    window: WindowDep,
    same_city: bool = True,
    same_organiser: bool = True,
    same_audience: bool = True,
    buffer_days: Annotated[int, Query(ge=0, le=60)] = 0,
) -> ClashListPublic:
    """Instances that clash: same city, organiser or audience on overlapping days."""
    rules = ClashRules(same_city, same_organiser, same_audience, buffer_days)
    clashes = find_clashes(expand(_events(session, filters, user), *window), rules=rules)
    data = [
        ClashPublic(
            first=_instance_public(c.first),
            second=_instance_public(c.second),
            reasons=list(c.reasons),
        )
        for c in clashes
    ]
    return ClashListPublic(data=data, count=len(data))


@router.get("/suggestions", response_model=SuggestionListPublic)
def list_suggestions(
    session: SessionDep,
    user: CurrentUser,
    filters: FiltersDep,
    window: WindowDep,
    within_days: Annotated[int, Query(ge=0, le=60)] = 7,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> SuggestionListPublic:
    """Business events paired with cultural or educational ones in the same city, scored."""
    pairs = suggest_pairs(
        expand(_events(session, filters, user), *window), within_days=within_days, limit=limit
    )
    data = [
        SuggestionPublic(
            business=_instance_public(s.business),
            partner=_instance_public(s.partner),
            days_apart=s.days_apart,
            score=s.score,
            reasons=list(s.reasons),
        )
        for s in pairs
    ]
    return SuggestionListPublic(data=data, count=len(data))


@router.get("/year/{year}", response_model=YearViewPublic)
def read_year(
    year: Annotated[int, Path(ge=1900, le=2200)],
    session: SessionDep,
    user: CurrentUser,
    filters: FiltersDep,
    min_gap_days: Annotated[int, Query(ge=1, le=366)] = 21,
) -> YearViewPublic:
    """When each event falls in ``year``, empty months and gaps of ``min_gap_days`` or more."""
    view = year_view(_events(session, filters, user), year, min_gap_days=min_gap_days)
    return YearViewPublic(
        year=view.year,
        series=[
            SeriesYearPublic(
                uid=s.uid,
                title=s.title,
                kind=s.kind,
                city=s.city,
                recurring=s.recurring,
                days=list(s.days),
                months=list(s.months),
            )
            for s in view.series
        ],
        empty_months=list(view.empty_months),
        gaps=[GapPublic(start=g.start, end=g.end, days=g.days) for g in view.gaps],
    )


# --------------------------------------------------------------------------- programmes, projects


@router.get("/programmes", response_model=ProgrammeListPublic)
def list_programmes(session: SessionDep) -> ProgrammeListPublic:
    """Education and training programmes."""
    data = [_programme_public(p) for p in repo.list_programmes(session)]
    return ProgrammeListPublic(data=data, count=len(data))


@router.get("/programmes/{programme_id}", response_model=ProgrammePublic)
def read_programme(programme_id: str, session: SessionDep) -> ProgrammePublic:
    """One programme."""
    return _programme_public(repo.get_programme(session, programme_id))


@router.post("/programmes", response_model=ProgrammePublic, status_code=status.HTTP_201_CREATED)
def create_programme(
    body: ProgrammeCreate, session: SessionDep, user: EditorUser
) -> ProgrammePublic:
    """Create a programme owned by the caller (editor role); 409 if the id is taken."""
    programme = _programme_from_body(body.id, body)
    repo.create_programme(session, programme, origin=f"user:{user.username}", owner_id=user.id)
    return _programme_public(programme)


@router.put("/programmes/{programme_id}", response_model=ProgrammePublic)
def update_programme(
    body: ProgrammeUpdate,
    session: SessionDep,
    user: EditorUser,
    programme_id: Annotated[str, Depends(editable_programme)],
) -> ProgrammePublic:
    """Replace a programme's fields (its owner, an admin, or any editor if unowned)."""
    programme = _programme_from_body(programme_id, body)
    repo.update_programme(session, programme, origin=f"user:{user.username}")
    return _programme_public(programme)


@router.delete("/programmes/{programme_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_programme(
    session: SessionDep, programme_id: Annotated[str, Depends(editable_programme)]
) -> Response:
    """Delete a programme."""
    repo.delete_programme(session, programme_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/projects", response_model=ProjectListPublic)
def list_projects(session: SessionDep) -> ProjectListPublic:
    """Projects with their workforce needs."""
    data = [_project_public(p) for p in repo.list_projects(session)]
    return ProjectListPublic(data=data, count=len(data))


@router.get("/projects/{project_id}", response_model=ProjectPublic)
def read_project(project_id: str, session: SessionDep) -> ProjectPublic:
    """One project."""
    return _project_public(repo.get_project(session, project_id))


@router.post("/projects", response_model=ProjectPublic, status_code=status.HTTP_201_CREATED)
def create_project(body: ProjectCreate, session: SessionDep, user: EditorUser) -> ProjectPublic:
    """Create a project with its workforce needs, owned by the caller; 409 if the id is taken."""
    project = _project_from_body(body.id, body)
    repo.create_project(session, project, origin=f"user:{user.username}", owner_id=user.id)
    return _project_public(project)


@router.put("/projects/{project_id}", response_model=ProjectPublic)
def update_project(
    body: ProjectUpdate,
    session: SessionDep,
    user: EditorUser,
    project_id: Annotated[str, Depends(editable_project)],
) -> ProjectPublic:
    """Replace a project's fields and needs (its owner, an admin, or any editor if unowned)."""
    project = _project_from_body(project_id, body)
    repo.update_project(session, project, origin=f"user:{user.username}")
    return _project_public(project)


@router.delete("/projects/{project_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_project(
    session: SessionDep, project_id: Annotated[str, Depends(editable_project)]
) -> Response:
    """Delete a project and its workforce needs."""
    repo.delete_project(session, project_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/matching", response_model=MatchListPublic)
def list_matches(
    session: SessionDep,
    min_digits: Annotated[int, Query(ge=2, le=4)] = 2,
    min_score: Annotated[float, Query(ge=0, le=1)] = 0.0,
    project: Annotated[str | None, Query(description="only this project")] = None,
) -> MatchListPublic:
    """Programmes matched to projects by ISCO-08 hierarchy and ISCED-F field, explained."""
    projects = repo.list_projects(session)
    if project is not None:
        projects = [repo.get_project(session, project)]
    found = match(
        repo.list_programmes(session), projects, min_digits=min_digits, min_score=min_score
    )
    data = [
        MatchPublic(
            programme_id=m.programme_id,
            project_id=m.project_id,
            score=m.score,
            isco_score=m.isco_score,
            isced_score=m.isced_score,
            place_score=m.place_score,
            partner_score=m.partner_score,
            reasons=list(m.reasons),
        )
        for m in found
    ]
    return MatchListPublic(data=data, count=len(data))


@router.get("/gaps", response_model=GapReportPublic)
def read_gaps(
    session: SessionDep,
    min_digits: Annotated[int, Query(ge=2, le=4)] = 3,
    year: Annotated[list[int] | None, Query(description="years to report (repeatable)")] = None,
) -> GapReportPublic:
    """Workforce needs not covered by programme graduates, year by year."""
    report = gap_report(
        repo.list_programmes(session),
        repo.list_projects(session),
        years=year,
        min_digits=min_digits,
    )
    return GapReportPublic(
        rows=[
            GapRowPublic(
                **{**r.__dict__, "projects": list(r.projects), "programmes": list(r.programmes)}
            )
            for r in report.rows
        ],
        unserved_programmes=list(report.unserved_programmes),
        min_digits=report.min_digits,
    )


# --------------------------------------------------------------------------- feeds


def _feed(events: Sequence[Event], name: str, filename: str) -> Response:
    # headers are Latin-1: a feed for "Алматы" or "Ā" must not crash on its file name
    safe = slugify(filename.removesuffix(".ics")) or "agenda"
    return Response(
        content=to_ical(events, name=name),
        media_type=ICS_MEDIA_TYPE,
        headers={"Content-Disposition": f'inline; filename="{safe}.ics"'},
    )


_FEED_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {ICS_MEDIA_TYPE: {}}, "description": "An iCalendar file with VTIMEZONEs"}
}


@router.get("/feeds/all.ics", response_class=Response, responses=_FEED_RESPONSES)
def feed_all(session: SessionDep, user: CurrentUser) -> Response:
    """Every event (private ones only for signed-in users)."""
    return _feed(_events(session, Filters(), user), "eurasia agenda", "all.ics")


@router.get("/feeds/kind/{kind}.ics", response_class=Response, responses=_FEED_RESPONSES)
def feed_kind(kind: str, session: SessionDep, user: CurrentUser) -> Response:
    """Events of one kind."""
    filters = _filters(kind=kind)
    return _feed(_events(session, filters, user), f"eurasia agenda: {kind}", f"{kind}.ics")


@router.get("/feeds/country/{country}.ics", response_class=Response, responses=_FEED_RESPONSES)
def feed_country(country: str, session: SessionDep, user: CurrentUser) -> Response:
    """Events in one country (ISO alpha-2)."""
    code = country.upper()
    events = _events(session, Filters(country=code), user)
    return _feed(events, f"eurasia agenda: {code}", f"{code.lower()}.ics")


@router.get("/feeds/city/{city}.ics", response_class=Response, responses=_FEED_RESPONSES)
def feed_city(city: str, session: SessionDep, user: CurrentUser) -> Response:
    """Events in one city (name, case-insensitive)."""
    events = _events(session, Filters(city=city), user)
    return _feed(events, f"eurasia agenda: {city}", f"{slugify(city)}.ics")


@router.get("/feeds/organiser/{slug}.ics", response_class=Response, responses=_FEED_RESPONSES)
def feed_organiser(slug: str, session: SessionDep, user: CurrentUser) -> Response:
    """Events of one organiser (slug)."""
    events = _events(session, Filters(organiser=slug), user)
    return _feed(events, f"eurasia agenda: {slug}", f"{slugify(slug)}.ics")
