"""The rule engine, one behaviour class at a time, with the points RFC 5545 leaves open.

Public RRULE suites (python-dateutil's ``test_rrule.py``, rrule.js, libical's recurrence tests, the
examples of RFC 5545 section 3.8.5.3) test the classes below; the cases here are this project's
own, worked out by hand from the RFC's text (the dates in the comments say how). Expected values
are compared with the *bare* rule (``include_dtstart=False``, what the suites test) where the
suites do, and with DTSTART as first instance (the RFC's reading, the agenda's default) otherwise.

``OPEN_POINTS`` lists the cases the RFC leaves undefined or forbids without saying what a reader
does; each has a test that pins the engine's choice, and ``docs/agenda.md`` lists them too.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from eurasia.agenda.model import Event
from eurasia.agenda.recurrence import expand, series_starts
from eurasia.agenda.rrule import occurrences, parse_rule
from eurasia.errors import DataError

ALMATY = ZoneInfo("Asia/Almaty")


def _list(rule: str, start: date | datetime, **options: Any) -> list[Any]:
    return list(itertools.islice(occurrences(parse_rule(rule), start, **options), 60))


def _days(rule: str, start: date | datetime, **options: Any) -> list[str]:
    return [d.strftime("%Y-%m-%d") for d in _list(rule, start, **options)]


def _times(rule: str, start: datetime, **options: Any) -> list[str]:
    return [d.strftime("%m-%d %H:%M:%S") for d in _list(rule, start, **options)]


#: The behaviour classes checked here (each has at least one test below).
BEHAVIOUR_CLASSES = (
    "bysetpos-wkst",
    "iso-week-years",
    "byyearday-negative",
    "bymonthday-negative",
    "hourly-filters",
    "minutely-filters",
    "secondly-filters",
    "until-vs-count",
    "dtstart-not-in-rule",
    "exdate-rdate",
    "leap-years",
    "invalid-dates-skipped",
    "weekly-interval-wkst",
    "numbered-weekdays",
    "weekday-and-monthday",
    "bysetpos-with-times",
    "sub-daily-never-matching",
    "interval-with-limits",
)

#: Points RFC 5545 leaves open (or forbids without saying what to do), and the engine's reading.
OPEN_POINTS = {
    "unsynchronised-dtstart": "3.8.5.3 calls the set 'undefined' when DTSTART does not match the "
    "rule, yet 3.3.10 says DTSTART always counts as the first instance and the RFC's own examples "
    "list it: DTSTART is an instance and COUNT includes it",
    "date-until-timed-start": "UNTIL as a DATE with a DATE-TIME DTSTART breaks a MUST of 3.3.10: "
    "read as the end of that day (the day is included), as calendar clients do; dateutil reads "
    "midnight and leaves the last day out",
    "until-before-dtstart": "UNTIL before DTSTART: DTSTART alone (it is always an instance)",
    "numbered-byday-outside-monthly-yearly": "an ordinal BYDAY in DAILY/WEEKLY/sub-daily rules "
    "(MUST NOT): read as the plain weekday",
    "numbered-byday-with-byweekno": "an ordinal BYDAY with BYWEEKNO in YEARLY (MUST NOT): the "
    "ordinal counts within the year",
    "bysetpos-alone": "BYSETPOS without another BYxxx part (MUST NOT): applied to the one-member "
    "period set, so only 1 and -1 keep anything",
    "not-applicable-parts": "BYxxx parts the table marks N/A (BYYEARDAY in DAILY/WEEKLY/MONTHLY, "
    "BYMONTHDAY in WEEKLY, BYWEEKNO outside YEARLY): limit the days",
    "leap-second": "BYSECOND=60 is allowed by the grammar; no wall clock shows it: no instance",
    "repeated-hour": "a wall time a daylight-saving change repeats: the first of the two (the RFC "
    "defines only the gap)",
    "several-rrules-with-count": "several RRULEs each with COUNT: each counts DTSTART (the set is "
    "a union, so DTSTART appears once)",
}


# --------------------------------------------------------------------------- bysetpos-wkst


def test_bysetpos_in_a_weekly_rule_counts_in_the_wkst_week() -> None:
    # Saturday 2025-09-06 start. WKST=MO: weeks Mon-Sun hold SA then SU, position 1 is Saturday.
    assert _days("FREQ=WEEKLY;COUNT=3;BYDAY=SA,SU;BYSETPOS=1", datetime(2025, 9, 6, 10)) == [
        "2025-09-06",
        "2025-09-13",
        "2025-09-20",
    ]
    # WKST=SU: weeks Sun-Sat hold SU then SA, position 1 is Sunday (31 Aug is before DTSTART)
    rule = "FREQ=WEEKLY;COUNT=3;BYDAY=SA,SU;BYSETPOS=1;WKST=SU"
    assert _days(rule, datetime(2025, 9, 6, 10)) == ["2025-09-06", "2025-09-07", "2025-09-14"]


def test_bysetpos_last_weekday_of_the_month() -> None:
    rule = "FREQ=MONTHLY;COUNT=4;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"
    # Fri 31 Jan, Fri 28 Feb, Mon 31 Mar, Wed 30 Apr 2025
    assert _days(rule, datetime(2025, 1, 31, 9)) == [
        "2025-01-31",
        "2025-02-28",
        "2025-03-31",
        "2025-04-30",
    ]


# --------------------------------------------------------------------------- iso-week-years


def test_week_53_only_in_week_years_that_have_it() -> None:
    # Thursday of ISO week 53: 2020 (Thu 31 Dec), then 2026 (Thu 31 Dec), then 2032 (Thu 30 Dec)
    rule = "FREQ=YEARLY;COUNT=3;BYWEEKNO=53;BYDAY=TH"
    assert _days(rule, datetime(2020, 12, 31, 9)) == ["2020-12-31", "2026-12-31", "2032-12-30"]


def test_negative_week_numbers_count_from_the_week_years_end() -> None:
    # last ISO week: week 52 of 2024 and 2025 (Mondays 23 and 22 Dec), week 53 of 2026 (28 Dec)
    rule = "FREQ=YEARLY;COUNT=3;BYWEEKNO=-1;BYDAY=MO"
    assert _days(rule, datetime(2024, 12, 23, 9)) == ["2024-12-23", "2025-12-22", "2026-12-28"]
    # week -53 exists only in a 53-week year: 1998's week 1 begins on Monday 29 December 1997
    rule = "FREQ=YEARLY;COUNT=2;BYWEEKNO=-53;BYDAY=MO"
    assert _days(rule, datetime(1997, 9, 2, 9), include_dtstart=False) == [
        "1997-12-29",
        "2003-12-29",
    ]


def test_week_one_may_begin_in_the_previous_calendar_year() -> None:
    # Tuesday of week 1: 31 Dec 2024 (week 1 of 2025), 30 Dec 2025 (week 1 of 2026)
    rule = "FREQ=YEARLY;COUNT=3;BYWEEKNO=1;BYDAY=TU"
    assert _days(rule, datetime(2024, 12, 31, 9)) == ["2024-12-31", "2025-12-30", "2027-01-05"]


def test_week_numbers_follow_wkst() -> None:
    # weeks starting on Sunday: week 1 of 2025 is Sun 29 Dec 2024 - Sat 4 Jan 2025
    assert _days(
        "FREQ=YEARLY;COUNT=1;BYWEEKNO=1;BYDAY=SU;WKST=SU",
        datetime(2024, 9, 1, 9),
        include_dtstart=False,
    ) == ["2024-12-29"]
    assert _days(
        "FREQ=YEARLY;COUNT=1;BYWEEKNO=1;BYDAY=SU", datetime(2024, 9, 1, 9), include_dtstart=False
    ) == ["2025-01-05"]


# --------------------------------------------------------------------------- negative day numbers


def test_negative_year_days_in_leap_and_common_years() -> None:
    # -1 is 31 December; -306 is 1 March in both kinds of year (365-306+1 = 60, 366-306+1 = 61)
    assert _days("FREQ=YEARLY;COUNT=3;BYYEARDAY=-1", datetime(2023, 12, 31, 9)) == [
        "2023-12-31",
        "2024-12-31",
        "2025-12-31",
    ]
    assert _days("FREQ=YEARLY;COUNT=3;BYYEARDAY=-306", datetime(2023, 3, 1, 9)) == [
        "2023-03-01",
        "2024-03-01",
        "2025-03-01",
    ]


def test_negative_month_days() -> None:
    # second-to-last day: 30 Jan, 28 Feb (2024 is a leap year), 30 Mar, 29 Apr
    assert _days("FREQ=MONTHLY;COUNT=4;BYMONTHDAY=-2", datetime(2024, 1, 30, 9)) == [
        "2024-01-30",
        "2024-02-28",
        "2024-03-30",
        "2024-04-29",
    ]
    # -31 exists only in 31-day months: the 1st of January, March, May
    assert _days("FREQ=MONTHLY;COUNT=3;BYMONTHDAY=-31", datetime(2025, 1, 1, 9)) == [
        "2025-01-01",
        "2025-03-01",
        "2025-05-01",
    ]


# --------------------------------------------------------------------------- sub-daily


def test_hourly_limited_by_weekday_and_month_day() -> None:
    # every 6 hours on Saturdays, from Friday 18:00 (DTSTART first, then the Saturday periods)
    got = _times("FREQ=HOURLY;INTERVAL=6;COUNT=4;BYDAY=SA", datetime(2025, 9, 5, 18))
    assert got == ["09-05 18:00:00", "09-06 00:00:00", "09-06 06:00:00", "09-06 12:00:00"]
    got = _times("FREQ=HOURLY;COUNT=3;BYMONTHDAY=1;BYHOUR=23", datetime(2025, 1, 31, 23))
    assert got == ["01-31 23:00:00", "02-01 23:00:00", "03-01 23:00:00"]


def test_minutely_periods_stay_aligned_on_dtstart_across_days() -> None:
    # every 25 minutes from 08:50, kept only in the 9 o'clock hour: 09:15, 09:40; the next day
    # 1450 minutes after 08:50 is a period start, so 09:00
    got = _times("FREQ=MINUTELY;INTERVAL=25;COUNT=4;BYHOUR=9", datetime(2025, 9, 1, 8, 50))
    assert got == ["09-01 08:50:00", "09-01 09:15:00", "09-01 09:40:00", "09-02 09:00:00"]
    got = _times("FREQ=MINUTELY;COUNT=4;BYSECOND=0,30", datetime(2025, 9, 1, 10))
    assert got == ["09-01 10:00:00", "09-01 10:00:30", "09-01 10:01:00", "09-01 10:01:30"]


def test_secondly_limited_by_minute() -> None:
    got = _times("FREQ=SECONDLY;INTERVAL=15;COUNT=4;BYMINUTE=1", datetime(2025, 9, 1, 10, 0, 50))
    assert got == ["09-01 10:00:50", "09-01 10:01:05", "09-01 10:01:20", "09-01 10:01:35"]


def test_sub_daily_periods_that_never_reach_their_parts_end_quickly() -> None:
    # periods every 2 s from an even second never reach second 3; every 5 min from :28 never
    # reach :32 (1440 is a multiple of 5): each day's offset is scanned once, not every day
    for rule, start in [
        ("FREQ=SECONDLY;INTERVAL=2;BYSECOND=3", datetime(2025, 1, 1, 10)),
        ("FREQ=MINUTELY;INTERVAL=5;BYMINUTE=32", datetime(2025, 1, 1, 19, 28)),
    ]:
        began = time.perf_counter()
        assert _list(rule, start) == [start]  # DTSTART alone, after the 400-year cycle
        assert time.perf_counter() - began < 20, rule  # about 1 s; scanning each day took hours


def test_bysetpos_on_a_daily_rule_with_hours() -> None:
    # the last of the day's times (18:00), not each hour
    got = _times("FREQ=DAILY;COUNT=3;BYHOUR=9,18;BYSETPOS=-1", datetime(2025, 9, 1, 18))
    assert got == ["09-01 18:00:00", "09-02 18:00:00", "09-03 18:00:00"]


# --------------------------------------------------------------------------- until / count


def test_until_is_inclusive_and_compared_as_an_instant() -> None:
    start = datetime(2025, 9, 1, 9)
    assert _days("FREQ=DAILY;UNTIL=20250903T090000", start) == [
        "2025-09-01",
        "2025-09-02",
        "2025-09-03",
    ]
    # 09:00 in Almaty (+05 since 2024-03-01) is 04:00 UTC
    assert len(_list("FREQ=DAILY;UNTIL=20250903T040000Z", start, tz=ALMATY)) == 3
    assert len(_list("FREQ=DAILY;UNTIL=20250903T035959Z", start, tz=ALMATY)) == 2


def test_count_and_until_together_are_refused() -> None:
    with pytest.raises(DataError, match="COUNT and UNTIL must not both be given"):
        parse_rule("FREQ=DAILY;COUNT=2;UNTIL=20250903T090000Z")


def test_open_date_until_with_a_timed_start_includes_that_day() -> None:
    """OPEN_POINTS['date-until-timed-start']."""
    assert _days("FREQ=DAILY;UNTIL=20250903", datetime(2025, 9, 1, 9))[-1] == "2025-09-03"


def test_open_until_before_dtstart_leaves_dtstart_alone() -> None:
    """OPEN_POINTS['until-before-dtstart']."""
    start = datetime(2025, 9, 1, 9)
    assert _list("FREQ=DAILY;UNTIL=20250801T000000Z", start) == [start]
    assert _list("FREQ=DAILY;UNTIL=20250801T000000Z", start, include_dtstart=False) == []


# --------------------------------------------------------------------------- dtstart


def test_open_unsynchronised_dtstart_is_the_first_instance_and_counted() -> None:
    """OPEN_POINTS['unsynchronised-dtstart']: Wednesday start, first Monday of each month."""
    rule = "FREQ=MONTHLY;COUNT=3;BYDAY=1MO"
    assert _days(rule, datetime(2025, 9, 3, 9)) == ["2025-09-03", "2025-10-06", "2025-11-03"]
    assert _days(rule, datetime(2025, 9, 3, 9), include_dtstart=False) == [
        "2025-10-06",
        "2025-11-03",
        "2025-12-01",
    ]


# --------------------------------------------------------------------------- exdate / rdate


def test_exdate_removes_instances_that_count_still_counted(
    make_event: Callable[..., Event],
) -> None:
    # RFC 5545 3.8.5.1/3.8.5.3: the set is generated (COUNT applied), then EXDATE excluded
    event = make_event(
        start=datetime(2025, 9, 1, 9),
        end=datetime(2025, 9, 1, 10),
        rrules=("FREQ=DAILY;COUNT=4",),
        exdates=(datetime(2025, 9, 2, 9), datetime(2025, 9, 1, 9)),
        rdates=(datetime(2025, 9, 3, 9), datetime(2025, 9, 10, 9)),
    )
    got = [d.strftime("%Y-%m-%d") for d in series_starts(event)]  # type: ignore[union-attr]
    # DTSTART excluded too; the RDATE equal to an instance appears once
    assert got == ["2025-09-03", "2025-09-04", "2025-09-10"]


# --------------------------------------------------------------------------- calendar edges


def test_leap_years() -> None:
    assert _days("FREQ=YEARLY;COUNT=3", datetime(2024, 2, 29, 9)) == [
        "2024-02-29",
        "2028-02-29",
        "2032-02-29",
    ]
    # day 60 is 1 March in a common year and 29 February in a leap year; 366 only in leap years
    assert _days("FREQ=YEARLY;COUNT=3;BYYEARDAY=60", datetime(2023, 3, 1, 9)) == [
        "2023-03-01",
        "2024-02-29",
        "2025-03-01",
    ]
    assert _days("FREQ=YEARLY;COUNT=2;BYYEARDAY=366", datetime(2024, 12, 31, 9)) == [
        "2024-12-31",
        "2028-12-31",
    ]


def test_invalid_dates_are_skipped_not_moved() -> None:
    # 30 February never exists; the 31st only in long months
    assert _list("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", datetime(2025, 1, 1, 9))[1:] == []
    assert _days("FREQ=MONTHLY;COUNT=4", datetime(2025, 1, 31, 9)) == [
        "2025-01-31",
        "2025-03-31",
        "2025-05-31",
        "2025-07-31",
    ]


def test_weekly_interval_depends_on_wkst() -> None:
    # the RFC's own pair of examples, from Tuesday 5 August 1997
    start = datetime(1997, 8, 5, 9)
    rule = "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU"
    assert [d.day for d in _list(rule + ";WKST=MO", start)] == [5, 10, 19, 24]
    assert [d.day for d in _list(rule + ";WKST=SU", start)] == [5, 17, 19, 31]


def test_numbered_weekdays_in_year_and_month() -> None:
    # the 20th Monday of 2025 (19 May) and the last Friday of February
    assert _days(
        "FREQ=YEARLY;COUNT=1;BYDAY=20MO", datetime(2025, 1, 1, 9), include_dtstart=False
    ) == ["2025-05-19"]
    assert _days(
        "FREQ=YEARLY;COUNT=2;BYMONTH=2;BYDAY=-1FR", datetime(2025, 1, 1, 9), include_dtstart=False
    ) == ["2025-02-28", "2026-02-27"]
    # a fifth Friday exists in some months only: Jan, May, Aug 2025
    assert _days(
        "FREQ=MONTHLY;COUNT=3;BYDAY=5FR", datetime(2025, 1, 1, 9), include_dtstart=False
    ) == ["2025-01-31", "2025-05-30", "2025-08-29"]


def test_weekday_and_month_day_intersect() -> None:
    # Friday the 13th: June 2025, February and March 2026
    assert _days(
        "FREQ=MONTHLY;COUNT=3;BYDAY=FR;BYMONTHDAY=13",
        datetime(2025, 1, 1, 9),
        include_dtstart=False,
    ) == ["2025-06-13", "2026-02-13", "2026-03-13"]


def test_interval_with_a_limiting_month() -> None:
    # every other year, in the months named: 2025 (Jun, Jul), 2027
    got = _days("FREQ=YEARLY;INTERVAL=2;COUNT=4;BYMONTH=6,7", datetime(2025, 6, 10, 9))
    assert got == ["2025-06-10", "2025-07-10", "2027-06-10", "2027-07-10"]
    # every 5 months, kept only in March: the next March period is 60 months on (lcm of 5, 12)
    got = _days("FREQ=MONTHLY;INTERVAL=5;COUNT=2;BYMONTH=3", datetime(2025, 3, 4, 9))
    assert got == ["2025-03-04", "2030-03-04"]


# --------------------------------------------------------------------------- open points


def test_open_numbered_weekday_outside_monthly_and_yearly_is_the_plain_weekday() -> None:
    """OPEN_POINTS['numbered-byday-outside-monthly-yearly']."""
    assert parse_rule("FREQ=WEEKLY;BYDAY=2MO") == parse_rule("FREQ=WEEKLY;BYDAY=MO")


def test_open_numbered_weekday_with_byweekno_counts_in_the_year() -> None:
    """OPEN_POINTS['numbered-byday-with-byweekno']: the first Monday of 2025 is in week 2."""
    rule = "FREQ=YEARLY;COUNT=1;BYWEEKNO=2;BYDAY=1MO"
    assert _days(rule, datetime(2025, 1, 1, 9), include_dtstart=False) == ["2025-01-06"]


def test_open_bysetpos_alone_keeps_only_the_period_start() -> None:
    """OPEN_POINTS['bysetpos-alone']."""
    start = datetime(2025, 9, 1, 9)
    assert len(_list("FREQ=MONTHLY;COUNT=3;BYSETPOS=-1", start)) == 3
    assert _list("FREQ=MONTHLY;BYSETPOS=2", start, include_dtstart=False) == []


def test_open_not_applicable_parts_limit() -> None:
    """OPEN_POINTS['not-applicable-parts']: BYYEARDAY in DAILY, BYMONTHDAY in WEEKLY."""
    start = datetime(2025, 1, 1, 9)
    assert _days("FREQ=DAILY;COUNT=2;BYYEARDAY=1,-1", start) == ["2025-01-01", "2025-12-31"]
    assert _days("FREQ=WEEKLY;COUNT=2;BYDAY=MO;BYMONTHDAY=1", start) == [
        "2025-01-01",
        "2025-09-01",
    ]


def test_open_leap_second_gives_no_instance() -> None:
    """OPEN_POINTS['leap-second']."""
    assert _list("FREQ=DAILY;BYSECOND=60", datetime(2025, 1, 1, 9), include_dtstart=False) == []


def test_open_repeated_hour_takes_the_first(make_event: Callable[..., Event]) -> None:
    """OPEN_POINTS['repeated-hour']: 01:30 on 2025-11-02 in New York happens twice."""
    event = make_event(
        start=datetime(2025, 11, 1, 1, 30),
        end=datetime(2025, 11, 1, 2),
        tzid="America/New_York",
        rrules=("FREQ=DAILY;COUNT=2",),
    )
    second = expand([event], date(2025, 10, 31), date(2025, 11, 4))[1].start
    assert second.astimezone(UTC) == datetime(2025, 11, 2, 5, 30, tzinfo=UTC)  # EDT, -04


def test_open_several_rrules_with_count_each_count_dtstart(
    make_event: Callable[..., Event],
) -> None:
    """OPEN_POINTS['several-rrules-with-count']."""
    event = make_event(
        start=datetime(2025, 9, 1, 9),  # a Monday
        end=datetime(2025, 9, 1, 10),
        rrules=("FREQ=WEEKLY;COUNT=2;BYDAY=MO", "FREQ=WEEKLY;COUNT=2;BYDAY=WE"),
    )
    got = [d.day for d in series_starts(event)]  # type: ignore[union-attr]
    assert got == [1, 3, 8]


def test_open_points_are_documented() -> None:
    """docs/agenda.md names every open point by its key."""
    text = (Path(__file__).parents[2] / "docs" / "agenda.md").read_text(encoding="utf-8")
    for key in OPEN_POINTS:
        assert f"`{key}`" in text, key
