"""Energy API: export routes, flows, dependence, N-1, validation, scenarios and the map layer.

Read-only and public; the bundled energy dataset is read once per process.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from eurasia.api.schemas import energy as schemas
from eurasia.corridors.energy.dataset import bundled_energy_dataset
from eurasia.corridors.energy.dependence import dependence_table, n_minus_1
from eurasia.corridors.energy.flows import flow_table
from eurasia.corridors.energy.freight import baseline_freight_dependence
from eurasia.corridors.energy.scenarios import (
    bundled_energy_scenarios,
    load_energy_scenario,
    run_energy_scenario,
)
from eurasia.corridors.energy.summary import energy_geojson, routes_table
from eurasia.corridors.energy.units import COMMODITIES
from eurasia.corridors.energy.validation import validate

__all__ = ["router"]

router = APIRouter(prefix="/api/energy", tags=["energy"])

Commodity = Annotated[
    str, Query(pattern="^(crude|gas|uranium)$", description="crude, gas or uranium")
]
OptionalCommodity = Annotated[
    str | None,
    Query(pattern="^(crude|gas|uranium)$", description="crude, gas or uranium (default: all)"),
]
Year = Annotated[int, Query(ge=2000, le=2100, description="Year of flows and capacities")]


@router.get("/routes", summary="Export routes with flow, bottleneck, spare capacity, cost and time")
def list_routes(
    year: Year = 2024, commodity: OptionalCommodity = None
) -> schemas.EnergyRouteListPublic:
    rows = routes_table(bundled_energy_dataset(), year, commodity=commodity)
    data = [schemas.EnergyRoutePublic.model_validate(r) for r in rows]
    return schemas.EnergyRouteListPublic(year=year, data=data, count=len(data))


@router.get("/flows", summary="Export volumes by route and year, with status and source")
def list_flows(commodity: Commodity) -> schemas.FlowListPublic:
    data = [
        schemas.FlowPublic.model_validate(r)
        for r in flow_table(bundled_energy_dataset(), commodity)
    ]
    return schemas.FlowListPublic(commodity=commodity, data=data, count=len(data))


@router.get("/dependence", summary="Shares by route, direction and transit country; HHI by year")
def dependence(
    commodity: OptionalCommodity = None,
    freight: Annotated[
        bool, Query(description="Also run baseline_2024 freight for its index")
    ] = False,
) -> schemas.DependenceListPublic:
    ds = bundled_energy_dataset()
    wanted = COMMODITIES if commodity is None else (commodity,)
    data = [r for c in wanted for r in dependence_table(ds, c)]
    body = schemas.DependenceListPublic(data=data, count=len(data))
    if freight:
        body.freight = baseline_freight_dependence()
    return body


@router.get("/n-1", summary="Each route closed and each asset down: lost, rerouted, stranded")
def contingencies(
    commodity: Commodity,
    year: Year = 2024,
    days: Annotated[float, Query(ge=1, le=365, description="Window, days")] = 365,
) -> schemas.ContingencyListPublic:
    rows = n_minus_1(bundled_energy_dataset(), year, commodity, days=days)
    data = [schemas.ContingencyPublic.model_validate(r.as_dict()) for r in rows]
    return schemas.ContingencyListPublic.of(data)


@router.get("/validation", summary="Bundled shares against published figures, pass or fail")
def validation() -> schemas.ValidationListPublic:
    data = validate(bundled_energy_dataset())
    return schemas.ValidationListPublic(
        data=data, count=len(data), passed=sum(c.passed for c in data)
    )


@router.get("/scenarios", summary="Bundled energy scenarios")
def list_scenarios() -> schemas.ScenarioListPublic:
    data = []
    for name in bundled_energy_scenarios():
        s = load_energy_scenario(name)
        data.append(
            schemas.ScenarioSummaryPublic(
                name=name, title=s.name, description=s.description, year=s.year
            )
        )
    return schemas.ScenarioListPublic.of(data)


@router.get("/scenarios/{name}", summary="Run a bundled energy scenario")
def run_scenario_named(name: str) -> schemas.ScenarioOutcomePublic:
    if name not in bundled_energy_scenarios():
        load_energy_scenario(name)  # raises NotFoundError (404) naming the bundled ones
    outcome = run_energy_scenario(bundled_energy_dataset(), load_energy_scenario(name))
    return schemas.ScenarioOutcomePublic.model_validate(outcome.as_dict())


@router.get("/layer", summary="The energy layer for the map (GeoJSON)")
def layer(
    year: Year = 2024,
    part: Annotated[
        str, Query(pattern="^(all|assets|nodes)$", description="all, assets or nodes")
    ] = "all",
) -> schemas.EnergyLayerPublic:
    return schemas.EnergyLayerPublic.model_validate(
        energy_geojson(bundled_energy_dataset(), year, part=part)
    )
