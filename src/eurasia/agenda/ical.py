r"""iCalendar (RFC 5545) import and export of agenda events.

Export
------
:func:`to_ical` writes one ``VCALENDAR`` with a ``VTIMEZONE`` for every zone used (generated
from the tz database, so clients that ignore IANA names still show the right times), stable
``UID``\ s, ``CLASS`` from the visibility, the agenda's own fields as ``X-EURASIA-*`` properties,
and every property kept from an import. Feeds per kind, country, city or organiser are exports
of :func:`eurasia.agenda.model.filter_events`.

Import and its interpretations
------------------------------
:func:`parse_ical` reads the whole text before returning anything: a failure leaves nothing
half-read (callers write the result in one transaction). Each rule below is applied the same way
every time and reported as an :class:`ImportNote`; anything else that cannot be read raises
:class:`~eurasia.errors.DataError` naming the component (``VEVENT`` with its ``UID`` and line) and
the property.

* **Encoding.** UTF-8, with or without a byte-order mark; bare ``LF`` line ends are accepted.
* **Broken folding.** A line that does not start with a property name followed by ``:`` or
  ``;`` (and is not a properly folded continuation starting with a space or tab) is joined to
  the line before it, as if it had been folded, when that line is free text (``SUMMARY``,
  ``DESCRIPTION``, ``LOCATION``, ``X-…``); after any other property it is left out, so a value a
  strict parser accepts is never changed.
* **iTIP.** ``METHOD:REPLY`` components (an attendee's answer) are left out; a
  ``METHOD:CANCEL`` component without ``DTSTART`` (RFC 5546 allows it) is listed in
  ``ImportResult.cancelled``, one with ``DTSTART`` is read as a cancelled event.
* **Partial mode** (``partial=True``): an event that cannot be read is left out and listed in
  ``ImportResult.rejected`` with its line and the reason; by default it refuses the calendar.
* **Missing DTSTART.** A ``VEVENT`` without ``DTSTART`` is an error (RFC 5545 requires it when
  there is no ``METHOD``), naming the ``UID`` and line; see iTIP below.
* **Missing UID.** A stable ``UID`` is derived from the file name, ``SUMMARY`` and ``DTSTART``.
* **Time zones.** A ``TZID`` is resolved by :func:`eurasia.agenda.zones.resolve_tzid` (IANA name,
  Windows name via CLDR, vendor-prefixed IANA name). An unresolvable ``TZID`` defined by a
  ``VTIMEZONE`` in the file is honoured for the times in the file, which are stored in UTC. An
  unresolvable ``TZID`` without a ``VTIMEZONE`` is an error.
* **Floating times** (no ``TZID``, no ``Z``) are read in the calendar's ``X-WR-TIMEZONE`` when it
  names a zone, else in ``default_tzid``.
* **Naive/aware mixtures.** ``DTEND``, ``RDATE``, ``EXDATE``, ``RECURRENCE-ID`` and ``UNTIL`` are
  converted to the zone of ``DTSTART``; naive values are read in that zone. ``UNTIL`` of a timed
  series is stored in UTC as RFC 5545 requires.
* **Dates in a timed series.** An all-day ``EXDATE``/``RDATE`` in a timed series means the
  instance on that date at the series' start time; a date-time in an all-day series means its
  date. A ``DTEND`` of the other value type is converted likewise.
* **COUNT with UNTIL** (forbidden by RFC 5545): ``UNTIL`` is kept, ``COUNT`` dropped. An
  empty ``RRULE`` is ignored; whitespace inside one is removed.
* **UNTIL before DTSTART.** The rule can produce nothing after the start; the ``RRULE`` is
  dropped and the event keeps its single ``DTSTART`` occurrence.
* **End before start.** ``DTEND`` before ``DTSTART`` gives a zero-length event (one day for an
  all-day event); no ``DTEND`` or ``DURATION`` gives one day (all-day) or zero length (timed).
* **RDATE periods.** Only the start of a ``PERIOD`` is kept; instances last as long as the event.
* **Overrides.** ``RECURRENCE-ID`` components become overrides of their series; one whose series
  is missing becomes a single event with ``UID`` ``<uid>/<recurrence-id>``. ``RANGE`` is ignored.
* **Duplicates.** Of several series with one ``UID`` the highest ``SEQUENCE`` (then the last)
  wins.
* **Kind and place.** ``X-EURASIA-KIND`` or else the first ``CATEGORIES`` value naming a kind
  gives the kind (``default_kind`` otherwise); ``X-EURASIA-CITY``/``-COUNTRY`` the place;
  ``ORGANIZER`` (its ``CN``, else its address) the organiser when ``X-EURASIA-ORGANISERS`` is
  absent. ``CLASS:PUBLIC`` (or none) is public; any other class is private, as RFC 5545 asks for
  unknown classes.
* **Unknown properties and components** (``ATTENDEE``, ``VALARM``, ``X-…``, ``SEQUENCE`` …) are
  kept verbatim and written back on export. ``DTSTAMP`` is regenerated on export.

Examples
--------
>>> text = '''BEGIN:VCALENDAR
... VERSION:2.0
... PRODID:-//example//EN
... BEGIN:VEVENT
... UID:expo@example
... SUMMARY:Expo
... DTSTART;TZID=Asia/Almaty:20250611T100000
... DTEND;TZID=Asia/Almaty:20250611T180000
... RRULE:FREQ=YEARLY;COUNT=3
... X-COLOUR:green
... END:VEVENT
... END:VCALENDAR
... '''
>>> result = parse_ical(text, source="expo.ics", default_kind="business")
>>> ev = result.events[0]
>>> ev.uid, ev.kind, ev.start, ev.tzid, ev.rrules
('expo@example', 'business', datetime.datetime(2025, 6, 11, 10, 0), 'Asia/Almaty', ('FREQ=YEARLY;COUNT=3',))
>>> b"X-COLOUR:green" in to_ical(result.events)
True
"""

from __future__ import annotations

import hashlib
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import x_wr_timezone
from icalendar.prop import vDDDLists, vRecur

from eurasia.agenda.model import EVENT_KINDS, Event, Override, Venue, When, safe_uri, slugify
from eurasia.agenda.rrule import check_rule_for_start, parse_rule
from eurasia.agenda.zones import match_offsets, resolve_tzid
from eurasia.errors import DataError

