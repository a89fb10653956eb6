"""Expansion: the RFC 5545 section 3.8.5.3 examples, the Almaty offset change, overrides."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest

from eurasia.agenda.model import Event, Override
from eurasia.agenda.recurrence import expand
from eurasia.errors import DataError

NY = "America/New_York"


def _days(*groups: tuple[int, int, tuple[int, ...]]) -> list[date]:
    return [date(y, m, d) for y, m, days in groups for d in days]


# (RRULE, DTSTART as naive local New York time, window end, expected dates at 09:00 local),
# transcribed from the examples of RFC 5545 section 3.8.5.3.
RFC_5545_EXAMPLES = [
    (
        "FREQ=DAILY;COUNT=10",
        datetime(1997, 9, 2, 9),
        date(1998, 1, 1),
        _days((1997, 9, tuple(range(2, 12)))),
    ),
    (
        "FREQ=DAILY;UNTIL=19971224T000000Z",
        datetime(1997, 9, 2, 9),
        date(1998, 1, 1),
        _days(
            (1997, 9, tuple(range(2, 31))),
            (1997, 10, tuple(range(1, 32))),
            (1997, 11, tuple(range(1, 31))),
            (1997, 12, tuple(range(1, 24))),
        ),
    ),
    (
        "FREQ=DAILY;INTERVAL=10;COUNT=5",
        datetime(1997, 9, 2, 9),
        date(1998, 1, 1),
        _days((1997, 9, (2, 12, 22)), (1997, 10, (2, 12))),
    ),
    (
        "FREQ=WEEKLY;COUNT=10",
        datetime(1997, 9, 2, 9),
        date(1998, 1, 1),
        _days((1997, 9, (2, 9, 16, 23, 30)), (1997, 10, (7, 14, 21, 28)), (1997, 11, (4,))),
    ),
    (
        "FREQ=WEEKLY;UNTIL=19971007T000000Z;WKST=SU;BYDAY=TU,TH",
        datetime(1997, 9, 2, 9),
        date(1998, 1, 1),
        _days((1997, 9, (2, 4, 9, 11, 16, 18, 23, 25, 30)), (1997, 10, (2,))),
    ),
    (
        "FREQ=MONTHLY;COUNT=10;BYDAY=1FR",
        datetime(1997, 9, 5, 9),
        date(1999, 1, 1),
        _days(
            (1997, 9, (5,)),
            (1997, 10, (3,)),
            (1997, 11, (7,)),
            (1997, 12, (5,)),
            (1998, 1, (2,)),
            (1998, 2, (6,)),
            (1998, 3, (6,)),
            (1998, 4, (3,)),
            (1998, 5, (1,)),
            (1998, 6, (5,)),
        ),
    ),
    (
        "FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU",
        datetime(1997, 9, 7, 9),
        date(1999, 1, 1),
        _days(
            (1997, 9, (7, 28)),
            (1997, 11, (2, 30)),
            (1998, 1, (4, 25)),
            (1998, 3, (1, 29)),
            (1998, 5, (3, 31)),
        ),
    ),
    (
        "FREQ=MONTHLY;COUNT=6;BYDAY=-2MO",
        datetime(1997, 9, 22, 9),
        date(1999, 1, 1),
        _days(
            (1997, 9, (22,)),
            (1997, 10, (20,)),
            (1997, 11, (17,)),
            (1997, 12, (22,)),
            (1998, 1, (19,)),
            (1998, 2, (16,)),
        ),
    ),
    (
        "FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15",
        datetime(1997, 9, 2, 9),
        date(1999, 1, 1),
        _days(
            (1997, 9, (2, 15)),
            (1997, 10, (2, 15)),
            (1997, 11, (2, 15)),
            (1997, 12, (2, 15)),
            (1998, 1, (2, 15)),
        ),
    ),
    (
        "FREQ=YEARLY;COUNT=10;BYMONTH=6,7",
        datetime(1997, 6, 10, 9),
        date(2003, 1, 1),
        [date(y, m, 10) for y in range(1997, 2002) for m in (6, 7)],
    ),
    (
        "FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3",
        datetime(1997, 3, 10, 9),
        date(2004, 1, 1),
        [date(1997, 3, 10)] + [date(y, m, 10) for y in (1999, 2001, 2003) for m in (1, 2, 3)],
    ),
    (
        "FREQ=YEARLY;BYDAY=20MO",
        datetime(1997, 5, 19, 9),
        date(2000, 1, 1),
        [date(1997, 5, 19), date(1998, 5, 18), date(1999, 5, 17)],
    ),
    (
        "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO",
        datetime(1997, 5, 12, 9),
        date(2000, 1, 1),
        [date(1997, 5, 12), date(1998, 5, 11), date(1999, 5, 17)],
    ),
    (
        "FREQ=YEARLY;BYMONTH=3;BYDAY=TH",
        datetime(1997, 3, 13, 9),
        date(2000, 1, 1),
        _days((1997, 3, (13, 20, 27)), (1998, 3, (5, 12, 19, 26)), (1999, 3, (4, 11, 18, 25))),
    ),
    (
        "FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13",
        datetime(1997, 9, 13, 9),
        date(1998, 7, 1),
        _days(
            (1997, 9, (13,)),
            (1997, 10, (11,)),
            (1997, 11, (8,)),
            (1997, 12, (13,)),
            (1998, 1, (10,)),
            (1998, 2, (7,)),
            (1998, 3, (7,)),
            (1998, 4, (11,)),
            (1998, 5, (9,)),
            (1998, 6, (13,)),
        ),
    ),
    (
        "FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8",
        datetime(1996, 11, 5, 9),
        date(2005, 1, 1),
        [date(1996, 11, 5), date(2000, 11, 7), date(2004, 11, 2)],
    ),
    (
        "FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3",
        datetime(1997, 9, 4, 9),
        date(1998, 1, 1),
        [date(1997, 9, 4), date(1997, 10, 7), date(1997, 11, 6)],
    ),
    (
        "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO",
        datetime(1997, 8, 5, 9),
        date(1998, 1, 1),
        _days((1997, 8, (5, 10, 19, 24))),
    ),
    (
        "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU",
        datetime(1997, 8, 5, 9),
        date(1998, 1, 1),
        _days((1997, 8, (5, 17, 19, 31))),
    ),
]


@pytest.mark.parametrize(("rule", "start", "until", "expected"), RFC_5545_EXAMPLES)
def test_rfc_5545_examples(
    make_event: Callable[..., Event], rule: str, start: datetime, until: date, expected: list[date]
) -> None:
    event = make_event(start=start, end=start + timedelta(hours=1), tzid=NY, rrules=(rule,))
    instances = expand([event], date(1996, 1, 1), until)
    assert [i.start.date() for i in instances] == expected
    # 09:00 local on both sides of the 1997 daylight saving change, as the RFC lists
    assert {(i.start.hour, i.start.minute) for i in instances} == {(9, 0)}
    assert {str(i.start.tzinfo) for i in instances} == {NY}


def test_friday_13th_with_exdate_of_dtstart(make_event: Callable[..., Event]) -> None:
    """RFC 5545: "Every Friday the 13th, forever", DTSTART excluded by EXDATE."""
    start = datetime(1997, 9, 2, 9)
    event = make_event(
        start=start,
        end=start + timedelta(hours=1),
        tzid=NY,
        rrules=("FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13",),
        exdates=(start,),
    )
    days = [i.start.date() for i in expand([event], date(1997, 1, 1), date(2000, 12, 31))]
    assert days == [
        date(1998, 2, 13),
        date(1998, 3, 13),
        date(1998, 11, 13),
        date(1999, 8, 13),
        date(2000, 10, 13),
    ]


def test_every_other_week_dtstart_counts_as_first_instance(
    make_event: Callable[..., Event],
) -> None:
    """RFC 5545 lists DTSTART (a Tuesday) although BYDAY=MO,WE,FR: it is always an instance."""
    start = datetime(1997, 9, 2, 9)
    event = make_event(
        start=start,
        end=start + timedelta(hours=1),
        tzid=NY,
        rrules=("FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR",),
    )
    days = [i.start.date() for i in expand([event], date(1997, 1, 1), date(1998, 1, 1))]
    assert days == _days(
        (1997, 9, (2, 3, 5, 15, 17, 19, 29)),
        (1997, 10, (1, 3, 13, 15, 17, 27, 29, 31)),
        (1997, 11, (10, 12, 14, 24, 26, 28)),
        (1997, 12, (8, 10, 12, 22)),
    )


def test_almaty_event_stays_at_ten_local_across_the_2024_change(
    make_event: Callable[..., Event],
) -> None:
    event = make_event(
        start=datetime(2022, 3, 15, 10),
        end=datetime(2022, 3, 15, 12),
        rrules=("FREQ=YEARLY",),
    )
    instances = expand([event], date(2022, 1, 1), date(2027, 1, 1))
    assert [(i.start.year, i.start.hour, i.start.minute) for i in instances] == [
        (y, 10, 0) for y in range(2022, 2027)
    ]
    offsets = [i.start.utcoffset() for i in instances]
    assert offsets == [timedelta(hours=6)] * 2 + [timedelta(hours=5)] * 3
    # in UTC the event moved from 04:00 to 05:00
    assert instances[1].start.timestamp() % 86400 == 4 * 3600
    assert instances[2].start.timestamp() % 86400 == 5 * 3600


def test_all_day_series_with_exdate_and_rdate(make_event: Callable[..., Event]) -> None:
    event = make_event(
        start=date(2025, 1, 6),
        end=date(2025, 1, 8),
        rrules=("FREQ=WEEKLY;COUNT=4",),
        exdates=(date(2025, 1, 13),),
        rdates=(date(2025, 2, 14),),
    )
    instances = expand([event], date(2025, 1, 1), date(2025, 3, 1))
    assert [(i.start, i.end, i.last_day) for i in instances] == [
        (date(2025, 1, 6), date(2025, 1, 8), date(2025, 1, 7)),
        (date(2025, 1, 20), date(2025, 1, 22), date(2025, 1, 21)),
        (date(2025, 1, 27), date(2025, 1, 29), date(2025, 1, 28)),
        (date(2025, 2, 14), date(2025, 2, 16), date(2025, 2, 15)),
    ]
    assert all(i.all_day for i in instances)


def test_overrides_move_rename_and_cancel(make_event: Callable[..., Event]) -> None:
    start = datetime(2025, 3, 3, 15)
    event = make_event(
        start=start,
        end=start + timedelta(hours=2),
        rrules=("FREQ=WEEKLY;COUNT=3",),
        overrides=(
            Override(
                recurrence_id=datetime(2025, 3, 10, 15),
                start=datetime(2025, 3, 11, 9),
                end=datetime(2025, 3, 11, 10),
                title="Moved",
            ),
            Override(recurrence_id=datetime(2025, 3, 17, 15), status="cancelled"),
        ),
    )
    instances = expand([event], date(2025, 3, 1), date(2025, 4, 1))
    assert [(i.title, i.start.day, i.start.hour) for i in instances] == [
        ("e@test", 3, 15),
        ("Moved", 11, 9),
    ]
    assert instances[1].recurrence_id == datetime(2025, 3, 10, 15)
    with_cancelled = expand([event], date(2025, 3, 1), date(2025, 4, 1), include_cancelled=True)
    assert [i.status for i in with_cancelled][-1] == "cancelled"


def test_window_must_be_positive(make_event: Callable[..., Event]) -> None:
    with pytest.raises(DataError, match="must be after"):
        expand([make_event()], date(2025, 2, 1), date(2025, 1, 1))
