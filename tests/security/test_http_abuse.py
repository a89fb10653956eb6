"""The HTTP layer under abuse (issue 18, findings 3, 6 and 7): bodies over their limit are a 413
before anything parses them (and before login), login CSRF through ``Origin: null`` is refused,
a login rotates the session, 429s say when to retry, and ``X-Forwarded-For`` is believed only
from configured proxies on the served app."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from eurasia.auth.roles import Role
from eurasia.auth.users import create_user
from eurasia.http.app import create_app
from eurasia.http.serving import proxy_options
from eurasia.settings import Settings
from eurasia.store.db import make_engine, session_scope, upgrade

PASSWORD = "correct horse battery"
LIMIT = 64 * 1024


def _settings(tmp: Path, **extra: object) -> Settings:
    return Settings(
        database_url=f"sqlite:///{tmp / 'e.db'}",
        data_dir=tmp / "data",
        max_request_bytes=LIMIT,
        max_import_bytes=4 * LIMIT,
        **extra,  # type: ignore[arg-type]
    )


def _prepare(settings: Settings) -> None:
    engine = make_engine(settings.resolved_database_url)
    upgrade(engine)
    with session_scope(engine) as session:
        create_user(session, username="eli", password=PASSWORD, role=Role.EDITOR)
    engine.dispose()


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = _settings(tmp_path)
    _prepare(settings)
    with TestClient(create_app(settings)) as c:
        yield c


def _chunks(total: int, size: int = 16 * 1024) -> Iterator[bytes]:
    sent = 0
    while sent < total:
        yield b"x" * min(size, total - sent)
        sent += size


def test_an_oversized_login_is_a_413_before_it_is_read(client: TestClient) -> None:
    # before: an anonymous 300 MiB login was read in full (+560 MB) before its 422
    response = client.post(
        "/api/auth/login",
        content=b"{" + b" " * (LIMIT + 1),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["x-content-type-options"] == "nosniff"


def test_a_chunked_body_without_length_is_refused(client: TestClient) -> None:
    response = client.post(
        "/api/auth/login", content=_chunks(4 * LIMIT), headers={"Content-Type": "application/json"}
    )
    assert response.request.headers.get("transfer-encoding") == "chunked"
    assert response.status_code == 413


def test_imports_have_their_own_larger_limit(client: TestClient) -> None:
    token = client.post("/api/auth/login", json={"username": "eli", "password": PASSWORD}).json()
    headers = {"X-CSRF-Token": token["csrf_token"], "Content-Type": "text/calendar"}
    small = client.post("/api/agenda/import", content=b"x" * (2 * LIMIT), headers=headers)
    assert small.status_code == 422  # read and parsed: not a calendar
    big = client.post("/api/agenda/import", content=b"x" * (4 * LIMIT + 1), headers=headers)
    assert big.status_code == 413
    page = client.post("/login", content=b"x" * (LIMIT + 1))  # forms too
    assert page.status_code == 413


def test_login_from_an_opaque_origin_is_refused(client: TestClient) -> None:
    body = {"username": "eli", "password": PASSWORD}
    for origin in ("null", "NULL", "https://evil.example"):
        response = client.post("/api/auth/login", json=body, headers={"Origin": origin})
        assert response.status_code == 403, origin
        assert "eurasia_session" not in response.cookies
    page = client.post("/login", data={**body, "next": "/"}, headers={"Origin": "null"})
    assert page.status_code == 403
    assert client.post("/api/auth/login", json=body).status_code == 200


def test_a_new_login_ends_the_session_the_browser_sent(client: TestClient) -> None:
    body = {"username": "eli", "password": PASSWORD}
    first = client.post("/api/auth/login", json=body)
    old = first.cookies["eurasia_session"]
    second = client.post("/api/auth/login", json=body)
    assert second.cookies["eurasia_session"] != old
    stale = TestClient(client.app, cookies={"eurasia_session": old})
    assert stale.get("/api/auth/me").status_code == 401
    assert client.get("/api/auth/me").status_code == 200


def test_throttled_logins_say_when_to_retry(client: TestClient) -> None:
    wrong = {"username": "eli", "password": "not the password"}
    statuses = [client.post("/api/auth/login", json=wrong).status_code for _ in range(5)]
    assert statuses[:4] == [401, 401, 401, 401]
    refused = client.post("/api/auth/login", json=wrong)
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) >= 1


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def _served(settings: Settings) -> Iterator[str]:
    port = _free_port()
    config = uvicorn.Config(
        create_app(settings),
        host="127.0.0.1",
        port=port,
        log_level="error",
        **proxy_options(settings),
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


@pytest.mark.parametrize(("trusted", "limited"), [("", True), ("127.0.0.1", False)])
def test_forwarded_for_is_believed_only_from_trusted_proxies(
    tmp_path: Path, trusted: str, limited: bool
) -> None:
    # before: uvicorn believed X-Forwarded-For from loopback, so rotating it defeated the limit
    settings = _settings(tmp_path, trusted_proxies=trusted, login_max_failures_per_ip=5)
    _prepare(settings)
    wrong = {"username": "nobody", "password": "not the password"}
    with _served(settings) as base, httpx.Client(base_url=base, timeout=30) as http:
        statuses = [
            http.post(
                "/api/auth/login", json=wrong, headers={"X-Forwarded-For": f"198.51.100.{i}"}
            ).status_code
            for i in range(8)
        ]
    assert (429 in statuses) is limited, statuses


def test_the_served_app_stops_reading_a_huge_body_near_the_limit(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    _prepare(settings)
    consumed = 0

    def body() -> Iterator[bytes]:
        nonlocal consumed
        for chunk in _chunks(256 * 1024 * 1024, size=64 * 1024):
            consumed += len(chunk)
            yield chunk

    with _served(settings) as base, httpx.Client(base_url=base, timeout=30) as http:
        started = time.monotonic()
        try:
            status = http.post("/api/auth/login", content=body()).status_code
        except httpx.TransportError:  # the server answered 413 and closed while we still sent
            status = 413
        elapsed = time.monotonic() - started
        assert http.get("/health").status_code == 200
    assert status == 413
    assert consumed < 32 * 1024 * 1024, consumed  # not the 256 MiB offered
    assert elapsed < 10
