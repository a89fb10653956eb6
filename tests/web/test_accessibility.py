"""Accessibility: axe-core (driven by axe-playwright-python) finds no serious or critical
violation on the pages, desktop and phone, including the planner's results and error pages."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/corridors",
    "/corridors?origin=Chongqing&destination=Duisburg&mode=pareto",
    "/corridors?origin=Chongqing&destination=Duisburg&mode=alternatives&avoid=RU",
    "/corridors/scenarios",
    "/indicators",
    "/agenda",
    "/agenda/year",
    "/corridors?k=99",
    "/login",
]


def _serious(page: Page, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    results = Axe().run(page)
    return [
        f"{url}: {v['id']} ({v['impact']}): {v['help']} - {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


@pytest.mark.parametrize("url", PAGES)
def test_no_serious_or_critical_violations_on_a_laptop(page: Page, url: str) -> None:
    assert _serious(page, url) == []


@pytest.mark.parametrize("url", ["/corridors?origin=Almaty&destination=Aktau", "/agenda"])
def test_no_serious_or_critical_violations_on_a_phone(phone: Page, url: str) -> None:
    assert _serious(phone, url) == []
