"""Charts carry their citations; the brief shows every claim; the extract regenerates exactly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eurasia.errors import DataError, NotFoundError
from eurasia.indicators.analysis import track_targets
from eurasia.indicators.bundled import DATA_DIR
from eurasia.indicators.charts import partner_share_chart, series_chart, target_pace_chart
from eurasia.indicators.extract import EXTRACT_FILES, build_extract, write_extract
from eurasia.indicators.observatory import Observatory
from eurasia.indicators.report import build_brief, render_html
from tests.conftest import shared_data


def _text_of(svg: str) -> str:
    return " ".join(re.findall(r"<!-- (.*?) -->", svg))


def test_series_chart_svg_and_png_carry_sources(tmp_path: Path, bundled: Observatory) -> None:
    svg = series_chart(bundled, "energy.res_share_elec_official", path=tmp_path / "res.svg")
    text = _text_of(svg.read_text())
    assert "Sources:" in text
    assert "Ministry of Energy of Kazakhstan" in text
    assert "President and Prime Minister of Kazakhstan" in text  # the 15 % target's source
    png = series_chart(bundled, "transit.cargo", path=tmp_path / "transit.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(DataError, match=r"\.png or \.svg"):
        series_chart(bundled, "transit.cargo", path=tmp_path / "x.jpg")
    with pytest.raises(NotFoundError):
        series_chart(bundled, "no.such", path=tmp_path / "x.svg")


def test_partner_and_pace_charts_carry_sources(tmp_path: Path, bundled: Observatory) -> None:
    text = _text_of(partner_share_chart(bundled, path=tmp_path / "p.svg").read_text())
    assert "Eurasian Development Bank" in text
    assert "Sources:" in text
    track = next(t for t in track_targets(bundled) if t.target.id == "titr-2027-10mt")
    text = _text_of(target_pace_chart(bundled, track, path=tmp_path / "pace.svg").read_text())
    assert "Kazinform" in text
    assert "World Economic Forum" in text
    no_actual = next(t for t in track_targets(bundled) if t.target.id == "res-2025-6pc")
    assert no_actual.latest is not None


def test_brief_lists_claims_targets_and_sources(bundled: Observatory) -> None:
    brief = build_brief(bundled, generated="2026-11-27")
    html = render_html(brief)
    for check in brief.claims:
        assert check.verdict in html
    assert html.count("<svg") >= 6
    assert "Kazakhstan in Greater Eurasia" in html
    assert "2026-11-27" in html
    assert "Superseded by the target of 67 million t by 2029." in html  # named by value and year
    for source in ("wdi", "owid-energy", "essay-valdai-2025"):
        assert f'id="src-{source}"' in html
    assert re.search(r'(src|href)="https?://', html) is None  # no outside requests
    labels = [f.label for f in brief.key_figures]
    assert "Merchandise trade turnover" in labels
    assert "Transit cargo" in labels


def test_extract_regenerates_the_bundled_files(tmp_path: Path) -> None:
    extract = build_extract(shared_data())
    for path in write_extract(extract, tmp_path):
        assert path.read_bytes() == (DATA_DIR / path.name).read_bytes(), path.name
    assert {p.name for p in tmp_path.iterdir()} == set(EXTRACT_FILES)
    turnover = {o.period: o.value for o in extract.observations if o.indicator == "trade.turnover"}
    assert round(turnover["2023"], 1) == 139.2
    assert round(turnover["2025"], 1) == 143.3
    wind_solar = {
        o.period: o.value
        for o in extract.observations
        if o.indicator == "energy.wind_solar_share_elec"
    }
    assert wind_solar["2023"] == 4.974
    assert wind_solar["2013"] == 0.0
    ports = {o.ref_area for o in extract.observations if o.indicator == "wdi.is.shp.good.tu"}
    assert ports == {"CHN", "GEO", "RUS", "TUR"}


def test_extract_needs_the_shared_folders(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="expected wdi"):
        build_extract(tmp_path)


def test_pdf_brief(tmp_path: Path, bundled: Observatory) -> None:
    pytest.importorskip("fpdf")
    from eurasia.indicators.pdf import render_pdf

    path = render_pdf(build_brief(bundled, generated="2026-11-27"), tmp_path / "brief.pdf")
    data = path.read_bytes()
    assert data[:5] == b"%PDF-"
    assert data.count(b"/Subtype /Image") >= 4


def test_brief_computes_concentration_when_one_source_has_partners(bundled: Observatory) -> None:
    from eurasia.indicators.model import Observation
    from eurasia.indicators.observatory import Observatory as Obs

    obs = Obs(sources=dict(bundled.sources), indicators=dict(bundled.indicators))
    obs.add_observations(
        Observation(
            indicator="trade.turnover",
            ref_area="KAZ",
            counterpart_area=c,
            flow="T",
            period="2024",
            value=v,
            unit="USD",
            unit_mult=9,
            source_id="wdi",
        )
        for c, v in [("WLD", 100.0), ("CHN", 25.0), ("RUS", 20.0)]
    )
    brief = build_brief(obs, generated="x")
    (only,) = brief.concentration
    assert only.hhi_lower == 25.0**2 + 20.0**2  # 1025 points, by hand
    assert "1,025–4,050" in render_html(brief)  # upper bound: + 55² for the rest as one partner


@pytest.mark.parametrize("locale", ["ru", "kk"])
def test_brief_in_russian_and_kazakh_has_no_english_left(bundled, locale: str) -> None:  # type: ignore[no-untyped-def]
    from tests.i18n.test_pages import _untranslated

    brief = build_brief(bundled, generated="2026-12-04")
    html = render_html(brief, locale=locale)
    assert f'<html lang="{locale}">' in html
    assert _untranslated(html, locale) == []
    assert "partly supported" not in html.split("<h2>", 3)[2]  # verdicts are translated
    body = html.split('<ol class="small" lang="en">')[0]  # the source list stays as published
    for target in bundled.targets:
        assert target not in body  # a superseded target names the later one by value and year
    assert re.search(r">(about|more than|at least|at most|less than) ", body) is None
