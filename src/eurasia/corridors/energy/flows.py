"""Export flows by route, commodity and year, stored as indicator observations.

``indicators/data/energy_exports.csv`` has the observatory's observation columns. Each row is one
annual export volume: ``indicator`` is ``energy.exports.<commodity>.<route>`` (a route id of
``routes.csv``) or ``energy.exports.<commodity>.total`` (the national total), ``ref_area`` is
``KAZ`` and ``flow`` is ``X``. The unit must convert to the commodity's (Mt from ``t`` with
``unit_mult`` 6, bcm from ``m3`` with 9, ``tU``). One value per route, year and status: a second
actual (or a second estimate) for the same route and year is an overlap and an error.

:func:`energy_observatory` turns the flows into an :class:`~eurasia.indicators.observatory.Observatory`
(sources and one indicator per route) for the indicator charts and pages; :func:`owid_production`
reads crude and gas production from the OWID energy file in ``shared/data/owid`` (never copied).

Examples
--------
>>> from eurasia.corridors.energy.dataset import read_energy_dataset
>>> ds = read_energy_dataset()
>>> ds.route_flows(2023, "crude")["cpc"]
56.0
>>> obs = energy_observatory(ds)
>>> [o.value for o in obs.series("energy.exports.uranium.u-titr")]
[2200.0, 2300.0]
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from eurasia.errors import DataError
from eurasia.indicators import csvio
from eurasia.indicators.model import Indicator
from eurasia.indicators.observatory import Observatory

from .units import CANONICAL_UNITS, COMMODITIES, check_commodity, to_canonical

if TYPE_CHECKING:
    from .dataset import EnergyDataset, Flow

__all__ = [
    "OWID_FILE",
    "TWH_PER_BCM",
    "TWH_PER_MT",
    "Production",
    "energy_observatory",
    "flow_table",
    "owid_production",
    "read_flows",
]

#: Energy Institute conversion factors (source bp-conversion): 1 Mt oil = 11.63 TWh, 1 bcm gas
#: = 10.35 TWh (gross calorific value, as OWID's production columns use).
TWH_PER_MT = 11.63
TWH_PER_BCM = 10.35
#: The OWID file inside a ``shared/data`` folder.
OWID_FILE = Path("owid") / "owid-energy-kazakhstan.csv"


def read_flows(path: Path, ds: EnergyDataset) -> list[Flow]:
    """Read the flow observations of ``path`` and check them against the dataset's routes.

    Raises
    ------
    DataError
        Naming file, line and field: unknown commodity or route, a unit that does not convert,
        a non-annual or non-Kazakh row, or two values for one route, year and status.
    """
    from .dataset import Flow

    observations = csvio.read_observations(path)
    out: list[Flow] = []
    seen: dict[tuple[str, str, int, str], int] = {}
    for index, o in enumerate(observations):
        line = index + 2  # one header line; csvio refuses blank and short rows
        where = f"{path.name} line {line}, field "
        parts = o.indicator.split(".")
        if len(parts) != 4 or parts[:2] != ["energy", "exports"]:
            msg = f"{where}'indicator': expected energy.exports.<commodity>.<route>, got {o.indicator!r}"
            raise DataError(msg)
        commodity = check_commodity(parts[2], where=f"{where}'indicator': ")
        route = parts[3]
        if route != "total":
            if route not in ds.routes:
                msg = f"{where}'indicator': unknown route {route!r} (routes.csv)"
                raise DataError(msg)
            if ds.routes[route].commodity != commodity:
                msg = f"{where}'indicator': route {route!r} carries {ds.routes[route].commodity}, not {commodity}"
                raise DataError(msg)
        if o.ref_area != "KAZ" or o.flow != "X":
            msg = (
                f"{where}'ref_area': expected ref_area KAZ and flow X, got {o.ref_area} / {o.flow}"
            )
            raise DataError(msg)
        if o.freq != "A":
            msg = f"{where}'freq': expected annual flows (A), got {o.freq!r}"
            raise DataError(msg)
        if o.source_id not in ds.sources:
            msg = f"{where}'source_id': unknown source {o.source_id!r} (sources.csv)"
            raise DataError(msg)
        value = to_canonical(
            o.value, o.unit, commodity=commodity, unit_mult=o.unit_mult, where=f"{where}'unit': "
        )
        if value < 0:
            msg = f"{where}'value': an export volume cannot be negative, got {o.value}"
            raise DataError(msg)
        year = int(o.period)
        key = (commodity, route, year, o.obs_status)
        if key in seen:
            msg = (
                f"{where}'period': {o.indicator} {year} (status {o.obs_status}) overlaps line "
                f"{seen[key]}; keep one value per route, year and status"
            )
            raise DataError(msg)
        seen[key] = line
        out.append(
            Flow(
                route,
                commodity,
                year,
                value,
                o.obs_status,
                o.source_id,
                o.definition_note,
                o.source_locator,
                line,
            )
        )
    return out


def flow_table(ds: EnergyDataset, commodity: str) -> list[dict[str, object]]:
    """One row per route and year: model value, status, source (for tables, charts and CSV).

    Examples
    --------
    >>> from eurasia.corridors.energy.dataset import read_energy_dataset
    >>> rows = flow_table(read_energy_dataset(), "gas")
    >>> [(r["route"], r["year"], r["value"]) for r in rows][:2]
    [('gas-china', 2019, 7.5), ('gas-china', 2022, 5.5)]
    """
    check_commodity(commodity)
    out: list[dict[str, object]] = []
    rank = {"A": 0, "P": 1, "E": 2, "F": 3}
    for route in ds.routes_of(commodity):
        by_year: dict[int, Flow] = {}
        for f in ds.flows:
            if f.route == route.id and f.commodity == commodity:
                old = by_year.get(f.year)
                if old is None or rank[f.obs_status] < rank[old.obs_status]:
                    by_year[f.year] = f
        for year in sorted(by_year):
            f = by_year[year]
            out.append(
                {
                    "route": route.id,
                    "year": year,
                    "value": f.value,
                    "unit": CANONICAL_UNITS[commodity],
                    "status": f.obs_status,
                    "source": f.source_id,
                    "note": f.note,
                }
            )
    return out


def energy_observatory(ds: EnergyDataset) -> Observatory:
    """Return the flows as an observatory: the sources they cite, one indicator per route, the observations.

    :func:`eurasia.indicators.bundled.bundled_observatory` merges it, so ``eurasia db load``
    stores the flows as indicator observations and the indicator pages chart them.

    The indicators' codes are those of the flows file; units are Mt, bcm and tU (as ``t`` with
    unit_mult 6, ``m3`` with 9, ``tU`` with 0).
    """
    obs = Observatory()
    cited = {f.source_id for f in ds.flows}
    for source in ds.sources.values():
        if source.id in cited:  # only these: merged into the bundled observatory, others stay
            obs.add_source(source)
    unit = {"crude": ("t", 6), "gas": ("m3", 9), "uranium": ("tU", 0)}
    for commodity in COMMODITIES:
        names = [(r.id, r.name) for r in ds.routes_of(commodity)] + [("total", "all routes")]
        for rid, name in names:
            code = f"energy.exports.{commodity}.{rid}"
            obs.add_indicator(
                Indicator(
                    code=code,
                    name=f"Kazakhstan {commodity} exports: {name}",
                    unit=unit[commodity][0],
                    unit_mult=unit[commodity][1],
                    topic="energy",
                    description=f"Annual {commodity} exports by route ({CANONICAL_UNITS[commodity]}).",
                )
            )
    from eurasia.indicators.model import Observation

    mult = {c: 10.0 ** unit[c][1] for c in unit}
    factor = {"crude": 1e6, "gas": 1e9, "uranium": 1.0}
    obs.add_observations(
        Observation(
            indicator=f"energy.exports.{f.commodity}.{f.route}",
            ref_area="KAZ",
            period=str(f.year),
            value=float(f"{f.value * factor[f.commodity] / mult[f.commodity]:.12g}"),
            unit=unit[f.commodity][0],
            unit_mult=unit[f.commodity][1],
            flow="X",
            source_id=f.source_id,
            obs_status=f.obs_status,
            definition_note=f.note,
            source_locator=f.locator,
        )
        for f in ds.flows
    )
    return obs


@dataclass(frozen=True)
class Production:
    """Annual production from OWID in TWh and in Mt (crude) or bcm (gas)."""

    year: int
    commodity: str
    twh: float
    volume: float


def owid_production(shared_data: Path) -> list[Production]:
    r"""Crude and gas production of Kazakhstan from the OWID energy file in ``shared_data``.

    Parameters
    ----------
    shared_data
        The ``shared/data`` folder (it holds ``owid/owid-energy-kazakhstan.csv``).

    Returns
    -------
    list of Production
        Years with a value, converted at :data:`TWH_PER_MT` and :data:`TWH_PER_BCM`.

    Raises
    ------
    DataError
        If the file is missing or a cell is not a number (naming line and column).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> (root / "owid").mkdir()
    >>> _ = (root / OWID_FILE).write_text("country,year,oil_production,gas_production\n"
    ...                                   "Kazakhstan,2023,1046.429,295.361\n")
    >>> [(p.commodity, round(p.volume, 1)) for p in owid_production(root)]
    [('crude', 90.0), ('gas', 28.5)]
    """
    path = Path(shared_data) / OWID_FILE
    if not path.is_file():
        msg = f"{path}: OWID energy file not found (expected shared/data/{OWID_FILE})"
        raise DataError(msg)
    out: list[Production] = []
    columns = {"crude": ("oil_production", TWH_PER_MT), "gas": ("gas_production", TWH_PER_BCM)}
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            if row.get("country") != "Kazakhstan":
                continue
            for commodity, (column, per) in columns.items():
                text = (row.get(column) or "").strip()
                if not text:
                    continue
                try:
                    twh = float(text)
                    year = int(row["year"])
                except ValueError:
                    msg = f"{path.name} line {reader.line_num}, field {column!r}: expected a number, got {text!r}"
                    raise DataError(msg) from None
                out.append(Production(year, commodity, twh, twh / per))
    return out
