"""The authorization matrix: role × resource × own/other × action, with exact status codes.

Identities: anonymous, a viewer, two editors (``eli`` owns an event, ``eva`` does not), an admin,
and credentials that must count for nothing (a revoked token, a disabled user's token, a
malformed header). Resources: agenda events (public, private, owned, unowned), the calendar
import, iCalendar feeds, indicator values, scenario runs, API tokens and users. Each cell of the
table below is one request and the status it must get: 401 without credentials, 403 with too low
a role or someone else's object, 404 for what does not exist *or may not be seen* (a private
event for an anonymous caller), and the success code otherwise.

Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from eurasia.auth.credentials import issue_api_token, revoke_api_token
from eurasia.auth.roles import Principal, Role
from eurasia.auth.users import create_user, get_user, update_user
from eurasia.http.app import create_app
from eurasia.http.security import CSRF_HEADER
from eurasia.indicators.model import Observation
from eurasia.settings import Settings
from eurasia.store.db import make_engine, session_scope, upgrade
from eurasia.store.indicators import ObservationRow
from eurasia.store.loaders import load_bundled

PASSWORD = "correct horse battery"
PUBLIC_UID = "russian-seasons-kz@eurasia"
PRIVATE_UID = "dual-education-working-group@eurasia"
OWN_UID = "eli-forum@test"
IDENTITIES = ("anonymous", "viewer", "editor", "other_editor", "admin")


@dataclass
class World:
    client: TestClient
    headers: dict[str, dict[str, str]]
    token_ids: dict[str, int]
    user_ids: dict[str, int]
    settings: Settings
    bundled_obs: dict[str, Any]


PROGRAMME = {
    "title": "Rail signalling technicians (dual)",
    "provider": "Kazakh Academy of Transport",
    "isced_field": "0716",
    "isced_level": 4,
    "mode": "dual",
    "city": "Almaty",
    "country": "KZ",
    "target_isco": ["3113"],
    "intake_per_year": 40,
    "duration_years": 2.0,
    "start_year": 2026,
}
PROJECT = {
    "title": "Dry port extension",
    "sector": "logistics",
    "city": "Khorgos",
    "country": "KZ",
    "start_year": 2026,
    "end_year": 2029,
    "needs": [{"isco": "8322", "headcount": 30, "year": 2027}],
}
OWNED = {  # what eli owns, and how to (re)create it
    f"/api/agenda/events/{OWN_UID}": ("/api/agenda/events", {"uid": OWN_UID}),
    "/api/agenda/programmes/eli-prog": ("/api/agenda/programmes", {**PROGRAMME, "id": "eli-prog"}),
    "/api/agenda/projects/eli-proj": ("/api/agenda/projects", {**PROJECT, "id": "eli-proj"}),
}


def _event(uid: str, title: str = "Forum") -> dict[str, Any]:
    return {
        "uid": uid,
        "title": title,
        "kind": "business",
        "start": "2031-05-29T10:00:00",
        "end": "2031-05-29T18:00:00",
        "tzid": "Asia/Almaty",
        "venue": {"city": "Astana", "country": "KZ"},
    }


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """One store and app per backend for the module; every test leaves it as it found it."""
    tmp = tmp_path_factory.mktemp("authz")
    if request.param == "sqlite":
        url = f"sqlite:///{tmp / 'e.db'}"
    else:
        url = request.getfixturevalue("postgres_server").create_database()
    settings = Settings(database_url=url, data_dir=tmp / "data", env="development")
    engine = make_engine(settings.resolved_database_url)
    upgrade(engine)
    load_bundled(engine)
    headers: dict[str, dict[str, str]] = {"anonymous": {}}
    token_ids: dict[str, int] = {}
    user_ids: dict[str, int] = {}
    people = {
        "viewer": ("vic", Role.VIEWER),
        "editor": ("eli", Role.EDITOR),
        "other_editor": ("eva", Role.EDITOR),
        "admin": ("ada", Role.ADMIN),
        "revoked": ("rex", Role.ADMIN),
        "disabled": ("dan", Role.ADMIN),
    }
    with session_scope(engine) as session:
        for key, (name, role) in people.items():
            user = create_user(session, username=name, password=PASSWORD, role=role)
            row, secret = issue_api_token(session, user, name=f"{name}'s token")
            headers[key] = {"Authorization": f"Bearer {secret}"}
            token_ids[key], user_ids[key] = row.id, user.id
            if key == "editor":  # a second token of eli's, for the revocation cells
                token_ids["spare"] = issue_api_token(session, user, name="spare")[0].id
        rex = Principal(user_ids["revoked"], "rex", "", Role.ADMIN, via="token")
        revoke_api_token(session, token_ids["revoked"], by=rex)
        update_user(session, session.get(type(user), user_ids["disabled"]), is_active=False)
        bundled = session.scalars(
            select(ObservationRow).where(ObservationRow.origin == "bundled").limit(1)
        ).one()
        bundled_obs = {f: getattr(bundled, f) for f in Observation.__dataclass_fields__}
    engine.dispose()
    headers["malformed"] = {"Authorization": "Basic YWRhOnNlY3JldA=="}
    with TestClient(create_app(settings)) as client:
        world = World(client, headers, token_ids, user_ids, settings, bundled_obs)
        _restore(world)
        yield world


# (method, path, body) → expected status per identity, in the order of IDENTITIES
MATRIX: list[tuple[str, str, Any, tuple[int, ...]]] = [
    # agenda events: read
    ("GET", f"/api/agenda/events/{PUBLIC_UID}", None, (200, 200, 200, 200, 200)),
    ("GET", f"/api/agenda/events/{PRIVATE_UID}", None, (404, 200, 200, 200, 200)),
    ("GET", "/api/agenda/events/no-such@test", None, (404, 404, 404, 404, 404)),
    # create
    ("POST", "/api/agenda/events", _event("new-WHO@test"), (401, 403, 201, 201, 201)),
    ("POST", "/api/agenda/events", _event(OWN_UID), (401, 403, 409, 409, 409)),
    # update and delete: own (eli), other's (eva), unowned bundled, missing
    ("PUT", f"/api/agenda/events/{OWN_UID}", _event(OWN_UID, "X"), (401, 403, 200, 403, 200)),
    ("PUT", f"/api/agenda/events/{PUBLIC_UID}", _event(PUBLIC_UID), (401, 403, 200, 200, 200)),
    ("PUT", "/api/agenda/events/no-such@test", _event("no-such@test"), (401, 403, 404, 404, 404)),
    ("DELETE", f"/api/agenda/events/{OWN_UID}", None, (401, 403, 204, 403, 204)),
    ("DELETE", "/api/agenda/events/no-such@test", None, (401, 403, 404, 404, 404)),
    # programmes and projects: create, own, other's, missing
    ("POST", "/api/agenda/programmes", {**PROGRAMME, "id": "p-WHO"}, (401, 403, 201, 201, 201)),
    ("PUT", "/api/agenda/programmes/eli-prog", PROGRAMME, (401, 403, 200, 403, 200)),
    ("DELETE", "/api/agenda/programmes/eli-prog", None, (401, 403, 204, 403, 204)),
    ("PUT", "/api/agenda/programmes/no-such", PROGRAMME, (401, 403, 404, 404, 404)),
    ("POST", "/api/agenda/projects", {**PROJECT, "id": "p-WHO"}, (401, 403, 201, 201, 201)),
    ("PUT", "/api/agenda/projects/eli-proj", PROJECT, (401, 403, 200, 403, 200)),
    ("DELETE", "/api/agenda/projects/eli-proj", None, (401, 403, 204, 403, 204)),
    ("DELETE", "/api/agenda/projects/no-such", None, (401, 403, 404, 404, 404)),
    # import: new events, and an event of eli's that only eli or an admin may replace
    ("POST", "/api/agenda/import", "ICS", (401, 403, 200, 200, 200)),
    ("POST", "/api/agenda/import", "ICS_OWN", (401, 403, 200, 403, 200)),
    # indicators: a value (bundled indicator and source), first added by eli: eva may not
    # replace it, an admin may; a bundled value nobody replaces, but its new vintage is a value
    ("POST", "/api/indicators/observations", "OBS", (401, 403, 201, 403, 201)),
    ("POST", "/api/indicators/observations", "BUNDLED", (401, 403, 409, 409, 409)),
    ("POST", "/api/indicators/observations", "VINTAGE", (401, 403, 201, 403, 201)),
    ("GET", "/api/indicators/trade.turnover", None, (200, 200, 200, 200, 200)),
    ("GET", "/api/indicators/no.such.code", None, (404, 404, 404, 404, 404)),
    # scenario runs: a name that is not bundled, so a permitted caller gets 422 (nothing runs)
    ("POST", "/api/scenarios/runs", {"scenario": "nope"}, (401, 403, 422, 422, 422)),
    ("GET", "/api/scenarios/runs/no-such-run", None, (404, 404, 404, 404, 404)),
    # accounts
    ("GET", "/api/auth/me", None, (401, 200, 200, 200, 200)),
    ("GET", "/api/auth/tokens", None, (401, 200, 200, 200, 200)),
    ("POST", "/api/auth/tokens", {"name": "more"}, (401, 201, 201, 201, 201)),
    ("DELETE", "/api/auth/tokens/SPARE", None, (401, 403, 200, 403, 200)),
    ("DELETE", "/api/auth/tokens/999999", None, (401, 404, 404, 404, 404)),
    ("GET", "/api/auth/users", None, (401, 403, 403, 403, 200)),
    (
        "POST",
        "/api/auth/users",
        {"username": "neo", "password": "neon kestrel harbour"},
        (401, 403, 403, 403, 201),
    ),
    ("PATCH", "/api/auth/users/VIEWER", {"role": "editor"}, (401, 403, 403, 403, 200)),
    ("PATCH", "/api/auth/users/999999", {"role": "editor"}, (401, 403, 403, 403, 404)),
]

ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:imported-WHO@test\r\n"
    "DTSTART:20310101T100000Z\r\nSUMMARY:Imported\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)
OBS = {
    "data": [
        {
            "indicator": "trade.turnover",
            "ref_area": "KAZ",
            "counterpart_area": "CHN",
            "flow": "T",
            "period": "2031",
            "value": 1.0,
            "unit": "USD",
            "unit_mult": 9,
            "source_id": "edb-2025-08",
            "obs_status": "F",
        }
    ]
}


def _restore(world: World) -> None:
    """Put back what eli owns if an earlier request deleted it."""
    c, eli = world.client, world.headers["editor"]
    for url, (collection, body) in OWNED.items():
        if c.get(url, headers=eli).status_code == 404:
            full = _event(OWN_UID) if "uid" in body else body
            assert c.post(collection, json=full, headers=eli).status_code == 201


def _request(world: World, identity: str, method: str, path: str, body: Any) -> int:
    _restore(world)
    path = path.replace("SPARE", str(world.token_ids["spare"]))
    path = path.replace("VIEWER", str(world.user_ids["viewer"]))
    kwargs: dict[str, Any] = {"headers": dict(world.headers[identity])}
    if body in ("ICS", "ICS_OWN"):
        text = (
            ICS.replace("WHO", identity)
            if body == "ICS"
            else ICS.replace("imported-WHO@test", OWN_UID)
        )
        kwargs["content"] = text.encode()
        kwargs["headers"]["Content-Type"] = "text/calendar"
    elif body == "OBS":
        kwargs["json"] = OBS
    elif body in ("BUNDLED", "VINTAGE"):
        value = {**world.bundled_obs, "value": 123456.0}
        if body == "VINTAGE":
            value["vintage"] = "correction-2031"
        kwargs["json"] = {"data": [value]}
    elif body is not None:
        who = identity.replace("_", "-")
        kwargs["json"] = {
            k: v.replace("WHO", who) if isinstance(v, str) else v for k, v in body.items()
        }
    response = world.client.request(method, path, **kwargs)
    if response.status_code >= 400:
        assert response.headers["content-type"].startswith("application/problem+json")
    return response.status_code


@pytest.mark.parametrize(
    ("method", "path", "body", "expected"),
    MATRIX,
    ids=[f"{m} {p}" for m, p, _, _ in MATRIX],
)
def test_matrix(world: World, method: str, path: str, body: Any, expected: tuple[int, ...]) -> None:
    got = {who: _request(world, who, method, path, body) for who in IDENTITIES}
    _restore(world)
    viewer = f"/api/auth/users/{world.user_ids['viewer']}"
    world.client.patch(viewer, json={"role": "viewer"}, headers=world.headers["admin"])
    if path.endswith("/VIEWER"):  # a role change revoked vic's token: give vic a new one
        _reissue(world, "viewer")
    assert got == dict(zip(IDENTITIES, expected, strict=True))


def _reissue(world: World, who: str) -> None:
    engine = make_engine(world.settings.resolved_database_url)
    with session_scope(engine) as session:
        _row, secret = issue_api_token(session, get_user(session, world.user_ids[who]), name="new")
    engine.dispose()
    world.headers[who] = {"Authorization": f"Bearer {secret}"}


@pytest.mark.parametrize("who", ["revoked", "disabled", "malformed"])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", f"/api/agenda/events/{PUBLIC_UID}"),
        ("GET", "/api/agenda/feeds/all.ics"),
        ("DELETE", f"/api/agenda/events/{OWN_UID}"),
        ("GET", "/api/auth/users"),
    ],
)
def test_bad_credentials_are_401_everywhere(world: World, who: str, method: str, path: str) -> None:
    """A bad token is never read as 'anonymous': even public reads answer 401."""
    response = world.client.request(method, path, headers=world.headers[who])
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


FEEDS = ["all.ics", "kind/education.ics", "country/kz.ics", "city/astana.ics"]


@pytest.mark.parametrize("feed", FEEDS)
def test_feeds_hold_private_events_only_for_signed_in_callers(world: World, feed: str) -> None:
    url = f"/api/agenda/feeds/{feed}"
    seen = {who: world.client.get(url, headers=world.headers[who]) for who in IDENTITIES}
    assert all(r.status_code == 200 for r in seen.values())
    assert all(r.headers["content-type"].startswith("text/calendar") for r in seen.values())
    assert PRIVATE_UID not in seen["anonymous"].text
    for who in IDENTITIES[1:]:
        assert PRIVATE_UID in seen[who].text, f"{who} should see the private event in {feed}"


def test_lists_and_views_hide_private_events_from_anonymous_callers(world: World) -> None:
    for path in ("/api/agenda/events", "/api/agenda/instances?start=2025-01-01&end=2027-12-31"):
        anonymous = world.client.get(path).text
        viewer = world.client.get(path, headers=world.headers["viewer"]).text
        assert PRIVATE_UID not in anonymous
        assert PRIVATE_UID in viewer


def test_session_cookie_writes_need_csrf_and_same_origin(world: World) -> None:
    c = world.client
    login = c.post("/api/auth/login", json={"username": "eli", "password": PASSWORD})
    assert login.status_code == 200
    csrf = login.json()["csrf_token"]
    body = _event("cookie@test")
    assert c.post("/api/agenda/events", json=body).status_code == 403  # no CSRF token
    bad = {CSRF_HEADER: "forged"}
    assert c.post("/api/agenda/events", json=body, headers=bad).status_code == 403
    cross = {CSRF_HEADER: csrf, "Origin": "https://evil.example"}
    assert c.post("/api/agenda/events", json=body, headers=cross).status_code == 403
    assert c.post("/api/agenda/events", json=body, headers={CSRF_HEADER: csrf}).status_code == 201
    assert c.get(f"/api/agenda/events/{PRIVATE_UID}").status_code == 200  # reads need no CSRF
    c.post("/api/auth/logout", headers={CSRF_HEADER: csrf})
    assert c.get(f"/api/agenda/events/{PRIVATE_UID}").status_code == 404


# --------------------------------------------------------------------------- web forms


WEB_IDENTITIES = {"viewer": "vic", "editor": "eli", "other_editor": "eva", "admin": "ada"}


@pytest.fixture(scope="module")
def browsers(world: World) -> Iterator[dict[str, tuple[TestClient, str]]]:
    """A signed-in browser (session cookie, CSRF token) for each identity, and an anonymous one."""
    app = world.client.app
    out: dict[str, tuple[TestClient, str]] = {"anonymous": (TestClient(app), "")}
    for key, name in WEB_IDENTITIES.items():
        client = TestClient(app, follow_redirects=False)
        login = client.post("/api/auth/login", json={"username": name, "password": PASSWORD})
        assert login.status_code == 200, login.text
        out[key] = (client, login.json()["csrf_token"])
    yield out
    for client, _ in out.values():
        client.close()


# form posts: eli's objects; who may change them gets past the check (a redirect or a form with
# errors), who may not gets a 403 page, an anonymous browser is sent to the login page
WEB_FORMS = [
    f"/agenda/events/{OWN_UID}/edit",
    "/agenda/programmes/eli-prog/edit",
    "/agenda/programmes/eli-prog/delete",
    "/agenda/projects/eli-proj/delete",
    "/account/tokens/SPARE/revoke",
]


@pytest.mark.parametrize("path", WEB_FORMS)
def test_web_forms_refuse_other_peoples_objects(
    world: World, browsers: dict[str, tuple[TestClient, str]], path: str
) -> None:
    path = path.replace("SPARE", str(world.token_ids["spare"]))
    got = {}
    for who in ("anonymous", "viewer", "other_editor", "editor", "admin"):
        _restore(world)
        client, csrf = browsers[who]
        response = client.post(path, data={"csrf_token": csrf}, follow_redirects=False)
        got[who] = response.status_code
        if who == "anonymous":
            assert response.headers["location"].startswith("/login?next=")
    _restore(world)
    assert (got["anonymous"], got["viewer"], got["other_editor"]) == (303, 403, 403)
    for who in ("editor", "admin"):  # saved (303) or back with form errors (200, 422)
        assert got[who] in {200, 303, 422}, got
