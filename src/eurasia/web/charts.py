"""Chart specifications for the browser (ECharts, drawn by ``web/src/chart.js``).

One line per source, reporter side and frequency, values in the indicator's unit scale, on a
proportional time axis (:func:`period_position`), each point with its observation status so the
browser draws actual values solid, provisional and estimated ones with hollow markers and
forecasts dashed; targets are diamond markers drawn on top, and the essay's figures are separate
claim markers labelled with the claim check's verdict.

Examples
--------
>>> from eurasia.indicators.model import Indicator, Observation, Source
>>> ind = Indicator(code="t.x", name="X", unit="t", topic="t", unit_mult=6)
>>> src = {"s": Source(id="s", producer="Stat office", title="Yearbook", kind="statistics")}
>>> obs = [Observation(indicator="t.x", ref_area="KAZ", period="2024", value=2500.0, unit="t",
...                    unit_mult=3, source_id="s")]
>>> spec = chart_spec(ind, obs, src, [])
>>> spec["periods"], spec["series"][0]["points"]
(['2024'], [['2024', 2024.0, 2.5, 'A']])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from eurasia.i18n import N_
from eurasia.i18n.vocabulary import SCALE_WORDS, TARGET_KINDS, label
from eurasia.indicators.model import Indicator, Observation, Source, Target, period_sort_key
from eurasia.indicators.partners import HHISeries

__all__ = ["chart_spec", "hhi_spec", "period_position", "unit_label"]

_SCALE_WORDS = SCALE_WORDS


def _identity(message: str) -> str:
    return message


def unit_label(unit: str, unit_mult: int, gettext: Callable[[str], str] = _identity) -> str:
    """Return the unit with its scale word, e.g. ``bn USD`` or ``million t``.

    Examples
    --------
    >>> unit_label("USD", 9), unit_label("%", 0), unit_label("t", 2)
    ('bn USD', '%', '×10^2 t')
    """
    if unit_mult == 0:
        return unit
    word = _SCALE_WORDS.get(unit_mult)
    return f"{gettext(word)} {unit}" if word else f"×10^{unit_mult} {unit}"


def period_position(period: str) -> float:
    """Where a period sits on a proportional time axis, in years.

    A year is its own number; a quarter and a month sit at their middle, so that 2024, 2025,
    2026, 2029 and 2035 are spaced by the years between them.

    Examples
    --------
    >>> period_position("2029"), period_position("2024-Q1"), period_position("2024-07")
    (2029.0, 2024.125, 2024.5416666666667)
    """
    year = int(period[:4])
    rest = period[5:]
    if not rest:
        return float(year)
    if rest.startswith("Q"):
        return year + (int(rest[1:]) - 0.5) / 4
    return year + (int(rest) - 0.5) / 12


_FREQ_NAMES = {"Q": N_("quarterly"), "M": N_("monthly")}


def chart_spec(
    indicator: Indicator,
    observations: Iterable[Observation],
    sources: Mapping[str, Source],
    targets: Iterable[Target],
    *,
    gettext: Callable[[str], str] = _identity,
    flags: Mapping[tuple[str, str], tuple[str, str]] | None = None,
    best: Iterable[Observation] = (),
) -> dict[str, Any]:
    """Return the JSON specification of one indicator's chart.

    Parameters
    ----------
    indicator, observations, sources, targets
        What to draw: one line per source, reporter side and frequency; targets as markers.
    gettext
        Translates the labels.
    flags
        Claim checks of values on the chart: ``(counterpart, period) → (verdict code, label)``;
        the essay's figures are drawn as flagged claims, never as a line of values.
    best
        One measured value a year from the best source (:func:`~eurasia.indicators.analysis.
        actual_series`), drawn as a joined line when several sources make up the history.

    Returns
    -------
    dict
        ``unit``, ``series`` (each with ``points`` ``[period, x, value, status]``), ``claims``,
        ``targets``, the axis range and the labels the browser shows.
    """
    flags = flags or {}
    series: dict[tuple[str, str, str], list[list[Any]]] = {}
    claims = []
    positions: list[float] = []
    for obs in observations:
        value = round(obs.value * 10.0 ** (obs.unit_mult - indicator.unit_mult), 6)
        x = period_position(obs.period)
        positions.append(x)
        source = sources.get(obs.source_id)
        if source is not None and source.kind == "essay":
            verdict, verdict_label = flags.get((obs.counterpart_area, obs.period), ("", ""))
            claims.append(
                {
                    "period": obs.period,
                    "x": x,
                    "value": value,
                    "verdict": verdict,
                    "name": f"{gettext('essay claim')}: {verdict_label}".rstrip(": "),
                }
            )
            continue
        series.setdefault((obs.source_id, obs.reporter_side, obs.freq), []).append(
            [obs.period, x, value, obs.obs_status]
        )
    target_points = []
    for target in targets:
        value = target.target_value * 10.0 ** (target.unit_mult - indicator.unit_mult)
        x = period_position(target.target_period)
        positions.append(x)
        target_points.append(
            {
                "period": target.target_period,
                "x": x,
                "value": round(value, 6),
                "name": f"{label(TARGET_KINDS, target.kind, gettext)}: "
                f"{target.policy_document or target.id}",
            }
        )
    named = []
    chosen = sorted(best, key=lambda o: period_sort_key(o.period))
    if len({o.source_id for o in chosen}) > 1:
        named.append(
            {
                "name": gettext("measured, best source per year"),
                "source_id": "",
                "freq": "A",
                "best": True,
                "points": [
                    [
                        o.period,
                        period_position(o.period),
                        round(o.value * 10.0 ** (o.unit_mult - indicator.unit_mult), 6),
                        o.obs_status,
                    ]
                    for o in chosen
                ],
            }
        )
    for (source_id, side, freq), points in sorted(series.items()):
        source = sources.get(source_id)
        name = source.producer if source else source_id
        if side == "mirror":
            name = f"{name} ({gettext('partner-reported')})"
        if freq in _FREQ_NAMES:
            name = f"{name} ({gettext(_FREQ_NAMES[freq])})"
        points.sort(key=lambda p: period_sort_key(p[0]))
        named.append({"name": name, "source_id": source_id, "freq": freq, "points": points})
    all_points = [p for points in series.values() for p in points]
    return {
        "unit": unit_label(gettext(indicator.unit), indicator.unit_mult, gettext),
        "periods": sorted({str(p[0]) for p in all_points}, key=period_sort_key),
        "x_min": min(positions) if positions else None,
        "x_max": max(positions) if positions else None,
        "series": named,
        "claims": claims,
        "targets": target_points,
        "labels": _labels(gettext),
        "targets_label": gettext("targets"),
    }


def _labels(gettext: Callable[[str], str]) -> dict[str, Any]:
    return {
        "targets": gettext("targets"),
        "claims": gettext("essay claims"),
        "forecast": gettext("forecast"),
        "status": {code: gettext(word) for code, word in _STATUS_WORDS.items()},
    }


def hhi_spec(
    series: Iterable[HHISeries],
    sources: Mapping[str, Source],
    *,
    gettext: Callable[[str], str] = _identity,
) -> dict[str, Any]:
    """Return the chart specification of partner concentration (HHI points) by year.

    One line per source and reporter side (the lower bound: the partners not listed spread
    thinly); where the partners listed do not cover the total, a second line gives the upper
    bound (the rest as one partner).

    Examples
    --------
    >>> from eurasia.indicators.partners import HHISeries, PartnerShares
    >>> year = PartnerShares("trade.turnover", "KAZ", "T", "2023", "reporter", "s", "v1", 100.0,
    ...                      {"CHN": 0.5, "RUS": 0.3}, 3400.0, 3800.0)
    >>> spec = hhi_spec([HHISeries("s", "reporter", "v1", [year])], {})
    >>> [(s["name"], s["points"]) for s in spec["series"]]  # doctest: +NORMALIZE_WHITESPACE
    [('s', [['2023', 2023.0, 3400.0, 'A']]),
     ('s: upper bound, rest as one partner', [['2023', 2023.0, 3800.0, 'A']])]
    """
    named: list[dict[str, Any]] = []
    positions: list[float] = []
    for one in series:
        source = sources.get(one.source_id)
        name = source.producer if source else one.source_id
        if one.reporter_side == "mirror":
            name = f"{name} ({gettext('partner-reported')})"
        lower = [[p, period_position(p), lo, "A"] for p, lo, _ in one.points]
        positions += [period_position(p) for p, _, _ in one.points]
        named.append({"name": name, "source_id": one.source_id, "freq": "A", "points": lower})
        if any(hi > lo for _, lo, hi in one.points):
            upper = [[p, period_position(p), hi, "A"] for p, _, hi in one.points]
            named.append(
                {
                    "name": f"{name}: {gettext('upper bound, rest as one partner')}",
                    "source_id": one.source_id,
                    "freq": "A",
                    "points": upper,
                }
            )
    return {
        "unit": gettext("HHI points (0–10,000)"),
        "periods": sorted({str(p[0]) for s in named for p in s["points"]}, key=period_sort_key),
        "x_min": min(positions) if positions else None,
        "x_max": max(positions) if positions else None,
        "series": named,
        "claims": [],
        "targets": [],
        "labels": _labels(gettext),
    }


_STATUS_WORDS = {
    "A": "actual",
    "P": "provisional",
    "E": "estimate",
    "F": "forecast",
    "T": "target",
}
