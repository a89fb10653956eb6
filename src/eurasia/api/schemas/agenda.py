"""Schemas of ``/api/agenda``.

Events and their instances, synchronisation, programmes, projects, matching and imports.

``Public`` models read the domain objects of :mod:`eurasia.agenda` with
``Model.model_validate(obj, from_attributes=True)``; dates and times become ISO 8601 text
(local for an event's own times, with the offset for instances).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field

from eurasia.agenda.model import EVENT_KINDS, PROGRAMME_MODES
from eurasia.api.schemas.listing import Listing
from eurasia.api.schemas.text import (
    MAX_ITEMS,
    MAX_RRULES,
    Code,
    FreeText,
    Name,
    SingleLine,
    Title,
    Url,
)

__all__ = [
    "SLUG",
    "ClashListPublic",
    "ClashPublic",
    "EventBase",
    "EventCreate",
    "EventListPublic",
    "EventPublic",
    "EventUpdate",
    "GapPublic",
    "GapReportPublic",
    "GapRowPublic",
    "ImportNotePublic",
    "ImportPublic",
    "InstanceListPublic",
    "InstancePublic",
    "MatchListPublic",
    "MatchPublic",
    "NeedPublic",
    "OverridePublic",
    "ProgrammeBase",
    "ProgrammeCreate",
    "ProgrammeListPublic",
    "ProgrammePublic",
    "ProgrammeUpdate",
    "ProjectBase",
    "ProjectCreate",
    "ProjectListPublic",
    "ProjectPublic",
    "ProjectUpdate",
    "SeriesYearPublic",
    "SuggestionListPublic",
    "SuggestionPublic",
    "VenuePublic",
    "YearViewPublic",
]


def _iso(value: Any) -> Any:
    """Return a date or date-time as ISO 8601 text; anything else as it is (checked as text after).

    Examples
    --------
    >>> from datetime import datetime
    >>> _iso(datetime(2025, 9, 1, 10)), _iso(date(2025, 9, 1)), _iso("2025-09-01")
    ('2025-09-01T10:00:00', '2025-09-01', '2025-09-01')
    """
    return value.isoformat() if isinstance(value, date) else value  # datetime is a date too


#: Text holding a date or a date-time; a :class:`~datetime.date` or
#: :class:`~datetime.datetime` read from a domain object is written in ISO 8601.
IsoText = Annotated[str, BeforeValidator(_iso)]


class VenuePublic(BaseModel):
    """Where an event takes place."""

    city: str | None = None
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-2")
    name: str | None = None
    lat: float | None = None
    lon: float | None = None


class OverridePublic(BaseModel):
    """One changed or cancelled instance of a series (RECURRENCE-ID)."""

    recurrence_id: IsoText
    start: IsoText | None = None
    end: IsoText | None = None
    title: str | None = None
    status: str | None = None
    description: str | None = None
    location: str | None = None


class EventBase(BaseModel):
    """Fields of an event; times are local (``2025-09-01T10:00:00``) or dates for all-day."""

    title: str
    kind: str = Field(description=f"one of {', '.join(EVENT_KINDS)}")
    start: IsoText = Field(description="local date-time (no offset) or date for all-day events")
    end: IsoText = Field(description="exclusive end, same type as start")
    tzid: str = Field(description="IANA time zone, e.g. Asia/Almaty")
    venue: VenuePublic = VenuePublic()
    organisers: list[str] = []
    partner_countries: list[str] = []
    audience: list[str] = []
    rrules: list[str] = Field(default=[], description="RFC 5545 RRULE values")
    rdates: list[IsoText] = []
    exdates: list[IsoText] = []
    status: str = "confirmed"
    visibility: str = "public"
    description: str = ""
    url: str | None = None
    source: str | None = None
    illustrative: str | None = None


class VenueInput(VenuePublic):
    """Where an event takes place, as a request gives it (single-line names)."""

    city: Name | None = None
    country: str | None = Field(default=None, max_length=2, description="ISO 3166-1 alpha-2")
    name: Name | None = None


#: A date or date-time given as text.
WhenText = Annotated[IsoText, Field(max_length=32)]


class EventInput(EventBase):
    """Event fields as a request gives them: lengths bounded, single-line text on one line."""

    title: Title
    kind: str = Field(max_length=20, description=f"one of {', '.join(EVENT_KINDS)}")
    start: WhenText = Field(description="local date-time (no offset) or date for all-day events")
    end: WhenText = Field(description="exclusive end, same type as start")
    tzid: str = Field(max_length=64, description="IANA time zone, e.g. Asia/Almaty")
    venue: VenueInput = VenueInput()
    organisers: list[Name] = Field(default=[], max_length=MAX_ITEMS)
    partner_countries: list[Annotated[str, Field(max_length=2)]] = Field(
        default=[], max_length=MAX_ITEMS
    )
    audience: list[Name] = Field(default=[], max_length=MAX_ITEMS)
    rrules: list[Annotated[SingleLine, Field(max_length=500)]] = Field(
        default=[], max_length=MAX_RRULES, description="RFC 5545 RRULE values"
    )
    rdates: list[WhenText] = Field(default=[], max_length=10 * MAX_ITEMS)
    exdates: list[WhenText] = Field(default=[], max_length=10 * MAX_ITEMS)
    status: str = Field(default="confirmed", max_length=20)
    visibility: str = Field(default="public", max_length=20)
    description: FreeText = ""
    url: Url | None = None
    source: Code | None = None
    illustrative: FreeText | None = None


class EventCreate(EventInput):
    """A new event."""

    uid: Code


class EventUpdate(EventInput):
    """Replacement fields of an existing event (the UID is in the path)."""


class EventPublic(EventBase):
    """An event as returned by the API."""

    uid: str
    all_day: bool
    recurring: bool
    overrides: list[OverridePublic] = []


class EventListPublic(Listing[EventPublic]):
    """A list of events."""


class InstancePublic(BaseModel):
    """One occurrence, with aware times (ISO with offset) or dates for all-day ones."""

    uid: str
    recurrence_id: IsoText
    title: str
    kind: str
    start: IsoText
    end: IsoText
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
    """One page of the instances in a window."""

    data: list[InstancePublic]
    count: int = Field(description="instances on this page")
    total: int = Field(description="instances in the window")
    offset: int = 0
    next_offset: int | None = Field(
        default=None, description="offset of the next page; null on the last one"
    )


class ClashPublic(BaseModel):
    """Two instances competing for a city, organiser or audience."""

    first: InstancePublic
    second: InstancePublic
    reasons: list[str]


class ClashListPublic(Listing[ClashPublic]):
    """Clashes in a window."""


class SuggestionPublic(BaseModel):
    """A business instance paired with a cultural or educational one."""

    business: InstancePublic
    partner: InstancePublic
    days_apart: int
    score: float
    reasons: list[str]


class SuggestionListPublic(Listing[SuggestionPublic]):
    """Co-scheduling suggestions, best first."""


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
    partner_enterprises: list[Name] = Field(default=[], max_length=MAX_ITEMS)
    target_isco: list[Annotated[str, Field(max_length=4)]] = Field(
        max_length=MAX_ITEMS, description="ISCO-08 unit groups (4 digits), at least one"
    )
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


class ProgrammeListPublic(Listing[ProgrammePublic]):
    """Programmes."""


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
    partners: list[Name] = Field(default=[], max_length=MAX_ITEMS)
    isced_fields: list[Annotated[str, Field(max_length=4)]] = Field(
        default=[], max_length=MAX_ITEMS, description="ISCED-F 2013 fields"
    )
    description: FreeText = ""
    needs: list[NeedPublic] = Field(
        default=[],
        max_length=10 * MAX_ITEMS,
        description="ISCO-08 unit group, headcount (> 0) and year; one per pair",
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


class ProjectListPublic(Listing[ProjectPublic]):
    """Projects."""


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


class MatchListPublic(Listing[MatchPublic]):
    """Matches, best first."""


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


class RejectedEventPublic(BaseModel):
    """An event a partial import left out: its line, component and the reason."""

    line: int
    component: str
    reason: str


class ImportPublic(BaseModel):
    """Outcome of an import (all events written, or none; in partial mode the valid ones)."""

    imported: int
    uids: list[str]
    notes: list[ImportNotePublic]
    rejected: list[RejectedEventPublic] = []
    cancelled: list[str] = []
