"""Claims over HTTP: reasons in plain words, the rule that decided, a permalink the page honours."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from eurasia.http.app import create_app
from eurasia.indicators.claims import REASON_RULES, RULES
from eurasia.settings import Settings
from eurasia.store.db import make_engine, upgrade
from eurasia.store.loaders import load_bundled


@pytest.fixture
def client(sqlite_url: str, tmp_path) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    settings = Settings(database_url=sqlite_url, data_dir=tmp_path / "data", env="development")
    engine = make_engine(settings.resolved_database_url)
    upgrade(engine)
    load_bundled(engine)
    engine.dispose()
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_every_claim_has_reasons_its_deciding_rule_and_a_permalink(client: TestClient) -> None:
    body = client.get("/api/indicators/claims").json()
    assert [r["code"] for r in body["rules"]] == list(RULES)
    by_id = {c["id"]: c for c in body["data"]}
    for claim in body["data"]:
        assert claim["permalink"] == f"/indicators/claims/{claim['id']}"
        assert claim["reasons"], claim["id"]
        assert claim["explanation"] == " ".join(r["text"] for r in claim["reasons"])
        assert claim["reason"] in [r["text"] for r in claim["reasons"]]
        for reason in claim["reasons"]:
            assert reason["rule"] == REASON_RULES.get(reason["code"])
    mirror = by_id["china-44bn"]
    assert (mirror["verdict"], mirror["rule"]) == ("partly supported", "same-side")
    assert mirror["rule_text"].startswith("Same reporter side")
    assert "mirror figure" in mirror["reason"]
    mixed = by_id["china-russia-half"]
    assert (mixed["verdict"], mixed["rule"]) == ("contradicted", "same-definition")
    assert [r["code"] for r in mixed["reasons"]] == [
        "nearest-year",
        "best-disagrees",
        "mixed-sides",
    ]
    assert by_id["transit-2035"]["rule"] == "primary-first"
    assert by_id["uranium-share"]["rule"] == "same-year"
    loose = by_id["turnover-2025"]
    assert (loose["verdict"], loose["rule"]) == ("misleading", "agreement")
    assert "part-year" in loose["explanation"]
    alone = by_id["joint-events"]
    assert (alone["verdict"], alone["rule"], alone["rule_text"]) == ("unverified", None, None)


def test_one_claim_in_russian_and_unknown_ones_refused(client: TestClient) -> None:
    english = client.get("/api/indicators/claims/uranium-2024").json()
    assert english["verdict"] == "supported"
    assert [r["code"] for r in english["reasons"]] == [
        "best-agrees",
        "forecasts-set-aside",
        "unchecked-figure",
    ]
    assert [r["rule"] for r in english["reasons"]] == [
        "agreement",
        "forecasts-never-confirm",
        None,
    ]
    russian = client.get("/api/indicators/claims/uranium-2024", params={"lang": "ru"}).json()
    assert russian["verdict"] == english["verdict"]
    assert russian["reason"] != english["reason"]
    assert "23,27" in russian["reason"]  # the locale's digits
    mirror = client.get("/api/indicators/claims/china-44bn", params={"lang": "ru"}).json()
    assert mirror["rule_text"].startswith("Одна сторона отчётности")
    missing = client.get("/api/indicators/claims/no-such-claim")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert client.get("/api/indicators/claims", params={"lang": "xx"}).status_code == 422


def test_the_page_honours_the_permalink(client: TestClient) -> None:
    link = client.get("/api/indicators/claims/china-44bn").json()["permalink"]
    answer = client.get(link, follow_redirects=False)
    assert answer.status_code == 302
    assert answer.headers["location"] == "/indicators/claims#claim-china-44bn"
    page = client.get("/indicators/claims").text
    assert 'id="claim-china-44bn"' in page
    assert f'href="{link}"' in page
    assert client.get("/indicators/claims/no-such-claim").status_code == 404
