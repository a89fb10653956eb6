"""Energy page.

Export routes of crude, gas and uranium on the map, the dependence chart and table beside the
freight index, N-1 of the main route, scenario results and the validation table.
"""

from __future__ import annotations

import functools
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from eurasia.corridors.energy.dataset import bundled_energy_dataset
from eurasia.corridors.energy.dependence import Contingency, dependence_table, n_minus_1
from eurasia.corridors.energy.freight import baseline_freight_dependence
from eurasia.corridors.energy.scenarios import (
    bundled_energy_scenarios,
    load_energy_scenario,
    run_energy_scenario,
)
from eurasia.corridors.energy.summary import expansions, routes_table
from eurasia.corridors.energy.units import COMMODITIES
from eurasia.corridors.energy.validation import validate
from eurasia.i18n import translations, vocabulary
from eurasia.web.templating import locale_of
from eurasia.web.views.common import PageDep, translated

__all__ = ["router"]

router = APIRouter(prefix="/energy", include_in_schema=False)

Year = Annotated[int, Query(ge=2019, le=2030)]
_SVG = {"Cache-Control": "public, max-age=3600"}


def _map_labels(locale: str) -> dict[str, Any]:
    """Legend and pop-up words of the map script, in ``locale`` (commodities as 'corridors')."""
    gettext = translations(locale).gettext
    return {
        "corridor": translated(vocabulary.ENERGY_COMMODITIES, gettext),
        "status": translated(vocabulary.LINK_STATUSES, gettext),
        "attribution": gettext("Country outlines: Natural Earth via world-atlas"),
    }


@functools.cache
def _scenarios() -> list[dict[str, Any]]:
    ds = bundled_energy_dataset()
    out = []
    for name in bundled_energy_scenarios():
        outcome = run_energy_scenario(ds, load_energy_scenario(name))
        changes = outcome.versus_parent()
        for commodity, result in outcome.results.items():
            out.append(
                {
                    "name": name,
                    "description": outcome.scenario.description,
                    "parent": outcome.scenario.parent.name if outcome.scenario.parent else None,
                    "commodity": commodity,
                    "result": result,
                    "change": changes.get(commodity),
                }
            )
    return out


@functools.cache
def _crude_n1() -> list[Contingency]:
    cases = n_minus_1(bundled_energy_dataset(), 2024, "crude", days=60)
    return [k for k in cases if k.result.lost > 0]


@router.get("", response_class=HTMLResponse)
def energy_page(page: PageDep, year: Year = 2024) -> Response:
    """Routes, map, dependence, N-1, scenarios and validation of the energy export layer."""
    ds = bundled_energy_dataset()
    locale = locale_of(page.request)
    routes = routes_table(ds, year)
    context = {
        "year": year,
        "commodities": COMMODITIES,
        "routes": routes,
        "expansions": expansions(ds),
        "dependence": [r for c in COMMODITIES for r in dependence_table(ds, c) if r.complete],
        "freight": baseline_freight_dependence(),
        "cpc_n1": _crude_n1(),
        "scenarios": _scenarios(),
        "checks": validate(ds),
        "map_labels": _map_labels(locale),
        "flow_years": {c: ds.years(c) for c in COMMODITIES},
    }
    return page.render("energy/index.html", context)


@router.get("/charts/dependence.svg")
def dependence_chart() -> Response:
    """Render the HHI-by-year chart with the freight index (SVG)."""
    from eurasia.corridors.energy.charts import dependence_svg  # matplotlib: loaded on first chart

    svg = dependence_svg(bundled_energy_dataset(), freight=baseline_freight_dependence())
    return Response(svg, media_type="image/svg+xml", headers=_SVG)


@router.get("/charts/flows-{commodity}.svg")
def flows_chart(commodity: str) -> Response:
    """Render exports by route and year for one commodity (SVG); 404 for an unknown commodity."""
    if commodity not in COMMODITIES:
        return Response(status_code=404)
    from eurasia.corridors.energy.charts import flows_svg  # matplotlib: loaded on first chart

    return Response(
        flows_svg(bundled_energy_dataset(), commodity), media_type="image/svg+xml", headers=_SVG
    )
