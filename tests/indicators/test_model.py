"""Domain objects validate themselves and name the bad field."""

from __future__ import annotations

import datetime as dt

import pytest

from eurasia.errors import ConflictError, DataError, NotFoundError
from eurasia.indicators.model import (
    AreaGroup,
    Claim,
    Membership,
    Observation,
    Source,
    Target,
    period_sort_key,
)
from eurasia.indicators.observatory import Observatory

BASE = {
    "indicator": "x",
    "ref_area": "KAZ",
    "period": "2024",
    "value": 1.0,
    "unit": "t",
    "source_id": "s",
}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("period", "2024-13", "period"),
        ("obs_status", "Z", "obs_status"),
        ("ref_area", "kaz", "ref_area"),
        ("flow", "Q", "flow"),
        ("reporter_side", "partner", "reporter_side"),
        ("value", float("nan"), "value"),
        ("unit_mult", 40, "unit_mult"),
        ("indicator", "Bad Code", "indicator"),
        ("date_accessed", "yesterday", "date_accessed"),
    ],
)
def test_observation_rejects_bad_fields(field: str, value: object, message: str) -> None:
    with pytest.raises(DataError, match=f"field '{message}'"):
        Observation(**{**BASE, field: value})  # type: ignore[arg-type]


def test_quarterly_and_monthly_periods_sort_within_the_year() -> None:
    q = Observation(**{**BASE, "period": "2024-Q3", "freq": "Q"})  # type: ignore[arg-type]
    assert q.year == 2024
    assert sorted(["2024-12", "2024-02", "2023"], key=period_sort_key) == [
        "2023",
        "2024-02",
        "2024-12",
    ]


def test_int_value_is_accepted_as_float() -> None:
    assert Observation(**{**BASE, "value": 3}).value == 3.0  # type: ignore[arg-type]


def test_group_membership_is_dated(bundled: Observatory) -> None:
    eaeu = bundled.groups["EAEU"]
    assert eaeu.members_on(dt.date(2015, 1, 1)) == ("BLR", "KAZ", "RUS")
    assert "KGZ" not in eaeu.members_on(dt.date(2015, 8, 11))
    assert "KGZ" in eaeu.members_on(dt.date(2015, 8, 12))
    eu = bundled.groups["EU27"]
    assert len(eu.members_in_year(2020)) == 27
    assert "HRV" not in eu.members_in_year(2012)
    assert len(eu.members_in_year(2003)) == 14  # EU15 without the United Kingdom
    assert sorted(bundled.groups) == ["CA5", "EAEU", "EU27", "GCC"]
    assert len(bundled.groups["GCC"].members_in_year(2024)) == 6


def test_membership_end_must_follow_start() -> None:
    with pytest.raises(DataError, match="'end'"):
        Membership("RUS", dt.date(2020, 1, 1), dt.date(2019, 1, 1))
    group = AreaGroup(
        "X5", "X", "s", (Membership("GBR", dt.date(1973, 1, 1), dt.date(2020, 2, 1)),)
    )
    assert group.members_on(dt.date(2020, 2, 1)) == ()


def test_observatory_refuses_unknown_source_duplicates_and_bad_supersedes(tiny) -> None:  # type: ignore[no-untyped-def]
    obs: Observatory = tiny(("2024", 1.0))
    with pytest.raises(ConflictError, match="duplicate"):
        obs.add_observations([Observation(**BASE)])  # type: ignore[arg-type]
    with pytest.raises(DataError, match="not a known source"):
        obs.add_observations([Observation(**{**BASE, "source_id": "nope"})])  # type: ignore[arg-type]
    target = Target(
        id="t2",
        indicator="x",
        ref_area="KAZ",
        target_period="2030",
        target_value=2.0,
        unit="t",
        kind="official target",
        source_id="s",
        supersedes="t1",
    )
    with pytest.raises(DataError, match="supersedes unknown target 't1'"):
        obs.add_target(target)
    with pytest.raises(NotFoundError, match="no indicator 'y'"):
        obs.indicator("y")


def test_claim_and_source_validation() -> None:
    with pytest.raises(DataError, match="comparator"):
        Claim(
            id="c",
            quote="q",
            indicator="x",
            ref_area="KAZ",
            period="2024",
            value=1.0,
            unit="t",
            comparator="roughly",
            source_id="s",
        )
    with pytest.raises(DataError, match="kind"):
        Source(id="s", producer="P", title="T", kind="blog")
    assert Source(id="s", producer="P", title="T", kind="press", published="2025-08").label == (
        "P, T, 2025"
    )


def test_monitoring_series_are_sourced(bundled) -> None:  # type: ignore[no-untyped-def]
    """Transit, Middle Corridor and Caspian port volumes by year, quarter and year to date."""
    for indicator in (
        "transit.cargo",
        "transit.cargo_ytd",
        "transit.titr_cargo",
        "transit.titr_cargo_ytd",
        "port.aktau_cargo",
        "port.aktau_cargo_ytd",
        "port.kuryk_cargo_ytd",
    ):
        rows = [
            o for o in bundled.series(indicator) if bundled.sources[o.source_id].kind != "essay"
        ]
        assert rows, indicator
        for obs in rows:
            source = bundled.sources[obs.source_id]
            assert source.url.startswith("https://") or source.citation, obs
    annual = {o.period: o.value for o in bundled.series("transit.cargo", statuses="A")}
    assert annual["2019"] == 17.5
    assert annual["2022"] == 26.8
    assert annual["2024"] == 27.4
    assert {o.freq for o in bundled.series("port.aktau_cargo")} == {"A", "Q"}
    assert {o.freq for o in bundled.series("transit.cargo_ytd")} == {"M"}


def test_monitoring_adds_what_the_facts_give_once(bundled) -> None:  # type: ignore[no-untyped-def]
    """Middle Corridor containers year to date and the Caspian ports' capacity (not throughput);
    a figure is stored under one indicator only (the January–October 2023 transit is a
    year-to-date value, not a series of its own)."""
    teu = {o.period: (o.value, o.unit_mult) for o in bundled.series("transit.titr_containers_ytd")}
    assert teu == {"2024-11": (50.5, 3), "2025-04": (30.4, 3)}
    (capacity,) = bundled.series("port.kz_caspian_capacity")
    assert (capacity.value, capacity.unit_mult) == (21.0, 6)
    assert "not cargo handled" in bundled.indicators["port.kz_caspian_capacity"].description
    for source_id in ("trend-3982954", "qazinform-titr-2025", "caspian-ports-capacity"):
        assert not bundled.sources[source_id].checked  # read from the facts, not the articles
    assert "transit.cargo_jan_oct" not in bundled.indicators
    (ytd,) = [o for o in bundled.series("transit.cargo_ytd") if o.period == "2023-10"]
    assert (ytd.value, ytd.source_id) == (22.5, "astana-times-2023-11")
    transit = [
        o
        for o in bundled.observations
        if o.indicator.startswith(("transit.", "port."))
        and bundled.sources[o.source_id].kind != "essay"
    ]
    same = [(o.source_id, o.period, o.value) for o in transit]
    assert len(same) == len(set(same)), "one figure stored under two indicators"
