"""Parametric edge costs: time, money, CO2 and risk per TEU, with low / central / high values.

Each link's costs follow from its length, mode and countries and from ``parameters.csv``
(looked up by quantity, mode and country, falling back to ``*``):

- ``km`` — the given length, else great-circle distance × ``detour_factor`` of the mode;
- ``hours`` — ``km / speed_kmd × 24`` (``hours_linehaul``) + border dwell on a land link
  between two countries (``hours_border``; by border regime: inside the EAEU, inside the EU,
  the EU's external border, or the CAREC average elsewhere; a link may override it) + mean
  waiting for a ferry or sea service, half the interval between the sailings of its scheduled
  services (``hours_wait`` = ``84 / frequency_per_week`` hours); on a transfer, its own dwell
  (``hours_transfer``). ``hours`` is exactly the sum of these four parts (in this order);
- ``usd`` — ``km × usd_per_teu_km`` of the mode and country, or the link's own published tariff
  per TEU (``tariff_usd``, e.g. a ferry line's), + the border fee (``usd_border``);
- ``co2_kg`` — ``km × co2_g_per_tkm × t per TEU / 1000`` (sea: ``co2_g_per_teu_km``);
- ``risk`` — expected delay hours: ``km / 1000 × risk_h_per_1000km`` + ``risk_h_per_crossing``
  at a border + the link's own ``risk_hours``.

A transfer costs its own ``hours`` and ``usd`` triples, ``co2_kg_per_transfer`` and no risk.

A route's two ends cost a lift too (:func:`end_costs`, per vertex): a box starting on a node's rail
side is lifted onto the train at a rail terminal, one ending on a sea or ferry side pays port
handling and port dwell, by ``terminal_hours`` and ``terminal_usd`` of the side's mode and the
node's country (``hours_transfer`` part, ``co2_kg_per_transfer``, no risk). Sides without a row
(and the side ``""`` of networks that name no mode) cost nothing.
``hours_low`` / ``hours_high`` pair the fast (high speed, low dwell) and slow extremes;
``usd_low`` / ``usd_high`` likewise.

``usd_feu`` (with ``_low`` / ``_high``) is the same money per FEU (40 ft box): ``usd`` times
``feu_per_teu_usd`` of the edge's mode (a transfer: of mode ``transfer``), the price ratio of a
40 ft to a 20 ft box, so that published FEU rates compare with the model directly (2.0 when the
dataset has no such row).

Capacity (Mt a year per direction): the link's or transfer's own ``capacity_mt`` (basis
``given``); on a ferry link otherwise the sum over its services (a service's ``capacity_mt``, or
for a scheduled service without one ``frequency x 52 x tonnes_per_sailing``; basis
``services``); a sea link carries its services' given capacities, else none (basis ``none``); a
rail link with a known number of tracks takes ``capacity_mt`` of its track class (``rail``,
scope ``single_track`` or ``double_track``; basis ``track class``); any other link takes
``capacity_mt`` of its mode (basis ``default``: every output that depends on it says
"default capacity").

Volume-delay parameters: each link's and transfer's own ``bpr_alpha`` / ``bpr_beta``, else the
``parameters.csv`` defaults by mode and country (links) or by transfer type (mode ``transfer``),
else NaN (the assignment's default applies).

Examples
--------
>>> border_regime("KZ", "RU"), border_regime("CN", "KZ"), border_regime("BY", "PL")
('eaeu', 'default', 'eu_external')
>>> generalized_cost({"hours": [10.0], "usd": [500.0]}, {"hours": 20.0, "usd": 1.0}).tolist()
[700.0]
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from eurasia.corridors.network.codes import TIME_COMPONENTS, TONNES_PER_TEU, Mode
from eurasia.corridors.network.records import (
    Dataset,
    LinkRecord,
    ParameterRecord,
    ServiceRecord,
    Triple,
)
from eurasia.errors import DataError
from eurasia.geo import great_circle_km

__all__ = [
    "CAPACITY_BASES",
    "COST_UNITS",
    "EAEU",
    "EU",
    "FEU_PER_TEU_DEFAULT",
    "EdgeCosts",
    "Parameters",
    "border_regime",
    "edge_costs",
    "end_costs",
    "generalized_cost",
]

FloatArray = npt.NDArray[np.float64]

#: Members of the Eurasian Economic Union (customs union; source ``eaeu-treaty``).
EAEU = frozenset({"AM", "BY", "KG", "KZ", "RU"})
#: Members of the European Union.
EU = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)

#: Unit of every cost the bundled network carries.
COST_UNITS: Mapping[str, str] = {
    "km": "km",
    "hours": "h",
    "hours_low": "h",
    "hours_high": "h",
    "usd": "USD/TEU",
    "usd_low": "USD/TEU",
    "usd_high": "USD/TEU",
    "co2_kg": "kg CO2e/TEU",
    "risk": "h",
    "hours_linehaul": "h",
    "hours_border": "h",
    "hours_wait": "h",
    "hours_transfer": "h",
    "usd_border": "USD/TEU",
    "usd_feu": "USD/FEU",
    "usd_feu_low": "USD/FEU",
    "usd_feu_high": "USD/FEU",
}

#: FEU / TEU price ratio of a dataset whose ``parameters.csv`` has no ``feu_per_teu_usd`` row.
FEU_PER_TEU_DEFAULT = 2.0

#: Where an edge's capacity comes from (see the module docstring).
CAPACITY_BASES = ("given", "services", "track class", "default", "none")


def border_regime(a: str, b: str) -> str | None:
    """Border regime between countries ``a`` and ``b`` (None when they are the same).

    Returns ``eaeu`` (both in the customs union), ``eu`` (both in the EU), ``eu_external``
    (one in the EU) or ``default``.
    """
    if a == b:
        return None
    if a in EAEU and b in EAEU:
        return "eaeu"
    if a in EU and b in EU:
        return "eu"
    if a in EU or b in EU:
        return "eu_external"
    return "default"


class Parameters:
    """Default values from ``parameters.csv``, looked up by quantity, mode and scope.

    Examples
    --------
    >>> p = Parameters([ParameterRecord("speed_kmd", "rail", "*", Triple(1, 2, 3), "km/day", "x")])
    >>> p.get("speed_kmd", "rail", "KZ").central
    2
    """

    def __init__(self, records: Sequence[ParameterRecord]) -> None:
        self._by = {(r.name, r.mode, r.scope): r.value for r in records}

    def find(self, name: str, mode: str, scope: str) -> Triple | None:
        """Return the value for ``(name, mode, scope)``, falling back to ``*`` mode and scope.

        None when no row matches.
        """
        for key in ((name, mode, scope), (name, mode, "*"), (name, "*", scope), (name, "*", "*")):
            if key in self._by:
                return self._by[key]
        return None

    def get(self, name: str, mode: str, scope: str) -> Triple:
        """Return the value for ``(name, mode, scope)``, falling back to ``*`` mode and scope.

        Raises
        ------
        DataError
            No row matches, even with ``*``.
        """
        found = self.find(name, mode, scope)
        if found is not None:
            return found
        msg = (
            f"parameters.csv: no row for name={name!r}, mode={mode!r}, scope={scope!r} "
            "(nor with mode or scope '*')"
        )
        raise DataError(msg)


@dataclass(frozen=True)
class EdgeCosts:
    """Costs of each link (one direction; links are symmetric) and each transfer.

    ``link_costs`` and ``transfer_costs`` map cost names (see :data:`COST_UNITS`) to arrays
    aligned with ``Dataset.links`` and ``Dataset.transfers``; capacities are Mt a year per
    direction (``inf`` when not constraining); ``length_method`` says where each km came from;
    ``*_bpr_alpha`` / ``*_bpr_beta`` are the volume-delay parameters of each link and transfer.
    """

    link_costs: Mapping[str, FloatArray]
    transfer_costs: Mapping[str, FloatArray]
    link_capacity: FloatArray
    transfer_capacity: FloatArray
    link_capacity_basis: tuple[str, ...]
    transfer_capacity_basis: tuple[str, ...]
    length_method: tuple[str, ...]
    link_bpr_alpha: FloatArray
    link_bpr_beta: FloatArray
    transfer_bpr_alpha: FloatArray
    transfer_bpr_beta: FloatArray


def _link_km(
    link: LinkRecord, coords: Mapping[str, tuple[float, float]], params: Parameters
) -> tuple[float, str]:
    if link.length_km is not None:
        return link.length_km, link.length_source
    (lon1, lat1), (lon2, lat2) = coords[link.source], coords[link.target]
    factor = params.get("detour_factor", link.mode, "*").central
    km = great_circle_km(lat1, lon1, lat2, lon2) * factor
    return km, f"estimate:great-circle x {factor:g} ({link.mode} detour factor)"


def edge_costs(dataset: Dataset, *, tonnes_per_teu: float = TONNES_PER_TEU) -> EdgeCosts:
    """Compute every link's and transfer's costs from the dataset and its parameters.

    Parameters
    ----------
    dataset
        Checked records (see :func:`eurasia.corridors.network.validation.check_dataset`).
    tonnes_per_teu
        Cargo per TEU used with per-tonne-km emission factors.

    Returns
    -------
    EdgeCosts

    Raises
    ------
    DataError
        A parameter needed by some link or transfer is missing from ``parameters.csv``.

    Examples
    --------
    >>> from eurasia.corridors.io.dataset import read_dataset
    >>> costs = edge_costs(read_dataset())
    >>> parts = sum(costs.link_costs[name] for name in TIME_COMPONENTS)
    >>> bool((parts == costs.link_costs["hours"]).all())
    True
    """
    params = Parameters(dataset.parameters)
    coords = {n.id: (n.lon, n.lat) for n in dataset.nodes}
    country = {n.id: n.country for n in dataset.nodes}
    services: dict[str, list[ServiceRecord]] = {}
    for service in dataset.services:
        services.setdefault(service.link, []).append(service)
    names = tuple(COST_UNITS)
    cols: dict[str, list[float]] = {name: [] for name in names}
    capacity: list[float] = []
    bases: list[str] = []
    methods: list[str] = []
    bpr: dict[str, list[float]] = {"alpha": [], "beta": []}
    for link in dataset.links:
        km, method = _link_km(link, coords, params)
        methods.append(method)
        here = country[link.source]
        speed = params.get("speed_kmd", link.mode, here)
        if link.speed_kmd is not None:
            speed = Triple(link.speed_kmd, link.speed_kmd, link.speed_kmd)
        haul = Triple(km / speed.high * 24, km / speed.central * 24, km / speed.low * 24)
        dwell, fee, cross_risk = Triple(0, 0, 0), Triple(0, 0, 0), 0.0
        regime = border_regime(here, country[link.target])
        if regime is not None and link.mode in (Mode.RAIL, Mode.ROAD):
            dwell = link.border_hours or params.get("border_hours", link.mode, regime)
            fee = params.get("border_usd", link.mode, regime)
            cross_risk = params.get("risk_h_per_crossing", link.mode, regime).central
        wait = Triple(0, 0, 0)
        per_week = sum(
            s.frequency_per_week for s in services.get(link.id, ()) if s.frequency_per_week
        )
        if per_week:
            interval = 168.0 / per_week
            wait = Triple(0.0, interval / 2, interval)
        rate = params.get("usd_per_teu_km", link.mode, here)
        if link.mode == Mode.SEA:
            co2 = km * params.get("co2_g_per_teu_km", link.mode, here).central / 1000
        else:
            co2 = km * params.get("co2_g_per_tkm", link.mode, here).central * tonnes_per_teu / 1000
        risk = km / 1000 * params.get("risk_h_per_1000km", link.mode, here).central
        risk += cross_risk + (link.risk_hours or 0.0)
        parts = (haul.central, dwell.central, wait.central, 0.0)
        for name, value in zip(TIME_COMPONENTS, parts, strict=True):
            cols[name].append(value)
        cols["km"].append(km)
        cols["hours_low"].append(haul.low + dwell.low + wait.low)
        cols["hours"].append(parts[0] + parts[1] + parts[2] + parts[3])
        cols["hours_high"].append(haul.high + dwell.high + wait.high)
        money = Triple(km * rate.low, km * rate.central, km * rate.high)
        if link.tariff_usd is not None:  # the link's own published tariff per TEU
            money = link.tariff_usd
        cols["usd_low"].append(money.low + fee.low)
        cols["usd"].append(money.central + fee.central)
        cols["usd_high"].append(money.high + fee.high)
        cols["usd_border"].append(fee.central)
        cols["co2_kg"].append(co2)
        cols["risk"].append(risk)
        cap, basis = _link_capacity(link, services.get(link.id, []), params)
        capacity.append(cap)
        bases.append(basis)
        _append_feu(cols, _feu_ratio(params, link.mode, here))
        for key, given in (("alpha", link.bpr_alpha), ("beta", link.bpr_beta)):
            bpr[key].append(_bpr(given, params.find(f"bpr_{key}", link.mode, here)))
    tcols: dict[str, list[float]] = {name: [] for name in names}
    tbpr: dict[str, list[float]] = {"alpha": [], "beta": []}
    per_transfer = params.get("co2_kg_per_transfer", "*", "*").central if dataset.transfers else 0
    for t in dataset.transfers:
        for suffix, pick in (("_low", 0), ("", 1), ("_high", 2)):
            tcols[f"hours{suffix}"].append((t.hours.low, t.hours.central, t.hours.high)[pick])
            tcols[f"usd{suffix}"].append((t.usd.low, t.usd.central, t.usd.high)[pick])
        tparts = (0.0, 0.0, 0.0, t.hours.central)
        for name, value in zip(TIME_COMPONENTS, tparts, strict=True):
            tcols[name].append(value)
        tcols["hours"][-1] = tparts[0] + tparts[1] + tparts[2] + tparts[3]
        tcols["usd_border"].append(0.0)
        _append_feu(tcols, _feu_ratio(params, "transfer", t.type))
        tcols["km"].append(0.0)
        tcols["co2_kg"].append(per_transfer)
        tcols["risk"].append(0.0)
        for key, given in (("alpha", t.bpr_alpha), ("beta", t.bpr_beta)):
            tbpr[key].append(_bpr(given, params.find(f"bpr_{key}", "transfer", t.type)))

    def array(values: list[float]) -> FloatArray:
        return np.asarray(values, dtype=np.float64)

    return EdgeCosts(
        link_costs={k: array(v) for k, v in cols.items()},
        transfer_costs={k: array(v) for k, v in tcols.items()},
        link_capacity=array(capacity),
        transfer_capacity=array(
            [math.inf if t.capacity_mt is None else t.capacity_mt for t in dataset.transfers]
        ),
        link_capacity_basis=tuple(bases),
        transfer_capacity_basis=tuple(
            "none" if t.capacity_mt is None else "given" for t in dataset.transfers
        ),
        length_method=tuple(methods),
        link_bpr_alpha=array(bpr["alpha"]),
        link_bpr_beta=array(bpr["beta"]),
        transfer_bpr_alpha=array(tbpr["alpha"]),
        transfer_bpr_beta=array(tbpr["beta"]),
    )


def end_costs(
    dataset: Dataset, vertex_node: Sequence[int], vertex_side: Sequence[str]
) -> dict[str, FloatArray]:
    """Return what a route pays to start or end on each vertex (see the module docstring).

    Columns as :data:`COST_UNITS`, aligned with the vertices (``vertex_node`` numbers index
    ``dataset.nodes``).

    Examples
    --------
    >>> from eurasia.corridors.io.dataset import read_dataset
    >>> ds = read_dataset()
    >>> ends = end_costs(ds, [0, 0, 0], ["rail-1520", "sea", ""])
    >>> bool(ends["hours"][1] > ends["hours"][0] > ends["hours"][2] == 0)
    True
    """
    params = Parameters(dataset.parameters)
    co2 = params.find("co2_kg_per_transfer", "*", "*")
    ratio = _feu_ratio(params, "transfer", "*")
    zero = Triple(0, 0, 0)
    cols: dict[str, list[float]] = {name: [] for name in COST_UNITS}
    for node, side in zip(vertex_node, vertex_side, strict=True):
        mode, country = side.split("-")[0], dataset.nodes[node].country
        hours = params.find("terminal_hours", mode, country) if mode else None
        usd = params.find("terminal_usd", mode, country) if mode else None
        row = dict.fromkeys(COST_UNITS, 0.0)
        if hours is not None or usd is not None:
            hours, usd = hours or zero, usd or zero
            row.update(hours_low=hours.low, hours=hours.central, hours_high=hours.high)
            row.update(usd_low=usd.low, usd=usd.central, usd_high=usd.high)
            row.update(hours_transfer=hours.central, co2_kg=0.0 if co2 is None else co2.central)
        for name, value in row.items():
            if not name.startswith("usd_feu"):
                cols[name].append(value)
        _append_feu(cols, ratio)
    return {name: np.asarray(values, dtype=np.float64) for name, values in cols.items()}


def _append_feu(cols: dict[str, list[float]], ratio: float) -> None:
    """Append the last edge's USD per FEU (low, central, high): its USD per TEU times ``ratio``."""
    for suffix in ("_low", "", "_high"):
        cols[f"usd_feu{suffix}"].append(cols[f"usd{suffix}"][-1] * ratio)