__all__ = [
    "ILLUSTRATIVE_CATEGORY",
    "PRODID",
    "TENTATIVE_CATEGORY",
    "ImportNote",
    "ImportResult",
    "RejectedEvent",
    "event_components",
    "parse_ical",
    "provenance_categories",
    "provenance_text",
    "read_ical_file",
    "to_ical",
]

PRODID = "-//eurasia//cooperation agenda//EN"
_X = "X-EURASIA-"
_PROPERTY_LINE = re.compile(r"^[A-Za-z0-9-]+[;:]")
_TEXT_ESCAPE = re.compile(r"\\([\\;,nN])")
#: Properties the model reads; everything else is kept verbatim in ``Event.extra``.
_HANDLED = frozenset(
    {
        "UID",
        "SUMMARY",
        "DTSTART",
        "DTEND",
        "DURATION",
        "RRULE",
        "RDATE",
        "EXDATE",
        "RECURRENCE-ID",
        "STATUS",
        "CLASS",
        "DESCRIPTION",
        "URL",
        "LOCATION",
        "GEO",
        "DTSTAMP",
    }
)


@dataclass(frozen=True)
class ImportNote:
    """One interpretation applied while reading a calendar."""

    line: int
    component: str
    property: str
    message: str

    def __str__(self) -> str:
        """Return the problem as ``line N, COMPONENT, PROPERTY: message``."""
        return f"line {self.line}, {self.component}, {self.property}: {self.message}"


@dataclass(frozen=True)
class RejectedEvent:
    """An event left out by a partial import, with the line and the reason."""

    line: int
    component: str
    reason: str

    def __str__(self) -> str:
        """Return ``line N, VEVENT UID=…: reason``."""
        return f"line {self.line}, {self.component}: {self.reason}"


@dataclass(frozen=True)
class ImportResult:
    r"""Events read from a calendar and the interpretations applied to get them.

    ``rejected`` lists the events a partial import left out (always empty otherwise);
    ``cancelled`` the ``UID``\s (``UID/RECURRENCE-ID`` for one instance) that an iTIP
    ``METHOD:CANCEL`` message cancels without carrying the event itself.
    """

    events: tuple[Event, ...]
    notes: tuple[ImportNote, ...]
    rejected: tuple[RejectedEvent, ...] = ()
    cancelled: tuple[str, ...] = ()


# --------------------------------------------------------------------------- export


def _x_list(values: Iterable[str]) -> str:
    return ",".join(values)


def _aware(value: When, tz: ZoneInfo) -> When:
    return value.replace(tzinfo=tz) if isinstance(value, datetime) else value


#: Categories export adds so that calendar apps show what the data only assume.
ILLUSTRATIVE_CATEGORY = "Illustrative"
TENTATIVE_CATEGORY = "Date not confirmed"
_PROVENANCE_LABEL = "\n\nIllustrative data: "


def provenance_categories(event: Event) -> tuple[str, ...]:
    """Return the ``CATEGORIES`` that flag illustrative data and unconfirmed dates.

    Examples
    --------
    >>> from datetime import date
    >>> ev = Event("d@x", "Day", "culture", date(2025, 9, 1), date(2025, 9, 2), "Asia/Almaty",
    ...            status="tentative", illustrative="date assumed")
    >>> provenance_categories(ev)
    ('Illustrative', 'Date not confirmed')
    """
    flags = []
    if event.illustrative:
        flags.append(ILLUSTRATIVE_CATEGORY)
    if event.status == "tentative":
        flags.append(TENTATIVE_CATEGORY)
    return tuple(flags)


def provenance_text(event: Event) -> str:
    """Return the paragraph export appends to ``DESCRIPTION`` for illustrative data ('' if none).

    Calendar apps (Thunderbird, Outlook, Google) show ``DESCRIPTION`` and ``CATEGORIES`` but
    not ``X-`` properties, so what is assumed is written where subscribers see it.
    """
    if not event.illustrative:
        return ""
    return f"{_PROVENANCE_LABEL}{event.illustrative}"


def event_components(event: Event) -> list[icalendar.Event]:
    """Return the ``VEVENT`` components of ``event``: the series, then one per override.

    Examples
    --------
    >>> from datetime import date
    >>> ev = Event("d@x", "Day", "culture", date(2025, 9, 1), date(2025, 9, 2), "Asia/Almaty")
    >>> [str(c["UID"]) for c in event_components(ev)]
    ['d@x']
    """
    tz = ZoneInfo(event.tzid)
    master = icalendar.Event()
    master.add("UID", event.uid)
    master.add("SUMMARY", event.title)
    master.add("DTSTART", _aware(event.start, tz))
    master.add("DTEND", _aware(event.end, tz))
    for rule in event.rrules:
        master.add("RRULE", vRecur.from_ical(rule))
    if event.rdates:
        master.add("RDATE", [_aware(v, tz) for v in event.rdates])
    if event.exdates:
        master.add("EXDATE", [_aware(v, tz) for v in event.exdates])
    master.add("STATUS", event.status.upper())
    master.add("CLASS", "PUBLIC" if event.visibility == "public" else "PRIVATE")
    description = event.description + provenance_text(event)
    if description:
        master.add("DESCRIPTION", description)
    if event.url:  # percent-encoded line breaks: no stored value can end the content line
        master.add("URL", safe_uri(event.url))
    location = event.venue.name or ", ".join(
        p for p in (event.venue.city, event.venue.country) if p
    )
    if location:
        master.add("LOCATION", location)
    if event.venue.lat is not None and event.venue.lon is not None:
        master.add("GEO", (event.venue.lat, event.venue.lon))
    master.add(f"{_X}KIND", event.kind)
    for name, value in (
        ("CITY", event.venue.city),
        ("COUNTRY", event.venue.country),
        ("VENUE", event.venue.name),
        ("ORGANISERS", _x_list(event.organisers)),
        ("PARTNERS", _x_list(event.partner_countries)),
        ("AUDIENCE", _x_list(event.audience)),
        ("SOURCE", event.source),
        ("ILLUSTRATIVE", event.illustrative),
    ):
        if value:
            master.add(f"{_X}{name}", icalendar.vText(value))
    extra_names = _merge_extra(master, event.extra)
    if "CATEGORIES" not in extra_names:
        master.add("CATEGORIES", [event.kind, *provenance_categories(event)])
    elif provenance_categories(event):
        master.add("CATEGORIES", list(provenance_categories(event)))
    components = [master]
    for override in event.overrides:
        comp = icalendar.Event()
        comp.add("UID", event.uid)
        comp.add("RECURRENCE-ID", _aware(override.recurrence_id, tz))
        comp.add("SUMMARY", override.title if override.title is not None else event.title)
        start = override.start if override.start is not None else override.recurrence_id
        end = override.end if override.end is not None else start + event.duration
        comp.add("DTSTART", _aware(start, tz))
        comp.add("DTEND", _aware(end, tz))
        comp.add("STATUS", (override.status or event.status).upper())
        if override.description is not None:
            comp.add("DESCRIPTION", override.description)
        if override.location is not None:
            comp.add("LOCATION", override.location)
        components.append(comp)
    return components


