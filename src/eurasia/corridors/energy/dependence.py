"""How much rides on one direction: shares by route, direction and transit country; HHI; N-1.

**Shares** are of the year's route flows (the model values of the flows file). A year is
*complete* for a commodity when the routes' sum is within 2 % of the bundled national total, or,
without a total, when every route that has a flow in any year has one in that year; dependence is
reported for complete years only (others are listed with ``complete = False``).

**Transit shares** count a route's volume once for every foreign country it crosses, so they do
not add up to 1: "share via RU" is the part of exports that crosses Russia.

**HHI** (Herfindahl-Hirschman index) of routes = sum of squared route shares x 10,000: 10,000 is
a single route, 10,000 / n is n equal routes. The same over directions gives the direction HHI.

**N-1** removes one route (closure) or one asset (outage) for ``days`` and reroutes its volume
with :func:`~eurasia.corridors.energy.allocation.reallocate`.

Examples
--------
>>> from eurasia.corridors.energy.dataset import read_energy_dataset
>>> ds = read_energy_dataset()
>>> s = shares(ds, 2023, "crude")
>>> round(s["cpc"], 3)
0.794
>>> round(hhi(s))
6486
>>> round(shares(ds, 2023, "crude", by="transit")["RU"], 3)
0.963
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass

from eurasia.errors import DataError

from .allocation import Reallocation, reallocate
from .dataset import EnergyDataset
from .units import CANONICAL_UNITS, check_commodity

__all__ = [
    "Contingency",
    "YearDependence",
    "complete_years",
    "dependence_table",
    "hhi",
    "n_minus_1",
    "shares",
]

_BY = ("route", "direction", "transit")


def hhi(share: Mapping[str, float]) -> float:
    """Herfindahl-Hirschman index (0-10,000) of shares that add up to 1.

    Examples
    --------
    >>> hhi({"a": 0.5, "b": 0.5})
    5000.0
    >>> hhi({"a": 1.0})
    10000.0
    """
    return float(sum(v * v for v in share.values()) * 10_000)


def shares(ds: EnergyDataset, year: int, commodity: str, *, by: str = "route") -> dict[str, float]:
    """Shares of the year's exports of ``commodity`` by route, direction or transit country.

    Raises
    ------
    DataError
        If ``by`` is unknown or the year has no flows of the commodity.
    """
    check_commodity(commodity)
    if by not in _BY:
        msg = f"by must be one of {', '.join(_BY)}, got {by!r}"
        raise DataError(msg)
    flows = ds.route_flows(year, commodity)
    total = sum(flows.values())
    if total <= 0:
        msg = f"no {commodity} flows bundled for {year}; years with flows: {ds.years(commodity)}"
        raise DataError(msg)
    out: dict[str, float] = {}
    for route, value in flows.items():
        r = ds.routes[route]
        keys: tuple[str, ...]
        if by == "route":
            keys = (route,)
        elif by == "direction":
            keys = (r.direction,)
        else:
            keys = r.transit or ("none",)
        for key in keys:
            out[key] = out.get(key, 0.0) + value / total
    return out


def complete_years(ds: EnergyDataset, commodity: str) -> list[int]:
    """Years whose route flows cover the commodity's exports (see module text).

    Examples
    --------
    >>> from eurasia.corridors.energy.dataset import read_energy_dataset
    >>> complete_years(read_energy_dataset(), "gas")
    [2022, 2023, 2024]
    """
    check_commodity(commodity)
    with_flows = {f.route for f in ds.flows if f.commodity == commodity and f.route != "total"}
    out = []
    for year in ds.years(commodity):
        flows = ds.route_flows(year, commodity)
        total = ds.total(year, commodity)
        if total is not None:
            if abs(sum(flows.values()) - total.value) <= 0.02 * total.value:
                out.append(year)
        elif with_flows <= set(flows):
            out.append(year)
    return out


@dataclass(frozen=True)
class YearDependence:
    """Dependence of one commodity's exports in one year."""

    commodity: str
    year: int
    unit: str
    volume: float
    complete: bool
    route_shares: dict[str, float]
    direction_shares: dict[str, float]
    transit_shares: dict[str, float]
    share_via_ru: float
    hhi_routes: float
    hhi_directions: float
    top_route: str
    top_share: float

    def as_dict(self) -> dict[str, object]:
        """Plain dict."""
        return asdict(self)


def dependence_table(ds: EnergyDataset, commodity: str) -> list[YearDependence]:
    """One row a year: volume, route / direction / transit shares, HHIs, the largest route.

    Examples
    --------
    >>> from eurasia.corridors.energy.dataset import read_energy_dataset
    >>> rows = dependence_table(read_energy_dataset(), "uranium")
    >>> [(r.year, round(r.hhi_routes)) for r in rows if r.complete]
    [(2022, 4178), (2023, 4148)]
    """
    complete = set(complete_years(ds, commodity))
    out: list[YearDependence] = []
    for year in ds.years(commodity):
        route_share = shares(ds, year, commodity)
        direction_share = shares(ds, year, commodity, by="direction")
        transit_share = shares(ds, year, commodity, by="transit")
        top = max(route_share, key=lambda k: route_share[k])
        out.append(
            YearDependence(
                commodity=commodity,
                year=year,
                unit=CANONICAL_UNITS[commodity],
                volume=sum(ds.route_flows(year, commodity).values()),
                complete=year in complete,
                route_shares=route_share,
                direction_shares=direction_share,
                transit_shares=transit_share,
                share_via_ru=transit_share.get("RU", 0.0),
                hhi_routes=hhi(route_share),
                hhi_directions=hhi(direction_share),
                top_route=top,
                top_share=route_share[top],
            )
        )
    return out


@dataclass(frozen=True)
class Contingency:
    """One N-1 case: a route closed or an asset down, and what happened to its volume."""

    element: str
    kind: str
    result: Reallocation

    def as_dict(self) -> dict[str, object]:
        """Plain dict: ``element``, ``kind`` and the result's fields."""
        return {"element": self.element, "kind": self.kind, **self.result.as_dict()}


def n_minus_1(
    ds: EnergyDataset, year: int, commodity: str, *, days: float = 365.0
) -> list[Contingency]:
    """Each route closed, then each loaded asset down, for ``days``: lost, rerouted, stranded.

    Examples
    --------
    >>> from eurasia.corridors.energy.dataset import read_energy_dataset
    >>> rows = n_minus_1(read_energy_dataset(), 2023, "uranium")
    >>> [(r.element, round(r.result.stranded)) for r in rows if r.kind == "route"]
    [('u-russia', 7155), ('u-titr', 0), ('u-china', 10556)]
    """
    flows = ds.route_flows(year, commodity)
    out = [
        Contingency(
            route, "route", reallocate(ds, year, commodity, closed_routes={route}, days=days)
        )
        for route in flows
    ]
    loaded = sorted({a for r in flows for a in ds.routes[r].assets}, key=list(ds.assets).index)
    out += [
        Contingency(
            asset, "asset", reallocate(ds, year, commodity, outages={asset: 0.0}, days=days)
        )
        for asset in loaded
    ]
    return out
