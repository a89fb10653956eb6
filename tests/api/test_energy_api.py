"""Energy API: routes, flows, dependence, N-1, validation, scenarios and the map layer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from eurasia.http.app import create_app
from eurasia.settings import Settings


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    data = tmp_path_factory.mktemp("api")
    settings = Settings(database_url=f"sqlite:///{data / 'db.sqlite'}", data_dir=str(data))
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_routes(client: TestClient) -> None:
    body = client.get("/api/energy/routes", params={"year": 2024, "commodity": "crude"}).json()
    assert body["count"] == len(body["data"]) == 9
    cpc = next(r for r in body["data"] if r["id"] == "cpc")
    assert cpc["transit"] == ["RU"]
    assert cpc["flow"] == pytest.approx(55.56)


def test_flows_and_dependence(client: TestClient) -> None:
    flows = client.get("/api/energy/flows", params={"commodity": "gas"}).json()
    assert {f["route"] for f in flows["data"]} == {"gas-china", "gas-orenburg"}
    dep = client.get("/api/energy/dependence", params={"commodity": "crude"}).json()
    by_year = {d["year"]: d for d in dep["data"]}
    assert by_year[2023]["top_route"] == "cpc"
    assert by_year[2021]["complete"] is False
    assert dep["freight"] is None


def test_n_1_and_validation(client: TestClient) -> None:
    body = client.get("/api/energy/n-1", params={"commodity": "uranium", "year": 2023}).json()
    cases = {(c["kind"], c["element"]): c for c in body["data"]}
    assert cases[("route", "u-russia")]["rerouted"]["u-titr"] > 0
    val = client.get("/api/energy/validation").json()
    assert val["count"] == val["passed"] >= 10


def test_scenarios(client: TestClient) -> None:
    names = [s["name"] for s in client.get("/api/energy/scenarios").json()["data"]]
    assert "cpc_outage_60d" in names
    out = client.get("/api/energy/scenarios/east_pipeline_expanded").json()
    assert out["parent"] == "cpc-outage-60d"
    assert out["versus_parent"]["crude"]["stranded_change"] < 0
    missing = client.get("/api/energy/scenarios/nope")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")


def test_layer_and_bad_query(client: TestClient) -> None:
    layer = client.get("/api/energy/layer", params={"year": 2023}).json()
    assert layer["type"] == "FeatureCollection"
    assert any(f["properties"]["id"] == "btc-pipeline" for f in layer["features"])
    assert client.get("/api/energy/flows", params={"commodity": "coal"}).status_code == 422


def test_dependence_with_the_freight_index(client: TestClient) -> None:
    body = client.get("/api/energy/dependence", params={"commodity": "gas", "freight": True}).json()
    assert 0 < body["freight"]["hhi"] <= 10_000
    assert "tonne" in body["freight"]["counts"]


def test_the_start_up_warm_up_runs_the_freight_baseline_once() -> None:
    # /api/energy/dependence?freight=true reads the cached baseline run: the warm-up fills it.
    from eurasia.corridors.energy.freight import baseline_freight_dependence
    from eurasia.corridors.network.model import Network
    from eurasia.http.warmup import start_warm_up

    baseline_freight_dependence.cache_clear()
    net = Network.from_edges(["a", "b"], ["b", "c"], {"hours": [1.0, 1.0], "usd": [1.0, 1.0]})
    start_warm_up(lambda: net).join(timeout=600)
    assert baseline_freight_dependence.cache_info().currsize == 1
    before = baseline_freight_dependence.cache_info().hits
    assert 0 < baseline_freight_dependence()["hhi"] <= 10_000
    assert baseline_freight_dependence.cache_info().hits == before + 1
