"""Corridors page.

The network map and the route planner (best route, alternatives or Pareto set) drawn on the map,
with a comparison table and a per-leg breakdown of each route.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from eurasia.corridors.io import geojson
from eurasia.corridors.network.model import Network
from eurasia.corridors.network.names import localized_name
from eurasia.corridors.routing.plan import RouteQuery, plan
from eurasia.corridors.routing.query import resolve_places
from eurasia.corridors.routing.types import Route
from eurasia.errors import DataError, EurasiaError, NoRouteError, UnknownPlaceError
from eurasia.http.deps import SettingsDep, get_network
from eurasia.http.security import CurrentUser
from eurasia.i18n import country_name, translations, vocabulary
from eurasia.i18n.vocabulary import OBJECTIVES
from eurasia.web.templating import locale_of, render

__all__ = ["OBJECTIVES", "route_geojson", "router"]

router = APIRouter(prefix="/corridors", include_in_schema=False)
PARETO_CRITERIA = ("time", "cost", "co2")


def route_geojson(network: Network, routes: list[Route]) -> dict[str, Any]:
    """Return the routes as GeoJSON lines through their nodes, ranked in order.

    Examples
    --------
    >>> from eurasia.corridors.io.dataset import load_network
    >>> from eurasia.corridors.routing.search import route
    >>> net = load_network()
    >>> fc = route_geojson(net, [route(net, "Almaty", "Aktau")])
    >>> fc["features"][0]["geometry"]["type"], fc["features"][0]["properties"]["rank"]
    ('LineString', 0)
    """
    return geojson.collection(
        geojson.feature(geojson.path_line(network, found.nodes), {"rank": rank, "days": found.days})
        for rank, found in enumerate(routes)
    )


def _countries(network: Network, locale: str) -> list[tuple[str, str]]:
    codes = sorted({str(c) for c in network.node_country})
    return sorted(((code, country_name(code, locale)) for code in codes), key=lambda c: c[1])


def _map_labels(locale: str) -> dict[str, Any]:
    """Return what the map script shows, in ``locale``: legend and pop-up words, attribution."""
    gettext = translations(locale).gettext

    def table(vocabulary: dict[str, str]) -> dict[str, str]:
        return {code: gettext(text) for code, text in vocabulary.items()}

    return {
        "mode": table(vocabulary.MODES),
        "status": table(vocabulary.LINK_STATUSES),
        "kind": table(vocabulary.NODE_KINDS),
        "corridor": table(vocabulary.CORRIDORS),
        "km": gettext("km"),
        "attribution": gettext("Country outlines: Natural Earth via world-atlas"),
    }


def _unknown_place(network: Network, exc: UnknownPlaceError, locale: str) -> str:
    """Return the message for a place that matches nothing, with suggestions in ``locale``."""
    close = [
        f"{localized_name(network, network.node_index(node_id), locale)} ({node_id})"
        for node_id in exc.suggestions
    ]
    gettext = translations(locale).gettext
    if close:
        return gettext("Unknown place “%(query)s”; did you mean: %(names)s?") % {
            "query": exc.query,
            "names": ", ".join(close),
        }
    return gettext("Unknown place “%(query)s”.") % {"query": exc.query}


def _query(
    origin: str,
    destination: str,
    *,
    optimize: str,
    mode: str,
    k: int,
    criteria: list[str],
    avoid: list[str],
    year: int | None,
) -> RouteQuery:
    """Return the form's fields as a route query (unknown objectives and criteria fall back)."""
    chosen = tuple(c for c in criteria if c in OBJECTIVES) or PARETO_CRITERIA
    return RouteQuery(
        origin,
        destination,
        optimize=optimize if optimize in OBJECTIVES else "time",
        pareto=chosen if mode == "pareto" else None,
        alternatives=k if mode == "alternatives" else None,
        avoid_countries=tuple(avoid),
        year=year,
    )


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
    locale: str,
) -> dict[str, Any]:
    network = get_network()
    if not (origin and destination):
        return {"routes": [], "error": None, "geojson": None}
    try:
        query = _query(
            origin,
            destination,
            optimize=optimize,
            mode=mode,
            k=k,
            criteria=criteria,
            avoid=avoid,
            year=_year(year, locale),
        )
        places = resolve_places(network, query.origin, query.destination)
    except UnknownPlaceError as exc:
        return {"routes": [], "error": _unknown_place(network, exc, locale), "geojson": None}
    except EurasiaError as exc:
        return {"routes": [], "error": str(exc), "geojson": None}
    try:
        found = plan(network, query, places=places)
    except NoRouteError:
        names = {
            "origin": localized_name(network, places.origin, locale),
            "destination": localized_name(network, places.destination, locale),
        }
        msg = translations(locale).gettext(
            "No route from %(origin)s to %(destination)s under these conditions."
        )
        return {"routes": [], "error": msg % names, "geojson": None}
    except EurasiaError as exc:
        return {"routes": [], "error": str(exc), "geojson": None}
    routes = list(found.routes)
    return {
        "routes": routes,
        "explanations": found.explanations(locale),
        "error": None,
        "geojson": route_geojson(network, routes),
        "place": lambda node_id: localized_name(network, network.node_index(node_id), locale),
    }


PlanQuery = Annotated[str, Query(max_length=100)]


def _year(value: str, locale: str = "en") -> int | None:
    """Return the optional "network as of" year from the form.

    Examples
    --------
    >>> _year(""), _year("2027")
    (None, 2027)
    """
    if not value.strip():
        return None
    if not value.strip().isdecimal() or not 2000 <= int(value) <= 2100:
        gettext = translations(locale).gettext
        msg = gettext("Year “%(year)s”: give a year between 2000 and 2100, or nothing.") % {
            "year": value
        }
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
    """Render the network map with the route planner (results too when a query is given)."""
    network = get_network()
    locale = locale_of(request)
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
        **_results(**plan, locale=locale),
        "plan": {**plan, "origin": origin, "destination": destination},
        "objectives": OBJECTIVES,
        "countries": _countries(network, locale),
        "map_labels": _map_labels(locale),
        "partial": request.headers.get("HX-Request") == "true",
    }
    name = "corridors/_results.html" if context["partial"] else "corridors/index.html"
    return render(request, name, context, user=user, settings=settings)
