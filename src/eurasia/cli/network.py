"""``eurasia network``: summarise, validate and export the freight network."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import numpy as np
import typer

from eurasia.cli.common import console
from eurasia.cli.i18n import _, ngettext, number
from eurasia.corridors.io.dataset import load_network, read_dataset
from eurasia.corridors.io.export import export
from eurasia.corridors.network.records import Dataset
from eurasia.i18n import N_, vocabulary

__all__ = ["app"]

app = typer.Typer(help="Summarise, validate and export the freight network.", no_args_is_help=True)


def _summary(dataset: Dataset, countries: int, vertices: int, edges: int) -> str:
    counts = {
        "nodes": len(dataset.nodes),
        "countries": countries,
        "links": len(dataset.links),
        "transfers": len(dataset.transfers),
        "vertices": vertices,
        "edges": edges,
    }
    return (
        _(
            "nodes: %(nodes)d; countries: %(countries)d; links: %(links)d; "
            "transfers: %(transfers)d; graph vertices: %(vertices)d, edges: %(edges)d"
        )
        % counts
    )


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
    console.print(_summary(dataset, len(countries), net.n_vertices, net.n_edges), highlight=False)
    links = net.edge_kind == "link"
    km = net.costs["km"] if "km" in net.costs else np.zeros(net.n_edges)
    console.print(_("route-km by mode and status (each link counted once):"), highlight=False)
    for mode in sorted(set(net.edge_mode[links].tolist())):
        for status in ("open", "construction", "planned"):
            mask = links & (net.edge_mode == mode) & (net.edge_status == status)
            if mask.any():
                count = int(mask.sum()) // 2
                mode_label = vocabulary.label(vocabulary.MODES, mode, _)
                status_label = vocabulary.label(vocabulary.LINK_STATUSES, status, _)
                line = ngettext("%(num)d link", "%(num)d links", count) % {"num": count}
                console.print(
                    f"  {mode_label:18s} {status_label:18s} {line:>12s} "
                    f"{number(km[mask].sum() / 2):>10s} km",
                    highlight=False,
                )
    by_country = ", ".join(f"{c} {k}" for c, k in sorted(countries.items()))
    console.print(_("nodes by country: %(counts)s") % {"counts": by_country}, highlight=False)
    headings = {
        "border": N_("border crossing points (%(num)d): %(names)s"),
        "port": N_("ports (%(num)d): %(names)s"),
    }
    for kind, heading in headings.items():
        names = sorted(n.name for n in dataset.nodes if n.kind == kind)
        shown = {"num": len(names), "names": ", ".join(names)}
        console.print(_(heading) % shown, highlight=False)
    gauge = sorted({t.node for t in dataset.transfers if t.type == "gauge_change"})
    shown = {"num": len(gauge), "names": ", ".join(gauge)}
    console.print(_("gauge-change points (%(num)d): %(names)s") % shown, highlight=False)
    if len(dataset.components) > 1:
        parts = len(dataset.components)
        line = ngettext("%(num)d disconnected component", "%(num)d disconnected components", parts)
        console.print(f"[yellow]{line % {'num': parts}}[/yellow]")


@app.command("validate")
def validate_cmd(
    path: Annotated[Path, typer.Argument(help="Dataset folder to check.")],
) -> None:
    """Check a dataset folder; every problem is listed with file, line and field."""
    dataset = read_dataset(path)
    counts = {
        "path": path,
        "nodes": len(dataset.nodes),
        "links": len(dataset.links),
        "transfers": len(dataset.transfers),
        "services": len(dataset.services),
        "sources": len(dataset.sources),
    }
    line = _(
        "%(path)s: valid — nodes: %(nodes)d, links: %(links)d, transfers: %(transfers)d, "
        "services: %(services)d, sources: %(sources)d"
    )
    console.print(line % counts, highlight=False)
    if len(dataset.components) > 1:
        parts = len(dataset.components)
        line = ngettext(
            "%(num)d disconnected component:", "%(num)d disconnected components:", parts
        )
        console.print(line % {"num": parts}, highlight=False)
        for part in dataset.components:
            shown = ", ".join(part[:8]) + (" …" if len(part) > 8 else "")
            nodes = ngettext("%(num)d node", "%(num)d nodes", len(part)) % {"num": len(part)}
            console.print(f"  {nodes}: {shown}", highlight=False)


@app.command("export")
def export_cmd(
    out: Annotated[Path, typer.Argument(help="Output file (a folder for tntp).")],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="geojson, gpkg, tntp or graphml.")
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
        console.print(_("wrote %(path)s") % {"path": written}, highlight=False)


def _figure(value: float) -> str:
    return number(value, 1 if abs(value) < 100 else 0)


@app.command("calibrate")
def calibrate_cmd(
    write_docs: Annotated[
        bool,
        typer.Option("--write-docs", help="Also rewrite the generated section of docs/data.md."),
    ] = False,
    docs: Annotated[
        Path, typer.Option("--docs", help="The Markdown file whose generated section is rewritten.")
    ] = Path("docs/data.md"),
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Model against published references (times, rates per FEU, volumes): pass or fail."""
    from eurasia.corridors.calibration.evaluate import evaluate
    from eurasia.corridors.calibration.references import read_references
    from eurasia.corridors.calibration.report import summary, table_rows, write_docs_section

    evaluations = evaluate(read_references(), load_network())
    counts = summary(evaluations)
    if as_json:
        console.print_json(data={"data": table_rows(evaluations), "summary": counts})
    else:
        for row in table_rows(evaluations):
            if row["passed"] is None:
                result = _("pending")
            else:
                result = _("pass") if row["passed"] else _("FAIL")
            model = "—" if row["model"] is None else _figure(row["model"])
            console.print(
                f"{row['use']:11s} {result:8s} {row['id']:28s} {model:>9s}  "
                f"[{_figure(row['low'])} – {_figure(row['high'])}] {row['unit']}",
                highlight=False,
                soft_wrap=True,
            )
        console.print(
            _(
                "calibration: %(calibration_passed)d passed, %(calibration_failed)d failed; "
                "held out: %(held_out_passed)d passed, %(held_out_failed)d failed; "
                "%(pending)d pending"
            )
            % counts,
            highlight=False,
        )
    if write_docs:
        written = write_docs_section(docs, evaluations)
        console.print(_("wrote %(path)s") % {"path": written}, highlight=False)
