"""Corridors API: the network as GeoJSON for the map, place search, and the route planner.

Read-only and public. The network is the bundled one, loaded once per process.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from eurasia.api.schemas import corridors as schemas
from eurasia.corridors.io import geojson
from eurasia.corridors.network.names import search_nodes
from eurasia.corridors.routing.families import family_of
from eurasia.corridors.routing.plan import RouteQuery, plan
from eurasia.corridors.routing.types import Route
from eurasia.corridors.rules.effects import bundled_rule_names
from eurasia.errors import DataError
from eurasia.http.deps import NetworkDep
from eurasia.i18n import available_locales

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["corridors"])


@router.get(
    "/network/nodes",
    response_model=schemas.FeatureCollection,
    summary="Places of the network as GeoJSON points",
)
def network_nodes(network: NetworkDep) -> schemas.FeatureCollection:
    """Every node as a GeoJSON point with its id, names, country and kind."""
    names = ("name", "name_ru", "name_kk", "country", "kind")
    columns = {name: network.node_columns()[name].tolist() for name in names}
    features = (
        geojson.feature(
            geojson.node_point(network, i),
            {name: columns[name][i] for name in names},
            fid=str(network.node_ids[i]),
        )
        for i in range(network.n_nodes)
    )
    return schemas.FeatureCollection.model_validate(geojson.collection(features))


@router.get(
    "/network/links",
    response_model=schemas.FeatureCollection,
    summary="Links of the network as GeoJSON lines",
)
def network_links(network: NetworkDep) -> schemas.FeatureCollection:
    """Every link (not transfers) once, as a straight line between its nodes, with its costs."""
    vnode = network.vertex_node
    features = []
    for k in geojson.link_edges(network).tolist():
        a = int(vnode[network.edge_source[k]])
        b = int(vnode[network.edge_target[k]])
        properties: dict[str, Any] = {
            "from": str(network.node_ids[a]),
            "to": str(network.node_ids[b]),
            "mode": str(network.edge_mode[k]),
            "gauge_mm": int(network.edge_gauge[k]) or None,
            "status": str(network.edge_status[k]),
            "opening_year": int(network.edge_opening_year[k]) or None,
            "corridors": [c for c in str(network.edge_corridors[k]).split("|") if c],
        }
        properties.update({name: float(col[k]) for name, col in network.costs.items()})
        geometry = geojson.link_geometry(network, k)
        features.append(geojson.feature(geometry, properties, fid=str(network.edge_id[k])))
    return schemas.FeatureCollection.model_validate(geojson.collection(features))


@router.get(
    "/network/nodes/search",
    response_model=schemas.NodeListPublic,
    summary="Find places by name (autocomplete)",
)
def network_node_search(
    network: NetworkDep,
    q: Annotated[str, Query(min_length=1, max_length=100, description="Name typed so far")],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> schemas.NodeListPublic:
    """Places whose id, name (any script, with or without diacritics) or alias matches ``q``."""
    data = [
        schemas.NodePublic.model_validate(network.node(i), from_attributes=True)
        for i in search_nodes(network, q, limit=limit)
    ]
    return schemas.NodeListPublic.of(data)


def _public(r: Route, explanation: str) -> schemas.RoutePublic:
    return schemas.RoutePublic.model_validate({**r.to_dict(), "explanation": explanation})


@router.get(
    "/routes",
    response_model=schemas.RouteListPublic,
    summary="Plan freight routes: best, alternatives or Pareto set",
    responses={
        404: {"description": "Unknown place, link or criterion (with suggestions)"},
        422: {"description": "Invalid option, no route, or label budget exceeded"},
    },
)
def plan_routes(
    network: NetworkDep,
    origin: Annotated[str, Query(description="Origin: id, name or alias", examples=["Chongqing"])],
    destination: Annotated[str, Query(description="Destination", examples=["Duisburg"])],
    optimize: Annotated[
        str,
        Query(
            description="Criterion (time, cost, co2, risk, distance, or a cost column) or "
            "weights as criterion:weight pairs, e.g. time:1,cost:0.01"
        ),
    ] = "time",
    cargo: Annotated[Literal["teu", "tonne"], Query(description="Unit of money and CO2")] = "teu",
    avoid_country: Annotated[
        list[str], Query(description="ISO 3166-1 alpha-2 codes to avoid (repeat)")
    ] = [],  # noqa: B006 - FastAPI copies defaults
    avoid_node: Annotated[list[str], Query(description="Places to avoid (repeat)")] = [],  # noqa: B006
    avoid_link: Annotated[list[str], Query(description="Link or transfer ids (repeat)")] = [],  # noqa: B006
    avoid_mode: Annotated[list[str], Query(description="rail, road, ferry or sea (repeat)")] = [],  # noqa: B006
    via: Annotated[list[str], Query(description="Places to pass, in order (repeat)")] = [],  # noqa: B006
    max_transfers: Annotated[int | None, Query(ge=0, description="Most transfers")] = None,
    year: Annotated[int | None, Query(ge=1900, le=2100, description="Network as of year")] = None,
    alternatives_k: Annotated[
        int | None, Query(alias="alternatives", ge=1, le=20, description="Number of routes")
    ] = None,
    max_overlap: Annotated[float, Query(gt=0, le=1, description="For alternatives")] = 0.8,
    alternatives_method: Annotated[
        Literal["shortest", "families", "diverse"],
        Query(
            description="How alternatives are found: shortest (k shortest paths that overlap "
            "less than max_overlap), families (the best of each corridor family) or diverse "
            "(penalty method: each found route's edges cost twice as much in the next search)"
        ),
    ] = "shortest",
    pareto_criteria: Annotated[
        str | None,
        Query(alias="pareto", description="Comma-separated criteria, e.g. time,cost,co2"),
    ] = None,
    lang: Annotated[
        str, Query(description="Language of the explanations: en, ru or kk", max_length=8)
    ] = "en",
    service: Annotated[
        Literal["typical", "block"],
        Query(
            description="Service level: typical (wagonload/LCL) or block (scheduled block train)"
        ),
    ] = "typical",
    rules: Annotated[
        list[str],
        Query(description="Bundled rule files to apply (repeat), or none", max_length=8),
    ] = ["rules"],  # noqa: B006 - FastAPI copies defaults
    commodity: Annotated[
        Literal["containers", "bulk"], Query(description="Commodity: which rules apply")
    ] = "containers",
) -> schemas.RouteListPublic:
    """Route freight between two places with the planner's options.

    Without ``alternatives`` or ``pareto`` the answer holds one route, the best for
    ``optimize``. ``alternatives=k`` returns up to k genuinely different routes, and
    ``pareto=time,cost,co2`` the exact set of non-dominated routes (``via`` does not apply).
    ``lang`` sets the language of each route's ``explanation`` (English by default).
    """
    if lang not in available_locales():
        msg = f"lang: expected one of {list(available_locales())}, got {lang!r}"
        raise DataError(msg)
    names = () if rules == ["none"] else tuple(rules)
    for name in names:
        if name not in bundled_rule_names():
            msg = f"rules: expected bundled rule files {list(bundled_rule_names())} or none, got {name!r}"
            raise DataError(msg)
    query = RouteQuery.parse(
        origin,
        destination,
        optimize=optimize,
        pareto=pareto_criteria,
        alternatives=alternatives_k,
        max_overlap=max_overlap,
        families=alternatives_method == "families",
        diverse=alternatives_method == "diverse",
        avoid_countries=avoid_country,
        avoid_nodes=avoid_node,
        avoid_links=avoid_link,
        avoid_modes=avoid_mode,
        via=via,
        max_transfers=max_transfers,
        year=year,
        cargo=cargo,
        service=service,
        rules=names,
        commodity=commodity,
    )
    found = plan(network, query)
    data = [
        _public(r, text) for r, text in zip(found.routes, found.explanations(lang), strict=True)
    ]
    families = (
        [family_of(found.network, r) for r in found.routes]
        if found.mode == "alternatives"
        else None
    )
    return schemas.RouteListPublic(data=data, count=len(data), mode=found.mode, families=families)
