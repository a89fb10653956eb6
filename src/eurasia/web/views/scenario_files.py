"""Downloads of scenario runs and comparisons, and the difference map's GeoJSON.

A run's flows (one row per loaded edge and direction) and its summary (indicators, corridor
shares, OD groups) as CSV, and its links as GeoJSON; for a comparison of two finished runs the
same: the flow change per edge (CSV), the indicators and shares side by side (CSV) and the
difference map (GeoJSON, one feature per link with the change of its flow in both directions).
Place names are in the reader's language next to the ids that the files of the CLI carry.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from eurasia.corridors.io import geojson
from eurasia.corridors.network.model import Network
from eurasia.corridors.scenarios.compare import compare_runs
from eurasia.errors import DataError, NotFoundError
from eurasia.http.deps import SessionDep, get_network
from eurasia.store import corridors as runs_repo
from eurasia.web.templating import locale_of
from eurasia.web.views.common import gettext_for
from eurasia.web.views.scenarios import INDICATORS, RunId, place_names, utilisation_geojson

__all__ = ["CHANGE_DIGITS", "change_class", "difference_geojson", "router"]

router = APIRouter(prefix="/corridors/scenarios", include_in_schema=False)
RunParam = Annotated[str, Query(max_length=64)]

#: Flow changes are shown (and classed) to this many decimals of Mt a year.
CHANGE_DIGITS = 1


def change_class(change: float, *, noise: bool = False) -> tuple[float, str]:
    """Return a flow change rounded for display and its class: increase, decrease or unchanged.

    A change that rounds to zero (or that the runs' convergence cannot tell from zero) is
    ``unchanged`` and reads ``0.0``, never ``-0.0``.

    Examples
    --------
    >>> change_class(1.26), change_class(-0.04), change_class(-2.0, noise=True)
    ((1.3, 'increase'), (0.0, 'unchanged'), (0.0, 'unchanged'))
    """
    rounded = round(change, CHANGE_DIGITS)
    if noise or rounded == 0:
        return 0.0, "unchanged"
    return rounded, "increase" if rounded > 0 else "decrease"


def _ends(network: Network) -> dict[str, tuple[str, str, str]]:
    """Link id → (from node id, to node id, mode) of the network's links."""
    out = {}
    for k in geojson.link_edges(network).tolist():
        a = int(network.vertex_node[network.edge_source[k]])
        b = int(network.vertex_node[network.edge_target[k]])
        out[str(network.edge_id[k])] = (
            str(network.node_ids[a]),
            str(network.node_ids[b]),
            str(network.edge_mode[k]),
        )
    return out


def difference_geojson(
    network: Network,
    changes: Iterable[dict[str, Any]],
    *,
    locale: str = "en",
    labels: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Return the links whose flow differs between two runs, as GeoJSON lines.

    One feature per link that carries flow in either run, with ``a_mt`` and ``b_mt`` (both
    directions together), ``change_mt`` (rounded, :func:`change_class`), ``abs_change_mt`` (for
    the line width), ``change`` (``increase``, ``decrease`` or ``unchanged``) and ``name`` (the
    place names at its ends). Transfers inside a node are left out; their changes are in the
    table and the CSV.

    Parameters
    ----------
    network
        The network the coordinates come from.
    changes
        Every flow change of the comparison
        (:func:`~eurasia.corridors.scenarios.compare.compare_runs` ``largest_flow_changes``
        with ``top`` large enough to keep all).
    locale
        Language of the place names.
    labels
        Words for the popup: ``mt`` (the unit).

    Examples
    --------
    >>> from eurasia.corridors.io.dataset import load_network
    >>> changes = [{"edge": "kz-aktau--az-alat", "from": "kz-aktau", "to": "az-alat",
    ...             "a_mt": 1.0, "b_mt": 2.26, "change_mt": 1.26, "within_noise": False}]
    >>> fc = difference_geojson(load_network(), changes)
    >>> p = fc["features"][0]["properties"]
    >>> p["change"], p["change_mt"], p["name"]
    ('increase', 1.3, 'Aktau – Alat (Port of Baku)')
    """
    name = place_names(network, locale)
    known = _ends(network)
    per_link: dict[str, dict[str, Any]] = {}
    for record in changes:
        if record["from"] == record["to"]:
            continue  # a transfer inside one node
        entry = per_link.setdefault(
            str(record["edge"]),
            {"from": record["from"], "to": record["to"], "a": 0.0, "b": 0.0, "noise": True},
        )
        entry["a"] += float(record["a_mt"])
        entry["b"] += float(record["b_mt"])
        entry["noise"] = entry["noise"] and bool(record.get("within_noise"))
    features = []
    for link_id, entry in per_link.items():
        ends = known.get(link_id)
        start, end, mode = ends or (str(entry["from"]), str(entry["to"]), "")
        try:
            a, b = network.node_index(start), network.node_index(end)
        except NotFoundError:
            continue
        change, kind = change_class(entry["b"] - entry["a"], noise=entry["noise"])
        title = f"{name(start)} – {name(end)}"
        if labels is not None:  # the popup says the change too
            shown = f"+{change:.1f}" if change > 0 else f"{change:.1f}".replace("-", "−")
            title += f" ({shown} {labels.get('mt', 'Mt/yr')})"
        features.append(
            geojson.feature(
                geojson.node_line(network, a, b),
                {
                    "id": link_id,
                    "name": title,
                    "mode": mode,
                    "status": "open",  # it carries flow in a run
                    "a_mt": round(entry["a"], 3),
                    "b_mt": round(entry["b"], 3),
                    "change_mt": change,
                    "abs_change_mt": abs(change),
                    "change": kind,
                },
            )
        )
    features.sort(key=lambda f: f["properties"]["abs_change_mt"])  # the largest drawn on top
    return geojson.collection(features)


def _csv(rows: Iterable[Sequence[Any]], filename: str) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(rows)
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


#: Columns holding a node id, written as two: the id (``from_id``) and the place's name (``from``).
_PLACE_COLUMNS = ("from", "to")


def _named_places_table(
    records: Iterable[Mapping[str, Any]], columns: Sequence[str], name: Callable[[str], str]
) -> list[Sequence[Any]]:
    """Return a header and one row per record: its ``columns``, each place as its id and name.

    Examples
    --------
    >>> _named_places_table([{"e": 1, "from": "a", "to": "b"}], ("e", "from", "to"), str.upper)
    [('e', 'from_id', 'from', 'to_id', 'to'), (1, 'a', 'A', 'b', 'B')]
    """

    def cells(column: str, record: Mapping[str, Any]) -> tuple[Any, ...]:
        value = record[column]
        return (value, name(value)) if column in _PLACE_COLUMNS else (value,)

    header = tuple(h for c in columns for h in ((f"{c}_id", c) if c in _PLACE_COLUMNS else (c,)))
    return [header, *(tuple(v for c in columns for v in cells(c, r)) for r in records)]


def _geojson_file(data: dict[str, Any], filename: str, *, download: bool = True) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'} if download else {}
    return Response(json.dumps(data), media_type="application/geo+json", headers=headers)


def _finished(session: Session, run_id: str, request: Request) -> dict[str, Any]:
    run = runs_repo.get_run(session, run_id)
    if run.summary is None:
        msg = gettext_for(request)("Run %(id)s has not finished; compare finished runs only.")
        raise DataError(msg % {"id": run.id})
    return run.summary


def _file_stem(run_id: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in run_id)


@router.get("/runs/{run_id}/flows.csv")
def run_flows_csv(run_id: RunId, request: Request, session: SessionDep) -> Response:
    """Download a run's flow on every loaded edge and direction (CSV)."""
    summary = _finished(session, run_id, request)
    name = place_names(get_network(), locale_of(request))
    columns = ("edge", "kind", "mode", "from", "to", "flow_mt", "capacity_mt", "vc", "hours")
    rows = _named_places_table(summary.get("link_flows") or (), columns, name)
    return _csv(rows, f"{_file_stem(run_id)}-flows.csv")


@router.get("/runs/{run_id}/summary.csv")
def run_summary_csv(run_id: RunId, request: Request, session: SessionDep) -> Response:
    """Download a run's indicators, corridor shares and OD groups (CSV, one figure a row)."""
    summary = _finished(session, run_id, request)
    gettext = gettext_for(request)
    rows: list[Sequence[Any]] = [("section", "key", "label", "value", "unit")]
    indicators = summary.get("indicators", {})
    for key, label, unit in INDICATORS:
        if key in indicators:
            rows.append(("indicator", key, gettext(label), indicators[key], gettext(unit)))
    for key, share in sorted(summary.get("corridor_shares", {}).items()):
        rows.append(("corridor_share", key, "", share, "share of tonne-km"))
    for key, row in (summary.get("route_families") or {}).items():
        rows.append(("route_family_mt", key, "", row["mt"], gettext("Mt/yr")))
    for g in summary.get("groups", ()):
        for field in ("demand_mt", "served_mt", "transit_through_kz_mt"):
            rows.append((f"group_{field}", g["group"], "", g[field], gettext("Mt/yr")))
    return _csv(rows, f"{_file_stem(run_id)}-summary.csv")


@router.get("/runs/{run_id}/flows.geojson")
def run_flows_geojson(run_id: RunId, request: Request, session: SessionDep) -> Response:
    """Download a run's links with flow and utilisation (GeoJSON)."""
    summary = _finished(session, run_id, request)
    data = utilisation_geojson(
        get_network(), summary.get("link_flows") or [], locale=locale_of(request)
    )
    return _geojson_file(data, f"{_file_stem(run_id)}-flows.geojson")


@router.get("/runs/{run_id}/scenario.yaml")
def run_scenario_yaml(run_id: RunId, session: SessionDep) -> Response:
    """Download the scenario file a run came from (not for runs of bundled scenarios)."""
    run = runs_repo.get_run(session, run_id)
    if not run.yaml_text:
        msg = f"run {run_id!r} is of the bundled scenario {run.scenario!r}, not of a file"
        raise NotFoundError(msg)
    return Response(
        run.yaml_text,
        media_type="application/yaml; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{_file_stem(run_id)}.yaml"'},
    )


def _comparison(session: Session, request: Request, a: str, b: str) -> dict[str, Any]:
    sa, sb = (_finished(session, run_id, request) for run_id in (a, b))
    return dict(compare_runs(sa, sb, top=1_000_000))


@router.get("/compare/flows.csv")
def compare_flows_csv(request: Request, session: SessionDep, a: RunParam, b: RunParam) -> Response:
    """Download the flow change of every edge loaded in either run (CSV), largest first."""
    comparison = _comparison(session, request, a, b)
    name = place_names(get_network(), locale_of(request))
    columns = ("edge", "from", "to", "a_mt", "b_mt", "change_mt", "within_noise")
    rows = _named_places_table(comparison["largest_flow_changes"], columns, name)
    return _csv(rows, f"compare-{_file_stem(a)}-{_file_stem(b)}-flows.csv")


@router.get("/compare/summary.csv")
def compare_summary_csv(
    request: Request, session: SessionDep, a: RunParam, b: RunParam
) -> Response:
    """Download the indicators and corridor shares of both runs and their change (CSV)."""
    comparison = _comparison(session, request, a, b)
    gettext = gettext_for(request)
    rows: list[Sequence[Any]] = [("section", "key", "label", "a", "b", "change", "within_noise")]
    units = {key: (label, unit) for key, label, unit in INDICATORS}
    for key, d in comparison["indicators"].items():
        label = gettext(units[key][0]) if key in units else ""
        rows.append(("indicator", key, label, d["a"], d["b"], d["change"], d["within_noise"]))
    for key, d in comparison["corridor_shares"].items():
        rows.append(("corridor_share", key, "", d["a"], d["b"], d["change"], d["within_noise"]))
    return _csv(rows, f"compare-{_file_stem(a)}-{_file_stem(b)}-summary.csv")


@router.get("/compare/links.geojson")
def compare_links_geojson(
    request: Request,
    session: SessionDep,
    a: RunParam,
    b: RunParam,
    download: Annotated[bool, Query()] = False,
) -> Response:
    """Render the difference map: each link loaded in either run with its flow change (GeoJSON)."""
    comparison = _comparison(session, request, a, b)
    labels = None if download else {"mt": gettext_for(request)("Mt/yr")}
    data = difference_geojson(
        get_network(),
        comparison["largest_flow_changes"],
        locale=locale_of(request),
        labels=labels,
    )
    return _geojson_file(
        data, f"compare-{_file_stem(a)}-{_file_stem(b)}-links.geojson", download=download
    )
