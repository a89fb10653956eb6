"""Partner shares and Herfindahl–Hirschman concentration, from one reporter side and one vintage.

Mixing Kazakhstan's own statistics with partners' mirror figures, or one release with another,
makes shares that add up to nonsense; so :func:`partner_shares` takes the partners *and* the total
(counterpart ``WLD``) from one source, one reporter side and one vintage, and refuses otherwise.
When the listed partners do not cover the total, the HHI is a range: the lower bound treats the
rest as spread over infinitely many partners, the upper bound as one more partner.

Examples
--------
>>> hhi([0.5, 0.3, 0.2])
3800.0
>>> hhi_bounds([0.3, 0.2])
(1300.0, 3800.0)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from eurasia.errors import DataError
from eurasia.indicators.model import ACTUAL_STATUSES, Observation
from eurasia.indicators.observatory import Observatory

__all__ = [
    "HHISeries",
    "PartnerShares",
    "concentration_series",
    "hhi",
    "hhi_bounds",
    "hhi_series",
    "partner_shares",
    "world_totals",
]

_EPS = 1e-9


def hhi(shares: Sequence[float]) -> float:
    """Herfindahl–Hirschman index in points (0–10,000) of shares given as fractions summing to 1.

    Raises
    ------
    DataError
        If a share is negative or they do not sum to 1 (±0.1%).
    """
    if any(s < 0 for s in shares):
        msg = f"shares must be non-negative, got {list(shares)}"
        raise DataError(msg)
    if abs(sum(shares) - 1.0) > 1e-3:
        msg = f"shares must sum to 1, got {sum(shares):.4f}; use hhi_bounds for partial coverage"
        raise DataError(msg)
    return round(10_000.0 * sum(s * s for s in shares), 6)


def hhi_bounds(shares: Sequence[float]) -> tuple[float, float]:
    """HHI bounds in points for partners covering part of the total (fractions summing ≤ 1).

    Raises
    ------
    DataError
        If a share is negative or they sum to more than 1.

    Examples
    --------
    >>> hhi_bounds([0.6, 0.4])
    (5200.0, 5200.0)
    """
    if any(s < 0 for s in shares):
        msg = f"shares must be non-negative, got {list(shares)}"
        raise DataError(msg)
    covered = sum(shares)
    if covered > 1.0 + 1e-3:
        msg = f"partner shares sum to {covered:.4f} > 1: partners exceed the total"
        raise DataError(msg)
    lower = 10_000.0 * sum(s * s for s in shares)
    rest = max(0.0, 1.0 - covered)
    return (round(lower, 6), round(lower + 10_000.0 * rest * rest, 6))


@dataclass(frozen=True)
class PartnerShares:
    """Each partner's share of the total, and the HHI range, for one source, side and vintage."""

    indicator: str
    ref_area: str
    flow: str
    period: str
    reporter_side: str
    source_id: str
    vintage: str
    total: float
    shares: dict[str, float]
    hhi_lower: float
    hhi_upper: float

    @property
    def coverage(self) -> float:
        """Fraction of the total the listed partners account for."""
        return sum(self.shares.values())


