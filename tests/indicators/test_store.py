"""The indicators tables on SQLite and PostgreSQL: schema, bundled load, imports all or nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, func, select

from eurasia.errors import DataError
from eurasia.indicators.datapackage import read_datapackage
from eurasia.indicators.importers import read_path
from eurasia.store.db import session_scope
from eurasia.store.indicators import (
    IndicatorRow,
    ObservationRow,
    count_observations,
    list_indicators,
    load_observatory,
    save_observatory,
)
from eurasia.store.loaders import load_bundled
from eurasia.store.tables import Base
from tests.conftest import shared_data


def test_migration_matches_the_tables(engine: Engine) -> None:
    ours = {t for t in Base.metadata.tables if t.startswith("indicator_")}
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    mine = [d for d in diff if any(name in repr(d) for name in ours)]
    assert mine == []


def test_bundled_load_round_trips_and_is_idempotent(engine: Engine, bundled) -> None:  # type: ignore[no-untyped-def]
    first = {r.name: r for r in load_bundled(engine)}
    assert not first["indicators"].skipped
    assert {r.name: r.skipped for r in load_bundled(engine)}["indicators"] is True
    load_bundled(engine, force=True)
    with session_scope(engine) as session:
        stored = load_observatory(session)
    assert sorted(o.key for o in stored.observations) == sorted(o.key for o in bundled.observations)
    assert stored.targets == bundled.targets
    assert list(stored.claims) == list(bundled.claims)
    assert stored.groups["EAEU"].members_in_year(2015) == bundled.groups["EAEU"].members_in_year(
        2015
    )


def test_an_indicator_the_bundle_dropped_is_not_listed_empty(engine: Engine) -> None:
    load_bundled(engine)
    with session_scope(engine) as session:
        session.add(IndicatorRow(code="transit.old", name="Old", unit="t", topic="transit"))
    load_bundled(engine, force=True)
    with session_scope(engine) as session:
        codes = {i.code for i, _ in list_indicators(session)}
    assert "transit.old" not in codes
    assert "transit.cargo" in codes


def test_wdi_import_replaces_its_vintage_and_coexists_with_bundled(engine: Engine) -> None:
    load_bundled(engine)
    result = read_datapackage(shared_data("wdi", "tm.val.mrch.cd.wt"), vintage="2026-07-01")
    with session_scope(engine) as session:
        before = count_observations(session)
        bundled_kaz = count_observations(session, indicator="wdi.tm.val.mrch.cd.wt")
        written = save_observatory(session, result.observatory)
    with session_scope(engine) as session:
        after = count_observations(session)
        assert after == before - bundled_kaz + written
        again = save_observatory(session, result.observatory)  # re-import: replaces
    with session_scope(engine) as session:
        assert count_observations(session) == after
        assert again == written
    load_bundled(engine, force=True)  # bundled rows that an import holds are not duplicated
    with session_scope(engine) as session:
        assert count_observations(session) == after
        codes = {i.code for i, _ in list_indicators(session, q="imports")}
        assert "wdi.tm.val.mrch.cd.wt" in codes


def test_failed_import_writes_nothing(engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "pkg"
    shutil.copytree(shared_data("wdi", "sp.pop.totl"), folder)
    data = folder / "data.csv"
    lines = data.read_text().splitlines()
    lines[-1] = lines[-1].rsplit(",", 1)[0] + ",not-a-number"
    data.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataError, match="field 'Value'"):
        read_datapackage(folder)
    plain = tmp_path / "obs.csv"
    plain.write_text(
        "indicator,ref_area,period,value,unit,source_id\nx.y,KAZ,2024,1,t,nobody-knows\n"
    )
    with pytest.raises(DataError, match="nobody-knows are not known"), session_scope(engine) as s:
        save_observatory(s, read_path(plain).observatory)
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(ObservationRow)) == 0
