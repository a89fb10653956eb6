"""``eurasia indicators``: list, show, chart, import, export, claims, targets and extract.

Commands read and write the configured store, migrating it and loading the bundled data first
(both no-ops when done).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy.orm import Session

from eurasia.cli.common import console, engine_from_settings
from eurasia.errors import DataError
from eurasia.indicators import charts, csvio
from eurasia.indicators.analysis import track_targets
from eurasia.indicators.bundled import DATA_DIR
from eurasia.indicators.claims import check_claims
from eurasia.indicators.discrepancies import find_discrepancies
from eurasia.indicators.exporters import export_csv, export_datapackage
from eurasia.indicators.extract import build_extract, write_extract
from eurasia.indicators.importers import FORMATS, read_path
from eurasia.indicators.observatory import Observatory
from eurasia.store.db import session_scope, upgrade
from eurasia.store.indicators import list_indicators, load_observatory, save_observatory
from eurasia.store.loaders import load_bundled

__all__ = ["app"]

app = typer.Typer(
    help="The indicators observatory: sourced series, claim check, targets.",
    no_args_is_help=True,
)


@contextlib.contextmanager
def _session() -> Iterator[Session]:
    with engine_from_settings() as engine:
        upgrade(engine)
        load_bundled(engine)
        with session_scope(engine) as session:
            yield session


def _observatory(indicators: list[str] | None = None) -> Observatory:
    with _session() as session:
        return load_observatory(session, indicators=indicators)


@app.command("list")
def list_cmd(
    q: Annotated[str | None, typer.Option("--q", help="Text in the code or name.")] = None,
    topic: Annotated[
        str | None, typer.Option(help="Topic: trade, transit, energy, wdi, owid…")
    ] = None,
) -> None:
    """List indicators with their number of observations."""
    with _session() as session:
        rows = list_indicators(session, q=q, topic=topic)
    table = Table("code", "name", "unit", "topic", "values")
    for indicator, count in rows:
        table.add_row(indicator.code, indicator.name, indicator.unit, indicator.topic, str(count))
    console.print(table)
    console.print(f"{len(rows)} indicators")


@app.command("show")
def show_cmd(
    code: Annotated[str, typer.Argument(help="Indicator code, e.g. trade.turnover.")],
    area: Annotated[str, typer.Option(help="Reference area (ISO3).")] = "KAZ",
    counterpart: Annotated[str | None, typer.Option(help="Counterpart area, e.g. CHN.")] = None,
    source: Annotated[str | None, typer.Option(help="Only this source id.")] = None,
    since: Annotated[int | None, typer.Option(help="First year shown.")] = None,
) -> None:
    """Every source's values of one indicator, side by side, with status and definition."""
    obs = _observatory([code])
    indicator = obs.indicator(code)
    rows = [
        o
        for o in obs.series(code, ref_area=area, counterpart_area=counterpart, source_id=source)
        if since is None or o.year >= since
    ]
    table = Table(
        "period", "counterpart", "flow", "value", "unit", "status", "side", "source", "note"
    )
    for o in rows:
        unit = f"{o.unit} ×10^{o.unit_mult}" if o.unit_mult else o.unit
        table.add_row(
            o.period,
            o.counterpart_area,
            o.flow,
            f"{o.value:g}",
            unit,
            o.status_label,
            o.reporter_side,
            o.source_id,
            o.definition_note,
        )
    console.print(f"{indicator.code}: {indicator.name} [{indicator.unit}]", highlight=False)
    console.print(table)
    for s in obs.sources_of(rows):
        console.print(f"  {s.id}: {s.citation or s.label} {s.url}".rstrip(), highlight=False)


@app.command("chart")
def chart_cmd(
    code: Annotated[str, typer.Argument(help="Indicator code.")],
    out: Annotated[Path, typer.Option("--out", help="Output .png or .svg file.")],
    area: Annotated[str, typer.Option(help="Reference area.")] = "KAZ",
    counterpart: Annotated[str | None, typer.Option(help="Counterpart area.")] = None,
    since: Annotated[int | None, typer.Option(help="First year shown.")] = None,
) -> None:
    """Draw one indicator (every source, status styled, targets marked, sources noted)."""
    obs = _observatory([code])
    path = charts.series_chart(
        obs, code, path=out, ref_area=area, counterpart_area=counterpart, since=since
    )
    console.print(f"wrote {path}")


