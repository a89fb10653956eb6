"""Programme and project editing pages: roles and ownership, CSRF, inline validation against
ISCO-08 / ISCED-F, create-edit-delete over HTTP, and one editor session in Chromium."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Page, expect

from eurasia.agenda.matching import match
from eurasia.agenda.seed import load_seed
from eurasia.auth.roles import Role
from eurasia.http.app import create_app
from eurasia.settings import Settings
from eurasia.store import agenda as repo
from eurasia.store.db import make_engine, session_scope
from tests.web.conftest import login, shot
from tests.web.stores import PASSWORD, loaded_store

PROGRAMME = {
    "title": "Rail signalling technicians (dual)",
    "provider": "Kazakh Academy of Transport",
    "isced_field": "0714",
    "isced_level": "5",
    "mode": "dual",
    "city": "Almaty",
    "country": "KZ",
    "partner_enterprises": "ktz",
    "target_isco": "7421, 3113",
    "intake_per_year": "40",
    "duration_years": "2.5",
    "start_year": "2026",
    "end_year": "",
    "illustrative": "test programme",
}
PROJECT = {
    "title": "Dostyk gauge-change terminal",
    "sector": "logistics",
    "city": "Dostyk",
    "country": "KZ",
    "lat": "45.25",
    "lon": "82.48",
    "start_year": "2026",
    "end_year": "2029",
    "partners": "ktz",
    "isced_fields": "1041",
    "needs": "8311, 30, 2027-2028\n3331, 10, 2028",
    "description": "",
    "illustrative": "test project",
}


@pytest.fixture(scope="module")
def store_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A store with the bundled data, editors eli and eva and viewer vic."""
    users = {"eli": Role.EDITOR, "eva": Role.EDITOR, "vic": Role.VIEWER}
    return loaded_store(tmp_path_factory.mktemp("programme-pages"), users)


@pytest.fixture
def client(store_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(store_settings)) as test_client:
        yield test_client


def _login(client: TestClient, username: str) -> str:
    response = client.post("/login", data={"username": username, "password": PASSWORD})
    found = re.search(r'name="csrf-token" content="([0-9a-f]+)"', response.text)
    assert found is not None
    return found.group(1)


def _stored(settings: Settings, kind: str, record_id: str) -> Any:
    engine = make_engine(settings.resolved_database_url)
    try:
        with session_scope(engine) as session:
            get = repo.get_programme if kind == "programme" else repo.get_project
            return get(session, record_id)
    finally:
        engine.dispose()


@pytest.mark.parametrize("path", ["/agenda/programmes/new", "/agenda/projects/new"])
def test_forms_need_an_editor(client: TestClient, path: str) -> None:
    anonymous = client.get(path, follow_redirects=False)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"].startswith("/login?next=")
    _login(client, "vic")
    assert client.get(path).status_code == 403
    assert "New programme" not in client.get("/agenda/programmes").text
    assert client.get("/agenda/programmes/atom-iq-operators/edit").status_code == 403


@pytest.mark.parametrize(
    ("path", "attribute"),
    [
        ("/agenda/programmes/new", 'maxlength="300"'),
        ("/agenda/projects/new", 'min="1900"'),
        ("/agenda/events/new", 'maxlength="100"'),
    ],
)
def test_form_inputs_carry_their_limits_as_real_attributes(
    client: TestClient, path: str, attribute: str
) -> None:
    # the field macros once escaped their extra attributes (maxlength=&#34;300&#34;), which
    # browsers ignore: the limits must reach the page as attributes
    _login(client, "eli")
    html = client.get(path).text
    assert attribute in html
    assert "=&#34;" not in html


def test_inline_check_reports_unknown_codes_only_for_touched_fields(client: TestClient) -> None:
    csrf = _login(client, "eli")
    checked = client.post(
        "/agenda/programmes/check",
        data={"csrf_token": csrf, "target_isco": "7421, 9999", "isced_field": "0777"},
    )
    assert checked.status_code == 200
    assert 'hx-swap-oob="true"' in checked.text
    assert "Not ISCO-08 unit groups: 9999." in checked.text
    assert "Not ISCED-F 2013 fields: 0777." in checked.text
    assert "This field is required." not in checked.text  # title was not touched yet
    needs = client.post(
        "/agenda/projects/check",
        data={"csrf_token": csrf, "needs": "8311, 30, 2027\n8311, 0, 2028"},
    )
    assert "Line 2: the headcount must be a whole number above 0." in needs.text