def _merge_extra(component: icalendar.Event, extra: str) -> set[str]:
    if not extra.strip():
        return set()
    kept = icalendar.Event.from_ical(f"BEGIN:VEVENT\r\n{extra.strip()}\r\nEND:VEVENT\r\n")
    names = set()
    for name, value in kept.property_items(recursive=False, sorted=False):
        if name in {"BEGIN", "END"}:
            continue
        component.add(name, value, encode=False)
        names.add(name)
    for sub in kept.subcomponents:
        component.add_component(sub)
    return names


_LINE_BREAKING = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")


def _one_line(text: str) -> str:
    r"""``text`` with control characters and line separators replaced by one space.

    Examples
    --------
    >>> _one_line("Astana\r\nX-EVIL:1")
    'Astana X-EVIL:1'
    """
    return _LINE_BREAKING.sub(" ", text).strip()


def to_ical(
    events: Iterable[Event], *, name: str | None = None, stamp: datetime | None = None
) -> bytes:
    r"""Serialise ``events`` to an iCalendar file with the ``VTIMEZONE``\ s it uses.

    Parameters
    ----------
    events
        Events to write, in the given order.
    name
        Calendar name (``X-WR-CALNAME`` and ``NAME``).
    stamp
        ``DTSTAMP`` of every component (default: now, UTC).

    Examples
    --------
    >>> from datetime import datetime
    >>> ev = Event("f@x", "Forum", "business", datetime(2025, 5, 29, 10), datetime(2025, 5, 29, 18),
    ...            "Asia/Almaty")
    >>> data = to_ical([ev], name="demo")
    >>> b"BEGIN:VTIMEZONE" in data and b"TZID:Asia/Almaty" in data
    True
    """
    stamp = stamp or datetime.now(UTC).replace(microsecond=0)
    calendar = icalendar.Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    name = _one_line(name or "")
    if name:
        calendar.add("NAME", name)
        calendar.add("X-WR-CALNAME", name)
    years: list[int] = []
    for event in events:
        years.append(event.start.year)
        for component in event_components(event):
            component.add("DTSTAMP", stamp)
            calendar.add_component(component)
    if years:
        calendar.add_missing_timezones(
            first_date=date(max(min(years) - 1, 1), 1, 1),
            last_date=date(min(max(max(years) + 2, 2038), 9999), 1, 1),
        )
    data: bytes = calendar.to_ical()
    return data


# --------------------------------------------------------------------------- import


