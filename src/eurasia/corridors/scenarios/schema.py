"""The scenario schema: what a scenario file can say, as frozen data classes.

A :class:`Scenario` names its year, demand, closures, penalties, changes, new lines, growth and
assignment options; :mod:`eurasia.corridors.scenarios.parsing` reads it from YAML and
:mod:`eurasia.corridors.scenarios.apply` applies it to a network.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from eurasia.corridors.assignment.demand import (
    Demand,
    bundled_demand,
    read_demand,
)
from eurasia.corridors.assignment.freight import DEFAULT_COMMODITIES, CommoditySpec
from eurasia.corridors.assignment.response import DemandResponse
from eurasia.corridors.network.model import Network
from eurasia.corridors.network.views import corridor_edges
from eurasia.corridors.scenarios.values import _int_value
from eurasia.errors import DataError, NotFoundError

__all__ = [
    "AssignmentOptions",
    "Change",
    "Closure",
    "Growth",
    "NewLine",
    "Penalty",
    "Scenario",
    "Selector",
]

BoolArray = npt.NDArray[np.bool_]


def _check_known(
    path: str, names: Sequence[str], known: Collection[str], *, what: str, hint: str
) -> None:
    """Raise :class:`DataError` at the key path of the first of ``names`` not in ``known``.

    Examples
    --------
    >>> _check_known("closures[0].countries", ["KZ", "XX"], {"KZ"}, what="country", hint="sorry")
    Traceback (most recent call last):
    ...
    eurasia.errors.DataError: closures[0].countries[1]: unknown country 'XX'; sorry
    """
    for k, name in enumerate(names):
        if name not in known:
            msg = f"{path}[{k}]: unknown {what} {name!r}; {hint}"
            raise DataError(msg)


@dataclass(frozen=True)
class Selector:
    """Which edges a rule applies to; every given key must match (intersection)."""

    where: str
    countries: tuple[str, ...] = ()
    nodes: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    corridors: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    transfers: tuple[str, ...] = ()

    def mask(self, network: Network) -> BoolArray:
        """Boolean mask over ``network`` edges.

        Raises
        ------
        DataError
            Naming the key path of an unknown country, node, link or corridor.
        """
        keep = np.ones(network.n_edges, dtype=bool)
        if self.countries:
            known = sorted(set(network.node_country.tolist()))
            _check_known(
                f"{self.where}.countries",
                self.countries,
                known,
                what="country",
                hint=(
                    "expected an ISO 3166-1 alpha-2 code of a country on the network "
                    f"({', '.join(known)})"
                ),
            )
            keep &= np.isin(network.edge_country, self.countries) | np.isin(
                network.edge_country_to, self.countries
            )
        if self.nodes:
            touched = np.zeros(network.n_edges, dtype=bool)
            for k, node in enumerate(self.nodes):
                try:
                    index = network.node_index(node)
                except NotFoundError:
                    msg = f"{self.where}.nodes[{k}]: unknown node {node!r}"
                    raise DataError(msg) from None
                at = network.vertex_node
                touched |= (at[network.edge_source] == index) | (at[network.edge_target] == index)
            keep &= touched
        if self.links:
            chosen = np.zeros(network.n_edges, dtype=bool)
            for k, link in enumerate(self.links):
                hit = network.edge_id == link
                if not hit.any():
                    msg = f"{self.where}.links[{k}]: unknown link {link!r}"
                    raise DataError(msg)
                chosen |= hit
            keep &= chosen
        if self.corridors:
            families = set("|".join(network.edge_corridors.tolist()).split("|")) - {""}
            _check_known(
                f"{self.where}.corridors",
                self.corridors,
                families,
                what="corridor",
                hint=f"known: {', '.join(sorted(families))}",
            )
            keep &= corridor_edges(network, self.corridors)
        if self.modes:
            keep &= np.isin(network.edge_mode, self.modes)
        if self.transfers:
            keep &= np.isin(network.edge_transfer, self.transfers)
        return keep


@dataclass(frozen=True)
class Closure:
    """Edges closed from ``start`` to ``end`` (years inclusive), for some groups or all."""

    selector: Selector
    groups: tuple[str, ...] = ()
    start: int | None = None
    end: int | None = None

    def active(self, year: int) -> bool:
        """Whether the closure applies in ``year``."""
        return (self.start is None or self.start <= year) and (self.end is None or self.end >= year)


@dataclass(frozen=True)
class Penalty:
    """Extra perceived cost (USD a tonne) on selected edges for some groups, e.g. a risk premium."""

    selector: Selector
    usd_per_tonne: float
    groups: tuple[str, ...] = ()
    start: int | None = None
    end: int | None = None
    source: str = ""

    def active(self, year: int) -> bool:
        """Whether the penalty applies in ``year``."""
        return (self.start is None or self.start <= year) and (self.end is None or self.end >= year)


@dataclass(frozen=True)
class Change:
    """New capacity, speed, tariff, dwell time or volume-delay curve on selected edges."""

    selector: Selector
    capacity_factor: float | None = None
    capacity_mt: float | None = None
    speed_factor: float | None = None
    hours: float | None = None
    tariff_factor: float | None = None
    bpr_alpha: float | None = None
    bpr_beta: float | None = None
    source: str = ""


@dataclass(frozen=True)
class NewLine:
    """A link to add between two existing nodes."""

    where: str
    id: str
    origin: str
    destination: str
    mode: str
    gauge: int
    length_km: float
    hours: float
    usd: float
    capacity_mt: float
    co2_kg: float = 0.0
    risk: float = 0.0
    opening_year: int = 0
    corridors: str = ""
    one_way: bool = False
    bpr_alpha: float = math.nan
    bpr_beta: float = math.nan
    source: str = ""


@dataclass(frozen=True)
class Growth:
    """One demand growth rule (exactly one of factor, rate or total_mt)."""

    where: str
    groups: tuple[str, ...] | None = None
    factor: float | None = None
    rate: float | None = None
    total_mt: float | None = None


@dataclass(frozen=True)
class AssignmentOptions:
    """Equilibrium settings of a scenario run.

    The default is the bush-based solver (Algorithm B) to a relative gap of 1e-8, tight enough
    that differences between two runs above 1e-4 of a figure are effects rather than convergence
    noise (:func:`~eurasia.corridors.scenarios.compare.compare_runs` marks those that are not).
    Estimate: 1e-8 rather than 1e-10 because the hardest bundled scenario (``russia_closed_eu``)
    reaches 1e-8 in the time BFW needs for 1e-5 (19 s) but needs about 6x that for 1e-10.

    ``alpha`` / ``beta``: one BPR pair for every capacitated edge; None (default) keeps each
    edge's own parameters (:data:`~eurasia.corridors.assignment.freight.FREIGHT_ALPHA` /
    :data:`~eurasia.corridors.assignment.freight.FREIGHT_BETA` where an edge has none).
    """

    method: str = "b"
    relative_gap: float = 1e-8
    max_iterations: int = 1000
    alpha: float | None = None
    beta: float | None = None


@dataclass(frozen=True)
class Scenario:
    """A validated scenario (after ``extends`` is resolved).

    Attributes
    ----------
    files
        The scenario file and its ancestors, child first.
    service
        Rail service level: ``typical`` or ``block`` (:mod:`eurasia.corridors.network.service`).
    rules
        Rule files (bundled names or CSV paths, relative to ``rules_base``).
    demand_response
        Thresholds of the demand response, or ``None`` to serve every tonne with a path.
    """

    name: str
    year: int
    demand_file: str
    demand_base: Path
    demand_year: int
    description: str = ""
    growth: tuple[Growth, ...] = ()
    closures: tuple[Closure, ...] = ()
    penalties: tuple[Penalty, ...] = ()
    changes: tuple[Change, ...] = ()
    add_lines: tuple[NewLine, ...] = ()
    assignment: AssignmentOptions = field(default_factory=AssignmentOptions)
    commodities: Mapping[str, CommoditySpec] = field(default_factory=lambda: DEFAULT_COMMODITIES)
    files: tuple[str, ...] = ()
    service: str = "typical"
    rules: tuple[str, ...] = ("rules",)
    rules_base: Path | None = None
    demand_response: DemandResponse | None = field(default_factory=DemandResponse)

    def at_year(self, year: int) -> Scenario:
        """Return the same scenario for another year (demand growth by rate follows the year)."""
        return replace(self, year=_int_value(year, "year", "--year"))

    def load_demand(self) -> Demand:
        """Return the scenario's demand, grown to :attr:`year`.

        Raises
        ------
        DataError
            A growth rule names an unknown group or cannot be applied.
        NotFoundError
            The demand file does not exist.
        """
        path = Path(self.demand_file)
        if not path.is_absolute():
            path = self.demand_base / path
        if path.suffix == ".csv" or path.is_file():
            if not path.is_file():
                msg = f"{self.files[0]}: demand.file {self.demand_file!r}: no such file {path}"
                raise NotFoundError(msg)
            demand = read_demand(path)
        else:
            demand = bundled_demand(self.demand_file)
        for rule in self.growth:
            demand = demand.grown(
                groups=rule.groups,
                factor=rule.factor,
                rate=rule.rate,
                years=self.year - self.demand_year,
                total_tonnes=None if rule.total_mt is None else rule.total_mt * 1e6,
                where=rule.where,
            )
        return demand
