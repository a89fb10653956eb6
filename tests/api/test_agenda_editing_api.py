"""Writing programmes and projects through the API: roles (401/403), ownership, 404/409, code
checks against ISCO-08 and ISCED-F, and the effect on matching."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from eurasia.auth.credentials import issue_api_token
from eurasia.auth.roles import Role
from eurasia.auth.users import create_user
from eurasia.http.app import create_app
from eurasia.settings import Settings
from eurasia.store.agenda import write_seed
from eurasia.store.db import make_engine, session_scope, upgrade

BUNDLED_PROGRAMME = "atom-iq-operators"
PROGRAMME: dict[str, Any] = {
    "id": "aktau-welders",
    "title": "Welding and pipe fitting (dual)",
    "provider": "Aktau Polytechnic College",
    "isced_field": "0715",
    "isced_level": 4,
    "mode": "dual",
    "city": "Aktau",
    "country": "KZ",
    "partner_enterprises": ["aktau-port"],
    "target_isco": ["7212", "7126"],
    "intake_per_year": 60,
    "duration_years": 2,
    "start_year": 2026,
    "illustrative": "test programme",
}
PROJECT: dict[str, Any] = {
    "id": "aktau-dry-port",
    "title": "Aktau dry port",
    "sector": "logistics",
    "city": "Aktau",
    "country": "KZ",
    "start_year": 2026,
    "end_year": 2030,
    "isced_fields": ["1041"],
    "needs": [{"isco": "7212", "headcount": 40, "year": 2029}],
    "illustrative": "test project",
}


@dataclass
class Api:
    client: TestClient
    headers: dict[str, dict[str, str]]

    def as_(self, name: str | None) -> dict[str, str]:
        return {} if name is None else self.headers[name]


def _serve(settings: Settings) -> Iterator[Api]:
    engine = make_engine(settings.resolved_database_url)
    upgrade(engine)
    headers = {}
    with session_scope(engine) as session:
        write_seed(session)
        for name, role in (
            ("ada", Role.ADMIN),
            ("eli", Role.EDITOR),
            ("eva", Role.EDITOR),
            ("vic", Role.VIEWER),
        ):
            user = create_user(session, username=name, password="correct horse battery", role=role)
            headers[name] = {
                "Authorization": f"Bearer {issue_api_token(session, user, name='t')[1]}"
            }
    engine.dispose()
    with TestClient(create_app(settings)) as client:
        yield Api(client, headers)


@pytest.fixture
def api(settings_factory: Callable[..., Settings]) -> Iterator[Api]:
    """A fresh seeded store with an admin (ada), two editors (eli, eva) and a viewer (vic)."""
    yield from _serve(settings_factory())


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """One seeded store for the tests of this module that leave it unchanged."""
    folder = tmp_path_factory.mktemp("agenda-editing")
    yield from _serve(
        Settings(database_url=f"sqlite:///{folder / 'a.db'}", data_dir=folder / "data")
    )


def _fields(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k != "id"}


@pytest.mark.parametrize(("kind", "record"), [("programmes", PROGRAMME), ("projects", PROJECT)])
def test_create_update_delete_follow_roles_and_ownership(
    api: Api, kind: str, record: dict[str, Any]
) -> None:
    c = api.client
    url = f"/api/agenda/{kind}"
    item = f"{url}/{record['id']}"
    assert c.post(url, json=record).status_code == 401
    assert c.post(url, json=record, headers=api.as_("vic")).status_code == 403
    created = c.post(url, json=record, headers=api.as_("eli"))
    assert created.status_code == 201, created.text
    assert created.json()["title"] == record["title"]
    assert c.get(item).json() == created.json()
    assert c.post(url, json=record, headers=api.as_("eli")).status_code == 409
    renamed = {**_fields(record), "title": "Renamed"}
    assert c.put(item, json=renamed).status_code == 401
    assert c.put(item, json=renamed, headers=api.as_("vic")).status_code == 403
    refused = c.put(item, json=renamed, headers=api.as_("eva"))
    assert refused.status_code == 403
    assert "belongs to another user" in refused.json()["detail"]
    assert c.put(item, json=renamed, headers=api.as_("eli")).json()["title"] == "Renamed"
    by_admin = c.put(item, json={**renamed, "title": "By admin"}, headers=api.as_("ada"))
    assert by_admin.status_code == 200
    assert c.get(item).json()["title"] == "By admin"
    assert c.delete(item, headers=api.as_("eva")).status_code == 403
    assert c.delete(item).status_code == 401
    assert c.delete(item, headers=api.as_("eli")).status_code == 204
    assert c.get(item).status_code == 404
    missing = c.put(item, json=renamed, headers=api.as_("eli"))
    assert missing.status_code == 404
    assert record["id"] in missing.json()["detail"]
    assert c.delete(item, headers=api.as_("eli")).status_code == 404


def test_bundled_programme_is_editable_by_any_editor_but_not_a_viewer(api: Api) -> None:
    c = api.client
    item = f"/api/agenda/programmes/{BUNDLED_PROGRAMME}"
    body = {**_fields(c.get(item).json()), "intake_per_year": 150}
    assert c.put(item, json=body, headers=api.as_("vic")).status_code == 403
    assert c.put(item, json=body, headers=api.as_("eva")).json()["intake_per_year"] == 150
    assert c.put(item, json=body, headers=api.as_("eli")).status_code == 200
    assert c.get(item).json()["intake_per_year"] == 150


@pytest.mark.parametrize(
    ("kind", "change", "detail"),
    [
        ("programmes", {"target_isco": ["7212", "9999"]}, "target_isco '9999'"),
        ("programmes", {"target_isco": []}, "at least one ISCO-08"),
        ("programmes", {"isced_field": "0777"}, "ISCED-F field '0777'"),
        ("programmes", {"intake_per_year": -5}, "intake_per_year must be >= 0"),
        ("programmes", {"mode": "evening"}, "'evening' is not one of"),
        ("programmes", {"source": "blog-post"}, "'blog-post' is not a source id"),
        ("programmes", {"id": "Bad Id"}, "id"),
        ("projects", {"needs": [{"isco": "7212", "headcount": -3, "year": 2029}]}, "headcount"),
        ("projects", {"needs": [{"isco": "72", "headcount": 3, "year": 2029}]}, "4-digit"),
        ("projects", {"needs": [{"isco": "0000", "headcount": 3, "year": 2029}]}, "'0000'"),
        ("projects", {"isced_fields": ["9998"]}, "ISCED-F field '9998'"),
        ("projects", {"end_year": 2020}, "before start_year"),
        ("projects", {"lat": 95}, "lat"),
    ],
)
def test_invalid_records_are_refused_and_nothing_is_written(
    shared: Api, kind: str, change: dict[str, Any], detail: str
) -> None:
    record = {**(PROGRAMME if kind == "programmes" else PROJECT), **change}
    response = shared.client.post(f"/api/agenda/{kind}", json=record, headers=shared.as_("eli"))
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert detail in response.text
    listed = {item["id"] for item in shared.client.get(f"/api/agenda/{kind}").json()["data"]}
    assert record["id"] not in listed


def test_new_records_take_part_in_matching_and_gaps(api: Api) -> None:
    c = api.client
    assert c.post("/api/agenda/projects", json=PROJECT, headers=api.as_("eli")).status_code == 201
    before = c.get("/api/agenda/matching", params={"project": PROJECT["id"]}).json()
    assert PROGRAMME["id"] not in {m["programme_id"] for m in before["data"]}
    gaps = c.get("/api/agenda/gaps", params={"year": 2029, "min_digits": 4}).json()["rows"]
    welders = next(r for r in gaps if r["isco"] == "7212" and PROJECT["id"] in r["projects"])
    assert (
        c.post("/api/agenda/programmes", json=PROGRAMME, headers=api.as_("eli")).status_code == 201
    )
    after = c.get("/api/agenda/matching", params={"project": PROJECT["id"]}).json()
    found = next(m for m in after["data"] if m["programme_id"] == PROGRAMME["id"])
    assert found["isco_score"] == 1.0
    gaps = c.get("/api/agenda/gaps", params={"year": 2029, "min_digits": 4}).json()["rows"]
    covered = next(r for r in gaps if r["isco"] == "7212" and PROJECT["id"] in r["projects"])
    share = PROGRAMME["intake_per_year"] / len(PROGRAMME["target_isco"])  # split over targets
    assert covered["supply"] == welders["supply"] + share


def test_openapi_documents_the_write_endpoints(shared: Api) -> None:
    spec = shared.client.get("/openapi.json").json()
    for kind in ("programmes", "projects"):
        assert {"get", "post"} <= set(spec["paths"][f"/api/agenda/{kind}"])
        item = next(p for p in spec["paths"] if p.startswith(f"/api/agenda/{kind}/{{"))
        assert {"get", "put", "delete"} <= set(spec["paths"][item])
    assert {"ProgrammeCreate", "ProgrammeUpdate", "ProjectCreate", "ProjectUpdate"} <= set(
        spec["components"]["schemas"]
    )
