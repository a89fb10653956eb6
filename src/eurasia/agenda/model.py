"""The agenda's objects: events with recurrence, their instances, programmes and projects.

Times are stored the way people plan them: a **local wall time plus an IANA zone** (never a
fixed offset), so an annual 10:00 event in Almaty stays at 10:00 local after Kazakhstan moved
from UTC+6 to UTC+5 on 2024-03-01. All-day events use dates, with an exclusive end date as in
RFC 5545.

Examples
--------
>>> from datetime import datetime
>>> ev = Event(
...     uid="forum@eurasia",
...     title="Forum",
...     kind="business",
...     start=datetime(2025, 5, 29, 10),
...     end=datetime(2025, 5, 29, 18),
...     tzid="Asia/Almaty",
...     venue=Venue(city="Astana", country="KZ"),
...     rrules=("FREQ=YEARLY",),
... )
>>> ev.all_day, ev.recurring, ev.duration
(False, True, datetime.timedelta(seconds=28800))
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pycountry

from eurasia.agenda.rrule import check_rule_for_start, parse_rule
from eurasia.agenda.zones import resolve_tzid
from eurasia.errors import DataError
from eurasia.settings import get_settings

__all__ = [
    "EVENT_KINDS",
    "PROGRAMME_MODES",
    "STATUSES",
    "VISIBILITIES",
    "Event",
    "EventFilter",
    "Instance",
    "Override",
    "Programme",
    "Project",
    "Venue",
    "WorkforceNeed",
    "filter_events",
    "safe_uri",
    "slugify",
]

#: Kinds of event; ``other`` is what an imported event without a recognisable category gets.
EVENT_KINDS = ("business", "culture", "education", "science", "sport", "other")
#: RFC 5545 STATUS values for events, lower-cased.
STATUSES = ("confirmed", "tentative", "cancelled")
#: ``private`` events are exported and listed only for signed-in users.
VISIBILITIES = ("public", "private")
#: How a programme is delivered; ``dual`` combines college or university with enterprise training.
PROGRAMME_MODES = ("full-time", "part-time", "dual", "distance", "short-course")

When = date | datetime
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_ISCO = re.compile(r"^\d{4}$")
_ISCED = re.compile(r"^\d{2,4}$")
#: Earliest year a series may start in (a ``COUNT`` rule is counted from its first instance).
#: Sub-daily rules are allowed: expansion starts at the window and stops at the instance caps.
FIRST_SERIES_YEAR = 1900
#: Largest ``COUNT`` a rule may have: an instance in a window is found by counting every one
#: before it, so a huge count on a dense rule would make a view far from the start count for long.
MAX_COUNT = 100_000
#: Characters a URL may not hold: controls (CR and LF end an iCalendar content line or an HTTP
#: header), space, DEL and the Unicode line and paragraph separators.
_URI_UNSAFE = re.compile(r"[\x00-\x20\x7f\x85\u2028\u2029]")


def safe_uri(value: str) -> str:
    r"""``value`` with every control character, space or line separator percent-encoded.

    The writers of iCalendar and HTTP headers use it, so that no stored value can end a line.

    Examples
    --------
    >>> safe_uri("https://example.org/a b\r\nX-EVIL:1")
    'https://example.org/a%20b%0D%0AX-EVIL:1'
    """
    return _URI_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), value)


def slugify(text: str) -> str:
    """Return a lower-case ASCII slug (letters, digits, hyphens) for ids and feed URLs.

    Examples
    --------
    >>> slugify("Rosatom State Corporation"), slugify("MEPhI (Astana)")
    ('rosatom-state-corporation', 'mephi-astana')
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _is_country(code: str) -> bool:
    """Whether ``code`` is an assigned ISO 3166-1 alpha-2 code (``XX``, ``ZZ`` … are not).

    Examples
    --------
    >>> _is_country("KZ"), _is_country("XX"), _is_country("kz")
    (True, False, False)
    """
    return bool(_COUNTRY.match(code)) and pycountry.countries.get(alpha_2=code) is not None


def _is_datetime(value: When) -> bool:
    return isinstance(value, datetime)


