"""Expand events into the instances that fall in a window.

Expansion is done by ``recurring-ical-events`` (on top of ``icalendar`` and ``dateutil``) over
the same ``VEVENT`` components that :func:`eurasia.agenda.ical.to_ical` exports, so what a
calendar client shows and what the agenda computes agree. Instances keep the zone of their
event: an annual 10:00 event in Almaty is at 10:00 local every year, whatever the UTC offset.

Expansion has a work budget (issue 18), because a reader asking for a long window makes the
server enumerate every instance in it: each event contributes at most ``max_per_event`` instances
(the earliest in the window; ``EURASIA_MAX_INSTANCES_PER_EVENT``), and one call expands at most
``max_total`` (``EURASIA_MAX_INSTANCES_PER_REQUEST``), beyond which it raises
:class:`~eurasia.errors.BudgetExceededError` instead of working on. The window is walked in
chunks as long as the densest event's share allows (instances a day bounded from its rules), and
an event that has used up its share is dropped from the following chunks, so one event with many
dense rules costs about its share, not the window.

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

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

from eurasia.agenda.ical import event_components
from eurasia.agenda.model import Event, Instance, When
from eurasia.errors import BudgetExceededError, DataError
from eurasia.settings import get_settings

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
    max_per_event: int | None = None,
    max_total: int | None = None,
) -> list[Instance]:
    """Every instance of ``events`` that overlaps ``[start, end)``, sorted by start, within budget.

    Parameters
    ----------
    events
        Events (filter them first with :func:`eurasia.agenda.model.filter_events`).
    start, end
        The window; dates mean midnight, naive date-times are read in each event's zone.
    include_cancelled
        Keep instances whose status is cancelled (by the series or an override).
    max_per_event
        Most instances one event contributes (default ``EURASIA_MAX_INSTANCES_PER_EVENT``);
        later ones of that event in the window are left out.
    max_total
        Most instances expanded in all, cancelled ones included (default
        ``EURASIA_MAX_INSTANCES_PER_REQUEST``).

    Returns
    -------
    list of Instance
        Timed instances carry aware datetimes in the event's zone; all-day ones dates.

    Raises
    ------
    DataError
        If ``end`` is not after ``start``.
    BudgetExceededError
        If the window holds more than ``max_total`` instances.
    """
    if end <= start:
        msg = f"window end {end} must be after its start {start}"
        raise DataError(msg)
    settings = get_settings()
    budget = _Budget(
        per_event=max_per_event if max_per_event is not None else settings.max_instances_per_event,
        total=max_total if max_total is not None else settings.max_instances_per_request,
        window=f"{start} to {end}",
    )
    by_uid = {event.uid: event for event in events}
    rate = {uid: _daily_rate(event) for uid, event in by_uid.items()}
    days = (_day(end) - _day(start)).days + 1
    bound = {uid: rate[uid] * days + len(e.rdates) + 1 for uid, e in by_uid.items()}
    light = [uid for uid in by_uid if bound[uid] <= budget.per_event]
    dense = [uid for uid in by_uid if bound[uid] > budget.per_event]
    # light events cannot exceed their share: one pass, unless together they may exceed the total
    light_bound = sum(bound[uid] for uid in light)
    span = days if light_bound <= budget.total else budget.total / sum(rate[u] for u in light)
    instances = _walk(
        by_uid, light, start, end, span=lambda _uids: span, budget=budget, staggered=False
    )
    # dense events: chunks as long as the densest share allows, each event dropped when done
    instances += _walk(
        by_uid,
        dense,
        start,
        end,
        span=lambda uids: min(
            budget.per_event / max([rate[uid] for uid in uids] or [1.0]),
            max(budget.total - budget.expanded, 1) / sum([rate[uid] for uid in uids] or [1.0]),
        ),
        budget=budget,
        staggered=True,
    )
    if not include_cancelled:
        instances = [i for i in instances if i.status != "cancelled"]
    instances.sort(key=_sort_key)
    return instances


@dataclass
class _Budget:
    """Instances expanded so far, per event and in all, against their limits."""

    per_event: int
    total: int
    window: str
    counts: Counter[str] = field(default_factory=Counter)
    expanded: int = 0

    def take(self, uid: str) -> bool:
        """Count one instance of ``uid``; ``False`` once the event has used its share.

        Raises
        ------
        BudgetExceededError
            When the total is used up.
        """
        self.counts[uid] += 1
        if self.counts[uid] > self.per_event:
            return False
        self.expanded += 1
        if self.expanded > self.total:
            msg = (
                f"the window {self.window} holds more than {self.total} instances "
                "(EURASIA_MAX_INSTANCES_PER_REQUEST); ask for a shorter window or fewer events"
            )
            raise BudgetExceededError(msg)
        return True


def _walk(
    by_uid: dict[str, Event],
    uids: list[str],
    start: date | datetime,
    end: date | datetime,
    *,
    span: Callable[[list[str]], float],
    budget: _Budget,
    staggered: bool,
) -> list[Instance]:
    """Expand ``uids`` over ``[start, end)`` in chunks of ``span(events in the chunk)`` days.

    ``staggered``: a chunk holds only the events whose series has begun by its start and ends
    where a later series begins, so a dense series is never expanded over a chunk sized for
    sparser ones (or for the time before it began).
    """
    components = {uid: event_components(by_uid[uid]) for uid in uids}
    first_day = {uid: _first_day(by_uid[uid]) for uid in uids}
    seen: set[tuple[str, When]] = set()
    instances: list[Instance] = []
    low = start
    while low < end and components:
        if staggered and all(first_day[uid] > _day(low) for uid in components):
            low = max(low, _at_day(min(first_day[u] for u in components), like=low))
        begun = [u for u in components if not staggered or first_day[u] <= _day(low)]
        later = [first_day[u] for u in components if staggered and first_day[u] > _day(low)]
        high = min(low + timedelta(days=max(1, int(span(begun)))), end)
        if later:
            high = min(high, max(_at_day(min(later), like=low), low + timedelta(days=1)))
        calendar = icalendar.Calendar()
        calendar.add("PRODID", "-//eurasia//expansion//EN")
        calendar.add("VERSION", "2.0")
        for uid in begun:
            for component in components[uid]:
                calendar.add_component(component)
        chunk = []
        for occurrence in recurring_ical_events.of(calendar).between(low, high):
            instance = _instance(by_uid[str(occurrence["UID"])], occurrence)
            if (instance.uid, instance.recurrence_id) not in seen:
                seen.add((instance.uid, instance.recurrence_id))
                chunk.append(instance)
        for instance in sorted(chunk, key=_sort_key):
            if budget.take(instance.uid):
                instances.append(instance)
            else:
                components.pop(instance.uid, None)
        for uid in [u for u in components if budget.counts[u] >= budget.per_event]:
            del components[uid]
        low = high
    return instances


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _at_day(day: date, *, like: date | datetime) -> date | datetime:
    """Midnight of ``day`` in the type (and zone) of ``like``."""
    if isinstance(like, datetime):
        return datetime.combine(day, time(), tzinfo=like.tzinfo)
    return day


def _first_day(event: Event) -> date:
    """Return the day before the earliest start ``event`` may have (series, extra dates, overrides)."""
    starts = [event.start, *event.rdates]
    starts += [o.start for o in event.overrides if o.start is not None]
    return min(_day(v) for v in starts) - timedelta(days=1)


def _daily_rate(event: Event) -> float:
    """Return an upper bound of the instances a day ``event`` has, from its rules' parts.

    Examples
    --------
    >>> from datetime import datetime
    >>> ev = Event("a@x", "Talks", "science", datetime(2025, 1, 1, 9), datetime(2025, 1, 1, 10),
    ...            "Asia/Almaty", rrules=("FREQ=DAILY;BYHOUR=9,15", "FREQ=WEEKLY;BYDAY=MO,TU"))
    >>> round(_daily_rate(ev), 3)
    2.286
    """
    rate = 0.0
    for rule in event.rrules:
        parts = dict(p.partition("=")[::2] for p in rule.upper().replace(" ", "").split(";") if p)
        count = {name: len(parts[name].split(",")) if parts.get(name) else 0 for name in _BY_PARTS}
        per_day = max(count["BYHOUR"], 1) * max(count["BYMINUTE"], 1) * max(count["BYSECOND"], 1)
        freq = parts.get("FREQ", "DAILY")
        if freq == "WEEKLY":
            days = max(count["BYDAY"], 1) / 7
        elif freq == "MONTHLY":
            days = (count["BYMONTHDAY"] or 5 * count["BYDAY"] or 1) / 28
        elif freq == "YEARLY":
            in_month = count["BYMONTHDAY"] or 5 * count["BYDAY"] or 1
            days = (
                count["BYYEARDAY"]
                or 7 * count["BYWEEKNO"]
                or (max(count["BYMONTH"], 1) * in_month if count["BYMONTH"] else 0)
                or 53 * count["BYDAY"]
                or in_month
            ) / 365
        else:
            days = 1.0
        interval = parts.get("INTERVAL", "1")
        step = int(interval) if interval.isdecimal() and int(interval) > 0 else 1
        rate += per_day * min(days, 1.0) / step
    return max(rate, 1 / 366)


_BY_PARTS = (
    "BYHOUR",
    "BYMINUTE",
    "BYSECOND",
    "BYDAY",
    "BYMONTHDAY",
    "BYMONTH",
    "BYYEARDAY",
    "BYWEEKNO",
)


def _instance(event: Event, occurrence: Any) -> Instance:
    """Return the :class:`Instance` of ``event`` that ``occurrence`` (an expanded VEVENT) is."""
    begin = occurrence["DTSTART"].dt
    finish = occurrence["DTEND"].dt if occurrence.get("DTEND") is not None else begin
    rid = occurrence.get("RECURRENCE-ID")
    return Instance(
        uid=event.uid,
        recurrence_id=_naive_local(rid.dt if rid is not None else begin, event.tzid),
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
        status=str(occurrence.get("STATUS", event.status.upper())).lower(),
        visibility=event.visibility,
        recurring=event.recurring,
    )


def _sort_key(instance: Instance) -> tuple[date, bool, float, str]:
    moment = instance.start.timestamp() if isinstance(instance.start, datetime) else 0.0
    return (instance.first_day, not instance.all_day, moment, instance.uid)
