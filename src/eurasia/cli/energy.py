"""``eurasia energy``: export routes of crude, gas and uranium, flows, dependence and scenarios.

Examples
--------
::

    eurasia energy routes --year 2024
    eurasia energy flows --commodity crude --chart crude.svg --shared ../shared/data
    eurasia energy dependence --validate --freight
    eurasia energy dependence --n-1 2024 --commodity crude
    eurasia energy scenario list
    eurasia energy scenario cpc_outage_60d --json

Every number comes from ``corridors/energy/data`` and ``indicators/data/energy_exports.csv``
(see ``docs/energy.md``); ``--json`` keeps codes and English keys for programs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from eurasia.cli.common import console, err_console
from eurasia.cli.i18n import _, number, percent
from eurasia.corridors.energy.charts import dependence_svg, flows_svg, write_chart
from eurasia.corridors.energy.dataset import EnergyDataset, read_energy_dataset
from eurasia.corridors.energy.dependence import dependence_table, n_minus_1
from eurasia.corridors.energy.flows import Production, flow_table, owid_production
from eurasia.corridors.energy.scenarios import (
    bundled_energy_scenarios,
    load_energy_scenario,
    run_energy_scenario,
)
from eurasia.corridors.energy.summary import expansions, routes_table
from eurasia.corridors.energy.units import COMMODITIES, check_commodity
from eurasia.corridors.energy.validation import validate
from eurasia.errors import DataError
from eurasia.i18n import vocabulary

__all__ = ["app"]

app = typer.Typer(
    help="Energy export routes: crude, gas and uranium; flows, dependence, scenarios.",
    no_args_is_help=True,
)

CommodityOpt = Annotated[
    str | None, typer.Option("--commodity", "-c", help="crude, gas or uranium (default: all).")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (codes, English keys).")]


def _commodities(commodity: str | None) -> tuple[str, ...]:
    return COMMODITIES if commodity is None else (check_commodity(commodity),)


def _label(commodity: str) -> str:
    return vocabulary.label(vocabulary.ENERGY_COMMODITIES, commodity, _)


def _print_json(body: Any) -> None:
    console.print_json(json.dumps(body, ensure_ascii=False, default=str))


@app.command("routes")
def routes_cmd(
    year: Annotated[int, typer.Option("--year", help="Flows and capacities of this year.")] = 2024,
    commodity: CommodityOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Routes with their flow, bottleneck asset, capacity, spare capacity, cost and time."""
    ds = read_energy_dataset()
    rows = [r for c in _commodities(commodity) for r in routes_table(ds, year, commodity=c)]
    steps = [
        e
        for e in expansions(ds)
        if commodity is None or ds.assets[e["asset"]].commodity == commodity
    ]
    if as_json:
        _print_json({"year": year, "routes": rows, "expansions": steps})
        return
    for c in _commodities(commodity):
        table = Table(
            title=_("%(commodity)s export routes in %(year)d")
            % {"commodity": _label(c), "year": year}
        )
        for heading in (
            _("route"),
            _("direction (transit)"),
            _("flow"),
            _("bottleneck"),
            _("capacity"),
            _("spare"),
            _("USD/unit"),
            _("days"),
        ):
            table.add_column(heading)
        for r in (r for r in rows if r["commodity"] == c):
            direction = vocabulary.label(vocabulary.ENERGY_DIRECTIONS, r["direction"], _)
            table.add_row(
                r["id"],
                f"{direction} ({', '.join(r['transit'])})" if r["transit"] else direction,
                "–" if r["flow"] is None else number(r["flow"], 2),
                r["bottleneck"],
                "–" if r["capacity"] is None else number(r["capacity"], 1),
                number(r["spare"], 2),
                number(r["cost"], 1),
                number(r["days"], 1),
            )
        console.print(table)
    console.print(_("Capacity changes by year:"), highlight=False)
    for e in steps:
        console.print(
            f"  {e['year_from']}  {e['asset']:24s} {number(e['capacity'], 1)} {e['unit']} "
            f"({e['basis']}, {vocabulary.label(vocabulary.LINK_STATUSES, e['status'], _)}; {e['source']})",
            highlight=False,
        )


def _production(shared: Path | None) -> list[Production]:
    if shared is None:
        return []
    try:
        return owid_production(shared)
    except DataError as exc:
        err_console.print(
            _("note: %(message)s (production not drawn)") % {"message": exc}, highlight=False
        )
        return []