def _check_rule(rule: str, where: str, start: When) -> None:
    """Refuse rules RFC 5545 forbids, and series whose expansion would start before 1900."""
    if start.year < FIRST_SERIES_YEAR:
        msg = f"{where}: a series must start in {FIRST_SERIES_YEAR} or later, got {start.year}"
        raise DataError(msg)
    try:
        parsed = parse_rule(rule)
        check_rule_for_start(parsed, start)
    except DataError as exc:
        msg = f"{where}, field 'rrules': {exc}"
        raise DataError(msg) from None
    if parsed.count is not None and parsed.count > MAX_COUNT:
        msg = f"{where}, field 'rrules': {rule!r} has COUNT={parsed.count}; at most {MAX_COUNT}"
        raise DataError(msg)


def _check_abuse_limits(url: str | None, rrules: tuple[str, ...], where: str) -> None:
    """Refuse what would break a writer or make every view expand too much (issue 18)."""
    if url is not None and _URI_UNSAFE.search(url):
        msg = (
            f"{where}, field 'url': contains a line break, control character or space; "
            "expected one URL on one line (percent-encode such characters)"
        )
        raise DataError(msg)
    max_rrules = get_settings().max_rrules_per_event
    if len(rrules) > max_rrules:
        msg = (
            f"{where}, field 'rrules': {len(rrules)} rules; at most {max_rrules} are "
            "allowed (EURASIA_MAX_RRULES_PER_EVENT)"
        )
        raise DataError(msg)


def _check_naive(value: When, where: str) -> None:
    if isinstance(value, datetime) and value.tzinfo is not None:
        msg = f"{where}: expected a local wall time without offset, got {value.isoformat()}"
        raise DataError(msg)


@dataclass(frozen=True)
class Venue:
    """Where an event takes place; ``country`` is ISO 3166-1 alpha-2."""

    city: str | None = None
    country: str | None = None
    name: str | None = None
    lat: float | None = None
    lon: float | None = None

    def __post_init__(self) -> None:
        """Check the fields; a bad one raises :class:`~eurasia.errors.DataError` naming it."""
        if self.country is not None and not _is_country(self.country):
            msg = f"venue country {self.country!r}: expected an ISO 3166-1 alpha-2 code like 'KZ'"
            raise DataError(msg)
        if self.lat is not None and not -90 <= self.lat <= 90:
            msg = f"venue lat {self.lat}: expected a number in [-90, 90]"
            raise DataError(msg)
        if self.lon is not None and not -180 <= self.lon <= 180:
            msg = f"venue lon {self.lon}: expected a number in [-180, 180]"
            raise DataError(msg)


@dataclass(frozen=True)
class Override:
    """One instance of a series changed or cancelled (RFC 5545 ``RECURRENCE-ID``).

    ``recurrence_id`` is the original start of the instance, in the series' zone (or a date for
    all-day series). Fields left ``None`` keep the series' values.
    """

    recurrence_id: When
    start: When | None = None
    end: When | None = None
    title: str | None = None
    status: str | None = None
    description: str | None = None
    location: str | None = None


