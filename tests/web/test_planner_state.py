"""The planner's state lives in the address: reload, back and a copied link reproduce the page;
the planner does what ``eurasia route`` does (waypoints, avoided places/modes/links, transfer
limit, year, cargo unit); bad query strings answer with a page for people.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.web.conftest import shot

pytestmark = pytest.mark.browser

FULL = (
    "/corridors?origin=Chongqing&destination=Duisburg&mode=alternatives&k=2&avoid=RU"
    "&via=Aktau&avoid_place=Baku&avoid_mode=sea&max_transfers=16&year=2030&cargo=tonne"
)


def _rows(page: Page) -> list[str]:
    rows = page.locator("#route-table tbody tr")
    expect(rows.first).to_be_visible()
    return [rows.nth(i).inner_text() for i in range(rows.count())]


def test_every_field_comes_back_from_the_address(page: Page) -> None:
    page.goto(FULL)
    expect(page.get_by_role("combobox", name=re.compile(r"^From"))).to_have_value("Chongqing")
    expect(page.locator("#via-1")).to_have_value("Aktau")
    expect(page.locator("#avoid-place-1")).to_have_value("Baku")
    expect(page.get_by_label("sea", exact=True)).to_be_checked()
    expect(page.get_by_label("Russia", exact=True)).to_be_checked()
    expect(page.get_by_label(re.compile(r"^Most transfers"))).to_have_value("16")
    expect(page.get_by_label("per tonne")).to_be_checked()
    expect(page.get_by_role("radio", name="alternatives")).to_be_checked()
    rows = _rows(page)
    assert 1 <= len(rows) <= 2
    for row in rows:  # avoided country and place, waypoint passed
        assert "RU" not in row.split("\t")[7].split(" · ")
    detail = page.locator(".route-detail").first
    expect(detail).to_contain_text("Kuryk")  # the Caspian port next to the waypoint Aktau
    expect(detail.locator("td").filter(has_text=re.compile(r"^Baku$"))).to_have_count(0)
    expect(detail.locator("table")).not_to_contain_text("sea")
    # per tonne: the cost column is per tonne, not per TEU
    cost = page.locator("#route-table tbody tr").first.locator("td").nth(2)
    expect(cost).not_to_contain_text("TEU")


def test_a_planned_route_is_in_the_address_reload_back_and_copied_link(
    page: Page, browser: Browser, live_server: str
) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/corridors")
    page.get_by_role("combobox", name=re.compile(r"^From")).fill("Xi'an")
    page.get_by_role("combobox", name="To", exact=True).fill("Istanbul")
    page.get_by_role("button", name="Plan route").click()
    first = _rows(page)
    expect(page).to_have_url(re.compile(r"destination=Istanbul"))
    page.get_by_role("radio", name="alternatives").check()
    page.get_by_role("button", name="Plan route").click()
    expect(page).to_have_url(re.compile(r"mode=alternatives"))
    expect(page.locator("#comparison")).to_have_attribute("data-mode", "alternatives")
    alternatives = _rows(page)
    assert len(alternatives) >= 2
    page.reload()  # the address alone reproduces the page
    assert _rows(page) == alternatives
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"mode=alternatives"))
    expect(page.locator("#route-table tbody tr")).to_have_count(len(first))
    page.go_forward()
    expect(page).to_have_url(re.compile(r"mode=alternatives"))
    page.get_by_role("button", name="Copy link").click()
    expect(page.locator("[data-copy-status]").first).to_have_text("Link copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert parse_qs(urlsplit(copied).query)["mode"] == ["alternatives"]
    other = browser.new_context(base_url=live_server)  # a new browser: no history, no cookies
    try:
        fresh = other.new_page()
        fresh.goto(copied)
        assert _rows(fresh) == alternatives
    finally:
        other.close()


def test_bad_query_strings_answer_with_a_page_that_says_how_to_fix_them(page: Page) -> None:
    response = page.goto("/corridors?origin=Almaty&destination=Aktau&k=99")
    assert response is not None
    assert response.status == 422
    assert response.headers["content-type"].startswith("text/html")
    expect(page.get_by_role("alert")).to_contain_text("cannot use")
    expect(page.locator(".problems")).to_contain_text("How many alternatives: “99” is too large")
    page.get_by_role("link", name="Open this page without the wrong values").click()
    expect(page).to_have_url(re.compile(r"/corridors\?origin=Almaty&destination=Aktau$"))
    expect(page.locator("#route-table tbody tr")).to_have_count(1)
    # the agenda takes country names (issue 16), but not 110 characters of them
    response = page.goto("/agenda?country=" + "Kazakhstan" * 11 + "&lang=ru")
    assert response is not None
    assert response.status == 422
    expect(page.locator(".problems")).to_contain_text("Страна: «KazakhstanKazakhstan")
    expect(page.locator(".problems")).to_contain_text("слишком длинно")
    expect(page.locator(".problems")).to_contain_text("KZ")
    response = page.goto("/corridors?max_transfers=many&origin=Almaty&destination=Aktau&lang=kk")
    assert response is not None
    assert response.status == 200
    expect(page.locator("#results .alert.error")).to_contain_text("«many»")
    api = page.request.get("/api/routes?origin=Almaty&destination=Aktau&max_transfers=-1")
    assert api.status == 422
    assert api.headers["content-type"].startswith("application/problem+json")
    missing = page.goto("/no/such/page?lang=en")
    assert missing is not None
    assert missing.status == 404
    expect(page.get_by_role("alert")).to_contain_text("There is no page at this address")


def test_alternatives_are_corridor_families_middle_corridor_avoiding_russia(page: Page) -> None:
    page.goto("/corridors?origin=Chongqing&destination=Duisburg&mode=alternatives&k=3&avoid=RU")
    families = page.locator("#route-table tbody td[data-family]")
    expect(families.first).to_be_visible()
    codes = [families.nth(i).get_attribute("data-family") for i in range(families.count())]
    assert "titr" in codes
    assert len(set(codes)) >= 2  # not three routes of one corridor
    expect(page.locator("#route-table")).to_contain_text("Middle Corridor")
    page.goto("/corridors?origin=Chongqing&destination=Duisburg&mode=alternatives&k=3")
    expect(page.locator("#route-table td[data-family]").first).to_have_attribute(
        "data-family", "northern"
    )


def test_pareto_set_is_grouped_and_its_trade_off_chart_selects_routes_on_the_map(
    page: Page,
) -> None:
    url = "/corridors?origin=Chongqing&destination=Duisburg&mode=pareto"
    page.goto(url)
    expect(page.locator("#map")).to_have_attribute("data-ready", "true", timeout=30_000)
    chart = page.locator("[data-tradeoff]")
    expect(chart).to_have_attribute("data-ready", "true")
    rows = page.locator("#route-table tbody tr")
    n = rows.count()
    raw = page.request.get("/api/routes?origin=Chongqing&destination=Duisburg&pareto=time,cost,co2")
    assert 2 <= n <= len(raw.json()["data"])
    # no two rows within 3 % on all of days, cost and CO2
    points = page.evaluate(
        "() => JSON.parse(document.querySelector('script.tradeoff-spec').textContent).points"
    )
    assert len(points) == n
    for i, p in enumerate(points):
        for q in points[i + 1 :]:
            assert any(
                abs(p[k] - q[k]) > 0.03 * max(abs(p[k]), abs(q[k])) for k in ("days", "cost", "co2")
            )
    target = points[-1]
    chart.scroll_into_view_if_needed()
    x, y = page.evaluate(
        "(p) => window.eurasiaTradeoff.convertToPixel({seriesIndex: 0}, [p.days, p.cost])",
        target,
    )
    box = chart.locator(".chart-canvas").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + x, box["y"] + y)
    expect(page.locator("#map")).to_have_attribute("data-selected", str(target["rank"]))
    shot(page, "corridors-tradeoff")
