"""Scenario pages.

The bundled scenarios and stored runs, running one (editors), a run's results on the map coloured by
utilisation with its bottlenecks, corridor shares, transit through Kazakhstan and totals, and the
comparison of two runs.

Runs go through the same job functions as ``POST /api/scenarios/runs``
(:func:`eurasia.jobs.scenario_runs.validate_run`, :func:`~eurasia.jobs.scenario_runs.queue_run`
and :func:`~eurasia.jobs.scenario_runs.execute_run`) and are read back from the store, so the
pages show exactly what the API returns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, BackgroundTasks, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from eurasia.auth.roles import Principal, Role
from eurasia.corridors.io import geojson
from eurasia.corridors.network.model import Network
from eurasia.corridors.network.names import localized_name
from eurasia.corridors.scenarios.compare import compare_runs
from eurasia.corridors.scenarios.parsing import bundled_scenario_names, load_scenario
from eurasia.corridors.scenarios.summary import BOTTLENECK_VC, utilisation_class
from eurasia.errors import DataError, EurasiaError, NotFoundError
from eurasia.http.deps import SessionDep, get_network
from eurasia.i18n import N_, translations, vocabulary
from eurasia.jobs.scenario_runs import execute_run, queue_run, validate_run
from eurasia.store import corridors as runs_repo
from eurasia.web.templating import locale_of
from eurasia.web.views.common import (
    PageDep,
    PageRequest,
    gettext_for,
    network_year,
)
from eurasia.web.views.scenario_texts import group_label, scenario_title

__all__ = [
    "INDICATORS",
    "RUN_STATUS_LABELS",
    "UTILISATION_LABELS",
    "place_names",
    "router",
    "titles",
    "utilisation_geojson",
]

router = APIRouter(prefix="/corridors/scenarios", include_in_schema=False)
RunId = Annotated[str, Path(max_length=64)]

#: Indicators of a run in display order: key of the summary, label, unit.
INDICATORS = (
    ("demand_mt", N_("Demand"), N_("Mt/yr")),
    ("served_mt", N_("Served"), N_("Mt/yr")),
    ("unserved_mt", N_("Not served"), N_("Mt/yr")),
    ("transit_mt", N_("Transit through Kazakhstan"), N_("Mt/yr")),
    ("middle_corridor_mt", N_("Across the Caspian (Kazakhstan–Azerbaijan)"), N_("Mt/yr")),
    ("cost_musd", N_("Transport cost"), N_("million USD")),
    ("tonne_hours_m", N_("Time in transit"), N_("million tonne-hours")),
    ("co2_kt", N_("CO2 emissions"), N_("kt CO2e")),
    ("tonne_km_bn", N_("Transport work"), N_("billion tonne-km")),
)
#: Life cycle of a run, in words (see :data:`eurasia.store.corridors.RUN_STATUSES`).
RUN_STATUS_LABELS = {
    "queued": N_("queued"),
    "running": N_("running"),
    "succeeded": N_("finished"),
    "failed": N_("failed"),
}
#: What each utilisation class means, for the map legend and the tables.
UTILISATION_LABELS = {
    "idle": N_("no flow"),
    "uncapacitated": N_("no capacity limit"),
    "low": N_("v/c up to 0.5"),
    "moderate": N_("v/c 0.5–0.75"),
    "high": N_("v/c 0.75–0.9"),
    "bottleneck": N_("v/c 0.9–1 (bottleneck)"),
    "over": N_("v/c above 1 (over capacity)"),
}


def _edge_feature(
    network: Network,
    link_id: str,
    records: list[dict[str, Any]],
    *,
    ends: tuple[str, str],
    mode: str,
    status: str,
    locale: str,
) -> dict[str, Any] | None:
    try:
        a, b = (network.node_index(node) for node in ends)
    except NotFoundError:
        return None
    geometry = geojson.node_line(network, a, b)
    ratios = [float(r["vc"]) for r in records if r.get("vc") is not None]
    capacities = [float(r["capacity_mt"]) for r in records if r.get("capacity_mt") is not None]
    vc = max(ratios) if ratios else None
    if not records:
        utilisation = "idle"
    elif not capacities:
        utilisation = "uncapacitated"
    else:
        utilisation = utilisation_class(vc or 0.0)
    names = [localized_name(network, i, locale) for i in dict.fromkeys((a, b))]
    return geojson.feature(
        geometry,
        {
            "id": link_id,
            "name": " – ".join(names),
            "mode": mode,
            "status": "open" if records else status,
            "flow_mt": max((float(r["flow_mt"]) for r in records), default=0.0),
            "both_ways_mt": sum(float(r["flow_mt"]) for r in records),
            "capacity_mt": max(capacities) if capacities else None,
            "vc": vc,
            "utilisation": utilisation,
        },
    )


def utilisation_geojson(
    network: Network, link_flows: list[dict[str, Any]], *, locale: str = "en"
) -> dict[str, Any]:
    """Return the network's links as GeoJSON lines coloured by a run's utilisation.

    Every link of ``network`` appears once (``idle`` when the run put no flow on it), plus the
    lines a scenario added and the loaded transfers (gauge changes, port calls) as points. A
    feature's ``flow_mt`` is its busier direction, ``vc`` the higher utilisation of its
    directions and ``utilisation`` the class of that ratio.

    Parameters
    ----------
    network
        The network the node coordinates come from.
    link_flows
        The run's stored ``link_flows`` (:func:`eurasia.corridors.scenarios.summary.link_flows`).
    locale
        Language of the place names in each feature's ``name``.

    Returns
    -------
    dict
        A GeoJSON ``FeatureCollection``.

    Examples
    --------
    >>> from eurasia.corridors.io.dataset import load_network
    >>> flows = [{"edge": "kz-aktau--az-alat", "kind": "link", "mode": "ferry",
    ...           "from": "kz-aktau", "to": "az-alat", "flow_mt": 1.9, "capacity_mt": 2.0,
    ...           "vc": 0.95, "hours": 40.0}]
    >>> fc = utilisation_geojson(load_network(), flows)
    >>> [f["properties"]["utilisation"] for f in fc["features"]
    ...  if f["properties"]["id"] == "kz-aktau--az-alat"]
    ['bottleneck']
    """
    by_edge: dict[str, list[dict[str, Any]]] = {}
    for record in link_flows:
        by_edge.setdefault(str(record["edge"]), []).append(record)
    features = []
    seen: set[str] = set()
    for k in geojson.link_edges(network).tolist():
        link_id = str(network.edge_id[k])
        seen.add(link_id)
        a = int(network.vertex_node[network.edge_source[k]])
        b = int(network.vertex_node[network.edge_target[k]])
        feature = _edge_feature(
            network,
            link_id,
            by_edge.get(link_id, []),
            ends=(str(network.node_ids[a]), str(network.node_ids[b])),
            mode=str(network.edge_mode[k]),
            status=str(network.edge_status[k]),
            locale=locale,
        )
        if feature is not None:
            features.append(feature)
    for link_id, records in by_edge.items():
        if link_id in seen:
            continue
        first = records[0]
        feature = _edge_feature(
            network,
            link_id,
            records,
            ends=(str(first["from"]), str(first["to"])),
            mode=str(first["mode"]),
            status="open",
            locale=locale,
        )
        if feature is not None:
            features.append(feature)
    return geojson.collection(features)


def _scenarios(stored: set[str]) -> list[dict[str, Any]]:
    listed = []
    for name in bundled_scenario_names():
        sc = load_scenario(name)
        run_id = runs_repo.precomputed_id(name)
        listed.append(
            {
                "name": name,
                "label": sc.name,
                "description": sc.description,
                "year": sc.year,
                "extends": [f.removesuffix(".yaml") for f in sc.files[1:]],
                "run_id": run_id if run_id in stored else None,
            }
        )
    return listed


def titles(request: Request) -> Callable[[str], str]:
    """Return a function giving a run label's readable title in the request's language."""
    gettext = gettext_for(request)
    return lambda name: scenario_title(name, gettext)


def _can_run(user: Principal | None) -> bool:
    return user is not None and user.has_role(Role.EDITOR)


def _list_page(
    page: PageRequest, *, error: str | None = None, status_code: int = 200
) -> HTMLResponse:
    runs = runs_repo.list_runs(page.session, limit=100)
    finished = [r for r in runs if r.status == "succeeded"]
    context = {
        "scenarios": _scenarios({r.id for r in finished}),
        "runs": runs,
        "finished": finished,
        "can_run": _can_run(page.user),
        "error": error,
        "run_statuses": RUN_STATUS_LABELS,
        "title": titles(page.request),
        "precomputed_by": runs_repo.PRECOMPUTED_BY,
    }
    return page.render("corridors/scenarios.html", context, status_code=status_code)


@router.get("", response_class=HTMLResponse)
def scenarios_page(page: PageDep) -> Response:
    """Render the bundled scenarios (with a run button for editors), stored runs and a comparison form."""
    return _list_page(page)


@router.post("/runs", response_class=HTMLResponse)
async def start_run(page: PageDep, tasks: BackgroundTasks) -> Response:
    """Queue a run of a bundled scenario (editors) and go to its page."""
    if isinstance(user := page.signed_in(), Response):
        return user
    request = page.request
    gettext = gettext_for(request)
    if not _can_run(user):
        msg = gettext("Running scenarios needs the editor role.")
        return _list_page(page, error=msg, status_code=403)
    form = await request.form()
    name = str(form.get("scenario", ""))
    try:
        year = network_year(str(form.get("year", "")), gettext)
        scenario, label = validate_run(scenario=name, year=year)
    except EurasiaError as exc:
        return _list_page(page, error=str(exc), status_code=422)
    run_id = queue_run(page.session, scenario, label=label, yaml_text="", user=user.username).id
    tasks.add_task(execute_run, request.app.state.engine, run_id, scenario)
    return RedirectResponse(f"/corridors/scenarios/runs/{quote(run_id)}", status_code=303)


def place_names(network: Network, locale: str) -> Callable[[str], str]:
    """Return a function giving a node id's name in ``locale`` (unknown ids pass through)."""

    def name(node_id: str) -> str:
        try:
            return localized_name(network, network.node_index(node_id), locale)
        except NotFoundError:
            return node_id

    return name


