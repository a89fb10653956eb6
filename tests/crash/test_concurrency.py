"""Concurrent writers on PostgreSQL: the served app (two uvicorn workers) loses no update.

Sixteen clients at once create events, import the same calendar, add indicator values and fail
to log in. Every write that was acknowledged is stored, exactly once; a write that collides with
a concurrent one is refused with a problem (409), never a 5xx; counters (failed logins) count
every failure the service reported.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, func, select

from eurasia.agenda.model import Event
from eurasia.auth.credentials import issue_api_token
from eurasia.auth.roles import Role
from eurasia.auth.users import create_user
from eurasia.errors import ConflictError
from eurasia.store.accounts import LoginAttempt
from eurasia.store.agenda import AgendaEvent, save_events
from eurasia.store.db import make_engine, session_scope, upgrade
from eurasia.store.indicators import ObservationRow
from eurasia.store.loaders import load_bundled
from tests.conftest import PostgresServer, _free_port

pytestmark = [pytest.mark.postgres, pytest.mark.timeout(300)]

EURASIA = Path(sys.executable).with_name("eurasia")
CLIENTS = 16


@dataclass
class Served:
    url: str
    engine: Engine
    tokens: dict[str, str]

    def count(self, model: Any, *where: Any) -> int:
        with session_scope(self.engine) as session:
            return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


@pytest.fixture(scope="module")
def served(
    postgres_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    url = postgres_server.create_database()
    engine = make_engine(url)
    upgrade(engine)
    load_bundled(engine)
    tokens = {}
    with session_scope(engine) as session:
        for name in ("eli", "eva"):
            user = create_user(
                session, username=name, password="correct horse battery", role=Role.EDITOR
            )
            tokens[name] = issue_api_token(session, user, name="load")[1]
        create_user(session, username="vic", password="correct horse battery", role=Role.VIEWER)
    port = _free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    env = {
        **os.environ,
        "EURASIA_DATABASE_URL": url,
        "EURASIA_DATA_DIR": str(log.parent),
        "EURASIA_LOG_LEVEL": "WARNING",
        "EURASIA_LOGIN_BACKOFF_SECONDS": "120",  # the throttle still holds when checked below
    }
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(EURASIA), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the server did not come up"
            time.sleep(0.2)
        yield Served(base, engine, tokens)
    finally:
        server.terminate()
        server.wait(timeout=30)
        engine.dispose()
    assert "Traceback" not in log.read_text(), log.read_text()


def _at_once(calls: list[Callable[[httpx.Client], httpx.Response]]) -> list[httpx.Response]:
    """Send the calls from CLIENTS threads at once, each with its own connection."""

    def send(call: Callable[[httpx.Client], httpx.Response]) -> httpx.Response:
        with httpx.Client(timeout=60) as client:
            return call(client)

    with ThreadPoolExecutor(CLIENTS) as pool:
        return list(pool.map(send, calls))


def _statuses(responses: list[httpx.Response]) -> Counter[int]:
    for r in responses:
        assert r.status_code < 500, r.text
    return Counter(r.status_code for r in responses)


def _event(uid: str) -> dict[str, Any]:
    return {
        "uid": uid,
        "title": f"Forum {uid}",
        "kind": "business",
        "start": "2032-05-29T10:00:00",
        "end": "2032-05-29T18:00:00",
        "tzid": "Asia/Almaty",
    }


def _auth(served: Served, who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {served.tokens[who]}"}


def test_concurrent_creates_are_all_stored(served: Served) -> None:
    before = served.count(AgendaEvent)
    calls = [
        (
            lambda c, k=k: c.post(
                f"{served.url}/api/agenda/events",
                json=_event(f"c{k}@load"),
                headers=_auth(served, ("eli", "eva")[k % 2]),
            )
        )
        for k in range(48)
    ]
    assert _statuses(_at_once(calls)) == Counter({201: 48})
    assert served.count(AgendaEvent) == before + 48


def test_concurrent_creates_of_one_uid_store_one(served: Served) -> None:
    calls = [
        (
            lambda c: c.post(
                f"{served.url}/api/agenda/events",
                json=_event("same@load"),
                headers=_auth(served, "eli"),
            )
        )
        for _ in range(CLIENTS)
    ]
    statuses = _statuses(_at_once(calls))
    assert statuses[201] == 1
    assert statuses[201] + statuses[409] == CLIENTS
    assert served.count(AgendaEvent, AgendaEvent.uid == "same@load") == 1


ICS = "".join(
    ["BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//load//EN\r\n"]
    + [
        f"BEGIN:VEVENT\r\nUID:imp{k}@load\r\nDTSTART:2032010{k + 1}T100000Z\r\nSUMMARY:Imported {k}\r\nEND:VEVENT\r\n"
        for k in range(3)
    ]
    + ["END:VCALENDAR\r\n"]
)


def test_concurrent_imports_of_one_calendar(served: Served) -> None:
    headers = {**_auth(served, "eli"), "Content-Type": "text/calendar"}
    calls = [
        (lambda c: c.post(f"{served.url}/api/agenda/import", content=ICS.encode(), headers=headers))
        for _ in range(CLIENTS)
    ]
    statuses = _statuses(_at_once(calls))
    assert statuses[200] >= 1
    assert statuses[200] + statuses[409] == CLIENTS
    for k in range(3):
        assert served.count(AgendaEvent, AgendaEvent.uid == f"imp{k}@load") == 1


def _value(period: str, value: float) -> dict[str, Any]:
    return {
        "data": [
            {
                "indicator": "trade.turnover",
                "ref_area": "KAZ",
                "counterpart_area": "TUR",
                "flow": "T",
                "period": period,
                "value": value,
                "unit": "USD",
                "unit_mult": 9,
                "source_id": "edb-2025-08",
                "obs_status": "F",
            }
        ]
    }


def test_concurrent_values_are_all_stored(served: Served) -> None:
    where = (ObservationRow.counterpart_area == "TUR", ObservationRow.obs_status == "F")
    before = served.count(ObservationRow, *where)
    calls = [
        (
            lambda c, y=y: c.post(
                f"{served.url}/api/indicators/observations",
                json=_value(str(y), y / 100),
                headers=_auth(served, "eva"),
            )
        )
        for y in range(2100, 2148)
    ]
    assert _statuses(_at_once(calls)) == Counter({201: 48})
    assert served.count(ObservationRow, *where) == before + 48


def test_concurrent_writes_of_one_value_store_one(served: Served) -> None:
    calls = [
        (
            lambda c, k=k: c.post(
                f"{served.url}/api/indicators/observations",
                json=_value("2199", float(k)),
                headers=_auth(served, "eli"),
            )
        )
        for k in range(CLIENTS)
    ]
    statuses = _statuses(_at_once(calls))
    assert statuses[201] >= 1
    assert statuses[201] + statuses[409] == CLIENTS
    assert (
        served.count(
            ObservationRow,
            ObservationRow.period == "2199",
            ObservationRow.counterpart_area == "TUR",
        )
        == 1
    )


def test_every_failed_login_is_counted(served: Served) -> None:
    body = {"username": "vic", "password": "not the password"}
    calls = [(lambda c: c.post(f"{served.url}/api/auth/login", json=body)) for _ in range(CLIENTS)]
    statuses = _statuses(_at_once(calls))
    assert set(statuses) <= {401, 429}
    assert served.count(LoginAttempt, LoginAttempt.username == "vic") == statuses[401]
    assert statuses[401] >= 4  # the free failures (3) and the first that starts the backoff …
    after = httpx.post(
        f"{served.url}/api/auth/login", json={**body, "password": "correct horse battery"}
    )
    assert after.status_code == 429  # … and holds, even for the right password


def test_a_lost_race_for_one_key_is_a_conflict_not_a_crash(served: Served) -> None:
    """Two transactions insert the same event; the second learns of the first only when its
    insert waits on the unique index. It must end in a ConflictError (409), not a database error."""
    event = Event(
        uid="race@load",
        title="Race",
        kind="business",
        start=dt.datetime(2032, 1, 1, 10),
        end=dt.datetime(2032, 1, 1, 12),
        tzid="Asia/Almaty",
    )
    first_flushed, outcome = threading.Event(), {}

    def first() -> None:
        with session_scope(served.engine) as session:
            save_events(session, [event], origin="first")
            first_flushed.set()
            time.sleep(0.5)  # the second is now waiting on the index

    def second() -> None:
        first_flushed.wait(10)
        try:
            with session_scope(served.engine) as session:
                save_events(session, [event], origin="second")
        except Exception as exc:
            outcome["error"] = exc

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert isinstance(outcome.get("error"), ConflictError), outcome
    assert served.count(AgendaEvent, AgendaEvent.uid == "race@load") == 1
