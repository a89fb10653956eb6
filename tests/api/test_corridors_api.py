"""Corridors API: network GeoJSON, place search and /api/routes, with problem+json errors."""

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


def test_nodes_and_links_are_geojson(client: TestClient) -> None:
    nodes = client.get("/api/network/nodes").json()
    assert nodes["type"] == "FeatureCollection"
    assert len(nodes["features"]) >= 150
    dostyk = next(f for f in nodes["features"] if f["id"] == "kz-dostyk")
    assert dostyk["geometry"]["type"] == "Point"
    assert dostyk["properties"]["country"] == "KZ"
    links = client.get("/api/network/links").json()
    ids = [f["id"] for f in links["features"]]
    assert len(ids) == len(set(ids))
    first = links["features"][0]
    assert first["geometry"]["type"] == "LineString"
    assert {"mode", "status", "km", "hours"} <= set(first["properties"])


def test_node_search_for_autocomplete(client: TestClient) -> None:
    body = client.get("/api/network/nodes/search", params={"q": "akt"}).json()
    assert body["count"] == len(body["data"]) >= 2
    assert {"kz-aktau", "kz-aktogay"} <= {n["id"] for n in body["data"]}
    assert client.get("/api/network/nodes/search", params={"q": ""}).status_code == 422


def test_best_route(client: TestClient) -> None:
    r = client.get("/api/routes", params={"origin": "Chongqing", "destination": "Duisburg"})
    assert r.status_code == 200
    body = r.json()
    assert body["mode"] == "best"
    assert body["count"] == 1
    route = body["data"][0]
    assert 16 <= route["days"] <= 18
    assert route["legs"][0]["from"] == "cn-chongqing"
    assert 0 < route["reliability"] < 1
    assert "fastest" in route["explanation"]


def test_alternatives_and_pareto(client: TestClient) -> None:
    params: dict[str, str | int | list[str]] = {
        "origin": "Chongqing",
        "destination": "Duisburg",
        "avoid_country": ["RU", "IR"],
        "optimize": "cost",
        "alternatives": 2,
    }
    body = client.get("/api/routes", params=params).json()
    assert body["mode"] == "alternatives"
    assert all(not {"RU", "IR"} & set(r["countries"]) for r in body["data"])
    front = client.get(
        "/api/routes",
        params={"origin": "Chongqing", "destination": "Duisburg", "pareto": "time,cost"},
    ).json()
    assert front["mode"] == "pareto"
    hours = [r["totals"]["hours"] for r in front["data"]]
    usd = [r["totals"]["usd"] for r in front["data"]]
    assert hours == sorted(hours)
    assert usd == sorted(usd, reverse=True)


@pytest.mark.parametrize(
    ("params", "status", "text"),
    [
        ({"origin": "Chongqingg", "destination": "Duisburg"}, 404, "did you mean"),
        ({"origin": "Chongqing", "destination": "Duisburg", "optimize": "speed"}, 404, "criterion"),
        (
            {"origin": "Chongqing", "destination": "Duisburg", "avoid_mode": "rail"},
            422,
            "no route",
        ),
        (
            {
                "origin": "Chongqing",
                "destination": "Duisburg",
                "pareto": "time,cost",
                "via": "Aktau",
            },
            422,
            "via",
        ),
        ({"origin": "Chongqing"}, 422, "destination"),
    ],
)
def test_errors_are_problem_documents(
    client: TestClient, params: dict[str, str], status: int, text: str
) -> None:
    r = client.get("/api/routes", params=params)
    assert r.status_code == status
    assert r.headers["content-type"].startswith("application/problem+json")
    assert text in r.json()["detail"]


def test_openapi_documents_the_planner(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    op = spec["paths"]["/api/routes"]["get"]
    names = {p["name"] for p in op["parameters"]}
    assert {"origin", "destination", "optimize", "avoid_country", "via", "pareto"} <= names
    assert "RouteListPublic" in spec["components"]["schemas"]


def test_explanations_in_the_language_asked(client: TestClient) -> None:
    params = {"origin": "Almaty", "destination": "Aktau", "avoid_country": "CN"}
    english = client.get("/api/routes", params=params).json()["data"][0]["explanation"]
    russian = client.get("/api/routes", params={**params, "lang": "ru"}).json()
    assert english.startswith("Almaty → Aktau, fastest:")
    assert "Avoids countries CN as asked." in english
    text = russian["data"][0]["explanation"]
    assert text.startswith("Алматы → Актау, самый быстрый")
    assert "По запросу обходит: страны CN." in text
    bad = client.get("/api/routes", params={**params, "lang": "xx"})
    assert bad.status_code == 422
    assert "lang" in bad.json()["detail"]
    spec = client.get("/openapi.json").json()
    assert "lang" in {p["name"] for p in spec["paths"]["/api/routes"]["get"]["parameters"]}
