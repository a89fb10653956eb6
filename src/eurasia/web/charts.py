"""Chart specifications for the browser (ECharts, drawn by ``web/src/chart.js``).

One line per source and reporter side, values in the indicator's unit scale, each point with
its observation status so the browser styles actual, provisional/estimate and forecast/target
values differently; targets are separate diamond markers.

Examples
--------
>>> from eurasia.indicators.model import Indicator, Observation, Source
>>> ind = Indicator(code="t.x", name="X", unit="t", topic="t", unit_mult=6)
>>> src = {"s": Source(id="s", producer="Stat office", title="Yearbook", kind="statistics")}
>>> obs = [Observation(indicator="t.x", ref_area="KAZ", period="2024", value=2500.0, unit="t",
...                    unit_mult=3, source_id="s")]
>>> spec = chart_spec(ind, obs, src, [])
>>> spec["periods"], spec["series"][0]["points"]
(['2024'], [['2024', 2.5, 'A']])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from eurasia.i18n.vocabulary import SCALE_WORDS, TARGET_KINDS, label
from eurasia.indicators.model import Indicator, Observation, Source, Target, period_sort_key

__all__ = ["chart_spec", "unit_label"]

_SCALE_WORDS = SCALE_WORDS


def _identity(message: str) -> str:
    return message


def unit_label(unit: str, unit_mult: int, gettext: Callable[[str], str] = _identity) -> str:
    """The unit with its scale word, e.g. ``bn USD`` or ``million t``.

    Examples
    --------
    >>> unit_label("USD", 9), unit_label("%", 0), unit_label("t", 2)
    ('bn USD', '%', '×10^2 t')
    """
    if unit_mult == 0:
        return unit
    word = _SCALE_WORDS.get(unit_mult)
    return f"{gettext(word)} {unit}" if word else f"×10^{unit_mult} {unit}"


def chart_spec(
    indicator: Indicator,
    observations: Iterable[Observation],
    sources: Mapping[str, Source],
    targets: Iterable[Target],
    *,
    gettext: Callable[[str], str] = _identity,
) -> dict[str, Any]:
    """The JSON specification of one indicator's chart."""
    series: dict[tuple[str, str], list[list[Any]]] = {}
    periods: set[str] = set()
    for obs in observations:
        value = obs.value * 10.0 ** (obs.unit_mult - indicator.unit_mult)
        series.setdefault((obs.source_id, obs.reporter_side), []).append(
            [obs.period, round(value, 6), obs.obs_status]
        )
        periods.add(obs.period)
    target_points = []
    for target in targets:
        value = target.target_value * 10.0 ** (target.unit_mult - indicator.unit_mult)
        target_points.append(
            {
                "period": target.target_period,
                "value": round(value, 6),
                "name": f"{label(TARGET_KINDS, target.kind, gettext)}: "
                f"{target.policy_document or target.id}",
            }
        )
        periods.add(target.target_period)
    named = []
    for (source_id, side), points in sorted(series.items()):
        source = sources.get(source_id)
        name = source.producer if source else source_id
        if side == "mirror":
            name = f"{name} ({gettext('partner-reported')})"
        points.sort(key=lambda p: period_sort_key(p[0]))
        named.append({"name": name, "source_id": source_id, "points": points})
    return {
        "unit": unit_label(gettext(indicator.unit), indicator.unit_mult, gettext),
        "periods": sorted(periods, key=period_sort_key),
        "series": named,
        "targets": target_points,
        "targets_label": gettext("targets"),
    }
