"""Growth, CAGR and target tracking, checked against hand computations."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eurasia.errors import DataError
from eurasia.indicators.analysis import cagr, growth, track_target, track_targets, years_to_reach
from eurasia.indicators.model import Target
from eurasia.indicators.observatory import Observatory


def _target(value: float, year: str = "2024", **extra: object) -> Target:
    return Target(
        id="t",
        indicator="x",
        ref_area="KAZ",
        target_period=year,
        target_value=value,
        unit="t",
        kind="official target",
        source_id="s",
        **extra,
    )  # type: ignore[arg-type]


def test_cagr_and_growth_by_hand() -> None:
    assert cagr(100.0, 121.0, 2) == pytest.approx(0.1)
    assert growth([("2020", 100.0), ("2021", 110.0), ("2022", 99.0)]) == [
        ("2021", pytest.approx(0.1)),
        ("2022", pytest.approx(-0.1)),
    ]
    with pytest.raises(DataError, match="positive number of years"):
        cagr(1.0, 2.0, 0)
    with pytest.raises(DataError, match="positive values"):
        cagr(0.0, 2.0, 1)


@given(st.floats(1e-3, 1e6), st.floats(-0.5, 2.0), st.integers(1, 30))
def test_cagr_inverts_compounding(start: float, rate: float, years: int) -> None:
    assert cagr(start, start * (1 + rate) ** years, years) == pytest.approx(rate, abs=1e-9)


def test_on_track_target_matches_hand_computation(tiny) -> None:  # type: ignore[no-untyped-def]
    obs: Observatory = tiny(
        ("2018", 50.0), ("2020", 100.0), ("2021", 105.0), ("2022", 121.0), ("2023", 130.0, "F")
    )
    obs.add_target(_target(146.41, "2024"))
    track = track_target(obs, obs.targets["t"], window=2)
    # latest actual 121 (2022; the 2023 forecast does not count); history from 2020 (window 2)
    assert track.latest is not None
    assert track.latest.period == "2022"
    assert track.historical_cagr == pytest.approx(0.1)  # (121/100)^(1/2) - 1
    assert track.required_cagr == pytest.approx(0.1)  # (146.41/121)^(1/2) - 1
    assert track.status == "on track"
    assert track.years_to_target == pytest.approx(2.0)
    assert track.projected_value == pytest.approx(146.41)


def test_off_track_target_and_years_at_current_pace(tiny) -> None:  # type: ignore[no-untyped-def]
    obs: Observatory = tiny(("2020", 100.0), ("2022", 121.0))
    obs.add_target(_target(200.0, "2024"))
    track = track_target(obs, obs.targets["t"])
    assert track.required_cagr == pytest.approx(math.sqrt(200 / 121) - 1)  # 0.28565
    assert track.status == "off track"
    assert track.years_to_target == pytest.approx(math.log(200 / 121) / math.log(1.1))  # 5.27


def test_achieved_missed_no_trend_and_reduction(tiny) -> None:  # type: ignore[no-untyped-def]
    obs: Observatory = tiny(("2022", 10.0), ("2024", 8.0))
    obs.add_target(_target(9.0, "2030"))
    assert track_target(obs, obs.targets["t"]).status == "off track"  # falling, needs a rise
    reduction = _target(9.0, "2030", baseline_value=12.0, baseline_period="2020")
    assert track_target(obs, reduction).status == "achieved"
    assert track_target(obs, _target(20.0, "2023")).status == "missed"
    single: Observatory = tiny(("2024", 8.0))
    assert track_target(single, _target(20.0, "2030")).status == "no trend"
    with pytest.raises(DataError, match="window"):
        track_target(obs, _target(9.0), window=0)


def test_years_to_reach_edge_cases() -> None:
    assert years_to_reach(10.0, 10.0, 0.0) == 0.0
    assert years_to_reach(10.0, 20.0, 0.0) is None
    assert years_to_reach(20.0, 10.0, -0.5) == pytest.approx(1.0)


def test_bundled_targets(bundled: Observatory) -> None:
    tracks = {t.target.id: t for t in track_targets(bundled)}
    res15 = tracks["res-2030-15pc"]
    assert res15.required_cagr == pytest.approx((15 / 7) ** (1 / 6) - 1)  # 13.54 %
    assert res15.historical_cagr == pytest.approx((7 / 4.5) ** (1 / 2) - 1)  # 24.72 %
    assert res15.status == "on track"
    assert tracks["res-2025-6pc"].status == "achieved"
    assert tracks["transit-2029-35mt"].superseded_by == "transit-2029-67mt"
    assert tracks["transit-2029-67mt"].required_cagr == pytest.approx((67 / 27.4) ** (1 / 5) - 1)
    transit = tracks["transit-2029-67mt"]
    assert transit.historical_cagr == pytest.approx((27.4 / 17.5) ** (1 / 5) - 1)  # since 2019
    assert transit.status == "off track"
    assert tracks["transit-2029-35mt"].status == "on track"
    titr = tracks["titr-2027-10mt"]
    assert titr.historical_cagr == pytest.approx((4.5 / 1.5) ** 0.5 - 1)
    assert titr.status == "on track"


def test_no_trend_says_why(bundled, tiny) -> None:  # type: ignore[no-untyped-def]
    from eurasia.indicators.claim_text import render_target_reason

    single: Observatory = tiny(("2024", 8.0))
    track = track_target(single, _target(20.0, "2030"))
    assert track.status == "no trend"
    assert track.reason is not None
    assert track.reason.code == "target-one-year"
    text = render_target_reason(single, track.target, track.reason, locale="en")
    assert text == (
        "No trend: only one measured year (2024) is stored, and a pace needs two measured years "
        "within 5 years."
    )
    far: Observatory = tiny(("2010", 4.0), ("2024", 8.0))
    track = track_target(far, _target(20.0, "2030"))
    assert track.reason is not None
    assert track.reason.code == "target-none-in-window"
    assert "2010, more than 5 years" in render_target_reason(
        far, track.target, track.reason, locale="en"
    )
    for track in track_targets(bundled):
        assert track.reason is not None
        assert render_target_reason(bundled, track.target, track.reason, locale="en")
