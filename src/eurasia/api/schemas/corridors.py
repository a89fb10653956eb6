"""Schemas of the corridors API: the network as GeoJSON, places, and planned routes."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from eurasia.api.schemas.listing import Listing

__all__ = [
    "Feature",
    "FeatureCollection",
    "LegPublic",
    "NodeListPublic",
    "NodePublic",
    "RouteListPublic",
    "RoutePublic",
    "TransferPublic",
]


class Feature(BaseModel):
    """A GeoJSON feature."""

    type: Literal["Feature"] = "Feature"
    id: str
    geometry: dict[str, Any]
    properties: dict[str, Any]


class FeatureCollection(BaseModel):
    """A GeoJSON feature collection."""

    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[Feature]


class NodePublic(BaseModel):
    """A place of the network."""

    id: str = Field(examples=["kz-dostyk"])
    name: str = Field(examples=["Dostyk"])
    country: str = Field(examples=["KZ"])
    kind: str = Field(examples=["border"])
    lon: float | None
    lat: float | None
    name_ru: str = ""
    name_kk: str = ""


class NodeListPublic(Listing[NodePublic]):
    """Places matching a search."""


class LegPublic(BaseModel):
    """A run of links of one mode, gauge and country."""

    mode: str
    from_: str = Field(alias="from")
    to: str
    from_name: str
    to_name: str
    country: str
    gauge_mm: int | None
    links: list[str]
    costs: dict[str, float]


class TransferPublic(BaseModel):
    """An event between legs with its own costs.

    ``kind`` is ``gauge_change``, ``port`` (port call), ``mode_change``, ``border_crossing`` (its
    ``costs`` hold the border dwell ``hours`` and fee ``usd``) or ``sailing_wait`` (the wait for a
    ferry or ship at the departure port, half the headway).
    """

    kind: str = Field(examples=["gauge_change"])
    node: str
    name: str
    country: str
    detail: str
    costs: dict[str, float]


class RouteRulePublic(BaseModel):
    """A rule (closure, penalty, through tariff or harmonisation measure) that shaped a route."""

    id: str
    kind: str
    edges: int = Field(description="Edges concerned: closed in the network, or on the route")
    effect: str
    description: str


class RoutePublic(BaseModel):
    """One route with its legs, transfers, totals and explanation."""

    origin: str
    destination: str
    criterion: str
    objective: float
    cargo: str
    days: float | None
    totals: dict[str, float]
    units: dict[str, str]
    countries: list[str]
    nodes: list[str]
    legs: list[LegPublic]
    transfers: list[TransferPublic]
    overlap: float = Field(description="Share of this route's distance shared with the best one")
    reliability: float | None = Field(description="Chance that no disruption hits the route")
    reliability_rounded: float | None = Field(
        default=None, description="Reliability to the nearest 5 %, the precision it has"
    )
    service: str = Field(default="typical", description="Service level: typical or block")
    rules: list[RouteRulePublic] = Field(
        default_factory=list, description="Rules of the rule layer that shaped the route"
    )
    explanation: str


class RouteListPublic(BaseModel):
    """Routes: the best one first, then alternatives, or a Pareto set."""

    data: list[RoutePublic]
    count: int
    mode: Literal["best", "alternatives", "pareto"]
    families: list[str] | None = Field(
        default=None,
        description="For alternatives: the corridor family of each route (northern, titr, "
        "china_ca_iran, instc_east, instc_caspian, sea, other)",
    )
