"""``eurasia indicators``: list, show, chart, import, export, claims, targets, extract, update, hhi.

Commands read and write the configured store, migrating it and loading the bundled data first
(both no-ops when done).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from eurasia.cli.common import console, store_session
from eurasia.cli.i18n import _, language, ngettext, number, percent, value
from eurasia.errors import DataError
from eurasia.i18n import vocabulary
from eurasia.indicators import charts, csvio
from eurasia.indicators.analysis import track_targets
from eurasia.indicators.bundled import DATA_DIR
from eurasia.indicators.claim_text import render_reasons, render_target_reason
from eurasia.indicators.claims import check_claims
from eurasia.indicators.discrepancies import find_discrepancies
from eurasia.indicators.exporters import export_csv, export_datapackage
from eurasia.indicators.extract import build_extract, write_extract
from eurasia.indicators.importers import read_path
from eurasia.indicators.observatory import Observatory
from eurasia.indicators.partners import hhi_series
from eurasia.indicators.refresh import OWID_ENERGY_URL, WORLD_BANK_API, refresh_plan
from eurasia.store.indicators import list_indicators, load_observatory, save_observatory

__all__ = ["app"]

app = typer.Typer(
    help="The indicators observatory: sourced series, claim check, targets.",
    no_args_is_help=True,
)


def _observatory(indicators: list[str] | None = None) -> Observatory:
    with store_session(load=True) as session:
        return load_observatory(session, indicators=indicators)


@app.command("list")
def list_cmd(
    q: Annotated[str | None, typer.Option("--q", help="Text in the code or name.")] = None,
    topic: Annotated[
        str | None, typer.Option(help="Topic: trade, transit, energy, wdi, owid…")
    ] = None,
) -> None:
    """List indicators with their number of observations."""
    with store_session(load=True) as session:
        rows = list_indicators(session, q=q, topic=topic)
    table = Table(_("code"), _("name"), _("unit"), _("topic"), _("values"))
    for indicator, count in rows:
        topic = vocabulary.label(vocabulary.TOPICS, indicator.topic, _)
        table.add_row(indicator.code, _(indicator.name), _(indicator.unit), topic, number(count))
    console.print(table)
    console.print(
        ngettext("%(num)d indicator", "%(num)d indicators", len(rows)) % {"num": len(rows)}
    )


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
        _("period"),
        _("counterpart"),
        _("flow"),
        _("value"),
        _("unit"),
        _("status"),
        _("side"),
        _("source"),
        _("note"),
    )
    for o in rows:
        unit = f"{_(o.unit)} ×10^{o.unit_mult}" if o.unit_mult else _(o.unit)
        table.add_row(
            o.period,
            o.counterpart_area,
            vocabulary.label(vocabulary.FLOWS, o.flow, _),
            value(o.value),
            unit,
            vocabulary.label(vocabulary.OBS_STATUSES, o.obs_status, _),
            vocabulary.label(vocabulary.REPORTER_SIDES, o.reporter_side, _),
            o.source_id,
            o.definition_note,
        )
    title = f"{indicator.code}: {_(indicator.name)} [{_(indicator.unit)}]"
    console.print(title, highlight=False)
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
    console.print(_("wrote %(path)s") % {"path": path})


@app.command("import")
def import_cmd(
    path: Annotated[Path, typer.Argument(help="File, or Data Package folder.")],
    format: Annotated[
        str | None,
        typer.Option(help="csv, datapackage, owid or sdmx (default: sniffed from the file)."),
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
    with store_session(load=True) as session:
        written = save_observatory(session, result.observatory)
    imported = ngettext(
        "imported %(num)d observation from %(path)s (%(skipped)d empty skipped)",
        "imported %(num)d observations from %(path)s (%(skipped)d empty skipped)",
        written,
    )
    console.print(imported % {"num": written, "path": path, "skipped": result.skipped})


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
        wrote = ngettext(
            "wrote %(num)d observation to %(path)s", "wrote %(num)d observations to %(path)s", count
        )
        console.print(wrote % {"num": count, "path": out})
    else:
        folder = export_datapackage(obs, out)
        count = len(obs.observations)
        wrote = ngettext(
            "wrote a Data Package of %(num)d observation to %(path)s",
            "wrote a Data Package of %(num)d observations to %(path)s",
            count,
        )
        console.print(wrote % {"num": count, "path": folder})


@app.command("claims")
def claims_cmd() -> None:
    """Check each essay figure against the best available other source."""
    observatory = _observatory()
    checks = check_claims(observatory)
    table = Table(_("claim"), _("stated"), _("verdict"), _("best other value"), _("explanation"))
    for c in checks:
        best = (
            f"{value(c.best.value)} ({c.compared_period}, {c.best.observation.source_id})"
            if c.best
            else "—"
        )
        table.add_row(
            c.claim.id,
            f"{_(c.claim.comparator)} {value(c.claim.value)} ({c.claim.period})",
            vocabulary.label(vocabulary.VERDICTS, c.verdict, _),
            best,
            render_reasons(observatory, c.claim, c.reasons, locale=language()),
        )
    console.print(table)


@app.command("targets")
def targets_cmd(
    window: Annotated[int, typer.Option(min=1, help="Years of history for the current pace.")] = 5,
) -> None:
    """Track each target: required vs historical CAGR, status, years to target."""
    observatory = _observatory()
    tracks = track_targets(observatory, window=window)
    table = Table(
        _("target"),
        _("kind"),
        _("latest"),
        _("needs/yr"),
        _("pace/yr"),
        _("status"),
        _("years"),
        _("superseded by"),
        _("why"),
    )
    for t in tracks:
        goal = {"value": value(t.target.target_value), "period": t.target.target_period}
        table.add_row(
            f"{t.target.id}: " + _("%(value)s by %(period)s") % goal,
            vocabulary.label(vocabulary.TARGET_KINDS, t.target.kind, _),
            f"{value(t.latest.value)} ({t.latest.period})" if t.latest else "—",
            percent(t.required_cagr, 1, signed=True),
            percent(t.historical_cagr, 1, signed=True),
            vocabulary.label(vocabulary.TARGET_STATUSES, t.status, _),
            number(t.years_to_target, 1),
            t.superseded_by or "",
            render_target_reason(observatory, t.target, t.reason, locale=language()),
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
    table = Table(_("indicator"), _("area/partner"), _("period"), "A", "B", _("difference"))

    def _side(code: str) -> str:
        return vocabulary.label(vocabulary.REPORTER_SIDES, code, _)

    for d in find_discrepancies(obs, threshold=threshold, exclude_sources=essay):
        table.add_row(
            d.a.indicator,
            f"{d.a.ref_area}/{d.a.counterpart_area}",
            d.a.period,
            f"{value(d.a.value)} ({d.a.source_id}, {_side(d.a.reporter_side)})",
            f"{value(d.b.value)} ({d.b.source_id}, {_side(d.b.reporter_side)})",
            percent(d.relative_difference, 1),
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
        console.print(_("wrote %(path)s") % {"path": path})
    counts = {"num": len(extract.observations), "indicators": len(extract.indicators)}
    line = ngettext(
        "%(num)d observation from %(indicators)d indicators",
        "%(num)d observations from %(indicators)d indicators",
        counts["num"],
    )
    console.print(line % counts)


@app.command("update")
def update_cmd(
    indicator: Annotated[
        list[str] | None, typer.Option(help="Only this indicator (repeatable; default: all).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what changed; store nothing.")
    ] = False,
    world_bank_api: Annotated[
        str, typer.Option(help="World Bank API v2 base URL (a mirror, or a test server).")
    ] = WORLD_BANK_API,
    owid_url: Annotated[str, typer.Option(help="URL of OWID's energy CSV file.")] = OWID_ENERGY_URL,
    sdmx: Annotated[
        list[str] | None,
        typer.Option(help="SDMX data URL of IMF Direction of Trade partner tables (repeatable)."),
    ] = None,
) -> None:
    """Fetch newer vintages from the publishers and store them beside the old ones."""
    from eurasia.cli.indicators_update import run_update

    observatory = _observatory()
    plan = [r for r in refresh_plan(observatory) if not indicator or r.indicator in indicator]
    outcome = run_update(
        observatory,
        plan,
        worldbank_endpoint=world_bank_api,
        owid_url=owid_url,
        sdmx_urls=sdmx or (),
    )
    if outcome.offline:
        console.print(_("offline: no publisher could be reached; nothing changed"))
        return
    for name, why in outcome.unreachable.items():
        console.print(_("%(name)s could not be reached (%(why)s)") % {"name": name, "why": why})
    report = outcome.report
    for change in report.changes:
        values = {
            "indicator": change.indicator,
            "area": change.ref_area,
            "period": change.period,
            "new": value(change.new),
            "vintage": change.new_vintage,
        }
        if change.old is None:
            console.print(
                _("added %(indicator)s %(area)s %(period)s: %(new)s (%(vintage)s)") % values
            )
        else:
            values |= {"old": value(change.old), "old_vintage": change.old_vintage or "—"}
            console.print(
                _(
                    "revised %(indicator)s %(area)s %(period)s: %(old)s (%(old_vintage)s) → "
                    "%(new)s (%(vintage)s)"
                )
                % values
            )
    stored = 0
    if report.new and not dry_run:
        known = {**observatory.sources, **outcome.sources}
        fragment = Observatory(
            sources={o.source_id: known[o.source_id] for o in report.new},
            indicators={o.indicator: observatory.indicators[o.indicator] for o in report.new},
        )
        fragment.add_observations(report.new)
        with store_session(load=True) as session:
            stored = save_observatory(session, fragment)
    counts = {
        "stored": stored,
        "revised": len(report.revised),
        "added": len(report.added),
        "unchanged": report.unchanged,
        "known": report.already_stored,
    }
    console.print(
        _(
            "%(stored)d observations stored as a new vintage: %(revised)d revised, %(added)d added, "
            "%(unchanged)d unchanged; %(known)d already stored"
        )
        % counts
    )


@app.command("hhi")
def hhi_cmd(
    source: Annotated[str, typer.Option(help="The one source of partners and totals.")],
    area: Annotated[str, typer.Option(help="Reporting area.")] = "KAZ",
    chart: Annotated[Path | None, typer.Option(help="Write the chart (.svg or .png).")] = None,
) -> None:
    """Partner concentration (HHI) by year from one source: own statistics and mirror figures."""
    observatory = _observatory()
    found = []
    for side in ("reporter", "mirror"):
        try:
            found.append(
                hhi_series(observatory, ref_area=area, source_id=source, reporter_side=side)
            )
        except DataError as exc:
            if side == "reporter":
                raise
            console.print(_("no mirror series: %(why)s") % {"why": exc})
    table = Table(_("side"), _("year"), _("HHI"), _("partners cover"))
    for series in found:
        for year in series.years:
            shown = (
                number(year.hhi_lower)
                if year.hhi_lower == year.hhi_upper
                else f"{number(year.hhi_lower)}–{number(year.hhi_upper)}"
            )
            table.add_row(
                vocabulary.label(vocabulary.REPORTER_SIDES, series.reporter_side, _),
                year.period,
                shown,
                percent(year.coverage, 1),
            )
    console.print(table)
    if chart is not None:
        path = charts.hhi_chart(observatory, found, path=chart, ref_area=area)
        console.print(_("wrote %(path)s") % {"path": path})
