"""Regenerate the project's curated, cited extract from the real public files in ``shared/data``.

The extract keeps Kazakhstan's rows of every WDI package (and, for container port traffic, where
Kazakhstan has none being landlocked, the corridor neighbours' ports), the electricity columns of the
OWID energy file, and two derived series that say how they were derived: merchandise trade turnover
(WDI exports + imports) and the wind + solar share of electricity (OWID wind + solar shares). It is
written with :mod:`eurasia.indicators.csvio` into ``indicators/data/extract_*.csv``; the source
files themselves are never copied. Run ``eurasia indicators extract``.

Examples
--------
>>> sorted(WDI_AREAS["is.shp.good.tu"])
['CHN', 'GEO', 'RUS', 'TUR']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from eurasia.errors import DataError
from eurasia.indicators import csvio
from eurasia.indicators.datapackage import WDI_SOURCE_ID, read_datapackage
from eurasia.indicators.model import Indicator, Observation, Source
from eurasia.indicators.owid import OWID_ENERGY_SOURCE_ID, read_owid

__all__ = [
    "EXTRACT_FILES",
    "OWID_COLUMNS",
    "OWID_VINTAGE",
    "WDI_AREAS",
    "WDI_VINTAGE",
    "Extract",
    "build_extract",
    "write_extract",
]

#: The stored WDI packages are the repository datasets/world-development-indicators at commit
#: 4ebec5a2273f531ba238a34dbe440394dc5a6c4b (2026-07-01); the OWID file is owid/energy-data at
#: commit e7897aed55b514b8d16e0a3d8f1518789ac3de31 (see shared/data/*/SOURCE.md).
WDI_VINTAGE = "2026-07-01"
OWID_VINTAGE = "e7897aed"
#: Areas kept per WDI package (default: Kazakhstan only).
WDI_AREAS: dict[str, frozenset[str]] = {"is.shp.good.tu": frozenset({"CHN", "GEO", "RUS", "TUR"})}
DEFAULT_AREAS = frozenset({"KAZ"})
#: OWID energy columns kept: electricity by source and renewables shares.
OWID_COLUMNS: tuple[str, ...] = (
    "electricity_generation",
    "coal_electricity",
    "gas_electricity",
    "oil_electricity",
    "hydro_electricity",
    "wind_electricity",
    "solar_electricity",
    "biofuel_electricity",
    "other_renewable_electricity",
    "renewables_electricity",
    "coal_share_elec",
    "gas_share_elec",
    "hydro_share_elec",
    "wind_share_elec",
    "solar_share_elec",
    "renewables_share_elec",
    "low_carbon_share_elec",
    "renewables_share_energy",
)
EXTRACT_FILES = ("extract_sources.csv", "extract_indicators.csv", "extract_observations.csv")


@dataclass
class Extract:
    """The curated extract: its sources, indicators and observations."""

    sources: list[Source]
    indicators: list[Indicator]
    observations: list[Observation]


def build_extract(shared_data: Path) -> Extract:
    """Read ``shared_data/wdi/*`` and ``shared_data/owid`` and select the curated rows.

    Raises
    ------
    DataError
        If a folder is missing or a file does not import.
    """
    shared_data = Path(shared_data)
    wdi_root = shared_data / "wdi"
    owid_file = shared_data / "owid" / "owid-energy-kazakhstan.csv"
    packages = sorted(p for p in wdi_root.glob("*") if (p / "datapackage.json").is_file())
    if not packages or not owid_file.is_file():
        msg = (
            f"{shared_data}: expected wdi/<indicator>/datapackage.json folders and {owid_file.name}"
        )
        raise DataError(msg)
    sources: dict[str, Source] = {}
    indicators: dict[str, Indicator] = {}
    observations: list[Observation] = []
    for package in packages:
        result = read_datapackage(package, vintage=WDI_VINTAGE)
        areas = WDI_AREAS.get(package.name, DEFAULT_AREAS)
        sources.update(result.observatory.sources)
        indicators.update(result.observatory.indicators)
        observations += [o for o in result.observations if o.ref_area in areas]
    owid = read_owid(owid_file, columns=OWID_COLUMNS, vintage=OWID_VINTAGE)
    sources.update(owid.observatory.sources)
    indicators.update(owid.observatory.indicators)
    observations += [o for o in owid.observations if o.ref_area == "KAZ"]
    observations += _turnover(observations)
    observations += _wind_solar(observations)
    observations.sort(key=lambda o: (o.indicator, o.ref_area, o.counterpart_area, o.period))
    return Extract(
        sources=[sources[k] for k in sorted(sources)],
        indicators=[indicators[k] for k in sorted(indicators)],
        observations=observations,
    )


def _by_period(observations: Iterable[Observation], indicator: str) -> dict[str, Observation]:
    return {o.period: o for o in observations if o.indicator == indicator and o.ref_area == "KAZ"}


def _kaz_pairs(
    observations: list[Observation], first: str, second: str
) -> list[tuple[str, Observation, Observation]]:
    """(period, first, second) for every period with a Kazakhstan value of both indicators."""
    a, b = _by_period(observations, first), _by_period(observations, second)
    return [(period, a[period], b[period]) for period in sorted(a.keys() & b.keys())]


def _turnover(observations: list[Observation]) -> list[Observation]:
    return [
        Observation(
            indicator="trade.turnover",
            ref_area="KAZ",
            counterpart_area="WLD",
            flow="T",
            period=period,
            value=(exports.value + imports.value) / 1e9,
            unit="USD",
            unit_mult=9,
            source_id=WDI_SOURCE_ID,
            definition_note="derived: WDI merchandise exports + imports (TX.VAL.MRCH.CD.WT + TM.VAL.MRCH.CD.WT)",
            source_locator=f"{exports.source_locator}; {imports.source_locator}",
            vintage=WDI_VINTAGE,
        )
        for period, exports, imports in _kaz_pairs(
            observations, "wdi.tx.val.mrch.cd.wt", "wdi.tm.val.mrch.cd.wt"
        )
    ]


def _wind_solar(observations: list[Observation]) -> list[Observation]:
    return [
        Observation(
            indicator="energy.wind_solar_share_elec",
            ref_area="KAZ",
            period=period,
            value=round(wind.value + solar.value, 3),
            unit="%",
            source_id=OWID_ENERGY_SOURCE_ID,
            definition_note="derived: OWID wind_share_elec + solar_share_elec (Ember)",
            source_locator=f"{wind.source_locator}; column solar_share_elec",
            vintage=OWID_VINTAGE,
        )
        for period, wind, solar in _kaz_pairs(
            observations, "owid.wind_share_elec", "owid.solar_share_elec"
        )
    ]


def write_extract(extract: Extract, folder: Path) -> list[Path]:
    """Write the extract's three CSV files into ``folder``; returns their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / name for name in EXTRACT_FILES]
    with paths[0].open("w", newline="", encoding="utf-8") as handle:
        csvio.write_sources(handle, extract.sources)
    with paths[1].open("w", newline="", encoding="utf-8") as handle:
        csvio.write_indicators(handle, extract.indicators)
    with paths[2].open("w", newline="", encoding="utf-8") as handle:
        csvio.write_observations(handle, extract.observations)
    return paths
