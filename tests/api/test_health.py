"""The HTTP service: health, OpenAPI, problem+json errors and request ids."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from eurasia.http.app import create_app
from eurasia.http.logs import JsonFormatter
from eurasia.settings import Settings
from eurasia.store.db import make_engine, upgrade


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    engine = make_engine(settings.resolved_database_url)
    upgrade(engine)
    engine.dispose()
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_health_reports_database_and_revision(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "reachable"
    assert "0001_foundation" in body["migration_revisions"] or body["migration_revisions"]
    assert body["migrations_current"] is True


def test_health_is_503_before_migration(settings_factory) -> None:  # type: ignore[no-untyped-def]
    with TestClient(create_app(settings_factory())) as client:
        response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["migrations_current"] is False


def test_health_is_503_when_database_unreachable(settings_factory) -> None:  # type: ignore[no-untyped-def]
    app = create_app(settings_factory(database_url="postgresql://x@127.0.0.1:1/none"))
    with TestClient(app) as client:
        response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_unknown_path_is_problem_json_with_request_id(client: TestClient) -> None:
    response = client.get("/no/such/thing", headers={"X-Request-ID": "abc-123"})
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["x-request-id"] == "abc-123"
    body = response.json()
    assert body["status"] == 404
    assert body["title"] == "Not Found"
    assert body["request_id"] == "abc-123"


def test_openapi_document_lists_health(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    assert "/health" in document["paths"]
    assert document["info"]["title"] == "eurasia"


def test_access_log_is_json_with_request_id(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="eurasia.access"):
        client.get("/health", headers={"X-Request-ID": "req-1"})
    records = [r for r in caplog.records if r.name == "eurasia.access"]
    entry = json.loads(JsonFormatter().format(records[-1]))
    assert entry["request_id"] == "req-1"
    assert entry["status"] == 200
    assert entry["path"] == "/health"


def test_docs_page_loads_swagger_from_this_host(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    urls = re.findall(r"""(?:src|href)=["']([^"']+)["']""", response.text)
    assert urls
    assert all(url.startswith("/") for url in urls), urls
    assert "cdn." not in response.text


def test_large_json_responses_are_gzipped(client: TestClient) -> None:
    response = client.get("/openapi.json", headers={"Accept-Encoding": "gzip"})
    assert response.headers.get("content-encoding") == "gzip"
    assert response.json()["info"]["title"] == "eurasia"