@dataclass(frozen=True)
class Event:
    """An event or a series of events (see the module docstring for how times are held).

    Parameters
    ----------
    uid
        Stable identifier, kept as the iCalendar ``UID`` on export.
    start, end
        Local wall times (naive datetimes in ``tzid``) or dates for all-day events; the end is
        exclusive and of the same type as the start.
    tzid
        IANA zone of ``start``/``end``; for all-day events the venue's zone.
    rrules, rdates, exdates
        RFC 5545 recurrence: ``RRULE`` values (``UNTIL`` in UTC for timed events), extra and
        excluded starts in the same zone and type as ``start``.
    source, illustrative
        Source id of the facts, and what is assumed (``None`` when nothing is).
    extra
        iCalendar content lines this model does not interpret, kept for export.
    """

    uid: str
    title: str
    kind: str
    start: When
    end: When
    tzid: str
    venue: Venue = Venue()
    organisers: tuple[str, ...] = ()
    partner_countries: tuple[str, ...] = ()
    audience: tuple[str, ...] = ()
    rrules: tuple[str, ...] = ()
    rdates: tuple[When, ...] = ()
    exdates: tuple[When, ...] = ()
    overrides: tuple[Override, ...] = ()
    status: str = "confirmed"
    visibility: str = "public"
    description: str = ""
    url: str | None = None
    source: str | None = None
    illustrative: str | None = None
    extra: str = ""
    owner_id: int | None = None

    def __post_init__(self) -> None:
        """Check the fields; a bad one raises :class:`~eurasia.errors.DataError` naming it."""
        where = f"event {self.uid!r}"
        if not self.uid.strip():
            msg = "event uid: expected a non-empty identifier"
            raise DataError(msg)
        if not self.title.strip():
            msg = f"{where}, field 'title': expected a non-empty title"
            raise DataError(msg)
        _one_of(self.kind, EVENT_KINDS, f"{where}, field 'kind'")
        _one_of(self.status, STATUSES, f"{where}, field 'status'")
        _one_of(self.visibility, VISIBILITIES, f"{where}, field 'visibility'")
        if resolve_tzid(self.tzid) != self.tzid:
            msg = f"{where}, field 'tzid': {self.tzid!r} is not an IANA zone like 'Asia/Almaty'"
            raise DataError(msg)
        if _is_datetime(self.start) != _is_datetime(self.end):
            msg = f"{where}: start and end must both be dates (all-day) or both date-times"
            raise DataError(msg)
        _check_naive(self.start, f"{where}, field 'start'")
        _check_naive(self.end, f"{where}, field 'end'")
        if self.end < self.start or (self.all_day and self.end == self.start):
            msg = (
                f"{where}: end {self.end.isoformat()} is before start {self.start.isoformat()}; "
                "expected an end after the start (exclusive for all-day events)"
            )
            raise DataError(msg)
        _check_abuse_limits(self.url, self.rrules, where)
        _check_countries(self.partner_countries, f"{where}, field 'partner_countries'")
        self._check_recurrence(where)
        for override in self.overrides:
            _check_naive(override.recurrence_id, f"{where}, override recurrence_id")
            if override.status is not None:
                _one_of(override.status, STATUSES, f"{where}, override status")

    def _check_recurrence(self, where: str) -> None:
        for rule in self.rrules:
            _check_rule(rule, where, self.start)
        for name in ("rdates", "exdates"):
            for value in getattr(self, name):
                if _is_datetime(value) != _is_datetime(self.start):
                    msg = f"{where}, field {name!r}: {value!r} must match the type of start"
                    raise DataError(msg)
                _check_naive(value, f"{where}, field {name!r}")

    @property
    def all_day(self) -> bool:
        """Whether the event spans whole days (dates rather than times)."""
        return not _is_datetime(self.start)

    @property
    def recurring(self) -> bool:
        """Whether the event repeats (RRULE or RDATE)."""
        return bool(self.rrules or self.rdates)

    @property
    def duration(self) -> timedelta:
        """Length of one instance."""
        return self.end - self.start  # type: ignore[operator]

    def visible_to(self, *, signed_in: bool) -> bool:
        """Whether someone (anonymous or signed in) may see this event."""
        return self.visibility == "public" or signed_in


@dataclass(frozen=True)
class Instance:
    """One occurrence of an event, ready for a calendar view.

    ``start``/``end`` are timezone-aware for timed events and dates for all-day ones;
    ``first_day``/``last_day`` are the local calendar days the instance covers (inclusive).
    """

    uid: str
    recurrence_id: When
    title: str
    kind: str
    start: When
    end: When
    tzid: str
    city: str | None
    country: str | None
    organisers: tuple[str, ...]
    partner_countries: tuple[str, ...]
    audience: tuple[str, ...]
    status: str
    visibility: str
    recurring: bool
    first_day: date = field(init=False)
    last_day: date = field(init=False)

    def __post_init__(self) -> None:
        """Set the first and last local day the instance touches."""
        if isinstance(self.start, datetime) and isinstance(self.end, datetime):
            first = self.start.date()
            last_moment = (
                self.end - timedelta(microseconds=1) if self.end > self.start else self.end
            )
            last = max(first, last_moment.date())
        else:
            first = _as_date(self.start)
            last = max(first, _as_date(self.end) - timedelta(days=1))
        object.__setattr__(self, "first_day", first)
        object.__setattr__(self, "last_day", last)

    @property
    def all_day(self) -> bool:
        """Whether the instance spans whole days."""
        return not isinstance(self.start, datetime)

    def days_apart(self, other: Instance) -> int:
        """Days between the two instances' covered days; 0 when they touch or overlap.

        Examples
        --------
        >>> from datetime import date
        >>> a = Instance("a", date(2025, 1, 1), "A", "culture", date(2025, 1, 1), date(2025, 1, 3),
        ...              "UTC", None, None, (), (), (), "confirmed", "public", False)
        >>> b = Instance("b", date(2025, 1, 7), "B", "business", date(2025, 1, 7),
        ...              date(2025, 1, 8), "UTC", None, None, (), (), (), "confirmed", "public", False)
        >>> a.last_day, a.days_apart(b)
        (datetime.date(2025, 1, 2), 5)
        """
        if self.last_day < other.first_day:
            return (other.first_day - self.last_day).days
        if other.last_day < self.first_day:
            return (self.first_day - other.last_day).days
        return 0


