"""The partner-concentration page: HHI by year from one source and side, reporter and mirror lines.

The bundled data give China's and Russia's trade each from a different source and no partner
table, so the page says that no index can be made and why; a partner table imported into the store
(test values shaped as the IMF Direction of Trade, one release) gives both series.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eurasia.http.app import create_app
from eurasia.indicators.bundled import bundled_observatory
from eurasia.indicators.model import Observation, Source
from eurasia.indicators.observatory import Observatory
from eurasia.indicators.partners import concentration_series
from eurasia.settings import Settings
from eurasia.store import indicators as repo
from eurasia.store.db import make_engine, session_scope, upgrade
from eurasia.store.loaders import load_bundled

SOURCE = Source(id="test-dot", producer="Test DOT", title="Partner table", kind="international")
#: (period, side, counterpart, value in bn USD) - made-up test values, not publications
TABLE = [
    ("2022", "reporter", "WLD", 100.0),
    ("2022", "reporter", "CHN", 20.0),
    ("2022", "reporter", "RUS", 30.0),
    ("2023", "reporter", "WLD", 120.0),
    ("2023", "reporter", "CHN", 30.0),
    ("2023", "reporter", "RUS", 30.0),
    ("2023", "mirror", "WLD", 80.0),
    ("2023", "mirror", "CHN", 40.0),
    ("2023", "mirror", "RUS", 40.0),
]


def _table() -> Observatory:
    observatory = Observatory()
    observatory.add_source(SOURCE)
    observatory.add_indicator(bundled_observatory().indicators["trade.turnover"])
    observatory.observations = [
        Observation(
            indicator="trade.turnover",
            ref_area="KAZ",
            counterpart_area=partner,
            flow="T",
            period=period,
            value=value,
            unit="USD",
            unit_mult=9,
            reporter_side=side,
            source_id=SOURCE.id,
            vintage="2026-10-28",
        )
        for period, side, partner, value in TABLE
    ]
    return observatory


@pytest.fixture
def store(sqlite_url: str, tmp_path: Path) -> Iterator[tuple[TestClient, object]]:
    settings = Settings(database_url=sqlite_url, data_dir=tmp_path / "data", env="development")
    engine = make_engine(settings.resolved_database_url)
    upgrade(engine)
    load_bundled(engine)
    with TestClient(create_app(settings)) as client:
        yield client, engine
    engine.dispose()


def _spec(page: str) -> dict[str, object]:
    found = re.search(r'<script type="application/json" class="chart-spec">(.*?)</script>', page)
    assert found is not None
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def test_bundled_data_say_why_there_is_no_index(store) -> None:  # type: ignore[no-untyped-def]
    client, _ = store
    page = client.get("/indicators/concentration").text
    assert "No partner concentration can be computed" in page
    assert "China, Russia" in page  # the partner figures there are, each from its own source
    assert "chart-spec" not in page
    assert 'href="/indicators/concentration"' in client.get("/indicators").text


def test_an_imported_partner_table_is_charted_on_both_sides(store) -> None:  # type: ignore[no-untyped-def]
    client, engine = store
    with session_scope(engine) as session:
        repo.save_observatory(session, _table())
    page = client.get("/indicators/concentration").text
    spec = _spec(page)
    names = [s["name"] for s in spec["series"]]  # type: ignore[index]
    assert names == [
        "Test DOT",
        "Test DOT: upper bound, rest as one partner",
        "Test DOT (partner-reported)",
    ]
    own, upper, mirror = (s["points"] for s in spec["series"])  # type: ignore[index]
    # 2022: shares 0.2 and 0.3 → 1,300 (rest spread) … 3,800 (rest one partner); 2023: 0.25 each
    assert own == [["2022", 2022.0, 1300.0, "A"], ["2023", 2023.0, 1250.0, "A"]]
    assert upper == [["2022", 2022.0, 3800.0, "A"], ["2023", 2023.0, 3750.0, "A"]]
    assert mirror == [["2023", 2023.0, 5000.0, "A"]]  # the two partners make the mirror total
    assert "1,300–3,800" in page
    assert "5,000" in page
    russian = client.get("/indicators/concentration", headers={"Accept-Language": "ru"}).text
    assert _spec(russian)["series"][0]["points"] == own  # type: ignore[index]


def test_the_essay_and_a_source_without_partners_make_no_series() -> None:
    observatory = _table()
    observatory.add_source(Source(id="totals", producer="T", title="Totals", kind="statistics"))
    observatory.add_observations(
        [
            Observation(
                indicator="trade.turnover",
                ref_area="KAZ",
                counterpart_area="WLD",
                flow="T",
                period="2023",
                value=1.0,
                unit="USD",
                source_id="totals",
            )
        ]
    )
    found = concentration_series(observatory)
    assert [(s.source_id, s.reporter_side) for s in found] == [
        ("test-dot", "reporter"),
        ("test-dot", "mirror"),
    ]
