"""iCalendar import (interpretations, errors, all-or-nothing, URLs) and export (round trip)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from eurasia.agenda.ical import parse_ical, read_ical_file, to_ical
from eurasia.agenda.model import Event, Override, Venue
from eurasia.agenda.recurrence import expand
from eurasia.errors import DataError
from tests.agenda.conftest import corpus_files


def _calendar(*lines: str, header: tuple[str, ...] = ()) -> str:
    body = "\r\n".join(lines)
    head = "\r\n".join(header)
    head = head + "\r\n" if head else ""
    return (
        f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{head}BEGIN:VEVENT\r\n"
        f"{body}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def _notes(text: str, **options: Any) -> list[str]:
    return [f"{n.property}: {n.message}" for n in parse_ical(text, **options).notes]


def test_broken_folding_is_joined_to_the_previous_line() -> None:
    text = _calendar(
        "UID:fold@test",
        "SUMMARY:Forum of the regions of Kazakh",
        "stan and Russia",
        "DTSTART;VALUE=DATE:20250918",
    )
    result = parse_ical(text)
    assert result.events[0].title == "Forum of the regions of Kazakhstan and Russia"
    assert result.notes[0].line == 7
    assert result.notes[0].property == "folding"


def test_proper_folding_is_unfolded() -> None:
    text = _calendar("UID:f@test", "SUMMARY:Long", " er title", "DTSTART;VALUE=DATE:20250918")
    assert parse_ical(text).events[0].title == "Longer title"
    assert parse_ical(text).notes == ()


def test_missing_dtstart_names_uid_line_and_property() -> None:
    text = _calendar("UID:nostart@test", "SUMMARY:No start")
    with pytest.raises(DataError, match=r"line 4, VEVENT UID=nostart@test, property DTSTART"):
        parse_ical(text, source="bad.ics")


def test_one_bad_event_rejects_the_whole_file() -> None:
    good = "BEGIN:VEVENT\r\nUID:ok@test\r\nDTSTART;VALUE=DATE:20250101\r\nEND:VEVENT\r\n"
    text = _calendar("UID:bad@test", "SUMMARY:x").replace("BEGIN:VEVENT", good + "BEGIN:VEVENT", 1)
    with pytest.raises(DataError, match="UID=bad@test"):
        parse_ical(text)


def test_unknown_tzid_without_vtimezone_is_an_error() -> None:
    text = _calendar("UID:tz@test", "DTSTART;TZID=Mars/Olympus:20250301T100000")
    with pytest.raises(DataError, match=r"property DTSTART: unknown TZID 'Mars/Olympus'"):
        parse_ical(text)


def _custom_vtimezone(offset: str) -> tuple[str, ...]:
    return (
        "BEGIN:VTIMEZONE",
        f"TZID:Custom {offset}",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        f"TZOFFSETFROM:{offset}",
        f"TZOFFSETTO:{offset}",
        "END:STANDARD",
        "END:VTIMEZONE",
    )


def test_unknown_tzid_defined_by_vtimezone_is_matched_to_an_iana_zone() -> None:
    text = _calendar(
        "UID:ctz@test",
        "DTSTART;TZID=Custom +0500:20250301T100000",
        header=_custom_vtimezone("+0500"),
    )
    event = parse_ical(text).events[0]
    # of the zones at UTC+5 from 2025 on, the region's first: Kazakhstan's since 2024-03-01
    assert (event.tzid, event.start) == ("Asia/Almaty", datetime(2025, 3, 1, 10))
    assert "defined by VTIMEZONE: read as Asia/Almaty" in " ".join(_notes(text))


def test_unknown_tzid_whose_vtimezone_no_zone_matches_is_kept_in_utc() -> None:
    text = _calendar(
        "UID:ctz@test",
        "DTSTART;TZID=Custom +0517:20250301T100000",
        header=_custom_vtimezone("+0517"),
    )
    event = parse_ical(text).events[0]
    assert (event.tzid, event.start) == ("UTC", datetime(2025, 3, 1, 4, 43))
    assert "no IANA zone has the offsets" in " ".join(_notes(text))


def test_windows_zone_name_is_mapped_to_iana() -> None:
    text = _calendar("UID:w@test", "DTSTART;TZID=Central Asia Standard Time:20250301T100000")
    event = parse_ical(text).events[0]
    assert (event.tzid, event.start) == ("Asia/Bishkek", datetime(2025, 3, 1, 10))


def test_vendor_prefixed_tzid_is_resolved() -> None:
    text = _calendar(
        "UID:m@test", "DTSTART;TZID=/mozilla.org/20050126_1/Asia/Almaty:20250301T100000"
    )
    event = parse_ical(text).events[0]
    assert (event.tzid, event.start) == ("Asia/Almaty", datetime(2025, 3, 1, 10))


def test_until_before_dtstart_drops_the_rule() -> None:
    text = _calendar(
        "UID:u@test",
        "DTSTART;TZID=Asia/Almaty:20250301T100000",
        "RRULE:FREQ=YEARLY;UNTIL=20200101T000000Z",
    )
    event = parse_ical(text).events[0]
    assert event.rrules == ()
    assert len(expand([event], date(2020, 1, 1), date(2030, 1, 1))) == 1
    assert "RRULE: UNTIL before DTSTART: rule dropped, single event" in _notes(text)


def test_naive_until_and_exdate_are_read_in_the_zone_of_dtstart() -> None:
    text = _calendar(
        "UID:n@test",
        "DTSTART;TZID=Asia/Almaty:20250303T100000",
        "DTEND:20250303T050000Z",
        "RRULE:FREQ=DAILY;UNTIL=20250306T100000",
        "EXDATE:20250304T100000",
        "EXDATE;VALUE=DATE:20250305",
    )
    event = parse_ical(text).events[0]
    assert event.rrules == ("FREQ=DAILY;UNTIL=20250306T050000Z",)
    assert event.end == datetime(2025, 3, 3, 10)  # 05:00Z is 10:00 in Almaty (UTC+5)
    days = [i.start.day for i in expand([event], date(2025, 3, 1), date(2025, 4, 1))]
    assert days == [3, 6]


def test_floating_times_use_x_wr_timezone_then_default() -> None:
    text = _calendar("UID:fl@test", "DTSTART:20250301T100000")
    assert parse_ical(text, default_tzid="Asia/Almaty").events[0].tzid == "Asia/Almaty"
    with_wr = _calendar(
        "UID:fl@test", "DTSTART:20250301T100000", header=("X-WR-TIMEZONE:Asia/Tashkent",)
    )
    assert parse_ical(with_wr).events[0].tzid == "Asia/Tashkent"


def test_end_before_start_gives_zero_length() -> None:
    text = _calendar(
        "UID:e@test", "DTSTART;VALUE=DATE:20250301", "DTEND;VALUE=DATE:20250227", "SUMMARY:x"
    )
    event = parse_ical(text).events[0]
    assert (event.start, event.end) == (date(2025, 3, 1), date(2025, 3, 2))


def test_bad_rrule_names_the_property() -> None:
    text = _calendar("UID:r@test", "DTSTART:20250301T100000Z", "RRULE:FREQ=SOMETIMES")
    with pytest.raises(DataError, match="property RRULE"):
        parse_ical(text)


def test_not_a_calendar_and_not_utf8() -> None:
    with pytest.raises(DataError, match="line 1: expected 'BEGIN:VCALENDAR'"):
        parse_ical("hello")
    with pytest.raises(DataError, match="not UTF-8"):
        parse_ical(b"BEGIN:VCALENDAR\r\nX:\xff\xfe\r\nEND:VCALENDAR\r\n")


def test_orphan_override_and_duplicates() -> None:
    text = _calendar(
        "UID:o@test",
        "RECURRENCE-ID:20250301T100000Z",
        "DTSTART:20250302T100000Z",
        "SUMMARY:moved",
    )
    event = parse_ical(text).events[0]
    assert event.uid == "o@test/20250301T100000Z"
    assert event.title == "moved"


def test_categories_organizer_class_and_unknown_properties() -> None:
    text = _calendar(
        "UID:k@test",
        "DTSTART;VALUE=DATE:20250918",
        "CATEGORIES:Meeting,Business",
        "ORGANIZER;CN=Ministry of Trade:mailto:trade@example.kz",
        "CLASS:CONFIDENTIAL",
        "X-COLOUR;X-SHADE=dark:green",
        "ATTENDEE;CN=Ann:mailto:ann@example.kz",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "TRIGGER:-PT15M",
        "DESCRIPTION:soon",
        "END:VALARM",
    )
    event = parse_ical(text).events[0]
    assert (event.kind, event.organisers, event.visibility) == (
        "business",
        ("ministry-of-trade",),
        "private",
    )
    for kept in ("X-COLOUR;X-SHADE=dark:green", "ATTENDEE", "BEGIN:VALARM", "CATEGORIES"):
        assert kept in event.extra
    exported = to_ical([event]).decode()
    assert "X-COLOUR;X-SHADE=dark:green" in exported
    assert "TRIGGER:-PT15M" in exported
    assert 'ORGANIZER;CN="Ministry of Trade":mailto:trade@example.kz' in exported


def test_round_trip_keeps_every_field(make_event: Callable[..., Event]) -> None:
    event = make_event(
        uid="rt@test",
        title="Forum, with; punctuation",
        kind="business",
        start=datetime(2025, 9, 18, 10),
        end=datetime(2025, 9, 18, 18),
        venue=Venue(city="Astana", country="KZ", name="Palace\nof Peace", lat=51.12, lon=71.47),
        organisers=("ktz", "rosatom"),
        partner_countries=("KZ", "RU"),
        audience=("business",),
        rrules=("FREQ=YEARLY;UNTIL=20300101T000000Z",),
        rdates=(datetime(2025, 12, 1, 10),),
        exdates=(datetime(2026, 9, 18, 10),),
        overrides=(Override(datetime(2027, 9, 18, 10), title="Jubilee forum", status="tentative"),),
        visibility="private",
        description="line one\nline two",
        url="https://example.kz/forum",
        source="valdai-kz-greater-eurasia",
        illustrative="dates assumed",
    )
    exported = to_ical([event], name="rt")
    assert b"BEGIN:VTIMEZONE" in exported
    assert b"TZID:Asia/Almaty" in exported
    again = parse_ical(exported).events
    assert again == (event,)
    assert to_ical(again, stamp=datetime(2025, 1, 1)) == to_ical(
        [event], stamp=datetime(2025, 1, 1)
    )


def test_vtimezone_carries_the_2024_almaty_change(make_event: Callable[..., Event]) -> None:
    event = make_event(start=datetime(2025, 3, 15, 10), end=datetime(2025, 3, 15, 11))
    text = to_ical([event]).decode()
    block = text[text.index("BEGIN:VTIMEZONE") : text.index("END:VTIMEZONE")]
    assert (
        "DTSTART:20240301T000000\r\nTZNAME:+05\r\nTZOFFSETFROM:+0600\r\nTZOFFSETTO:+0500" in block
    )
    assert "TZOFFSETTO:+0500" in block


def test_read_file(tmp_path: Path) -> None:
    path = tmp_path / "x.ics"
    path.write_text(_calendar("UID:file@test", "DTSTART;VALUE=DATE:20250101"), encoding="utf-8")
    assert read_ical_file(path).events[0].uid == "file@test"
    with pytest.raises(DataError, match="cannot read"):
        read_ical_file(tmp_path / "missing.ics")


CORPUS = corpus_files()


@pytest.mark.skipif(not CORPUS, reason="calendar corpora of icalendar/recurring-ical-events absent")
def test_real_world_corpus_imports_or_fails_cleanly() -> None:
    """Every calendar the icalendar and recurring-ical-events projects collected from bug reports
    either imports (and then round-trips and expands) or fails with a DataError."""
    imported = failed = 0
    for path in CORPUS:
        try:
            result = parse_ical(path.read_bytes(), source=path.name)
        except DataError as exc:
            message = str(exc)
            failed += 1
            assert path.name in message
            continue
        again = parse_ical(to_ical(result.events), source=f"{path.name} (exported)")
        assert len(again.events) == len(result.events), path.name
        if result.events:
            first = min(e.start.year for e in result.events)
            expand(result.events, date(first, 1, 1), date(first + 2, 1, 1))
        imported += 1
    assert imported > 100
    assert failed > 0
