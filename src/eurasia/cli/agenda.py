"""``eurasia agenda`` and ``eurasia programmes``: the cooperation agenda from the command line.

``agenda`` lists, imports and exports events and shows clashes, co-scheduling suggestions and
the annual calendar; ``programmes`` matches programmes to projects and reports workforce gaps.
Both read the configured store (``eurasia db load`` fills it with the bundled seed data).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any

import typer
from babel.dates import format_date
from rich.table import Table

from eurasia.agenda.ical import ImportResult, parse_ical, read_ical_file, to_ical
from eurasia.agenda.matching import gap_report, match
from eurasia.agenda.model import EVENT_KINDS, Event, EventFilter
from eurasia.agenda.reasons import clash_reasons, suggestion_reasons
from eurasia.agenda.recurrence import expand
from eurasia.agenda.sync import ClashRules, find_clashes, suggest_pairs, year_view
from eurasia.cli.common import console, store_session
from eurasia.cli.i18n import _, day, language, ngettext, number
from eurasia.errors import DataError
from eurasia.http.fetch import fetch_url
from eurasia.i18n import vocabulary
from eurasia.settings import get_settings
from eurasia.store import agenda as repo

__all__ = ["app", "programmes_app"]

app = typer.Typer(
    help="Events: list, import, export, clashes, suggestions, year.", no_args_is_help=True
)
programmes_app = typer.Typer(
    help="Programmes matched to projects; workforce gaps.", no_args_is_help=True
)

KindOpt = Annotated[
    str | None,
    typer.Option(help="Event kind: business, culture, education, science, sport or other."),
]
CountryOpt = Annotated[str | None, typer.Option(help="Venue country (ISO alpha-2).")]
CityOpt = Annotated[str | None, typer.Option(help="Venue city.")]
OrganiserOpt = Annotated[str | None, typer.Option(help="Organiser slug.")]
PrivateOpt = Annotated[bool, typer.Option("--include-private", help="Include private events.")]
StartOpt = Annotated[str | None, typer.Option(help="First day, YYYY-MM-DD (default today).")]
EndOpt = Annotated[str | None, typer.Option(help="Day after the last (default start + 1 year).")]
# the clash rules (eurasia.agenda.sync.ClashRules) of clashes and of suggestions
SameCityOpt = Annotated[bool, typer.Option(help="Same city on overlapping days.")]
SameOrganiserOpt = Annotated[bool, typer.Option(help="Same organiser.")]
SameAudienceOpt = Annotated[bool, typer.Option(help="Same audience.")]
BufferOpt = Annotated[int, typer.Option(min=0, help="Also clash when this close.")]


def _events(filters: EventFilter) -> list[Event]:
    """The stored events matching ``filters`` (the configured store, migrated first)."""
    if filters.kind is not None and filters.kind not in EVENT_KINDS:
        msg = f"--kind {filters.kind!r}: expected one of {', '.join(EVENT_KINDS)}"
        raise DataError(msg)
    with store_session() as session:
        return repo.list_events(session, filters)


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


def _kind(code: str) -> str:
    return vocabulary.label(vocabulary.EVENT_KINDS, code, _)


def _month_name(month: int) -> str:
    return format_date(date(2000, month, 1), "LLLL", locale=language())


def _month_initials() -> str:
    """The months' first letters in the active language (``JFMAMJJASOND`` in English)."""
    return "".join(format_date(date(2000, m, 1), "LLLLL", locale=language()) for m in range(1, 13))


@app.command("list")
def list_cmd(
    kind: KindOpt = None,
    country: CountryOpt = None,
    city: CityOpt = None,
    organiser: OrganiserOpt = None,
    include_private: PrivateOpt = False,
) -> None:
    """List events (series) with their recurrence."""
    events = _events(EventFilter(kind, country, city, organiser, include_private))
    table = Table(
        _("uid"), _("title"), _("kind"), _("city"), _("start"), _("zone"), _("repeats"), _("note")
    )
    for e in events:
        note = _("illustrative") if e.illustrative else ""
        table.add_row(
            e.uid, e.title, _kind(e.kind), e.venue.city or "", e.start.isoformat(), e.tzid,
            "; ".join(e.rrules), note,
        )  # fmt: skip
    console.print(table)
    console.print(ngettext("%(num)d event", "%(num)d events", len(events)) % {"num": len(events)})