def read_ical_file(path: str | Path, **options: Any) -> ImportResult:
    """Read an ``.ics`` file; see :func:`parse_ical` for ``options``.

    Raises
    ------
    DataError
        If the file cannot be read or does not parse.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        msg = f"{path}: cannot read calendar file: {exc.strerror or exc}"
        raise DataError(msg) from None
    return parse_ical(data, source=str(path), **options)


def _decode(data: bytes | str, source: str) -> str:
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        msg = f"{source} line {line}: not UTF-8 (byte {exc.start}); expected a UTF-8 calendar"
        raise DataError(msg) from None


#: Properties whose value is free text, which a writer that forgot to fold may have broken.
_TEXT_PROPERTIES = frozenset(
    {"SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT", "CONTACT", "RESOURCES", "CATEGORIES"}
)


def _continues(line: str) -> bool:
    """Whether a stray line may be the rest of ``line``: only a text property's value.

    A structured value (``DTSTART``, ``RRULE``, …) that a strict parser accepts is never changed.
    """
    name = re.split(r"[;:]", line, maxsplit=1)[0].upper()
    return name in _TEXT_PROPERTIES or name.startswith("X-")


def _repair_lines(text: str, source: str, notes: list[ImportNote]) -> tuple[str, list[int]]:
    """Unfold, repair broken folding; return the text and the line of each ``BEGIN:VEVENT``."""
    physical = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    logical: list[str] = []
    starts: list[int] = []
    for number, raw in enumerate(physical, start=1):
        if raw == "":
            continue
        if raw[0] in " \t" and logical:
            logical[-1] += raw[1:]
            continue
        if not _PROPERTY_LINE.match(raw) and logical:
            if _continues(logical[-1]):
                message = "not a property line: joined to the previous (text) line"
                logical[-1] += raw
            else:
                message = "not a property line, and the line before is not text: left out"
            notes.append(ImportNote(number, "line", "folding", message))
            continue
        if raw.upper().startswith("BEGIN:VEVENT"):
            starts.append(number)
        logical.append(raw)
    if not logical or not logical[0].upper().startswith("BEGIN:VCALENDAR"):
        msg = f"{source} line 1: expected 'BEGIN:VCALENDAR' (not an iCalendar file)"
        raise DataError(msg)
    return "\r\n".join(logical) + "\r\n", starts


@dataclass
class _Context:
    source: str
    default_tzid: str
    default_kind: str
    notes: list[ImportNote]
    calendar_tzid: str | None = None
    defined_zones: dict[tuple[str, int], str | None] = field(default_factory=dict)
    vtimezones: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Component:
    comp: icalendar.Component
    line: int
    uid: str
    method: str = ""

    @property
    def label(self) -> str:
        return f"VEVENT UID={self.uid}"


def parse_ical(
    data: bytes | str,
    *,
    source: str = "<calendar>",
    default_tzid: str = "UTC",
    default_kind: str = "other",
    partial: bool = False,
) -> ImportResult:
    r"""Read every ``VEVENT`` of an iCalendar text (see the module docstring for the rules).

    Parameters
    ----------
    data
        The calendar, as bytes (UTF-8) or text.
    source
        File name or URL, used in messages and derived UIDs.
    default_tzid
        Zone for floating times when the calendar has no usable ``X-WR-TIMEZONE``.
    default_kind
        Kind of events whose categories name none.
    partial
        Leave out the events that cannot be read and list each in ``rejected`` (with its line
        and the reason) instead of refusing the whole calendar. A file that is not a readable
        calendar is refused either way.

    Returns
    -------
    ImportResult
        The events, notes on every interpretation applied, and what was left out.

    Raises
    ------
    DataError
        Naming the file, component (``UID`` and line) and property that cannot be read.

    Examples
    --------
    >>> text = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
    ...         "BEGIN:VEVENT\r\nUID:ok\r\nDTSTART;VALUE=DATE:20250101\r\nEND:VEVENT\r\n"
    ...         "BEGIN:VEVENT\r\nUID:bad\r\nSUMMARY:no start\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    >>> result = parse_ical(text, partial=True)
    >>> [e.uid for e in result.events], [str(r) for r in result.rejected]
    (['ok'], ['line 8, VEVENT UID=bad: property DTSTART: missing; every VEVENT needs a start (RFC 5545 3.6.1)'])
    """
    if resolve_tzid(default_tzid) != default_tzid:
        msg = f"default_tzid {default_tzid!r}: expected an IANA zone like 'Asia/Almaty'"
        raise DataError(msg)
    if default_kind not in EVENT_KINDS:
        msg = f"default_kind {default_kind!r}: expected one of {', '.join(EVENT_KINDS)}"
        raise DataError(msg)
    with warnings.catch_warnings():
        # vendor-prefixed TZIDs are resolved (and noted) by eurasia.agenda.zones instead
        warnings.simplefilter("ignore", icalendar.GloballyUniqueTZIDGuessed)
        return _parse(data, source, default_tzid, default_kind, partial=partial)


def _parse(
    data: bytes | str, source: str, default_tzid: str, default_kind: str, *, partial: bool
) -> ImportResult:
    notes: list[ImportNote] = []
    text, starts = _repair_lines(_decode(data, source), source, notes)
    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
        # AttributeError: icalendar 7 on a VTIMEZONE with two TZIDs
        msg = f"{source}: not a readable iCalendar file: {exc}"
        raise DataError(msg) from None
    except OSError:  # a TZID naming a folder of the zone database, such as "Asia/"
        msg = f"{source}: not a readable iCalendar file: a TZID names a group of zones, not a zone"
        raise DataError(msg) from None
    ctx = _Context(source, default_tzid, default_kind, notes)
    ctx.vtimezones = _vtimezones(calendars)
    components: list[_Component] = []
    index = 0
    calendar_zones: list[str | None] = []
    for position, original in enumerate(calendars):
        calendar, calendar_zone = _standard(original, source, notes)
        calendars[position] = calendar
        method = str(calendar.get("METHOD", "")).strip().upper()
        for comp in calendar.walk("VEVENT"):
            line = starts[index] if index < len(starts) else 0
            index += 1
            uid_value = comp.get("UID", "")
            repeated = isinstance(uid_value, list)
            uid = str(uid_value[0] if repeated else uid_value).strip()
            components.append(_Component(comp, line, uid, method))
            if repeated:
                message = f"appears {len(uid_value)} times: the first is used"
                notes.append(ImportNote(line, components[-1].label, "UID", message))
            calendar_zones.append(calendar_zone)
    if len(components) < len(starts):  # icalendar drops components that never end
        line = starts[len(components)]
        msg = f"{source} line {line}: VEVENT or VCALENDAR never ends (a truncated file?)"
        raise DataError(msg)
    selected, cancelled = _itip(components, calendar_zones, notes, source)
    masters: dict[str, tuple[int, _Component, str | None]] = {}
    override_parts: list[tuple[_Component, str | None]] = []
    for part, calendar_zone in selected:
        if part.comp.get("RECURRENCE-ID") is not None:
            override_parts.append((part, calendar_zone))
            continue
        sequence = _sequence(part)
        previous = masters.get(part.uid)
        if previous is not None:
            notes.append(
                ImportNote(part.line, part.label, "UID", "duplicate series: highest SEQUENCE kept")
            )
            if previous[0] > sequence:
                continue
        masters[part.uid] = (sequence, part, calendar_zone)
    events, rejected = _read_all(masters, override_parts, ctx, partial=partial)
    return ImportResult(tuple(events.values()), tuple(notes), tuple(rejected), cancelled)


def _read_all(
    masters: dict[str, tuple[int, _Component, str | None]],
    override_parts: list[tuple[_Component, str | None]],
    ctx: _Context,
    *,
    partial: bool,
) -> tuple[dict[str, Event], list[RejectedEvent]]:
    """Read the series, then their overrides; in partial mode collect what fails instead."""
    source, notes = ctx.source, ctx.notes
    events: dict[str, Event] = {}
    rejected: list[RejectedEvent] = []
    left_out: set[str] = set()

    def attempt(part: _Component, read: Any) -> Any:
        try:
            return read()
        except DataError as exc:
            if not partial:
                raise
            prefix = f"{source} line {part.line}, {part.label}, "
            reason = str(exc).removeprefix(prefix)
            rejected.append(RejectedEvent(part.line, part.label, reason))
            left_out.add(part.uid)
            return None

    for _sequence_number, part, calendar_zone in masters.values():
        ctx.calendar_tzid = calendar_zone
        event = attempt(part, lambda part=part: _read_event(part, ctx))
        if event is not None:
            events[part.uid] = _itip_status(part, event, notes)
    for part, calendar_zone in override_parts:
        ctx.calendar_tzid = calendar_zone
        master = events.get(part.uid)
        if part.uid in left_out:
            reason = "override of a series that was left out"
            rejected.append(RejectedEvent(part.line, part.label, reason))
            continue
        if master is None:
            orphan = attempt(part, lambda part=part: _read_event(part, ctx, orphan=True))
            if orphan is None:
                continue
            notes.append(
                ImportNote(
                    part.line, part.label, "RECURRENCE-ID", f"series missing: kept as {orphan.uid}"
                )
            )
            events[orphan.uid] = _itip_status(part, orphan, notes)
            continue
        override = attempt(part, lambda part=part, master=master: _read_override(part, master, ctx))
        if override is None:
            continue
        kept = tuple(o for o in master.overrides if o.recurrence_id != override.recurrence_id)
        events[part.uid] = replace(master, overrides=(*kept, override))
    return events, rejected


def _itip(
    components: list[_Component],
    calendar_zones: list[str | None],
    notes: list[ImportNote],
    source: str,
) -> tuple[list[tuple[_Component, str | None]], tuple[str, ...]]:
    r"""Apply iTIP (RFC 5546) ``METHOD`` rules; return the components to read and cancellations.

    ``METHOD:REPLY`` carries an attendee's answer, not events: left out (noted).
    ``METHOD:CANCEL`` without ``DTSTART`` (allowed by RFC 5546) cancels the ``UID`` (or one
    instance, with ``RECURRENCE-ID``): listed in ``cancelled``; with ``DTSTART`` the event is read
    and marked cancelled. Missing ``UID``\s are derived first.
    """
    selected = []
    cancelled: list[str] = []
    for part, calendar_zone in zip(components, calendar_zones, strict=True):
        if not part.uid:
            part.uid = _derived_uid(part.comp, source)
            notes.append(ImportNote(part.line, part.label, "UID", "missing: derived from content"))
        if part.method == "REPLY":
            message = "an attendee's reply (iTIP), not an event: left out"
            notes.append(ImportNote(part.line, part.label, "METHOD", message))
            continue
        if part.method == "CANCEL" and part.comp.get("DTSTART") is None:
            rid = part.comp.get("RECURRENCE-ID")
            target = part.uid if rid is None else f"{part.uid}/{rid.to_ical().decode()}"
            cancelled.append(target)
            message = f"iTIP cancellation of {target} without a start: recorded, nothing imported"
            notes.append(ImportNote(part.line, part.label, "METHOD", message))
            continue
        selected.append((part, calendar_zone))
    return selected, tuple(cancelled)


def _itip_status(part: _Component, event: Event, notes: list[ImportNote]) -> Event:
    if part.method != "CANCEL" or event.status == "cancelled":
        return event
    notes.append(ImportNote(part.line, part.label, "METHOD", "CANCEL: event marked cancelled"))
    return replace(event, status="cancelled")


def _vtimezones(calendars: list[icalendar.Calendar]) -> dict[str, Any]:
    """Return each ``VTIMEZONE`` of the file as a tzinfo, keyed by its ``TZID`` (first wins)."""
    zones: dict[str, Any] = {}
    for calendar in calendars:
        for component in calendar.walk("VTIMEZONE"):
            tzid = str(component.get("TZID", "")).strip('"')
            if not tzid or tzid in zones:
                continue
            try:
                zones[tzid] = component.to_tz(lookup_tzid=False)  # type: ignore[attr-defined]
            except (ValueError, TypeError, KeyError, AttributeError, IndexError):
                continue  # an unreadable definition: the name alone is used
    return zones


def _standard(
    calendar: icalendar.Calendar, source: str, notes: list[ImportNote]
) -> tuple[icalendar.Calendar, str | None]:
    """Move the calendar's UTC times into its ``X-WR-TIMEZONE`` (Google's convention).

    A series written in UTC by such a client is planned in that zone: a weekly 10:00 meeting in
    Almaty stays at 10:00 local after 2024-03-01 instead of drifting to 09:00. Returns the
    calendar and its zone (``None`` without a usable ``X-WR-TIMEZONE``).
    """
    wr = calendar.get("X-WR-TIMEZONE")
    zone = resolve_tzid(str(wr)) if wr is not None else None
    if zone is None:
        return calendar, None
    written = str(wr)
    try:
        converted: icalendar.Calendar = x_wr_timezone.to_standard(calendar, timezone=ZoneInfo(zone))
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        msg = f"{source}: X-WR-TIMEZONE {written!r}: cannot move the calendar's times there: {exc}"
        raise DataError(msg) from None
    label = f" (read as {zone})" if zone != written else ""
    notes.append(
        ImportNote(
            1,
            "VCALENDAR",
            "X-WR-TIMEZONE",
            f"{written}{label}: UTC times read as local times there",
        )
    )
    return converted, zone


def _sequence(part: _Component) -> int:
    try:
        return int(str(part.comp.get("SEQUENCE", 0)))
    except ValueError:
        return 0


def _derived_uid(comp: icalendar.Component, source: str) -> str:
    start = comp.get("DTSTART")
    if isinstance(start, list):
        start = start[0]
    raw = (
        f"{Path(source).name}|{comp.get('SUMMARY', '')}|{start.to_ical().decode() if start else ''}"
    )
    return f"{hashlib.sha256(raw.encode()).hexdigest()[:16]}@import.eurasia"


def _fail(part: _Component, ctx: _Context, prop: str, problem: str) -> DataError:
    return DataError(f"{ctx.source} line {part.line}, {part.label}, property {prop}: {problem}")


def _note(part: _Component, ctx: _Context, prop: str, message: str) -> None:
    ctx.notes.append(ImportNote(part.line, part.label, prop, message))


def _single(part: _Component, ctx: _Context, name: str) -> Any:
    """Return the property ``name``; of a repeated one, the first (noted)."""
    value = part.comp.get(name)
    if isinstance(value, list):
        _note(part, ctx, name, f"appears {len(value)} times: the first is used")
        value = value[0]
    return value


def _moment(part: _Component, ctx: _Context, name: str, prop: Any) -> Any:
    """Return the decoded value of a date/time property, or a specific error if it is broken.

    A time whose ``TZID`` is not an IANA name is read with this file's ``VTIMEZONE`` of that
    name, or else as a wall time, never with a definition icalendar cached from another file.
    """
    try:
        value = prop.dt
    except (ValueError, TypeError, AttributeError, OSError) as exc:
        raise _fail(part, ctx, name, f"cannot be read: {exc}") from None
    params = getattr(prop, "params", None)
    tzid = params.get("TZID") if params is not None else None
    if tzid is not None and isinstance(value, datetime) and value.tzinfo is not None:
        written = str(tzid).strip('"')
        if resolve_tzid(written) != written:
            # the file's own definition, or (none) the wall time, read later by the name
            value = value.replace(tzinfo=ctx.vtimezones.get(written))
    return value


def _zone_of(
    part: _Component, ctx: _Context, prop: str, params: Any, moment: Any
) -> tuple[str | None, bool]:
    """IANA zone of a property value; ``(None, True)`` means 'aware but only via VTIMEZONE'."""
    tzid_param = params.get("TZID") if params is not None else None
    if isinstance(moment, tuple):
        moment = moment[0]
    if tzid_param is not None:
        written = str(tzid_param).strip('"')
        resolved = resolve_tzid(written)
        defined = isinstance(moment, datetime) and written in ctx.vtimezones
        if defined and resolved != written:
            # the file defines this TZID in a VTIMEZONE: its offsets win over the name's mapping
            return _defined_zone(part, ctx, prop, written, resolved, moment)
        if resolved is not None:
            if resolved != written:
                _note(part, ctx, prop, f"TZID {str(tzid_param)!r} read as {resolved}")
            return resolved, False
        if defined:
            _note(part, ctx, prop, f"TZID {tzid_param!r} is not an IANA zone: times kept in UTC")
            return None, True
        raise _fail(
            part,
            ctx,
            prop,
            f"unknown TZID {str(tzid_param)!r}; expected an IANA zone (e.g. Asia/Almaty), a "
            "Windows zone name or a VTIMEZONE in the file",
        )
    if isinstance(moment, datetime) and moment.tzinfo is not None:
        key = getattr(moment.tzinfo, "key", None)
        if key and resolve_tzid(key) == key:
            return key, False
        if moment.utcoffset() == timedelta(0):
            return "UTC", False
        return None, True
    return None, False


def _defined_zone(
    part: _Component, ctx: _Context, prop: str, written: str, resolved: str | None, moment: datetime
) -> tuple[str | None, bool]:
    """Return the IANA zone matching the file's VTIMEZONE for ``written`` (noted), or UTC."""
    key = (written, moment.year)
    if key not in ctx.defined_zones:
        ctx.defined_zones[key] = match_offsets(
            moment.tzinfo,  # type: ignore[arg-type]
            start=moment,
            hint=resolved,
            name=written,
        )
    matched = ctx.defined_zones[key]
    if matched is None:
        _note(
            part,
            ctx,
            prop,
            f"TZID {written!r}: no IANA zone has the offsets of the file's VTIMEZONE; times kept "
            "in UTC",
        )
        return None, True
    if matched == resolved:
        _note(part, ctx, prop, f"TZID {written!r} read as {resolved}")
    elif resolved is not None:
        offset = moment.utcoffset()
        _note(
            part,
            ctx,
            prop,
            f"TZID {written!r} maps to {resolved}, but the file's VTIMEZONE gives UTC offset "
            f"{offset} on {moment.date()}: read as {matched}, whose offsets match",
        )
    else:
        _note(part, ctx, prop, f"TZID {written!r} defined by VTIMEZONE: read as {matched}")
    return matched, False


