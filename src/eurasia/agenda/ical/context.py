r"""Import state shared by the reader's parts.

The file's context, the component being read, and the helpers that read one property value and
report problems with its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import icalendar

from eurasia.agenda.ical.results import ImportNote
from eurasia.agenda.model import When
from eurasia.agenda.zones import resolve_tzid
from eurasia.errors import DataError


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
