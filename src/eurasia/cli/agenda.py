"""``eurasia agenda`` and ``eurasia programmes``: the cooperation agenda from the command line.

``agenda`` lists, imports and exports events and shows clashes, co-scheduling suggestions and
the annual calendar; ``programmes`` matches programmes to projects and reports workforce gaps.
Both read the configured store (``eurasia db load`` fills it with the bundled seed data).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy import Engine

from eurasia.agenda.ical import ImportResult, fetch_ical, read_ical_file, to_ical
from eurasia.agenda.matching import gap_report, match
from eurasia.agenda.model import EVENT_KINDS, Event
from eurasia.agenda.recurrence import expand
from eurasia.agenda.sync import ClashRules, find_clashes, suggest_pairs, year_view
from eurasia.cli.common import console, engine_from_settings
from eurasia.errors import DataError
from eurasia.store import agenda as repo
from eurasia.store.db import session_scope, upgrade

__all__ = ["app", "programmes_app"]

app = typer.Typer(
    help="Events: list, import, export, clashes, suggestions, year.", no_args_is_help=True
)
programmes_app = typer.Typer(
    help="Programmes matched to projects; workforce gaps.", no_args_is_help=True
)

KindOpt = Annotated[str | None, typer.Option(help=f"Event kind ({', '.join(EVENT_KINDS)}).")]
CountryOpt = Annotated[str | None, typer.Option(help="Venue country (ISO alpha-2).")]
CityOpt = Annotated[str | None, typer.Option(help="Venue city.")]
OrganiserOpt = Annotated[str | None, typer.Option(help="Organiser slug.")]
PrivateOpt = Annotated[bool, typer.Option("--include-private", help="Include private events.")]
StartOpt = Annotated[str | None, typer.Option(help="First day, YYYY-MM-DD (default today).")]
EndOpt = Annotated[str | None, typer.Option(help="Day after the last (default start + 1 year).")]


def _events(
    engine: Engine,
    *,
    kind: str | None = None,
    country: str | None = None,
    city: str | None = None,
    organiser: str | None = None,
    include_private: bool = False,
) -> list[Event]:
    if kind is not None and kind not in EVENT_KINDS:
        msg = f"--kind {kind!r}: expected one of {', '.join(EVENT_KINDS)}"
        raise DataError(msg)
    upgrade(engine)
    with session_scope(engine) as session:
        return repo.list_events(
            session,
            kind=kind,
            country=country,
            city=city,
            organiser=organiser,
            signed_in=include_private,
        )


def _day(value: str | None, option: str, default: date) -> date:
    if value is None:
        return default
    try:
        return date.fromisoformat(value)
    except ValueError:
        msg = f"{option} {value!r}: expected a date YYYY-MM-DD"
        raise DataError(msg) from None


def _window(start: str | None, end: str | None) -> tuple[date, date]:
    first = _day(start, "--start", date.today())
    return first, _day(end, "--end", first + timedelta(days=365))


@app.command("list")
def list_cmd(
    kind: KindOpt = None,
    country: CountryOpt = None,
    city: CityOpt = None,
    organiser: OrganiserOpt = None,
    include_private: PrivateOpt = False,
) -> None:
    """List events (series) with their recurrence."""
    with engine_from_settings() as engine:
        events = _events(
            engine,
            kind=kind,
            country=country,
            city=city,
            organiser=organiser,
            include_private=include_private,
        )
    table = Table("uid", "title", "kind", "city", "start", "zone", "repeats", "note")
    for e in events:
        note = "illustrative" if e.illustrative else ""
        table.add_row(
            e.uid, e.title, e.kind, e.venue.city or "", e.start.isoformat(), e.tzid,
            "; ".join(e.rrules), note,
        )  # fmt: skip
    console.print(table)
    console.print(f"{len(events)} event(s)")


@app.command("import")
def import_cmd(
    location: Annotated[str, typer.Argument(help="An .ics file, or an http(s):// URL to fetch.")],
    default_tz: Annotated[str, typer.Option(help="Zone of floating times.")] = "UTC",
    default_kind: Annotated[str, typer.Option(help="Kind of uncategorised events.")] = "other",
) -> None:
    """Import a calendar: all its events are written, or none."""
    options = {"default_tzid": default_tz, "default_kind": default_kind}
    result: ImportResult
    if location.lower().startswith(("http://", "https://")):
        result = fetch_ical(location, **options)  # type: ignore[arg-type]
    else:
        result = read_ical_file(Path(location), **options)
    with engine_from_settings() as engine:
        upgrade(engine)
        with session_scope(engine) as session:
            count = repo.save_events(session, result.events, origin=f"import:{location}")
    for note in result.notes:
        console.print(f"note: {note}", highlight=False, soft_wrap=True)
    console.print(f"imported {count} event(s) from {location}", highlight=False)


@app.command("export")
def export_cmd(
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File (default stdout).")
    ] = None,
    kind: KindOpt = None,
    country: CountryOpt = None,
    city: CityOpt = None,
    organiser: OrganiserOpt = None,
    include_private: PrivateOpt = False,
) -> None:
    """Export events as iCalendar with VTIMEZONEs (private events only when asked)."""
    with engine_from_settings() as engine:
        events = _events(
            engine,
            kind=kind,
            country=country,
            city=city,
            organiser=organiser,
            include_private=include_private,
        )
    data = to_ical(events, name="eurasia agenda")
    if output is None:
        typer.echo(data.decode(), nl=False)
        return
    output.write_bytes(data)
    console.print(f"wrote {len(events)} event(s) to {output}", highlight=False)


@app.command("clashes")
def clashes_cmd(
    start: StartOpt = None,
    end: EndOpt = None,
    same_city: Annotated[bool, typer.Option(help="Same city on overlapping days.")] = True,
    same_organiser: Annotated[bool, typer.Option(help="Same organiser.")] = True,
    same_audience: Annotated[bool, typer.Option(help="Same audience.")] = True,
    buffer_days: Annotated[int, typer.Option(min=0, help="Also clash when this close.")] = 0,
    include_private: PrivateOpt = False,
) -> None:
    """Instances that clash by city, organiser or audience."""
    first, last = _window(start, end)
    with engine_from_settings() as engine:
        events = _events(engine, include_private=include_private)
    rules = ClashRules(same_city, same_organiser, same_audience, buffer_days)
    clashes = find_clashes(expand(events, first, last), rules=rules)
    table = Table("day", "first", "second", "why")
    for c in clashes:
        table.add_row(
            c.first.first_day.isoformat(), c.first.title, c.second.title, "; ".join(c.reasons)
        )
    console.print(table)
    console.print(f"{len(clashes)} clash(es) between {first} and {last}")


@app.command("suggest")
def suggest_cmd(
    start: StartOpt = None,
    end: EndOpt = None,
    within_days: Annotated[int, typer.Option(min=0, help="Largest gap in days.")] = 7,
    limit: Annotated[int, typer.Option(min=1, help="Best N suggestions.")] = 20,
    city: CityOpt = None,
    include_private: PrivateOpt = False,
) -> None:
    """Pair business events with cultural or educational ones nearby, scored and explained."""
    first, last = _window(start, end)
    with engine_from_settings() as engine:
        events = _events(engine, city=city, include_private=include_private)
    pairs = suggest_pairs(expand(events, first, last), within_days=within_days, limit=limit)
    table = Table("score", "business", "pair with", "city", "why")
    for s in pairs:
        table.add_row(
            f"{s.score:.2f}",
            f"{s.business.title} ({s.business.first_day})",
            f"{s.partner.title} ({s.partner.first_day})",
            s.business.city or "",
            "; ".join(s.reasons),
        )
    console.print(table)
    console.print(f"{len(pairs)} suggestion(s)")


@app.command("year")
def year_cmd(
    year: Annotated[int, typer.Argument(help="Calendar year.")],
    kind: KindOpt = None,
    city: CityOpt = None,
    min_gap_days: Annotated[int, typer.Option(min=1, help="Shortest gap reported.")] = 21,
    include_private: PrivateOpt = False,
) -> None:
    """The annual calendar: months of each event, and the gaps in the year."""
    with engine_from_settings() as engine:
        events = _events(engine, kind=kind, city=city, include_private=include_private)
    view = year_view(events, year, min_gap_days=min_gap_days)
    table = Table("event", "kind", "city", "JFMAMJJASOND", "first days")
    for s in view.series:
        strip = "".join("JFMAMJJASOND"[m - 1] if m in s.months else "·" for m in range(1, 13))
        days = ", ".join(d.strftime("%d %b") for d in s.days[:4])
        more = f" +{len(s.days) - 4}" if len(s.days) > 4 else ""
        table.add_row(s.title, s.kind, s.city or "", strip, days + more)
    console.print(table)
    months = ", ".join(f"{m:02d}" for m in view.empty_months) or "none"
    console.print(f"months without events: {months}")
    for gap in view.gaps:
        console.print(f"gap: {gap.start} – {gap.end} ({gap.days} days)")


@programmes_app.command("match")
def match_cmd(
    min_digits: Annotated[int, typer.Option(min=2, max=4, help="Shallowest ISCO level.")] = 2,
    min_score: Annotated[float, typer.Option(min=0, max=1, help="Lowest score shown.")] = 0.0,
    project: Annotated[str | None, typer.Option(help="Only this project id.")] = None,
) -> None:
    """Programmes matched to projects by ISCO-08 hierarchy and ISCED-F field, with reasons."""
    with engine_from_settings() as engine:
        upgrade(engine)
        with session_scope(engine) as session:
            programmes = repo.list_programmes(session)
            projects = (
                [repo.get_project(session, project)] if project else repo.list_projects(session)
            )
    found = match(programmes, projects, min_digits=min_digits, min_score=min_score)
    for m in found:
        console.print(f"[bold]{m.score:.2f}[/bold]  {m.programme_id} → {m.project_id}")
        for reason in m.reasons:
            console.print(f"      {reason}", highlight=False, soft_wrap=True)
    console.print(f"{len(found)} match(es)")


@programmes_app.command("gaps")
def gaps_cmd(
    min_digits: Annotated[int, typer.Option(min=2, max=4, help="Shallowest ISCO level.")] = 3,
    year: Annotated[list[int] | None, typer.Option(help="Year to report (repeatable).")] = None,
) -> None:
    """Workforce needs not covered by programme graduates, year by year."""
    with engine_from_settings() as engine:
        upgrade(engine)
        with session_scope(engine) as session:
            programmes = repo.list_programmes(session)
            projects = repo.list_projects(session)
    report = gap_report(programmes, projects, years=year, min_digits=min_digits)
    table = Table("year", "ISCO", "occupation", "needed", "graduates", "short", "projects")
    for r in report.rows:
        table.add_row(
            str(r.year), r.isco, r.title, str(r.demand), f"{r.supply:g}", f"{r.shortfall:g}",
            ", ".join(r.projects),
        )  # fmt: skip
    console.print(table)
    unserved = ", ".join(report.unserved_programmes) or "none"
    console.print(f"programmes serving no project: {unserved}", highlight=False)
