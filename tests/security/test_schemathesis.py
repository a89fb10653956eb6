"""Schemathesis against the OpenAPI document: no 5xx and no response outside the document.

Every operation is called with requests generated from its schema (valid and invalid ones), once
anonymously and once with an admin's API token, against an app on a store loaded with the
bundled data. Each response must conform: a documented status code (every operation declares a
``default`` problem response), the documented content type, a body matching its schema, an
``Allow`` header on 405s, and never a server error.

Two checks are left out, both about how strictly requests are judged rather than about what the
service answers: ``positive_data_acceptance`` (the API rightly refuses some schema-valid requests
with a 422 problem — constraints JSON Schema cannot express, such as a window end before its
start or a node id that does not exist) and ``negative_data_rejection`` (pydantic's lax mode reads
``start=0`` as the date 1970-01-01, a documented coercion, not a contract breach).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis import checks

from eurasia.auth.credentials import issue_api_token
from eurasia.auth.roles import Role
from eurasia.auth.users import create_user
from eurasia.http.app import create_app
from eurasia.settings import Settings
from eurasia.store.db import make_engine, session_scope, upgrade
from eurasia.store.loaders import load_bundled

pytestmark = pytest.mark.timeout(600)

#: Requests per operation and identity: bounded so that the whole run takes about a minute.
EXAMPLES = 4


# The schema is read when the module is imported (schemathesis parametrizes at collection); the
# app is cheap to build and touches its store only when the fixture below has prepared it.
_TMP = Path(tempfile.mkdtemp(prefix="eurasia-schemathesis-"))
SETTINGS = Settings(database_url=f"sqlite:///{_TMP / 'e.db'}", data_dir=_TMP / "data")
APP = create_app(SETTINGS)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[Any, dict[str, str]]]:
    """The app on a migrated store with the bundled data, and an admin's token header."""
    engine = make_engine(SETTINGS.resolved_database_url)
    upgrade(engine)
    load_bundled(engine)
    with session_scope(engine) as session:
        admin = create_user(
            session, username="ada", password="correct horse battery", role=Role.ADMIN
        )
        _, secret = issue_api_token(session, admin, name="schemathesis")
    engine.dispose()
    with TestClient(APP):  # runs the lifespan: the app's engine is disposed at the end
        yield APP, {"Authorization": f"Bearer {secret}"}
    shutil.rmtree(_TMP, ignore_errors=True)


LIMITS = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None
)
EXCLUDED = [checks.positive_data_acceptance, checks.negative_data_rejection]


@schema.parametrize()
@LIMITS
def test_every_operation_conforms_for_anonymous_callers(
    case: Any, served: tuple[Any, dict[str, str]]
) -> None:
    assert served[0] is APP
    case.call_and_validate(excluded_checks=EXCLUDED)


@schema.parametrize()
@LIMITS
def test_every_operation_conforms_for_an_admin(
    case: Any, served: tuple[Any, dict[str, str]]
) -> None:
    case.call_and_validate(headers=served[1], excluded_checks=EXCLUDED)


def test_openapi_declares_problem_documents(served: tuple[Any, dict[str, str]]) -> None:
    app, _ = served
    document = app.openapi()
    assert "Problem" in document["components"]["schemas"]
    for path, item in document["paths"].items():
        for method, operation in item.items():
            assert "default" in operation["responses"], f"{method.upper()} {path}"
            if "422" in operation["responses"]:
                assert "application/problem+json" in operation["responses"]["422"]["content"]


def test_suite_covers_every_router(served: tuple[Any, dict[str, str]]) -> None:
    """New routers are picked up automatically; this guards against an empty document."""
    app, _ = served
    prefixes = {p.split("/")[2] for p in app.openapi()["paths"] if p.startswith("/api/")}
    assert {"agenda", "auth", "indicators", "scenarios"} <= prefixes
    assert Path(__file__).name  # the schema is read from the live app, not a copy
