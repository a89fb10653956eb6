r"""Import: one ``VEVENT`` read into an :class:`~eurasia.agenda.model.Event` or an override.

Text, kind, organisers, venue and the properties kept verbatim for export.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import icalendar

from eurasia.agenda.ical.context import _Component, _Context, _fail, _note, _single, _to_local
from eurasia.agenda.ical.properties import (
    _parsed_value,
    _read_dates,
    _read_end,
    _read_rrules,
    _read_start,
)
from eurasia.agenda.ical.writer import (
    _PROVENANCE_LABEL,
    _X,
    ILLUSTRATIVE_CATEGORY,
    TENTATIVE_CATEGORY,
)
from eurasia.agenda.model import EVENT_KINDS, Event, Override, Venue, When, slugify
from eurasia.errors import DataError

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