def test_editor_creates_edits_and_deletes_a_programme(
    client: TestClient, store_settings: Settings
) -> None:
    csrf = _login(client, "eli")
    assert client.post("/agenda/programmes/new", data=PROGRAMME).status_code == 403  # no CSRF
    bad = client.post(
        "/agenda/programmes/new", data={**PROGRAMME, "csrf_token": csrf, "intake_per_year": "-4"}
    )
    assert bad.status_code == 422
    assert "Enter a whole number of 0 or more." in bad.text
    assert 'aria-invalid="true" aria-describedby="err-pg-intake_per_year"' in bad.text
    saved = client.post(
        "/agenda/programmes/new", data={**PROGRAMME, "csrf_token": csrf}, follow_redirects=False
    )
    assert saved.status_code == 303
    new_id = "rail-signalling-technicians-dual"
    assert saved.headers["location"] == f"/agenda/programmes?saved={new_id}#records"
    stored = _stored(store_settings, "programme", new_id)
    assert stored.target_isco == ("7421", "3113")
    listing = client.get("/agenda/programmes?saved=" + new_id).text
    assert f"/agenda/programmes/{new_id}/edit" in listing
    assert "Saved “rail-signalling-technicians-dual”." in listing
    form = client.get(f"/agenda/programmes/{new_id}/edit").text
    assert 'value="7421, 3113"' in form
    changed = {**PROGRAMME, "csrf_token": csrf, "intake_per_year": "55"}
    assert (
        client.post(f"/agenda/programmes/{new_id}/edit", data=changed, follow_redirects=False)
    ).status_code == 303
    assert _stored(store_settings, "programme", new_id).intake_per_year == 55
    client.post("/logout", data={"csrf_token": csrf})
    other = _login(client, "eva")
    assert f"/agenda/programmes/{new_id}/edit" not in client.get("/agenda/programmes").text
    refused = client.post(f"/agenda/programmes/{new_id}/delete", data={"csrf_token": other})
    assert refused.status_code == 403
    assert "belongs to another user" in refused.text
    client.post("/logout", data={"csrf_token": other})
    csrf = _login(client, "eli")
    gone = client.post(
        f"/agenda/programmes/{new_id}/delete", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert gone.status_code == 303
    assert client.get(f"/agenda/programmes/{new_id}/edit").status_code == 404


def test_editor_creates_and_edits_a_project_with_needs(
    client: TestClient, store_settings: Settings
) -> None:
    csrf = _login(client, "eli")
    saved = client.post(
        "/agenda/projects/new", data={**PROJECT, "csrf_token": csrf}, follow_redirects=False
    )
    assert saved.status_code == 303, saved.text
    new_id = "dostyk-gauge-change-terminal"
    needs = _stored(store_settings, "project", new_id).needs
    assert [(n.isco, n.headcount, n.year) for n in needs] == [
        ("8311", 30, 2027),
        ("3331", 10, 2028),
        ("8311", 30, 2028),
    ]
    form = client.get(f"/agenda/projects/{new_id}/edit").text
    assert "3331, 10, 2028\n8311, 30, 2027-2028</textarea>" in form
    wrong = {**PROJECT, "csrf_token": csrf, "needs": "8311, 30, 2027\n12, 5, 2028", "lat": "95"}
    refused = client.post(f"/agenda/projects/{new_id}/edit", data=wrong)
    assert refused.status_code == 422
    assert "Line 2: 12 is not an ISCO-08 unit group." in refused.text
    assert "Enter a number from -90 to 90." in refused.text
    fixed = {**PROJECT, "csrf_token": csrf, "needs": "8311, 45, 2027"}
    assert (
        client.post(f"/agenda/projects/{new_id}/edit", data=fixed, follow_redirects=False)
    ).status_code == 303
    needs = _stored(store_settings, "project", new_id).needs
    assert [(n.isco, n.headcount) for n in needs] == [("8311", 45)]
    assert client.get("/agenda/projects/no-such-project/edit").status_code == 404


def test_bundled_records_are_editable_by_editors(client: TestClient) -> None:
    _login(client, "eva")
    page = client.get("/agenda/programmes").text
    assert "/agenda/programmes/atom-iq-operators/edit" in page
    assert "/agenda/projects/kz-first-npp/edit" in page
    form = client.get("/agenda/projects/kz-first-npp/edit")
    assert form.status_code == 200
    assert "7212, 200, 2027-2031" in form.text


@pytest.mark.browser
def test_editor_adds_a_programme_with_inline_validation_and_sees_it_matched(page: Page) -> None:
    login(page, "eli")
    page.goto("/agenda/programmes")
    page.get_by_role("link", name="New programme").click()
    page.get_by_label("Title").fill("Crane operators for Aktau port")
    page.get_by_label("Provider").fill("Aktau Higher College of Technology")
    page.get_by_label("Field of education").fill("0716")
    target = page.get_by_label("Target occupations")
    target.fill("8343, 9999")
    target.blur()
    expect(page.locator("#err-pg-target_isco")).to_have_text("Not ISCO-08 unit groups: 9999.")
    expect(target).to_have_attribute("aria-invalid", "true")
    target.fill("8343")
    page.get_by_label("Intake per year").fill("25")
    page.get_by_label("First intake year").fill("2026")
    page.get_by_label("City").fill("Aktau")
    page.get_by_label("City").blur()
    expect(page.locator("#err-pg-target_isco")).to_be_empty()
    expect(target).not_to_have_attribute("aria-invalid", "true")
    shot(page, "agenda-programme-edit")
    page.get_by_role("button", name="Save programme").click()
    expect(page.get_by_role("status")).to_contain_text("crane-operators-for-aktau-port")
    row = page.locator("#programme-crane-operators-for-aktau-port")
    expect(row).to_contain_text("8343")
    page.get_by_label("Text").fill("Crane operators")  # matches come a page at a time
    page.get_by_role("button", name="Filter").click()
    matches = page.locator("table[aria-labelledby=matches] tbody")
    expect(matches).to_contain_text("Crane operators for Aktau port")
    row.get_by_role("link", name="Edit").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete programme").click()
    expect(page.locator("#programme-crane-operators-for-aktau-port")).to_have_count(0)


def test_programmes_page_filters_pages_and_marks_loose_matches(page: Page) -> None:
    seed = load_seed()
    everything = match(seed.programmes, seed.projects, min_digits=2, min_score=0.0)
    page.goto("/agenda/programmes")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 6000, f"the page is {height} px long"
    rows = page.locator("table[aria-labelledby=matches] tbody tr")
    expect(rows).to_have_count(10)
    expect(page.get_by_text(f"{len(everything)} matches.")).to_be_visible()
    # loose matches (sub-major group only) are listed, marked, and left out of coverage
    loose = [m for m in everything if any(not n.counted for n in m.needs)]
    assert loose
    pager = page.get_by_role("navigation", name="Pages of matches")
    pages = -(-len(everything) // 10)
    pager.get_by_role("link", name="Next page").click()
    expect(page).to_have_url(re.compile(r"\?page=2#matches$"))
    expect(pager).to_contain_text(f"Page 2 of {pages}")
    expect(rows).to_have_count(min(10, len(everything) - 10))
    page.go_back()
    expect(pager).to_contain_text(f"Page 1 of {pages}")
    first = loose[0]
    title = next(p.title for p in seed.programmes if p.id == first.programme_id)
    page.get_by_label("Text").fill(title)
    page.get_by_role("button", name="Filter").click()
    row = page.locator("table[aria-labelledby=matches] tbody tr.loose").filter(
        has_text=next(p.title for p in seed.projects if p.id == first.project_id)
    )
    expect(row.locator(".badge.loose")).to_contain_text("not counted")
    expect(row.locator("td").nth(3)).to_contain_text(f"{first.isco_score * 100:.0f} %")
    # places by name: the domain's "same country KZ" is shown as the country's name
    page.goto("/agenda/programmes")
    same_country = [m for m in everything[:10] if m.place_score == 0.5]
    assert same_country
    table = page.locator("table[aria-labelledby=matches]")
    expect(table).to_contain_text("same country Kazakhstan")
    expect(table).not_to_contain_text("same country KZ")
    # field of education: the broad field keeps only programmes under it
    page.goto("/agenda/programmes?field=07")
    records = page.locator("#programme-records tbody tr")
    kept = [p for p in seed.programmes if p.isced_field.startswith("07")]
    expect(records).to_have_count(len(kept))
    expect(page.get_by_label("Field of education")).to_have_value("07")
    # a country by name in Russian, a code, or nothing known
    page.goto("/agenda/programmes?country=%D0%9A%D0%B0%D0%B7%D0%B0%D1%85%D1%81%D1%82%D0%B0%D0%BD")
    expect(page.get_by_label("Country")).to_have_value("Kazakhstan")
    expect(records).to_have_count(sum(p.country == "KZ" for p in seed.programmes))
    response = page.goto("/agenda/programmes?country=Narnia")
    assert response is not None
    assert response.status == 422


def test_programme_with_an_isced_coding_category_is_saved_labelled_and_filtered(
    page: Page,
) -> None:
    login(page, "eli")
    page.goto("/agenda/programmes/new")
    page.get_by_label("Title").fill("Engineering foundation year")
    page.get_by_label("Provider").fill("Astana IT University")
    field = page.get_by_label("Field of education")
    field.fill("0777")  # no such field or category
    field.blur()
    expect(page.locator("#err-pg-isced_field")).to_have_text("Not ISCED-F 2013 fields: 0777.")
    field.fill("0788")  # inter-disciplinary, engineering
    page.get_by_label("Target occupations").fill("3113")
    page.get_by_label("Intake per year").fill("30")
    page.get_by_label("First intake year").fill("2026")
    page.get_by_label("Target occupations").blur()
    expect(page.locator("#err-pg-isced_field")).to_be_empty()
    page.get_by_role("button", name="Save programme").click()
    row = page.locator("#programme-engineering-foundation-year")
    expect(row.locator(".badge.isced-category")).to_have_text(
        "inter-disciplinary: matched at its broad field"
    )
    expect(row).to_contain_text("0788 Inter-disciplinary programmes and qualifications involving")
    page.goto("/agenda/programmes?field=07")
    expect(row).to_have_count(1)
    page.goto("/agenda/programmes?field=0788")
    expect(page.get_by_label("Field of education")).to_have_value("0788")
    expect(page.locator("#programme-records tbody tr")).to_have_count(1)
    page.goto("/agenda/programmes?field=05")
    expect(row).to_have_count(0)
    page.goto("/agenda/programmes/engineering-foundation-year/edit")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete programme").click()
    expect(row).to_have_count(0)
