"""Time zones as the file meant them: the Almaty change of 2024-03-01 along every path a calendar
can name its zone (IANA TZID, VTIMEZONE only, Windows name, UTC + X-WR-TIMEZONE), aliases."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from eurasia.agenda.ical import ImportResult, parse_ical
from eurasia.agenda.recurrence import expand
from eurasia.agenda.zones import resolve_tzid


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


def _event(start: str, *extra: str) -> tuple[str, ...]:
    return (
        "BEGIN:VEVENT",
        "UID:weekly@test",
        "SUMMARY:Weekly",
        start,
        "RRULE:FREQ=WEEKLY;COUNT=12",
        *extra,
        "END:VEVENT",
    )


#: A VTIMEZONE that describes Kazakhstan as it is: UTC+6 until 2024-03-01 00:00, then UTC+5.
KAZAKHSTAN_2024 = (
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0600",
    "TZOFFSETTO:+0600",
    "END:STANDARD",
    "BEGIN:STANDARD",
    "DTSTART:20240301T000000",
    "TZOFFSETFROM:+0600",
    "TZOFFSETTO:+0500",
    "END:STANDARD",
)


def _vtimezone(tzid: str, *body: str) -> tuple[str, ...]:
    return ("BEGIN:VTIMEZONE", f"TZID:{tzid}", *body, "END:VTIMEZONE")


def _local_and_utc_hours(result: ImportResult) -> list[tuple[date, int, int]]:
    instances = expand(result.events, date(2024, 1, 1), date(2024, 6, 1))
    out = []
    for i in instances:
        assert isinstance(i.start, datetime)
        utc = i.start - i.start.utcoffset()  # type: ignore[operator]
        out.append((i.start.date(), i.start.hour, utc.hour))
    return out


def _assert_ten_local_across_the_change(result: ImportResult) -> None:
    (event,) = result.events
    assert event.tzid == "Asia/Almaty"
    rows = _local_and_utc_hours(result)
    assert len(rows) == 12
    assert {local for _d, local, _u in rows} == {10}
    assert [u for d, _l, u in rows if d < date(2024, 3, 1)] == [4] * 9
    assert [u for d, _l, u in rows if d >= date(2024, 3, 1)] == [5] * 3


def test_iana_tzid() -> None:
    result = parse_ical(_calendar(*_event("DTSTART;TZID=Asia/Almaty:20240104T100000")))
    _assert_ten_local_across_the_change(result)


def test_vtimezone_only_under_an_unknown_name_is_matched_to_almaty() -> None:
    text = _calendar(
        *_vtimezone("Kazakhstan Time", *KAZAKHSTAN_2024),
        *_event("DTSTART;TZID=Kazakhstan Time:20240104T100000"),
    )
    result = parse_ical(text)
    _assert_ten_local_across_the_change(result)
    assert any("defined by VTIMEZONE: read as Asia/Almaty" in n.message for n in result.notes)


def test_windows_name_with_the_files_vtimezone_wins_over_cldr() -> None:
    """CLDR maps "Central Asia Standard Time" to Asia/Bishkek (UTC+6); the file says +05."""
    assert resolve_tzid("Central Asia Standard Time") == "Asia/Bishkek"
    text = _calendar(
        *_vtimezone(
            "Central Asia Standard Time",
            "BEGIN:STANDARD",
            "DTSTART:16010101T000000",
            "TZOFFSETFROM:+0500",
            "TZOFFSETTO:+0500",
            "END:STANDARD",
        ),
        *_event("DTSTART;TZID=Central Asia Standard Time:20250105T100000"),
    )
    result = parse_ical(text)
    (event,) = result.events
    assert event.tzid == "Asia/Almaty"
    assert event.start == datetime(2025, 1, 5, 10)
    note = next(n.message for n in result.notes if "maps to Asia/Bishkek" in n.message)
    assert "read as Asia/Almaty" in note
    (first, *_rest) = expand(result.events, date(2025, 1, 1), date(2025, 2, 1))
    assert first.start.utcoffset() == timedelta(hours=5)  # type: ignore[union-attr]


def test_windows_name_whose_vtimezone_describes_the_2024_change() -> None:
    text = _calendar(
        *_vtimezone("Central Asia Standard Time", *KAZAKHSTAN_2024),
        *_event("DTSTART;TZID=Central Asia Standard Time:20240104T100000"),
    )
    _assert_ten_local_across_the_change(parse_ical(text))


def test_windows_name_without_vtimezone_uses_cldr_with_a_note() -> None:
    result = parse_ical(
        _calendar(*_event("DTSTART;TZID=Central Asia Standard Time:20250105T100000"))
    )
    assert result.events[0].tzid == "Asia/Bishkek"
    assert any("read as Asia/Bishkek" in n.message for n in result.notes)


def test_utc_times_with_x_wr_timezone_stay_at_ten_local() -> None:
    """Google writes UTC times plus X-WR-TIMEZONE; 04:00Z was 10:00 in Almaty in January 2024."""
    text = _calendar(
        *_event("DTSTART:20240104T040000Z", "DTEND:20240104T050000Z"),
        header=("X-WR-TIMEZONE:Asia/Almaty",),
    )
    result = parse_ical(text)
    _assert_ten_local_across_the_change(result)
    assert any(n.property == "X-WR-TIMEZONE" for n in result.notes)
    # clash days are local days: an instance at 00:30 Almaty is on that local day, not the UTC one
    late = _calendar(*_event("DTSTART:20240103T183000Z"), header=("X-WR-TIMEZONE:Asia/Nur-Sultan",))
    (instance, *_rest) = expand(parse_ical(late).events, date(2024, 1, 1), date(2024, 2, 1))
    assert instance.first_day == date(2024, 1, 4)


@pytest.mark.parametrize("alias", ["Asia/Astana", "Asia/Nur-Sultan", "Asia/Alma-Ata"])
def test_kazakh_aliases_are_read_as_almaty_with_a_note(alias: str) -> None:
    result = parse_ical(_calendar(*_event(f"DTSTART;TZID={alias}:20240104T100000")))
    _assert_ten_local_across_the_change(result)
    assert any(f"TZID '{alias}' read as Asia/Almaty" in n.message for n in result.notes)
