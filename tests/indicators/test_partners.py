"""Partner shares and HHI from one reporter side and vintage, against hand computations."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eurasia.errors import DataError
from eurasia.indicators.model import Indicator, Observation, Source
from eurasia.indicators.observatory import Observatory
from eurasia.indicators.partners import hhi, hhi_bounds, partner_shares


def _trade(rows: list[tuple[str, float, str, str, str]]) -> Observatory:
    obs = Observatory()
    for sid in {r[2] for r in rows}:
        obs.add_source(Source(id=sid, producer=sid, title="T", kind="statistics"))
    obs.add_indicator(Indicator(code="trade.turnover", name="T", unit="USD", topic="trade"))
    obs.add_observations(
        Observation(
            indicator="trade.turnover",
            ref_area="KAZ",
            counterpart_area=c,
            flow="T",
            period="2024",
            value=v,
            unit="USD",
            unit_mult=9,
            source_id=s,
            reporter_side=side,
            vintage=vin,
        )
        for c, v, s, side, vin in [(*r[:3], r[3], r[4]) for r in rows]
    )
    return obs


def test_hhi_by_hand() -> None:
    # 40² + 30² + 20² + 10² = 1600 + 900 + 400 + 100 = 3000
    assert hhi([0.4, 0.3, 0.2, 0.1]) == 3000.0
    assert hhi([1.0]) == 10000.0
    assert hhi_bounds([0.25, 0.25]) == (1250.0, 3750.0)
    with pytest.raises(DataError, match="sum to 1"):
        hhi([0.5, 0.2])
    with pytest.raises(DataError, match="exceed the total"):
        hhi_bounds([0.7, 0.5])


@given(st.lists(st.floats(0.01, 1.0), min_size=1, max_size=12))
def test_hhi_bounds_bracket_any_split_of_the_rest(parts: list[float]) -> None:
    total = sum(parts)
    shares = [p / total * 0.8 for p in parts]  # partners cover 80 %
    lower, upper = hhi_bounds(shares)
    split = hhi([*shares, 0.1, 0.1])  # one way to split the remaining 20 %
    assert lower - 1e-6 <= split <= upper + 1e-6


def test_partner_shares_from_one_source_side_and_vintage() -> None:
    obs = _trade(
        [
            ("WLD", 141.6, "kz", "reporter", "v1"),
            ("CHN", 30.1, "kz", "reporter", "v1"),
            ("RUS", 28.0, "kz", "reporter", "v1"),
            ("EAEU", 30.0, "kz", "reporter", "v1"),  # a group: left out, it would double count
            ("CHN", 43.82, "cn", "mirror", "v1"),  # another side and source: not mixed in
            ("CHN", 31.0, "kz", "reporter", "v0"),  # another vintage: not mixed in
        ]
    )
    obs.groups["EAEU"] = None  # type: ignore[assignment]  # only membership of the code matters
    result = partner_shares(obs, ref_area="KAZ", period="2024", source_id="kz", vintage="v1")
    assert result.shares == {"CHN": pytest.approx(30.1 / 141.6), "RUS": pytest.approx(28 / 141.6)}
    # by hand: (30.1/141.6)² + (28/141.6)² = 0.045186 + 0.039101 = 0.084287 → 842.87 points
    assert result.hhi_lower == pytest.approx(842.87, abs=0.01)
    rest = 1 - (30.1 + 28) / 141.6
    assert result.hhi_upper == pytest.approx(842.87 + 10000 * rest**2, abs=0.01)


def test_partner_shares_refuse_a_denominator_from_another_source() -> None:
    obs = _trade([("WLD", 141.6, "wdi", "reporter", ""), ("CHN", 43.82, "cn", "mirror", "")])
    with pytest.raises(DataError, match="denominator must come from the same source"):
        partner_shares(obs, ref_area="KAZ", period="2024", source_id="cn", reporter_side="mirror")
    with pytest.raises(DataError, match="no partner figures"):
        partner_shares(obs, ref_area="KAZ", period="2024", source_id="wdi")
