"""Imports: all-or-nothing by default, an explicit partial mode, iTIP methods, empty RRULEs and a
folding repair that never changes a line a strict parser accepts."""

from __future__ import annotations

from datetime import date
from typing import Any

import icalendar
import pytest

from eurasia.agenda.ical import parse_ical
from eurasia.errors import DataError


def _calendar(*lines: str, header: tuple[str, ...] = ()) -> str:
    return "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//test//EN",
            *header,
            *lines,
            "END:VCALENDAR",
            "",
        ]
    )


def _vevent(uid: str, *lines: str) -> tuple[str, ...]:
    return ("BEGIN:VEVENT", f"UID:{uid}", *lines, "END:VEVENT")


MIXED = _calendar(
    *_vevent("good-1@test", "SUMMARY:One", "DTSTART;VALUE=DATE:20250301"),
    *_vevent("no-start@test", "SUMMARY:No start"),
    *_vevent("bad-tz@test", "DTSTART;TZID=Mars/Olympus:20250301T100000"),
    *_vevent("good-2@test", "SUMMARY:Two", "DTSTART;VALUE=DATE:20250302"),
    *_vevent("bad-rule@test", "DTSTART;VALUE=DATE:20250303", "RRULE:FREQ=DAILY;BYMINUTE=5"),
)


def test_default_refuses_the_whole_calendar_naming_the_first_bad_event() -> None:
    with pytest.raises(DataError, match=r"line 9, VEVENT UID=no-start@test, property DTSTART"):
        parse_ical(MIXED)


def test_partial_mode_imports_the_valid_events_and_reports_every_rejected_one() -> None:
    result = parse_ical(MIXED, partial=True)
    assert [e.uid for e in result.events] == ["good-1@test", "good-2@test"]
    assert [(r.line, r.component) for r in result.rejected] == [
        (9, "VEVENT UID=no-start@test"),
        (13, "VEVENT UID=bad-tz@test"),
        (22, "VEVENT UID=bad-rule@test"),
    ]
    reasons = [r.reason for r in result.rejected]
    assert reasons[0].startswith("property DTSTART: missing")
    assert "unknown TZID 'Mars/Olympus'" in reasons[1]
    assert "BYMINUTE must not be used with a date-only DTSTART" in reasons[2]


def test_partial_mode_leaves_out_overrides_of_a_rejected_series() -> None:
    text = _calendar(
        *_vevent("s@test", "DTSTART;TZID=Mars/Olympus:20250301T100000", "RRULE:FREQ=WEEKLY"),
        *_vevent("s@test", "RECURRENCE-ID;VALUE=DATE:20250308", "DTSTART;VALUE=DATE:20250309"),
    )
    result = parse_ical(text, partial=True)
    assert result.events == ()
    assert [r.reason for r in result.rejected][1] == "override of a series that was left out"


def test_a_file_that_is_not_a_calendar_is_refused_in_partial_mode_too() -> None:
    with pytest.raises(DataError, match="not an iCalendar file"):
        parse_ical("hello", partial=True)


FIRST = date(2025, 1, 1).toordinal()


def test_empty_rrule_is_ignored_in_a_holidays_feed() -> None:
    """A national-holidays feed: 34 all-day events, each with an empty ``RRULE:`` line."""
    events = [
        line
        for day in range(1, 35)
        for line in _vevent(
            f"h{day}@test",
            f"SUMMARY:Holiday {day}",
            f"DTSTART;VALUE=DATE:{date.fromordinal(FIRST + day):%Y%m%d}",
            "RRULE:",
        )
    ]
    result = parse_ical(_calendar(*events))
    assert len(result.events) == 34
    assert all(e.rrules == () for e in result.events)
    assert sum(n.message == "empty value ignored" for n in result.notes) == 34


def test_itip_cancel_without_dtstart_is_a_cancellation() -> None:
    text = _calendar(
        *_vevent("meet@test", "SEQUENCE:2", "DTSTAMP:20250301T100000Z"),
        *_vevent(
            "series@test",
            "RECURRENCE-ID;TZID=Asia/Almaty:20250310T100000",
            "DTSTAMP:20250301T100000Z",
        ),
        header=("METHOD:CANCEL",),
    )
    result = parse_ical(text)
    assert result.events == ()
    assert result.cancelled == ("meet@test", "series@test/20250310T100000")


def test_itip_cancel_with_dtstart_is_read_as_a_cancelled_event() -> None:
    text = _calendar(
        *_vevent("meet@test", "DTSTART;VALUE=DATE:20250301", "STATUS:CONFIRMED"),
        header=("METHOD:CANCEL",),
    )
    (event,) = parse_ical(text).events
    assert event.status == "cancelled"


def test_itip_reply_is_left_out_with_a_note() -> None:
    text = _calendar(
        *_vevent("meet@test", "ATTENDEE;PARTSTAT=ACCEPTED:mailto:a@example.org"),
        header=("METHOD:REPLY",),
    )
    result = parse_ical(text)
    assert result.events == ()
    assert any(n.property == "METHOD" and "reply" in n.message for n in result.notes)


def test_folding_repair_never_changes_a_line_a_strict_parser_accepts() -> None:
    text = _calendar(
        *_vevent(
            "junk@test",
            "SUMMARY:Forum",
            "DTSTART;VALUE=DATE:20250918",
            "garbage",
            "DTEND;VALUE=DATE:20250919",
        )
    )
    result = parse_ical(text)
    (event,) = result.events
    assert (event.start, event.end, event.title) == (date(2025, 9, 18), date(2025, 9, 19), "Forum")
    assert any("left out" in n.message for n in result.notes if n.property == "folding")
    # what the library alone reads from the same text
    bare = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    start: Any = bare["DTSTART"]
    assert start.dt == event.start


def test_broken_text_folding_is_still_joined() -> None:
    text = _calendar(
        *_vevent(
            "fold@test", "DESCRIPTION:first half", "second half", "DTSTART;VALUE=DATE:20250918"
        )
    )
    (event,) = parse_ical(text).events
    assert event.description == "first halfsecond half"