def _as_date(value: When) -> date:
    return value.date() if isinstance(value, datetime) else value


def _one_of(value: str, allowed: Iterable[str], where: str) -> None:
    allowed = tuple(allowed)
    if value not in allowed:
        msg = f"{where}: {value!r} is not one of {', '.join(allowed)}"
        raise DataError(msg)


def _check_pattern(codes: Iterable[str], pattern: re.Pattern[str], where: str, what: str) -> None:
    """Raise DataError naming ``where`` for the first code that does not match ``pattern``."""
    for code in codes:
        if not pattern.match(code):
            msg = f"{where}: {code!r} is not {what}"
            raise DataError(msg)


def _check_countries(codes: Iterable[str], where: str) -> None:
    """Raise DataError naming ``where`` for the first code that is not an ISO alpha-2 country."""
    for code in codes:
        if not _is_country(code):
            msg = f"{where}: {code!r} is not an ISO alpha-2 code"
            raise DataError(msg)


def _check_years(start_year: int, end_year: int, where: str) -> None:
    """Raise DataError naming ``where`` when ``end_year`` comes before ``start_year``."""
    if end_year < start_year:
        msg = f"{where}: end_year {end_year} is before start_year {start_year}"
        raise DataError(msg)


@dataclass(frozen=True)
class WorkforceNeed:
    """Workers a project needs to hire in ``year`` for ISCO-08 unit group ``isco``."""

    isco: str
    headcount: int
    year: int

    def __post_init__(self) -> None:
        """Check the fields; a bad one raises :class:`~eurasia.errors.DataError` naming it."""
        if not _ISCO.match(self.isco):
            msg = f"workforce need isco {self.isco!r}: expected a 4-digit ISCO-08 unit group"
            raise DataError(msg)
        if self.headcount <= 0:
            msg = f"workforce need {self.isco}/{self.year}: headcount {self.headcount} must be > 0"
            raise DataError(msg)


@dataclass(frozen=True)
class Programme:
    """An education or training programme (schema.org ``EducationalOccupationalProgram``).

    ``isced_field`` is an ISCED-F 2013 code (2, 3 or 4 digits), ``isced_level`` an ISCED 2011
    level (0–8), ``target_isco`` the ISCO-08 unit groups it trains for, ``intake_per_year`` the
    students admitted each year from ``start_year`` (to ``end_year`` when it closes) and
    ``duration_years`` the time to complete.
    """

    id: str
    title: str
    provider: str
    isced_field: str
    isced_level: int
    mode: str
    country: str
    target_isco: tuple[str, ...]
    intake_per_year: int
    duration_years: float
    start_year: int
    city: str | None = None
    end_year: int | None = None
    partner_enterprises: tuple[str, ...] = ()
    source: str | None = None
    illustrative: str | None = None

    def __post_init__(self) -> None:
        """Check the fields; a bad one raises :class:`~eurasia.errors.DataError` naming it."""
        where = f"programme {self.id!r}"
        _check_pattern(
            (self.isced_field,), _ISCED, f"{where}, field 'isced_field'", "an ISCED-F code"
        )
        if not 0 <= self.isced_level <= 8:
            msg = f"{where}, field 'isced_level': {self.isced_level} is not in 0..8"
            raise DataError(msg)
        _one_of(self.mode, PROGRAMME_MODES, f"{where}, field 'mode'")
        _check_countries((self.country,), f"{where}, field 'country'")
        if not self.target_isco:
            msg = f"{where}, field 'target_isco': expected at least one ISCO-08 unit group"
            raise DataError(msg)
        _check_pattern(
            self.target_isco, _ISCO, f"{where}, field 'target_isco'", "a 4-digit ISCO-08 code"
        )
        if self.intake_per_year < 0 or self.duration_years <= 0:
            msg = f"{where}: intake_per_year must be >= 0 and duration_years > 0"
            raise DataError(msg)
        if self.end_year is not None:
            _check_years(self.start_year, self.end_year, where)

    def graduates(self, year: int) -> float:
        """Graduates expected in ``year``: the intake admitted ``duration_years`` earlier.

        Examples
        --------
        >>> p = Programme("p", "P", "U", "0713", 6, "full-time", "KZ", ("2151",), 40, 4, 2025)
        >>> p.graduates(2028), p.graduates(2029)
        (0.0, 40.0)
        """
        admitted = year - round(self.duration_years)
        if admitted < self.start_year:
            return 0.0
        if self.end_year is not None and admitted > self.end_year:
            return 0.0
        return float(self.intake_per_year)


