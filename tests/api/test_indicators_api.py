"""``/api/indicators``: search, series with sources, CSV download, claims, targets, editor writes."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from eurasia.auth.credentials import issue_api_token
from eurasia.auth.roles import Role
from eurasia.auth.users import create_user
from eurasia.http.app import create_app
from eurasia.settings import Settings
from eurasia.store.db import make_engine, session_scope, upgrade
from eurasia.store.loaders import load_bundled

PASSWORD = "correct horse battery staple 42"


@pytest.fixture
def client(settings: Settings) -> Iterator[tuple[TestClient, dict[str, str], dict[str, str]]]:
    engine = make_engine(settings.resolved_database_url)
    upgrade(engine)
    load_bundled(engine)
    with session_scope(engine) as session:
        editor = create_user(session, username="eli", password=PASSWORD, role=Role.EDITOR)
        viewer = create_user(session, username="vic", password=PASSWORD, role=Role.VIEWER)
        _, editor_secret = issue_api_token(session, editor, name="t")
        _, viewer_secret = issue_api_token(session, viewer, name="t")
    engine.dispose()
    with TestClient(create_app(settings)) as test_client:
        yield (
            test_client,
            {"Authorization": f"Bearer {editor_secret}"},
            {"Authorization": f"Bearer {viewer_secret}"},
        )


def test_search_and_series_with_sources(client) -> None:  # type: ignore[no-untyped-def]
    c, _, _ = client
    listed = c.get("/api/indicators", params={"q": "uranium"}).json()
    # production and world share, plus the energy export routes (u-russia, u-titr, u-china, total)
    assert listed["count"] == 6 == len(listed["data"])
    assert sum(d["code"].startswith("energy.exports.uranium.") for d in listed["data"]) == 4
    body = c.get(
        "/api/indicators/trade.turnover/observations", params={"counterpart_area": "CHN"}
    ).json()
    assert {o["value"] for o in body["data"]} == {43.82, 30.1, 44.0}
    assert {s["id"] for s in body["sources"]} == {
        "china-customs-2024",
        "edb-2025-08",
        "essay-valdai-2025",
    }
    assert body["indicator"]["unit_mult"] == 9
    missing = c.get("/api/indicators/no.such")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"


def test_csv_download(client) -> None:  # type: ignore[no-untyped-def]
    c, _, _ = client
    response = c.get("/api/indicators/energy.uranium_production/observations.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {r["source_id"] for r in rows} >= {"kazatomprom-2023", "globaldata-2024-02"}
    assert all(r["source_id"] for r in rows)


def test_claims_targets_discrepancies_sources(client) -> None:  # type: ignore[no-untyped-def]
    c, _, _ = client
    claims = c.get("/api/indicators/claims").json()
    verdicts = {d["id"]: d["verdict"] for d in claims["data"]}
    assert verdicts["uranium-share"] == "outdated"
    assert claims["count"] == 16
    targets = {d["id"]: d for d in c.get("/api/indicators/targets").json()["data"]}
    assert targets["res-2030-15pc"]["status"] == "on track"
    assert targets["transit-2029-35mt"]["superseded_by"] == "transit-2029-67mt"
    found = c.get("/api/indicators/discrepancies", params={"threshold": 0.3}).json()
    assert found["count"] == 1
    assert not found["data"][0]["same_side"]
    sources = c.get("/api/indicators/sources").json()
    assert any(s["licence"] == "CC-BY-4.0" for s in sources["data"])


def test_writes_need_an_editor_and_a_known_source(client) -> None:  # type: ignore[no-untyped-def]
    c, editor, viewer = client
    item = {
        "indicator": "transit.cargo",
        "ref_area": "KAZ",
        "period": "2023",
        "value": 24.3,
        "unit": "t",
        "unit_mult": 6,
        "source_id": "kz-transport-ministry-2025-08",
        "vintage": "test",
    }
    assert c.post("/api/indicators/observations", json={"data": [item]}).status_code == 401
    assert (
        c.post("/api/indicators/observations", json={"data": [item]}, headers=viewer).status_code
        == 403
    )
    bad = {**item, "source_id": "nobody"}
    response = c.post("/api/indicators/observations", json={"data": [item, bad]}, headers=editor)
    assert response.status_code == 422
    assert "nobody" in response.json()["detail"]
    wrong = c.post(
        "/api/indicators/observations", json={"data": [{**item, "period": "23"}]}, headers=editor
    )
    assert wrong.status_code == 422
    assert "data[0]" in wrong.json()["detail"]
    series = c.get("/api/indicators/transit.cargo/observations").json()
    assert "2023" not in {o["period"] for o in series["data"]}  # nothing half-written
    created = c.post("/api/indicators/observations", json={"data": [item]}, headers=editor)
    assert created.status_code == 201
    assert created.json() == {"count": 1}
    series = c.get("/api/indicators/transit.cargo/observations").json()
    values = {(o["period"], o["source_id"]): o["value"] for o in series["data"]}
    assert values[("2023", "kz-transport-ministry-2025-08")] == 24.3
    assert values[("2024", "kz-transport-ministry-2025-08")] == 27.4  # same source kept
    again = c.post(
        "/api/indicators/observations", json={"data": [{**item, "value": 24.0}]}, headers=editor
    )
    assert again.status_code == 201
    series = c.get("/api/indicators/transit.cargo/observations").json()
    assert [o["value"] for o in series["data"] if o["period"] == "2023"] == [24.0]


def test_openapi_lists_indicator_routes(client) -> None:  # type: ignore[no-untyped-def]
    c, _, _ = client
    paths = c.get("/openapi.json").json()["paths"]
    assert {
        "/api/indicators",
        "/api/indicators/{code}/observations.csv",
        "/api/indicators/claims",
        "/api/indicators/targets",
    } <= set(paths)
