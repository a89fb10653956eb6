"""Accounts over HTTP: login, sessions with CSRF, API tokens, roles and user administration."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient

from eurasia.auth.roles import Role
from eurasia.auth.users import create_user
from eurasia.http.app import create_app
from eurasia.http.security import CSRF_HEADER, SESSION_COOKIE, CurrentUser, EditorUser
from eurasia.settings import Settings
from eurasia.store.db import make_engine, session_scope, upgrade

PASSWORD = "correct horse battery"

# A write endpoint guarded like the pillars' ones, to exercise the dependencies end to end.
probe = APIRouter()


@probe.post("/probe/write")
def _write(user: EditorUser) -> dict[str, str]:
    return {"by": user.username, "via": user.via}


@probe.get("/probe/read")
def _read(user: CurrentUser) -> dict[str, str | None]:
    return {"by": user.username if user else None}


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    engine = make_engine(settings.resolved_database_url)
    upgrade(engine)
    with session_scope(engine) as session:
        for name, role in (("ada", Role.ADMIN), ("eli", Role.EDITOR), ("vic", Role.VIEWER)):
            create_user(session, username=name, password=PASSWORD, role=role)
    engine.dispose()
    app = create_app(settings)
    app.include_router(probe)
    with TestClient(app) as test_client:
        yield test_client


def _login(client: TestClient, username: str) -> str:
    response = client.post("/api/auth/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    token = response.json()["csrf_token"]
    assert isinstance(token, str)
    return token


def test_login_sets_hardened_cookie_and_me_works(client: TestClient) -> None:
    response = client.post("/api/auth/login", json={"username": "eli", "password": PASSWORD})
    assert response.status_code == 200
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=ess_")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    me = client.get("/api/auth/me").json()
    assert me["user"]["username"] == "eli"
    assert me["user"]["role"] == "editor"
    assert "password" not in str(me)
    assert me["csrf_token"] == response.json()["csrf_token"]


def test_cookie_is_secure_in_production(settings: Settings) -> None:
    prod = settings.model_copy(update={"env": "production", "secret_key": "x" * 40})
    engine = make_engine(prod.resolved_database_url)
    upgrade(engine)
    with session_scope(engine) as session:
        create_user(session, username="ada", password=PASSWORD, role=Role.ADMIN)
    engine.dispose()
    with TestClient(create_app(prod), base_url="https://testserver") as c:
        response = c.post("/api/auth/login", json={"username": "ada", "password": PASSWORD})
    assert "Secure" in response.headers["set-cookie"]


def test_wrong_password_is_401_problem(client: TestClient) -> None:
    response = client.post("/api/auth/login", json={"username": "eli", "password": "wrong one!!"})
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "invalid username or password" in response.json()["detail"]


def test_login_is_rate_limited(client: TestClient) -> None:
    for _ in range(5):
        client.post("/api/auth/login", json={"username": "vic", "password": "bad password"})
    response = client.post("/api/auth/login", json={"username": "vic", "password": PASSWORD})
    assert response.status_code == 429
    assert "too many failed logins" in response.json()["detail"]


def test_cross_site_login_is_refused(client: TestClient) -> None:
    response = client.post(
        "/api/auth/login",
        json={"username": "eli", "password": PASSWORD},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 403


def test_cookie_write_needs_csrf_token(client: TestClient) -> None:
    csrf = _login(client, "eli")
    assert client.post("/probe/write").status_code == 403
    assert client.post("/probe/write", headers={CSRF_HEADER: "0" * 64}).status_code == 403
    ok = client.post("/probe/write", headers={CSRF_HEADER: csrf})
    assert ok.json() == {"by": "eli", "via": "session"}
    form = client.post("/probe/write", data={"csrf_token": csrf})
    assert form.status_code == 200
    assert client.get("/probe/read").json() == {"by": "eli"}


def test_roles_anonymous_viewer_editor(client: TestClient) -> None:
    assert client.get("/probe/read").json() == {"by": None}
    anonymous = client.post("/probe/write")
    assert anonymous.status_code == 401
    assert anonymous.headers["www-authenticate"] == "Bearer"
    csrf = _login(client, "vic")
    denied = client.post("/probe/write", headers={CSRF_HEADER: csrf})
    assert denied.status_code == 403
    assert "needs editor" in denied.json()["detail"]


def test_api_token_lifecycle(client: TestClient) -> None:
    csrf = _login(client, "eli")
    created = client.post(
        "/api/auth/tokens",
        json={"name": "nightly", "expires_in_days": 30},
        headers={CSRF_HEADER: csrf},
    )
    assert created.status_code == 201
    secret = created.json()["token"]
    client.cookies.clear()
    bearer = {"Authorization": f"Bearer {secret}"}
    assert client.post("/probe/write", headers=bearer).json() == {"by": "eli", "via": "token"}
    listed = client.get("/api/auth/tokens", headers=bearer).json()
    assert listed["count"] == 1
    assert "token" not in listed["data"][0]
    token_id = created.json()["id"]
    assert client.delete(f"/api/auth/tokens/{token_id}", headers=bearer).status_code == 200
    assert client.post("/probe/write", headers=bearer).status_code == 401
    assert client.get("/probe/read", headers={"Authorization": "Basic abc"}).status_code == 401


def test_logout_ends_session(client: TestClient) -> None:
    csrf = _login(client, "eli")
    assert client.post("/api/auth/logout", headers={CSRF_HEADER: csrf}).status_code == 204
    assert client.get("/api/auth/me").status_code == 401


def test_admin_manages_users_and_others_cannot(client: TestClient) -> None:
    csrf = _login(client, "eli")
    assert client.get("/api/auth/users").status_code == 403
    client.cookies.clear()
    csrf = _login(client, "ada")
    headers = {CSRF_HEADER: csrf}
    body = {"username": "nur", "password": PASSWORD, "role": "editor", "display_name": "Nur"}
    created = client.post("/api/auth/users", json=body, headers=headers)
    assert created.status_code == 201
    assert client.post("/api/auth/users", json=body, headers=headers).status_code == 409
    user_id = created.json()["id"]
    changed = client.patch(f"/api/auth/users/{user_id}", json={"role": "viewer"}, headers=headers)
    assert changed.json()["role"] == "viewer"
    users = client.get("/api/auth/users").json()
    assert sorted(u["username"] for u in users["data"]) == ["ada", "eli", "nur", "vic"]
    ada = next(u for u in users["data"] if u["username"] == "ada")
    last = client.patch(f"/api/auth/users/{ada['id']}", json={"is_active": False}, headers=headers)
    assert last.status_code == 409


def test_openapi_documents_auth_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/auth/login", "/api/auth/tokens", "/api/auth/users/{user_id}"} <= set(paths)