@dataclass(frozen=True)
class Project:
    """A technology or infrastructure project and the workforce it needs year by year."""

    id: str
    title: str
    sector: str
    country: str
    start_year: int
    end_year: int
    needs: tuple[WorkforceNeed, ...] = ()
    city: str | None = None
    lat: float | None = None
    lon: float | None = None
    partners: tuple[str, ...] = ()
    isced_fields: tuple[str, ...] = ()
    description: str = ""
    source: str | None = None
    illustrative: str | None = None

    def __post_init__(self) -> None:
        """Check the fields; a bad one raises :class:`~eurasia.errors.DataError` naming it."""
        where = f"project {self.id!r}"
        _check_countries((self.country,), f"{where}, field 'country'")
        _check_years(self.start_year, self.end_year, where)
        _check_pattern(
            self.isced_fields, _ISCED, f"{where}, field 'isced_fields'", "an ISCED-F code"
        )
        # canonical order (year, then occupation), whatever order the needs were given in
        object.__setattr__(self, "needs", tuple(sorted(self.needs, key=lambda n: (n.year, n.isco))))
        seen: set[tuple[str, int]] = set()
        for need in self.needs:
            key = (need.isco, need.year)
            if key in seen:
                msg = f"{where}: workforce need {need.isco} for {need.year} is listed twice"
                raise DataError(msg)
            seen.add(key)


@dataclass(frozen=True)
class EventFilter:
    """Which events to keep: those matching every given field (``None``: any).

    The one set of event filters of the store, the API and the command line.

    Parameters
    ----------
    kind
        One of :data:`EVENT_KINDS`.
    country
        ISO 3166-1 alpha-2 of the venue, in any case.
    city
        The venue's city, compared case-insensitively.
    organiser
        An organiser, compared by its slug.
    signed_in
        Whether private events are kept (only for signed-in users).
    """

    kind: str | None = None
    country: str | None = None
    city: str | None = None
    organiser: str | None = None
    signed_in: bool = False


def filter_events(events: Iterable[Event], filters: EventFilter) -> list[Event]:
    """Events matching ``filters`` (city and organiser compare case-insensitively).

    Private events are kept only when ``filters.signed_in``.

    Examples
    --------
    >>> from datetime import date
    >>> ev = Event("x", "X", "culture", date(2025, 9, 1), date(2025, 9, 2), "Asia/Almaty",
    ...            venue=Venue(city="Astana", country="KZ"), organisers=("rosatom",))
    >>> len(filter_events([ev], EventFilter(city="astana")))
    1
    >>> len(filter_events([ev], EventFilter(organiser="mgimo")))
    0
    """
    kind, country = filters.kind, filters.country
    city_key = filters.city.casefold() if filters.city else None
    organiser_key = slugify(filters.organiser) if filters.organiser else None
    kept = []
    for ev in events:
        if kind is not None and ev.kind != kind:
            continue
        if country is not None and ev.venue.country != country.upper():
            continue
        if city_key is not None and (ev.venue.city or "").casefold() != city_key:
            continue
        if organiser_key is not None and organiser_key not in ev.organisers:
            continue
        if not ev.visible_to(signed_in=filters.signed_in):
            continue
        kept.append(ev)
    return kept
