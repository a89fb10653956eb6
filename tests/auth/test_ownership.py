"""Observations are owned like events (issue 18, finding 5): editors replace only their own
values, bundled values are immutable (a correction is a new vintage), admins act on all."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from eurasia.auth.ownership import add_observations
from eurasia.auth.roles import Principal, Role
from eurasia.errors import ConflictError, PermissionDeniedError
from eurasia.indicators.model import Indicator, Observation, Source
from eurasia.indicators.observatory import Observatory
from eurasia.store.indicators import ObservationRow, save_observatory

BUNDLED = Observation(
    indicator="trade.rail_teu",
    ref_area="KAZ",
    period="2024",
    value=800.0,
    unit="TEU",
    source_id="ktz",
    vintage="2025-01",
)


def _fragment(*observations: Observation) -> Observatory:
    fragment = Observatory()
    fragment.add_source(Source(id="ktz", producer="KTZ", title="Annual report", kind="statistics"))
    fragment.add_indicator(Indicator(code="trade.rail_teu", name="Rail TEU", unit="TEU", topic="t"))
    fragment.observations = list(observations)
    return fragment


@pytest.fixture
def who(db: Session, people: dict[str, int]) -> dict[str, Principal]:
    save_observatory(db, _fragment(BUNDLED), origin="bundled")
    principals = {
        name: Principal(people[name], name, "", role)
        for name, role in (("ada", Role.ADMIN), ("eli", Role.EDITOR), ("vic", Role.VIEWER))
    }
    principals["eva"] = Principal(999, "eva", "", Role.EDITOR)
    return principals


def _value(db: Session, obs: Observation) -> tuple[float, int | None]:
    row = db.scalars(
        select(ObservationRow).where(
            ObservationRow.period == obs.period, ObservationRow.vintage == obs.vintage
        )
    ).one()
    return row.value, row.owner_id


def test_a_bundled_value_cannot_be_replaced_by_anyone(
    db: Session, who: dict[str, Principal]
) -> None:
    forged = dataclasses.replace(BUNDLED, value=123456.0)
    for name in ("eli", "ada"):
        with pytest.raises(ConflictError, match="new vintage"):
            add_observations(db, _fragment(forged), by=who[name])
    assert _value(db, BUNDLED) == (800.0, None)


def test_a_correction_is_a_new_vintage_owned_by_its_author(
    db: Session, who: dict[str, Principal]
) -> None:
    correction = dataclasses.replace(BUNDLED, value=812.0, vintage="2025-06")
    assert add_observations(db, _fragment(correction), by=who["eli"]) == 1
    assert _value(db, correction) == (812.0, who["eli"].id)
    assert _value(db, BUNDLED) == (800.0, None)


def test_editors_replace_their_own_values_only_and_admins_any(
    db: Session, who: dict[str, Principal]
) -> None:
    mine = dataclasses.replace(BUNDLED, period="2023", value=700.0, vintage="eli-1")
    add_observations(db, _fragment(mine), by=who["eli"])
    add_observations(db, _fragment(dataclasses.replace(mine, value=701.0)), by=who["eli"])
    assert _value(db, mine) == (701.0, who["eli"].id)
    with pytest.raises(PermissionDeniedError, match="belongs to another user"):
        add_observations(db, _fragment(dataclasses.replace(mine, value=1.0)), by=who["eva"])
    with pytest.raises(PermissionDeniedError, match="needs editor"):
        add_observations(db, _fragment(dataclasses.replace(mine, value=1.0)), by=who["vic"])
    add_observations(db, _fragment(dataclasses.replace(mine, value=702.0)), by=who["ada"])
    assert _value(db, mine) == (702.0, who["eli"].id)  # the admin's correction keeps the owner


def test_an_operators_import_is_replaced_by_admins_only(
    db: Session, who: dict[str, Principal]
) -> None:
    imported = dataclasses.replace(BUNDLED, period="2022", vintage="file")
    save_observatory(db, _fragment(imported), replace="keys")
    with pytest.raises(PermissionDeniedError, match="an operator's import"):
        add_observations(db, _fragment(dataclasses.replace(imported, value=5.0)), by=who["eli"])
    add_observations(db, _fragment(dataclasses.replace(imported, value=6.0)), by=who["ada"])
    assert _value(db, imported) == (6.0, None)


def test_one_refused_value_writes_nothing(db: Session, who: dict[str, Principal]) -> None:
    new = dataclasses.replace(BUNDLED, period="2021", vintage="eli-2")
    forged = dataclasses.replace(BUNDLED, value=0.0)
    with pytest.raises(ConflictError, match=r"data\[1\]"):
        add_observations(db, _fragment(new, forged), by=who["eli"])
    assert db.scalars(select(ObservationRow).where(ObservationRow.period == "2021")).all() == []
