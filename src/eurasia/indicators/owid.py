r"""Import Our World in Data "wide" CSV files (``country, year, iso_code`` then one column a metric).

Each metric column becomes the indicator ``owid.<column>`` with a unit inferred from OWID's naming
conventions (``*_share_*`` %, ``*_per_capita`` kWh per person, ``*_change_pct`` %, TWh otherwise);
one observation per country, year and non-empty cell. Rows without an ISO code (OWID's regional
aggregates) are skipped and counted; ``OWID_WRL`` becomes ``WLD``.

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "energy.csv"
>>> _ = path.write_text("country,year,iso_code,wind_share_elec,solar_electricity\n"
...                     "Kazakhstan,2023,KAZ,3.328,1.87\nAfrica,2023,,1.0,2.0\n")
>>> result = read_owid(path)
>>> sorted((o.indicator, o.unit, o.value) for o in result.observations)
[('owid.solar_electricity', 'TWh', 1.87), ('owid.wind_share_elec', '%', 3.328)]
>>> result.skipped
1
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from pathlib import Path

from eurasia.errors import DataError
from eurasia.indicators.datapackage import ImportResult
from eurasia.indicators.model import Indicator, Observation, Source
from eurasia.indicators.observatory import Observatory
from eurasia.indicators.tableschema import open_csv

__all__ = ["OWID_ENERGY_SOURCE_ID", "owid_energy_source", "owid_unit", "read_owid"]

OWID_ENERGY_SOURCE_ID = "owid-energy"
_KEYS = ("country", "year", "iso_code")
_COLUMN = re.compile(r"[a-z0-9][a-z0-9_]*")
_AREA = re.compile(r"[A-Z][A-Z0-9_]{1,15}")

#: Units of OWID energy columns that the suffix rules below do not give.
_SPECIAL_UNITS = {
    "population": "persons",
    "gdp": "international-$ (2011 prices)",
    "carbon_intensity_elec": "gCO2e/kWh",
    "greenhouse_gas_emissions": "MtCO2e",
    "energy_per_gdp": "kWh per international-$",
    "net_elec_imports_share_demand": "%",
}


def owid_unit(column: str) -> str:
    """Return the unit of an OWID energy column, from its name.

    Examples
    --------
    >>> [owid_unit(c) for c in ("solar_share_elec", "coal_prod_per_capita", "gas_production")]
    ['%', 'kWh per person', 'TWh']
    """
    if column in _SPECIAL_UNITS:
        return _SPECIAL_UNITS[column]
    if "_share_" in column or column.endswith(("_share", "_pct")):
        return "%"
    if "per_capita" in column:
        return "kWh per person"
    return "TWh"


def owid_energy_source() -> Source:
    """Our World in Data's energy dataset (with Ember and the Energy Institute) as a source."""
    return Source(
        id=OWID_ENERGY_SOURCE_ID,
        producer="Our World in Data",
        title="Data on Energy (owid-energy-data.csv)",
        kind="statistics",
        url="https://github.com/owid/energy-data",
        licence="CC-BY-4.0",
        citation=(
            "Our World in Data, Data on Energy, based on Ember Yearly Electricity Data and the "
            "Energy Institute Statistical Review of World Energy"
        ),
    )


def _metric_columns(path: Path, header: list[str], columns: Iterable[str] | None) -> list[str]:
    """Return the metric columns to read, after checking the header has them and the keys."""
    missing = [k for k in _KEYS if k not in header]
    if missing:
        msg = f"{path.name} line 1: missing column(s) {', '.join(missing)}; an OWID file has {', '.join(_KEYS)} first"
        raise DataError(msg)
    metrics = [c for c in header if c not in _KEYS] if columns is None else list(columns)
    absent = [c for c in metrics if c not in header]
    if absent:
        msg = f"{path.name} line 1: no column(s) {', '.join(absent)}"
        raise DataError(msg)
    bad = [c for c in metrics if not _COLUMN.fullmatch(c)]
    if bad:
        msg = f"{path.name} line 1: column name(s) {', '.join(bad)} are not OWID metric names"
        raise DataError(msg)
    return metrics


def read_owid(
    path: Path,
    *,
    columns: Iterable[str] | None = None,
    source: Source | None = None,
    vintage: str = "",
    date_accessed: str = "",
) -> ImportResult:
    """Read an OWID wide CSV.

    Parameters
    ----------
    path
        The CSV file.
    columns
        Metric columns to import (default: all but ``country, year, iso_code``).
    source
        The source to cite (default :func:`owid_energy_source`).
    vintage, date_accessed
        Stored with every observation.

    Raises
    ------
    DataError
        If a key column or a requested column is missing, or a year or number is malformed.
    """
    path = Path(path)
    source = source or owid_energy_source()
    handle = open_csv(path)
    observations: list[Observation] = []
    skipped = 0
    with handle:
        reader = csv.reader(handle)
        header = [h.strip() for h in next(reader, [])]
        metrics = _metric_columns(path, header, columns)
        index = {c: header.index(c) for c in (*_KEYS, *metrics)}
        units = {c: owid_unit(c) for c in metrics}
        seen: dict[tuple[str, str], int] = {}
        for row in reader:
            line = reader.line_num
            if not row:
                continue
            if len(row) != len(header):
                msg = f"{path.name} line {line}: {len(row)} fields, expected {len(header)}"
                raise DataError(msg)
            area = row[index["iso_code"]].strip()
            year = row[index["year"]].strip()
            if not area:
                skipped += 1
                continue
            area = "WLD" if area == "OWID_WRL" else area
            if not _AREA.fullmatch(area):
                msg = (
                    f"{path.name} line {line}, field 'iso_code': expected an ISO code, got {area!r}"
                )
                raise DataError(msg)
            if not re.fullmatch(r"\d{4}", year):
                msg = f"{path.name} line {line}, field 'year': expected YYYY, got {year!r}"
                raise DataError(msg)
            first = seen.setdefault((area, year), line)
            if first != line:
                msg = f"{path.name} line {line}: {area} {year} repeats line {first}"
                raise DataError(msg)
            for column in metrics:
                text = row[index[column]].strip()
                if not text:
                    continue
                try:
                    value = float(text)
                except ValueError:
                    msg = f"{path.name} line {line}, field {column!r}: expected a number, got {text!r}"
                    raise DataError(msg) from None
                observations.append(
                    Observation(
                        indicator=f"owid.{column}",
                        ref_area=area,
                        period=year,
                        value=value,
                        unit=units[column],
                        source_id=source.id,
                        source_locator=f"{path.name} line {line}, column {column}",
                        date_accessed=date_accessed,
                        vintage=vintage,
                    )
                )
    observatory = Observatory()
    observatory.add_source(source)
    for column in metrics:
        observatory.add_indicator(
            Indicator(
                code=f"owid.{column}",
                name=column.replace("_", " ").capitalize(),
                unit=units[column],
                topic="owid",
                description=f"Our World in Data energy column {column!r}",
            )
        )
    observatory.observations = observations
    return ImportResult(observatory, skipped)
