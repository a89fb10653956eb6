"""The scenario workbench: bundled scenarios precomputed at load, readable names, the builder,
downloads of runs and comparisons, the difference map; over HTTP, then in Chromium (desktop,
390 px phone, axe-core).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from fastapi.testclient import TestClient
from playwright.sync_api import Page, expect
from sqlalchemy import Engine, select

from eurasia.auth.roles import Role
from eurasia.corridors.scenarios import running
from eurasia.corridors.scenarios.parsing import SCENARIO_DIR, bundled_scenario_names, load_scenario
from eurasia.errors import DataError
from eurasia.http.app import create_app
from eurasia.settings import Settings
from eurasia.store import corridors as runs_repo
from eurasia.store.db import make_engine, session_scope, upgrade
from eurasia.store.loaders import load_bundled
from eurasia.store.tables import DataLoad
from eurasia.web.views.scenario_texts import SCENARIO_DESCRIPTIONS, SCENARIO_TITLES
from tests.web.conftest import login, shot
from tests.web.stores import loaded_store
from tests.web.test_scenario_pages import _login

BASE = runs_repo.precomputed_id("baseline_2024")
FERRIES = runs_repo.precomputed_id("caspian_ferry_x2")
CLOSED = runs_repo.precomputed_id("russia_closed_eu")


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A loaded store (bundled scenarios precomputed) with editor eli and viewer vic."""
    users = {"eli": Role.EDITOR, "vic": Role.VIEWER}
    return loaded_store(tmp_path_factory.mktemp("workbench"), users)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


# --- precomputed at load -------------------------------------------------------------------


def test_load_precomputes_every_bundled_scenario_once(engine: Engine) -> None:
    first = {r.name: r for r in load_bundled(engine)}["corridor-scenario-runs"]
    assert (first.rows, first.skipped) == (len(bundled_scenario_names()), False)
    with session_scope(engine) as session:
        runs = {r.id: r for r in runs_repo.list_runs(session)}
        stamps = {run_id: run.finished_at for run_id, run in runs.items()}
    assert set(runs) == {runs_repo.precomputed_id(n) for n in bundled_scenario_names()}
    assert {r.status for r in runs.values()} == {"succeeded"}
    assert all(r.created_by == runs_repo.PRECOMPUTED_BY for r in runs.values())
    transit = runs[BASE].summary["indicators"]["transit_mt"]  # type: ignore[index]
    assert 20 < transit < 40
    again = {r.name: r for r in load_bundled(engine)}["corridor-scenario-runs"]
    assert again.skipped  # same inputs checksum: nothing is run again
    with session_scope(engine) as session:
        assert {r.id: r.finished_at for r in runs_repo.list_runs(session)} == stamps


