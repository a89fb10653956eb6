"""``eurasia route``: plan freight routes, compare them and print each leg.

Examples
--------
::

    eurasia route Chongqing Duisburg
    eurasia route Chongqing Duisburg --optimize cost --avoid-country RU --alternatives 3
    eurasia route Chongqing Duisburg --pareto time,cost,co2 --json
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from eurasia.cli.common import console
from eurasia.corridors.network import Network
from eurasia.corridors.routing import Route, alternatives, pareto, parse_optimize, route
from eurasia.errors import DataError

__all__ = ["route_command"]


def _network(path: Path | None) -> Network:
    from eurasia.corridors.io import load_network

    return load_network() if path is None else load_network(path)


def _num(value: float, fmt: str = "{:,.0f}") -> str:
    return "–" if value is None or math.isnan(value) else fmt.format(value)


def _summary(routes: list[Route]) -> Table:
    table = Table(title="Routes", title_justify="left")
    for column in ("#", "through", "days", "km", "USD", "kg CO2e", "reliability", "transfers"):
        table.add_column(column, justify="left" if column == "through" else "right")
    if len(routes) > 1:
        table.add_column("overlap", justify="right")
    for i, r in enumerate(routes, start=1):
        t = r.totals
        row = [
            str(i),
            " → ".join(r.countries),
            _num(r.days, "{:.1f}"),
            _num(t.get("km", math.nan)),
            _num(t.get("usd", math.nan)),
            _num(t.get("co2_kg", math.nan)),
            "–" if r.reliability is None else f"{r.reliability:.0%}",
            str(sum(tr.kind != "border_crossing" for tr in r.transfers)),
        ]
        if len(routes) > 1:
            row.append(f"{r.overlap:.0%}")
        table.add_row(*row)
    return table


def _legs(r: Route, number: int) -> Table:
    table = Table(title=f"Route {number}: {r.criterion}", title_justify="left")
    for column in ("step", "from → to", "mode", "gauge", "km", "hours", "USD", "kg CO2e"):
        table.add_column(column, justify="left" if column in ("step", "from → to") else "right")
    pending = list(r.transfers)

    def transfers_at(node: str) -> None:
        while pending and pending[0].node == node:
            tr = pending.pop(0)
            c = tr.costs
            table.add_row(
                f"  {tr.kind.replace('_', ' ')}",
                f"  {tr.name}: {tr.detail}",
                "",
                "",
                "",
                _num(c.get("hours", math.nan), "{:,.1f}") if c else "in leg",
                _num(c.get("usd", math.nan)) if c else "",
                _num(c.get("co2_kg", math.nan)) if c else "",
            )

    for leg in r.legs:
        transfers_at(leg.from_node)
        table.add_row(
            leg.country,
            f"{leg.from_name} → {leg.to_name}",
            leg.mode,
            str(leg.gauge or ""),
            _num(leg.km),
            _num(leg.hours, "{:,.1f}"),
            _num(leg.cost),
            _num(leg.co2),
        )
        transfers_at(leg.to_node)
    for tr in pending:
        transfers_at(tr.node)
    return table


def route_command(
    origin: Annotated[str, typer.Argument(help="Origin: node id, name or alias.")],
    destination: Annotated[str, typer.Argument(help="Destination: node id, name or alias.")],
    optimize: Annotated[
        str,
        typer.Option(
            help="time, cost, co2, risk, distance, a cost column, or weights "
            "such as time:1,cost:0.01."
        ),
    ] = "time",
    avoid_country: Annotated[
        list[str] | None, typer.Option(help="ISO alpha-2 country to avoid (repeatable).")
    ] = None,
    avoid_node: Annotated[
        list[str] | None, typer.Option(help="Place to avoid (repeatable).")
    ] = None,
    avoid_link: Annotated[
        list[str] | None, typer.Option(help="Link or transfer id to avoid (repeatable).")
    ] = None,
    avoid_mode: Annotated[
        list[str] | None, typer.Option(help="rail, road, ferry or sea (repeatable).")
    ] = None,
    via: Annotated[
        list[str] | None, typer.Option(help="Place to pass, in order (repeatable).")
    ] = None,
    max_transfers: Annotated[int | None, typer.Option(min=0, help="Most transfers.")] = None,
    year: Annotated[int | None, typer.Option(help="Use the network as of this year.")] = None,
    cargo: Annotated[str, typer.Option(help="teu or tonne: unit of money and CO2.")] = "teu",
    alternatives_k: Annotated[
        int | None,
        typer.Option("--alternatives", min=1, max=20, help="Show this many different routes."),
    ] = None,
    max_overlap: Annotated[
        float, typer.Option(min=0.01, max=1.0, help="Most distance an alternative may share.")
    ] = 0.8,
    pareto_criteria: Annotated[
        str | None,
        typer.Option("--pareto", help="Exact Pareto set on these criteria, e.g. time,cost,co2."),
    ] = None,
    network_path: Annotated[
        Path | None,
        typer.Option(
            "--network", help="A network folder in the bundled format (default: bundled)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Plan freight routes: best, alternatives (--alternatives) or Pareto set (--pareto)."""
    net = _network(network_path)
    common = {
        "cargo": cargo,
        "avoid_countries": avoid_country or [],
        "avoid_nodes": avoid_node or [],
        "avoid_links": avoid_link or [],
        "avoid_modes": avoid_mode or [],
        "max_transfers": max_transfers,
        "year": year,
    }
    if pareto_criteria is not None:
        if via:
            msg = "--via does not combine with --pareto: a Pareto set is searched without waypoints"
            raise DataError(msg)
        criteria = [c.strip() for c in pareto_criteria.split(",") if c.strip()]
        routes = pareto(net, origin, destination, criteria=criteria, **common)  # type: ignore[arg-type]
    elif alternatives_k is not None:
        routes = alternatives(
            net,
            origin,
            destination,
            k=alternatives_k,
            max_overlap=max_overlap,
            optimize=parse_optimize(optimize),
            via=via or [],
            **common,  # type: ignore[arg-type]
        )
    else:
        routes = [
            route(
                net,
                origin,
                destination,
                optimize=parse_optimize(optimize),
                via=via or [],
                **common,  # type: ignore[arg-type]
            )
        ]
    if as_json:
        console.print_json(
            json.dumps({"data": [r.to_dict() for r in routes], "count": len(routes)})
        )
        return
    console.print(_summary(routes))
    for i, r in enumerate(routes, start=1):
        console.print(_legs(r, i))
        console.print(r.explanation, highlight=False)
        console.print()