def _to_local(value: When, tzid: str, *, start_time: datetime | None, all_day: bool) -> When:
    """Express a parsed value in the series' zone and type (naive local or date)."""
    if all_day:
        return value.date() if isinstance(value, datetime) else value
    if not isinstance(value, datetime):
        assert start_time is not None
        return datetime.combine(value, start_time.time())
    if value.tzinfo is None:
        return value
    return value.astimezone(ZoneInfo(tzid)).replace(tzinfo=None)


def _read_start(part: _Component, ctx: _Context) -> tuple[When, str]:
    prop = _single(part, ctx, "DTSTART")
    if prop is None:
        raise _fail(part, ctx, "DTSTART", "missing; every VEVENT needs a start (RFC 5545 3.6.1)")
    value = _moment(part, ctx, "DTSTART", prop)
    if not isinstance(value, date):
        raise _fail(part, ctx, "DTSTART", f"expected a date or date-time, got {value!r}")
    if not isinstance(value, datetime):
        return value, ctx.calendar_tzid or ctx.default_tzid
    zone, via_vtimezone = _zone_of(part, ctx, "DTSTART", getattr(prop, "params", None), value)
    if via_vtimezone:
        return value.astimezone(UTC).replace(tzinfo=None), "UTC"
    if zone is None:
        zone = ctx.calendar_tzid or ctx.default_tzid
        _note(part, ctx, "DTSTART", f"floating time read in {zone}")
        return value.replace(tzinfo=None), zone
    return _to_local(
        value.replace(tzinfo=None) if value.tzinfo is None else value,
        zone,
        start_time=None,
        all_day=False,
    ), zone


