"""Corridors page: the network map and the route planner (best route, alternatives or Pareto set)
drawn on the map, with a comparison table and a per-leg breakdown of each route."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import pycountry
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from eurasia.api.deps import SettingsDep
from eurasia.api.routes.corridors import get_network
from eurasia.api.security import CurrentUser
from eurasia.corridors.network import Network
from eurasia.corridors.routing import Route, alternatives, pareto, route
from eurasia.errors import DataError, EurasiaError
from eurasia.web.templating import render
from eurasia.web.views.common import N_

__all__ = ["OBJECTIVES", "route_geojson", "router"]

router = APIRouter(prefix="/corridors", include_in_schema=False)

#: Criteria the planner offers, with their labels.
OBJECTIVES = {
    "time": N_("fastest"),
    "cost": N_("cheapest"),
    "co2": N_("lowest CO2"),
    "risk": N_("least disruption risk"),
    "distance": N_("shortest"),
}
PARETO_CRITERIA = ("time", "cost", "co2")


def route_geojson(network: Network, routes: list[Route]) -> dict[str, Any]:
    """The routes as GeoJSON lines through their nodes, ranked in order.

    Examples
    --------
    >>> from eurasia.corridors.io import load_network
    >>> net = load_network()
    >>> fc = route_geojson(net, [route(net, "Almaty", "Aktau")])
    >>> fc["features"][0]["geometry"]["type"], fc["features"][0]["properties"]["rank"]
    ('LineString', 0)
    """
    features = []
    for rank, found in enumerate(routes):
        coords = []
        for node_id in found.nodes:
            node = network.node(node_id)
            if node.lon is not None and node.lat is not None:
                coords.append([node.lon, node.lat])
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": coords},
                "properties": {"rank": rank, "days": found.days},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _countries(network: Network) -> list[tuple[str, str]]:
    codes = sorted({str(c) for c in network.node_country})
    out = []
    for code in codes:
        country = pycountry.countries.get(alpha_2=code)
        out.append((code, country.name if country is not None else code))
    return sorted(out, key=lambda item: item[1])


def _plan(
    network: Network,
    origin: str,
    destination: str,
    *,
    optimize: str,
    mode: str,
    k: int,
    criteria: list[str],
    avoid: list[str],
    year: int | None,
) -> list[Route]:
    common: dict[str, Any] = {"avoid_countries": avoid, "year": year}
    if mode == "pareto":
        return pareto(
            network, origin, destination, criteria=criteria or list(PARETO_CRITERIA), **common
        )
    if mode == "alternatives":
        return alternatives(network, origin, destination, k=k, optimize=optimize, **common)
    return [route(network, origin, destination, optimize=optimize, **common)]


def _results(
    *,
    origin: str,
    destination: str,
    optimize: str,
    mode: str,
    k: int,
    criteria: list[str],
    avoid: list[str],
    year: str,
) -> dict[str, Any]:
    network = get_network()
    if not (origin and destination):
        return {"routes": [], "error": None, "geojson": None}
    try:
        as_of = _year(year)
        found = _plan(
            network,
            origin,
            destination,
            optimize=optimize if optimize in OBJECTIVES else "time",
            mode=mode,
            k=k,
            criteria=[c for c in criteria if c in OBJECTIVES],
            avoid=avoid,
            year=as_of,
        )
    except EurasiaError as exc:
        return {"routes": [], "error": str(exc), "geojson": None}
    return {"routes": found, "error": None, "geojson": route_geojson(network, found)}


PlanQuery = Annotated[str, Query(max_length=100)]


def _year(value: str) -> int | None:
    """The optional "network as of" year from the form.

    Examples
    --------
    >>> _year(""), _year("2027")
    (None, 2027)
    """
    if not value.strip():
        return None
    if not value.strip().isdigit() or not 2000 <= int(value) <= 2100:
        msg = f"year {value!r}: expected a year between 2000 and 2100, or nothing"
        raise DataError(msg)
    return int(value)


@router.get("", response_class=HTMLResponse)
def corridors_page(
    request: Request,
    settings: SettingsDep,
    user: CurrentUser,
    origin: PlanQuery = "",
    destination: PlanQuery = "",
    origin_id: PlanQuery = "",
    destination_id: PlanQuery = "",
    optimize: PlanQuery = "time",
    mode: Literal["best", "alternatives", "pareto"] = "best",
    k: Annotated[int, Query(ge=2, le=8)] = 3,
    criteria: Annotated[list[str] | None, Query()] = None,
    avoid: Annotated[list[str] | None, Query()] = None,
    year: PlanQuery = "",
) -> Response:
    """The network map with the route planner (results too when a query is given)."""
    network = get_network()
    plan: dict[str, Any] = {
        "origin": origin_id or origin,
        "destination": destination_id or destination,
        "optimize": optimize,
        "mode": mode,
        "k": k,
        "criteria": criteria or list(PARETO_CRITERIA),
        "avoid": avoid or [],
        "year": year,
    }
    context = {
        **_results(**plan),
        "plan": {**plan, "origin": origin, "destination": destination},
        "objectives": OBJECTIVES,
        "countries": _countries(network),
        "partial": request.headers.get("HX-Request") == "true",
    }
    name = "corridors/_results.html" if context["partial"] else "corridors/index.html"
    return render(request, name, context, user=user, settings=settings)
