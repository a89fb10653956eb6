"""Languages in the browser: the switch changes the page and is remembered, the browser's own
language is honoured, and the planner, its autocomplete and the map speak the chosen language."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.web.conftest import OutsideRequests, _context

pytestmark = pytest.mark.browser


def test_switch_language_and_keep_it(page: Page) -> None:
    page.goto("/corridors")
    expect(page.get_by_role("heading", level=1)).to_have_text("Corridors")
    page.get_by_label("Language").select_option("ru")
    expect(page.get_by_role("heading", level=1)).to_have_text("Коридоры")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("button", name="Построить маршрут")).to_be_visible()
    page.get_by_role("link", name="Показатели").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Показатели")
    page.get_by_label("Язык").select_option("kk")
    expect(page.get_by_role("heading", level=1)).to_have_text("Көрсеткіштер")
    page.goto("/agenda")
    expect(page.get_by_role("link", name="Күн тәртібі").first).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "kk")


def test_browser_language_is_the_default(
    browser: Browser, live_server: str, outside_requests: OutsideRequests
) -> None:
    context = _context(browser, live_server, outside_requests, locale="kk-KZ")
    try:
        kazakh = context.new_page()
        kazakh.goto("/")
        expect(kazakh.get_by_role("heading", level=1)).to_have_text("Үлкен Еуразиядағы Қазақстан")
        expect(kazakh.get_by_role("heading", name="Негізгі сандар")).to_be_visible()
    finally:
        context.close()
    assert list(outside_requests) == []


def test_plan_by_kazakh_name_with_kazakh_map_and_autocomplete(page: Page) -> None:
    page.goto("/corridors?lang=kk")
    expect(page.locator("#map")).to_have_attribute("data-ready", "true")
    expect(page.locator("#map-legend")).to_contain_text("теміржол")
    origin = page.get_by_role("combobox", name=re.compile("^Қайдан"))
    origin.press_sequentially("Дост", delay=30)
    expect(page.locator("#origin-list option").first).to_have_attribute(
        "value", re.compile("^Достық")
    )
    origin.fill("Достық")
    page.get_by_role("combobox", name="Қайда", exact=True).fill("Ақтау")
    page.get_by_role("button", name="Маршрут құру").click()
    expect(page.locator("#comparison")).to_contain_text("Достық → Ақтау")
    expect(page.locator("#route-table tbody tr")).to_have_count(1)
    expect(page.locator(".route-detail").first).to_contain_text("ең жылдам")
    page.get_by_label("Учаскелер түсі").select_option("status")
    expect(page.locator("#map-legend")).to_contain_text("жұмыс істейді")