@app.command("import")
def import_cmd(
    location: Annotated[str, typer.Argument(help="An .ics file, or an http(s):// URL to fetch.")],
    default_tz: Annotated[str, typer.Option(help="Zone of floating times.")] = "UTC",
    default_kind: Annotated[str, typer.Option(help="Kind of uncategorised events.")] = "other",
    allow_private_network: Annotated[
        bool,
        typer.Option(
            "--allow-private-network",
            help="Also fetch from loopback, private and link-local addresses.",
        ),
    ] = False,
    partial: Annotated[
        bool,
        typer.Option(
            "--partial",
            help="Import the valid events and list each rejected one (default: all or none).",
        ),
    ] = False,
) -> None:
    """Import a calendar: all its events are written, or none (unless --partial)."""
    options: dict[str, Any] = {
        "default_tzid": default_tz,
        "default_kind": default_kind,
        "partial": partial,
    }
    result: ImportResult
    if location.lower().startswith(("http://", "https://")):
        settings = get_settings()
        body = fetch_url(
            location,
            what="calendar",
            timeout=settings.fetch_timeout_seconds,
            max_bytes=settings.max_import_bytes,
            max_redirects=settings.fetch_max_redirects,
            allow_private=allow_private_network,
        )
        result = parse_ical(body, source=location, **options)
    else:
        result = read_ical_file(Path(location), **options)
    with store_session() as session:
        count = repo.save_events(session, result.events, origin=f"import:{location}")
    for note in result.notes:
        console.print(_("note: %(note)s") % {"note": note}, highlight=False, soft_wrap=True)
    for rejected in result.rejected:
        console.print(
            _("rejected: %(event)s") % {"event": rejected}, highlight=False, soft_wrap=True
        )
    for uid in result.cancelled:
        console.print(_("cancellation (iTIP) of %(uid)s") % {"uid": uid}, highlight=False)
    imported = ngettext(
        "imported %(num)d event from %(location)s",
        "imported %(num)d events from %(location)s",
        count,
    )
    console.print(imported % {"num": count, "location": location}, highlight=False)


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
    events = _events(EventFilter(kind, country, city, organiser, include_private))
    data = to_ical(events, name="eurasia agenda")
    if output is None:
        typer.echo(data.decode(), nl=False)
        return
    output.write_bytes(data)
    wrote = ngettext(
        "wrote %(num)d event to %(path)s", "wrote %(num)d events to %(path)s", len(events)
    )
    console.print(wrote % {"num": len(events), "path": output}, highlight=False)


@app.command("clashes")
def clashes_cmd(
    start: StartOpt = None,
    end: EndOpt = None,
    same_city: SameCityOpt = True,
    same_organiser: SameOrganiserOpt = True,
    same_audience: SameAudienceOpt = True,
    buffer_days: BufferOpt = 0,
    include_private: PrivateOpt = False,
) -> None:
    """Instances that clash by city, organiser or audience."""
    first, last = _window(start, end)
    events = _events(EventFilter(signed_in=include_private))
    rules = ClashRules(same_city, same_organiser, same_audience, buffer_days)
    clashes = find_clashes(expand(events, first, last), rules=rules)
    table = Table(_("day"), _("first"), _("second"), _("why"))
    for c in clashes:
        reasons = "; ".join(clash_reasons(c, locale=language(), rules=rules))
        table.add_row(day(c.first.first_day), c.first.title, c.second.title, reasons)
    console.print(table)
    found = ngettext(
        "%(num)d clash between %(first)s and %(last)s",
        "%(num)d clashes between %(first)s and %(last)s",
        len(clashes),
    )
    console.print(found % {"num": len(clashes), "first": day(first), "last": day(last)})


