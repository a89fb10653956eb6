"""Corridors page.

The network map and the route planner (best route, alternatives or Pareto set) drawn on the map,
with a comparison table and a per-leg breakdown of each route.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from eurasia.corridors.io import geojson, sealanes
from eurasia.corridors.network.model import Network
from eurasia.corridors.network.names import localized_name
from eurasia.corridors.routing.families import family_of, group_near_identical
from eurasia.corridors.routing.plan import Plan, RouteQuery, plan
from eurasia.corridors.routing.types import Route
from eurasia.errors import EurasiaError, NoRouteError, UnknownPlaceError
from eurasia.http.deps import get_network
from eurasia.i18n import country_name, translations, vocabulary
from eurasia.i18n.vocabulary import OBJECTIVES
from eurasia.web.templating import locale_of
from eurasia.web.views.common import PageDep, network_year, optional_whole, translated

__all__ = ["OBJECTIVES", "PlannerForm", "route_geojson", "router"]

router = APIRouter(prefix="/corridors", include_in_schema=False)
PARETO_CRITERIA = ("time", "cost", "co2")
#: Modes a reader can avoid (transfers are not a mode of travel).
AVOIDABLE_MODES = ("rail", "road", "ferry", "sea")
#: How many waypoint and avoided-place boxes the form shows.
PLACE_BOXES = 3
SERVICES = ("typical", "block")
#: How the planner finds alternatives: the best of each corridor family, or the penalty method.
ALTERNATIVES_METHODS = ("families", "diverse")


def route_geojson(network: Network, routes: list[Route]) -> dict[str, Any]:
    """Return the routes as GeoJSON lines along their links (sea legs on sea lanes), ranked.

    ``network`` is the one the routes were planned on (:attr:`Plan.network`): their edges
    index it.

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
        geojson.feature(
            sealanes.route_line(network, found.edges), {"rank": rank, "days": found.days}
        )
        for rank, found in enumerate(routes)
    )


def _countries(network: Network, locale: str) -> list[tuple[str, str]]:
    codes = sorted({str(c) for c in network.node_country})
    return sorted(((code, country_name(code, locale)) for code in codes), key=lambda c: c[1])


