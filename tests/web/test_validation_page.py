"""Validation page: calibration and held-out references apart, pass/fail per row, pending rows
with their reason, in English and Russian."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from eurasia.http.app import create_app
from eurasia.settings import Settings
from eurasia.web.views.validation import validation_table


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    data = tmp_path_factory.mktemp("web")
    settings = Settings(database_url=f"sqlite:///{data / 'db.sqlite'}", data_dir=str(data))
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_page_shows_both_tables_and_every_reference(client: TestClient) -> None:
    response = client.get("/corridors/validation")
    assert response.status_code == 200
    html = response.text
    rows = validation_table()["rows"]
    for anchor in ('id="calibration"', 'id="held-out"', 'id="validation-summary"'):
        assert anchor in html
    # the table of references not yet evaluated is shown only when there are some
    assert ('id="pending"' in html) == any(row["passed"] is None for row in rows)
    for row in rows:
        assert f'data-reference="{row["id"]}"' in html
    assert 'data-reference="r-erai-dostyk-brest" data-passed="yes"' in html
    assert "Calibration: 12 passed, 0 failed." in html


def test_page_in_russian(client: TestClient) -> None:
    html = client.get("/corridors/validation", params={"lang": "ru"}).text
    assert "Калибровка (модель подогнана под эти значения)" in html
    assert "Контроль (не использовались ни в одной подгонке)" in html
