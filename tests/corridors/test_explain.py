"""Plain-language route summaries in the reader's language."""

from __future__ import annotations

import re

import pytest

from eurasia.corridors.network.model import Network
from eurasia.corridors.routing.explain import explain_route
from eurasia.corridors.routing.search import route


@pytest.fixture(scope="module")
def northern(bundled: Network):  # type: ignore[no-untyped-def]
    return route(bundled, "Chongqing", "Duisburg", optimize="time", year=2025)


def test_summary_names_each_border_dwell_with_its_hours(bundled: Network, northern) -> None:  # type: ignore[no-untyped-def]
    text = explain_route(bundled, northern, locale="en")
    crossings = [t for t in northern.transfers if t.kind == "border_crossing"]
    assert crossings
    for crossing in crossings:
        hours = crossing.costs["hours"]
        shown = f"{hours:.0f}" if hours >= 10 else f"{hours:.1f}"
        assert f"{crossing.name} {shown} h" in text
    assert re.search(r"\d+ border crossings? \(", text)


@pytest.mark.parametrize(("locale", "unit"), [("ru", "ч"), ("kk", "сағ")])
def test_summary_hours_are_in_the_readers_language(
    bundled: Network,
    northern,  # type: ignore[no-untyped-def]
    locale: str,
    unit: str,
) -> None:
    text = explain_route(bundled, northern, locale=locale)
    assert re.search(rf"\d+ {unit}", text), text
    assert " h;" not in text
