"""Pages over HTTP (no browser): every page renders, headers, assets, sign-in and role rules."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from eurasia.auth.roles import Role
from eurasia.auth.users import create_user
from eurasia.http.app import create_app
from eurasia.http.assets import assets_built
from eurasia.settings import Settings
from eurasia.store.db import make_engine, session_scope
from eurasia.web.views.common import safe_next
from tests.web.stores import PASSWORD, loaded_store


@pytest.fixture(scope="module")
def loaded_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A store with the bundled data and users eli (editor) and vic (viewer), for this module."""
    users = {"eli": Role.EDITOR, "vic": Role.VIEWER}
    return loaded_store(tmp_path_factory.mktemp("pages"), users)


@pytest.fixture
def client(loaded_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(loaded_settings)) as test_client:
        yield test_client


def _login(client: TestClient, username: str) -> str:
    response = client.post("/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 200
    found = re.search(r'name="csrf-token" content="([0-9a-f]+)"', response.text)
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/login",
        "/corridors",
        "/corridors?origin=Almaty&destination=Aktau",
        "/indicators",
        "/indicators/claims",
        "/indicators/targets",
        "/indicators/energy.uranium_production",
        "/agenda",
        "/agenda?month=2026-09&kind=culture",
        "/agenda/year?year=2026",
        "/agenda/programmes",
    ],
)
def test_every_page_renders_with_strict_headers(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert '<html lang="en">' in response.text
    assert "http://" not in re.sub(r'href="http[^"]*"', "", response.text).split("<body>")[0]


def test_unknown_things_are_404_pages(client: TestClient) -> None:
    for path in ("/indicators/no.such", "/agenda/events/nope"):
        response = client.get(path)
        assert response.status_code == 404
        assert "text/html" in response.headers["content-type"]


def test_bad_month_is_a_422_page(client: TestClient) -> None:
    response = client.get("/agenda?month=2026-13")
    assert response.status_code == 422
    assert "2026-13" in response.text


def test_assets_only_from_manifest(client: TestClient) -> None:
    assert client.get("/assets/..%2Fpages.py").status_code == 404
    assert client.get("/assets/pages.py").status_code == 404
    if not assets_built():
        pytest.skip("front-end assets not built (make assets)")
    response = client.get("/assets/app.css", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["cache-control"] == "no-cache"
    home = client.get("/").text
    versioned = re.search(r'href="(/assets/app\.css\?v=[0-9a-f]+)"', home)
    assert versioned is not None
    assert "immutable" in client.get(versioned.group(1)).headers["cache-control"]


def test_edit_pages_send_anonymous_users_to_login(client: TestClient) -> None:
    response = client.get("/agenda/events/new", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fagenda%2Fevents%2Fnew"


def test_login_redirect_stays_on_this_site(client: TestClient) -> None:
    response = client.post(
        "/login",
        data={"username": "eli", "password": PASSWORD, "next": "https://evil.example/"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/"
    assert safe_next("//evil.example") == "/"


def test_viewer_gets_403_page_and_no_edit_links(client: TestClient) -> None:
    _login(client, "vic")
    assert "New event" not in client.get("/agenda").text
    assert client.get("/agenda/events/new").status_code == 403
    assert client.get("/indicators/transit.cargo/add").status_code == 403
    assert "Add a value" not in client.get("/indicators/transit.cargo").text


def test_form_posts_need_the_csrf_token(client: TestClient) -> None:
    csrf = _login(client, "eli")
    body = {
        "title": "Forged",
        "kind": "culture",
        "start": "2027-01-01T10:00",
        "end": "2027-01-01T11:00",
        "tzid": "Asia/Almaty",
    }
    assert client.post("/agenda/events/new", data=body).status_code == 403
    saved = client.post(
        "/agenda/events/new", data={**body, "csrf_token": csrf}, follow_redirects=False
    )
    assert saved.status_code == 303
    assert saved.headers["location"] == "/agenda/events/forged?saved=1"
    page = client.get("/agenda/events/forged")
    assert "Edit event" in page.text


def test_editor_cannot_edit_another_editors_event(client: TestClient) -> None:
    csrf = _login(client, "eli")
    body = {
        "csrf_token": csrf,
        "title": "Mine",
        "kind": "culture",
        "start": "2027-02-01",
        "end": "2027-02-01",
        "all_day": "on",
        "tzid": "Asia/Almaty",
    }
    assert client.post("/agenda/events/new", data=body, follow_redirects=False).status_code == 303
    client.post("/logout", data={"csrf_token": csrf})
    engine = make_engine(str(client.app.state.settings.resolved_database_url))  # type: ignore[attr-defined]
    with session_scope(engine) as session:
        create_user(session, username="eve", password=PASSWORD, role=Role.EDITOR)
    engine.dispose()
    other = _login(client, "eve")
    assert "Edit event" not in client.get("/agenda/events/mine").text
    response = client.post("/agenda/events/mine/edit", data={**body, "csrf_token": other})
    assert response.status_code == 403
    assert "belongs to another user" in response.text


def test_invalid_event_form_is_422_with_field_errors(client: TestClient) -> None:
    csrf = _login(client, "eli")
    body = {
        "csrf_token": csrf,
        "title": "",
        "kind": "culture",
        "start": "x",
        "end": "",
        "tzid": "Mars/Base",
    }
    response = client.post("/agenda/events/new", data=body)
    assert response.status_code == 422
    assert 'id="ev-title"' in response.text
    for message in ("Enter a title.", "IANA time zone", "Enter when the event ends."):
        assert message in response.text


def test_added_value_keeps_the_stored_values_beside_it(client: TestClient) -> None:
    from sqlalchemy import func, select

    from eurasia.store.indicators import BUNDLED_ORIGIN, ObservationRow, read_observations

    def bundled_count(session: object) -> int:
        query = select(func.count()).where(ObservationRow.origin == BUNDLED_ORIGIN)
        return int(session.execute(query).scalar_one())  # type: ignore[attr-defined]

    engine = make_engine(str(client.app.state.settings.resolved_database_url))  # type: ignore[attr-defined]
    with session_scope(engine) as session:
        before = read_observations(session, indicators=["transit.cargo"])
        bundled_before = bundled_count(session)
    csrf = _login(client, "eli")
    body = {
        "csrf_token": csrf,
        "ref_area": "KAZ",
        "period": "2019",
        "value": "17.7",
        "unit_mult": "6",
        "obs_status": "E",
        "reporter_side": "reporter",
        "source_id": "kz-transport-ministry-2025-08",
    }
    saved = client.post("/indicators/transit.cargo/add", data=body, follow_redirects=False)
    assert saved.status_code == 303
    with session_scope(engine) as session:
        after = read_observations(session, indicators=["transit.cargo"])
        assert bundled_count(session) == bundled_before
    engine.dispose()
    assert len(after) == len(before) + 1
    assert {o.key for o in before} <= {o.key for o in after}
    again = client.post("/indicators/transit.cargo/add", data=body)
    assert again.status_code == 422
    assert "already exists" in again.text


def test_event_title_longer_than_the_store_keeps_is_a_field_error(client: TestClient) -> None:
    csrf = _login(client, "eli")
    body = {
        "csrf_token": csrf,
        "title": "x" * 501,
        "kind": "culture",
        "start": "2027-03-01",
        "end": "2027-03-01",
        "all_day": "on",
        "tzid": "Asia/Almaty",
    }
    response = client.post("/agenda/events/new", data=body)
    assert response.status_code == 422
    assert "Use at most 500 characters." in response.text
    saved = client.post(
        "/agenda/events/new", data={**body, "title": "y" * 500}, follow_redirects=False
    )
    assert saved.status_code == 303
    assert len(saved.headers["location"].split("/")[-1].split("?")[0]) <= 200
