"""The API under abuse (issue 18, findings 1, 2 and 7): inputs refused at the schema (CR/LF in a
URL or a feed path, over-long text, too many RRULEs), and no reader paying for an editor's dense
event: instances are paged and budgeted, the pair-wise views bounded."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from eurasia.auth.credentials import issue_api_token
from eurasia.auth.roles import Role
from eurasia.auth.users import create_user
from eurasia.http.app import create_app
from eurasia.settings import Settings
from eurasia.store import corridors as corridors_repo
from eurasia.store.db import make_engine, session_scope, upgrade

DENSE = [f"FREQ=DAILY;BYHOUR={','.join(map(str, range(24)))};BYMINUTE={m}" for m in range(10)]


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, str]]]:
    tmp = tmp_path_factory.mktemp("api-abuse")
    settings = Settings(database_url=f"sqlite:///{tmp / 'e.db'}", data_dir=tmp / "data")
    engine = make_engine(settings.resolved_database_url)
    upgrade(engine)
    with session_scope(engine) as session:
        user = create_user(
            session, username="eli", password="correct horse battery", role=Role.EDITOR
        )
        _, secret = issue_api_token(session, user, name="t")
    engine.dispose()
    with TestClient(create_app(settings)) as client:
        yield client, {"Authorization": f"Bearer {secret}"}


def _event(uid: str, **fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "uid": uid,
        "title": "Forum",
        "kind": "business",
        "start": "2025-01-01T10:00:00",
        "end": "2025-01-01T11:00:00",
        "tzid": "Asia/Almaty",
        "venue": {"city": "Astana", "country": "KZ"},
    }
    body.update(fields)
    return body


@pytest.mark.parametrize(
    "fields",
    [
        {"url": "https://example.org/a\r\nATTENDEE:mailto:all@example.org"},  # the finding
        {"url": "https://example.org/\n"},
        {"url": "javascript:alert(1)"},
        {"title": "x" * 201},
        {"title": "Forum\r\nX-EVIL:1"},
        {"venue": {"city": "Astana\nX", "country": "KZ"}},
        {"organisers": ["o"] * 51},
        {"description": "x" * 20_001},
        {"description": "bell\x07"},
        {"rrules": [f"FREQ=YEARLY;BYMONTH={m}" for m in range(1, 12)]},
    ],
    ids=lambda f: next(iter(f)),
)
def test_bad_event_input_is_a_422_at_the_schema(
    api: tuple[TestClient, dict[str, str]], fields: dict[str, Any]
) -> None:
    client, auth = api
    response = client.post("/api/agenda/events", json=_event("bad@test", **fields), headers=auth)
    assert response.status_code == 422, response.text
    assert client.get("/api/agenda/events/bad@test").status_code == 404


def test_multi_line_description_and_an_http_url_are_fine(
    api: tuple[TestClient, dict[str, str]],
) -> None:
    client, auth = api
    body = _event("fine@test", description="line one\nline two\ttab", url="https://example.org/x")
    assert client.post("/api/agenda/events", json=body, headers=auth).status_code == 201
    assert client.delete("/api/agenda/events/fine@test", headers=auth).status_code == 204


def test_a_five_megabyte_title_never_reaches_the_schema(
    api: tuple[TestClient, dict[str, str]],
) -> None:
    client, auth = api
    response = client.post(
        "/api/agenda/events", json=_event("big@test", title="x" * 5_000_000), headers=auth
    )
    assert response.status_code == 413


@pytest.mark.parametrize(
    "path",
    [
        "/api/agenda/feeds/city/Astana%0D%0AX-WR-CALNAME:evil.ics",
        "/api/agenda/feeds/kind/culture%0A.ics",
        "/api/agenda/feeds/organiser/%00.ics",
        "/api/agenda/feeds/country/" + "k" * 101 + ".ics",
    ],
)
def test_feed_paths_with_line_breaks_are_refused(
    api: tuple[TestClient, dict[str, str]], path: str
) -> None:
    client, _ = api
    response = client.get(path)
    assert response.status_code == 422
    assert "\r" not in response.headers.get("content-disposition", "")


def test_a_dense_event_costs_anonymous_readers_a_bounded_page(
    api: tuple[TestClient, dict[str, str]],
) -> None:
    client, auth = api
    assert (
        client.post(
            "/api/agenda/events", json=_event("dense@test", rrules=DENSE), headers=auth
        ).status_code
        == 201
    )
    try:
        window = "start=2024-01-01&end=2026-12-31"
        started = time.perf_counter()
        first = client.get(f"/api/agenda/instances?{window}")
        elapsed = time.perf_counter() - started
        assert first.status_code == 200
        body = first.json()
        assert body["count"] == 500
        assert body["total"] == 2000  # the event's share, not its 250 000 instances
        assert body["next_offset"] == 500
        assert len(first.content) < 1_000_000
        assert elapsed < 10, elapsed
        last = client.get(f"/api/agenda/instances?{window}&offset=1500&limit=1000").json()
        assert (last["count"], last["next_offset"]) == (500, None)
        for view in ("clashes", "suggestions"):
            response = client.get(f"/api/agenda/{view}?{window}")
            assert response.status_code in (200, 422), response.text
            assert len(response.content) < 2_000_000
        assert client.get("/api/agenda/year/2025").status_code == 200
        assert client.get("/api/agenda/feeds/all.ics").status_code == 200
    finally:
        client.delete("/api/agenda/events/dense@test", headers=auth)


def _queue_rows(client: TestClient, user: str, count: int) -> list[str]:
    engine = client.app.state.engine  # type: ignore[attr-defined]
    with session_scope(engine) as session:
        rows = [
            corridors_repo.create_run(
                session, scenario="baseline_2024", yaml_text="", year=None, user=user
            )
            for _ in range(count)
        ]
        return [r.id for r in rows]


def test_scenario_runs_queued_per_user_are_limited(api: tuple[TestClient, dict[str, str]]) -> None:
    # before: one editor queued 30 runs in 1.3 s
    client, auth = api
    ids = _queue_rows(client, "eli", Settings().max_queued_runs_per_user)
    response = client.post("/api/scenarios/runs", json={"scenario": "baseline_2024"}, headers=auth)
    assert response.status_code == 429, response.text
    assert "at most" in response.json()["detail"]
    engine = client.app.state.engine  # type: ignore[attr-defined]
    with session_scope(engine) as session:
        for run_id in ids:
            corridors_repo.fail_run(session, run_id, error="test")


def test_who_started_a_run_is_shown_to_them_and_admins_only(
    api: tuple[TestClient, dict[str, str]],
) -> None:
    client, auth = api
    (other,) = _queue_rows(client, "somebody-else", 1)
    engine = client.app.state.engine  # type: ignore[attr-defined]
    with session_scope(engine) as session:
        corridors_repo.fail_run(session, other, error="test")
    (own,) = _queue_rows(client, "eli", 1)
    with session_scope(engine) as session:
        corridors_repo.fail_run(session, own, error="test")
    anonymous = {r["id"]: r["created_by"] for r in client.get("/api/scenarios/runs").json()["data"]}
    signed_in = {
        r["id"]: r["created_by"]
        for r in client.get("/api/scenarios/runs", headers=auth).json()["data"]
    }
    assert anonymous[other] == anonymous[own] == ""
    assert (signed_in[other], signed_in[own]) == ("", "eli")
    assert client.get(f"/api/scenarios/runs/{other}", headers=auth).json()["created_by"] == ""
    page = client.get("/corridors/scenarios").text
    assert "somebody-else" not in page
