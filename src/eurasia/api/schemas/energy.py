"""Schemas of ``/api/energy``: export routes, flows, dependence, N-1, validation and scenarios.

Units are those of the commodity (``unit``: Mt, bcm or tU); costs are USD per t, per 1000 m3 or
per kgU (``cost_unit``); money totals in USD. A year's dependence and a validation check are
the domain's own dataclasses (:class:`~eurasia.corridors.energy.dependence.YearDependence`,
:class:`~eurasia.corridors.energy.validation.ValidationCheck`), published as they are.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from eurasia.api.schemas.listing import Listing
from eurasia.corridors.energy.dependence import YearDependence
from eurasia.corridors.energy.validation import ValidationCheck

__all__ = [
    "ContingencyListPublic",
    "ContingencyPublic",
    "DependenceListPublic",
    "EnergyLayerPublic",
    "EnergyRouteListPublic",
    "EnergyRoutePublic",
    "FlowListPublic",
    "FlowPublic",
    "ReallocationPublic",
    "RouteAssetPublic",
    "ScenarioListPublic",
    "ScenarioOutcomePublic",
    "ScenarioSummaryPublic",
    "ValidationListPublic",
]


class RouteAssetPublic(BaseModel):
    """One asset of a route."""

    id: str
    name: str
    owner: str


class EnergyRoutePublic(BaseModel):
    """An export route with its flow, bottleneck, spare capacity, cost and time in a year."""

    id: str = Field(examples=["cpc"])
    name: str
    commodity: str = Field(examples=["crude"])
    unit: str = Field(examples=["Mt"])
    direction: str = Field(examples=["west"])
    transit: list[str]
    market: str
    flow: float | None
    bottleneck: str
    capacity: float | None
    spare: float
    cost: float
    cost_low: float
    cost_high: float
    days: float
    ramp_days: float
    assets: list[RouteAssetPublic]


class EnergyRouteListPublic(BaseModel):
    """Routes of a year."""

    year: int
    data: list[EnergyRoutePublic]
    count: int


class FlowPublic(BaseModel):
    """One route's export volume in a year, with its status and source."""

    route: str
    year: int
    value: float
    unit: str
    status: str = Field(description="A actual, E estimate")
    source: str
    note: str


class FlowListPublic(BaseModel):
    """Flows of one commodity."""

    commodity: str
    data: list[FlowPublic]
    count: int


class DependenceListPublic(BaseModel):
    """Dependence by year, with the freight index when asked for."""

    data: list[YearDependence]
    count: int
    freight: dict[str, Any] | None = None


class ReallocationPublic(BaseModel):
    """Lost, rerouted and stranded volume over a window, cost and delay."""

    commodity: str
    year: int
    days: float
    unit: str
    lost: float
    lost_by_route: dict[str, float]
    rerouted: dict[str, float]
    rerouted_total: float
    stranded: float
    cost_usd: float
    delay_days: float
    spare: dict[str, float]


class ContingencyPublic(ReallocationPublic):
    """One N-1 case: a route closed or an asset down."""

    element: str
    kind: Literal["route", "asset"]


class ContingencyListPublic(Listing[ContingencyPublic]):
    """N-1 cases of a commodity and year."""


class ValidationListPublic(BaseModel):
    """The validation table."""

    data: list[ValidationCheck]
    count: int
    passed: int


class ScenarioSummaryPublic(BaseModel):
    """A bundled scenario."""

    name: str
    title: str
    description: str
    year: int


class ScenarioListPublic(Listing[ScenarioSummaryPublic]):
    """Bundled scenarios."""


class ScenarioOutcomePublic(BaseModel):
    """Results of a scenario per commodity (and against its parent)."""

    scenario: str
    description: str
    year: int
    years: dict[str, int]
    days: float
    results: dict[str, ReallocationPublic]
    parent: str | None = None
    versus_parent: dict[str, dict[str, float]] | None = None


class EnergyLayerPublic(BaseModel):
    """The energy layer as GeoJSON (assets as lines or points, nodes as points)."""

    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[dict[str, Any]]
