"""Charts of the energy layer: flows by route (with OWID production) and dependence by year.

Drawn with matplotlib's object API (no pyplot state, safe in a server) as SVG text (write it
with :func:`write_chart`), each with a "Sources:" note.

Examples
--------
>>> from eurasia.corridors.energy.dataset import read_energy_dataset
>>> ds = read_energy_dataset()
>>> svg = flows_svg(ds, "crude")
>>> svg.startswith("<?xml") and "Sources:" in svg
True
>>> "HHI" in dependence_svg(ds)
True
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from eurasia.errors import DataError

from .dataset import EnergyDataset
from .dependence import complete_years, dependence_table
from .flows import Production
from .units import CANONICAL_UNITS, COMMODITIES, check_commodity

__all__ = ["dependence_svg", "flows_svg", "write_chart"]

_COLORS = ("#1f5f8b", "#c0392b", "#27ae60", "#8e44ad", "#d35400", "#2c3e50", "#16a085", "#7f8c8d")


def _note(ds: EnergyDataset, ids: Iterable[str]) -> str:
    labels = [ds.sources[s].label if s in ds.sources else s for s in sorted(set(ids))]
    return "Sources: " + "; ".join(labels) + "."


def _render(fig: Figure, note: str) -> str:
    wrapped = "\n".join(textwrap.wrap(note, 140))
    fig.text(0.01, 0.01, wrapped, fontsize=6, va="bottom", ha="left", color="#444444")
    lines = wrapped.count("\n") + 1
    fig.subplots_adjust(bottom=0.14 + 0.03 * lines, top=0.9, left=0.09, right=0.72)
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()


def flows_svg(
    ds: EnergyDataset,
    commodity: str,
    *,
    production: Sequence[Production] = (),
    title: str | None = None,
) -> str:
    """Stacked bars of exports by route and year (estimates hatched), production as a line.

    Raises
    ------
    DataError
        If the commodity has no flows.
    """
    check_commodity(commodity)
    years = ds.years(commodity)
    if not years:
        msg = f"no {commodity} flows to chart"
        raise DataError(msg)
    fig = Figure(figsize=(8.4, 4.4))
    ax = fig.add_subplot()
    complete = set(complete_years(ds, commodity))
    ticks = [str(y) if y in complete else f"{y} (partial)" for y in years]
    bottom = dict.fromkeys(years, 0.0)
    sources: set[str] = set()
    for i, route in enumerate(ds.routes_of(commodity)):
        values = [ds.route_flows(y, commodity).get(route.id, 0.0) for y in years]
        if not any(values):
            continue
        estimates = {f.year for f in ds.flows if f.route == route.id and f.obs_status != "A"} - {
            f.year for f in ds.flows if f.route == route.id and f.obs_status == "A"
        }
        sources |= {f.source_id for f in ds.flows if f.route == route.id}
        bars = ax.bar(
            ticks,
            values,
            bottom=[bottom[y] for y in years],
            color=_COLORS[i % len(_COLORS)],
            label=route.id,
            edgecolor="white",
        )
        for bar, y in zip(bars, years, strict=True):
            if y in estimates:
                bar.set_hatch("//")
        for y, v in zip(years, values, strict=True):
            bottom[y] += v
    unit = CANONICAL_UNITS[commodity]
    prod = [p for p in production if p.commodity == commodity and p.year in years]
    if prod:
        ax.plot(
            [ticks[years.index(p.year)] for p in prod],
            [p.volume for p in prod],
            color="#333333",
            marker="o",
            label="production (OWID)",
        )
        sources.add("owid-energy")
    ax.set_ylabel(unit)
    ax.set_title(title or f"Kazakhstan {commodity} exports by route ({unit}); hatched = estimate")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False)
    return _render(fig, _note(ds, sources))


def dependence_svg(
    ds: EnergyDataset,
    *,
    freight: Mapping[str, Any] | None = None,
    title: str | None = None,
) -> str:
    """HHI of export routes by commodity and year (complete years), with the freight index."""
    fig = Figure(figsize=(8.4, 4.4))
    ax = fig.add_subplot()
    share_ax = ax.twinx()
    sources: set[str] = set()
    years_shown: set[int] = set()
    for i, commodity in enumerate(COMMODITIES):
        rows = [r for r in dependence_table(ds, commodity) if r.complete]
        if not rows:
            continue
        years = [r.year for r in rows]
        years_shown |= set(years)
        ax.plot(
            years,
            [r.hhi_routes for r in rows],
            marker="o",
            color=_COLORS[i],
            label=f"{commodity} HHI",
        )
        share_ax.plot(
            years,
            [100 * r.share_via_ru for r in rows],
            linestyle="--",
            marker="x",
            color=_COLORS[i],
            label=f"{commodity} % via RU",
        )
        complete = set(complete_years(ds, commodity))
        sources |= {
            f.source_id for f in ds.flows if f.commodity == commodity and f.year in complete
        }
    if freight is not None:
        ax.axhline(float(freight["hhi"]), color="#7f8c8d", linestyle=":", label="freight HHI")
    ax.set_xticks(sorted(years_shown))
    share_ax.set_ylim(0, 105)
    share_ax.set_ylabel("% of exports via Russia (dashed)")
    ax.set_ylim(0, 10_500)
    ax.set_ylabel("HHI of routes (10,000 = one route)")
    ax.set_title(title or "Dependence on one route: HHI of export routes")
    handles = ax.get_legend_handles_labels()
    extra = share_ax.get_legend_handles_labels()
    ax.legend(
        handles[0] + extra[0],
        handles[1] + extra[1],
        loc="upper left",
        bbox_to_anchor=(1.1, 1.0),
        fontsize=7,
        frameon=False,
    )
    note = _note(ds, sources)
    if freight is not None:
        note += f" Freight: {freight.get('counts', '')}, scenario {freight.get('scenario', '')}."
    return _render(fig, note)


def write_chart(text: str, path: Path) -> Path:
    """Write an SVG text (from this module) to ``path`` (``.svg``).

    Raises
    ------
    DataError
        If the suffix is not ``.svg``.
    """
    path = Path(path)
    if path.suffix.lower() != ".svg":
        msg = f"chart file {path.name!r}: expected an .svg suffix"
        raise DataError(msg)
    path.write_text(text, encoding="utf-8")
    return path
