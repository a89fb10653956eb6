"""Where displaced export volume goes: a min-cost reallocation onto spare capacity (an LP).

Method (stated in ``docs/energy.md``):

1. **Baseline.** The year's route flows (the model values of the flows file) plus the background
   load on each asset (transit, other shippers) give the load of every asset.
2. **Loss.** A closed route loses its whole flow. An asset whose availability falls to a factor
   ``f`` (0 = down) can carry ``f x capacity``; the excess load is shed pro rata between the
   Kazakh routes on it and its background load. A route loses the largest share any of its
   assets sheds. Rates are a year's; the window of ``days`` turns them into volumes.
3. **Spare capacity** of an asset = available capacity - its remaining load (never below 0).
4. **LP.** ``scipy.optimize.linprog`` (HiGHS) chooses the volume ``V_r`` each other open route of
   the same market takes during the window and the stranded volume ``S``::

       minimise   sum_r c_r V_r + P S
       subject to sum_r V_r + S = lost volume
                  sum_{r uses a} V_r <= spare_a x days / 365          (each asset a)
                  V_r <= min_{a in r} spare_a x max(days - ramp_r, 0) / 365   (ramp-up)
                  V_r, S >= 0

   ``c_r`` is the route's unit cost (parameters.csv), ``P`` the ``stranded_penalty`` (above any
   route cost), ``ramp_r`` the days before the route can take more (its slowest asset).
5. **Penalties.** Cost = sum V_r (c_r - c_lost) in USD, with ``c_lost`` the volume-weighted cost of
   the routes that lost volume; delay = volume-weighted extra transit days of the rerouted volume.

No storage buffer, contract or crude-quality constraint is modelled beyond the market groups.

Examples
--------
>>> from eurasia.corridors.energy.dataset import read_energy_dataset
>>> ds = read_energy_dataset()
>>> r = reallocate(ds, 2023, "crude", outages={"cpc-terminal": 0.0}, days=30)
>>> round(r.lost, 2), round(r.rerouted_total, 2), round(r.stranded, 2)
(4.6, 0.18, 4.42)
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog

from eurasia.errors import DataError

from .dataset import EnergyDataset
from .units import CANONICAL_UNITS, check_commodity, usd_units

__all__ = ["Reallocation", "asset_loads", "reallocate", "spare_capacity"]


@dataclass(frozen=True)
class Reallocation:
    """Lost, rerouted and stranded volume (canonical units over the window), cost and delay."""

    commodity: str
    year: int
    days: float
    lost_by_route: dict[str, float]
    rerouted: dict[str, float]
    stranded: float
    cost_usd: float
    delay_days: float
    spare: dict[str, float] = field(default_factory=dict)

    @property
    def lost(self) -> float:
        """Total Kazakh export volume that could not use its route during the window."""
        return sum(self.lost_by_route.values())

    @property
    def rerouted_total(self) -> float:
        """Volume moved to other routes."""
        return sum(self.rerouted.values())

    @property
    def unit(self) -> str:
        """Mt, bcm or tU."""
        return CANONICAL_UNITS[self.commodity]

    def as_dict(self) -> dict[str, object]:
        """Plain dict for JSON, CLI tables and templates."""
        return {
            "commodity": self.commodity,
            "year": self.year,
            "days": self.days,
            "unit": self.unit,
            "lost": self.lost,
            "lost_by_route": self.lost_by_route,
            "rerouted": self.rerouted,
            "rerouted_total": self.rerouted_total,
            "stranded": self.stranded,
            "cost_usd": self.cost_usd,
            "delay_days": self.delay_days,
            "spare": self.spare,
        }


def asset_loads(ds: EnergyDataset, year: int, flows: Mapping[str, float]) -> dict[str, float]:
    """Load of each asset: background plus the flows of the routes through it.

    Examples
    --------
    >>> from eurasia.corridors.energy.dataset import read_energy_dataset
    >>> ds = read_energy_dataset()
    >>> round(asset_loads(ds, 2023, ds.route_flows(2023, "crude"))["kcp-atasu-alashankou"], 3)
    11.188
    """
    return ds.asset_loads(year, flows)


def spare_capacity(
    ds: EnergyDataset,
    year: int,
    commodity: str,
    *,
    flows: Mapping[str, float] | None = None,
    factors: Mapping[str, float] | None = None,
    added: Mapping[str, float] | None = None,
    include_planned: bool = False,
) -> dict[str, float]:
    """Spare capacity (a year's rate) of every asset of ``commodity`` in ``year``.

    An asset with no capacity row covering the year has none (0).

    Examples
    --------
    >>> from eurasia.corridors.energy.dataset import read_energy_dataset
    >>> round(spare_capacity(read_energy_dataset(), 2023, "crude")["aktau-oil-berths"], 3)
    1.824
    """
    check_commodity(commodity)
    flows = dict(ds.route_flows(year, commodity) if flows is None else flows)
    factors = factors or {}
    added = added or {}
    loads = asset_loads(ds, year, flows)
    out: dict[str, float] = {}
    for asset in ds.assets.values():
        if asset.commodity != commodity:
            continue
        cap = (ds.capacity(asset.id, year, include_planned=include_planned) or 0.0) + added.get(
            asset.id, 0.0
        )
        cap *= factors.get(asset.id, 1.0)
        if asset.id not in loads:
            loads[asset.id] = ds.background_load(asset.id, year)
        out[asset.id] = max(cap - loads[asset.id], 0.0)
    return out


def _check_window(
    ds: EnergyDataset,
    outages: Mapping[str, float],
    added: Mapping[str, float],
    closed_routes: Set[str],
    days: float,
) -> None:
    """Raise DataError for an unknown asset or route, a factor outside [0, 1] or bad ``days``."""
    for asset in (*outages, *added):
        if asset not in ds.assets:
            msg = f"unknown asset {asset!r}"
            raise DataError(msg)
    for asset, factor in outages.items():
        if not 0.0 <= factor <= 1.0:
            msg = f"availability factor of {asset} must be in [0, 1], got {factor}"
            raise DataError(msg)
    for route in closed_routes:
        if route not in ds.routes:
            msg = f"unknown route {route!r}"
            raise DataError(msg)
    if not 1.0 <= days <= 365.0:
        msg = f"days must be between 1 and 365, got {days}"
        raise DataError(msg)


def reallocate(
    ds: EnergyDataset,
    year: int,
    commodity: str,
    *,
    outages: Mapping[str, float] | None = None,
    closed_routes: Set[str] = frozenset(),
    days: float = 365.0,
    added_capacity: Mapping[str, float] | None = None,
    include_planned: bool = False,
    flows: Mapping[str, float] | None = None,
) -> Reallocation:
    """Lose volume to outages and closures, then reroute it at least cost (see module text).

    Parameters
    ----------
    ds
        The dataset.
    year
        Year of flows and capacities.
    commodity
        ``crude``, ``gas`` or ``uranium``.
    outages
        Asset id -> availability factor in [0, 1] during the window.
    closed_routes
        Routes that may carry nothing during the window (sanctions, closures).
    days
        Length of the window (1-365).
    added_capacity
        Asset id -> extra capacity (canonical units a year), e.g. an expansion.
    include_planned
        Count planned capacity rows as open.
    flows
        Route flows to start from (default: the year's bundled flows).

    Returns
    -------
    Reallocation

    Raises
    ------
    DataError
        If an asset or route is unknown, a factor is outside [0, 1], ``days`` outside 1-365,
        or the year has no flows of the commodity.
    """
    check_commodity(commodity)
    outages = dict(outages or {})
    added = dict(added_capacity or {})
    _check_window(ds, outages, added, closed_routes, days)
    base = dict(ds.route_flows(year, commodity) if flows is None else flows)
    if not base:
        msg = f"no {commodity} flows bundled for {year}; years with flows: {ds.years(commodity)}"
        raise DataError(msg)
    window = days / 365.0
    loads = asset_loads(ds, year, base)
    lost_rate: dict[str, float] = {r: base[r] for r in base if r in closed_routes}
    for asset, factor in outages.items():
        if ds.assets[asset].commodity != commodity or asset not in loads:
            continue
        cap = (
            (ds.capacity(asset, year, include_planned=include_planned) or 0.0)
            + added.get(asset, 0.0)
        ) * factor
        excess = max(loads[asset] - cap, 0.0)
        if excess <= 0:
            continue
        shed = excess / loads[asset]
        for route, value in base.items():
            if asset in ds.routes[route].assets and route not in closed_routes:
                lost_rate[route] = max(lost_rate.get(route, 0.0), value * shed)
    remaining = {r: v - lost_rate.get(r, 0.0) for r, v in base.items()}
    factors = dict(outages)
    spare = spare_capacity(
        ds,
        year,
        commodity,
        flows=remaining,
        factors=factors,
        added=added,
        include_planned=include_planned,
    )
    # Background shed on failed assets frees nothing for others: spare on a failed asset is 0.
    for asset, factor in outages.items():
        if factor < 1.0 and asset in spare:
            spare[asset] = 0.0
    lost_markets = {ds.routes[r].market for r, v in lost_rate.items() if v > 0}
    candidates = [
        r.id
        for r in ds.routes_of(commodity)
        if r.id not in closed_routes
        and r.market in lost_markets
        and all(spare.get(a, 0.0) > 0 for a in r.assets)
    ]
    lost_window = {r: v * window for r, v in lost_rate.items() if v > 0}
    rerouted: dict[str, float] = {}
    stranded = sum(lost_window.values())
    if lost_window and candidates:
        rerouted, stranded = _solve(ds, commodity, candidates, spare, lost_window, days)
    cost_usd, delay = _penalties(ds, commodity, lost_window, rerouted)
    return Reallocation(
        commodity=commodity,
        year=year,
        days=days,
        lost_by_route=lost_window,
        rerouted={r: v for r, v in rerouted.items() if v > 1e-9},
        stranded=max(stranded, 0.0),
        cost_usd=cost_usd,
        delay_days=delay,
        spare=spare,
    )


def _solve(
    ds: EnergyDataset,
    commodity: str,
    candidates: list[str],
    spare: Mapping[str, float],
    lost: Mapping[str, float],
    days: float,
) -> tuple[dict[str, float], float]:
    # Markets: each market's lost volume may only go to its own routes.
    markets = sorted({ds.routes[r].market for r in lost})
    n = len(candidates)
    nvar = n + len(markets)  # V_r ... then one stranded variable per market
    penalty = ds.parameter("stranded_penalty", commodity, "*")
    big = penalty.value if penalty is not None else 1000.0
    c = np.array([ds.route_cost(r) for r in candidates] + [big] * len(markets))
    a_eq = np.zeros((len(markets), nvar))
    b_eq = np.zeros(len(markets))
    for m, market in enumerate(markets):
        for i, r in enumerate(candidates):
            if ds.routes[r].market == market:
                a_eq[m, i] = 1.0
        a_eq[m, n + m] = 1.0
        b_eq[m] = sum(v for r, v in lost.items() if ds.routes[r].market == market)
    assets = sorted({a for r in candidates for a in ds.routes[r].assets})
    a_ub = np.zeros((len(assets), nvar))
    b_ub = np.zeros(len(assets))
    for k, asset in enumerate(assets):
        for i, r in enumerate(candidates):
            if asset in ds.routes[r].assets:
                a_ub[k, i] = 1.0
        b_ub[k] = spare[asset] * days / 365.0
    bounds: list[tuple[float, float | None]] = []
    for r in candidates:
        ramp = ds.route_ramp_days(r)
        cap = min(spare[a] for a in ds.routes[r].assets) * max(days - ramp, 0.0) / 365.0
        bounds.append((0.0, cap))
    bounds += [(0.0, None)] * len(markets)
    res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
    if not res.success:  # pragma: no cover - the stranded variables keep it feasible
        msg = f"reallocation LP failed: {res.message}"
        raise DataError(msg)
    x = res.x
    return {r: float(x[i]) for i, r in enumerate(candidates)}, float(x[n:].sum())


def _penalties(
    ds: EnergyDataset, commodity: str, lost: Mapping[str, float], rerouted: Mapping[str, float]
) -> tuple[float, float]:
    moved = sum(rerouted.values())
    total_lost = sum(lost.values())
    if moved <= 0 or total_lost <= 0:
        return 0.0, 0.0
    c_lost = sum(ds.route_cost(r) * v for r, v in lost.items()) / total_lost
    d_lost = sum(ds.route_days(r) * v for r, v in lost.items()) / total_lost
    _unit, per = usd_units(commodity)
    cost = sum((ds.route_cost(r) - c_lost) * v for r, v in rerouted.items()) * per
    delay = sum((ds.route_days(r) - d_lost) * v for r, v in rerouted.items()) / moved
    return float(cost), float(delay)