@app.command("import")
def import_cmd(
    path: Annotated[Path, typer.Argument(help="File, or Data Package folder.")],
    format: Annotated[
        str | None, typer.Option(help=f"One of {', '.join(FORMATS)} (default: sniffed).")
    ] = None,
    vintage: Annotated[str, typer.Option(help="Release of the values (e.g. 2026-07-01).")] = "",
    date_accessed: Annotated[str, typer.Option(help="ISO date the file was obtained.")] = "",
    sources: Annotated[
        Path | None, typer.Option(help="Sources CSV for a plain CSV import.")
    ] = None,
) -> None:
    """Import a plain CSV, Data Package, OWID or SDMX-CSV file: all of it or nothing."""
    known = csvio.read_sources(sources) if sources else []
    result = read_path(
        path, format=format, vintage=vintage, date_accessed=date_accessed, sources=known
    )
    with _session() as session:
        written = save_observatory(session, result.observatory)
    console.print(f"imported {written} observations from {path} ({result.skipped} empty skipped)")


@app.command("export")
def export_cmd(
    out: Annotated[Path, typer.Option("--out", help="CSV file, or folder for a Data Package.")],
    format: Annotated[str, typer.Option(help="csv or datapackage.")] = "csv",
    indicator: Annotated[
        list[str] | None, typer.Option(help="Indicator code (repeatable).")
    ] = None,
    area: Annotated[str | None, typer.Option(help="Only this reference area.")] = None,
) -> None:
    """Export observations (with their sources, for a Data Package)."""
    if format not in ("csv", "datapackage"):
        msg = f"--format {format!r}: expected csv or datapackage"
        raise DataError(msg)
    obs = _observatory(indicator)
    if area is not None:
        obs.observations = [o for o in obs.observations if o.ref_area == area]
    if format == "csv":
        count = export_csv(obs.observations, out)
        console.print(f"wrote {count} observations to {out}")
    else:
        folder = export_datapackage(obs, out)
        console.print(f"wrote a Data Package of {len(obs.observations)} observations to {folder}")


@app.command("claims")
def claims_cmd() -> None:
    """Check each essay figure against the best available other source."""
    checks = check_claims(_observatory())
    table = Table("claim", "stated", "verdict", "best other value", "explanation")
    for c in checks:
        best = (
            f"{c.best.value:g} ({c.compared_period}, {c.best.observation.source_id})"
            if c.best
            else "—"
        )
        table.add_row(
            c.claim.id,
            f"{c.claim.comparator} {c.claim.value:g} ({c.claim.period})",
            c.verdict,
            best,
            c.explanation,
        )
    console.print(table)


@app.command("targets")
def targets_cmd(
    window: Annotated[int, typer.Option(min=1, help="Years of history for the current pace.")] = 5,
) -> None:
    """Track each target: required vs historical CAGR, status, years to target."""
    tracks = track_targets(_observatory(), window=window)
    table = Table(
        "target", "kind", "latest", "needs/yr", "pace/yr", "status", "years", "superseded by"
    )
    for t in tracks:
        table.add_row(
            f"{t.target.id}: {t.target.target_value:g} by {t.target.target_period}",
            t.target.kind,
            f"{t.latest.value:g} ({t.latest.period})" if t.latest else "—",
            f"{t.required_cagr:+.1%}" if t.required_cagr is not None else "—",
            f"{t.historical_cagr:+.1%}" if t.historical_cagr is not None else "—",
            t.status,
            f"{t.years_to_target:.1f}" if t.years_to_target is not None else "—",
            t.superseded_by or "",
        )
    console.print(table)


@app.command("discrepancies")
def discrepancies_cmd(
    threshold: Annotated[
        float, typer.Option(min=0.0, help="Relative difference, e.g. 0.05.")
    ] = 0.05,
) -> None:
    """Values of the same thing from different sources that differ beyond the threshold."""
    obs = _observatory()
    essay = [s.id for s in obs.sources.values() if s.kind == "essay"]
    table = Table("indicator", "area/partner", "period", "A", "B", "difference")
    for d in find_discrepancies(obs, threshold=threshold, exclude_sources=essay):
        table.add_row(
            d.a.indicator,
            f"{d.a.ref_area}/{d.a.counterpart_area}",
            d.a.period,
            f"{d.a.value:g} ({d.a.source_id}, {d.a.reporter_side})",
            f"{d.b.value:g} ({d.b.source_id}, {d.b.reporter_side})",
            f"{d.relative_difference:.1%}",
        )
    console.print(table)


@app.command("extract")
def extract_cmd(
    shared: Annotated[
        Path, typer.Option(help="The shared/data folder (WDI and OWID files).")
    ] = Path("../shared/data"),
    out: Annotated[Path, typer.Option(help="Where to write the extract.")] = DATA_DIR,
) -> None:
    """Regenerate the curated, cited extract from the public files (never copying them)."""
    extract = build_extract(shared)
    for path in write_extract(extract, out):
        console.print(f"wrote {path}")
    console.print(
        f"{len(extract.observations)} observations from {len(extract.indicators)} indicators"
    )
