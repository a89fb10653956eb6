"""``eurasia scenario``: run and compare scenarios, and test their resilience.

Examples
--------
::

    eurasia scenario list
    eurasia scenario run baseline_2024 --out results/baseline
    eurasia scenario run my-scenario.yaml --year 2035 --out results/2035
    eurasia scenario compare baseline_2024 russia_closed_eu
    eurasia scenario n-1 baseline_2024 --countries RU,KZ,AZ --workers 2
    eurasia scenario monte-carlo baseline_2024 --draws 500 --scheduler tcp://10.0.0.5:8786

A scenario is a bundled name (``eurasia scenario list``) or a YAML file; errors name the file and
the key path, and nothing is written when a scenario is invalid.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import functools
import json
import math
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from eurasia.cli.common import console, err_console
from eurasia.cli.i18n import _, language, ngettext, number, percent
from eurasia.corridors.network.model import Network
from eurasia.corridors.network.names import localized_name
from eurasia.corridors.network.service import check_service
from eurasia.corridors.scenarios.compare import compare_runs
from eurasia.corridors.scenarios.parsing import bundled_scenario_names, load_scenario
from eurasia.corridors.scenarios.running import (
    ScenarioOutcome,
    run_scenario,
    write_outputs,
)
from eurasia.corridors.scenarios.schema import Scenario
from eurasia.i18n import N_, vocabulary

__all__ = ["app"]

app = typer.Typer(
    help="Run, compare and stress-test freight scenarios (YAML).", no_args_is_help=True
)

ScenarioArg = Annotated[str, typer.Argument(help="Bundled scenario name or YAML file.")]
YearOpt = Annotated[int | None, typer.Option("--year", help="Override the scenario year.")]
OutOpt = Annotated[Path | None, typer.Option("--out", help="Folder to write result files to.")]
WorkersOpt = Annotated[
    int | None, typer.Option("--workers", min=1, help="Local worker processes (default: CPUs).")
]
SchedulerOpt = Annotated[
    str | None,
    typer.Option("--scheduler", help="Dask scheduler address, e.g. tcp://host:8786."),
]

# (summary key, label, decimals)
_INDICATORS = (
    ("demand_mt", N_("demand, Mt/yr"), 1),
    ("served_mt", N_("served, Mt/yr"), 1),
    ("unserved_over_threshold_mt", N_("not served (over the demand threshold), Mt/yr"), 1),
    ("transit_mt", N_("transit through Kazakhstan, Mt/yr"), 2),
    ("middle_corridor_mt", N_("Middle Corridor (trans-Caspian), Mt/yr"), 2),
    ("cost_musd", N_("transport cost, million USD"), 0),
    ("tonne_hours_m", N_("time, million tonne-hours"), 0),
    ("co2_kt", N_("CO2e, kt"), 0),
    ("tonne_km_bn", N_("tonne-km, billion"), 1),
)


def _fmt(value: float | None, digits: int, *, signed: bool = False) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return ("+" if signed and value > 0 else "") + number(value, digits)


def _corridor(code: str) -> str:
    return vocabulary.label(vocabulary.CORRIDORS, code, _)


@functools.cache
def _bundled_network() -> Network:
    from eurasia.corridors.io.dataset import load_network

    return load_network()


def _place(node_id: str, fallback: str) -> str:
    """A node's name in the active language (``fallback`` for a node the bundled network lacks)."""
    network = _bundled_network()
    try:
        return localized_name(network, network.node_index(node_id), language())
    except KeyError:
        return fallback


