r"""Export: events as ``VEVENT`` components and a calendar with the ``VTIMEZONE``\ s it uses.

Illustrative data and unconfirmed dates are written where calendar apps show them
(``DESCRIPTION`` and ``CATEGORIES``), next to the agenda's own ``X-EURASIA-*`` properties.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import icalendar
from icalendar.prop import vRecur

from eurasia.agenda.model import Event, When, safe_uri

PRODID = "-//eurasia//cooperation agenda//EN"
_X = "X-EURASIA-"


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
