"""Fixtures for agenda tests: event factory and the public calendar corpora shipped with the
``icalendar`` and ``recurring-ical-events`` packages (real-world files from their bug reports)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import icalendar
import pytest
import recurring_ical_events

from eurasia.agenda.model import Event, Venue


@pytest.fixture
def make_event() -> Callable[..., Event]:
    """Build an event with sensible defaults (all-day, Astana) and overrides."""

    def build(uid: str = "e@test", **fields: Any) -> Event:
        values: dict[str, Any] = {
            "title": uid,
            "kind": "culture",
            "start": date(2025, 6, 2),
            "end": date(2025, 6, 3),
            "tzid": "Asia/Almaty",
            "venue": Venue(city="Astana", country="KZ"),
        }
        values.update(fields)
        return Event(uid=uid, **values)

    return build


def corpus_files() -> list[Path]:
    """Every ``.ics`` test calendar the two installed libraries ship."""
    roots = [
        Path(icalendar.__file__).parent / "tests" / "calendars",
        Path(recurring_ical_events.__file__).parent / "test" / "calendars",
    ]
    return sorted(p for root in roots if root.is_dir() for p in root.glob("*.ics"))


def local(value: datetime) -> tuple[int, int, int, int, int]:
    """(year, month, day, hour, minute) of an aware datetime in its own zone."""
    return (value.year, value.month, value.day, value.hour, value.minute)
