"""The corridors map in Chromium: sea legs along sea lanes, place labels by zoom, legends for
colour, width and routes, and penalty-based diverse alternatives in the planner (issue 19)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.web.conftest import login, shot
from tests.web.test_accessibility import _serious

pytestmark = pytest.mark.browser


def _ready(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator("#map")).to_have_attribute("data-ready", "true", timeout=30_000)


def _shown(page: Page) -> int:
    return int(page.locator(".place-labels").get_attribute("data-shown") or "0")


def test_place_labels_show_hubs_first_and_more_when_zoomed_in(page: Page) -> None:
    _ready(page, "/corridors")
    labels = page.locator(".place-labels")
    expect(labels).to_have_attribute("data-shown", re.compile(r"^[1-9]\d*$"))
    page.evaluate("window.eurasiaMap.jumpTo({center: [60, 45], zoom: 2.4})")
    page.wait_for_function("document.querySelector('.place-labels').dataset.zoom === '2.40'")
    few = _shown(page)
    assert 3 <= few <= 15
    # the most connected hubs are among the few (Istanbul has most links, then the Caspian ports)
    visible = page.locator(".place-label:not([hidden])").all_inner_texts()
    assert "Istanbul" in visible
    page.evaluate("window.eurasiaMap.jumpTo({center: [50, 42], zoom: 5})")
    page.wait_for_function("document.querySelector('.place-labels').dataset.zoom === '5.00'")
    assert _shown(page) > few
    # labels never overlap
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('.place-label:not([hidden])')]
             .map((el) => { const r = el.getBoundingClientRect();
                            return [r.left, r.top, r.right, r.bottom]; })"""
    )
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    shot(page, "corridors-map-labels", full_page=False)


def test_place_labels_follow_the_page_language(page: Page) -> None:
    _ready(page, "/corridors?lang=ru")
    page.evaluate("window.eurasiaMap.jumpTo({center: [50, 42], zoom: 4})")
    page.wait_for_function("document.querySelector('.place-labels').dataset.zoom === '4.00'")
    visible = " ".join(page.locator(".place-label:not([hidden])").all_inner_texts())
    assert "Актау" in visible
    assert "Aktau" not in visible


def test_cape_route_is_drawn_round_west_africa_with_a_route_legend(page: Page) -> None:
    # Shanghai to Rotterdam, cheapest, avoiding Egypt: by sea round the Cape
    _ready(page, "/corridors?origin=Shanghai&destination=Rotterdam&avoid=EG&optimize=cost")
    expect(page.locator("#map")).to_have_attribute("data-routes", "1")
    coords = page.evaluate(
        """() => JSON.parse(document.querySelector('script.route-geojson').textContent)
             .features[0].geometry.coordinates"""
    )
    assert min(lon for lon, _ in coords) < -15  # out in the Atlantic, not across the Sahel
    assert len(coords) > 30
    legend = page.locator("#map-route-legend")
    expect(legend).to_contain_text("Route 1")
    expect(legend).to_contain_text("wider line")
    expect(page.locator("#map-line-legend")).to_contain_text("dashed")
    page.wait_for_function(
        "() => window.eurasiaMap.queryRenderedFeatures({layers: ['routes']}).length >= 1"
        " && window.eurasiaMap.loaded()",
        timeout=30_000,
    )
    shot(page, "corridors-sea-lanes", full_page=False)


def test_network_sea_links_follow_the_lanes(page: Page) -> None:
    _ready(page, "/corridors")
    links = page.request.get("/api/network/links").json()["features"]
    cape = next(f for f in links if f["id"] == "za-cape-town--ma-tanger-med")
    assert len(cape["geometry"]["coordinates"]) > 5
    assert min(lon for lon, _ in cape["geometry"]["coordinates"]) < -15
    rail = next(f for f in links if f["properties"]["mode"] == "rail")
    assert len(rail["geometry"]["coordinates"]) == 2


def test_diverse_alternatives_in_the_planner(page: Page) -> None:
    _ready(
        page,
        "/corridors?origin=Chongqing&destination=Duisburg&avoid=RU&mode=alternatives&k=3"
        "&alternatives_method=diverse&rules=off",
    )
    expect(page.locator("#diverse-note")).to_contain_text("penalty method")
    expect(page.get_by_label("Alternatives found by")).to_have_value("diverse")
    rows = page.locator("#route-table tbody tr")
    expect(rows).to_have_count(3)
    families = [
        rows.nth(i).locator("td[data-family]").get_attribute("data-family") for i in range(3)
    ]
    assert "titr" in families
    assert len(set(families)) >= 2
    countries = {rows.nth(i).locator("td").nth(6).inner_text() for i in range(3)}
    assert len(countries) == 3
    expect(page.locator("#map")).to_have_attribute("data-routes", "3")
    # switching back to corridor families through the form keeps the address in step
    page.get_by_label("Alternatives found by").select_option("families")
    page.get_by_role("button", name="Plan route").click()
    expect(page.locator("#diverse-note")).to_have_count(0)
    assert "alternatives_method=families" in page.url


def test_scenario_map_has_a_width_legend(page: Page) -> None:
    login(page, "eli")
    page.goto("/corridors/scenarios")
    page.get_by_role("button", name=re.compile("caspian_ferry_x2|Caspian")).first.click()
    page.wait_for_url(re.compile(r"/corridors/scenarios/runs/[0-9a-f]+$"))
    expect(page.locator("#map")).to_have_attribute("data-ready", "true", timeout=60_000)
    legend = page.locator("#map-width-legend")
    expect(legend).to_contain_text("Mt/yr")
    widths = page.evaluate(
        """() => [...document.querySelectorAll('#map-width-legend .line-sample')]
             .map((el) => parseFloat(el.style.borderTopWidth))"""
    )
    assert widths == sorted(widths)
    assert widths[0] < widths[-1]
    expect(page.locator("#map-legend")).to_contain_text("bottleneck")


@pytest.mark.parametrize(
    "url",
    [
        "/corridors?origin=Chongqing&destination=Duisburg&avoid=RU&mode=alternatives"
        "&alternatives_method=diverse",
        "/corridors?origin=Shanghai&destination=Rotterdam&avoid=EG&optimize=cost",
    ],
)
def test_no_serious_or_critical_violations_with_labels_and_legends(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator("#map")).to_have_attribute("data-ready", "true", timeout=30_000)
    expect(page.locator("#map-route-legend")).to_be_visible()
    assert _serious(page, url) == []
