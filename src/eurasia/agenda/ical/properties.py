r"""Import: the date, time and recurrence properties of a ``VEVENT`` in the series' zone and type."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from icalendar.prop import vDDDLists, vRecur

from eurasia.agenda.ical.context import (
    _Component,
    _Context,
    _fail,
    _moment,
    _note,
    _single,
    _to_local,
)
from eurasia.agenda.ical.timezones import _zone_of
from eurasia.agenda.model import When
from eurasia.agenda.rrule import check_rule_for_start, parse_rule
from eurasia.errors import DataError


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
