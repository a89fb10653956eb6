"""Fuzzing the web pages' forms and query strings, which the OpenAPI document (and so
schemathesis) does not cover: whatever an editor types, no page answers with a server error.

The fields of each form are read from the form page itself, so a field added later is fuzzed
too; each gets hostile values and random text, posted with the session's CSRF token.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from eurasia.auth.roles import Role
from eurasia.auth.users import create_user
from eurasia.http.app import create_app
from eurasia.settings import Settings
from eurasia.store.db import make_engine, session_scope, upgrade
from eurasia.store.loaders import load_bundled
from tests.fuzz.strategies import HOSTILE_TOKENS, fuzz_settings

pytestmark = pytest.mark.timeout(300)

PASSWORD = "correct horse battery"
#: form page → where it posts (the pages' own check and save actions)
FORMS = {
    "/agenda/events/new": ["/agenda/events/check", "/agenda/events/new"],
    "/agenda/programmes/new": ["/agenda/programmes/check", "/agenda/programmes/new"],
    "/agenda/projects/new": ["/agenda/projects/check", "/agenda/projects/new"],
    "/indicators/trade.turnover/add": ["/indicators/trade.turnover/add"],
    "/account": ["/account/tokens"],
}
PAGES = {
    "/agenda": ["kind", "country", "city", "organiser", "month", "year"],
    "/agenda/year": ["year", "kind", "country"],
    "/indicators": ["q", "topic"],
    "/corridors": ["origin", "destination", "optimize", "avoid", "year"],
    "/corridors/scenarios/compare": ["a", "b"],
}
_FIELD = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', re.IGNORECASE)
_value = st.one_of(st.sampled_from(HOSTILE_TOKENS), st.text(max_size=24))


@pytest.fixture(scope="module")
def editor(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[TestClient, str, dict[str, list[str]]]]:
    """An editor's signed-in browser, its CSRF token, and the fields of every form."""
    tmp = tmp_path_factory.mktemp("webfuzz")
    settings = Settings(database_url=f"sqlite:///{tmp / 'e.db'}", data_dir=tmp / "data")
    engine = make_engine(settings.resolved_database_url)
    upgrade(engine)
    load_bundled(engine)
    with session_scope(engine) as session:
        create_user(session, username="eli", password=PASSWORD, role=Role.EDITOR)
    engine.dispose()
    with TestClient(create_app(settings), follow_redirects=False) as client:
        login = client.post("/api/auth/login", json={"username": "eli", "password": PASSWORD})
        csrf = login.json()["csrf_token"]
        fields = {}
        for page in FORMS:
            response = client.get(page)
            assert response.status_code == 200, page
            fields[page] = sorted(set(_FIELD.findall(response.text)) - {"csrf_token"})
            assert fields[page], f"no form fields found on {page}"
        yield client, csrf, fields


@pytest.mark.parametrize("page", sorted(FORMS))
@fuzz_settings(examples=15)
@given(data=st.data())
def test_form_posts_never_crash(
    editor: tuple[TestClient, str, dict[str, list[str]]], page: str, data: st.DataObject
) -> None:
    client, csrf, fields = editor
    form: dict[str, Any] = {name: data.draw(_value, label=name) for name in fields[page]}
    for action in FORMS[page]:
        response = client.post(action, data={**form, "csrf_token": csrf})
        assert response.status_code < 500, f"POST {action} {form!r}: {response.status_code}"


@pytest.mark.parametrize("page", sorted(PAGES))
@fuzz_settings(examples=15)
@given(data=st.data())
def test_page_queries_never_crash(
    editor: tuple[TestClient, str, dict[str, list[str]]], page: str, data: st.DataObject
) -> None:
    client, _, _ = editor
    params = {name: data.draw(_value, label=name) for name in PAGES[page]}
    response = client.get(page, params=params)
    assert response.status_code < 500, f"GET {page} {params!r}: {response.status_code}"
