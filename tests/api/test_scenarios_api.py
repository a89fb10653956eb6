"""The scenarios API: bundled list, runs as stored jobs, editor role, precise validation errors."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from eurasia.auth.credentials import issue_api_token
from eurasia.auth.roles import Role
from eurasia.auth.users import create_user
from eurasia.http.app import create_app
from eurasia.settings import Settings
from eurasia.store.db import make_engine, session_scope, upgrade


@dataclass
class Api:
    client: TestClient
    editor: dict[str, str]
    viewer: dict[str, str]


@pytest.fixture
def api(settings: Settings) -> Iterator[Api]:
    """A fresh store on each backend, with an editor and a viewer token."""
    engine = make_engine(settings.resolved_database_url)
    upgrade(engine)
    tokens = {}
    with session_scope(engine) as session:
        for name, role in (("eli", Role.EDITOR), ("vic", Role.VIEWER)):
            user = create_user(session, username=name, password="correct horse battery", role=role)
            tokens[name] = {
                "Authorization": f"Bearer {issue_api_token(session, user, name='t')[1]}"
            }
    engine.dispose()
    with TestClient(create_app(settings)) as client:
        yield Api(client, tokens["eli"], tokens["vic"])


def test_bundled_scenarios_are_listed(api: Api) -> None:
    body = api.client.get("/api/scenarios").json()
    names = {s["name"]: s for s in body["data"]}
    assert body["count"] == len(names)
    assert names["baseline_2024"]["year"] == 2024
    assert names["2035_100mt"]["extends"] == ["2030_construction.yaml", "baseline_2024.yaml"]


def test_run_is_a_stored_job_with_a_result(api: Api) -> None:
    response = api.client.post(
        "/api/scenarios/runs", json={"scenario": "caspian_ferry_x2"}, headers=api.editor
    )
    assert response.status_code == 202, response.text
    job = response.json()
    assert job["status"] == "queued"
    assert job["created_by"] == "eli"
    # TestClient runs background tasks before returning, so the job has finished
    done = api.client.get(f"/api/scenarios/runs/{job['id']}").json()
    assert done["status"] == "succeeded", done["error"]
    assert done["result"]["scenario"] == "caspian-ferry-x2"
    assert done["result"]["indicators"]["transit_mt"] > 20
    assert done["finished_at"] >= done["started_at"]
    listing = api.client.get("/api/scenarios/runs").json()
    assert listing["count"] == 1
    assert listing["data"][0]["id"] == job["id"]
    assert listing["data"][0]["result"] is None


def test_yaml_run_with_year_override(api: Api) -> None:
    text = "name: mine\nextends: baseline_2024\nassignment: {relative_gap: 1.0e-3}\n"
    response = api.client.post(
        "/api/scenarios/runs", json={"yaml": text, "year": 2027}, headers=api.editor
    )
    assert response.status_code == 202, response.text
    done = api.client.get(f"/api/scenarios/runs/{response.json()['id']}").json()
    assert (done["scenario"], done["year"], done["status"]) == ("mine", 2027, "succeeded")
    assert done["result"]["year"] == 2027


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"scenario": "atlantis"}, "scenario: no bundled scenario 'atlantis'"),
        (
            {"yaml": "name: x\nextends: baseline_2024\nclosures:\n  - {countries: [XX]}\n"},
            "request.yaml: closures[0].countries[0]: unknown country 'XX'",
        ),
        (
            {"yaml": "name: x\nextends: ../../etc/passwd\n"},
            "request.yaml: extends: only bundled scenarios may be named here",
        ),
        (
            {"yaml": "name: x\nyear: 2024\ndemand: {file: /etc/passwd}\n"},
            "request.yaml: demand.file: only bundled demand files may be named here",
        ),
        (
            {
                "yaml": "name: x\nextends: baseline_2024\nchanges:\n  - {modes: [ferry], capacity_mt: -1}\n"
            },
            "request.yaml: changes[0].capacity_mt: expected a finite number >= 0, got -1",
        ),
    ],
)
def test_invalid_scenarios_are_refused_before_any_job(
    api: Api, body: dict[str, str], detail: str
) -> None:
    response = api.client.post("/api/scenarios/runs", json=body, headers=api.editor)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert detail in response.json()["detail"]
    assert api.client.get("/api/scenarios/runs").json()["count"] == 0


def test_body_needs_exactly_one_source(api: Api) -> None:
    response = api.client.post(
        "/api/scenarios/runs",
        json={"scenario": "baseline_2024", "yaml": "name: x"},
        headers=api.editor,
    )
    assert response.status_code == 422
    assert "exactly one of 'scenario'" in response.json()["detail"]


def test_writing_needs_the_editor_role(api: Api) -> None:
    body = {"scenario": "baseline_2024"}
    assert api.client.post("/api/scenarios/runs", json=body).status_code == 401
    assert api.client.post("/api/scenarios/runs", json=body, headers=api.viewer).status_code == 403


def test_unknown_run_is_404(api: Api) -> None:
    response = api.client.get("/api/scenarios/runs/feedbeef")
    assert response.status_code == 404
    assert response.json()["detail"] == "no scenario run 'feedbeef'"