def _parsed_value(part: _Component, ctx: _Context, prop_name: str, prop: Any, tzid: str) -> Any:
    """Return a property's datetime made aware in its own zone (naive → series zone)."""
    value = _moment(part, ctx, prop_name, prop)
    if not isinstance(value, date):
        raise _fail(part, ctx, prop_name, f"expected a date or date-time, got {value!r}")
    if isinstance(value, datetime) and value.tzinfo is None:
        zone, _ = _zone_of(part, ctx, prop_name, getattr(prop, "params", None), value)
        return value.replace(tzinfo=ZoneInfo(zone or tzid))
    return value


def _read_end(part: _Component, ctx: _Context, start: When, tzid: str) -> When:
    all_day = not isinstance(start, datetime)
    default = start + timedelta(days=1) if all_day else start
    prop = _single(part, ctx, "DTEND")
    if prop is not None:
        value = _parsed_value(part, ctx, "DTEND", prop, tzid)
        if isinstance(value, datetime) != (not all_day):
            _note(part, ctx, "DTEND", "value type differs from DTSTART: converted")
            if all_day:
                assert isinstance(value, datetime)
                local = value.astimezone(ZoneInfo(tzid))
                value = local.date() + timedelta(
                    days=1 if local.time() != datetime.min.time() else 0
                )
            else:
                value = datetime.combine(value, datetime.min.time())
        end = _to_local(value, tzid, start_time=None, all_day=all_day)
    elif part.comp.get("DURATION") is not None:
        duration = _moment(part, ctx, "DURATION", _single(part, ctx, "DURATION"))
        if not isinstance(duration, timedelta):
            raise _fail(part, ctx, "DURATION", f"expected a duration, got {duration!r}")
        end = start + (timedelta(days=max(duration.days, 1)) if all_day else duration)
    else:
        return default
    if end < start or (all_day and end == start):
        _note(part, ctx, "DTEND", "end before start: zero-length event (one day if all-day)")
        return default
    return end


