r"""Import: decoding, folding repair, iTIP methods, duplicate series and partial mode.

See :mod:`eurasia.agenda.ical` for the rules applied.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from dataclasses import replace
from pathlib import Path
from typing import Any

import icalendar

from eurasia.agenda.ical.components import _read_event, _read_override
from eurasia.agenda.ical.context import _Component, _Context
from eurasia.agenda.ical.results import ImportNote, ImportResult, RejectedEvent
from eurasia.agenda.ical.timezones import _standard, _vtimezones
from eurasia.agenda.model import EVENT_KINDS, Event
from eurasia.agenda.zones import resolve_tzid
from eurasia.errors import DataError

_PROPERTY_LINE = re.compile(r"^[A-Za-z0-9-]+[;:]")


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
