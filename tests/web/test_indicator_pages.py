"""Indicators in Chromium: chart with sources, table tab, CSV download, claims, adding a value."""

from __future__ import annotations

import csv

import pytest
from playwright.sync_api import Page, expect

from tests.web.conftest import login, shot

pytestmark = pytest.mark.browser


def test_open_chart_and_download_its_csv(page: Page) -> None:
    page.goto("/indicators")
    page.get_by_role("searchbox", name="Search").fill("transit")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Transit cargo through Kazakhstan", exact=True).click()
    chart = page.locator("#chart")
    expect(chart).to_have_attribute("data-ready", "true")
    expect(chart.locator("svg path").first).to_be_attached()
    expect(page.get_by_role("heading", name="Sources")).to_be_visible()
    shot(page, "indicator-chart")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download CSV").click()
    download = info.value
    assert download.suggested_filename == "transit.cargo.csv"
    with open(download.path(), encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    assert {r["indicator"] for r in rows} == {"transit.cargo"}
    assert all(r["source_id"] for r in rows)
    table_rows = page.locator("#panel-table tbody tr")
    assert table_rows.count() == len(rows)


def test_table_tab_by_keyboard(page: Page) -> None:
    page.goto("/indicators/trade.turnover")
    page.get_by_role("tab", name="Chart").focus()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("tab", name="Table")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("tabpanel")).to_be_visible()
    expect(page.locator("#panel-table caption")).to_contain_text("Merchandise trade turnover")
    expect(page.locator("#panel-chart")).to_be_hidden()


def test_claim_check_and_targets(page: Page) -> None:
    page.goto("/indicators/claims")
    expect(page.get_by_role("heading", level=1)).to_have_text("Claim check")
    assert page.locator("tbody tr").count() >= 5
    expect(page.locator("td.verdict-contradicted").first).to_be_visible()
    shot(page, "indicator-claims")
    page.goto("/indicators/targets")
    assert page.locator("tbody tr").count() >= 3


def test_editor_adds_value_with_inline_validation(page: Page) -> None:
    login(page, "eli")
    page.goto("/indicators/transit.cargo")
    page.get_by_role("link", name="Add a value").click()
    page.get_by_label("Value").fill("about twenty")
    page.get_by_label("Period").click()
    expect(page.locator("#err-value")).to_have_text("Enter a number, e.g. 27.4.")
    expect(page.get_by_label("Value")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("Value").fill("17.5")
    page.get_by_label("Period").fill("2018")
    page.get_by_label("Status").select_option("E")
    page.get_by_label("Source", exact=True).select_option("kz-transport-ministry-2025-08")
    expect(page.locator("#err-value")).to_be_empty()
    page.get_by_role("button", name="Save value").click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    page.get_by_role("tab", name="Table").click()
    row = page.locator("#panel-table tbody tr", has_text="2018")
    expect(row).to_contain_text("17.5")
    expect(row.locator(".status-E")).to_be_visible()
    still = page.locator("#panel-table tbody tr", has_text="Ministry of Transport").filter(
        has_text="2024"
    )
    expect(still).to_contain_text("27.4")