def _map_labels(locale: str) -> dict[str, Any]:
    """Return what the map script shows, in ``locale``: legend and pop-up words, attribution."""
    gettext = translations(locale).gettext
    return {
        "mode": translated(vocabulary.MODES, gettext),
        "status": translated(vocabulary.LINK_STATUSES, gettext),
        "kind": translated(vocabulary.NODE_KINDS, gettext),
        "corridor": translated(vocabulary.CORRIDORS, gettext),
        "km": gettext("km"),
        "attribution": gettext(
            "Country outlines: Natural Earth via world-atlas; sea lanes: Eurostat SeaRoute via searoute"
        ),
        "route": gettext("Route"),
        "routes": gettext("Planned routes"),
        "chosen": gettext("the route picked in the table (wider line)"),
        "line": gettext("Line style"),
        "not_open": gettext("planned or under construction (dashed)"),
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


def _split(values: list[str] | None) -> list[str]:
    """Return the non-blank entries of repeated fields, each also split on commas.

    Examples
    --------
    >>> _split(["Aktau", "", " Baku, Tbilisi "]), _split(None)
    (['Aktau', 'Baku', 'Tbilisi'], [])
    """
    return [part.strip() for v in values or () for part in v.split(",") if part.strip()]


@dataclass(frozen=True)
class PlannerForm:
    """The planner's fields as the page's address carries them (every field a GET parameter).

    ``to_query`` turns them into the :class:`RouteQuery` that :func:`plan` answers, so the page,
    the API (``/api/routes``) and the CLI (``eurasia route``) ask the same question.

    Examples
    --------
    >>> form = PlannerForm(origin="Chongqing", destination="Duisburg", avoid=("RU",),
    ...                    mode="alternatives", k=4, via=("Aktau",), max_transfers="6")
    >>> q = form.to_query()
    >>> q.mode, q.alternatives, q.avoid_countries, q.via, q.max_transfers
    ('alternatives', 4, ('RU',), ('Aktau',), 6)
    >>> PlannerForm(origin="a", destination="b", max_transfers="many").to_query()
    Traceback (most recent call last):
    ...
    eurasia.errors.DataError: Most transfers “many”: give a whole number from 0, or nothing.
    """

    origin: str = ""
    destination: str = ""
    optimize: str = "time"
    mode: str = "best"
    k: int = 3
    alternatives_method: str = "families"
    criteria: tuple[str, ...] = PARETO_CRITERIA
    avoid: tuple[str, ...] = ()
    avoid_place: tuple[str, ...] = ()
    avoid_mode: tuple[str, ...] = ()
    avoid_link: tuple[str, ...] = ()
    via: tuple[str, ...] = ()
    max_transfers: str = ""
    year: str = ""
    cargo: str = "teu"
    service: str = "typical"
    rules: bool = True

    @property
    def asked(self) -> bool:
        """Whether the form names both places (a question to answer)."""
        return bool(self.origin.strip() and self.destination.strip())

    def to_query(self, locale: str = "en") -> RouteQuery:
        """Return the route query, messages in ``locale``.

        Raises
        ------
        DataError
            A year or transfer limit that is not a number, or an option :class:`RouteQuery`
            refuses.
        """
        chosen = tuple(c for c in self.criteria if c in OBJECTIVES) or PARETO_CRITERIA
        gettext = translations(locale).gettext
        transfers = gettext("Most transfers “%(value)s”: give a whole number from 0, or nothing.")
        return RouteQuery(
            self.origin.strip(),
            self.destination.strip(),
            optimize=self.optimize if self.optimize in OBJECTIVES else "time",
            pareto=chosen if self.mode == "pareto" else None,
            alternatives=self.k if self.mode == "alternatives" else None,
            families=self.mode == "alternatives" and self.alternatives_method != "diverse",
            diverse=self.mode == "alternatives" and self.alternatives_method == "diverse",
            avoid_countries=self.avoid,
            avoid_nodes=self.avoid_place,
            avoid_modes=self.avoid_mode,
            avoid_links=self.avoid_link,
            via=self.via if self.mode != "pareto" else (),
            max_transfers=optional_whole(
                self.max_transfers, transfers % {"value": self.max_transfers}
            ),
            year=network_year(self.year, gettext),
            cargo="tonne" if self.cargo == "tonne" else "teu",
            service=self.service if self.service in SERVICES else "typical",
            rules=("rules",) if self.rules else (),
        )


def _error(message: str) -> dict[str, Any]:
    return {"routes": [], "error": message, "geojson": None}


def _results(form: PlannerForm, *, locale: str) -> dict[str, Any]:
    network = get_network()
    if not form.asked:
        return {"routes": [], "error": None, "geojson": None}
    try:
        query = form.to_query(locale)
        places = query.places(network)
    except UnknownPlaceError as exc:
        return _error(_unknown_place(network, exc, locale))
    except EurasiaError as exc:
        return _error(str(exc))
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
        return _error(msg % names)
    except EurasiaError as exc:
        return _error(str(exc))
    routes = list(found.routes)
    extra: dict[str, Any] = {}
    if found.mode == "pareto":
        groups = group_near_identical(routes)
        routes = [routes[g[0]] for g in groups]
        extra = {
            "similar": [len(g) - 1 for g in groups],
            "tradeoff": _tradeoff(routes, groups, locale),
        }
    return {
        **extra,
        "routes": routes,
        "explanations": found.explanations(locale),
        "families": found.families or _families(found),
        "diverse": found.query.diverse,
        "max_overlap": found.query.max_overlap,
        "error": None,
        "geojson": route_geojson(found.network, routes),
        "place": lambda node_id: localized_name(network, network.node_index(node_id), locale),
    }


def _families(found: Plan) -> tuple[str, ...]:
    """Return the corridor family of each diverse alternative (to label them like the others)."""
    if not found.query.diverse:
        return ()
    return tuple(family_of(found.network, r) for r in found.routes)


def _tradeoff(routes: list[Route], groups: list[list[int]], locale: str) -> dict[str, Any]:
    """Return the trade-off chart's points (one a group of near-identical routes) and words."""
    gettext = translations(locale).gettext
    units = routes[0].units if routes else {}
    return {
        "points": [
            {
                "rank": rank,
                "days": round(r.days, 2),
                "cost": round(r.totals["usd"], 1),
                "co2": round(r.totals["co2_kg"], 1),
                "similar": len(g) - 1,
            }
            for rank, (r, g) in enumerate(zip(routes, groups, strict=True))
        ],
        "labels": {
            "route": gettext("Route"),
            "days": gettext("Days"),
            "cost": vocabulary.label(vocabulary.COST_UNITS, units.get("usd", "USD/TEU"), gettext),
            "co2": vocabulary.label(
                vocabulary.COST_UNITS, units.get("co2_kg", "kg CO2e/TEU"), gettext
            ),
        },
    }


PlanQuery = Annotated[str, Query(max_length=100)]
PlanList = Annotated[list[str] | None, Query(max_length=100)]


def _padded(values: tuple[str, ...]) -> list[str]:
    """Return ``values`` padded with blanks to :data:`PLACE_BOXES` boxes (more if given)."""
    return [*values, *[""] * max(0, PLACE_BOXES - len(values))]


@router.get("", response_class=HTMLResponse)
def corridors_page(
    page: PageDep,
    origin: PlanQuery = "",
    destination: PlanQuery = "",
    origin_id: PlanQuery = "",
    destination_id: PlanQuery = "",
    optimize: PlanQuery = "time",
    mode: Literal["best", "alternatives", "pareto"] = "best",
    k: Annotated[int, Query(ge=2, le=8)] = 3,
    alternatives_method: Literal["families", "diverse"] = "families",
    criteria: PlanList = None,
    avoid: PlanList = None,
    avoid_place: PlanList = None,
    avoid_mode: Annotated[list[Literal["rail", "road", "ferry", "sea"]] | None, Query()] = None,
    avoid_link: PlanList = None,
    via: PlanList = None,
    max_transfers: PlanQuery = "",
    year: PlanQuery = "",
    cargo: Literal["teu", "tonne"] = "teu",
    service: Literal["typical", "block"] = "typical",
    rules: Literal["on", "off"] = "on",
) -> Response:
    """Render the network map with the route planner (results too when a query is given).

    Every field is a GET parameter, so the address reproduces the page: reload, the back
    button and a copied link show the same routes.
    """
    network = get_network()
    locale = locale_of(page.request)
    form = PlannerForm(
        origin=origin_id or origin,
        destination=destination_id or destination,
        optimize=optimize,
        mode=mode,
        k=k,
        alternatives_method=alternatives_method,
        criteria=tuple(criteria or PARETO_CRITERIA),
        avoid=tuple(c.upper() for c in _split(avoid)),
        avoid_place=tuple(_split(avoid_place)),
        avoid_mode=tuple(avoid_mode or ()),
        avoid_link=tuple(_split(avoid_link)),
        via=tuple(_split(via)),
        max_transfers=max_transfers,
        year=year,
        cargo=cargo,
        service=service,
        rules=rules == "on",
    )
    shown = {
        **asdict(form),
        "origin": origin or origin_id,
        "destination": destination or destination_id,
        "via_boxes": _padded(form.via),
        "avoid_place_boxes": _padded(form.avoid_place),
        "avoid_link_text": ", ".join(form.avoid_link),
    }
    context = {
        **_results(form, locale=locale),
        "plan": shown,
        "objectives": OBJECTIVES,
        "countries": _countries(network, locale),
        "modes": {m: vocabulary.MODES[m] for m in AVOIDABLE_MODES},
        "map_labels": _map_labels(locale),
        "partial": page.request.headers.get("HX-Request") == "true",
    }
    name = "corridors/_results.html" if context["partial"] else "corridors/index.html"
    return page.render(name, context)