def _print_outcome(outcome: ScenarioOutcome) -> None:
    s = outcome.summary
    console.print(
        f"[bold]{s['scenario']}[/bold] ({s['year']}): {s['description']}", highlight=False
    )
    table = Table(title=_("Indicators"), title_justify="left")
    table.add_column(_("indicator"))
    table.add_column(_("value"), justify="right")
    ranges = s.get("totals", {})
    for key, label, digits in _INDICATORS:
        value = _fmt(s["indicators"].get(key), digits)
        if key in ranges:
            low, high = ranges[key]["low"], ranges[key]["high"]
            value += f" ({_fmt(low, digits)}–{_fmt(high, digits)})"
        table.add_row(_(label), value)
    console.print(table)
    shares = Table(
        title=_("Route families (each served tonne counted once, by the route it takes)"),
        title_justify="left",
    )
    shares.add_column(_("route family"))
    for column in (_("Mt/yr"), _("share of tonnes"), _("share of tonne-km")):
        shares.add_column(column, justify="right")
    for name, row in (s.get("route_families") or {}).items():
        shares.add_row(
            _corridor(name),
            number(row["mt"], 2),
            percent(row["share_tonnes"], 1),
            percent(row["share_tonne_km"], 1),
        )
    console.print(shares)
    if s.get("rules"):
        console.print(
            _("Rules applied: %(rules)s") % {"rules": ", ".join(s["rules"])}, highlight=False
        )
    console.print(_edge_table(_("Bottlenecks (v/c > 0.9)"), s["bottlenecks"]))
    if s.get("default_capacity_loaded"):
        title = _(
            "Default capacity: links loaded above v/c 0.9 whose capacity is only their mode's "
            "default (the v/c says more about the default than about the line)"
        )
        console.print(_edge_table(title, s["default_capacity_loaded"]))
    c = s["convergence"]
    reached = _(
        "%(method)s reached relative gap %(gap).1e in %(iterations)d iterations (%(seconds)s s)"
    )
    values = {
        "method": c["method"],
        "gap": c["relative_gap"],
        "iterations": c["iterations"],
        "seconds": number(c["seconds"], 1),
    }
    console.print(reached % values, highlight=False)


def _edge_table(title: str, rows: Sequence[Mapping[str, Any]]) -> Table:
    """A table of loaded links (bottlenecks or default-capacity links), most loaded first."""
    table = Table(title=title, title_justify="left")
    for column in (_("edge"), _("from → to"), _("mode")):
        table.add_column(column)
    for column in (_("flow Mt/yr"), _("capacity"), "v/c"):
        table.add_column(column, justify="right")
    for b in rows:
        table.add_row(
            str(b["edge"]),
            f"{_place(b['from'], b['from_name'])} → {_place(b['to'], b['to_name'])}",
            vocabulary.label(vocabulary.MODES, str(b["mode"]), _),
            number(b["flow_mt"], 2),
            number(b["capacity_mt"], 2),
            number(b["vc"], 2),
        )
    if not rows:
        table.add_row(_("none"), "", "", "", "", "")
    return table


@app.command("list")
def list_cmd() -> None:
    """List the bundled scenarios."""
    table = Table(title=_("Bundled scenarios"), title_justify="left")
    for column in (_("name"), _("year"), _("extends"), _("description")):
        table.add_column(column)
    for name in bundled_scenario_names():
        sc = load_scenario(name)
        table.add_row(name, str(sc.year), ", ".join(sc.files[1:]) or "–", sc.description)
    console.print(table)


@app.command("run")
def run_cmd(
    scenario: ScenarioArg,
    year: YearOpt = None,
    out: OutOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    service: Annotated[
        str | None,
        typer.Option(help="typical or block: the rail service level (default: the scenario's)."),
    ] = None,
) -> None:
    """Assign a scenario to equilibrium; print indicators, route families and bottlenecks.

    With --out, write summary.json, link_flows.csv, bottlenecks.csv, corridor_shares.csv and
    groups.csv.
    """
    sc = load_scenario(scenario)
    if service is not None:
        sc = dataclasses.replace(sc, service=check_service(service, where="--service"))
    outcome = run_scenario(sc, year=year)
    if as_json:
        console.print_json(json.dumps(outcome.summary, default=str))
    else:
        _print_outcome(outcome)
    if out is not None:
        paths = write_outputs(outcome, out)
        wrote = ngettext(
            "wrote %(num)d file to %(path)s", "wrote %(num)d files to %(path)s", len(paths)
        )
        console.print(wrote % {"num": len(paths), "path": out}, highlight=False)


