"""The agenda API: events with visibility and roles, import, views, matching, gaps, feeds."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from eurasia.agenda.ical import parse_ical
from eurasia.auth.credentials import issue_api_token
from eurasia.auth.roles import Role
from eurasia.auth.users import create_user
from eurasia.http.app import create_app
from eurasia.settings import Settings
from eurasia.store.agenda import write_seed
from eurasia.store.db import make_engine, session_scope, upgrade

PRIVATE_UID = "dual-education-working-group@eurasia"


@dataclass
class Api:
    client: TestClient
    editor: dict[str, str]
    other_editor: dict[str, str]
    viewer: dict[str, str]


def _client(settings: Settings) -> Iterator[Api]:
    engine = make_engine(settings.resolved_database_url)
    upgrade(engine)
    tokens = {}
    with session_scope(engine) as session:
        write_seed(session)
        for name, role in (("eli", Role.EDITOR), ("eva", Role.EDITOR), ("vic", Role.VIEWER)):
            user = create_user(session, username=name, password="correct horse battery", role=role)
            tokens[name] = {
                "Authorization": f"Bearer {issue_api_token(session, user, name='t')[1]}"
            }
    engine.dispose()
    with TestClient(create_app(settings)) as client:
        yield Api(client, tokens["eli"], tokens["eva"], tokens["vic"])


@pytest.fixture
def api(settings_factory: Callable[..., Settings]) -> Iterator[Api]:
    """A fresh store (for tests that write)."""
    yield from _client(settings_factory())


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """One seeded SQLite store for the read-only tests of this module."""
    folder = tmp_path_factory.mktemp("agenda-api")
    settings = Settings(database_url=f"sqlite:///{folder / 'a.db'}", data_dir=folder / "data")
    yield from _client(settings)


@pytest.fixture
def api_both(settings: Settings) -> Iterator[Api]:
    yield from _client(settings)


def test_private_events_only_for_signed_in_users(api_both: Api) -> None:
    c = api_both.client
    anonymous = c.get("/api/agenda/events").json()
    signed_in = c.get("/api/agenda/events", headers=api_both.viewer).json()
    assert anonymous["count"] == signed_in["count"] - 1
    assert PRIVATE_UID not in {e["uid"] for e in anonymous["data"]}
    assert c.get(f"/api/agenda/events/{PRIVATE_UID}").status_code == 404
    assert c.get(f"/api/agenda/events/{PRIVATE_UID}", headers=api_both.viewer).status_code == 200
    feed = c.get("/api/agenda/feeds/all.ics")
    assert feed.headers["content-type"].startswith("text/calendar")
    assert PRIVATE_UID not in feed.text
    assert PRIVATE_UID in c.get("/api/agenda/feeds/all.ics", headers=api_both.viewer).text


@pytest.mark.parametrize(
    ("path", "expected", "absent"),
    [
        ("kind/culture.ics", "russian-seasons-kz@eurasia", "interregional-forum@eurasia"),
        ("country/kz.ics", "russian-seasons-kz@eurasia", None),
        ("city/almaty.ics", "atom-iq-summer-school@eurasia", "russian-seasons-kz@eurasia"),
        (
            "organiser/rosatom.ics",
            "atom-iq-summer-school@eurasia",
            "mgimo-branch-academic-year@eurasia",
        ),
    ],
)
def test_feeds_at_stable_urls_round_trip(
    shared: Api, path: str, expected: str, absent: str | None
) -> None:
    response = shared.client.get(f"/api/agenda/feeds/{path}")
    assert response.status_code == 200
    uids = {e.uid for e in parse_ical(response.content).events}
    assert expected in uids
    assert absent not in uids
    assert "BEGIN:VTIMEZONE" in response.text or "VALUE=DATE" in response.text


def test_unknown_kind_is_a_problem(shared: Api) -> None:
    response = shared.client.get("/api/agenda/feeds/kind/party.ics")
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert "party" in response.json()["detail"]


def test_write_needs_editor_and_ownership(api: Api) -> None:
    c = api.client
    body = {
        "uid": "new@test",
        "title": "Rail logistics forum",
        "kind": "business",
        "start": "2026-05-20T10:00:00",
        "end": "2026-05-20T17:00:00",
        "tzid": "Asia/Almaty",
        "venue": {"city": "Astana", "country": "KZ"},
        "rrules": ["FREQ=YEARLY"],
    }
    assert c.post("/api/agenda/events", json=body).status_code == 401
    assert c.post("/api/agenda/events", json=body, headers=api.viewer).status_code == 403
    created = c.post("/api/agenda/events", json=body, headers=api.editor)
    assert created.status_code == 201, created.text
    assert created.json()["recurring"] is True
    assert c.post("/api/agenda/events", json=body, headers=api.editor).status_code == 409
    update = {**body, "title": "Renamed"}
    del update["uid"]
    assert (
        c.put("/api/agenda/events/new@test", json=update, headers=api.other_editor).status_code
        == 403
    )
    renamed = c.put("/api/agenda/events/new@test", json=update, headers=api.editor)
    assert renamed.json()["title"] == "Renamed"
    bad = {**body, "uid": "bad@test", "end": "2026-05-19T10:00:00"}
    problem = c.post("/api/agenda/events", json=bad, headers=api.editor)
    assert problem.status_code == 422
    assert "before start" in problem.json()["detail"]
    assert c.delete("/api/agenda/events/new@test", headers=api.editor).status_code == 204
    assert c.get("/api/agenda/events/new@test").status_code == 404


def test_import_is_all_or_nothing(api: Api) -> None:
    c = api.client
    good = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:imp@test\r\n"
        "SUMMARY:Imported\r\nDTSTART;TZID=Asia/Almaty:20260301T100000\r\nEND:VEVENT\r\n"
    )
    bad = good + "BEGIN:VEVENT\r\nUID:broken@test\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    headers = {**api.editor, "Content-Type": "text/calendar"}
    rejected = c.post("/api/agenda/import", content=bad, headers=headers)
    assert rejected.status_code == 422
    assert "UID=broken@test" in rejected.json()["detail"]
    assert c.get("/api/agenda/events/imp@test").status_code == 404
    accepted = c.post(
        "/api/agenda/import?default_kind=science",
        content=good + "END:VCALENDAR\r\n",
        headers=headers,
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["uids"] == ["imp@test"]
    assert c.get("/api/agenda/events/imp@test").json()["kind"] == "science"
    assert (
        c.post(
            "/api/agenda/import", content=good, headers={"Content-Type": "text/calendar"}
        ).status_code
        == 401
    )


def test_partial_import_takes_the_valid_events_and_reports_the_rest(api: Api) -> None:
    c = api.client
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:part@test\r\n"
        "SUMMARY:Kept\r\nDTSTART;TZID=Asia/Almaty:20260301T100000\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:broken@test\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    headers = {**api.editor, "Content-Type": "text/calendar"}
    answer = c.post("/api/agenda/import?partial=true", content=text, headers=headers)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["uids"] == ["part@test"]
    assert body["rejected"] == [
        {
            "line": 9,
            "component": "VEVENT UID=broken@test",
            "reason": "property DTSTART: missing; every VEVENT needs a start (RFC 5545 3.6.1)",
        }
    ]
    assert c.get("/api/agenda/events/part@test").status_code == 200


def test_instances_clashes_suggestions_and_year(shared: Api) -> None:
    c = shared.client
    window = {"start": "2025-01-01", "end": "2026-01-01"}
    instances = c.get("/api/agenda/instances", params={**window, "city": "Astana"}).json()
    assert instances["count"] > 10
    assert {i["city"] for i in instances["data"]} == {"Astana"}
    open_day = next(i for i in instances["data"] if i["uid"].startswith("university-branches"))
    assert open_day["start"] == "2025-04-19T10:00:00+05:00"
    clashes = c.get("/api/agenda/clashes", params=window).json()
    pairs = {(x["first"]["uid"], x["second"]["uid"]) for x in clashes["data"]}
    assert ("russian-seasons-kz@eurasia", "interregional-forum@eurasia") in pairs
    no_city = c.get("/api/agenda/clashes", params={**window, "same_city": "false"}).json()
    assert no_city["count"] < clashes["count"]
    # a clashing pair is never a suggestion: with the default rules the seed's 2025 pairs clash
    assert c.get("/api/agenda/suggestions", params=window).json()["count"] == 0
    suggestions = c.get("/api/agenda/suggestions", params={**window, "same_city": "false"}).json()
    assert suggestions["data"][0]["score"] >= suggestions["data"][-1]["score"]
    assert suggestions["data"][0]["reasons"][-1].startswith("no clash: ")
    year = c.get("/api/agenda/year/2025", params={"min_gap_days": 30}).json()
    assert year["gaps"]
    assert (
        9 in next(s for s in year["series"] if s["uid"] == "russian-seasons-kz@eurasia")["months"]
    )
    too_long = c.get("/api/agenda/instances", params={"start": "2020-01-01", "end": "2030-01-01"})
    assert too_long.status_code == 422


def test_programmes_projects_matching_gaps(shared: Api) -> None:
    c = shared.client
    assert c.get("/api/agenda/programmes").json()["count"] == 10
    project = c.get("/api/agenda/projects/kz-first-npp").json()
    assert project["illustrative"]
    assert c.get("/api/agenda/projects/nope").status_code == 404
    matches = c.get("/api/agenda/matching", params={"project": "kz-first-npp"}).json()
    assert matches["data"][0]["project_id"] == "kz-first-npp"
    assert any("ISCO" in r for r in matches["data"][0]["reasons"])
    gaps = c.get("/api/agenda/gaps", params={"year": [2031]}).json()
    assert {r["year"] for r in gaps["rows"]} == {2031}
    assert gaps["unserved_programmes"] == ["mgimo-international-relations"]


def test_openapi_lists_agenda_routes(shared: Api) -> None:
    paths = shared.client.get("/openapi.json").json()["paths"]
    for path in ("/api/agenda/events", "/api/agenda/import", "/api/agenda/feeds/city/{city}.ics"):
        assert path in paths
    assert "text/calendar" in paths["/api/agenda/import"]["post"]["requestBody"]["content"]
