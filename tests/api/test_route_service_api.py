"""``GET /api/routes`` with a service level, rule files and a commodity."""

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


def test_service_and_rules(client: TestClient) -> None:
    params: dict[str, str | int | list[str]] = {
        "origin": "Chongqing",
        "destination": "Duisburg",
        "year": 2024,
    }
    free = client.get("/api/routes", params={**params, "rules": "none"}).json()["data"][0]
    assert "RU" in free["countries"]
    assert free["rules"] == []
    banned = client.get(
        "/api/routes", params={**params, "rules": ["rules", "rules_eu_transit_ban"]}
    ).json()["data"][0]
    assert "RU" not in banned["countries"]
    ids = {r["id"] for r in banned["rules"]}
    assert "eu-transit-ban-russia-belarus" in ids
    assert {"kind", "edges", "effect", "description"} <= set(banned["rules"][0])
    block = client.get("/api/routes", params={**params, "service": "block"}).json()["data"][0]
    typical = client.get("/api/routes", params=params).json()["data"][0]
    assert block["days"] < typical["days"]
    assert block["service"] == "block"


def test_bad_values_are_problems(client: TestClient) -> None:
    params: dict[str, str | int | list[str]] = {"origin": "Chongqing", "destination": "Duisburg"}
    assert client.get("/api/routes", params={**params, "service": "express"}).status_code == 422
    r = client.get("/api/routes", params={**params, "rules": "/etc/passwd"})
    assert r.status_code == 422
    assert "bundled rule files" in r.json()["detail"]
