"""``/api/routes?alternatives_method=...``: diverse (penalty) and family alternatives over HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from eurasia.http.app import create_app
from eurasia.settings import Settings

PARAMS = {
    "origin": "Chongqing",
    "destination": "Duisburg",
    "avoid_country": "RU",
    "alternatives": 3,
    "rules": "none",
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(database_url="sqlite://", data_dir=str(tmp_path_factory.mktemp("d")))
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def _countries(client: TestClient, method: str) -> list[tuple[str, ...]]:
    response = client.get("/api/routes", params={**PARAMS, "alternatives_method": method})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["mode"] == "alternatives"
    assert len(body["families"]) == body["count"]
    return [tuple(r["countries"]) for r in body["data"]]


def test_diverse_alternatives_cross_the_caspian_and_differ_from_k_shortest(
    client: TestClient,
) -> None:
    diverse = _countries(client, "diverse")
    families = client.get(
        "/api/routes", params={**PARAMS, "alternatives_method": "diverse"}
    ).json()["families"]
    assert "titr" in families
    assert any("AZ" in c and "IR" not in c for c in diverse)  # a Middle Corridor route
    assert len(set(diverse)) == len(diverse)
    assert diverse != _countries(client, "shortest")
    assert _countries(client, "families")


def test_an_unknown_method_is_a_problem(client: TestClient) -> None:
    response = client.get("/api/routes", params={**PARAMS, "alternatives_method": "random"})
    assert response.status_code == 422
