"""Indicator charts in Chromium: style follows status, proportional years, targets on top, claims
flagged, a link that reopens the same chart, SVG/PNG download, the claim table on a phone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.web.conftest import shot

pytestmark = pytest.mark.browser


def _option(page: Page) -> dict:  # type: ignore[type-arg]
    """The chart's specification as the page holds it."""
    return page.evaluate(
        "() => JSON.parse(document.querySelector('#chart script.chart-spec').textContent)"
    )


def test_forecasts_dashed_targets_on_top_and_years_proportional(page: Page) -> None:
    page.goto("/indicators/transit.cargo?ref_area=KAZ&counterpart=_Z")
    chart = page.locator("#chart")
    expect(chart).to_have_attribute("data-ready", "true")
    svg = chart.locator(".chart-canvas svg")
    dashed = svg.locator("path[stroke-dasharray]")
    assert dashed.count() >= 1, "the ministry's forecasts are drawn dashed"
    solid = [
        p
        for p in svg.locator("path[fill='none']").all()
        if p.get_attribute("stroke-dasharray") is None and (p.get_attribute("stroke-width") == "2")
    ]
    assert solid, "measured values are drawn solid"
    spec = _option(page)
    xs = {p[0]: p[1] for s in spec["series"] for p in s["points"]}
    targets = {t["period"]: t["x"] for t in spec["targets"]}
    assert targets["2035"] - targets["2029"] == 6  # the axis is in years
    assert xs["2026"] - xs["2024"] == 2
    claims = spec["claims"]
    assert {c["period"] for c in claims} >= {"2024", "2035"}
    flagged = {c["period"]: c["name"] for c in claims}
    assert "partly supported" in flagged["2035"]
    shot(page, "indicator-chart-status")


def test_claim_flagged_value_is_not_a_line(page: Page) -> None:
    page.goto("/indicators/trade.turnover?ref_area=KAZ&counterpart=WLD")
    expect(page.locator("#chart")).to_have_attribute("data-ready", "true")
    spec = _option(page)
    assert all(s["source_id"] != "essay-valdai-2025" for s in spec["series"])
    (claim,) = [c for c in spec["claims"] if c["period"] == "2025"]
    assert claim["verdict"] == "misleading"
    assert claim["value"] == pytest.approx(65.9)


def test_link_reopens_the_same_chart(page: Page) -> None:
    page.goto("/indicators/trade.turnover?ref_area=KAZ&counterpart=CHN&from=2020&to=2024")
    link = page.get_by_role("link", name="Link to this chart")
    href = link.get_attribute("href") or ""
    for part in ("ref_area=KAZ", "counterpart=CHN", "from=2020", "to=2024"):
        assert part in href
    page.goto(href)
    expect(page.get_by_label("Partner")).to_have_value("CHN")
    expect(page.get_by_label("From year")).to_have_value("2020")
    spec = _option(page)
    assert all(2020 <= int(p[0][:4]) <= 2024 for s in spec["series"] for p in s["points"])


@pytest.mark.parametrize("kind", ["svg", "png"])
def test_chart_downloads(page: Page, kind: str) -> None:
    page.goto("/indicators/transit.cargo")
    expect(page.locator("#chart")).to_have_attribute("data-ready", "true")
    with page.expect_download() as info:
        page.get_by_role("button", name=f"Download {kind.upper()}").click()
    download = info.value
    assert download.suggested_filename == f"transit.cargo.{kind}"
    data = Path(download.path()).read_bytes()
    if kind == "svg":
        assert data.lstrip().startswith(b"<svg")
        assert b"stroke-dasharray" in data
    else:
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert len(data) > 2000


def test_claim_table_on_a_phone(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/indicators/claims#claim-uranium-2024")
    row = page.locator("tr#claim-uranium-2024")
    expect(row).to_be_visible()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, "the claim table fits the phone without sideways scrolling"
    cell = row.locator("td[data-label]").nth(3)
    box = cell.bounding_box()
    assert box is not None
    assert box["width"] > 300  # stacked: each cell takes the row's width
    expect(row).to_contain_text(re.compile("Kazatomprom"))
    shot(page, "indicator-claims-phone")


def test_a_claim_permalink_opens_the_claim_page_at_its_row(page: Page) -> None:
    page.goto("/indicators/claims")
    link = page.locator("tr#claim-china-44bn a.permalink")
    assert link.get_attribute("href") == "/indicators/claims/china-44bn"
    page.set_viewport_size({"width": 1280, "height": 600})
    page.goto("/indicators/claims/china-44bn")
    assert page.url.endswith("/indicators/claims#claim-china-44bn")
    row = page.locator("tr#claim-china-44bn")
    expect(row).to_be_in_viewport()
    expect(row).to_contain_text("mirror figure")