def _noise(within: bool) -> str:
    """The mark of a change the two runs' gaps do not settle."""
    return " ~" if within else ""


@app.command("compare")
def compare_cmd(
    a: Annotated[str, typer.Argument(help="First scenario (name or file).")],
    b: Annotated[str, typer.Argument(help="Second scenario (name or file).")],
    year: YearOpt = None,
    out: Annotated[Path | None, typer.Option("--out", help="Write comparison.json here.")] = None,
) -> None:
    """Run two scenarios and show how indicators, shares, bottlenecks and flows differ."""
    first = run_scenario(load_scenario(a), year=year)
    second = run_scenario(load_scenario(b), year=year)
    cmp = compare_runs(first, second)
    table = Table(title=f"{cmp['a']} → {cmp['b']}", title_justify="left")
    table.add_column(_("indicator"))
    for column in ("A", "B", _("change")):
        table.add_column(column, justify="right")
    for key, label, digits in _INDICATORS:
        row = cmp["indicators"][key]
        table.add_row(
            _(label),
            _fmt(row["a"], digits),
            _fmt(row["b"], digits),
            _fmt(row["change"], digits, signed=True) + _noise(row["within_noise"]),
        )
    console.print(table)
    shares = Table(title=_("Route families: share of served tonnes"), title_justify="left")
    shares.add_column(_("route family"))
    for column in ("A", "B", _("change")):
        shares.add_column(column, justify="right")
    for name, row in cmp["corridor_shares"].items():
        shares.add_row(
            _corridor(name),
            percent(row["a"], 1),
            percent(row["b"], 1),
            percent(row["change"], 1, signed=True) + _noise(row["within_noise"]),
        )
    console.print(shares)
    for listed, label in (
        (cmp["bottlenecks_only_b"], N_("new bottlenecks in B: %(edges)s")),
        (cmp["bottlenecks_only_a"], N_("relieved in B: %(edges)s")),
    ):
        edges = ", ".join(listed) or _("none")
        console.print(_(label) % {"edges": edges}, highlight=False)
    flows = Table(title=_("Largest flow changes (Mt/yr)"), title_justify="left")
    flows.add_column(_("edge"))
    for column in ("A", "B", _("change")):
        flows.add_column(column, justify="right")
    for flow in cmp["largest_flow_changes"]:
        ends = f"{_place(flow['from'], flow['from'])} → {_place(flow['to'], flow['to'])}"
        flows.add_row(
            f"{flow['edge']} ({ends})",
            number(flow["a_mt"], 2),
            number(flow["b_mt"], 2),
            _fmt(flow["change_mt"], 2, signed=True) + _noise(flow["within_noise"]),
        )
    console.print(flows)
    gaps = cmp["gaps"]
    if cmp["noise_share"] is not None and gaps["a"] is not None and gaps["b"] is not None:
        console.print(
            _(
                "~: within convergence noise (relative gaps %(a)s and %(b)s settle changes "
                "of about %(share)s)"
            )
            % {
                "a": f"{gaps['a']:.1e}",
                "b": f"{gaps['b']:.1e}",
                "share": percent(cmp["noise_share"], 4),
            },
            highlight=False,
        )
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(cmp, indent=2, default=str) + "\n")
        console.print(_("wrote %(path)s") % {"path": out}, highlight=False)


