"""Charts (PNG or SVG, chosen by the file suffix) with status styling and a source note on each.

One line per source and reporter side: actual values solid, estimates with hollow markers,
forecasts dashed; targets are stars; the essay's figures are crosses. Every chart ends with a
"Sources:" note naming each source it draws from. Drawn with matplotlib's object API (no pyplot
state), so it is safe in a server.

Examples
--------
>>> import tempfile, pathlib
>>> from eurasia.indicators.bundled import bundled_observatory
>>> path = series_chart(bundled_observatory(), "transit.cargo",
...                     path=pathlib.Path(tempfile.mkdtemp()) / "transit.svg")
>>> "Sources:" in path.read_text()
True
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from eurasia.errors import DataError
from eurasia.indicators.analysis import TargetTrack, target_actuals
from eurasia.indicators.model import Observation, period_sort_key
from eurasia.indicators.observatory import Observatory
from eurasia.indicators.partners import HHISeries

__all__ = [
    "hhi_chart",
    "partner_share_chart",
    "series_chart",
    "source_note",
    "target_pace_chart",
]

_SCALE = {0: "", 3: "thousand ", 6: "million ", 9: "billion ", 12: "trillion "}
_FORMATS = {".png", ".svg"}
_COLORS = ("#1f5f8b", "#c0392b", "#27ae60", "#8e44ad", "#d35400", "#2c3e50", "#16a085", "#7f8c8d")


def _check_path(path: Path) -> Path:
    path = Path(path)
    if path.suffix.lower() not in _FORMATS:
        msg = f"chart file {path.name!r}: expected a .png or .svg suffix"
        raise DataError(msg)
    return path


def source_note(observatory: Observatory, source_ids: Iterable[str]) -> str:
    """Return the "Sources: …" line for the given source ids (producer, title, year).

    Examples
    --------
    >>> from eurasia.indicators.bundled import bundled_observatory
    >>> source_note(bundled_observatory(), ["wdi"])
    'Sources: World Bank, World Development Indicators.'
    """
    labels = [
        observatory.sources[s].label if s in observatory.sources else s
        for s in sorted(set(source_ids))
    ]
    return "Sources: " + "; ".join(labels) + "."


def _finish(fig: Figure, note: str, path: Path) -> Path:
    wrapped = "\n".join(textwrap.wrap(note, 130))
    fig.text(0.01, 0.01, wrapped, fontsize=6.5, va="bottom", ha="left", color="#444444")
    lines = wrapped.count("\n") + 1
    fig.subplots_adjust(bottom=0.12 + 0.035 * lines, top=0.9, left=0.1, right=0.97)
    metadata = {"Date": None} if path.suffix.lower() == ".svg" else {}
    fig.savefig(path, dpi=130, metadata=metadata)
    return path


def _ylabel(unit: str, mult: int) -> str:
    return f"{_SCALE.get(mult, f'10^{mult} ')}{unit}".strip()


def series_chart(
    observatory: Observatory,
    indicator: str,
    *,
    path: Path,
    ref_area: str = "KAZ",
    counterpart_area: str | None = None,
    flow: str | None = None,
    title: str | None = None,
    since: int | None = None,
) -> Path:
    """Every source's values of one series, styled by status, with targets and a source note.

    Parameters
    ----------
    observatory
        Where the values are.
    indicator, ref_area, counterpart_area, flow
        Which series (counterpart and flow default to all; pass them to pick one).
    path
        Output file, ``.png`` or ``.svg``.
    title
        Chart title (default: the indicator's name and area).
    since
        First year shown (default: all).

    Raises
    ------
    DataError
        If the suffix is not .png/.svg or there is nothing to draw.
    NotFoundError
        If the indicator is unknown.
    """
    path = _check_path(path)
    ind = observatory.indicator(indicator)
    rows = [
        o
        for o in observatory.series(
            indicator, ref_area=ref_area, counterpart_area=counterpart_area, flow=flow
        )
        if o.freq == "A" and (since is None or o.year >= since)
    ]
    targets = [
        t
        for t in observatory.targets.values()
        if t.indicator == indicator
        and t.ref_area == ref_area
        and (counterpart_area is None or t.counterpart_area == counterpart_area)
    ]
    if not rows and not targets:
        msg = f"nothing to draw for {indicator} in {ref_area}"
        raise DataError(msg)
    mult = ind.unit_mult
    fig = Figure(figsize=(8.0, 4.6))
    ax = fig.subplots()
    lines: dict[tuple[str, str, str], list[Observation]] = {}
    for obs in rows:
        lines.setdefault((obs.source_id, obs.reporter_side, obs.counterpart_area), []).append(obs)
    essay_kinds = {s.id for s in observatory.sources.values() if s.kind == "essay"}
    for index, ((source_id, side, counterpart), points) in enumerate(sorted(lines.items())):
        color = _COLORS[index % len(_COLORS)]
        producer = (
            observatory.sources[source_id].producer
            if source_id in observatory.sources
            else source_id
        )
        label = producer + (" (mirror)" if side == "mirror" else "")
        if counterpart_area is None and counterpart not in ("_Z", "WLD"):
            label += f" — {counterpart}"
        _draw_points(ax, points, mult, color, label, essay=source_id in essay_kinds)
    for target in targets:
        value = target.target_value * 10.0 ** (target.unit_mult - mult)
        _target_star(ax, target.target_year, value, size=13)
        ax.annotate(
            f"{target.kind}: {value:g}\n({target.source_id})",
            (target.target_year, value),
            textcoords="offset points",
            xytext=(6, 4),
            fontsize=6.5,
            color="#b9770e",
        )
    low, high = ax.get_xlim()
    ax.set_xlim(low, high + 0.12 * (high - low) + 0.5)  # room for the target labels
    ax.set_title(title or f"{ind.name} — {ref_area}", fontsize=10)
    ax.set_ylabel(_ylabel(ind.unit, mult), fontsize=8)
    ax.grid(alpha=0.3)
    ax.tick_params(labelsize=8)
    ax.legend(fontsize=6.5, loc="best", frameon=False)
    note = (
        "Solid: actual; hollow markers: estimate; dashed: forecast; ★ target; × essay claim. "
        + source_note(observatory, [o.source_id for o in rows] + [t.source_id for t in targets])
    )
    return _finish(fig, note, path)


def _target_star(ax: Axes, year: int, value: float, *, size: int, label: str | None = None) -> None:
    """Draw a target as an orange star on top of the series."""
    ax.plot(
        [year],
        [value],
        marker="*",
        markersize=size,
        color="#e67e22",
        linestyle="none",
        zorder=5,
        label=label,
    )


def _draw_points(
    ax: Axes, points: list[Observation], mult: int, color: str, label: str, *, essay: bool
) -> None:
    points = sorted(points, key=lambda o: period_sort_key(o.period))
    xs = [o.year for o in points]
    ys = [o.scaled_value / 10.0**mult for o in points]
    if essay:
        ax.plot(xs, ys, marker="x", markersize=8, color="#7f0000", linestyle="none", label=label)
        return

    def having(statuses: str) -> list[tuple[int, float]]:
        """Return the (year, value) points whose status is one of ``statuses``."""
        return [(x, y) for x, y, o in zip(xs, ys, points, strict=True) if o.obs_status in statuses]

    measured, estimated, forecast = having("AP"), having("E"), having("FT")
    if measured:
        ax.plot(
            *zip(*measured, strict=True),
            color=color,
            marker="o",
            markersize=3,
            linewidth=1.6,
            label=label,
        )
    if estimated:
        ax.plot(
            *zip(*estimated, strict=True),
            color=color,
            marker="o",
            markerfacecolor="white",
            markersize=6,
            linestyle="none",
            label=None if measured else label,
        )
    if forecast:
        ax.plot(
            *zip(*measured[-1:], *forecast, strict=True),  # dashed from the last measured point
            color=color,
            linestyle="--",
            marker="o",
            markerfacecolor="white",
            markersize=4,
            linewidth=1.2,
            label=f"{label} (forecast)",
        )


def partner_share_chart(
    observatory: Observatory, *, path: Path, ref_area: str = "KAZ", period: str | None = None
) -> Path:
    """Bars of each partner's stated share of trade turnover, one bar per source and side.

    Raises
    ------
    DataError
        If there are no partner shares (for ``period`` when given).
    """
    path = _check_path(path)
    rows = [
        o
        for o in observatory.series("trade.partner_share", ref_area=ref_area)
        if "+" not in o.counterpart_area
        and observatory.sources.get(o.source_id) is not None
        and observatory.sources[o.source_id].kind != "essay"
        and (period is None or o.period == period)
    ]
    if not rows:
        msg = f"no partner shares for {ref_area}" + (f" in {period}" if period else "")
        raise DataError(msg)
    fig = Figure(figsize=(8.0, 1.6 + 0.45 * len(rows)))
    ax = fig.subplots()
    labels = [
        f"{o.counterpart_area} {o.period} — {observatory.sources[o.source_id].producer}"
        + (" (mirror)" if o.reporter_side == "mirror" else "")
        for o in rows
    ]
    values = [o.value for o in rows]
    bars = ax.barh(range(len(rows)), values, color=_COLORS[0])
    ax.bar_label(bars, labels=[f"{v:g}%" for v in values], fontsize=7, padding=2)
    ax.set_yticks(range(len(rows)), labels, fontsize=7)
    ax.set_xlabel("% of merchandise trade turnover", fontsize=8)
    ax.set_xlim(0, max(values) * 1.25)
    ax.set_title(f"Partner shares of {ref_area}'s trade, as stated by each source", fontsize=10)
    ax.invert_yaxis()
    note = "One reporter side per bar. " + source_note(observatory, [o.source_id for o in rows])
    return _finish(fig, note, path)


def target_pace_chart(observatory: Observatory, track: TargetTrack, *, path: Path) -> Path:
    """Actual history, the path the target needs and the current pace projected to the target year.

    Raises
    ------
    DataError
        If the target has no actual value to start from.
    """
    path = _check_path(path)
    target, latest = track.target, track.latest
    if latest is None:
        msg = f"target {target.id}: no actual value of {target.indicator} to draw a pace from"
        raise DataError(msg)
    mult = latest.unit_mult
    history = target_actuals(observatory, target)
    fig = Figure(figsize=(8.0, 4.4))
    ax = fig.subplots()
    ax.plot(
        [o.year for o in history],
        [o.value * 10.0 ** (o.unit_mult - mult) for o in history],
        color=_COLORS[0],
        marker="o",
        markersize=3,
        label="actual (best source per year)",
    )
    goal = target.target_value * 10.0 ** (target.unit_mult - mult)
    years = list(range(latest.year, target.target_year + 1))
    if track.required_cagr is not None:
        ax.plot(
            years,
            [latest.value * (1 + track.required_cagr) ** (y - latest.year) for y in years],
            color="#e67e22",
            linestyle="--",
            label=f"needed: {track.required_cagr:+.1%}/yr",
        )
    if track.historical_cagr is not None:
        ax.plot(
            years,
            [latest.value * (1 + track.historical_cagr) ** (y - latest.year) for y in years],
            color=_COLORS[2],
            linestyle=":",
            label=f"current pace: {track.historical_cagr:+.1%}/yr (since {track.history_from})",
        )
    _target_star(
        ax,
        target.target_year,
        goal,
        size=14,
        label=f"{target.kind}: {goal:g} by {target.target_year}",
    )
    ind = observatory.indicator(target.indicator)
    ax.set_title(f"{ind.name}: {track.status}", fontsize=10)
    ax.set_ylabel(_ylabel(latest.unit, mult), fontsize=8)
    ax.grid(alpha=0.3)
    ax.tick_params(labelsize=8)
    ax.legend(fontsize=7, frameon=False)
    note = f"Target: {target.policy_document or target.id}. " + source_note(
        observatory, [o.source_id for o in history] + [target.source_id]
    )
    return _finish(fig, note, path)


def hhi_chart(
    observatory: Observatory, series: Iterable[HHISeries], *, path: Path, ref_area: str = "KAZ"
) -> Path:
    """Partner concentration (HHI, 0–10,000) by year, one line per source and reporter side.

    Where the listed partners cover less than the total, the band spans the HHI range (rest
    spread over many partners … rest one partner); the line is the lower bound.

    Raises
    ------
    DataError
        If no series has a year to draw.
    """
    path = _check_path(path)
    chosen = [s for s in series if s.years]
    if not chosen:
        msg = f"no partner concentration to draw for {ref_area}"
        raise DataError(msg)
    fig = Figure(figsize=(8.0, 4.4))
    ax = fig.subplots()
    for index, one in enumerate(chosen):
        color = _COLORS[index % len(_COLORS)]
        years = [int(p) for p, _, _ in one.points]
        lower = [lo for _, lo, _ in one.points]
        upper = [hi for _, _, hi in one.points]
        producer = (
            observatory.sources[one.source_id].producer
            if one.source_id in observatory.sources
            else one.source_id
        )
        side = "partners' mirror figures" if one.reporter_side == "mirror" else "own statistics"
        style = "--" if one.reporter_side == "mirror" else "-"
        ax.plot(
            years,
            lower,
            color=color,
            linestyle=style,
            marker="o",
            markersize=3,
            label=f"{producer}, {side} (vintage {one.vintage or 'n/a'})",
        )
        if any(hi > lo for lo, hi in zip(lower, upper, strict=True)):
            ax.fill_between(years, lower, upper, color=color, alpha=0.15, linewidth=0)
    for level, name in ((1500, "unconcentrated < 1,500"), (2500, "highly concentrated > 2,500")):
        ax.axhline(level, color="#999999", linewidth=0.6, linestyle=":")
        ax.annotate(
            name,
            (ax.get_xlim()[0], level),
            fontsize=6,
            color="#777777",
            xytext=(2, 2),
            textcoords="offset points",
        )
    ax.set_title(f"Concentration of {ref_area}'s trade partners (HHI)", fontsize=10)
    ax.set_ylabel("HHI (0–10,000)", fontsize=8)
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.tick_params(labelsize=8)
    ax.legend(fontsize=6.5, frameon=False)
    note = (
        "Partners and total from one source, one side, one vintage per line; band: range when the "
        "partners listed do not cover the total. "
        + source_note(observatory, [s.source_id for s in chosen])
    )
    return _finish(fig, note, path)
