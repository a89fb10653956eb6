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


def _partner_table(obs: Observatory, side: str, year: str, values: dict[str, float]) -> None:
    from eurasia.indicators.model import Observation

    obs.add_observations(
        Observation(
            indicator="trade.turnover",
            ref_area="KAZ",
            counterpart_area=c,
            flow="T",
            period=year,
            value=v,
            unit="USD",
            unit_mult=9,
            source_id="imf",
            reporter_side=side,
            vintage="2025-06",
        )
        for c, v in values.items()
    )


def test_hhi_series_one_source_side_and_vintage(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from eurasia.indicators.charts import hhi_chart
    from eurasia.indicators.model import Indicator, Source
    from eurasia.indicators.partners import hhi_series

    obs = Observatory()
    obs.add_source(Source(id="imf", producer="IMF", title="IMTS", kind="international"))
    obs.add_indicator(Indicator(code="trade.turnover", name="Trade", unit="USD", topic="trade"))
    _partner_table(obs, "reporter", "2022", {"WLD": 100.0, "CHN": 24.0, "RUS": 26.0, "ITA": 15.0})
    _partner_table(obs, "reporter", "2023", {"WLD": 120.0, "CHN": 31.5, "RUS": 26.0, "ITA": 16.1})
    _partner_table(obs, "mirror", "2023", {"WLD": 130.0, "CHN": 41.0, "RUS": 26.5})
    own = hhi_series(obs, ref_area="KAZ", source_id="imf")
    assert [p.period for p in own.years] == ["2022", "2023"]
    lower, upper = own.points[0][1:]
    assert lower == pytest.approx(10_000 * (0.24**2 + 0.26**2 + 0.15**2))
    assert upper == pytest.approx(lower + 10_000 * 0.35**2)
    mirror = hhi_series(obs, ref_area="KAZ", source_id="imf", reporter_side="mirror")
    assert mirror.points[0][0] == "2023"
    assert mirror.points[0][1] > own.points[1][1]  # China's mirror figure is larger
    path = hhi_chart(obs, [own, mirror], path=tmp_path / "hhi.svg")
    text = path.read_text()
    assert "own statistics" in text
    assert "mirror" in text
    with pytest.raises(DataError, match="no total"):
        hhi_series(obs, ref_area="KAZ", source_id="imf", reporter_side="mirror", flow="X")


def test_bundled_sources_have_no_consistent_partner_table(bundled: Observatory) -> None:
    """China's and Russia's figures come from different sources: no bundled HHI is made."""
    from eurasia.indicators.partners import hhi_series

    for source_id in ("edb-2025-08", "kz-president-2025-10", "china-customs-2024"):
        with pytest.raises(DataError, match="no total"):
            hhi_series(bundled, ref_area="KAZ", source_id=source_id)