def test_a_failing_scenario_loads_no_run_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = running.run_scenario

    def failing(scenario: object, **options: object) -> running.ScenarioOutcome:
        if getattr(scenario, "name", "") == "russia-closed-eu":
            raise DataError("russia_closed_eu.yaml: the demand does not converge")
        return real(scenario, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(running, "run_scenario", failing)
    runs_repo._bundled_summaries.cache_clear()  # results kept from an earlier load would be used
    engine = make_engine(f"sqlite:///{tmp_path / 'e.db'}")
    upgrade(engine)
    with pytest.raises(DataError, match="does not converge"):
        load_bundled(engine)
    with session_scope(engine) as session:
        assert runs_repo.count_runs(session) == 0
        assert (
            session.scalar(select(DataLoad).where(DataLoad.dataset == "corridor-scenario-runs"))
            is None
        )
    engine.dispose()


def test_anonymous_readers_see_results_and_readable_names(client: TestClient) -> None:
    page = client.get("/corridors/scenarios").text
    assert "No runs stored yet" not in page
    for name in bundled_scenario_names():
        assert f'data-precomputed="{name}"' in page
        assert SCENARIO_TITLES[name] in page
    assert "precomputed with the bundled data" in page
    assert 'href="/corridors/scenarios/new?base=russia_closed_eu"' in page
    built = client.get("/corridors/scenarios/new?base=russia_closed_eu").text
    assert 'value="russia_closed_eu" selected' in built
    run = client.get(f"/corridors/scenarios/runs/{CLOSED}").text
    assert "Scenario run: Russia closed to EU-bound transit" in run
    assert "China – Europe" in run  # OD groups in words
    assert "Precomputed with the bundled data" in run


def test_every_bundled_description_is_a_catalogue_message() -> None:
    assert set(SCENARIO_TITLES) == set(bundled_scenario_names())
    for name in bundled_scenario_names():
        assert SCENARIO_DESCRIPTIONS[name] == load_scenario(name).description
        assert not re.search(r"\b[a-z]+_\w+\b", SCENARIO_DESCRIPTIONS[name])  # no file codes


# --- downloads ----------------------------------------------------------------------------


def _rows(response: object) -> list[dict[str, str]]:
    text = response.text  # type: ignore[attr-defined]
    return list(csv.DictReader(io.StringIO(text)))


def test_run_downloads(client: TestClient) -> None:
    summary = client.get(f"/api/scenarios/runs/{BASE}").json()["result"]
    flows = client.get(f"/corridors/scenarios/runs/{BASE}/flows.csv")
    assert flows.headers["content-type"].startswith("text/csv")
    assert "attachment" in flows.headers["content-disposition"]
    rows = _rows(flows)
    assert len(rows) == len(summary["link_flows"])
    caspian = next(r for r in rows if r["edge"] == "kz-kuryk--az-alat")
    assert caspian["from"] == "Kuryk"
    assert caspian["from_id"] == "kz-kuryk"
    totals = _rows(client.get(f"/corridors/scenarios/runs/{BASE}/summary.csv"))
    transit = next(r for r in totals if r["key"] == "transit_mt")
    assert float(transit["value"]) == pytest.approx(summary["indicators"]["transit_mt"])
    assert {r["section"] for r in totals} >= {"indicator", "corridor_share", "group_served_mt"}
    links = client.get(f"/corridors/scenarios/runs/{BASE}/flows.geojson")
    assert links.headers["content-type"].startswith("application/geo+json")
    assert json.loads(links.text)["type"] == "FeatureCollection"
    page = client.get(f"/corridors/scenarios/runs/{BASE}").text
    for href in ("flows.csv", "summary.csv", "flows.geojson"):
        assert f'href="/corridors/scenarios/runs/{BASE}/{href}" download' in page
    assert client.get(f"/corridors/scenarios/runs/{BASE}/scenario.yaml").status_code == 404


def test_comparison_downloads_and_difference_map(client: TestClient) -> None:
    pair = f"a={BASE}&b={CLOSED}"
    changes = _rows(client.get(f"/corridors/scenarios/compare/flows.csv?{pair}"))
    assert changes
    for r in changes:
        assert float(r["change_mt"]) == pytest.approx(float(r["b_mt"]) - float(r["a_mt"]))
    sizes = [abs(float(r["change_mt"])) for r in changes]
    assert sizes == sorted(sizes, reverse=True)
    totals = _rows(client.get(f"/corridors/scenarios/compare/summary.csv?{pair}"))
    assert any(r["key"] == "transit_mt" for r in totals)
    diff = client.get(f"/corridors/scenarios/compare/links.geojson?{pair}").json()
    props = [f["properties"] for f in diff["features"]]
    kinds = {p["change"] for p in props}
    assert {"increase", "decrease"} <= kinds  # EU cargo leaves Russia for other routes
    for p in props:
        assert (p["change_mt"] > 0) == (p["change"] == "increase")
        assert (p["change_mt"] < 0) == (p["change"] == "decrease")
        assert p["abs_change_mt"] == abs(p["change_mt"])
        assert not re.search(r"[-−]0\.0\b", p["name"])  # never "−0"
        assert ":" not in p["name"].split("(")[0]  # place names, never vertex ids
    # closing Russia to EU cargo takes flow off the Belarus–Poland crossing at Brest
    brest = [p for p in props if "Brest" in p["name"]]
    assert brest
    assert all(p["change"] == "decrease" for p in brest)
    page = client.get(f"/corridors/scenarios/compare?{pair}").text
    assert 'data-difference="true"' in page
    assert (
        f'data-links-url="/corridors/scenarios/compare/links.geojson?{pair.replace("&", "&amp;")}"'
        in page
    )
    assert 'id="diff-legend"' in page
    shown = re.sub(r"<[^>]+>", " ", page.split("<main")[1])
    assert not re.search(r"[-−]0(\.0)?\s", shown)
    download = client.get(f"/corridors/scenarios/compare/links.geojson?{pair}&download=true")
    assert "attachment" in download.headers["content-disposition"]
    assert all("Mt/yr" not in f["properties"]["name"] for f in download.json()["features"])


def test_unfinished_or_unknown_runs_have_no_downloads(client: TestClient) -> None:
    assert client.get("/corridors/scenarios/runs/nope/flows.csv").status_code == 404
    assert client.get(f"/corridors/scenarios/compare/flows.csv?a={BASE}&b=nope").status_code == 404


# --- the builder --------------------------------------------------------------------------

DOSTYK = {
    "name": "Dostyk closed, Caspian doubled",
    "base": "baseline_2024",
    "year": "2030",
    "close-0-what": "node:kz-dostyk",
    "close-0-from": "2026",
    "change-0-what": "mode:ferry",
    "change-0-field": "capacity_factor",
    "change-0-value": "2",
    "grow-0-groups": ["CN-EU", "CN-TR"],
    "grow-0-kind": "rate",
    "grow-0-value": "5",
}


def _errors(html: str) -> dict[str, str]:
    return dict(re.findall(r'id="err-([\w-]+)"[^>]*>([^<]+)<', html))


def test_builder_checks_as_you_type_in_words_without_key_paths(client: TestClient) -> None:
    page = client.get("/corridors/scenarios/new")
    assert page.status_code == 200
    assert 'hx-post="/corridors/scenarios/new/check"' in page.text
    assert "Dostyk" in page.text
    assert "Kazakhstan" in page.text
    bad = {**DOSTYK, "close-0-until": "2025", "change-0-value": "abc", "grow-0-value": "-150"}
    errors = _errors(client.post("/corridors/scenarios/new/check", data=bad).text)
    assert errors == {
        "change-0-value": "Give a number, e.g. 1.5.",
        "grow-0-value": "Give a yearly rate above −99 %.",
    }
    # the form is fine; the scenario check (parsing.py) finds the period, put on its field
    errors = _errors(
        client.post("/corridors/scenarios/new/check", data={**DOSTYK, "close-0-until": "2025"}).text
    )
    assert errors == {"close-0-until": "The last year is before the first."}
    for message in errors.values():
        assert "closures[" not in message
        assert ".yaml" not in message
    checked = client.post("/corridors/scenarios/new/check", data=DOSTYK).text
    assert _errors(checked) == {}
    assert "The scenario is valid" in checked
    assert "data-note" not in checked
    # valid, but a closure after the scenario year (2024 here) does nothing: said so
    later = client.post("/corridors/scenarios/new/check", data={**DOSTYK, "year": ""}).text
    assert "The closure from 2026 starts after the scenario year 2024" in later
    untouched = client.post("/corridors/scenarios/new/check", data={"base": "baseline_2024"})
    assert _errors(untouched.text) == {}  # nothing typed yet: no errors shown


def test_builder_downloads_the_yaml_the_cli_reads(client: TestClient, tmp_path: Path) -> None:
    response = client.post("/corridors/scenarios/new", data={**DOSTYK, "action": "download"})
    assert response.status_code == 200
    assert (
        'filename="Dostyk_closed_Caspian_doubled.yaml"' in response.headers["content-disposition"]
    )
    path = tmp_path / "dostyk.yaml"
    path.write_text(response.text, encoding="utf-8")
    raw = yaml.safe_load(response.text)
    assert raw["closures"] == [
        {"nodes": ["kz-dostyk"], "from": 2026, "source": "scenario assumption: scenario builder"}
    ]
    # the file is read as the CLI reads it; extends resolves to the bundled baseline
    (tmp_path / "baseline_2024.yaml").write_text(
        (SCENARIO_DIR / "baseline_2024.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    scenario = load_scenario(path)
    assert scenario.year == 2030
    assert scenario.files == ("dostyk.yaml", "baseline_2024.yaml")
    assert [c.capacity_factor for c in scenario.changes] == [2.0]
    assert [g.rate for g in scenario.growth] == [0.05]
    assert scenario.closures[0].start == 2026
    invalid = client.post(
        "/corridors/scenarios/new", data={**DOSTYK, "name": "", "action": "download"}
    )
    assert invalid.status_code == 422
    assert _errors(invalid.text)["name"] == "Give the scenario a name."


def test_builder_reopens_from_its_address(client: TestClient) -> None:
    page = client.get("/corridors/scenarios/new", params=DOSTYK).text
    assert 'value="Dostyk closed, Caspian doubled"' in page
    assert 'value="node:kz-dostyk" selected' in page
    assert 'value="CN-TR" selected' in page
    assert "The scenario is valid" in page
    assert "capacity_factor: 2.0" in page


def test_builder_adds_rows_without_javascript(client: TestClient) -> None:
    page = client.post("/corridors/scenarios/new", data={**DOSTYK, "action": "add-close"}).text
    assert 'name="close-1-what"' in page
    assert 'value="node:kz-dostyk" selected' in page  # what was typed stays


def test_only_editors_run_a_built_scenario(client: TestClient, settings: Settings) -> None:
    refused = client.post("/corridors/scenarios/new", data={**DOSTYK, "action": "run"})
    assert refused.status_code == 422
    assert "Running scenarios needs the editor role." in refused.text
    csrf = _login(client, "vic")
    viewer = client.post(
        "/corridors/scenarios/new", data={**DOSTYK, "action": "run", "csrf_token": csrf}
    )
    assert viewer.status_code == 422
    client.post("/logout", data={"csrf_token": csrf})
    csrf = _login(client, "eli")
    assert "Run it" in client.get("/corridors/scenarios/new").text
    small = {**DOSTYK, "year": "", "grow-0-value": "", "grow-0-groups": []}
    started = client.post(
        "/corridors/scenarios/new",
        data={**small, "action": "run", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert started.status_code == 303, started.text
    run_id = started.headers["location"].rsplit("/", 1)[1]
    run = client.get(f"/api/scenarios/runs/{run_id}").json()
    assert run["status"] == "succeeded", run
    assert run["scenario"] == DOSTYK["name"]
    stored = client.get(f"/corridors/scenarios/runs/{run_id}/scenario.yaml").text
    assert yaml.safe_load(stored)["closures"][0]["nodes"] == ["kz-dostyk"]
    page = client.get(f"/corridors/scenarios/runs/{run_id}").text
    assert f"Scenario run: {DOSTYK['name']}" in page
    assert f'href="/corridors/scenarios/runs/{run_id}/scenario.yaml"' in page


# --- in the browser -----------------------------------------------------------------------


def _serious(page: Page) -> list[str]:
    page.wait_for_load_state("networkidle")
    results = Axe().run(page)
    return [
        f"{page.url}: {v['id']} ({v['impact']}): {v['help']} - {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


@pytest.mark.browser
def test_build_check_download_and_run_in_the_browser(page: Page) -> None:
    login(page, "eli")
    page.goto("/corridors/scenarios")
    page.get_by_role("link", name="Build your own scenario").click()
    expect(page.get_by_role("heading", name="Build a scenario")).to_be_visible()
    page.get_by_label("Name").fill("Dostyk closed from 2026")
    page.get_by_label("Year", exact=False).first.fill("2030")
    page.get_by_label("Country or crossing").select_option(label="Dostyk (KZ)")
    page.get_by_label("From year").fill("2026")
    page.get_by_label("Links of").select_option("mode:ferry")
    page.locator("#sb-change-0-value").fill("two")
    expect(page.locator("#err-change-0-value")).to_have_text("Give a number, e.g. 1.5.")
    expect(page.locator("#sb-change-0-value")).to_have_attribute("aria-invalid", "true")
    page.locator("#sb-change-0-value").fill("2")
    expect(page.locator("#err-change-0-value")).to_have_text("")
    expect(page.locator("#builder-status")).to_contain_text("The scenario is valid")
    expect(page.locator("#yaml-preview pre")).to_contain_text("kz-dostyk")
    page.get_by_role("button", name="Add a growth rule").click()
    expect(page.locator("#sb-grow-1-groups")).to_be_focused()
    page.locator("#sb-grow-0-groups").select_option(["CN-EU", "CN-TR"])
    page.locator("#sb-grow-0-value").fill("4")
    expect(page.locator("#yaml-preview pre")).to_contain_text("rate: 0.04")
    assert _serious(page) == []
    shot(page, "corridors-scenario-builder")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the scenario file").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert yaml.safe_load(text)["closures"][0]["from"] == 2026
    # the address follows the form: a copied link reopens it in a new browser
    address = page.evaluate("location.href")
    assert "close-0-what=node%3Akz-dostyk" in address
    assert "csrf" not in address
    browser = page.context.browser
    assert browser is not None
    other = browser.new_context(base_url=address.split("/corridors")[0])
    try:
        fresh = other.new_page()
        fresh.goto(address)
        expect(fresh.locator("#sb-name")).to_have_value("Dostyk closed from 2026")
        expect(fresh.locator("#sb-close-0-from")).to_have_value("2026")
        expect(fresh.locator("#yaml-preview pre")).to_contain_text("rate: 0.04")
    finally:
        other.close()
    page.get_by_role("button", name="Run it").click()
    page.wait_for_url(re.compile(r"/corridors/scenarios/runs/[0-9a-f]+$"))
    expect(page.locator("#map")).to_have_attribute("data-ready", "true", timeout=90_000)
    expect(
        page.get_by_role("heading", name="Scenario run: Dostyk closed from 2026")
    ).to_be_visible()


@pytest.mark.browser
def test_difference_map_colours_and_sizes_links_by_change(page: Page) -> None:
    page.goto(f"/corridors/scenarios/compare?a={BASE}&b={CLOSED}")
    map_el = page.locator("#map")
    expect(map_el).to_have_attribute("data-difference-painted", "true", timeout=60_000)
    page.wait_for_function(
        """() => window.eurasiaMap.queryRenderedFeatures({layers: ['links']})
             .some((f) => f.properties.change === 'decrease')""",
        timeout=30_000,
    )
    drawn = page.evaluate(
        """() => {
          const fs = window.eurasiaMap.queryRenderedFeatures({layers: ['links']});
          return {kinds: [...new Set(fs.map((f) => f.properties.change))],
                  colour: window.eurasiaMap.getPaintProperty('links', 'line-color')};
        }"""
    )
    assert {"increase", "decrease"} <= set(drawn["kinds"])
    assert drawn["colour"][1] == ["get", "change"]
    legend = page.locator("#diff-legend")
    expect(legend).to_contain_text("more flow in Russia closed to EU-bound transit")
    expect(legend).to_contain_text("20 Mt/yr")
    widths = page.eval_on_selector_all(
        "[data-width-sample]", "els => els.map((e) => e.getBoundingClientRect().height)"
    )
    assert widths == sorted(widths)
    assert widths[0] < widths[-1]
    colours = page.eval_on_selector_all(
        "[data-change-swatch]", "els => els.map((e) => getComputedStyle(e).backgroundColor)"
    )
    assert len(set(colours)) == 3
    assert _serious(page) == []
    page.locator("#cmp-map").evaluate("(h) => window.scrollTo(0, h.offsetTop - 8)")
    shot(page, "corridors-scenario-difference", full_page=False)


@pytest.mark.browser
@pytest.mark.parametrize(
    "url",
    [
        "/corridors/scenarios",
        f"/corridors/scenarios/runs/{FERRIES}",
        f"/corridors/scenarios/compare?a={BASE}&b={FERRIES}",
        "/corridors/scenarios/new",
    ],
)
def test_scenario_pages_fit_a_phone(phone: Page, url: str) -> None:
    phone.goto(url)
    phone.wait_for_load_state("networkidle")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{url} is {width} px wide on a 390 px phone"
    assert _serious(phone) == []
