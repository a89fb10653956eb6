"""Status and provenance where people look: assumed dates are tentative, and feeds carry the
illustrative and unconfirmed flags in DESCRIPTION and CATEGORIES (what Thunderbird-style clients
show), without changing what a re-import reads."""

from __future__ import annotations

from datetime import date
from typing import Any

import icalendar
import pytest

from eurasia.agenda.ical import parse_ical, to_ical
from eurasia.agenda.model import Event
from eurasia.agenda.seed import load_seed


def test_seed_events_with_assumed_dates_are_tentative_not_confirmed() -> None:
    events = load_seed().events
    assert events
    assert all(e.illustrative for e in events)
    assert {e.status for e in events} == {"tentative"}


def _feed_components(events: list[Event]) -> list[Any]:
    calendar = icalendar.Calendar.from_ical(to_ical(events))
    return list(calendar.walk("VEVENT"))


def _categories(component: Any) -> list[str]:
    return [str(c) for c in component["CATEGORIES"].cats]


def test_feed_shows_illustrative_and_unconfirmed_in_description_and_categories() -> None:
    event = Event(
        "f@x",
        "Forum",
        "business",
        date(2025, 9, 1),
        date(2025, 9, 2),
        "Asia/Almaty",
        status="tentative",
        description="Annual forum.",
        illustrative="dates and venue assumed",
    )
    (component,) = _feed_components([event])
    assert str(component["DESCRIPTION"]) == (
        "Annual forum.\n\nIllustrative data: dates and venue assumed"
    )
    categories = _categories(component)
    assert categories == ["business", "Illustrative", "Date not confirmed"]
    assert str(component["STATUS"]) == "TENTATIVE"
    (again,) = parse_ical(to_ical([event])).events
    assert (again.description, again.illustrative, again.status, again.kind) == (
        "Annual forum.",
        "dates and venue assumed",
        "tentative",
        "business",
    )
    assert "CATEGORIES" not in again.extra


def test_confirmed_real_events_carry_no_flags() -> None:
    event = Event("r@x", "Real", "culture", date(2025, 9, 1), date(2025, 9, 2), "Asia/Almaty")
    (component,) = _feed_components([event])
    assert "DESCRIPTION" not in component
    assert _categories(component) == ["culture"]


def test_every_seed_event_in_the_feed_says_it_is_illustrative() -> None:
    for component in _feed_components(list(load_seed().events)):
        assert "Illustrative data: " in str(component["DESCRIPTION"])
        assert "Illustrative" in _categories(component)


def test_unknown_countries_are_refused() -> None:
    from eurasia.agenda.model import Venue
    from eurasia.errors import DataError

    with pytest.raises(DataError, match="venue country 'XX'"):
        Venue(city="Nowhere", country="XX")
    with pytest.raises(DataError, match="'partner_countries': 'ZZ'"):
        Event("c@x", "C", "culture", date(2025, 1, 1), date(2025, 1, 2), "UTC",
              partner_countries=("KZ", "ZZ"))  # fmt: skip
    assert Venue(country="KZ").country == "KZ"
