"""Corridors in Chromium: the map renders offline, route planning end to end, alternatives."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.web.conftest import shot

pytestmark = pytest.mark.browser


def test_map_renders_network_on_country_outlines(page: Page) -> None:
    page.goto("/corridors")
    map_el = page.locator("#map")
    expect(map_el).to_have_attribute("data-ready", "true", timeout=30_000)
    expect(map_el.locator("canvas")).to_be_visible()
    legend = page.locator("#map-legend li")
    expect(legend.first).to_be_visible()
    assert "rail" in page.locator("#map-legend").inner_text()
    page.get_by_label("Colour links by").select_option("status")
    expect(page.locator("#map-legend")).to_contain_text("open")
    page.wait_for_function(
        "() => window.eurasiaMap.queryRenderedFeatures({layers: ['links']}).length > 100",
        timeout=30_000,
    )
    shot(page, "corridors-map", full_page=False)


def test_plan_route_with_autocomplete_see_it_on_map_and_table(page: Page) -> None:
    page.goto("/corridors")
    expect(page.locator("#map")).to_have_attribute("data-ready", "true", timeout=30_000)
    origin = page.get_by_role("combobox", name=re.compile(r"^From"))
    origin.press_sequentially("Chongq", delay=30)
    expect(page.locator("#origin-list option").first).to_have_attribute("value", "Chongqing (CN)")
    origin.fill("Chongqing (CN)")
    origin.dispatch_event("input")
    expect(page.locator("#origin-id")).to_have_value("cn-chongqing")
    page.get_by_role("combobox", name="To", exact=True).fill("Duisburg")
    page.get_by_label("Objective").select_option("time")
    page.get_by_role("button", name="Plan route").click()
    table = page.locator("#route-table")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(1)
    days = float(table.locator("tbody tr td").first.inner_text())
    assert 10 < days < 25
    expect(page.locator("#map")).to_have_attribute("data-routes", "1")
    page.wait_for_function(
        "() => window.eurasiaMap.queryRenderedFeatures({layers: ['routes']}).length >= 1",
        timeout=30_000,
    )
    legs = page.locator(".route-detail").first.locator("tbody tr")
    assert legs.count() >= 3
    expect(page.locator(".route-detail").first).to_contain_text("gauge change")
    shot(page, "corridors-route")


def test_alternatives_avoiding_a_country_and_pareto(page: Page) -> None:
    page.goto("/corridors?origin=Xi%27an&destination=Istanbul")
    expect(page.locator("#route-table tbody tr")).to_have_count(1)
    page.get_by_role("radio", name="alternatives").check()
    page.locator("summary", has_text="Waypoints and what to avoid").click()
    page.get_by_label("Russia", exact=True).check()
    page.get_by_role("button", name="Plan route").click()
    expect(page.locator("#comparison")).to_contain_text(re.compile(r"[2-8] routes"))
    rows = page.locator("#route-table tbody tr")
    for i in range(rows.count()):
        assert "RU" not in rows.nth(i).locator("td").nth(6).inner_text().split(" · ")
    expect(page.locator("#map")).to_have_attribute("data-routes", str(rows.count()))
    page.get_by_role("radio", name="trade-offs (Pareto set) of").check()
    page.get_by_role("button", name="Plan route").click()
    expect(page.locator("#comparison")).to_have_attribute("data-mode", "pareto")
    expect(page.locator("#route-table tbody tr").first).to_be_visible()


def test_unknown_place_shows_error(page: Page) -> None:
    page.goto("/corridors")
    page.get_by_role("combobox", name=re.compile(r"^From")).fill("Atlantis")
    page.get_by_role("combobox", name="To", exact=True).fill("Duisburg")
    page.get_by_role("button", name="Plan route").click()
    expect(page.locator("#results .alert.error")).to_contain_text("Atlantis")


def test_cyrillic_place_names_plan_a_route(page: Page) -> None:
    page.goto("/corridors?origin=Достык&destination=Актау")
    expect(page.locator("#route-table tbody tr")).to_have_count(1)
