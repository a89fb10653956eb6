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
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from eurasia.cli.common import console, err_console
from eurasia.corridors.scenario_results import (
    ScenarioOutcome,
    compare_outcomes,
    run_scenario,
    write_outputs,
)
from eurasia.corridors.scenarios import bundled_scenario_names, load_scenario

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

_INDICATORS = (
    ("demand_mt", "demand, Mt/yr", "{:,.1f}"),
    ("served_mt", "served, Mt/yr", "{:,.1f}"),
    ("transit_mt", "transit through Kazakhstan, Mt/yr", "{:,.2f}"),
    ("middle_corridor_mt", "Middle Corridor (trans-Caspian), Mt/yr", "{:,.2f}"),
    ("cost_musd", "transport cost, million USD", "{:,.0f}"),
    ("tonne_hours_m", "time, million tonne-hours", "{:,.0f}"),
    ("co2_kt", "CO2e, kt", "{:,.0f}"),
    ("tonne_km_bn", "tonne-km, billion", "{:,.1f}"),
)


def _fmt(value: float, pattern: str) -> str:
    return (
        "–"
        if value is None or (isinstance(value, float) and math.isnan(value))
        else pattern.format(value)
    )


def _print_outcome(outcome: ScenarioOutcome) -> None:
    s = outcome.summary
    console.print(
        f"[bold]{s['scenario']}[/bold] ({s['year']}): {s['description']}", highlight=False
    )
    table = Table(title="Indicators", title_justify="left")
    table.add_column("indicator")
    table.add_column("value", justify="right")
    for key, label, pattern in _INDICATORS:
        table.add_row(label, _fmt(s["indicators"][key], pattern))
    console.print(table)
    shares = Table(title="Corridor shares of tonne-km", title_justify="left")
    shares.add_column("corridor")
    shares.add_column("share", justify="right")
    for name, share in s["corridor_shares"].items():
        shares.add_row(name, f"{share:.1%}")
    console.print(shares)
    bottlenecks = Table(title="Bottlenecks (v/c > 0.9)", title_justify="left")
    for column in ("edge", "from → to", "mode", "flow Mt/yr", "capacity", "v/c"):
        bottlenecks.add_column(
            column, justify="right" if column[0] in "fcv" and column != "from → to" else "left"
        )
    for b in s["bottlenecks"]:
        bottlenecks.add_row(
            str(b["edge"]),
            f"{b['from_name']} → {b['to_name']}",
            str(b["mode"]),
            f"{b['flow_mt']:.2f}",
            f"{b['capacity_mt']:.2f}",
            f"{b['vc']:.2f}",
        )
    if not s["bottlenecks"]:
        bottlenecks.add_row("none", "", "", "", "", "")
    console.print(bottlenecks)
    c = s["convergence"]
    console.print(
        f"{c['method']} reached relative gap {c['relative_gap']:.1e} in {c['iterations']} "
        f"iterations ({c['seconds']:.1f} s)",
        highlight=False,
    )


@app.command("list")
def list_cmd() -> None:
    """List the bundled scenarios."""
    table = Table(title="Bundled scenarios", title_justify="left")
    for column in ("name", "year", "extends", "description"):
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
) -> None:
    """Assign a scenario to equilibrium; print indicators, corridor shares and bottlenecks.

    With --out, write summary.json, link_flows.csv, bottlenecks.csv, corridor_shares.csv and
    groups.csv.
    """
    outcome = run_scenario(load_scenario(scenario), year=year)
    if as_json:
        console.print_json(json.dumps(outcome.summary, default=str))
    else:
        _print_outcome(outcome)
    if out is not None:
        paths = write_outputs(outcome, out)
        console.print(f"wrote {len(paths)} files to {out}", highlight=False)


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
    cmp = compare_outcomes(first, second)
    table = Table(title=f"{cmp['a']} → {cmp['b']}", title_justify="left")
    for column in ("indicator", "A", "B", "change"):
        table.add_column(column, justify="left" if column == "indicator" else "right")
    for key, label, pattern in _INDICATORS:
        row = cmp["indicators"][key]
        table.add_row(
            label, _fmt(row["a"], pattern), _fmt(row["b"], pattern), _fmt(row["change"], pattern)
        )
    console.print(table)
    shares = Table(title="Corridor shares of tonne-km", title_justify="left")
    for column in ("corridor", "A", "B", "change"):
        shares.add_column(column, justify="left" if column == "corridor" else "right")
    for name, row in cmp["corridor_shares"].items():
        shares.add_row(name, f"{row['a']:.1%}", f"{row['b']:.1%}", f"{row['change']:+.1%}")
    console.print(shares)
    for key, label in (
        ("bottlenecks_only_b", "new bottlenecks in B"),
        ("bottlenecks_only_a", "relieved in B"),
    ):
        console.print(f"{label}: {', '.join(cmp[key]) or 'none'}", highlight=False)
    flows = Table(title="Largest flow changes (Mt/yr)", title_justify="left")
    for column in ("edge", "A", "B", "change"):
        flows.add_column(column, justify="left" if column == "edge" else "right")
    for row in cmp["largest_flow_changes"]:
        flows.add_row(
            f"{row['edge']} ({row['from']} → {row['to']})",
            f"{row['a_mt']:.2f}",
            f"{row['b_mt']:.2f}",
            f"{row['change_mt']:+.2f}",
        )
    console.print(flows)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(cmp, indent=2, default=str) + "\n")
        console.print(f"wrote {out}", highlight=False)


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
    from eurasia.corridors.resilience import n_minus_one

    sc = load_scenario(scenario)
    if year is not None:
        sc = sc.at_year(year)
    chosen = [c.strip() for c in countries.split(",") if c.strip()] if countries else None
    with _progress("N-1 by country") as update:
        result = n_minus_one(
            sc, countries=chosen, workers=workers, scheduler=scheduler, progress=update
        )
    table = Table(
        title="Dependence on one direction (largest over transit countries)", title_justify="left"
    )
    for column in ("OD group", "country", "dependence"):
        table.add_column(column, justify="right" if column == "dependence" else "left")
    for group, row in sorted(result.index.items(), key=lambda kv: -kv[1]["dependence"]):
        table.add_row(group, row["country"], f"{row['dependence']:.2f}")
    console.print(table)
    if out is not None:
        _write_rows(out / "n_minus_1.csv", result.table())
        console.print(f"wrote {out / 'n_minus_1.csv'}", highlight=False)


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
    from eurasia.corridors.resilience import monte_carlo

    sc = load_scenario(scenario)
    if year is not None:
        sc = sc.at_year(year)
    with _progress("Monte Carlo draws") as update:
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
    table = Table(title=f"Disruptions: {draws} draws", title_justify="left")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("demand served (mean)", f"{summary['served_share']:.2%}")
    table.add_row("expected extra hours per tonne", f"{summary['expected_delay_h']:.2f}")
    table.add_row("95th percentile of draws, hours", f"{summary['delay_p95_h']:.2f}")
    table.add_row(
        f"on time (≤ {summary['on_time_hours']:g} h extra)", f"{summary['reliability']:.2%}"
    )
    table.add_row("draws per second", f"{draws / max(summary['seconds'], 1e-9):.1f}")
    console.print(table)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "monte_carlo.json").write_text(
            json.dumps({**summary, "per_draw": result.per_draw}, indent=2) + "\n"
        )
        console.print(f"wrote {out / 'monte_carlo.json'}", highlight=False)
