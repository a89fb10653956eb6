"""Expand events into the instances that fall in a window.

Expansion is done by the agenda's own RFC 5545 rule engine (:mod:`eurasia.agenda.rrule`), over
the event model that :func:`eurasia.agenda.ical.to_ical` exports: DTSTART (always the first
instance), the instances of every ``RRULE`` and the ``RDATE`` values, less the ``EXDATE`` values, with
``RECURRENCE-ID`` overrides replacing (moving, renaming, cancelling) the instances they name.
Instances keep the zone of their event: an annual 10:00 event in Almaty is at 10:00 local every
year, whatever the UTC offset. A wall time in a daylight-saving gap is read with the offset
before the gap (RFC 5545 3.3.5), so 02:30 on a spring-forward night becomes 03:30; of a repeated
hour the first is taken.

Expansion has a work budget (issue 18), because a reader asking for a long window makes the
server enumerate every instance in it: each event contributes at most ``max_per_event`` instances
(the earliest in the window; ``EURASIA_MAX_INSTANCES_PER_EVENT``), and one call expands at most
``max_total`` (``EURASIA_MAX_INSTANCES_PER_REQUEST``), beyond which it raises
:class:`~eurasia.errors.BudgetExceededError` instead of working on. Each event's instances are
generated lazily from the window's start (periods before it are skipped unless ``COUNT`` must
count them), so a dense or sub-daily series costs its share, not the window.

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

import heapq
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from eurasia.agenda.model import Event, Instance, Override, When
from eurasia.agenda.rrule import occurrences, parse_rule
from eurasia.errors import BudgetExceededError, DataError
from eurasia.settings import get_settings

__all__ = ["expand", "series_starts"]


def _place(value: When, tz: ZoneInfo) -> When:
    """Return a naive local wall time made aware in ``tz`` (gap → offset before it, fold → first)."""
    if not isinstance(value, datetime):
        return value
    aware = value.replace(tzinfo=tz)
    return aware.astimezone(UTC).astimezone(tz)


def series_starts(
    event: Event,
    *,
    after: When | None = None,
    before: When | None = None,
    max_skipped: int | None = None,
) -> Iterator[When]:
    """Yield the original starts of ``event``'s instances (naive local, or dates), in order.

    DTSTART, every ``RRULE``'s instances and the ``RDATE`` values, merged without repeats, less the
    ``EXDATE`` values; ``after``/``before`` (naive local or dates) bound them (``before``
    exclusive). Overrides are not applied here.

    Examples
    --------
    >>> from datetime import datetime
    >>> ev = Event("w@x", "Talks", "science", datetime(2025, 9, 3, 9), datetime(2025, 9, 3, 10),
    ...            "Asia/Almaty", rrules=("FREQ=WEEKLY;COUNT=3;BYDAY=MO",))
    >>> [d.day for d in series_starts(ev)]
    [3, 8, 15]
    """
    tz = ZoneInfo(event.tzid)
    streams: list[Iterable[When]] = [
        occurrences(
            parse_rule(rule),
            event.start,
            tz=tz,
            after=after,
            before=before,
            max_skipped=max_skipped,
        )
        for rule in event.rrules
    ]
    extra = sorted(v for v in (event.start, *event.rdates) if _within(v, after, before))
    streams.append(extra)
    excluded = set(event.exdates)
    previous: When | None = None
    for value in heapq.merge(*streams):
        if value == previous or value in excluded:
            continue
        previous = value
        yield value


def _within(value: When, after: When | None, before: When | None) -> bool:
    return (after is None or value >= after) and (before is None or value < before)


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
    instances: list[Instance] = []
    for event in {e.uid: e for e in events}.values():
        for instance in _event_instances(event, start, end, budget):
            if not budget.take(event.uid):
                break
            instances.append(instance)
    if not include_cancelled:
        instances = [i for i in instances if i.status != "cancelled"]
    instances.sort(key=_sort_key)
    return instances


def _bounds(event: Event, start: date | datetime, end: date | datetime) -> tuple[When, When]:
    """Return the window as naive local values of the event's type, widened by one instance's length."""
    tz = ZoneInfo(event.tzid)

    def local(value: date | datetime) -> datetime:
        if isinstance(value, datetime):
            if value.tzinfo is not None:
                return value.astimezone(tz).replace(tzinfo=None)
            return value
        return datetime.combine(value, time())

    # a few hours' slack for a wall time repeated or skipped by a daylight-saving change
    slack = timedelta(hours=3)
    try:
        low = local(start) - event.duration - slack
    except OverflowError:
        low = datetime.min
    try:
        high = local(end) + slack
    except OverflowError:
        high = datetime.max
    if event.all_day:
        return low.date(), high.date()
    return low, high


def _aware_window(value: date | datetime, tz: ZoneInfo, *, all_day: bool) -> datetime | date:
    if all_day:
        if isinstance(value, datetime):
            local = value.astimezone(tz) if value.tzinfo is not None else value
            return local.replace(tzinfo=None)
        return datetime.combine(value, time())
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else _place(value, tz)
    return _place(datetime.combine(value, time()), tz)


def _event_instances(
    event: Event, start: date | datetime, end: date | datetime, budget: _Budget
) -> Iterator[Instance]:
    """Instances of one event overlapping the window, earliest first, overrides applied."""
    tz = ZoneInfo(event.tzid)
    low, high = _bounds(event, start, end)
    w_start = _aware_window(start, tz, all_day=event.all_day)
    w_end = _aware_window(end, tz, all_day=event.all_day)
    overrides = {o.recurrence_id: o for o in event.overrides}
    moved: list[tuple[When, Instance]] = []
    for override in event.overrides:
        try:
            instance = _instance(event, override.recurrence_id, override, tz)
        except OverflowError:
            continue
        if _overlaps(instance, w_start, w_end, all_day=event.all_day):
            moved.append((_key(instance), instance))
    moved.sort(key=lambda pair: pair[0])
    pending = iter(moved)
    upcoming = next(pending, None)
    for original in series_starts(event, after=low, before=high):
        if original in overrides:
            continue
        try:
            instance = _instance(event, original, None, tz)
        except OverflowError:  # within an instance's length of year 1 or 9999
            continue
        if not _overlaps(instance, w_start, w_end, all_day=event.all_day):
            continue
        while upcoming is not None and upcoming[0] <= _key(instance):
            yield upcoming[1]
            upcoming = next(pending, None)
        yield instance
    while upcoming is not None:
        yield upcoming[1]
        upcoming = next(pending, None)


def _key(instance: Instance) -> When:
    start = instance.start
    if isinstance(start, datetime):
        return start.astimezone(UTC).replace(tzinfo=None)
    return datetime.combine(start, time())


def _overlaps(instance: Instance, w_start: Any, w_end: Any, *, all_day: bool) -> bool:
    begin: Any = instance.start
    finish: Any = instance.end
    if all_day:
        begin, finish = datetime.combine(begin, time()), datetime.combine(finish, time())
    return bool(begin < w_end and (finish > w_start or begin >= w_start))


def _instance(event: Event, original: When, override: Override | None, tz: ZoneInfo) -> Instance:
    """Return the :class:`Instance` of ``event`` that starts (originally) at ``original``."""
    begin: Any = original
    finish: Any = original + event.duration
    title, status = event.title, event.status
    if override is not None:
        if override.start is not None:
            begin = override.start
            finish = override.end if override.end is not None else begin + event.duration
        title = override.title if override.title is not None else title
        status = override.status or status
    if isinstance(begin, datetime):
        start_aware: datetime = _place(begin, tz)  # type: ignore[assignment]
        length: timedelta = _place(finish, tz) - start_aware
        end_aware = (start_aware.astimezone(UTC) + length).astimezone(tz)
        begin, finish = start_aware, end_aware
    return Instance(
        uid=event.uid,
        recurrence_id=original,
        title=title,
        kind=event.kind,
        start=begin,
        end=finish,
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


def _sort_key(instance: Instance) -> tuple[date, bool, float, str]:
    moment = instance.start.timestamp() if isinstance(instance.start, datetime) else 0.0
    return (instance.first_day, not instance.all_day, moment, instance.uid)
