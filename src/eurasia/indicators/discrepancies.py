"""Find where sources disagree: same indicator, area, counterpart, flow and period, different values.

Values are compared in base units (``value × 10**unit_mult``); the relative difference is
``|a − b| / max(|a|, |b|)``. Both observations are returned, with whether they come from the same
reporter side (a mirror-statistics asymmetry is a different kind of disagreement) and status.

Examples
--------
>>> from eurasia.indicators.bundled import bundled_observatory
>>> found = find_discrepancies(bundled_observatory(), indicators=["trade.turnover"],
...                            exclude_sources=["essay-valdai-2025"])
>>> [(d.a.period, d.a.counterpart_area, round(d.relative_difference, 3)) for d in found]
[('2024', 'CHN', 0.313), ('2023', 'RUS', 0.088)]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from eurasia.errors import DataError
from eurasia.indicators.model import Observation
from eurasia.indicators.observatory import Observatory

__all__ = ["Discrepancy", "find_discrepancies", "relative_difference"]


def relative_difference(a: float, b: float) -> float:
    """Return ``|a − b| / max(|a|, |b|)`` (0 when both are 0).

    Examples
    --------
    >>> relative_difference(28.5, 26.0)
    0.08771929824561403
    """
    scale = max(abs(a), abs(b))
    return 0.0 if scale == 0 else abs(a - b) / scale


@dataclass(frozen=True)
class Discrepancy:
    """Two values for the same thing that differ by more than the threshold."""

    a: Observation
    b: Observation
    relative_difference: float

    @property
    def same_side(self) -> bool:
        """Whether both are from the same reporter side (else a mirror asymmetry)."""
        return self.a.reporter_side == self.b.reporter_side


def find_discrepancies(
    observatory: Observatory,
    *,
    threshold: float = 0.05,
    indicators: Iterable[str] | None = None,
    exclude_sources: Iterable[str] = (),
) -> list[Discrepancy]:
    """Pairs of observations from different sources beyond ``threshold``, largest first.

    Parameters
    ----------
    observatory
        Where to look.
    threshold
        Relative difference above which two values disagree (0.05 = 5%).
    indicators
        Limit to these indicators (default: all).
    exclude_sources
        Sources to leave out (e.g. the essay, whose figures the claim check covers).

    Raises
    ------
    DataError
        If ``threshold`` is negative.
    """
    if threshold < 0:
        msg = f"threshold must be non-negative, got {threshold}"
        raise DataError(msg)
    wanted = set(indicators) if indicators is not None else None
    excluded = set(exclude_sources)
    groups: dict[tuple[str, ...], list[Observation]] = {}
    for obs in observatory.observations:
        if (wanted is None or obs.indicator in wanted) and obs.source_id not in excluded:
            groups.setdefault((*obs.series_key, obs.freq, obs.period), []).append(obs)
    found = []
    for members in groups.values():
        if len({o.source_id for o in members}) < 2:
            continue
        for a, b in combinations(sorted(members, key=lambda o: o.source_id), 2):
            if a.source_id == b.source_id:
                continue
            diff = relative_difference(a.scaled_value, b.scaled_value)
            if diff > threshold:
                found.append(Discrepancy(a, b, diff))
    found.sort(key=lambda d: (-d.relative_difference, d.a.indicator, d.a.period))
    return found
