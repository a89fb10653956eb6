"""Accessibility of the issue-16 agenda pages: axe-core finds no serious or critical violation on
the week and list views, badges in the month and year, event pages, the programmes page filtered
and paged, and the import form with its report, on a laptop and a phone."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.web.conftest import login
from tests.web.test_accessibility import _serious
from tests.web.test_agenda_views import ICS

pytestmark = pytest.mark.browser

PAGES = [
    "/agenda?month=2026-10",
    "/agenda/week?week=2026-W41",
    "/agenda/week",
    "/agenda/list?from=2026-10-01&to=2026-12-31&country=Kazakhstan",
    "/agenda/year?year=2026",
    "/agenda/events/vtb-united-league-astana%40eurasia",
    "/agenda/events/university-branches-open-day%40eurasia?lang=kk",
    "/agenda/programmes?field=07&page=1",
    "/agenda/programmes?page=2&gaps_page=2",
    "/agenda?country=Atlantis",
]


@pytest.mark.parametrize("url", PAGES)
def test_agenda_views_on_a_laptop(page: Page, url: str) -> None:
    assert _serious(page, url) == []


@pytest.mark.parametrize("url", [*PAGES[:6], "/agenda/programmes?page=2&gaps_page=2"])
def test_agenda_views_on_a_phone(phone: Page, url: str) -> None:
    assert _serious(phone, url) == []


def test_import_form_and_report(page: Page) -> None:
    login(page, "eli")
    assert _serious(page, "/agenda/import") == []
    files = {"name": "a11y.ics", "mimeType": "text/calendar", "buffer": ICS.encode()}
    page.get_by_label("Calendar file").set_input_files(files)  # type: ignore[arg-type]
    page.get_by_label("Partial import").check()
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator("#rejected-events")).to_be_visible()
    # the report is the POST's answer: checked in place, not reloaded
    violations = Axe().run(page).response["violations"]
    assert [v["id"] for v in violations if v.get("impact") in ("serious", "critical")] == []