def _map_labels(locale: str) -> dict[str, Any]:
    gettext = translations(locale).gettext

    def table(words: dict[str, str]) -> dict[str, str]:
        return {code: gettext(text) for code, text in words.items()}

    return {
        "mode": table(vocabulary.MODES),
        "status": table(vocabulary.LINK_STATUSES),
        "kind": table(vocabulary.NODE_KINDS),
        "utilisation": table(UTILISATION_LABELS),
        "km": gettext("km"),
        "mt": gettext("Mt/yr"),
        "width": gettext("Line width: flow"),
        "attribution": gettext(
            "Country outlines: Natural Earth via world-atlas; sea lanes: Eurostat SeaRoute via searoute"
        ),
    }


def _stored_run(run_id: str, page: PageRequest) -> runs_repo.ScenarioRunRow | Response:
    """Return the stored run ``run_id``, or the error page that says why there is none."""
    try:
        return runs_repo.get_run(page.session, run_id)
    except EurasiaError as exc:
        return page.error(exc)


@router.get("/runs/{run_id}", response_class=HTMLResponse)
def run_page(run_id: RunId, page: PageDep) -> Response:
    """One run: its status while it runs; then the map, bottlenecks, shares, transit, totals."""
    if isinstance(run := _stored_run(run_id, page), Response):
        return run
    request = page.request
    locale = locale_of(request)
    summary = run.summary or {}
    context = {
        "run": run,
        "run_statuses": RUN_STATUS_LABELS,
        "summary": summary,
        "indicators": INDICATORS,
        "bottleneck_vc": BOTTLENECK_VC,
        "place": place_names(get_network(), locale),
        "map_labels": _map_labels(locale),
        "finished": [
            r for r in runs_repo.list_runs(page.session, limit=100) if r.status == "succeeded"
        ],
        "title": titles(request),
        "group": lambda code: group_label(code, gettext_for(request)),
        "precomputed_by": runs_repo.PRECOMPUTED_BY,
    }
    return page.render("corridors/scenario_run.html", context)


