r"""Import: time zones as the file meant them.

A file's own ``VTIMEZONE`` wins over mapping its name (Windows or unknown names are matched to
the IANA zone with the same offsets); ``X-WR-TIMEZONE`` moves a Google-style calendar's UTC
times into its zone; aliases and Windows names go through :func:`eurasia.agenda.zones.resolve_tzid`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import x_wr_timezone

from eurasia.agenda.ical.context import _Component, _Context, _fail, _note
from eurasia.agenda.ical.results import ImportNote
from eurasia.agenda.zones import match_offsets, resolve_tzid
from eurasia.errors import DataError


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
