"""Rules in force turned into what a search or an assignment uses: one function for all.

:func:`cargo_effects` gives, for one cargo (origin and destination countries, commodity) on one
date, the edges closed to it, the perceived penalty on each edge (USD a tonne), the factor an
agreed through tariff puts on each edge's money, and the rules that did something. Routing adds
the penalty to its objective, drops the closed edges and prices the edges at their tariff
(:func:`with_tariff`); the freight assignment gives every OD pair with the same effects its own
traffic class with that mask and extra cost (a tariff is a negative one); scenarios pass their
rule files and year. :func:`harmonise` applies the harmonisation rows (shorter dwell and lower
border fees at the selected crossings) to the network itself, for every cargo.

Rules are taken as in force at mid-year (1 July) of the year asked for (:func:`rule_date`).

Examples
--------
>>> import datetime as dt
>>> from eurasia.corridors.network.model import Network
>>> from eurasia.corridors.rules.table import Rule
>>> net = Network.from_edges(["a", "b", "a"], ["b", "c", "c"], {"hours": [1.0, 1.0, 9.0]},
...                          nodes={"country": ["CN", "IR", "TR"]})
>>> ban = Rule("ir", "penalty", dt.date(2018, 11, 5), countries=("IR",), transit_only=True,
...            usd_per_tonne=60.0)
>>> fx = cargo_effects([ban], net, origin_country="CN", destination_country="TR",
...                    commodity="containers", on=dt.date(2024, 7, 1))
>>> fx.penalty_usd_t.tolist(), fx.rules
([60.0, 0.0, 60.0], ('ir',))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from eurasia.corridors.graph.types import BoolArray, FloatArray
from eurasia.corridors.network.model import Network
from eurasia.corridors.network.views import corridor_edges
from eurasia.corridors.rules.table import Rule, bundled_rules_path, read_rules

__all__ = [
    "CargoEffects",
    "bundled_rule_names",
    "cargo_effects",
    "harmonise",
    "load_rules",
    "rule_date",
    "rule_mask",
    "rule_path",
    "with_tariff",
]


@dataclass(frozen=True)
class CargoEffects:
    """What the rules in force do to one cargo on one network.

    Attributes
    ----------
    closed
        Per edge: closed to this cargo.
    penalty_usd_t
        Per edge: perceived extra cost in USD a tonne.
    rules
        Ids of the rules in force that close, penalise or price at least one edge for this cargo.
    usd_factor
        Per edge: the through tariff's factor on the edge's money (1 where no tariff applies).
    """

    closed: BoolArray
    penalty_usd_t: FloatArray
    rules: tuple[str, ...]
    usd_factor: FloatArray

    def key(self) -> bytes:
        """Bytes identifying the effects (cargo with equal keys can share a traffic class)."""
        parts = (self.penalty_usd_t.tobytes(), self.usd_factor.tobytes())
        return np.packbits(self.closed).tobytes() + b"".join(parts)


def rule_date(year: int | None) -> dt.date:
    """Return the date rules are taken in force on for ``year``: 1 July, or today without a year.

    Examples
    --------
    >>> rule_date(2024)
    datetime.date(2024, 7, 1)
    """
    return dt.date.today() if year is None else dt.date(int(year), 7, 1)


def load_rules(names: Sequence[str] = ("rules",), *, base: Path | None = None) -> tuple[Rule, ...]:
    """Read rules from bundled names (``rules``, ``rules_harmonised_titr``) or CSV paths.

    The files are checked together: ids unique and no overlapping rows across the files.

    Raises
    ------
    DataError
        As :func:`~eurasia.corridors.rules.table.read_rules`, or an id repeated across files.
    NotFoundError
        A file does not exist.

    Examples
    --------
    >>> [r.id for r in load_rules()][:2]
    ['iran-secondary-sanctions', 'caucasus-turkey-avoid-russia']
    """
    from eurasia.corridors.rules.table import _check_overlaps
    from eurasia.errors import DataError

    out: list[Rule] = []
    seen: dict[str, str] = {}
    for name in names:
        for rule in read_rules(rule_path(name, base=base)):
            if rule.id in seen:
                msg = f"{rule.where}, field 'id': rule {rule.id!r} is also in {seen[rule.id]}"
                raise DataError(msg)
            seen[rule.id] = rule.where
            out.append(rule)
    _check_overlaps(out)
    return tuple(out)


def rule_path(name: str, *, base: Path | None = None) -> Path:
    """Return the file of a rule set: a bundled name (``rules``) or a CSV path.

    A relative CSV path is taken from ``base`` when given (a scenario's folder).

    Examples
    --------
    >>> rule_path("rules") == bundled_rules_path()
    True
    >>> rule_path("mine.csv", base=Path("/scenarios")).as_posix()
    '/scenarios/mine.csv'
    """
    path = Path(name)
    if path.suffix != ".csv":
        return bundled_rules_path().parent / f"{name}.csv"
    if not path.is_absolute() and base is not None:
        return base / path
    return path


def rule_mask(rule: Rule, network: Network, countries: Iterable[str] | None = None) -> BoolArray:
    """Edges a rule selects (every given selector must match).

    ``countries`` replaces the rule's own (e.g. without the cargo's end countries for a transit-only
    rule).

    Examples
    --------
    >>> import datetime as dt
    >>> net = Network.from_edges(["a", "b"], ["b", "c"], nodes={"country": ["KZ", "RU", "BY"]})
    >>> rule_mask(Rule("r", "closure", dt.date(2024, 1, 1), countries=("RU",)), net).tolist()
    [True, True]
    """
    chosen = rule.countries if countries is None else tuple(countries)
    keep = np.ones(network.n_edges, dtype=bool)
    if rule.countries:
        keep &= np.isin(network.edge_country, chosen) | np.isin(network.edge_country_to, chosen)
    if rule.crossings:
        keep &= np.isin(network.edge_id, rule.crossings)
    if rule.corridors:
        keep &= corridor_edges(network, rule.corridors)
    if rule.modes:
        keep &= np.isin(network.edge_mode, rule.modes)
    return keep


def cargo_effects(
    rules: Sequence[Rule],
    network: Network,
    *,
    origin_country: str,
    destination_country: str,
    commodity: str,
    on: dt.date,
) -> CargoEffects:
    """Return closed edges, penalties, tariff factors and the rules that acted, for one cargo.

    Harmonisation rows are not cargo effects (see :func:`harmonise`) and are skipped. Tariffs
    multiply: an edge two tariffs select pays both factors.
    """
    closed = np.zeros(network.n_edges, dtype=bool)
    penalty = np.zeros(network.n_edges, dtype=np.float64)
    factor = np.ones(network.n_edges, dtype=np.float64)
    acted: list[str] = []
    for rule in rules:
        if rule.kind == "harmonisation" or not rule.in_force(on):
            continue
        if not rule.covers(origin_country, destination_country, commodity):
            continue
        countries = rule.countries_for(origin_country, destination_country)
        if rule.countries and not countries:
            continue
        mask = rule_mask(rule, network, countries)
        if not mask.any():
            continue
        if rule.kind == "closure":
            closed |= mask
        elif rule.kind == "tariff":
            factor[mask] *= rule.usd_factor
        else:
            penalty[mask] += rule.usd_per_tonne
        acted.append(rule.id)
    return CargoEffects(closed=closed, penalty_usd_t=penalty, rules=tuple(acted), usd_factor=factor)


#: The money columns a through tariff scales.
_MONEY = ("usd", "usd_low", "usd_high", "usd_border", "usd_feu", "usd_feu_low", "usd_feu_high")


def with_tariff(network: Network, usd_factor: npt.ArrayLike) -> Network:
    """Return the network with each edge's money times its through-tariff factor.

    Examples
    --------
    >>> net = Network.from_edges(["a"], ["b"], {"hours": [1.0], "usd": [100.0]})
    >>> with_tariff(net, [0.5]).costs["usd"].tolist()
    [50.0]
    """
    from eurasia.corridors.network.rebuild import with_edges

    factor = np.asarray(usd_factor, dtype=np.float64)
    if np.all(factor == 1.0):
        return network
    costs = {name: np.asarray(values, dtype=np.float64) for name, values in network.costs.items()}
    for name in _MONEY:
        if name in costs:
            costs[name] = costs[name] * factor
    return with_edges(network, costs=costs)


def harmonise(
    network: Network, rules: Sequence[Rule], *, on: dt.date
) -> tuple[Network, tuple[str, ...]]:
    """Return the network with the harmonisation rules in force on ``on`` applied, and their ids.

    A measure acts on the cross-border links the rule selects (their border dwell
    ``hours_border`` times ``hours_factor``, their fee ``usd_border`` times ``usd_factor``) and
    on the transfers at those links' ends (their dwell ``hours_transfer`` times
    ``hours_factor``); ``hours``, ``usd`` and the ``_low`` / ``_high`` and per-FEU columns
    follow. Measures multiply. A network without the time parts is returned unchanged.

    Examples
    --------
    >>> import datetime as dt
    >>> from eurasia.corridors.rules.table import Rule
    >>> net = Network.from_edges(["a"], ["b"], {"hours": [30.0], "hours_linehaul": [10.0],
    ...     "hours_border": [20.0], "hours_wait": [0.0], "hours_transfer": [0.0]},
    ...     nodes={"country": ["KZ", "CN"]})
    >>> rule = Rule("j", "harmonisation", dt.date(2026, 1, 1), countries=("CN",),
    ...             measure="joint_control", hours_factor=0.5, usd_factor=1.0)
    >>> harmonise(net, [rule], on=dt.date(2027, 7, 1))[0].costs["hours"].tolist()
    [20.0]
    """
    from eurasia.corridors.network.codes import TIME_COMPONENTS
    from eurasia.corridors.network.rebuild import with_edges

    active = [r for r in rules if r.kind == "harmonisation" and r.in_force(on)]
    costs = network.costs
    if not active or not all(name in costs for name in TIME_COMPONENTS):
        return network, ()
    m = network.n_edges
    hours_f = np.ones(m)
    usd_f = np.ones(m)
    is_transfer = network.edge_kind == "transfer"
    border = (network.edge_country != network.edge_country_to) & ~is_transfer
    vnode = network.vertex_node
    applied: list[str] = []
    for rule in active:
        links = rule_mask(rule, network) & border
        if not links.any():
            continue
        ends = np.unique(
            np.r_[vnode[network.edge_source[links]], vnode[network.edge_target[links]]]
        )
        at_ends = is_transfer & np.isin(vnode[network.edge_source], ends)
        hours_f[links | at_ends] *= rule.hours_factor
        usd_f[links] *= rule.usd_factor
        applied.append(rule.id)
    if not applied:
        return network, ()
    new = {name: np.array(values, dtype=np.float64) for name, values in costs.items()}
    old_hours = new["hours"].copy()
    new["hours_border"] = new["hours_border"] * np.where(is_transfer, 1.0, hours_f)
    new["hours_transfer"] = new["hours_transfer"] * np.where(is_transfer, hours_f, 1.0)
    new["hours"] = sum((new[name] for name in TIME_COMPONENTS), np.zeros(m))
    ratio = np.divide(new["hours"], old_hours, out=np.ones(m), where=old_hours > 0)
    for name in ("hours_low", "hours_high"):
        if name in new:
            new[name] = new[name] * ratio
    if "usd_border" in new and "usd" in new:
        old_usd = new["usd"].copy()
        saved = new["usd_border"] * (1.0 - usd_f)
        new["usd_border"] = new["usd_border"] - saved
        new["usd"] = np.maximum(new["usd"] - saved, 0.0)
        usd_ratio = np.divide(new["usd"], old_usd, out=np.ones(m), where=old_usd > 0)
        for name in ("usd_low", "usd_high", "usd_feu", "usd_feu_low", "usd_feu_high"):
            if name in new:
                new[name] = new[name] * usd_ratio
    return with_edges(network, costs=new), tuple(applied)


def bundled_rule_names() -> tuple[str, ...]:
    """Names of the bundled rule files (``data/rules*.csv`` stems).

    Examples
    --------
    >>> bundled_rule_names()
    ('rules', 'rules_eu_transit_ban', 'rules_harmonised_titr')
    """
    return tuple(sorted(p.stem for p in bundled_rules_path().parent.glob("rules*.csv")))