@router.get("/runs/{run_id}/status", response_class=HTMLResponse)
def run_status(run_id: RunId, page: PageDep) -> Response:
    """Render the status line of a run, polled by its page; a finished run reloads the page."""
    if isinstance(run := _stored_run(run_id, page), Response):
        return run
    context = {"run": run, "run_statuses": RUN_STATUS_LABELS}
    response = page.render("corridors/_run_status.html", context)
    if run.status in ("succeeded", "failed"):
        response.headers["HX-Refresh"] = "true"
    return response


@router.get("/runs/{run_id}/links.geojson", response_class=JSONResponse)
def run_links(run_id: RunId, request: Request, session: SessionDep) -> Response:
    """Render the network coloured by the run's utilisation (GeoJSON for the map)."""
    run = runs_repo.get_run(session, run_id)
    flows = (run.summary or {}).get("link_flows") or []
    return JSONResponse(
        utilisation_geojson(get_network(), flows, locale=locale_of(request)),
        media_type="application/geo+json",
    )


@router.get("/compare", response_class=HTMLResponse)
def compare_page(
    page: PageDep,
    a: Annotated[str, Query(max_length=64)],
    b: Annotated[str, Query(max_length=64)],
) -> Response:
    """Two finished runs side by side: indicators, corridor shares, bottlenecks, flow changes."""
    request = page.request
    gettext = gettext_for(request)
    try:
        runs = [runs_repo.get_run(page.session, run_id) for run_id in (a, b)]
        for run in runs:
            if run.summary is None:
                msg = gettext("Run %(id)s has not finished; compare finished runs only.")
                raise DataError(msg % {"id": run.id})
    except EurasiaError as exc:
        return page.error(exc)
    summaries = [run.summary or {} for run in runs]
    names: dict[str, tuple[str, str]] = {}
    for summary in summaries:
        for record in summary.get("bottlenecks", ()):
            key = "/".join(str(record[k]) for k in ("edge", "from", "to"))
            names[key] = (str(record["from"]), str(record["to"]))
    context = {
        "runs": runs,
        "comparison": compare_runs(summaries[0], summaries[1], top=15),
        "indicators": INDICATORS,
        "ends": names,
        "place": place_names(get_network(), locale_of(request)),
        "title": titles(request),
        "map_labels": _map_labels(locale_of(request)),
    }
    return page.render("corridors/scenarios_compare.html", context)
