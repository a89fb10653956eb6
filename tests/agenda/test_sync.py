"""Clashes, co-scheduling suggestions and the annual calendar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eurasia.agenda.model import Event, Instance, Venue
from eurasia.agenda.recurrence import expand
from eurasia.agenda.seed import load_seed
from eurasia.agenda.sync import ClashRules, find_clashes, suggest_pairs, year_view
from eurasia.errors import DataError

WINDOW = (date(2025, 1, 1), date(2026, 1, 1))


def test_same_city_overlap_clashes_and_rules_switch_it_off(
    make_event: Callable[..., Event],
) -> None:
    a = make_event("a", start=date(2025, 6, 2), end=date(2025, 6, 5))
    b = make_event("b", start=date(2025, 6, 4), end=date(2025, 6, 6), kind="business")
    c = make_event("c", start=date(2025, 6, 4), end=date(2025, 6, 6), venue=Venue(city="Almaty"))
    instances = expand([a, b, c], *WINDOW)
    clashes = find_clashes(instances)
    assert [(x.first.uid, x.second.uid) for x in clashes] == [("a", "b")]
    assert clashes[0].reasons == ("same city Astana on overlapping days 2025-06-04–2025-06-04",)
    assert find_clashes(instances, rules=ClashRules(same_city=False)) == []


def test_organiser_audience_and_buffer(make_event: Callable[..., Event]) -> None:
    a = make_event("a", organisers=("rosatom",), audience=("students",))
    b = make_event(
        "b",
        start=date(2025, 6, 5),
        end=date(2025, 6, 6),
        venue=Venue(city="Almaty"),
        organisers=("rosatom",),
        audience=("students",),
    )
    instances = expand([a, b], *WINDOW)
    assert find_clashes(instances) == []
    clashes = find_clashes(instances, rules=ClashRules(buffer_days=3))
    assert clashes[0].reasons == (
        "same organiser rosatom 3 day(s) apart",
        "same audience students 3 day(s) apart",
    )
    with pytest.raises(DataError, match="buffer_days"):
        ClashRules(buffer_days=-1)


def test_instances_of_one_series_never_clash(make_event: Callable[..., Event]) -> None:
    weekly = make_event(start=date(2025, 1, 6), end=date(2025, 1, 13), rrules=("FREQ=WEEKLY",))
    assert find_clashes(expand([weekly], *WINDOW)) == []


def test_suggestions_are_scored_and_explained(make_event: Callable[..., Event]) -> None:
    forum = make_event(
        "forum",
        kind="business",
        start=datetime(2025, 9, 18, 10),
        end=datetime(2025, 9, 18, 18),
        partner_countries=("KZ", "RU"),
        audience=("business",),
    )
    near = make_event(
        "season", start=date(2025, 9, 12), end=date(2025, 9, 22), partner_countries=("KZ", "RU")
    )
    far = make_event("late", start=date(2025, 9, 24), end=date(2025, 9, 25), kind="education")
    sport = make_event("match", start=date(2025, 9, 18), end=date(2025, 9, 19), kind="sport")
    other_city = make_event(
        "elsewhere", venue=Venue(city="Almaty"), start=date(2025, 9, 18), end=date(2025, 9, 19)
    )
    instances = expand([forum, near, far, sport, other_city], *WINDOW)
    # by default the same city on overlapping days is a clash, so "season" is no suggestion
    pairs = suggest_pairs(instances, within_days=7)
    assert [(p.partner.uid, p.days_apart) for p in pairs] == [("late", 6)]
    assert pairs[0].reasons[-1] == "no clash: 6 day(s) apart, more than the clash buffer of 0"
    rules = ClashRules(same_city=False)
    pairs = suggest_pairs(instances, within_days=7, clash_rules=rules)
    assert [(p.partner.uid, p.days_apart, p.score) for p in pairs] == [
        ("season", 0, 0.8),  # 0.6 proximity + 0.2 identical partner countries
        ("late", 6, round(0.6 * (1 - 6 / 8), 3)),
    ]
    assert pairs[0].reasons == (
        "same city Astana, overlapping or adjacent days (proximity 1.00)",
        "shared partner countries KZ, RU",
        "no clash: the enabled clash rules (city, organiser, audience) do not apply",
    )
    assert suggest_pairs(expand([forum, far], *WINDOW), within_days=5) == []
    with pytest.raises(DataError, match="within_days"):
        suggest_pairs([], within_days=-1)


def test_year_view_series_and_gaps(make_event: Callable[..., Event]) -> None:
    monthly = make_event(
        "monthly",
        start=datetime(2025, 1, 14, 15),
        end=datetime(2025, 1, 14, 17),
        rrules=("FREQ=MONTHLY;BYDAY=2TU;BYMONTH=1,2,3,4,5,6",),
    )
    season = make_event("season", start=date(2025, 9, 12), end=date(2025, 9, 22))
    view = year_view([monthly, season], 2025, min_gap_days=40)
    assert [s.uid for s in view.series] == ["monthly", "season"]
    assert view.series[0].months == (1, 2, 3, 4, 5, 6)
    assert view.series[0].recurring
    assert not view.series[1].recurring
    assert view.empty_months == (7, 8, 10, 11, 12)
    assert [(g.start, g.end) for g in view.gaps] == [
        (date(2025, 6, 11), date(2025, 9, 11)),
        (date(2025, 9, 22), date(2025, 12, 31)),
    ]
    with pytest.raises(DataError, match="min_gap_days"):
        year_view([], 2025, min_gap_days=0)


day = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31))


def _instance(first: date, length: int) -> Instance:
    end = date.fromordinal(first.toordinal() + length)
    return Instance(
        "x", first, "x", "culture", first, end, "UTC", None, None, (), (), (), "confirmed",
        "public", False,
    )  # fmt: skip


@given(day, st.integers(1, 20), day, st.integers(1, 20))
def test_days_apart_is_symmetric_and_zero_on_overlap(a: date, la: int, b: date, lb: int) -> None:
    x, y = _instance(a, la), _instance(b, lb)
    assert x.days_apart(y) == y.days_apart(x) >= 0
    overlap = x.first_day <= y.last_day and y.first_day <= x.last_day
    assert (x.days_apart(y) == 0) == overlap


@pytest.mark.parametrize(
    "rules",
    [
        ClashRules(),
        ClashRules(same_city=False),
        ClashRules(same_audience=False, buffer_days=2),
        ClashRules(same_city=False, same_organiser=False, same_audience=False),
    ],
)
def test_no_clash_is_ever_a_suggestion(rules: ClashRules) -> None:
    instances = expand(load_seed().events, date(2025, 1, 1), date(2028, 1, 1))
    clashing = {
        frozenset({(c.first.uid, c.first.recurrence_id), (c.second.uid, c.second.recurrence_id)})
        for c in find_clashes(instances, rules=rules, limit=None)
    }
    suggested = suggest_pairs(instances, within_days=14, clash_rules=rules)
    assert suggested  # the seed has business and culture events in the same cities
    for s in suggested:
        pair = frozenset(
            {(s.business.uid, s.business.recurrence_id), (s.partner.uid, s.partner.recurrence_id)}
        )
        assert pair not in clashing
        assert s.reasons[-1].startswith("no clash: ")