@app.command("flows")
def flows_cmd(
    commodity: CommodityOpt = None,
    chart: Annotated[
        Path | None, typer.Option("--chart", help="Write an SVG chart (one commodity).")
    ] = None,
    shared: Annotated[
        Path | None, typer.Option("--shared", help="The shared/data folder (OWID production).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Export volumes by route and year with their status and source (OWID production beside)."""
    ds = read_energy_dataset()
    production = _production(shared)
    wanted = _commodities(commodity)
    if as_json:
        body = {c: flow_table(ds, c) for c in wanted}
        _print_json({"flows": body, "production": [p.__dict__ for p in production]})
    else:
        for c in wanted:
            years = ds.years(c)
            table = Table(title=_("%(commodity)s exports by route") % {"commodity": _label(c)})
            table.add_column(_("route"))
            for y in years:
                table.add_column(str(y), justify="right")
            status = {(r["route"], r["year"]): r["status"] for r in flow_table(ds, c)}
            for route in ds.routes_of(c):
                cells = [
                    "–"
                    if (route.id, y) not in status
                    else number(ds.route_flows(y, c)[route.id], 2)
                    + (" E" if status[(route.id, y)] == "E" else "")
                    for y in years
                ]
                table.add_row(route.id, *cells)
            prod = {p.year: p for p in production if p.commodity == c}
            if prod:
                table.add_row(
                    _("production (OWID)"),
                    *[number(prod[y].volume, 1) if y in prod else "–" for y in years],
                )
            console.print(table)
        console.print(
            _("E = estimate (method in the flows file's definition note)."), highlight=False
        )
    if chart is not None:
        if len(wanted) != 1:
            raise DataError(_("--chart needs one --commodity"))
        path = write_chart(flows_svg(ds, wanted[0], production=production), chart)
        err_console.print(_("wrote %(path)s") % {"path": path}, highlight=False)


def _freight() -> dict[str, Any]:
    from eurasia.corridors.energy.freight import freight_dependence_from_outcome
    from eurasia.corridors.scenarios.running import run_scenario

    return freight_dependence_from_outcome(run_scenario("baseline_2024"))


def _print_dependence(ds: EnergyDataset, wanted: tuple[str, ...]) -> None:
    table = Table(title=_("Dependence on one direction"))
    for heading in (
        _("commodity"),
        _("year"),
        _("exports"),
        _("largest route"),
        _("via Russia"),
        _("HHI routes"),
        _("HHI directions"),
    ):
        table.add_column(heading)
    for c in wanted:
        for r in dependence_table(ds, c):
            if not r.complete:
                continue
            table.add_row(
                _label(c),
                str(r.year),
                f"{number(r.volume, 2)} {r.unit}",
                f"{r.top_route} {percent(r.top_share, 1)}",
                percent(r.share_via_ru, 1),
                number(r.hhi_routes),
                number(r.hhi_directions),
            )
    console.print(table)
    console.print(
        _("HHI: sum of squared shares × 10,000 (10,000 = a single route)."), highlight=False
    )


@app.command("dependence")
def dependence_cmd(
    commodity: CommodityOpt = None,
    validate_: Annotated[
        bool, typer.Option("--validate", help="Check bundled shares against published figures.")
    ] = False,
    freight: Annotated[
        bool, typer.Option("--freight", help="Run baseline_2024 freight and show its index beside.")
    ] = False,
    n_1: Annotated[int | None, typer.Option("--n-1", help="N-1 table for this year.")] = None,
    days: Annotated[float, typer.Option("--days", min=1, max=365, help="N-1 window, days.")] = 365,
    chart: Annotated[
        Path | None, typer.Option("--chart", help="Write the HHI chart (SVG).")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Shares by direction and transit country, HHI of routes; N-1; validation; freight beside."""
    ds = read_energy_dataset()
    wanted = _commodities(commodity)
    fr = _freight() if freight else None
    checks = validate(ds) if validate_ else []
    contingencies = (
        {c: n_minus_1(ds, n_1, c, days=days) for c in wanted if ds.route_flows(n_1, c)}
        if n_1
        else {}
    )
    if as_json:
        _print_json(
            {
                "dependence": {c: [r.as_dict() for r in dependence_table(ds, c)] for c in wanted},
                "validation": [c.as_dict() for c in checks],
                "n_minus_1": {c: [k.as_dict() for k in rows] for c, rows in contingencies.items()},
                "freight": fr,
            }
        )
    else:
        _print_dependence(ds, wanted)
        if fr is not None:
            console.print(
                _(
                    "Freight (%(scenario)s): HHI %(hhi)s over corridor families, largest %(top)s "
                    "%(share)s, %(ru)s of tonne-km on Russian edges; counts: %(counts)s"
                )
                % {
                    "scenario": fr["scenario"],
                    "hhi": number(fr["hhi"]),
                    "top": fr["top"],
                    "share": percent(fr["top_share"], 1),
                    "ru": percent(fr["share_via_ru"], 1),
                    "counts": fr["counts"],
                },
                highlight=False,
            )
        for c, rows in contingencies.items():
            table = Table(
                title=_("N-1 for %(commodity)s, %(year)d, %(days)s days")
                % {"commodity": _label(c), "year": n_1, "days": number(days)}
            )
            table.add_column(_("route or asset"), no_wrap=True)
            for heading in (
                _("lost"),
                _("rerouted"),
                _("stranded"),
                _("cost, million USD"),
                _("extra days"),
            ):
                table.add_column(heading)
            for k in rows:
                r = k.result
                if r.lost <= 0:
                    continue
                table.add_row(
                    k.element,
                    number(r.lost, 2),
                    number(r.rerouted_total, 2),
                    number(r.stranded, 2),
                    number(r.cost_usd / 1e6, 1),
                    number(r.delay_days, 1),
                )
            console.print(table)
        if checks:
            table = Table(title=_("Validation against published figures"))
            table.add_column(_("check"), no_wrap=True)
            table.add_column(_("year"))
            table.add_column(_("band"))
            table.add_column(_("model"))
            table.add_column(_("result"))
            table.add_column(_("source"), overflow="fold")
            for chk in checks:
                verdict = _("pass") if chk.passed else _("FAIL")
                table.add_row(
                    chk.id + (" *" if chk.calibrated else ""),
                    str(chk.year),
                    f"{number(chk.low, 1)}–{number(chk.high, 1)} {chk.unit}",
                    f"{number(chk.model, 1)} {chk.unit}",
                    verdict,
                    chk.source,
                )
            console.print(table)
            console.print(_("* calibrated on (not an independent check)."), highlight=False)
    if chart is not None:
        path = write_chart(dependence_svg(ds, freight=fr), chart)
        err_console.print(_("wrote %(path)s") % {"path": path}, highlight=False)


@app.command("scenario")
def scenario_cmd(
    scenario: Annotated[str, typer.Argument(help="Bundled name, YAML file, or 'list'.")],
    as_json: JsonOpt = False,
) -> None:
    """Run an energy scenario: lost, rerouted and stranded volumes, cost and delay."""
    if scenario == "list":
        for name in bundled_energy_scenarios():
            s = load_energy_scenario(name)
            console.print(f"{name:26s} {s.description}", highlight=False)
        return
    ds = read_energy_dataset()
    outcome = run_energy_scenario(ds, load_energy_scenario(scenario))
    if as_json:
        _print_json(outcome.as_dict())
        return
    s = outcome.scenario
    console.print(f"[bold]{s.name}[/bold]: {s.description}", highlight=False)
    changes = outcome.versus_parent()
    for c, r in outcome.results.items():
        unit = r.unit
        console.print(
            _(
                "%(commodity)s (%(year)d, %(days)s days): lost %(lost)s %(unit)s, rerouted "
                "%(rerouted)s, stranded %(stranded)s; cost %(cost)s million USD, "
                "%(delay)s extra days"
            )
            % {
                "commodity": _label(c),
                "year": r.year,
                "days": number(r.days),
                "lost": number(r.lost, 2),
                "unit": unit,
                "rerouted": number(r.rerouted_total, 2),
                "stranded": number(r.stranded, 2),
                "cost": number(r.cost_usd / 1e6, 1),
                "delay": number(r.delay_days, 1),
            },
            highlight=False,
        )
        for route, v in sorted(r.rerouted.items(), key=lambda kv: -kv[1]):
            console.print(f"    → {route:20s} {number(v, 3)} {unit}", highlight=False)
        if c in changes and s.parent is not None:
            console.print(
                _("  against %(parent)s: stranded %(change)s %(unit)s")
                % {
                    "parent": s.parent.name,
                    "change": number(changes[c]["stranded_change"], 2),
                    "unit": unit,
                },
                highlight=False,
            )
