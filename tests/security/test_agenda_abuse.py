"""Agenda abuse (issue 18, findings 1 and 2), below the HTTP layer: a line break in an event's
URL is refused on input, an already-stored one never breaks expansion or feeds, RRULEs per event
are capped, and expansion has a work budget per event and per call."""

from __future__ import annotations

import time
from datetime import date, datetime

import pytest
from sqlalchemy import Engine, update

from eurasia.agenda.ical import to_ical
from eurasia.agenda.model import Event, Venue
from eurasia.agenda.recurrence import expand
from eurasia.agenda.sync import MAX_CLASHES, find_clashes, suggest_pairs, year_view
from eurasia.errors import BudgetExceededError, DataError
from eurasia.settings import get_settings
from eurasia.store import agenda as repo
from eurasia.store.db import session_scope

INJECTED = "https://example.org/a\r\nATTENDEE:mailto:everyone@example.org"
#: Ten dense rules (the most an event may have), 240 instances a day: 263 520 in three years.
DENSE = tuple(f"FREQ=DAILY;BYHOUR={','.join(map(str, range(24)))};BYMINUTE={m}" for m in range(10))


def _event(uid: str = "e@test", **fields: object) -> Event:
    values: dict[str, object] = {
        "title": "Forum",
        "kind": "business",
        "start": datetime(2025, 1, 1, 10),
        "end": datetime(2025, 1, 1, 11),
        "tzid": "Asia/Almaty",
        "venue": Venue(city="Astana", country="KZ"),
    }
    values.update(fields)
    return Event(uid=uid, **values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "url", [INJECTED, "https://example.org/\n", "https://example.org/\x00", "https://a b.org"]
)
def test_a_url_with_a_line_break_or_control_character_is_refused(url: str) -> None:
    with pytest.raises(DataError, match="field 'url'"):
        _event(url=url)


def test_rrules_per_event_are_capped() -> None:
    limit = get_settings().max_rrules_per_event
    _event(rrules=tuple(f"FREQ=YEARLY;BYMONTH={m}" for m in range(1, limit + 1)))
    rules = tuple(f"FREQ=DAILY;BYHOUR={h}" for h in range(limit + 1))
    with pytest.raises(DataError, match=f"at most {limit}"):
        _event(rrules=rules)


def test_a_stored_bad_event_never_breaks_expansion_or_feeds(engine: Engine) -> None:
    # rows written before the rules: 40 rules (the penetration test) and an injected URL
    forty = [f"FREQ=DAILY;BYHOUR={h % 24};BYMINUTE={h}" for h in range(40)]
    with session_scope(engine) as session:
        repo.save_events(session, [_event("bad@test"), _event("good@test")], origin="test")
        session.execute(
            update(repo.AgendaEvent)
            .where(repo.AgendaEvent.uid == "bad@test")
            .values(url=INJECTED, rrules=forty)
        )
    with session_scope(engine) as session:
        events = repo.list_events(session)
        bad = repo.get_event(session, "bad@test")
    assert bad.url is not None
    assert "\r" not in bad.url
    assert "\n" not in bad.url
    assert len(bad.rrules) == get_settings().max_rrules_per_event
    feed = to_ical(events)
    assert b"ATTENDEE" not in feed.replace(b"%0D%0AATTENDEE", b"")
    started = time.perf_counter()
    instances = expand(events, date(2024, 1, 1), date(2027, 1, 1))
    assert time.perf_counter() - started < 10
    assert {i.uid for i in instances} == {"bad@test", "good@test"}
    assert year_view(events, 2025)


def test_one_dense_event_costs_its_share_not_the_window() -> None:
    # before: 40 rules over three years took 245 s and 412 MB for an anonymous reader
    dense = _event("dense@test", rrules=DENSE)
    light = _event(
        "light@test",
        rrules=("FREQ=WEEKLY",),
        start=datetime(2026, 6, 1, 9),
        end=datetime(2026, 6, 1, 10),
    )
    started = time.perf_counter()
    instances = expand([dense, light], date(2024, 1, 1), date(2027, 1, 1), max_per_event=2000)
    elapsed = time.perf_counter() - started
    per_uid = {
        uid: sum(1 for i in instances if i.uid == uid) for uid in ("dense@test", "light@test")
    }
    assert per_uid == {"dense@test": 2000, "light@test": 31}
    assert instances[0].start.replace(tzinfo=None) == datetime(2025, 1, 1, 10)  # the earliest kept
    assert elapsed < 5, elapsed


def test_the_total_per_call_is_a_budget_error_not_a_long_wait() -> None:
    events = [_event(f"d{i}@test", rrules=("FREQ=DAILY;BYHOUR=9,12,15",)) for i in range(40)]
    started = time.perf_counter()
    with pytest.raises(BudgetExceededError, match="more than 5000 instances"):
        expand(events, date(2024, 1, 1), date(2027, 1, 1), max_total=5000)
    assert time.perf_counter() - started < 5
    assert len(expand(events, date(2025, 1, 1), date(2025, 1, 15), max_total=5000)) == 40 * 14 * 3


def test_expansion_agrees_with_the_unbounded_one_below_the_budget() -> None:
    events = [
        _event("y@test", rrules=("FREQ=YEARLY",)),
        _event(
            "w@test",
            rrules=("FREQ=WEEKLY;BYDAY=MO,WE",),
            start=datetime(2025, 3, 3, 9),
            end=datetime(2025, 3, 3, 10),
        ),
        _event(
            "d@test",
            rrules=("FREQ=DAILY;COUNT=30",),
            start=datetime(2026, 2, 1, 8),
            end=datetime(2026, 2, 1, 9),
        ),
        _event("one@test", start=date(2025, 7, 1), end=date(2025, 7, 3)),
    ]
    chunked = expand(events, date(2024, 6, 1), date(2027, 1, 1))
    whole = expand(events, date(2024, 6, 1), date(2027, 1, 1), max_per_event=10**9)
    assert [(i.uid, i.start) for i in chunked] == [(i.uid, i.start) for i in whole]
    assert len({i.uid for i in chunked}) == 4


def test_pairwise_views_stay_bounded_for_dense_series_in_one_city() -> None:
    # dense series two weeks long: 3 360 instances each, 11 million pairs if compared naively
    def dense(uid: str, kind: str, city: str) -> Event:
        return _event(uid, kind=kind, venue=Venue(city=city, country="KZ"), rrules=DENSE)

    events = [dense("b@test", "business", "Astana"), dense("c@test", "culture", "Astana")]
    events += [dense("o@test", "sport", "Almaty"), dense("p@test", "science", "Aktau")]
    instances = expand(events, date(2025, 1, 1), date(2025, 1, 15), max_per_event=10**6)
    assert len(instances) > 10_000
    started = time.perf_counter()
    clashes = find_clashes(instances)
    pairs = suggest_pairs(instances, limit=10)
    assert time.perf_counter() - started < 10
    assert len(clashes) <= MAX_CLASHES
    assert len(pairs) == 10