def partner_shares(
    observatory: Observatory,
    *,
    ref_area: str,
    period: str,
    source_id: str,
    reporter_side: str = "reporter",
    vintage: str = "",
    indicator: str = "trade.turnover",
    flow: str = "T",
) -> PartnerShares:
    """Shares of each partner in the total, from one source, reporter side and vintage.

    Group counterparts (EAEU, EU27 …) and combined ones (``CHN+RUS``) are left out so that no
    partner counts twice.

    Raises
    ------
    DataError
        If the source has no total (counterpart ``WLD``) or no partner for that period, side and
        vintage, or the partners exceed the total.

    Examples
    --------
    >>> from eurasia.indicators.model import Indicator, Observation, Source
    >>> obs = Observatory()
    >>> obs.add_source(Source(id="s", producer="P", title="T", kind="statistics"))
    >>> obs.add_indicator(Indicator(code="trade.turnover", name="Trade", unit="USD", topic="t"))
    >>> obs.add_observations([
    ...     Observation(indicator="trade.turnover", ref_area="KAZ", counterpart_area=c, flow="T",
    ...                 period="2024", value=v, unit="USD", source_id="s")
    ...     for c, v in [("WLD", 100.0), ("CHN", 30.0), ("RUS", 20.0)]])
    >>> result = partner_shares(obs, ref_area="KAZ", period="2024", source_id="s")
    >>> result.shares, result.hhi_lower, result.hhi_upper
    ({'CHN': 0.3, 'RUS': 0.2}, 1300.0, 3800.0)
    """
    rows = [
        o
        for o in observatory.series(
            indicator,
            ref_area=ref_area,
            flow=flow,
            source_id=source_id,
            reporter_side=reporter_side,
        )
        if o.period == period and o.vintage == vintage and o.obs_status in ACTUAL_STATUSES
    ]
    what = (
        f"{indicator} {ref_area} flow {flow} {period} from source {source_id!r} "
        f"({reporter_side} side, vintage {vintage!r})"
    )
    totals = [o for o in rows if o.counterpart_area == "WLD"]
    if not totals:
        msg = (
            f"no total (counterpart WLD) for {what}: the denominator must come from the same source"
        )
        raise DataError(msg)
    total = totals[0].scaled_value
    if total <= 0:
        msg = f"total for {what} is {total}, expected a positive value"
        raise DataError(msg)
    partners = {
        o.counterpart_area: o.scaled_value / total
        for o in rows
        if o.counterpart_area not in ("WLD", "_Z")
        and o.counterpart_area not in observatory.groups
        and "+" not in o.counterpart_area
    }
    if not partners:
        msg = f"no partner figures for {what}"
        raise DataError(msg)
    lower, upper = hhi_bounds(list(partners.values()))
    return PartnerShares(
        indicator=indicator,
        ref_area=ref_area,
        flow=flow,
        period=period,
        reporter_side=reporter_side,
        source_id=source_id,
        vintage=vintage,
        total=total,
        shares=dict(sorted(partners.items(), key=lambda kv: -kv[1])),
        hhi_lower=lower,
        hhi_upper=upper,
    )


@dataclass(frozen=True)
class HHISeries:
    """HHI by year from one source, one reporter side and one vintage (a range where coverage < 1)."""

    source_id: str
    reporter_side: str
    vintage: str
    years: list[PartnerShares]

    @property
    def points(self) -> list[tuple[str, float, float]]:
        """(period, lower, upper) for each year."""
        return [(p.period, p.hhi_lower, p.hhi_upper) for p in self.years]