@contextlib.contextmanager
def _progress(label: str) -> Iterator[Any]:
    columns = (
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _scenario_at(scenario: str, year: int | None) -> Scenario:
    """The scenario named (or the file given), as of ``year`` when one is asked for."""
    sc = load_scenario(scenario)
    return sc if year is None else sc.at_year(year)


def _write_rows(path: Path, rows: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(
            fh, fieldnames=list(rows[0]) if rows else ["country"], lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(rows)


@app.command("n-1")
def n1_cmd(
    scenario: ScenarioArg,
    year: YearOpt = None,
    countries: Annotated[
        str | None, typer.Option("--countries", help="Comma-separated ISO codes (default: all).")
    ] = None,
    workers: WorkersOpt = None,
    scheduler: SchedulerOpt = None,
    out: Annotated[Path | None, typer.Option("--out", help="Write n_minus_1.csv here.")] = None,
) -> None:
    """Close each country in turn: share of demand served, cost and time penalties, dependence."""
    from eurasia.corridors.scenarios.resilience import n_minus_one

    sc = _scenario_at(scenario, year)
    chosen = [c.strip() for c in countries.split(",") if c.strip()] if countries else None
    with _progress(_("N-1 by country")) as update:
        result = n_minus_one(
            sc, countries=chosen, workers=workers, scheduler=scheduler, progress=update
        )
    table = Table(
        title=_("Dependence on one direction (largest over transit countries)"),
        title_justify="left",
    )
    table.add_column(_("OD group"))
    table.add_column(_("country"))
    table.add_column(_("dependence"), justify="right")
    for group, row in sorted(result.index.items(), key=lambda kv: -kv[1]["dependence"]):
        table.add_row(group, row["country"], number(row["dependence"], 2))
    console.print(table)
    if out is not None:
        _write_rows(out / "n_minus_1.csv", result.table())
        console.print(_("wrote %(path)s") % {"path": out / "n_minus_1.csv"}, highlight=False)


@app.command("monte-carlo")
def monte_carlo_cmd(
    scenario: ScenarioArg,
    year: YearOpt = None,
    draws: Annotated[int, typer.Option("--draws", min=1, help="Number of draws.")] = 200,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the draw sequence.")] = 0,
    outage_hours: Annotated[
        float, typer.Option("--outage-hours", min=1.0, help="Assumed length of an outage.")
    ] = 720.0,
    workers: WorkersOpt = None,
    scheduler: SchedulerOpt = None,
    out: Annotated[Path | None, typer.Option("--out", help="Write monte_carlo.json here.")] = None,
) -> None:
    """Random outages drawn from link risk: expected delay and reliability."""
    from eurasia.corridors.scenarios.resilience import monte_carlo

    sc = _scenario_at(scenario, year)
    with _progress(_("Monte Carlo draws")) as update:
        result = monte_carlo(
            sc,
            draws=draws,
            seed=seed,
            outage_hours=outage_hours,
            workers=workers,
            scheduler=scheduler,
            progress=update,
        )
    summary = result.summary()
    title = ngettext("Disruptions: %(num)d draw", "Disruptions: %(num)d draws", draws)
    table = Table(title=title % {"num": draws}, title_justify="left")
    table.add_column(_("measure"))
    table.add_column(_("value"), justify="right")
    table.add_row(_("demand served (mean)"), percent(summary["served_share"], 2))
    table.add_row(_("expected extra hours per tonne"), number(summary["expected_delay_h"], 2))
    table.add_row(_("95th percentile of draws, hours"), number(summary["delay_p95_h"], 2))
    on_time = _("on time (≤ %(hours)s h extra)") % {"hours": number(summary["on_time_hours"], 1)}
    table.add_row(on_time, percent(summary["reliability"], 2))
    table.add_row(_("draws per second"), number(draws / max(summary["seconds"], 1e-9), 1))
    console.print(table)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "monte_carlo.json").write_text(
            json.dumps({**summary, "per_draw": result.per_draw}, indent=2) + "\n"
        )
        console.print(_("wrote %(path)s") % {"path": out / "monte_carlo.json"}, highlight=False)
