"""Agenda in Chromium: month view, subscribe links, creating a recurring event, viewer limits."""

from __future__ import annotations

from datetime import date

import icalendar
import pytest
from playwright.sync_api import Page, expect

from tests.web.conftest import login, shot

pytestmark = pytest.mark.browser


def test_subscribe_link_returns_valid_icalendar(page: Page) -> None:
    page.goto("/agenda?kind=culture")
    link = page.get_by_role("link", name="Calendar feed: culture")
    response = page.request.get(link.get_attribute("href") or "")
    assert response.ok
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.body())
    events = list(calendar.walk("VEVENT"))
    assert events
    assert {str(e["CATEGORIES"].cats[0]).lower() for e in events if "CATEGORIES" in e} <= {
        "culture"
    }
    assert str(calendar["VERSION"]) == "2.0"
    assert all("UID" in e and "DTSTART" in e for e in events)


def test_editor_creates_recurring_event_and_sees_it_in_month_view(page: Page) -> None:
    login(page, "eli")
    page.goto("/agenda?month=2027-03")
    page.get_by_role("link", name="New event").click()
    page.get_by_label("Title").fill("Steppe Chamber Evenings")
    page.get_by_label("Kind").select_option("culture")
    page.get_by_label("Starts").fill("2027-03-03T19:00")
    page.get_by_label("Ends").fill("2027-03-03T18:00")
    page.get_by_label("Time zone").click()
    expect(page.locator("#err-end")).to_have_text("The end must not be before the start.")
    expect(page.get_by_label("Ends")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("Ends").fill("2027-03-03T21:00")
    page.get_by_label("City").fill("Astana")
    page.get_by_label("Frequency").select_option("WEEKLY")
    page.get_by_label("Number of times").fill("4")
    page.get_by_label("Number of times").blur()
    expect(page.locator("#err-end")).to_be_empty()
    expect(page.get_by_label("Ends")).not_to_have_attribute("aria-invalid", "true")
    shot(page, "agenda-edit")
    page.get_by_role("button", name="Save event").click()
    expect(page.get_by_role("status")).to_have_text("Saved.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Steppe Chamber Evenings")
    page.goto("/agenda?month=2027-03")
    days = ["2027-03-03", "2027-03-10", "2027-03-17", "2027-03-24"]
    for day in days:
        cell = page.locator(f'[data-day="{day}"]')
        expect(cell.get_by_role("link", name="Steppe Chamber Evenings")).to_be_visible()
    expect(
        page.locator('[data-day="2027-03-31"]').get_by_text("Steppe Chamber Evenings")
    ).to_have_count(0)
    shot(page, "agenda-month")


def test_viewer_cannot_edit_in_ui_or_api(page: Page) -> None:
    login(page, "vic")
    page.goto(f"/agenda?month={date.today():%Y-%m}")
    expect(page.get_by_role("link", name="New event")).to_have_count(0)
    response = page.goto("/agenda/events/new")
    assert response is not None
    assert response.status == 403
    expect(page.get_by_role("alert")).to_contain_text("needs editor")
    csrf = page.locator('meta[name="csrf-token"]').get_attribute("content") or ""
    body = {
        "uid": "viewer-attempt",
        "title": "Not allowed",
        "kind": "culture",
        "start": "2027-01-01",
        "end": "2027-01-02",
        "tzid": "Asia/Almaty",
    }
    api = page.request.post("/api/agenda/events", data=body, headers={"X-CSRF-Token": csrf})
    assert api.status == 403
    assert api.headers["content-type"].startswith("application/problem+json")
    anonymous = page.context.request.post("/api/agenda/events", data=body, headers={"Cookie": ""})
    assert anonymous.status in {401, 403}


def test_year_view_and_programmes(page: Page) -> None:
    page.goto(f"/agenda/year?year={date.today().year}")
    expect(page.get_by_role("heading", name="January")).to_be_visible()
    shot(page, "agenda-year")
    page.get_by_role("link", name="Programmes and projects").first.click()
    expect(page.get_by_role("heading", name="Matches")).to_be_visible()
    assert (
        page.locator(
            "#matches ~ .table-wrap tbody tr, table[aria-labelledby=matches] tbody tr"
        ).count()
        > 0
    )