def hhi_series(
    observatory: Observatory,
    *,
    ref_area: str,
    source_id: str,
    reporter_side: str = "reporter",
    vintage: str | None = None,
    indicator: str = "trade.turnover",
    flow: str = "T",
) -> HHISeries:
    """Partner concentration for every year one source gives partners and a total, on one side.

    Parameters
    ----------
    observatory
        Where the partner tables are.
    ref_area
        The reporting area (``KAZ``).
    source_id
        The one source of partners and totals (e.g. an IMF trade dataset).
    reporter_side
        ``reporter`` (the area's own declarations) or ``mirror`` (partners' declarations).
    vintage
        The one release used for every year; default the latest the source has on that side.
    indicator, flow
        The trade measure.

    Returns
    -------
    HHISeries
        One :class:`PartnerShares` a year, oldest first (years without a total are left out).

    Raises
    ------
    DataError
        If the source has no partner table with a total on that side.

    Examples
    --------
    >>> from eurasia.indicators.model import Indicator, Observation, Source
    >>> obs = Observatory()
    >>> obs.add_source(Source(id="s", producer="P", title="T", kind="statistics"))
    >>> obs.add_indicator(Indicator(code="trade.turnover", name="Trade", unit="USD", topic="t"))
    >>> obs.add_observations([
    ...     Observation(indicator="trade.turnover", ref_area="KAZ", counterpart_area=c, flow="T",
    ...                 period=y, value=v, unit="USD", source_id="s")
    ...     for y in ("2023", "2024") for c, v in [("WLD", 100.0), ("CHN", 50.0), ("RUS", 50.0)]])
    >>> hhi_series(obs, ref_area="KAZ", source_id="s").points
    [('2023', 5000.0, 5000.0), ('2024', 5000.0, 5000.0)]
    """
    rows = observatory.series(
        indicator, ref_area=ref_area, flow=flow, source_id=source_id, reporter_side=reporter_side
    )
    totals = [o for o in rows if o.counterpart_area == "WLD" and o.obs_status in ACTUAL_STATUSES]
    if not totals:
        msg = (
            f"source {source_id!r} has no total (counterpart WLD) of {indicator} for {ref_area} "
            f"on the {reporter_side} side: no partner concentration without the same-source total"
        )
        raise DataError(msg)
    chosen = vintage if vintage is not None else max(o.vintage for o in totals)
    years = []
    for period in sorted({o.period for o in totals if o.vintage == chosen and o.freq == "A"}):
        try:
            years.append(
                partner_shares(
                    observatory,
                    ref_area=ref_area,
                    period=period,
                    source_id=source_id,
                    reporter_side=reporter_side,
                    vintage=chosen,
                    indicator=indicator,
                    flow=flow,
                )
            )
        except DataError:
            continue  # a total without partners that year
    if not years:
        msg = f"source {source_id!r} has totals but no partners on the {reporter_side} side"
        raise DataError(msg)
    return HHISeries(source_id, reporter_side, chosen, years)


def world_totals(
    observatory: Observatory, *, ref_area: str, indicator: str = "trade.turnover"
) -> list[Observation]:
    """Return the totals (counterpart ``WLD``, flow T) of ``indicator`` for ``ref_area``, essays aside.

    Partner shares are made only over a total of the same source, side and vintage, so these are
    where every source's partner tables start from.

    Examples
    --------
    >>> from eurasia.indicators.bundled import bundled_observatory
    >>> sorted({o.source_id for o in world_totals(bundled_observatory(), ref_area="KAZ")})
    ['wdi']
    """
    essays = {s.id for s in observatory.sources.values() if s.kind == "essay"}
    return [
        o
        for o in observatory.series(indicator, ref_area=ref_area, flow="T")
        if o.counterpart_area == "WLD" and o.source_id not in essays
    ]


def concentration_series(
    observatory: Observatory, *, ref_area: str = "KAZ", indicator: str = "trade.turnover"
) -> list[HHISeries]:
    """Every HHI series the observatory can make: one per source and reporter side.

    A source counts when it gives, on one side, both the total (counterpart ``WLD``) and partners
    for the same years (each series in the latest vintage of that source and side); the essay is
    left out. Reporter side first, then the mirror side, by source id.

    Examples
    --------
    >>> from eurasia.indicators.bundled import bundled_observatory
    >>> concentration_series(bundled_observatory())  # no bundled source gives partners and total
    []
    """
    combos = {
        (o.source_id, o.reporter_side)
        for o in world_totals(observatory, ref_area=ref_area, indicator=indicator)
        if o.source_id in observatory.sources
    }
    out = []
    for source_id, side in sorted(combos, key=lambda c: (c[1] != "reporter", c[0], c[1])):
        try:
            out.append(
                hhi_series(
                    observatory,
                    ref_area=ref_area,
                    source_id=source_id,
                    reporter_side=side,
                    indicator=indicator,
                )
            )
        except DataError:
            continue  # totals without partners on that side
    return out
