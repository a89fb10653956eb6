"""Energy page: routes, dependence with the freight index, N-1, scenarios, validation; charts;
the map in Chromium; en/ru/kk."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Page, expect

from eurasia.http.app import create_app
from eurasia.settings import Settings
from tests.web.conftest import shot


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    data = tmp_path_factory.mktemp("web")
    settings = Settings(database_url=f"sqlite:///{data / 'db.sqlite'}", data_dir=str(data))
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_page_has_every_section(client: TestClient) -> None:
    html = client.get("/energy").text
    for anchor in (
        "routes-crude",
        "routes-gas",
        "routes-uranium",
        "dependence-table",
        "freight-row",
        "n1-table",
        "scenario-table",
        "validation-table",
    ):
        assert f'id="{anchor}"' in html
    assert "cpc_outage_60d" in html
    assert "sanction_russia_transit" in html
    assert "/api/energy/layer?part=assets" in html
    assert 'href="/energy"' in html  # in the site navigation


def test_year_changes_the_route_table(client: TestClient) -> None:
    html_2023 = client.get("/energy", params={"year": 2023}).text
    assert "Routes in 2023" in html_2023
    assert client.get("/energy", params={"year": 1990}).status_code == 422


@pytest.mark.parametrize(("lang", "word"), [("ru", "нефть"), ("kk", "мұнай")])
def test_page_speaks_russian_and_kazakh(client: TestClient, lang: str, word: str) -> None:
    html = client.get("/energy", params={"lang": lang}).text
    assert f'lang="{lang}"' in html
    assert word in html.lower()


def test_charts_are_svg(client: TestClient) -> None:
    dep = client.get("/energy/charts/dependence.svg")
    assert dep.headers["content-type"] == "image/svg+xml"
    assert "Sources:" in dep.text
    assert client.get("/energy/charts/flows-crude.svg").status_code == 200
    assert client.get("/energy/charts/flows-coal.svg").status_code == 404


@pytest.mark.browser
def test_map_draws_the_energy_layer(page: Page) -> None:
    page.goto("/energy")
    map_el = page.locator("#map")
    expect(map_el).to_have_attribute("data-ready", "true", timeout=30_000)
    expect(page.locator("#map-legend")).to_contain_text("crude oil")
    page.wait_for_function(
        "() => window.eurasiaMap.queryRenderedFeatures({layers: ['links']}).length > 5",
        timeout=30_000,
    )
    shot(page, "energy-map", full_page=False)


def test_energy_flows_are_indicator_observations_charted_on_the_indicators_page(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # The bundled indicator load (eurasia db load) stores the energy flows; the indicator page
    # charts a route's series with its source.
    from tests.web.stores import loaded_store

    settings = loaded_store(tmp_path_factory.mktemp("store"), {}, warm_up=False)
    with TestClient(create_app(settings)) as store_client:
        page = store_client.get("/indicators/energy.exports.crude.cpc")
        assert page.status_code == 200
        assert '"periods": ["2021", "2022", "2023", "2024"]' in page.text  # the chart's data
        assert "52.2" in page.text
        assert "Caspian Pipeline Consortium (via Reuters)" in page.text  # 2022's source panel