def _feu_ratio(params: Parameters, mode: str, scope: str) -> float:
    """USD per FEU over USD per TEU; 2.0 (a 40 ft box priced as two TEU) without a row."""
    found = params.find("feu_per_teu_usd", mode, scope)
    return FEU_PER_TEU_DEFAULT if found is None else found.central


def _bpr(given: float | None, default: Triple | None) -> float:
    """Return an edge's own BPR parameter, else the default; NaN (the assignment's) without one."""
    if given is not None:
        return given
    return math.nan if default is None else default.central


def _link_capacity(
    link: LinkRecord, services: Sequence[ServiceRecord], params: Parameters
) -> tuple[float, str]:
    """Return a link's capacity (Mt a year per direction) and where it comes from."""
    if link.capacity_mt is not None:
        return link.capacity_mt, "given"
    if link.mode not in (Mode.FERRY, Mode.SEA):
        if link.mode == Mode.RAIL and link.tracks is not None:
            scope = "double_track" if link.tracks >= 2 else "single_track"
            return params.get("capacity_mt", link.mode, scope).central, "track class"
        return params.get("capacity_mt", link.mode, "*").central, "default"
    if link.mode == Mode.SEA and all(s.capacity_mt is None for s in services):
        return math.inf, "none"
    if not services:
        return math.inf, "none"
    total = 0.0
    for service in services:
        if service.capacity_mt is not None:
            total += service.capacity_mt
        elif service.frequency_per_week is not None:
            tonnes = params.get("tonnes_per_sailing", link.mode, "*").central
            total += service.frequency_per_week * 52 * tonnes / 1e6
    return total, "services"


def generalized_cost(
    costs: Mapping[str, npt.ArrayLike], weights: Mapping[str, float]
) -> FloatArray:
    """Weighted sum of cost columns, e.g. ``{"hours": value_of_time, "usd": 1.0}``.

    Raises
    ------
    DataError
        A weight names a cost that is not there, or a weight is negative or not finite.
    """
    total: FloatArray | None = None
    for name, weight in weights.items():
        if name not in costs:
            msg = f"generalized cost: no cost named {name!r}; costs: {sorted(costs)}"
            raise DataError(msg)
        if not (math.isfinite(weight) and weight >= 0):
            msg = f"generalized cost: weight of {name!r} must be finite and >= 0, got {weight!r}"
            raise DataError(msg)
        term = np.asarray(costs[name], dtype=np.float64) * weight
        total = term if total is None else total + term
    if total is None:
        msg = "generalized cost: give at least one weight"
        raise DataError(msg)
    return total