def _read_rrules(part: _Component, ctx: _Context, start: When, tzid: str) -> tuple[str, ...]:
    props = part.comp.get("RRULE")
    if props is None:
        return ()
    rules = []
    for prop in props if isinstance(props, list) else [props]:
        if not isinstance(prop, vRecur):
            prop = _repaired_rule(part, ctx, str(prop))
            if prop is None:
                continue
        if not dict(prop):
            _note(part, ctx, "RRULE", "empty value ignored")
            continue
        rule = vRecur(dict(prop))
        if rule.get("COUNT") and rule.get("UNTIL"):
            _note(part, ctx, "RRULE", "both COUNT and UNTIL (not allowed): COUNT dropped")
            del rule["COUNT"]
        untils = rule.get("UNTIL")
        if untils:
            until = untils[0]
            if isinstance(start, datetime):
                if not isinstance(until, datetime):
                    until = datetime.combine(until, datetime.max.time().replace(microsecond=0))
                    _note(part, ctx, "RRULE", "UNTIL is a date in a timed series: end of that day")
                if until.tzinfo is None:
                    until = until.replace(tzinfo=ZoneInfo(tzid))
                until_utc = until.astimezone(UTC)
                start_utc = start.replace(tzinfo=ZoneInfo(tzid)).astimezone(UTC)
                if until_utc < start_utc:
                    _note(part, ctx, "RRULE", "UNTIL before DTSTART: rule dropped, single event")
                    continue
                rule["UNTIL"] = [until_utc]
            else:
                until_day = until.date() if isinstance(until, datetime) else until
                if until_day < start:
                    _note(part, ctx, "RRULE", "UNTIL before DTSTART: rule dropped, single event")
                    continue
                rule["UNTIL"] = [until_day]
        try:
            text = str(rule.to_ical().decode())  # type: ignore[no-untyped-call]
        except (ValueError, TypeError) as exc:
            raise _fail(part, ctx, "RRULE", f"{prop!r} cannot be written back: {exc}") from None
        try:
            check_rule_for_start(parse_rule(text), start)
        except DataError as exc:
            raise _fail(part, ctx, "RRULE", f"cannot be used: {exc}") from None
        rules.append(text)
    return tuple(rules)


def _repaired_rule(part: _Component, ctx: _Context, raw: str) -> vRecur | None:
    """Return a rule icalendar could not read: empty → ignored; stray spaces → removed; else an error."""
    if not raw.strip():
        _note(part, ctx, "RRULE", "empty value ignored")
        return None
    try:
        rule: vRecur = vRecur.from_ical(re.sub(r"\s+", "", raw))
    except (ValueError, TypeError):
        raise _fail(part, ctx, "RRULE", f"{raw!r} is not an RFC 5545 recurrence rule") from None
    _note(part, ctx, "RRULE", "whitespace inside the value removed")
    return rule


def _read_dates(
    part: _Component, ctx: _Context, name: str, start: When, tzid: str
) -> tuple[When, ...]:
    props = part.comp.get(name)
    if props is None:
        return ()
    all_day = not isinstance(start, datetime)
    out: list[When] = []
    for prop in props if isinstance(props, list) else [props]:
        if not isinstance(prop, vDDDLists):
            if not str(prop).strip():
                _note(part, ctx, name, "empty value ignored")
                continue
            raise _fail(part, ctx, name, f"expected a list of dates or date-times, got {prop!r}")
        for item in prop.dts:
            value = _moment(part, ctx, name, item)
            if isinstance(value, tuple):
                _note(part, ctx, name, "PERIOD value: only its start is kept")
                value = value[0]
            if isinstance(value, datetime) and value.tzinfo is None:
                zone, _ = _zone_of(part, ctx, name, getattr(prop, "params", None), value)
                value = value.replace(tzinfo=ZoneInfo(zone or tzid))
            if not isinstance(value, date):
                raise _fail(part, ctx, name, f"expected dates or date-times, got {value!r}")
            if isinstance(value, datetime) == all_day:
                _note(part, ctx, name, "value type differs from DTSTART: converted")
            out.append(
                _to_local(
                    value,
                    tzid,
                    start_time=start if isinstance(start, datetime) else None,
                    all_day=all_day,
                )
            )
    return tuple(sorted(set(out)))


def _text(comp: icalendar.Component, name: str) -> str | None:
    value = comp.get(name)
    if value is None:
        return None
    if isinstance(value, list):
        value = value[0]
    if name.startswith(_X):
        # X- properties are parsed as raw text: undo RFC 5545 text escaping (\\, \; \, \n)
        return _TEXT_ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), str(value))
    return str(value)


def _x_values(comp: icalendar.Component, name: str) -> tuple[str, ...]:
    raw = _text(comp, f"{_X}{name}")
    return tuple(v.strip() for v in raw.split(",") if v.strip()) if raw else ()


def _kind(comp: icalendar.Component, ctx: _Context) -> str:
    explicit = _text(comp, f"{_X}KIND")
    if explicit and explicit.strip().lower() in EVENT_KINDS:
        return explicit.strip().lower()
    categories = comp.get("CATEGORIES")
    for block in categories if isinstance(categories, list) else [categories]:
        for category in getattr(block, "cats", []):
            if str(category).strip().lower() in EVENT_KINDS:
                return str(category).strip().lower()
    return ctx.default_kind