@app.command("suggest")
def suggest_cmd(
    start: StartOpt = None,
    end: EndOpt = None,
    within_days: Annotated[int, typer.Option(min=0, help="Largest gap in days.")] = 7,
    limit: Annotated[int, typer.Option(min=1, help="Best N suggestions.")] = 20,
    city: CityOpt = None,
    include_private: PrivateOpt = False,
    same_city: SameCityOpt = True,
    same_organiser: SameOrganiserOpt = True,
    same_audience: SameAudienceOpt = True,
    buffer_days: BufferOpt = 0,
) -> None:
    """Pair business events with cultural or educational ones nearby, scored and explained."""
    first, last = _window(start, end)
    events = _events(EventFilter(city=city, signed_in=include_private))
    rules = ClashRules(same_city, same_organiser, same_audience, buffer_days)
    pairs = suggest_pairs(
        expand(events, first, last), within_days=within_days, limit=limit, clash_rules=rules
    )
    table = Table(_("score"), _("business event"), _("pair with"), _("city"), _("why"))
    for s in pairs:
        table.add_row(
            number(s.score, 2),
            f"{s.business.title} ({day(s.business.first_day)})",
            f"{s.partner.title} ({day(s.partner.first_day)})",
            s.business.city or "",
            "; ".join(
                suggestion_reasons(s, within_days=within_days, locale=language(), rules=rules)
            ),
        )
    console.print(table)
    console.print(
        ngettext("%(num)d suggestion", "%(num)d suggestions", len(pairs)) % {"num": len(pairs)}
    )


@app.command("year")
def year_cmd(
    year: Annotated[int, typer.Argument(help="Calendar year.")],
    kind: KindOpt = None,
    city: CityOpt = None,
    min_gap_days: Annotated[int, typer.Option(min=1, help="Shortest gap reported.")] = 21,
    include_private: PrivateOpt = False,
) -> None:
    """The annual calendar: months of each event, and the gaps in the year."""
    events = _events(EventFilter(kind=kind, city=city, signed_in=include_private))
    view = year_view(events, year, min_gap_days=min_gap_days)
    initials = _month_initials()
    table = Table(_("event"), _("kind"), _("city"), initials, _("first days"))
    for s in view.series:
        strip = "".join(initials[m - 1] if m in s.months else "·" for m in range(1, 13))
        days = ", ".join(format_date(d, "d MMM", locale=language()) for d in s.days[:4])
        more = f" +{len(s.days) - 4}" if len(s.days) > 4 else ""
        table.add_row(s.title, _kind(s.kind), s.city or "", strip, days + more)
    console.print(table)
    months = ", ".join(_month_name(m) for m in view.empty_months) or _("none")
    console.print(_("months without events: %(months)s") % {"months": months})
    for gap in view.gaps:
        length = ngettext("%(num)d day", "%(num)d days", gap.days) % {"num": gap.days}
        span = {"start": day(gap.start), "end": day(gap.end), "length": length}
        console.print(_("gap: %(start)s – %(end)s (%(length)s)") % span)


@programmes_app.command("match")
def match_cmd(
    min_digits: Annotated[int, typer.Option(min=2, max=4, help="Shallowest ISCO level.")] = 2,
    min_score: Annotated[float, typer.Option(min=0, max=1, help="Lowest score shown.")] = 0.0,
    project: Annotated[str | None, typer.Option(help="Only this project id.")] = None,
) -> None:
    """Programmes matched to projects by ISCO-08 hierarchy and ISCED-F field, with reasons."""
    with store_session() as session:
        programmes = repo.list_programmes(session)
        projects = [repo.get_project(session, project)] if project else repo.list_projects(session)
    found = match(programmes, projects, min_digits=min_digits, min_score=min_score)
    for m in found:
        console.print(f"[bold]{number(m.score, 2)}[/bold]  {m.programme_id} → {m.project_id}")
        for reason in m.reasons:
            console.print(f"      {reason}", highlight=False, soft_wrap=True)
    console.print(ngettext("%(num)d match", "%(num)d matches", len(found)) % {"num": len(found)})


@programmes_app.command("gaps")
def gaps_cmd(
    min_digits: Annotated[int, typer.Option(min=2, max=4, help="Shallowest ISCO level.")] = 3,
    year: Annotated[list[int] | None, typer.Option(help="Year to report (repeatable).")] = None,
) -> None:
    """Workforce needs not covered by programme graduates, year by year."""
    with store_session() as session:
        programmes = repo.list_programmes(session)
        projects = repo.list_projects(session)
    report = gap_report(programmes, projects, years=year, min_digits=min_digits)
    table = Table(
        _("year"), "ISCO", _("occupation"), _("needed"), _("graduates"), _("short"), _("projects")
    )
    for r in report.rows:
        table.add_row(
            str(r.year), r.isco, r.title, number(r.demand), number(r.supply), number(r.shortfall),
            ", ".join(r.projects),
        )  # fmt: skip
    console.print(table)
    unserved = ", ".join(report.unserved_programmes) or _("none")
    console.print(_("programmes serving no project: %(ids)s") % {"ids": unserved}, highlight=False)
