"""Stateful fuzzing (issue 18): several users write through the API, and after every step every
read endpoint, page and feed that shows what they wrote is read back, anonymously and signed in.

A stored value that breaks a later read (finding 1: one CR/LF in an event's URL made every
agenda view answer 500) cannot be seen by a fuzzer that judges one request at a time; this one
keeps the store between steps. The property after each step: no 5xx, no response over
:data:`MAX_BYTES` or :data:`MAX_SECONDS`. Writers are two editors and an admin; values mix valid
input with the hostile tokens of :mod:`tests.fuzz.strategies` (line breaks, control characters,
long strings, dense and malformed RRULEs, formula-like text).

Runs on SQLite and PostgreSQL with bounded effort (about half a minute each by default);
``EURASIA_FUZZ_SCALE=10`` runs ten times the examples and longer step sequences.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    rule,
    run_state_machine_as_test,
)

from eurasia.auth.credentials import issue_api_token
from eurasia.auth.roles import Role
from eurasia.auth.users import create_user
from eurasia.http.app import create_app
from eurasia.settings import Settings
from eurasia.store.db import make_engine, session_scope, upgrade
from eurasia.store.loaders import load_bundled
from tests.fuzz.strategies import HOSTILE_TOKENS, SCALE

#: Largest response any read may give (the month page with 2 000 instances of one event is
#: ~1 MB; the 5 MB title of finding 7 made it 19.5 MB).
MAX_BYTES = 8 * 1024 * 1024
#: Longest any read may take on this 2-core machine (finding 2 took 245 s).
MAX_SECONDS = 10.0
WINDOW = "start=2024-01-01&end=2026-12-31"
#: Effort: state machines run and steps each (``EURASIA_FUZZ_SCALE`` multiplies the examples).
EXAMPLES = max(1, SCALE - 2)
STEPS = 6 + max(0, SCALE - 3)
WRITERS = ("eli", "eva", "ada")

text = st.one_of(
    st.sampled_from(HOSTILE_TOKENS),
    st.text(max_size=40),
    st.builds(lambda a, b: a + b, st.sampled_from(HOSTILE_TOKENS), st.text(max_size=10)),
)
rrule = st.one_of(
    st.sampled_from(
        [
            "FREQ=YEARLY",
            "FREQ=WEEKLY;BYDAY=MO,WE",
            "FREQ=DAILY;COUNT=10",
            "FREQ=DAILY;BYHOUR=" + ",".join(map(str, range(24))),
            "FREQ=MONTHLY;BYDAY=-1FR",
            "FREQ=SECONDLY",
            "FREQ=DAILY;INTERVAL=0",
            "FREQ=MONTHLY;BYDAY=53MO",
        ]
    ),
    st.builds(
        lambda m: f"FREQ=DAILY;BYHOUR={','.join(map(str, range(24)))};BYMINUTE={m}",
        st.integers(0, 59),
    ),
    text,
)
url = st.one_of(
    st.none(),
    st.just("https://example.org/event"),
    st.builds(lambda t: "https://example.org/" + t, text),
)
when = st.sampled_from(
    [
        ("2025-03-01T10:00:00", "2025-03-01T12:00:00"),
        ("2025-06-02", "2025-06-03"),
        ("2026-01-01T00:00:00", "2026-01-01T01:00:00"),
        ("2024-12-31T23:00:00", "2025-01-02T01:00:00"),
    ]
)


@dataclass
class World:
    client: TestClient
    tokens: dict[str, dict[str, str]]
    indicator: str
    source: str


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    tmp = tmp_path_factory.mktemp("stateful")
    if request.param == "sqlite":
        database = f"sqlite:///{tmp / 'e.db'}"
    else:
        database = request.getfixturevalue("postgres_server").create_database()
    app_settings = Settings(database_url=database, data_dir=tmp / "data")
    engine = make_engine(app_settings.resolved_database_url)
    upgrade(engine)
    load_bundled(engine)
    tokens: dict[str, dict[str, str]] = {"anonymous": {}}
    with session_scope(engine) as session:
        for name, role in (
            ("eli", Role.EDITOR),
            ("eva", Role.EDITOR),
            ("ada", Role.ADMIN),
            ("vic", Role.VIEWER),
        ):
            user = create_user(session, username=name, password="correct horse battery", role=role)
            tokens[name] = {
                "Authorization": f"Bearer {issue_api_token(session, user, name='f')[1]}"
            }
    engine.dispose()
    with TestClient(create_app(app_settings)) as client:
        listing = client.get("/api/indicators").json()["data"]
        code = listing[0]["code"]
        source = client.get(f"/api/indicators/{code}/observations").json()["sources"][0]["id"]
        yield World(client, tokens, code, source)


class Writers(RuleBasedStateMachine):
    """Two editors and an admin writing events, imports and indicator values."""

    world: World
    events = Bundle("events")

    def _call(
        self,
        method: str,
        path: str,
        who: str,
        *,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> int:
        merged = {**self.world.tokens[who], **(headers or {})}
        response = self.world.client.request(method, path, headers=merged, **kwargs)
        assert response.status_code < 500, (method, path, response.status_code, response.text[:500])
        return response.status_code

    @rule(
        target=events,
        who=st.sampled_from(WRITERS),
        title=st.one_of(st.just("Forum"), text, st.just("x" * 250)),
        times=when,
        rules=st.lists(rrule, max_size=12),
        link=url,
        description=st.one_of(st.just(""), text),
        organisers=st.lists(st.one_of(st.just("ktz"), text), max_size=3),
        number=st.integers(0, 10**6),
    )
    def create_event(
        self,
        who: str,
        title: str,
        times: tuple[str, str],
        rules: list[str],
        link: str | None,
        description: str,
        organisers: list[str],
        number: int,
    ) -> str:
        uid = f"fuzz-{number}@test"
        body = {
            "uid": uid,
            "title": title,
            "kind": "business",
            "start": times[0],
            "end": times[1],
            "tzid": "Asia/Almaty",
            "venue": {"city": "Astana", "country": "KZ"},
            "rrules": rules,
            "url": link,
            "description": description,
            "organisers": organisers,
        }
        self._call("POST", "/api/agenda/events", who, json=body)
        return uid

    @rule(uid=events, who=st.sampled_from(WRITERS), title=text, link=url)
    def update_event(self, uid: str, who: str, title: str, link: str | None) -> None:
        body = {
            "title": title,
            "kind": "culture",
            "start": "2025-09-01",
            "end": "2025-09-02",
            "tzid": "Asia/Almaty",
            "url": link,
        }
        self._call("PUT", f"/api/agenda/events/{uid}", who, json=body)

    @rule(uid=consumes(events), who=st.sampled_from(WRITERS))
    def delete_event(self, uid: str, who: str) -> None:
        self._call("DELETE", f"/api/agenda/events/{uid}", who)

    @rule(
        who=st.sampled_from(WRITERS),
        summary=text,
        link=text,
        extra=st.lists(st.sampled_from(HOSTILE_TOKENS), max_size=3),
        number=st.integers(0, 10**6),
    )
    def import_calendar(
        self, who: str, summary: str, link: str, extra: list[str], number: int
    ) -> None:
        lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//fuzz//EN",
            "BEGIN:VEVENT",
            f"UID:imported-{number}@test",
            "DTSTART:20250401T100000Z",
            "DTEND:20250401T110000Z",
            f"SUMMARY:{summary}",
            f"URL:{link}",
            *extra,
            "END:VEVENT",
            "END:VCALENDAR",
        ]
        content = "\r\n".join(lines).encode("utf-8", "surrogatepass")
        headers = {"Content-Type": "text/calendar"}
        self._call("POST", "/api/agenda/import", who, content=content, headers=headers)

    @rule(
        who=st.sampled_from(WRITERS),
        value=st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers(-10, 10)),
        note=st.one_of(st.just(""), text, st.just('=HYPERLINK("https://evil.example")')),
        vintage=st.sampled_from(["", "fuzz-1", "fuzz-2"]),
        period=st.sampled_from(["2023", "2024", "2030"]),
    )
    def add_observation(self, who: str, value: float, note: str, vintage: str, period: str) -> None:
        body = {
            "data": [
                {
                    "indicator": self.world.indicator,
                    "ref_area": "KAZ",
                    "period": period,
                    "value": value,
                    "unit": "USD",
                    "source_id": self.world.source,
                    "definition_note": note,
                    "vintage": vintage,
                }
            ]
        }
        self._call("POST", "/api/indicators/observations", who, json=body)

    @invariant()
    def every_read_holds(self) -> None:
        if not hasattr(self, "world"):
            return
        code = self.world.indicator
        paths = [
            "/api/agenda/events",
            f"/api/agenda/instances?{WINDOW}",
            f"/api/agenda/instances?{WINDOW}&offset=500",
            f"/api/agenda/clashes?{WINDOW}",
            f"/api/agenda/suggestions?{WINDOW}",
            "/api/agenda/year/2025",
            "/api/agenda/feeds/all.ics",
            "/api/agenda/feeds/kind/business.ics",
            "/api/agenda/feeds/city/astana.ics",
            "/api/agenda/feeds/organiser/ktz.ics",
            "/api/agenda/gaps",
            f"/api/indicators/{code}/observations",
            f"/api/indicators/{code}/observations.csv",
            "/api/indicators/discrepancies",
            "/api/scenarios/runs",
            "/",
            "/agenda?month=2025-03",
            "/agenda?month=2025-01",
            "/agenda/year?year=2025",
            f"/indicators/{code}",
        ]
        for path in paths:
            self._read(path, "anonymous")
        for path in paths[:10]:  # what private events change, as a signed-in viewer sees it
            self._read(path, "vic")

    def _read(self, path: str, who: str) -> None:
        started = time.perf_counter()
        response = self.world.client.get(path, headers=self.world.tokens[who])
        elapsed = time.perf_counter() - started
        assert response.status_code < 500, (path, who, response.status_code, response.text[:500])
        assert len(response.content) <= MAX_BYTES, (path, len(response.content))
        assert elapsed <= MAX_SECONDS, (path, elapsed)


def test_writes_never_break_reads(world: World) -> None:
    Writers.world = world
    run_state_machine_as_test(
        Writers,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
