"""What a route query returns: a :class:`Route` of :class:`Leg` s and :class:`Transfer` s."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["DISRUPTION_HOURS", "Leg", "Route", "RouteRule", "Transfer"]


#: Mean delay of one disruption, in hours (estimate: a closed crossing, a suspended sailing or a
#: sanctions inspection typically holds a train or box for about three days). Used to turn the
#: ``risk`` column (expected delay hours) into the chance of a disruption; see :attr:`Route.reliability`.
DISRUPTION_HOURS = 72.0


@dataclass(frozen=True)
class Leg:
    """A run of consecutive links of one mode, gauge and (on land) country.

    A land leg ends at a border; a sea or ferry leg runs from port call to port call, and its
    ``country`` is that of its first port.

    ``costs`` holds the leg's sum of every cost column, less what its links spend at a border
    or waiting for a sailing when the network splits ``hours`` into parts (``hours_border``,
    ``hours_wait``, ``usd_border``): those are :class:`Transfer` events of their own, so the legs
    and transfers of a route add up to its totals. ``km``, ``hours``, ``cost``, ``co2`` and
    ``risk`` read the bundled columns from it (NaN when the network lacks one); the ``_low`` /
    ``_high`` columns keep the links' whole values.
    """

    mode: str
    from_node: str
    to_node: str
    from_name: str
    to_name: str
    country: str
    gauge: int
    links: tuple[str, ...]
    costs: Mapping[str, float]

    def _get(self, name: str) -> float:
        return float(self.costs.get(name, math.nan))

    @property
    def km(self) -> float:
        """Length in km."""
        return self._get("km")

    @property
    def hours(self) -> float:
        """Time in hours."""
        return self._get("hours")

    @property
    def cost(self) -> float:
        """Money in USD per cargo unit."""
        return self._get("usd")

    @property
    def co2(self) -> float:
        """CO2e in kg per cargo unit."""
        return self._get("co2_kg")

    @property
    def risk(self) -> float:
        """Risk in the network's ``risk`` unit."""
        return self._get("risk")

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "mode": self.mode,
            "from": self.from_node,
            "to": self.to_node,
            "from_name": self.from_name,
            "to_name": self.to_name,
            "country": self.country,
            "gauge_mm": self.gauge or None,
            "links": list(self.links),
            "costs": dict(self.costs),
        }


@dataclass(frozen=True)
class Transfer:
    """An event between legs.

    ``gauge_change``, ``port``, ``mode_change``, ``border_crossing``, ``sailing_wait`` or
    ``terminal`` (the lift at the route's origin or destination; ``detail`` says which end and side).

    ``costs`` holds the transfer edge's own costs (time, money, CO2). A border crossing (on a
    rail or road link between two countries) and the wait for a ferry or sea sailing (half the
    interval between sailings, at the port the link leaves from) have no edge of their own: their
    ``costs`` are the ``hours`` and ``usd`` of the link spent there (``hours_border`` and
    ``usd_border``; ``hours_wait`` and no money), taken out of the leg. On a network without those columns a
    border crossing has empty ``costs`` (its dwell stays in the leg) and no wait is reported.
    ``detail`` names the border (``CN → KZ``), the gauges (``1435→1520 mm``), the sides of a
    port call or mode change, or the link whose sailings are awaited. Sea and ferry legs cross no
    border: customs happen at their port calls.
    """

    kind: str
    node: str
    name: str
    country: str
    detail: str
    costs: Mapping[str, float]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "kind": self.kind,
            "node": self.node,
            "name": self.name,
            "country": self.country,
            "detail": self.detail,
            "costs": dict(self.costs),
        }


@dataclass(frozen=True)
class RouteRule:
    """A rule of the rule layer that shaped a route (:mod:`eurasia.corridors.rules`).

    ``kind`` is ``closure`` (edges closed to this cargo, so the search could not use them),
    ``penalty`` (a perceived cost on edges of this route), ``tariff`` (an agreed through tariff
    that prices edges of this route; the totals carry it) or ``harmonisation`` (a measure at
    crossings of this route); ``edges`` counts the edges concerned (closed in the network, or
    on the route); ``effect`` says it in words.
    """

    id: str
    kind: str
    edges: int
    effect: str
    description: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "id": self.id,
            "kind": self.kind,
            "edges": self.edges,
            "effect": self.effect,
            "description": self.description,
        }


@dataclass(frozen=True)
class Route:
    """A route from ``origin`` to ``destination`` (node ids), with legs, transfers and totals.

    ``objective`` is the value of the optimised criterion (or weighted mix); ``overlap`` is the
    share of this route's distance (or objective, without ``km``) on links it shares with the
    best route (for alternatives; 1.0 for the best itself).
    """

    origin: str
    destination: str
    criterion: str
    objective: float
    nodes: tuple[str, ...]
    edges: tuple[int, ...]
    legs: tuple[Leg, ...]
    transfers: tuple[Transfer, ...]
    totals: Mapping[str, float]
    countries: tuple[str, ...]
    cargo: str
    units: Mapping[str, str]
    explanation: str = ""
    overlap: float = 1.0
    notes: tuple[str, ...] = field(default=())
    service: str = "typical"
    rules: tuple[RouteRule, ...] = field(default=())

    @property
    def days(self) -> float:
        """Total time in days (NaN without an ``hours`` column)."""
        return float(self.totals.get("hours", math.nan)) / 24.0

    @property
    def reliability(self) -> float | None:
        """Chance that no disruption hits the route, ``1 - prod(1 - p)`` over its edges.

        Each edge's ``risk`` (expected delay in hours, from per-country and per-link disruption
        and sanctions exposure) is read as a Poisson rate of disruptions of mean length
        :data:`DISRUPTION_HOURS`: ``p = 1 - exp(-risk / DISRUPTION_HOURS)``, so the product is
        ``exp(-total risk / DISRUPTION_HOURS)`` and does not depend on how links are cut.
        ``None`` when the network has no ``risk`` column.

        Examples
        --------
        >>> r = Route("a", "b", "time", 0.0, ("a", "b"), (0,), (), (), {"risk": 72.0}, ("KZ",),
        ...           "teu", {})
        >>> round(r.reliability, 3)
        0.368
        """
        if "risk" not in self.totals:
            return None
        return math.exp(-self.totals["risk"] / DISRUPTION_HOURS)

    @property
    def reliability_rounded(self) -> float | None:
        """:attr:`reliability` to the nearest 5 %, the precision it has.

        The disruption delays behind it are estimates of about that resolution (``parameters.csv``).

        Examples
        --------
        >>> r = Route("a", "b", "time", 0.0, ("a", "b"), (0,), (), (), {"risk": 65.3}, ("KZ",),
        ...           "teu", {})
        >>> round(r.reliability, 4), r.reliability_rounded
        (0.4038, 0.4)
        """
        value = self.reliability
        return None if value is None else round(round(value * 20) / 20, 2)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (used by the CLI's ``--json`` and the API)."""
        return {
            "origin": self.origin,
            "destination": self.destination,
            "criterion": self.criterion,
            "objective": self.objective,
            "cargo": self.cargo,
            "days": None if math.isnan(self.days) else self.days,
            "totals": dict(self.totals),
            "units": dict(self.units),
            "countries": list(self.countries),
            "nodes": list(self.nodes),
            "legs": [leg.to_dict() for leg in self.legs],
            "transfers": [t.to_dict() for t in self.transfers],
            "overlap": self.overlap,
            "reliability": self.reliability,
            "reliability_rounded": self.reliability_rounded,
            "service": self.service,
            "rules": [r.to_dict() for r in self.rules],
            "explanation": self.explanation,
        }
