"""Fuzzing the iCalendar importer: what it accepts must also export and expand, in bounded time.

A calendar that imports is exported again with :func:`eurasia.agenda.ical.to_ical` and re-read,
and its events are expanded over a three-year window (the longest the API allows) — the places
where an accepted but hostile rule (a secondly recurrence, an alias of the year 1) would stall.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eurasia.agenda.ical import ImportResult, parse_ical, to_ical
from eurasia.agenda.recurrence import expand
from tests.fuzz.strategies import documented, fuzz_settings, mutated, mutated_bytes

pytestmark = pytest.mark.timeout(300)

SEED = "\r\n".join(
    [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//fuzz//EN",
        "X-WR-TIMEZONE:Asia/Almaty",
        "BEGIN:VTIMEZONE",
        "TZID:Asia/Almaty",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        "TZOFFSETFROM:+0600",
        "TZOFFSETTO:+0600",
        "TZNAME:+06",
        "END:STANDARD",
        "END:VTIMEZONE",
        "BEGIN:VEVENT",
        "UID:forum@fuzz",
        "DTSTAMP:20250101T000000Z",
        "DTSTART;TZID=Asia/Almaty:20250529T100000",
        "DTEND;TZID=Asia/Almaty:20250529T180000",
        "RRULE:FREQ=YEARLY;COUNT=5",
        "EXDATE;TZID=Asia/Almaty:20260529T100000",
        "SUMMARY:Astana International Forum",
        "CATEGORIES:Business",
        "LOCATION:Astana\\, Kazakhstan",
        "ORGANIZER;CN=Ministry:mailto:forum@example.kz",
        "CLASS:PUBLIC",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:forum@fuzz",
        "RECURRENCE-ID;TZID=Asia/Almaty:20270529T100000",
        "DTSTART;TZID=Asia/Almaty:20270530T110000",
        "DTEND;TZID=Asia/Almaty:20270530T170000",
        "SUMMARY:Forum (moved)",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:festival@fuzz",
        "DTSTART;VALUE=DATE:20250901",
        "DTEND;VALUE=DATE:20250904",
        "RRULE:FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20251231",
        "RDATE;VALUE=DATE:20251225",
        "SUMMARY:Culture days",
        "CATEGORIES:Culture",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
)


def _accepted_calendars_stay_usable(result: ImportResult) -> None:
    events = list(result.events)
    again = parse_ical(to_ical(events), source="re-export")
    assert {e.uid for e in again.events} == {e.uid for e in events}
    first = min((e.start.year for e in events), default=2025)
    for year in sorted({min(first, 9998), 2025}):
        expand(events, date(year, 1, 1), date(min(year + 3, 9999), 1, 1))


@fuzz_settings(examples=60)
@given(body=mutated_bytes(SEED))
def test_mutated_calendar_imports_or_fails_with_data_error(body: bytes) -> None:
    result = documented(parse_ical, body, source="fuzz.ics", default_tzid="Asia/Almaty")
    if isinstance(result, ImportResult):
        _accepted_calendars_stay_usable(result)


RULE_PARTS = st.sampled_from(
    [
        "FREQ=SECONDLY",
        "FREQ=MINUTELY",
        "FREQ=HOURLY",
        "FREQ=DAILY",
        "FREQ=WEEKLY",
        "FREQ=MONTHLY",
        "FREQ=YEARLY",
        "INTERVAL=0",
        "INTERVAL=1000000",
        "COUNT=0",
        "COUNT=999999999",
        "UNTIL=20240101",
        "UNTIL=99991231T235959Z",
        "BYDAY=MO,TU,WE,TH,FR,SA,SU",
        "BYDAY=53MO",
        "BYMONTHDAY=31,-1",
        "BYMONTH=2",
        "BYMONTHDAY=30",
        "BYYEARDAY=366",
        "BYWEEKNO=53",
        "BYSETPOS=-1",
        "BYHOUR=" + ",".join(str(h) for h in range(24)),
        "BYMINUTE=" + ",".join(str(m) for m in range(60)),
        "BYSECOND=0,30",
        "WKST=XX",
    ]
)
STARTS = st.sampled_from(
    [
        "DTSTART:00010101T000000Z",
        "DTSTART:19000101T000000Z",
        "DTSTART;TZID=Asia/Almaty:20240301T000000",
        "DTSTART;VALUE=DATE:20250101",
        "DTSTART:99991231T235959Z",
        "DTSTART:20250229T100000",
    ]
)


@fuzz_settings(examples=60)
@given(start=STARTS, parts=st.lists(RULE_PARTS, min_size=1, max_size=4))
def test_hostile_recurrence_rules_are_refused_or_expand_quickly(
    start: str, parts: list[str]
) -> None:
    text = "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//fuzz//EN",
            "BEGIN:VEVENT",
            "UID:rule@fuzz",
            start,
            f"RRULE:{';'.join(parts)}",
            "SUMMARY:rule",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
    )
    result = documented(parse_ical, text, source="rules.ics")
    if isinstance(result, ImportResult):
        _accepted_calendars_stay_usable(result)


@fuzz_settings(examples=30)
@given(text=mutated("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n") | st.text(max_size=300))
def test_short_texts(text: str) -> None:
    documented(parse_ical, text)
