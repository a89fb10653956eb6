"""Import Frictionless Data Packages: World Bank WDI indicator packages and eurasia's own exports.

A WDI package (``datapackage.json`` + ``data.csv`` with ``Country Name, Country Code, Year,
Value``) becomes one indicator ``wdi.<name>`` with one observation per area and year; regional
aggregates (``EUR``, ``ARB`` …) are kept as areas, rows with an empty value are gaps and skipped.
A package written by :func:`eurasia.indicators.exporters.export_datapackage` (resources
``observations``, ``sources``, ``indicators``) is read back as it was. Anything else, or a
malformed copy, raises :class:`~eurasia.errors.DataError` naming file, line and field; nothing is
returned half-read.

Examples
--------
>>> import json, tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "datapackage.json").write_text(json.dumps({
...     "name": "tx.val.mrch.cd.wt", "title": "Merchandise exports (current US$)",
...     "licenses": [{"name": "CC-BY-4.0"}],
...     "resources": [{"name": "data", "path": "data.csv"}]}))
>>> _ = (folder / "data.csv").write_text(
...     "Country Name,Country Code,Year,Value\\nKazakhstan,KAZ,2024,82471000000\\n"
...     "Kazakhstan,KAZ,2025,\\n")
>>> result = read_datapackage(folder)
>>> [(o.indicator, o.ref_area, o.flow, o.period, o.value) for o in result.observations]
[('wdi.tx.val.mrch.cd.wt', 'KAZ', 'X', '2024', 82471000000.0)]
>>> result.skipped
1
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eurasia.errors import ConflictError, DataError
from eurasia.indicators import csvio
from eurasia.indicators.model import Indicator, Observation, Source
from eurasia.indicators.observatory import Observatory

__all__ = ["WDI_SOURCE_ID", "ImportResult", "read_datapackage", "wdi_source"]

WDI_SOURCE_ID = "wdi"
_AREA = re.compile(r"[A-Z0-9][A-Z0-9_]{1,15}")
_MISSING = frozenset({"", "..", "NA", "NaN", "nan"})
_YEAR = re.compile(r"\d{4}")


@dataclass
class ImportResult:
    """What an importer read: the observatory fragment and how many empty rows it skipped."""

    observatory: Observatory
    skipped: int = 0

    @property
    def observations(self) -> list[Observation]:
        """The observations read."""
        return self.observatory.observations


def wdi_source(*, licence: str = "CC-BY-4.0") -> Source:
    """The World Bank's World Development Indicators as a source.

    Examples
    --------
    >>> wdi_source().kind
    'statistics'
    """
    return Source(
        id=WDI_SOURCE_ID,
        producer="World Bank",
        title="World Development Indicators",
        kind="statistics",
        url="https://datacatalog.worldbank.org/search/dataset/0037712",
        licence=licence,
        citation="World Bank, World Development Indicators (CC BY 4.0)",
    )


def _load_descriptor(folder: Path) -> dict[str, Any]:
    path = folder / "datapackage.json" if folder.is_dir() else folder
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        msg = f"{path}: cannot read the package descriptor: {exc.strerror or exc}"
        raise DataError(msg) from None
    except json.JSONDecodeError as exc:
        msg = f"{path.name} line {exc.lineno}: not valid JSON ({exc.msg})"
        raise DataError(msg) from None
    except RecursionError:
        msg = f"{path.name}: JSON nested too deeply to be a package descriptor"
        raise DataError(msg) from None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        msg = f"{path.name}: expected a JSON object with a 'resources' list"
        raise DataError(msg)
    return descriptor


def _resource_path(base: Path, resource: dict[str, Any], where: str) -> Path:
    path = resource.get("path")
    if (
        not isinstance(path, str)
        or not path
        or ".." in Path(path).parts
        or Path(path).is_absolute()
    ):
        msg = f"{where}: expected a relative 'path' string inside the package, got {path!r}"
        raise DataError(msg)
    full = base / path
    if not full.is_file():
        msg = f"{where}: resource file {path!r} is missing"
        raise DataError(msg)
    return full


def read_datapackage(path: Path, *, vintage: str = "", date_accessed: str = "") -> ImportResult:
    """Read a Data Package folder (or its ``datapackage.json``).

    Parameters
    ----------
    path
        The package folder or its descriptor.
    vintage
        Release the values belong to; defaults to the descriptor's ``version`` if any.
    date_accessed
        ISO date the package was obtained, stored with every observation.

    Returns
    -------
    ImportResult
        The sources, indicators and observations read, and the count of empty rows skipped.

    Raises
    ------
    DataError
        If the descriptor or a data row is malformed, or the layout is not one described above.
    """
    path = Path(path)
    base = path if path.is_dir() else path.parent
    descriptor = _load_descriptor(path)
    names = {r.get("name") for r in descriptor["resources"] if isinstance(r, dict)}
    if "observations" in names:
        return _read_own(base, descriptor)
    return _read_wdi(
        base,
        descriptor,
        vintage=vintage or str(descriptor.get("version", "")),
        date_accessed=date_accessed,
    )


def _wdi_unit(title: str) -> str:
    """Unit from a WDI title: the first parenthesis, e.g. ``(current US$)`` → ``current US$``.

    Examples
    --------
    >>> _wdi_unit("Unemployment, total (% of total labor force) (modeled ILO estimate)")
    '% of total labor force'
    >>> _wdi_unit("Population, total")
    'number'
    """
    found = re.findall(r"\(([^()]*)\)", title)
    if not found:
        return "number"
    return found[0].split(":")[0].strip()[:100] or "number"


def _wdi_flow(code: str) -> str:
    if code.startswith("tx.val."):
        return "X"
    if code.startswith("tm.val."):
        return "M"
    return "_Z"


def _read_wdi(
    base: Path, descriptor: dict[str, Any], *, vintage: str, date_accessed: str
) -> ImportResult:
    where = f"{base.name}/datapackage.json"
    name = descriptor.get("name")
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]*", name):
        msg = f"{where}: expected a 'name' such as 'tx.val.mrch.cd.wt', got {name!r}"
        raise DataError(msg)
    resources = [r for r in descriptor["resources"] if isinstance(r, dict)]
    if len(resources) != 1:
        msg = (
            f"{where}: expected one data resource (a WDI package) or resources 'observations', "
            f"'sources', 'indicators' (a eurasia export), got {len(resources)}"
        )
        raise DataError(msg)
    data_path = _resource_path(base, resources[0], where)
    code = f"wdi.{name.lower()}"
    title = str(descriptor.get("title") or name)
    licences = descriptor.get("licenses") or []
    licence = str(licences[0].get("name", "")) if licences and isinstance(licences[0], dict) else ""
    indicator = Indicator(
        code=code,
        name=title[:500],
        unit=_wdi_unit(title),
        topic="wdi",
        description=str(descriptor.get("readme") or descriptor.get("description") or ""),
    )
    flow = _wdi_flow(name.lower())
    counterpart = "WLD" if flow != "_Z" else "_Z"
    observations, skipped = _wdi_rows(
        data_path,
        code=code,
        unit=indicator.unit,
        flow=flow,
        counterpart=counterpart,
        vintage=vintage,
        date_accessed=date_accessed,
        label=f"{base.name}/{data_path.name}",
    )
    observatory = Observatory()
    observatory.add_source(wdi_source(licence=licence or "CC-BY-4.0"))
    observatory.add_indicator(indicator)
    observatory.observations = observations
    return ImportResult(observatory, skipped)


def _wdi_rows(
    data_path: Path,
    *,
    code: str,
    unit: str,
    flow: str,
    counterpart: str,
    vintage: str,
    date_accessed: str,
    label: str,
) -> tuple[list[Observation], int]:
    observations: list[Observation] = []
    seen: dict[tuple[str, str], int] = {}
    skipped = 0
    with data_path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = [h.strip() for h in next(reader, [])]
        try:
            i_area, i_year, i_value = (header.index(c) for c in ("Country Code", "Year", "Value"))
        except ValueError:
            msg = (
                f"{label} line 1: expected columns 'Country Code', 'Year' and 'Value', "
                f"got {', '.join(header) or 'nothing'}"
            )
            raise DataError(msg) from None
        width = len(header)
        for row in reader:
            line = reader.line_num
            if not row:
                continue
            if len(row) != width:
                msg = f"{label} line {line}: {len(row)} fields, expected {width}"
                raise DataError(msg)
            area, year, text = row[i_area].strip(), row[i_year].strip(), row[i_value].strip()
            if text in _MISSING:
                skipped += 1
                continue
            if not _AREA.fullmatch(area):
                msg = f"{label} line {line}, field 'Country Code': expected an area code, got {area!r}"
                raise DataError(msg)
            if not _YEAR.fullmatch(year):
                msg = f"{label} line {line}, field 'Year': expected a year YYYY, got {year!r}"
                raise DataError(msg)
            try:
                value = float(text)
            except ValueError:
                msg = f"{label} line {line}, field 'Value': expected a number, got {text!r}"
                raise DataError(msg) from None
            if value != value or value in (float("inf"), float("-inf")):
                msg = f"{label} line {line}, field 'Value': expected a finite number, got {text!r}"
                raise DataError(msg)
            first = seen.setdefault((area, year), line)
            if first != line:
                msg = f"{label} line {line}: {area} {year} repeats line {first}"
                raise DataError(msg)
            observations.append(
                Observation(
                    indicator=code,
                    ref_area=area,
                    period=year,
                    value=value,
                    unit=unit,
                    source_id=WDI_SOURCE_ID,
                    counterpart_area=counterpart,
                    flow=flow,
                    source_locator=f"{label} line {line}",
                    date_accessed=date_accessed,
                    vintage=vintage,
                )
            )
    return observations, skipped


def _read_own(base: Path, descriptor: dict[str, Any]) -> ImportResult:
    where = f"{base.name}/datapackage.json"
    by_name = {r.get("name"): r for r in descriptor["resources"] if isinstance(r, dict)}
    for needed in ("sources", "indicators"):
        if needed not in by_name:
            msg = f"{where}: a package with 'observations' must also have a '{needed}' resource"
            raise DataError(msg)
    observatory = Observatory()
    for source in csvio.read_sources(_resource_path(base, by_name["sources"], where)):
        observatory.add_source(source)
    for indicator in csvio.read_indicators(_resource_path(base, by_name["indicators"], where)):
        observatory.add_indicator(indicator)
    obs_path = _resource_path(base, by_name["observations"], where)
    try:
        observatory.add_observations(csvio.read_observations(obs_path))
    except (DataError, ConflictError) as exc:
        if str(exc).startswith(obs_path.name):
            raise
        msg = f"{obs_path.name}: {exc}"
        raise DataError(msg) from None
    return ImportResult(observatory, 0)
