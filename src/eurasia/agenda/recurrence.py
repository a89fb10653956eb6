"""Expand events into the instances that fall in a window.

Expansion is done by ``recurring-ical-events`` (on top of ``icalendar`` and ``dateutil``) over
the same ``VEVENT`` components that :func:`eurasia.agenda.ical.to_ical` exports, so what a
calendar client shows and what the agenda computes agree. Instances keep the zone of their
event: an annual 10:00 event in Almaty is at 10:00 local every year, whatever the UTC offset.

Examples
--------
>>> from datetime import date, datetime
>>> from eurasia.agenda.model import Event
>>> ev = Event("a@x", "Forum", "business", datetime(2023, 3, 15, 10), datetime(2023, 3, 15, 12),
...            "Asia/Almaty", rrules=("FREQ=YEARLY",))
>>> [(i.start.hour, str(i.start.utcoffset())) for i in expand([ev], date(2023, 1, 1),
...                                                           date(2025, 1, 1))]
[(10, '6:00:00'), (10, '5:00:00')]
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

from eurasia.agenda.ical import event_components
from eurasia.agenda.model import Event, Instance, When
from eurasia.errors import DataError

__all__ = ["expand"]


def _local(value: When, tzid: str) -> When:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=ZoneInfo(tzid))
        return value.astimezone(ZoneInfo(tzid))
    return value


def _naive_local(value: When, tzid: str) -> When:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(ZoneInfo(tzid)).replace(tzinfo=None)
    return value


def expand(
    events: Iterable[Event],
    start: date | datetime,
    end: date | datetime,
    *,
    include_cancelled: bool = False,
) -> list[Instance]:
    """Every instance of ``events`` that overlaps ``[start, end)``, sorted by start.

    Parameters
    ----------
    events
        Events (filter them first with :func:`eurasia.agenda.model.filter_events`).
    start, end
        The window; dates mean midnight, naive date-times are read in each event's zone.
    include_cancelled
        Keep instances whose status is cancelled (by the series or an override).

    Returns
    -------
    list of Instance
        Timed instances carry aware datetimes in the event's zone; all-day ones dates.

    Raises
    ------
    DataError
        If ``end`` is not after ``start``.
    """
    if end <= start:
        msg = f"window end {end} must be after its start {start}"
        raise DataError(msg)
    by_uid: dict[str, Event] = {}
    calendar = icalendar.Calendar()
    calendar.add("PRODID", "-//eurasia//expansion//EN")
    calendar.add("VERSION", "2.0")
    for event in events:
        by_uid[event.uid] = event
        for component in event_components(event):
            calendar.add_component(component)
    if not by_uid:
        return []
    instances = []
    for occurrence in recurring_ical_events.of(calendar).between(start, end):
        event = by_uid[str(occurrence["UID"])]
        status = str(occurrence.get("STATUS", event.status.upper())).lower()
        if status == "cancelled" and not include_cancelled:
            continue
        begin = occurrence["DTSTART"].dt
        finish = occurrence["DTEND"].dt if occurrence.get("DTEND") is not None else begin
        rid = occurrence.get("RECURRENCE-ID")
        recurrence_id = _naive_local(rid.dt if rid is not None else begin, event.tzid)
        instances.append(
            Instance(
                uid=event.uid,
                recurrence_id=recurrence_id,
                title=str(occurrence.get("SUMMARY", event.title)),
                kind=event.kind,
                start=_local(begin, event.tzid),
                end=_local(finish, event.tzid),
                tzid=event.tzid,
                city=event.venue.city,
                country=event.venue.country,
                organisers=event.organisers,
                partner_countries=event.partner_countries,
                audience=event.audience,
                status=status,
                visibility=event.visibility,
                recurring=event.recurring,
            )
        )
    instances.sort(key=_sort_key)
    return instances


def _sort_key(instance: Instance) -> tuple[date, bool, float, str]:
    moment = instance.start.timestamp() if isinstance(instance.start, datetime) else 0.0
    return (instance.first_day, not instance.all_day, moment, instance.uid)
