"""Growth, compound annual growth and target tracking.

A target is tracked against the latest actual value (status A, P or E) of its indicator and area:
the *required* CAGR takes that value to the target by the target year; the *historical* CAGR is the
pace over the last ``window`` years of actuals. A target is a rise unless its baseline lies above
it. A target is ``achieved`` when the latest actual has reached it, ``on track`` when the historical pace is at least the required one, ``off track``
otherwise, and ``no trend`` when there are not two actual years to measure a pace from.

Examples
--------
>>> round(cagr(100.0, 121.0, 2), 4)
0.1
>>> growth([("2022", 100.0), ("2023", 125.0)])
[('2023', 0.25)]
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from eurasia.errors import DataError
from eurasia.indicators.claim_text import Reason
from eurasia.indicators.model import ACTUAL_STATUSES, Observation, Target
from eurasia.indicators.observatory import Observatory
from eurasia.indicators.ranking import rank_observations

__all__ = [
    "TargetTrack",
    "actual_series",
    "cagr",
    "growth",
    "target_actuals",
    "track_target",
    "track_targets",
    "years_to_reach",
]


def cagr(start: float, end: float, years: float) -> float:
    """Compound annual growth rate from ``start`` to ``end`` over ``years``.

    Raises
    ------
    DataError
        If ``years`` is not positive or a value is not positive.

    Examples
    --------
    >>> round(cagr(7.0, 15.0, 6), 4)
    0.1354
    """
    if years <= 0:
        msg = f"CAGR needs a positive number of years, got {years}"
        raise DataError(msg)
    if start <= 0 or end <= 0:
        msg = f"CAGR needs positive values, got start={start} and end={end}"
        raise DataError(msg)
    return float((end / start) ** (1.0 / years) - 1.0)


def growth(points: Sequence[tuple[str, float]]) -> list[tuple[str, float]]:
    """Period-on-period growth rates of ``(period, value)`` pairs (sorted by period).

    Pairs whose previous value is zero have no rate and are left out.

    Examples
    --------
    >>> growth([("2021", 0.0), ("2022", 2.0), ("2023", 3.0)])
    [('2023', 0.5)]
    """
    out = []
    for (_, previous), (period, value) in itertools.pairwise(points):
        if previous != 0:
            out.append((period, value / previous - 1.0))
    return out


def years_to_reach(current: float, target: float, rate: float) -> float | None:
    """Years for ``current`` to reach ``target`` growing at ``rate`` a year (None if never).

    Examples
    --------
    >>> round(years_to_reach(27.4, 67.0, 0.1), 2)
    9.38
    >>> years_to_reach(10.0, 20.0, -0.05) is None
    True
    """
    if current <= 0 or target <= 0:
        return None
    if (target >= current and rate <= 0) or (target < current and rate >= 0):
        return None if target != current else 0.0
    return math.log(target / current) / math.log(1.0 + rate)


def actual_series(
    observatory: Observatory,
    indicator: str,
    *,
    ref_area: str,
    counterpart_area: str = "_Z",
    flow: str = "_Z",
) -> list[Observation]:
    """One actual value a year from the best source (annual periods only).

    The area's own statistics (reporter side) come first, then the source ranking of
    :mod:`eurasia.indicators.ranking`; figures of essays are claims, never actuals.
    """
    essays = {s.id for s in observatory.sources.values() if s.kind == "essay"}
    by_period: dict[str, list[Observation]] = {}
    for obs in observatory.series(
        indicator,
        ref_area=ref_area,
        counterpart_area=counterpart_area,
        flow=flow,
        statuses=ACTUAL_STATUSES,
    ):
        if obs.freq == "A" and obs.source_id not in essays:
            by_period.setdefault(obs.period, []).append(obs)
    out = []
    for period in sorted(by_period):
        ranked = rank_observations(observatory.sources, by_period[period])
        ranked.sort(key=lambda o: o.reporter_side != "reporter")  # stable: own statistics first
        out.append(ranked[0])
    return out


def target_actuals(observatory: Observatory, target: Target) -> list[Observation]:
    """Return the :func:`actual_series` a target is tracked against (its indicator, area, flow).

    Examples
    --------
    >>> from eurasia.indicators.bundled import bundled_observatory
    >>> obs = bundled_observatory()
    >>> [(o.period, o.value) for o in target_actuals(obs, obs.targets["res-2030-15pc"])]
    [('2022', 4.5), ('2024', 7.0)]
    """
    return actual_series(
        observatory,
        target.indicator,
        ref_area=target.ref_area,
        counterpart_area=target.counterpart_area,
        flow=target.flow,
    )


@dataclass(frozen=True)
class TargetTrack:
    """How a target stands: latest actual, required and historical pace, status."""

    target: Target
    latest: Observation | None
    required_cagr: float | None
    historical_cagr: float | None
    history_from: str | None
    status: str
    years_to_target: float | None
    projected_value: float | None
    superseded_by: str | None
    #: Why the status is what it is (see :data:`eurasia.indicators.claim_text.TARGET_TEXTS`).
    reason: Reason | None = None

    @property
    def summary(self) -> str:
        """One line: target, latest value, paces and status."""
        t = self.target
        head = f"{t.indicator} {t.ref_area}: {t.target_value:g} by {t.target_period} ({t.kind})"
        if self.latest is None:
            return f"{head}: no actual value yet"
        parts = [f"latest {self.latest.value:g} ({self.latest.period})"]
        if self.required_cagr is not None:
            parts.append(f"needs {self.required_cagr:+.1%}/yr")
        if self.historical_cagr is not None:
            parts.append(f"pace {self.historical_cagr:+.1%}/yr since {self.history_from}")
        return f"{head}: {', '.join(parts)} → {self.status}"


def _scaled(value: float, from_mult: int, to_mult: int) -> float:
    return value * 10.0 ** (from_mult - to_mult)


def track_target(observatory: Observatory, target: Target, *, window: int = 5) -> TargetTrack:
    """Track one target against the actuals of its indicator, area, counterpart and flow.

    Parameters
    ----------
    observatory
        Where the actuals are.
    target
        The target.
    window
        Years of history for the historical CAGR (from the earliest actual within the window
        before the latest one).

    Raises
    ------
    DataError
        If ``window`` is not positive.

    Examples
    --------
    >>> from eurasia.indicators.bundled import bundled_observatory
    >>> obs = bundled_observatory()
    >>> track = track_target(obs, obs.targets["res-2030-15pc"])
    >>> track.status, round(track.required_cagr, 4), round(track.historical_cagr, 4)
    ('on track', 0.1354, 0.2472)
    """
    if window < 1:
        msg = f"window must be at least 1 year, got {window}"
        raise DataError(msg)
    superseded_by = next(
        (t.id for t in observatory.targets.values() if t.supersedes == target.id), None
    )
    actuals = target_actuals(observatory, target)
    if not actuals:
        why = Reason("target-no-data", {})
        return TargetTrack(
            target, None, None, None, None, "no data", None, None, superseded_by, why
        )
    latest = actuals[-1]
    goal = _scaled(target.target_value, target.unit_mult, latest.unit_mult)
    # A target is a rise unless its baseline lies above it (a reduction target).
    rising = target.baseline_value is None or target.target_value >= target.baseline_value
    achieved = latest.value >= goal if rising else latest.value <= goal
    span = target.target_year - latest.year
    required = (
        cagr(latest.value, goal, span)
        if not achieved and span > 0 and latest.value > 0 and goal > 0
        else None
    )
    earlier = [o for o in actuals[:-1] if latest.year - window <= o.year < latest.year]
    historical = None
    history_from = None
    if earlier and earlier[0].value > 0 and latest.value > 0:
        first = earlier[0]
        historical = cagr(
            _scaled(first.value, first.unit_mult, latest.unit_mult),
            latest.value,
            latest.year - first.year,
        )
        history_from = first.period
    latest_params = {"latest": latest.value, "period": latest.period}
    if achieved:
        status = "achieved"
        why = Reason("target-achieved", latest_params)
    elif span <= 0:
        status = "missed"
        why = Reason("target-missed", latest_params)
    elif historical is None or required is None:
        status = "no trend"
        why = _no_trend_reason(actuals, latest, window)
    elif (historical >= required) if rising else (historical <= required):
        status = "on track"
        why = _pace_reason("target-on-track", required, historical, history_from)
    else:
        status = "off track"
        why = _pace_reason("target-off-track", required, historical, history_from)
    years = (
        0.0
        if achieved
        else years_to_reach(latest.value, goal, historical)
        if historical is not None
        else None
    )
    projected = (
        latest.value * (1.0 + historical) ** span if historical is not None and span > 0 else None
    )
    return TargetTrack(
        target,
        latest,
        required,
        historical,
        history_from,
        status,
        years,
        projected,
        superseded_by,
        why,
    )


def _no_trend_reason(actuals: list[Observation], latest: Observation, window: int) -> Reason:
    """Why no pace could be measured: one actual year, none within the window, or values ≤ 0."""
    if len(actuals) == 1:
        return Reason("target-one-year", {"period": latest.period, "window": window})
    within = [o for o in actuals[:-1] if latest.year - window <= o.year < latest.year]
    if not within:
        return Reason(
            "target-none-in-window",
            {"period": latest.period, "window": window, "earlier": actuals[-2].period},
        )
    return Reason("target-not-positive", {"period": latest.period})


def _pace_reason(code: str, required: float, historical: float, since: str | None) -> Reason:
    return Reason(code, {"required": required, "historical": historical, "since": since or ""})


def track_targets(
    observatory: Observatory, targets: Iterable[Target] | None = None, *, window: int = 5
) -> list[TargetTrack]:
    """Track every target (default: all in the observatory), sorted by indicator and year."""
    chosen = list(observatory.targets.values() if targets is None else targets)
    chosen.sort(key=lambda t: (t.indicator, t.target_period, t.id))
    return [track_target(observatory, t, window=window) for t in chosen]
