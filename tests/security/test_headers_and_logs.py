"""Security headers on every kind of response, hardened cookies, no CORS, and no secret in logs."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from eurasia.auth.roles import Role
from eurasia.auth.users import create_user
from eurasia.errors import StoreError
from eurasia.http.app import create_app
from eurasia.http.assets import asset_url
from eurasia.http.logs import JsonFormatter
from eurasia.settings import Settings
from eurasia.store.db import make_engine, ping, session_scope, upgrade
from eurasia.store.loaders import load_bundled

PASSWORD = "correct horse battery staple 42"


@pytest.fixture(scope="module")
def app_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    tmp = tmp_path_factory.mktemp("headers")
    settings = Settings(database_url=f"sqlite:///{tmp / 'e.db'}", data_dir=tmp / "data")
    engine = make_engine(settings.resolved_database_url)
    upgrade(engine)
    load_bundled(engine)
    with session_scope(engine) as session:
        create_user(session, username="ada", password=PASSWORD, role=Role.ADMIN)
    engine.dispose()
    return settings


@pytest.fixture(scope="module")
def client(app_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(app_settings)) as test_client:
        yield test_client


URLS = [
    "/",
    "/login",
    "/agenda",
    "/indicators",
    "/health",
    "/api/indicators",
    "/api/agenda/feeds/all.ics",
    "/api/no-such-thing",
    "/no-such-page",
    "/openapi.json",
    "/docs",
]


@pytest.mark.parametrize("url", URLS)
def test_every_response_has_security_headers(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code < 500
    headers = response.headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "strict-transport-security" not in headers  # development over http


def test_asset_and_405_responses_too(client: TestClient) -> None:
    for response in (client.get(asset_url("app.css")), client.request("TRACE", "/health")):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"


@pytest.mark.parametrize("url", ["/", "/login", "/agenda", "/indicators"])
def test_pages_have_a_strict_content_security_policy(client: TestClient, url: str) -> None:
    policy = dict(
        part.strip().split(" ", 1)
        for part in client.get(url).headers["content-security-policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"  # no inline scripts, no eval, no other host
    assert policy["frame-ancestors"] == "'none'"
    assert all("http" not in value and "*" not in value for value in policy.values())


def test_no_cross_origin_sharing(client: TestClient) -> None:
    response = client.get("/api/indicators", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options(
        "/api/agenda/events",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in preflight.headers


def test_production_adds_hsts_and_secure_cookies(app_settings: Settings) -> None:
    prod = app_settings.model_copy(update={"env": "production", "secret_key": "k" * 48})
    with TestClient(create_app(prod), base_url="https://testserver") as c:
        login = c.post("/api/auth/login", json={"username": "ada", "password": PASSWORD})
        assert login.status_code == 200
        cookie = login.headers["set-cookie"]
        assert all(flag in cookie for flag in ("HttpOnly", "Secure", "SameSite=lax"))
        assert c.get("/health").headers["strict-transport-security"].startswith("max-age=")


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """Everything eurasia logs (as the JSON lines it writes) during the test."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("eurasia")
    logger.addHandler(handler)
    yield stream
    logger.removeHandler(handler)


def test_no_password_token_or_cookie_in_logs(client: TestClient, log_lines: io.StringIO) -> None:
    secrets: list[str] = [PASSWORD, "wrong " + PASSWORD]
    assert (
        client.post("/api/auth/login", json={"username": "ada", "password": secrets[1]}).status_code
        == 401
    )
    login = client.post("/api/auth/login", json={"username": "ada", "password": PASSWORD})
    csrf = login.json()["csrf_token"]
    secrets += [login.cookies["eurasia_session"], csrf]
    created = client.post("/api/auth/tokens", json={"name": "logs"}, headers={"X-CSRF-Token": csrf})
    token = created.json()["token"]
    secrets.append(token)
    assert (
        client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    )
    new_user = {"username": "neo", "password": "neo's " + PASSWORD, "role": "viewer"}
    secrets.append(new_user["password"])
    headers = {"Authorization": f"Bearer {token}"}
    assert client.post("/api/auth/users", json=new_user, headers=headers).status_code == 201
    assert (
        client.get("/api/auth/me", headers={"Authorization": "Bearer eat_forged"}).status_code
        == 401
    )
    client.post("/api/auth/logout", headers={"X-CSRF-Token": csrf})
    text = log_lines.getvalue()
    assert "POST /api/auth/login 401" in text  # the requests were logged …
    for secret in secrets:
        assert secret not in text  # … without what authenticates them
    assert "eat_forged" not in text


def test_database_password_is_hidden_in_errors_and_logs(log_lines: io.StringIO) -> None:
    engine = make_engine(
        "postgresql://eurasia:s3cret-db-pass@127.0.0.1:9/eurasia",
        connect_args={"connect_timeout": 2},
    )
    try:
        with pytest.raises(StoreError) as caught:
            ping(engine)
    finally:
        engine.dispose()
    assert "s3cret-db-pass" not in str(caught.value)
    assert "***" in str(caught.value)
    assert "s3cret-db-pass" not in log_lines.getvalue()
