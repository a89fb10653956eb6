"""Fuzzing imports into the store, on SQLite and PostgreSQL: all of a file or nothing.

Each example reads a mutated file the way ``eurasia indicators import`` and ``eurasia agenda
import`` (and ``POST /api/agenda/import``) do, then writes it in one transaction. Only documented
errors may escape — a database error (a value too long for its column, a NUL byte PostgreSQL
refuses, a duplicate key) is a bug — and after a failure every table must hold exactly what it
held before.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, select

import eurasia.store.accounts
import eurasia.store.agenda
import eurasia.store.corridors
import eurasia.store.indicators  # noqa: F401  (every pillar's tables on Base.metadata)
from eurasia.agenda.ical import parse_ical
from eurasia.errors import EurasiaError
from eurasia.indicators.importers import read_path
from eurasia.indicators.model import Source
from eurasia.store.agenda import save_events
from eurasia.store.db import session_scope
from eurasia.store.indicators import save_observatory
from eurasia.store.tables import Base
from tests.fuzz import test_ical, test_indicator_importers
from tests.fuzz.strategies import documented, fuzz_settings, mutated

pytestmark = pytest.mark.timeout(300)

SOURCES = [
    Source(id="kz-stat", producer="Bureau of National Statistics", title="Trade", kind="statistics")
]
HOSTILE_VINTAGES = st.sampled_from(["", "2025-06", "v" * 41, "x\x00y", "💥" * 30])


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a stable order."""
    with engine.connect() as conn:
        return {
            table.name: sorted((tuple(row) for row in conn.execute(select(table))), key=repr)
            for table in Base.metadata.sorted_tables
        }


def _import_indicators(engine: Engine, text: str, fmt: str, vintage: str) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.csv"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        result = read_path(path, format=fmt, vintage=vintage, sources=SOURCES)
    with session_scope(engine) as session:
        return save_observatory(session, result.observatory)


def _import_calendar(engine: Engine, text: str) -> int:
    result = parse_ical(text, source="fuzz.ics", default_tzid="Asia/Almaty")
    with session_scope(engine) as session:
        return save_events(session, result.events, origin="import:fuzz.ics")


@pytest.fixture
def seeded(engine: Engine) -> Engine:
    """A store holding one successful import of each kind, so that a failed import has rows it
    could wrongly replace or delete."""
    _import_indicators(engine, test_indicator_importers.PLAIN, "csv", "2025")
    _import_indicators(engine, test_indicator_importers.OWID, "owid", "")
    _import_calendar(engine, test_ical.SEED)
    return engine


FORMATS = st.sampled_from(
    [
        ("csv", test_indicator_importers.PLAIN),
        ("sdmx", test_indicator_importers.SDMX),
        ("owid", test_indicator_importers.OWID),
    ]
)


@fuzz_settings(examples=25)
@given(data=st.data(), vintage=HOSTILE_VINTAGES)
def test_indicator_import_is_all_or_nothing(
    seeded: Engine, data: st.DataObject, vintage: str
) -> None:
    fmt, seed = data.draw(FORMATS, label="format")
    text = data.draw(mutated(seed), label="file")
    before = snapshot(seeded)
    outcome = documented(_import_indicators, seeded, text, fmt, vintage)
    if isinstance(outcome, EurasiaError):
        assert snapshot(seeded) == before, f"a failed import changed the store: {outcome}"


@fuzz_settings(examples=25)
@given(text=mutated(test_ical.SEED))
def test_calendar_import_is_all_or_nothing(seeded: Engine, text: str) -> None:
    before = snapshot(seeded)
    outcome = documented(_import_calendar, seeded, text)
    if isinstance(outcome, EurasiaError):
        assert snapshot(seeded) == before, f"a failed import changed the store: {outcome}"