def _organisers(comp: icalendar.Component) -> tuple[str, ...]:
    explicit = _x_values(comp, "ORGANISERS")
    if explicit:
        return tuple(slugify(v) for v in explicit)
    organizer = comp.get("ORGANIZER")
    if organizer is None:
        return ()
    name = organizer.params.get("CN") if hasattr(organizer, "params") else None
    label = str(name) if name else str(organizer).removeprefix("mailto:").removeprefix("MAILTO:")
    slug = slugify(label)
    return (slug,) if slug else ()


def _is_generated_category(name: str, value: Any, kind: str) -> bool:
    """Whether ``value`` is a ``CATEGORIES`` line export writes by itself (kind, provenance)."""
    if name != "CATEGORIES":
        return False
    values = [str(c) for c in getattr(value, "cats", [])]
    flags = {ILLUSTRATIVE_CATEGORY, TENTATIVE_CATEGORY}
    return bool(values) and values[0] in (kind, *flags) and set(values[1:]) <= flags


def _without_provenance(comp: icalendar.Component) -> str:
    """Return ``DESCRIPTION`` less the paragraph export added from ``X-EURASIA-ILLUSTRATIVE``."""
    description = _text(comp, "DESCRIPTION") or ""
    note = _text(comp, f"{_X}ILLUSTRATIVE")
    if note:
        description = description.removesuffix(f"{_PROVENANCE_LABEL}{note}")
    return description


def _extra(comp: icalendar.Component, kind: str) -> str:
    keep = icalendar.Event()
    for name, value in comp.property_items(recursive=False, sorted=False):
        if name in {"BEGIN", "END"} or name in _HANDLED or name.startswith(_X):
            continue
        if _is_generated_category(name, value, kind):
            continue
        if len(name) > 60:  # folded on export, such a name reads back as broken folding
            continue
        probe = icalendar.Event()
        probe.add(name, value, encode=False)
        try:
            probe.to_ical()
        except (ValueError, TypeError, AssertionError):
            continue
        keep.add(name, value, encode=False)
    for sub in comp.subcomponents:
        if sub.name != "VALARM":  # RFC 5545: an event holds alarms only
            continue
        try:
            sub.to_ical()
        except (ValueError, TypeError, AssertionError):
            continue
        keep.add_component(sub)
    lines = keep.to_ical().decode().split("\r\n")
    return "\r\n".join(line for line in lines[1:-2])


def _venue(part: _Component, ctx: _Context) -> Venue:
    comp = part.comp
    country = _text(comp, f"{_X}COUNTRY")
    lat = lon = None
    geo = comp.get("GEO")
    if geo is not None:
        lat, lon = float(geo.latitude), float(geo.longitude)
    location = _text(comp, f"{_X}VENUE") or _text(comp, "LOCATION")
    try:
        return Venue(
            city=_text(comp, f"{_X}CITY"),
            country=country.strip().upper() if country else None,
            name=location,
            lat=lat,
            lon=lon,
        )
    except DataError as exc:
        raise _fail(part, ctx, "GEO/X-EURASIA-COUNTRY", str(exc)) from None


def _read_event(part: _Component, ctx: _Context, *, orphan: bool = False) -> Event:
    comp = part.comp
    start, tzid = _read_start(part, ctx)
    end = _read_end(part, ctx, start, tzid)
    uid = part.uid
    rrules: tuple[str, ...] = ()
    rdates: tuple[When, ...] = ()
    exdates: tuple[When, ...] = ()
    if orphan:
        rid = _single(part, ctx, "RECURRENCE-ID")
        uid = f"{part.uid}/{rid.to_ical().decode()}"
    else:
        rrules = _read_rrules(part, ctx, start, tzid)
        rdates = _read_dates(part, ctx, "RDATE", start, tzid)
        exdates = _read_dates(part, ctx, "EXDATE", start, tzid)
    status = (_text(comp, "STATUS") or "CONFIRMED").strip().lower()
    if status not in ("confirmed", "tentative", "cancelled"):
        _note(part, ctx, "STATUS", f"{status!r} is not an event status: confirmed")
        status = "confirmed"
    klass = (_text(comp, "CLASS") or "PUBLIC").strip().upper()
    kind = _kind(comp, ctx)
    try:
        return Event(
            uid=uid,
            title=(_text(comp, "SUMMARY") or "").strip() or "(untitled)",
            kind=kind,
            start=start,
            end=end,
            tzid=tzid,
            venue=_venue(part, ctx),
            organisers=_organisers(comp),
            partner_countries=tuple(v.upper() for v in _x_values(comp, "PARTNERS")),
            audience=_x_values(comp, "AUDIENCE"),
            rrules=rrules,
            rdates=rdates,
            exdates=exdates,
            status=status,
            visibility="public" if klass == "PUBLIC" else "private",
            description=_without_provenance(comp),
            url=_text(comp, "URL"),
            source=_text(comp, f"{_X}SOURCE"),
            illustrative=_text(comp, f"{_X}ILLUSTRATIVE"),
            extra=_extra(comp, kind),
        )
    except DataError as exc:
        raise _fail(part, ctx, "(event)", str(exc)) from None


def _read_override(part: _Component, master: Event, ctx: _Context) -> Override:
    comp = part.comp
    rid_prop = _single(part, ctx, "RECURRENCE-ID")
    tz = master.tzid
    anchor = master.start if isinstance(master.start, datetime) else None
    rid_value = _parsed_value(part, ctx, "RECURRENCE-ID", rid_prop, tz)
    recurrence_id = _to_local(rid_value, tz, start_time=anchor, all_day=master.all_day)
    start: When | None = None
    end: When | None = None
    if comp.get("DTSTART") is not None:
        start = _to_local(
            _parsed_value(part, ctx, "DTSTART", _single(part, ctx, "DTSTART"), tz),
            tz,
            start_time=anchor,
            all_day=master.all_day,
        )
        end = _read_end(part, ctx, start, tz)
    status = _text(comp, "STATUS")
    status = status.strip().lower() if status else None
    if status not in (None, "confirmed", "tentative", "cancelled"):
        status = None
    if start == recurrence_id and end == recurrence_id + master.duration:
        start = end = None  # not moved: keep the series' times
    return Override(
        recurrence_id=recurrence_id,
        start=start,
        end=end,
        title=_text(comp, "SUMMARY"),
        status=status,
        description=_text(comp, "DESCRIPTION"),
        location=_text(comp, "LOCATION"),
    )
