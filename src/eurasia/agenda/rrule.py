"""An RFC 5545 recurrence rule engine: parse an ``RRULE`` value and list its instances.

The agenda owns its recurrence expansion because the libraries disagree with RFC 5545 (section
3.3.10, "Recurrence Rule", and the examples of section 3.8.5.3) in ways that change what a
coordinator sees. The engine works period by period, as the RFC describes: for each period of the
rule's ``FREQ`` (stepped by ``INTERVAL``) it builds the set of candidate date-times that the
``BYxxx`` parts expand to and that the limiting parts keep (the table in section 3.3.10), sorts
it, applies ``BYSETPOS`` to that set, and then drops what is before ``DTSTART`` or after
``UNTIL`` and stops after ``COUNT``.

Points where this engine differs from ``dateutil`` (and so from ``recurring-ical-events``):

* **DTSTART is the first instance** (sections 3.3.10 and 3.8.5.3) and ``COUNT`` includes it,
  whether or not the rule itself produces it (``include_dtstart=True``, the default; the
  libraries give ``COUNT + 1`` instances when the rule does not produce ``DTSTART``, or leave it
  out). ``include_dtstart=False`` gives the bare rule, as ``dateutil.rrule`` does.
* **BYWEEKNO without BYDAY** (and without ``BYMONTHDAY``/``BYYEARDAY``) takes the weekday from
  ``DTSTART``, as the RFC says of every part the rule leaves out, rather than all seven days.
* **Weeks and week-years.** A ``WEEKLY`` period is the whole week beginning on ``WKST``, also the
  first one, so ``BYSETPOS`` counts within WKST weeks. A ``YEARLY`` rule with ``BYWEEKNO`` steps
  over week-years (week 1 is the week holding at least four days of the year, weeks starting on
  ``WKST``; ISO 8601 for ``WKST=MO``): week 1 of 2026 begins on Monday 2025-12-29 and belongs to
  the 2026 period, which matters with ``INTERVAL`` and ``BYSETPOS``.
* **Sub-daily rules** (``HOURLY``, ``MINUTELY``, ``SECONDLY``) are expanded day by day, each
  period aligned on ``DTSTART`` + k × ``INTERVAL`` in local wall time, so a window far from the
  start costs the days in it, not every instance since ``DTSTART``.
* **Refused**: ``BYSECOND``/``BYMINUTE``/``BYHOUR`` or a sub-daily ``FREQ`` with a date-only
  ``DTSTART`` (a MUST NOT of section 3.3.10), ``COUNT`` with ``UNTIL``, values out of range,
  ``RSCALE``/``SKIP`` (RFC 7529) and unknown parts other than ``X-`` ones.

Read as the RFC's table says, ``FREQ=YEARLY;BYMONTHDAY=15`` (no ``BYMONTH``) is the 15th of
every month: ``BYMONTHDAY`` expands a ``YEARLY`` rule, and only when no part names a day does the
day (and month) come from ``DTSTART``. Where the RFC leaves a case open the engine does what
``dateutil`` does, so that rules from other software mean the same here: a weekday ordinal in a
``DAILY``/``WEEKLY``/sub-daily rule is read as the plain weekday, ``BYWEEKNO`` outside ``YEARLY``
and ``BYYEARDAY``/``BYMONTHDAY`` where the table says "N/A" limit the days, ``BYSECOND=60``
(a leap second) produces nothing.

Times are local wall times (naive); a zone, when given, is used only to compare with a ``UTC``
``UNTIL``. Instances that fall into a daylight-saving gap are left for the caller to place
(:mod:`eurasia.agenda.recurrence` reads them with the offset before the gap, as RFC 5545 asks).

Examples
--------
>>> from datetime import datetime
>>> rule = parse_rule("FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3")
>>> [d.date().isoformat() for d in occurrences(rule, datetime(1997, 9, 4, 9))]
['1997-09-04', '1997-10-07', '1997-11-06']
>>> rule = parse_rule("FREQ=YEARLY;COUNT=2;BYWEEKNO=20")
>>> [d.strftime("%a %Y-%m-%d") for d in occurrences(rule, datetime(1997, 5, 12, 9))]
['Mon 1997-05-12', 'Mon 1998-05-11']
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, UTC, date, datetime, time, timedelta, tzinfo
from itertools import product
from typing import Any

from eurasia.errors import BudgetExceededError, DataError

__all__ = [
    "FREQUENCIES",
    "WEEKDAYS",
    "Rule",
    "check_rule_for_start",
    "occurrences",
    "parse_rule",
]

#: RFC 5545 frequencies, coarsest first.
FREQUENCIES = ("YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY", "MINUTELY", "SECONDLY")
#: Two-letter weekday names, Monday first (``date.weekday()`` order).
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_SUB_DAILY = frozenset({"HOURLY", "MINUTELY", "SECONDLY"})
_WEEKDAY = re.compile(r"^([+-]?)(\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
_UNTIL = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$")
#: (part, smallest, largest, zero allowed)
_RANGES = {
    "BYSECOND": (0, 60, True),
    "BYMINUTE": (0, 59, True),
    "BYHOUR": (0, 23, True),
    "BYMONTHDAY": (-31, 31, False),
    "BYYEARDAY": (-366, 366, False),
    "BYWEEKNO": (-53, 53, False),
    "BYMONTH": (1, 12, False),
    "BYSETPOS": (-366, 366, False),
}
#: Periods in which the calendar repeats (400 Gregorian years): a rule that produces nothing in
#: this many consecutive periods never will, so iteration without an end stops there.
_MAX_ORDINAL = date(9999, 12, 31).toordinal()
_LAST_WEEKED_DAY = date(9998, 12, 31).toordinal()
_CYCLE = {"YEARLY": 400, "MONTHLY": 4800, "WEEKLY": 20871, "DAILY": 146097}


@dataclass(frozen=True)
class Rule:
    """A parsed ``RRULE`` value (RFC 5545 section 3.3.10).

    ``byday`` holds ``(ordinal, weekday)`` pairs, ordinal 0 meaning every such weekday and
    weekday 0 Monday; ``wkst`` is a weekday number too. ``until`` is a date, a naive date-time
    (floating) or an aware one (``UTC``).
    """

    freq: str
    interval: int = 1
    count: int | None = None
    until: date | datetime | None = None
    wkst: int = 0
    bysecond: tuple[int, ...] = ()
    byminute: tuple[int, ...] = ()
    byhour: tuple[int, ...] = ()
    byday: tuple[tuple[int, int], ...] = ()
    bymonthday: tuple[int, ...] = ()
    byyearday: tuple[int, ...] = ()
    byweekno: tuple[int, ...] = ()
    bymonth: tuple[int, ...] = ()
    bysetpos: tuple[int, ...] = ()

    @property
    def sub_daily(self) -> bool:
        """Whether the rule repeats more often than daily."""
        return self.freq in _SUB_DAILY

    def __str__(self) -> str:
        """Return the rule as an ``RRULE`` value, parts in a fixed order.

        Examples
        --------
        >>> str(parse_rule("byday=-1su;freq=monthly;interval=2"))
        'FREQ=MONTHLY;INTERVAL=2;BYDAY=-1SU'
        """
        parts = [f"FREQ={self.freq}"]
        if self.interval != 1:
            parts.append(f"INTERVAL={self.interval}")
        if self.count is not None:
            parts.append(f"COUNT={self.count}")
        if self.until is not None:
            parts.append(f"UNTIL={_format_until(self.until)}")
        for name in ("BYSECOND", "BYMINUTE", "BYHOUR"):
            values = getattr(self, name.lower())
            if values:
                parts.append(f"{name}={','.join(map(str, values))}")
        if self.byday:
            days = (f"{n if n else ''}{WEEKDAYS[w]}" for n, w in self.byday)
            parts.append(f"BYDAY={','.join(days)}")
        for name in ("BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH", "BYSETPOS"):
            values = getattr(self, name.lower())
            if values:
                parts.append(f"{name}={','.join(map(str, values))}")
        if self.wkst != 0:
            parts.append(f"WKST={WEEKDAYS[self.wkst]}")
        return ";".join(parts)


def _format_until(value: date | datetime) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        return value.strftime("%Y%m%dT%H%M%S")
    return value.strftime("%Y%m%d")


def _numbers(name: str, raw: str, text: str) -> tuple[int, ...]:
    low, high, zero = _RANGES[name]
    values = []
    for item in raw.split(","):
        if not re.fullmatch(r"[+-]?\d{1,3}", item):
            msg = f"RRULE {text!r}: {name}={raw!r} needs whole numbers in {low}..{high}"
            raise DataError(msg)
        value = int(item)
        if not low <= value <= high or (value == 0 and not zero):
            allowed = f"{low}..{high}" + ("" if zero else " except 0")
            msg = f"RRULE {text!r}: {name} value {item} is out of range; expected {allowed}"
            raise DataError(msg)
        values.append(value)
    return tuple(dict.fromkeys(values))


def _until(raw: str, text: str) -> date | datetime:
    match = _UNTIL.match(raw)
    if not match:
        msg = f"RRULE {text!r}: UNTIL={raw!r} is not a DATE (19971224) or DATE-TIME (19971224T000000Z)"
        raise DataError(msg)
    y, mo, d, h, mi, s, z = match.groups()
    try:
        if h is None:
            return date(int(y), int(mo), int(d))
        return datetime(
            int(y), int(mo), int(d), int(h), int(mi), min(int(s), 59), tzinfo=UTC if z else None
        )
    except ValueError as exc:
        msg = f"RRULE {text!r}: UNTIL={raw!r} is not a valid date: {exc}"
        raise DataError(msg) from None


def parse_rule(text: str) -> Rule:
    """Parse an ``RRULE`` value (``RRULE:`` prefix, case and spaces around parts tolerated).

    Parameters
    ----------
    text
        The rule, e.g. ``FREQ=WEEKLY;BYDAY=MO,WE``.

    Returns
    -------
    Rule

    Raises
    ------
    DataError
        Naming the rule and the part that is missing, repeated, unknown or out of range.

    Examples
    --------
    >>> parse_rule("RRULE:FREQ=YEARLY;BYMONTH=6;BYDAY=2TH").byday
    ((2, 3),)
    >>> parse_rule("FREQ=DAILY;COUNT=3;UNTIL=20250101")
    Traceback (most recent call last):
    ...
    eurasia.errors.DataError: RRULE 'FREQ=DAILY;COUNT=3;UNTIL=20250101': COUNT and UNTIL must not both be given (RFC 5545 3.3.10)
    """
    parts = _rule_parts(text)
    freq = _frequency(parts.pop("FREQ", None), text)
    fields: dict[str, object] = {"freq": freq}
    for name in ("INTERVAL", "COUNT"):
        if name in parts:
            raw = parts.pop(name)
            if not raw.isdecimal() or int(raw) < 1:
                msg = f"RRULE {text!r}: {name}={raw}: expected {name} to be a whole number >= 1"
                raise DataError(msg)
            fields[name.lower()] = int(raw)
    if "UNTIL" in parts:
        fields["until"] = _until(parts.pop("UNTIL"), text)
    if "count" in fields and "until" in fields:
        msg = f"RRULE {text!r}: COUNT and UNTIL must not both be given (RFC 5545 3.3.10)"
        raise DataError(msg)
    if "WKST" in parts:
        raw = parts.pop("WKST")
        if raw not in WEEKDAYS:
            msg = f"RRULE {text!r}: WKST={raw} is not a weekday (MO..SU)"
            raise DataError(msg)
        fields["wkst"] = WEEKDAYS.index(raw)
    if "BYDAY" in parts:
        fields["byday"] = _weekdays(parts.pop("BYDAY"), freq, text)
    for name in _RANGES:
        if name in parts:
            fields[name.lower()] = _numbers(name, parts.pop(name), text)
    for name in ("RSCALE", "SKIP"):
        if name in parts:
            msg = f"RRULE {text!r}: {name} (RFC 7529, non-Gregorian calendars) is not supported"
            raise DataError(msg)
    unknown = [name for name in parts if not name.startswith("X-")]
    if unknown:
        msg = f"RRULE {text!r}: unknown part {unknown[0]}; expected RFC 5545 rule parts"
        raise DataError(msg)
    return Rule(**fields)  # type: ignore[arg-type]


def _rule_parts(text: str) -> dict[str, str]:
    """Return the ``NAME=value`` parts of a rule, upper-cased, each name at most once."""
    body = text.strip()
    if body.upper().startswith("RRULE:"):
        body = body[6:]
    parts: dict[str, str] = {}
    for piece in body.split(";"):
        piece = piece.strip()
        if not piece:
            continue
        name, sep, value = piece.partition("=")
        name, value = name.strip().upper(), value.strip().upper()
        if not sep or not value:
            msg = f"RRULE {text!r}: part {piece!r} needs NAME=value"
            raise DataError(msg)
        if name in parts:
            msg = f"RRULE {text!r}: {name} appears more than once (RFC 5545 allows one)"
            raise DataError(msg)
        parts[name] = value
    return parts


def _frequency(freq: str | None, text: str) -> str:
    """Return ``FREQ``, or raise DataError when it is missing or not an RFC 5545 frequency."""
    if freq is None:
        msg = f"RRULE {text!r}: FREQ is missing; expected one of {', '.join(FREQUENCIES)}"
        raise DataError(msg)
    if freq not in FREQUENCIES:
        msg = f"RRULE {text!r}: FREQ={freq} is not one of {', '.join(FREQUENCIES)}"
        raise DataError(msg)
    return freq


def _weekdays(raw: str, freq: str, text: str) -> tuple[tuple[int, int], ...]:
    limit = 5 if freq == "MONTHLY" else 53
    days = []
    for item in raw.split(","):
        match = _WEEKDAY.match(item.strip())
        if not match:
            msg = f"RRULE {text!r}: BYDAY value {item!r} is not a weekday like MO, 2TH or -1SU"
            raise DataError(msg)
        sign, number, name = match.groups()
        ordinal = int(number) * (-1 if sign == "-" else 1) if number else 0
        if number and not 1 <= abs(ordinal) <= limit:
            msg = f"RRULE {text!r}: BYDAY={item} is not a weekday ordinal ±1..{limit}"
            raise DataError(msg)
        if freq not in ("MONTHLY", "YEARLY"):
            ordinal = 0  # RFC 5545: MUST NOT be numbered; read as the plain weekday
        days.append((ordinal, WEEKDAYS.index(name)))
    return tuple(dict.fromkeys(days))


def check_rule_for_start(rule: Rule, start: date | datetime, *, where: str = "RRULE") -> None:
    """Refuse a rule that RFC 5545 forbids with a start of this value type.

    Raises
    ------
    DataError
        If ``start`` is a date and the rule has ``BYHOUR``/``BYMINUTE``/``BYSECOND`` or a
        sub-daily ``FREQ``, or if the type of ``UNTIL`` does not fit ``start``.

    Examples
    --------
    >>> from datetime import date
    >>> check_rule_for_start(parse_rule("FREQ=DAILY;BYMINUTE=30"), date(2025, 1, 1))
    Traceback (most recent call last):
    ...
    eurasia.errors.DataError: RRULE 'FREQ=DAILY;BYMINUTE=30': BYMINUTE must not be used with a date-only DTSTART (RFC 5545 3.3.10); give the start a time
    """
    if isinstance(start, datetime):
        return
    for name in ("BYSECOND", "BYMINUTE", "BYHOUR"):
        if getattr(rule, name.lower()):
            msg = (
                f"{where} {str(rule)!r}: {name} must not be used with a date-only DTSTART "
                "(RFC 5545 3.3.10); give the start a time"
            )
            raise DataError(msg)
    if rule.sub_daily:
        msg = f"{where} {str(rule)!r}: FREQ={rule.freq} needs a DTSTART with a time, not a date"
        raise DataError(msg)


# --------------------------------------------------------------------------- calendar helpers


def _week_one(year: int, wkst: int) -> int:
    """Ordinal of the first day of week 1 of ``year`` (the week holding January 4th).

    Counted on ordinals, so the years just outside :mod:`datetime`'s range (0 and 10000), whose
    week 1 bounds the first and last week-years, need no :class:`~datetime.date`.

    Examples
    --------
    >>> date.fromordinal(_week_one(2026, 0))  # weeks from Monday: week 1 of 2026 starts in 2025
    datetime.date(2025, 12, 29)
    >>> _week_one(10000, 0) - _week_one(9999, 0)  # 9999 has 52 ISO weeks
    364
    """
    if year == MAXYEAR + 1:
        jan1 = _MAX_ORDINAL + 1
    elif year == MINYEAR - 1:
        jan1 = 1 - 366  # year 0 is a leap year of the proleptic calendar
    else:
        jan1 = date(year, 1, 1).toordinal()
    jan4 = jan1 + 3
    weekday = (jan4 + 6) % 7  # date.fromordinal(1) is a Monday
    return jan4 - (weekday - wkst) % 7


def _week_info(ordinal: int, wkst: int) -> tuple[int, int, int]:
    """(week-year, week number, weeks in that week-year) of a day, weeks starting on ``wkst``."""
    year = date.fromordinal(ordinal).year
    start = _week_one(year, wkst)
    if ordinal < start:
        year -= 1
        start = _week_one(year, wkst)
    else:
        following = _week_one(year + 1, wkst)
        if ordinal >= following:
            year += 1
            start = following
    weeks = (_week_one(year + 1, wkst) - start) // 7
    return year, (ordinal - start) // 7 + 1, weeks


class _Days:
    """The day filters of a rule, tested on day ordinals."""

    def __init__(self, rule: Rule, start: date) -> None:
        self.rule = rule
        self.months = frozenset(rule.bymonth)
        self.monthdays = rule.bymonthday
        self.yeardays = rule.byyearday
        self.weeknos = rule.byweekno
        self.plain = frozenset(w for n, w in rule.byday if n == 0)
        self.numbered = tuple((n, w) for n, w in rule.byday if n != 0)
        self.any_weekday = bool(rule.byday)
        # numbered weekdays count within the month (MONTHLY, or YEARLY with BYMONTH), else year
        self.in_month = rule.freq == "MONTHLY" or (rule.freq == "YEARLY" and bool(rule.bymonth))
        day_parts = rule.byweekno or rule.byyearday or rule.bymonthday or rule.byday
        self.default_monthday = None
        self.default_month = None
        self.default_weekday = None
        if rule.freq in ("YEARLY", "MONTHLY") and not day_parts:
            self.default_monthday = start.day
            if rule.freq == "YEARLY" and not rule.bymonth:
                self.default_month = start.month
        elif (rule.freq == "WEEKLY" and not day_parts) or (
            rule.freq == "YEARLY"
            and rule.byweekno
            and not (rule.byday or rule.bymonthday or rule.byyearday)
        ):
            self.default_weekday = start.weekday()

    def match(self, ordinal: int) -> bool:
        """Whether the day passes every filter of the rule (defaults from DTSTART included)."""
        if not 1 <= ordinal <= _LAST_WEEKED_DAY:  # week numbers need the following year
            return False
        day = date.fromordinal(ordinal)
        if self.months and day.month not in self.months:
            return False
        if self.default_month is not None and day.month != self.default_month:
            return False
        month_length = calendar.monthrange(day.year, day.month)[1]
        if self.default_monthday is not None and day.day != self.default_monthday:
            return False
        if self.monthdays and not any(
            day.day == (m if m > 0 else month_length + m + 1) for m in self.monthdays
        ):
            return False
        if self.yeardays:
            year_length = 366 if calendar.isleap(day.year) else 365
            yday = day.timetuple().tm_yday
            if not any(yday == (n if n > 0 else year_length + n + 1) for n in self.yeardays):
                return False
        weekday = day.weekday()
        if self.default_weekday is not None and weekday != self.default_weekday:
            return False
        if self.any_weekday and not self._weekday_match(day, weekday, month_length):
            return False
        if self.weeknos:
            _year, number, weeks = _week_info(ordinal, self.rule.wkst)
            if not any(number == (w if w > 0 else weeks + w + 1) for w in self.weeknos):
                return False
        return True

    def _weekday_match(self, day: date, weekday: int, month_length: int) -> bool:
        if weekday in self.plain:
            return True
        if not self.numbered:
            return False
        if self.in_month:
            index, length = day.day, month_length
        else:
            index = day.timetuple().tm_yday
            length = 366 if calendar.isleap(day.year) else 365
        first = (index - 1) // 7 + 1
        last = -((length - index) // 7 + 1)
        return any(w == weekday and n in (first, last) for n, w in self.numbered)


# --------------------------------------------------------------------------- periods


def _month_days(year: int, month: int) -> range:
    first = date(year, month, 1).toordinal()
    return range(first, first + calendar.monthrange(year, month)[1])


def _year_candidates(rule: Rule, days: _Days, year: int) -> list[int]:
    """Day ordinals of a YEARLY period (a week-year when the rule has BYWEEKNO)."""
    if rule.byweekno:
        start = _week_one(year, rule.wkst)
        weeks = (_week_one(year + 1, rule.wkst) - start) // 7
        numbers = sorted({w if w > 0 else weeks + w + 1 for w in rule.byweekno} - {0})
        base = [start + 7 * (n - 1) + i for n in numbers if n <= weeks for i in range(7)]
    elif rule.byyearday:
        first = date(year, 1, 1).toordinal()
        length = 366 if calendar.isleap(year) else 365
        resolved = {n - 1 if n > 0 else length + n for n in rule.byyearday}
        base = sorted(first + n for n in resolved if 0 <= n < length)
    else:
        months = rule.bymonth or (
            (days.default_month,) if days.default_month is not None else range(1, 13)
        )
        base = []
        for month in sorted(months):
            base.extend(_month_candidates(rule, days, year, month))
        return base
    return [d for d in base if days.match(d)]


def _month_candidates(rule: Rule, days: _Days, year: int, month: int) -> list[int]:
    """Day ordinals of one month that pass the day filters."""
    span = _month_days(year, month)
    if days.default_monthday is not None or rule.bymonthday:
        length = len(span)
        wanted = rule.bymonthday or (days.default_monthday or 1,)
        resolved = sorted({m - 1 if m > 0 else length + m for m in wanted})
        base: list[int] | range = [span.start + m for m in resolved if 0 <= m < length]
    elif rule.byday and not (rule.byyearday or rule.byweekno):
        weekdays = {w for _n, w in rule.byday}
        first_weekday = date.fromordinal(span.start).weekday()
        base = [d for d in span if (first_weekday + d - span.start) % 7 in weekdays]
    else:
        base = span
    return [d for d in base if days.match(d)]


def _week_candidates(rule: Rule, days: _Days, first: int) -> list[int]:
    if days.default_weekday is not None or rule.byday:
        weekdays = {w for _n, w in rule.byday}
        if not weekdays and days.default_weekday is not None:
            weekdays = {days.default_weekday}
        base = [first + (w - rule.wkst) % 7 for w in weekdays]
        return sorted(d for d in base if days.match(d))
    return [d for d in range(first, first + 7) if days.match(d)]


def _times(rule: Rule, start: datetime) -> list[time]:
    """Return the times of day of a DAILY or coarser rule (BYHOUR × BYMINUTE × BYSECOND)."""
    hours = sorted(rule.byhour) or [start.hour]
    minutes = sorted(rule.byminute) or [start.minute]
    seconds = sorted(rule.bysecond) or [start.second]
    return [time(h, m, s) for h, m, s in product(hours, minutes, seconds) if s < 60]


def _select(candidates: list[Any], positions: tuple[int, ...]) -> list[Any]:
    """Return the members of a sorted period set at the ``BYSETPOS`` positions, in order."""
    size = len(candidates)
    picked = {p - 1 if p > 0 else size + p for p in positions}
    return [candidates[i] for i in sorted(picked) if 0 <= i < size]


def _period_sets(
    rule: Rule, start: date | datetime, first_day: int | None
) -> Iterator[tuple[int, list[Any]]]:
    """Sorted candidate sets, one per period of FREQ × INTERVAL, from the one holding ``start``.

    Each comes with the ordinal of the period's first day. ``first_day`` (a day ordinal), when
    given, skips whole periods that end before it.
    """
    start_day = start.date() if isinstance(start, datetime) else start
    days = _Days(rule, start_day)
    timed = isinstance(start, datetime)
    times = _times(rule, start) if timed else []  # type: ignore[arg-type]
    step = rule.interval
    if rule.sub_daily:
        yield from _sub_daily_sets(rule, start, days, first_day)  # type: ignore[arg-type]
        return
    if rule.freq == "YEARLY":
        year = _week_info(start_day.toordinal(), rule.wkst)[0] if rule.byweekno else start_day.year
        if first_day is not None:
            target = date.fromordinal(first_day).year - 1
            year += max(0, (target - year) // step) * step
        while year <= 9998:
            first = _week_one(year, rule.wkst) if rule.byweekno else date(year, 1, 1).toordinal()
            yield first, _combine(_year_candidates(rule, days, year), times, timed)
            year += step
    elif rule.freq == "MONTHLY":
        index = start_day.year * 12 + start_day.month - 1
        if first_day is not None:
            target_day = date.fromordinal(first_day)
            target = target_day.year * 12 + target_day.month - 2
            index += max(0, (target - index) // step) * step
        while index < 10000 * 12:
            year, month = divmod(index, 12)
            first = date(year, month + 1, 1).toordinal()
            if not rule.bymonth or month + 1 in rule.bymonth:
                yield first, _combine(_month_candidates(rule, days, year, month + 1), times, timed)
            else:
                yield first, []
            index += step
    elif rule.freq == "WEEKLY":
        first = start_day.toordinal() - (start_day.weekday() - rule.wkst) % 7
        if first_day is not None and first_day - 7 > first:
            first += ((first_day - 7 - first) // (7 * step)) * 7 * step
        while first < _MAX_ORDINAL:
            yield first, _combine(_week_candidates(rule, days, first), times, timed)
            first += 7 * step
    else:  # DAILY
        ordinal = start_day.toordinal()
        if first_day is not None and first_day > ordinal:
            ordinal += ((first_day - ordinal) // step) * step
        while ordinal <= _MAX_ORDINAL:
            yield ordinal, _combine([ordinal] if days.match(ordinal) else [], times, timed)
            ordinal += step


def _combine(ordinals: list[int], times: list[time], timed: bool) -> list[Any]:
    if not timed:
        return [date.fromordinal(d) for d in ordinals]
    out: list[datetime] = []
    for d in ordinals:
        day = date.fromordinal(d)
        out.extend(datetime.combine(day, t) for t in times)
    return out


_UNIT_SECONDS = {"HOURLY": 3600, "MINUTELY": 60, "SECONDLY": 1}


def _sub_daily_sets(
    rule: Rule, start: datetime, days: _Days, first_day: int | None
) -> Iterator[tuple[int, list[Any]]]:
    """Period sets of an HOURLY/MINUTELY/SECONDLY rule, walking day by day.

    A period begins at ``start`` + k × INTERVAL units (wall time); its set is the expansion of
    the finer parts within it, limited by the coarser ones. Days the day filters exclude are
    skipped whole; a day without any period start yields one empty set, so that the caller's
    count of empty periods advances.
    """
    unit = _UNIT_SECONDS[rule.freq]
    step = unit * rule.interval
    # seconds from start's midnight to the first period's beginning (start's unit boundary)
    anchor = start.hour * 3600 + start.minute * 60 + start.second
    anchor -= anchor % unit
    ordinal = start.toordinal()
    if first_day is not None and first_day > ordinal:
        ordinal = first_day
    starts = _DayPeriods(rule, step)
    seconds = sorted(s for s in rule.bysecond if s < 60) if rule.bysecond else [start.second]
    minute_list = sorted(rule.byminute) if rule.byminute else [start.minute]
    while ordinal <= _MAX_ORDINAL:
        if not days.match(ordinal):
            yield ordinal, []
            ordinal += 1
            continue
        day_offset = (ordinal - start.toordinal()) * 86400
        # first period start in this day: smallest t >= 0 with (day_offset + t - anchor) % step == 0
        kept = starts.of((anchor - day_offset) % step)
        base = datetime.fromordinal(ordinal)
        for t in kept:
            hour, rest = divmod(t, 3600)
            minute, second = divmod(rest, 60)
            if rule.freq == "HOURLY":
                moments = [(hour, m, s) for m in minute_list for s in seconds]
            elif rule.freq == "MINUTELY":
                moments = [(hour, minute, s) for s in seconds]
            else:
                moments = [(hour, minute, second)]
            yield ordinal, [base.replace(hour=h, minute=m, second=s) for h, m, s in moments]
        if not kept:
            yield ordinal, []
        ordinal += 1


class _DayPeriods:
    """The period starts of a sub-daily rule within one day that its BYxxx time parts keep.

    They depend only on where the first period of the day begins (``first``, in seconds from
    midnight, below the step), so each such offset is worked out once: a rule whose periods never
    reach its ``BYSECOND``/``BYMINUTE`` values costs one scan, not one per day.
    """

    _CACHED = 4096

    def __init__(self, rule: Rule, step: int) -> None:
        self.step = step
        self.hours = frozenset(rule.byhour)
        # the limiting parts: BYMINUTE limits MINUTELY/SECONDLY, BYSECOND limits SECONDLY
        self.minutes = frozenset(rule.byminute) if rule.freq != "HOURLY" else frozenset()
        self.seconds = frozenset(rule.bysecond) if rule.freq == "SECONDLY" else frozenset()
        self.known: dict[int, tuple[int, ...]] = {}

    def of(self, first: int) -> tuple[int, ...]:
        """Period starts (seconds from midnight) from ``first`` by the step that pass the parts."""
        found = self.known.get(first)
        if found is None:
            found = tuple(t for t in range(first, 86400, self.step) if self._kept(t))
            if len(self.known) < self._CACHED:
                self.known[first] = found
        return found

    def _kept(self, t: int) -> bool:
        hour, rest = divmod(t, 3600)
        minute, second = divmod(rest, 60)
        return (
            (not self.hours or hour in self.hours)
            and (not self.minutes or minute in self.minutes)
            and (not self.seconds or second in self.seconds)
        )


def occurrences(  # noqa: C901 (one pass over the periods: COUNT, UNTIL and bounds together)
    rule: Rule,
    start: date | datetime,
    *,
    tz: tzinfo | None = None,
    include_dtstart: bool = True,
    after: date | datetime | None = None,
    before: date | datetime | None = None,
    max_skipped: int | None = None,
) -> Iterator[Any]:
    """Yield the instances of ``rule`` from ``start`` (DTSTART), in order.

    Parameters
    ----------
    rule
        The parsed rule.
    start
        DTSTART: a naive local date-time, or a date for an all-day series.
    tz
        Zone of ``start``, used to compare with an ``UNTIL`` in UTC (without it such an UNTIL is
        compared in UTC wall time).
    include_dtstart
        DTSTART is the first instance and ``COUNT`` includes it (RFC 5545); ``False`` gives the
        bare rule as ``dateutil`` does.
    after
        Leave out instances before this (naive local, or a date); ``COUNT`` still counts them.
        Without ``COUNT``, periods before it are skipped without being built.
    before
        Stop at the first instance at or after this; without it, iteration stops when the
        calendar's 400-year cycle passes without an instance, or at year 9999.
    max_skipped
        Most instances a ``COUNT`` rule may step over before ``after`` (a work bound).

    Yields
    ------
    date or datetime
        Of the type of ``start``.

    Raises
    ------
    DataError
        If the rule is not allowed with this type of ``start`` (:func:`check_rule_for_start`).
    BudgetExceededError
        If more than ``max_skipped`` instances precede ``after``.

    Examples
    --------
    >>> from datetime import datetime
    >>> rule = parse_rule("FREQ=WEEKLY;COUNT=3;BYDAY=MO")
    >>> [d.day for d in occurrences(rule, datetime(2025, 9, 3, 9))]  # a Wednesday start
    [3, 8, 15]
    >>> [d.day for d in occurrences(rule, datetime(2025, 9, 3, 9), include_dtstart=False)]
    [8, 15, 22]
    """
    check_rule_for_start(rule, start)
    timed = isinstance(start, datetime)
    after_v = _like(after, timed, tz)
    before_v = _like(before, timed, tz)
    before_day = _ordinal(before_v) if before_v is not None else None
    until_check = _until_checker(rule.until, timed, tz)
    remaining = rule.count
    skipped = 0
    if include_dtstart:
        if remaining is not None:
            remaining -= 1
        if (after_v is None or start >= after_v) and (before_v is None or start < before_v):
            yield start
        if remaining is not None and remaining <= 0:
            return
    skip_to = _ordinal(after_v) if rule.count is None and after_v is not None else None
    empty = 0
    cycle = _CYCLE.get(rule.freq, _CYCLE["DAILY"])
    for first, candidates in _period_sets(rule, start, skip_to):
        if before_day is not None and first > before_day:
            return
        chosen = _select(candidates, rule.bysetpos) if rule.bysetpos else candidates
        if not chosen:
            empty += 1
            if before_v is None and empty > cycle:
                return
            continue
        empty = 0
        for moment in chosen:
            if moment < start or (include_dtstart and moment == start):
                continue
            if until_check is not None and until_check(moment):
                return
            if before_v is not None and moment >= before_v:
                return
            if remaining is not None:
                remaining -= 1
            if after_v is None or moment >= after_v:
                yield moment
            elif max_skipped is not None and rule.count is not None:
                skipped += 1
                if skipped > max_skipped:
                    msg = (
                        f"RRULE {str(rule)!r}: more than {max_skipped} instances counted (COUNT) "
                        f"before {after_v}; ask for an earlier window"
                    )
                    raise BudgetExceededError(msg)
            if remaining is not None and remaining <= 0:
                return


def _ordinal(value: date | datetime) -> int:
    return (value.date() if isinstance(value, datetime) else value).toordinal()


def _like(value: date | datetime | None, timed: bool, tz: tzinfo | None) -> Any:
    """Return a bound in the type of the series' start (naive local date-time, or date)."""
    if value is None:
        return None
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone(tz or UTC).replace(tzinfo=None)
    if timed:
        return value if isinstance(value, datetime) else datetime.combine(value, time())
    return value.date() if isinstance(value, datetime) else value


def _until_checker(
    until: date | datetime | None, timed: bool, tz: tzinfo | None
) -> Callable[[Any], bool] | None:
    """Return a test 'is this instance after UNTIL' for the series' value type, or ``None``."""
    if until is None:
        return None
    if not timed:
        limit = until.date() if isinstance(until, datetime) else until
        return lambda moment: moment > limit
    if not isinstance(until, datetime):
        end_of_day = datetime.combine(until, time(23, 59, 59))
        return lambda moment: moment > end_of_day
    if until.tzinfo is None:
        return lambda moment: moment > until
    zone = tz or UTC
    slack = timedelta(days=1)
    try:
        local_until = until.astimezone(zone).replace(tzinfo=None)
        _ = (local_until + slack, local_until - slack)  # both bounds must exist
    except OverflowError:  # an UNTIL at the end of year 9999: no instance can pass it
        return None

    def after_until(moment: datetime) -> bool:
        if moment > local_until + slack:
            return True
        if moment < local_until - slack:
            return False
        # close to UNTIL: compare as instants; a wall time in a gap takes the offset before it
        return moment.replace(tzinfo=zone).astimezone(UTC) > until

    return after_until
