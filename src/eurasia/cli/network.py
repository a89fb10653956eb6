"""``eurasia network``: summarise, validate and export the freight network."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import numpy as np
import typer

from eurasia.cli.common import console
from eurasia.corridors.io import EXPORT_FORMATS, export, load_network, read_dataset

__all__ = ["app"]

app = typer.Typer(help="Summarise, validate and export the freight network.", no_args_is_help=True)


@app.command("info")
def info_cmd(
    path: Annotated[
        Path | None, typer.Argument(help="Dataset folder (default: the bundled network).")
    ] = None,
) -> None:
    """Counts by mode, country and status, route-km, and the border and gauge-change points."""
    dataset = read_dataset(path)
    net = load_network(path)
    countries = Counter(n.country for n in dataset.nodes)
    console.print(
        f"{len(dataset.nodes)} nodes in {len(countries)} countries, {len(dataset.links)} links, "
        f"{len(dataset.transfers)} transfers, {net.n_vertices} vertices, {net.n_edges} edges",
        highlight=False,
    )
    links = net.edge_kind == "link"
    km = net.costs["km"] if "km" in net.costs else np.zeros(net.n_edges)
    console.print("route-km by mode and status (each link counted once):", highlight=False)
    for mode in sorted(set(net.edge_mode[links].tolist())):
        for status in ("open", "construction", "planned"):
            mask = links & (net.edge_mode == mode) & (net.edge_status == status)
            if mask.any():
                console.print(
                    f"  {mode:6s} {status:12s} {int(mask.sum()) // 2:4d} links "
                    f"{km[mask].sum() / 2:10,.0f} km",
                    highlight=False,
                )
    console.print(
        "nodes by country: " + ", ".join(f"{c} {k}" for c, k in sorted(countries.items())),
        highlight=False,
    )
    for kind in ("border", "port"):
        names = sorted(n.name for n in dataset.nodes if n.kind == kind)
        console.print(f"{kind} nodes ({len(names)}): {', '.join(names)}", highlight=False)
    gauge = sorted({t.node for t in dataset.transfers if t.type == "gauge_change"})
    console.print(f"gauge-change points ({len(gauge)}): {', '.join(gauge)}", highlight=False)
    if len(dataset.components) > 1:
        console.print(f"[yellow]{len(dataset.components)} disconnected components[/yellow]")


@app.command("validate")
def validate_cmd(
    path: Annotated[Path, typer.Argument(help="Dataset folder to check.")],
) -> None:
    """Check a dataset folder; every problem is listed with file, line and field."""
    dataset = read_dataset(path)
    console.print(
        f"{path}: valid — {len(dataset.nodes)} nodes, {len(dataset.links)} links, "
        f"{len(dataset.transfers)} transfers, {len(dataset.services)} services, "
        f"{len(dataset.sources)} sources",
        highlight=False,
    )
    if len(dataset.components) > 1:
        console.print(f"{len(dataset.components)} disconnected components:", highlight=False)
        for part in dataset.components:
            shown = ", ".join(part[:8]) + (" …" if len(part) > 8 else "")
            console.print(f"  {len(part)} nodes: {shown}", highlight=False)


@app.command("export")
def export_cmd(
    out: Annotated[Path, typer.Argument(help="Output file (a folder for tntp).")],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=f"One of {', '.join(EXPORT_FORMATS)}.")
    ] = "geojson",
    path: Annotated[
        Path | None, typer.Option("--data", help="Dataset folder (default: bundled).")
    ] = None,
    year: Annotated[
        int | None, typer.Option("--as-of", help="Only what operates in this year.")
    ] = None,
) -> None:
    """Export the network as GeoJSON, GeoPackage, TNTP or GraphML."""
    net = load_network(path)
    if year is not None:
        net = net.as_of(year)
    for written in export(net, fmt, out):
        console.print(f"wrote {written}", highlight=False)
