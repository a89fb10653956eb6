r"""Import Frictionless Data Packages: World Bank WDI indicator packages and eurasia's own exports.

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
...     "Country Name,Country Code,Year,Value\nKazakhstan,KAZ,2024,82471000000\n"
...     "Kazakhstan,KAZ,2025,\n")
>>> result = read_datapackage(folder)
>>> [(o.indicator, o.ref_area, o.flow, o.period, o.value) for o in result.observations]
[('wdi.tx.val.mrch.cd.wt', 'KAZ', 'X', '2024', 82471000000.0)]
>>> result.skipped
1
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eurasia.errors import ConflictError, DataError
from eurasia.indicators import csvio, tableschema
from eurasia.indicators.model import Indicator, Observation, Source
from eurasia.indicators.observatory import Observatory

__all__ = ["WDI_SOURCE_ID", "ImportResult", "read_datapackage", "wdi_source"]

WDI_SOURCE_ID = "wdi"
_AREA = re.compile(r"[A-Z0-9][A-Z0-9_]{1,15}")


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
    """Return the World Bank's World Development Indicators as a source.

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


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        msg = f"key(s) {', '.join(map(repr, repeated))} given twice in one object"
        raise ValueError(msg)
    return dict(pairs)


def _load_descriptor(folder: Path) -> dict[str, Any]:
    path = folder / "datapackage.json" if folder.is_dir() else folder
    where = f"package folder {path.parent.name or path.parent}, {path.name}"
    try:
        descriptor = json.loads(path.read_bytes().decode("utf-8"), object_pairs_hook=_unique_keys)
    except OSError as exc:
        msg = f"{path}: cannot read the package descriptor: {exc.strerror or exc}"
        raise DataError(msg) from None
    except UnicodeDecodeError as exc:
        msg = f"{where}: not UTF-8 text (byte at offset {exc.start}); save it as UTF-8"
        raise DataError(msg) from None
    except json.JSONDecodeError as exc:
        msg = f"{where} line {exc.lineno}: not valid JSON ({exc.msg})"
        raise DataError(msg) from None
    except ValueError as exc:
        msg = f"{where}: {exc}; expected each key once"
        raise DataError(msg) from None
    except RecursionError:
        msg = f"{where}: JSON nested too deeply to be a package descriptor"
        raise DataError(msg) from None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        msg = f"{where}: expected a JSON object with a 'resources' list"
        raise DataError(msg)
    return descriptor


def _package_name(base: Path, descriptor: dict[str, Any]) -> str:
    return tableschema.package_label(descriptor.get("name"), base.name)


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
    """Return the unit from a WDI title: the first parenthesis, e.g. ``(current US$)`` → ``current US$``.

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


def _wdi_observation(
    code: str,
    area: str,
    year: str,
    value: float,
    *,
    unit: str,
    locator: str,
    date_accessed: str,
    vintage: str,
    obs_status: str = "A",
) -> Observation:
    """One WDI value as an observation of ``code`` (``wdi.<name>``), from :data:`WDI_SOURCE_ID`.

    Merchandise exports (``wdi.tx.val.*``) and imports (``wdi.tm.val.*``) are flows X and M with
    the world (counterpart ``WLD``); every other indicator has neither (``_Z``).

    Examples
    --------
    >>> obs = _wdi_observation("wdi.tx.val.mrch.cd.wt", "KAZ", "2024", 8.2e10, unit="current US$",
    ...                        locator="data.csv line 2", date_accessed="", vintage="")
    >>> obs.counterpart_area, obs.flow, obs.source_id
    ('WLD', 'X', 'wdi')
    """
    flow = _wdi_flow(code.removeprefix("wdi."))
    return Observation(
        indicator=code,
        ref_area=area,
        counterpart_area="WLD" if flow != "_Z" else "_Z",
        flow=flow,
        period=year,
        value=value,
        unit=unit,
        source_id=WDI_SOURCE_ID,
        obs_status=obs_status,
        source_locator=locator,
        date_accessed=date_accessed,
        vintage=vintage,
    )


#: The layout of a WDI package's ``data.csv`` (used when the descriptor gives no schema).
WDI_SCHEMA: dict[str, Any] = {
    "fields": [
        {"name": "Country Name", "type": "string"},
        {"name": "Country Code", "type": "string"},
        {"name": "Year", "type": "year"},
        {"name": "Value", "type": "number"},
    ]
}
_WDI_TYPES = {"Country Code": ("string",), "Year": ("year", "integer"), "Value": ("number",)}


def _read_wdi(
    base: Path, descriptor: dict[str, Any], *, vintage: str, date_accessed: str
) -> ImportResult:
    package = _package_name(base, descriptor)
    where = f"package {package}, datapackage.json"
    name = descriptor.get("name")
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]*", name):
        msg = f"{where}: expected a 'name' such as 'tx.val.mrch.cd.wt', got {name!r}"
        raise DataError(msg)
    world_bank = descriptor.get("worldbank")
    declared = world_bank.get("indicator") if isinstance(world_bank, dict) else None
    if declared is not None and str(declared).lower() != name.lower():
        msg = f"{where}: 'name' {name!r} disagrees with worldbank.indicator {declared!r}"
        raise DataError(msg)
    resources = [r for r in descriptor["resources"] if isinstance(r, dict)]
    if len(resources) != 1:
        msg = (
            f"{where}: expected one data resource (a WDI package) or resources 'observations', "
            f"'sources', 'indicators' (a eurasia export), got {len(resources)}"
        )
        raise DataError(msg)
    table = tableschema.read_table(base, resources[0], package=package, default_schema=WDI_SCHEMA)
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
    observations, skipped = _wdi_rows(
        table,
        code=code,
        unit=indicator.unit,
        vintage=vintage,
        date_accessed=date_accessed,
        label=f"{base.name}/{table.file}",
    )
    observatory = Observatory()
    observatory.add_source(wdi_source(licence=licence or "CC-BY-4.0"))
    observatory.add_indicator(indicator)
    observatory.observations = observations
    return ImportResult(observatory, skipped)


def _wdi_columns(table: tableschema.Table) -> tuple[int, int, int, int | None]:
    """Positions of Country Code, Year, Value (and Country Name), their types checked."""
    header = table.names
    found = {c: header.index(c) for c in (*_WDI_TYPES, "Country Name") if c in header}
    if any(c not in found for c in _WDI_TYPES):
        msg = (
            f"{table.where(1)}: expected columns 'Country Code', 'Year' and 'Value', "
            f"got {', '.join(header) or 'nothing'}"
        )
        raise DataError(msg)
    if table.types:
        for column, allowed in _WDI_TYPES.items():
            kind = table.types[found[column]]
            if kind not in allowed:
                msg = (
                    f"{table.where(1, column)}: the schema gives type {kind!r}; "
                    f"a WDI package has {' or '.join(allowed)}"
                )
                raise DataError(msg)
    return found["Country Code"], found["Year"], found["Value"], found.get("Country Name")


def _wdi_rows(
    table: tableschema.Table,
    *,
    code: str,
    unit: str,
    vintage: str,
    date_accessed: str,
    label: str,
) -> tuple[list[Observation], int]:
    i_area, i_year, i_value, i_name = _wdi_columns(table)
    if not table.rows:
        msg = f"{table.where(1)}: a header and no data rows; expected one row a country and year"
        raise DataError(msg)
    latest_year = dt.date.today().year
    observations: list[Observation] = []
    seen: dict[tuple[str, int], int] = {}
    names: dict[str, tuple[str, int]] = {}
    skipped = 0
    for line, row in table.rows:
        area, year, value = row[i_area], row[i_year], row[i_value]
        if value is None:
            skipped += 1
            continue
        if area is None or not _AREA.fullmatch(area):
            msg = f"{table.where(line, 'Country Code')}: expected an area code, got {area!r}"
            raise DataError(msg)
        if year is None or not 1800 <= int(year) <= latest_year:
            msg = (
                f"{table.where(line, 'Year')}: expected a year YYYY from 1800 to {latest_year} "
                f"(WDI values are observed, not projected), got {year!r}"
            )
            raise DataError(msg)
        first = seen.setdefault((area, int(year)), line)
        if first != line:
            msg = f"{table.where(line)}: {area} {year} repeats line {first}"
            raise DataError(msg)
        if i_name is not None and row[i_name] is not None:
            known = names.setdefault(area, (row[i_name], line))
            if known[0] != row[i_name]:
                msg = (
                    f"{table.where(line, 'Country Name')}: {area} is named {row[i_name]!r} here "
                    f"but {known[0]!r} on line {known[1]}; expected one name per code"
                )
                raise DataError(msg)
        observations.append(
            _wdi_observation(
                code,
                area,
                str(year),
                float(value),
                unit=unit,
                locator=f"{label} line {line}",
                date_accessed=date_accessed,
                vintage=vintage,
            )
        )
    return observations, skipped


def _read_own(base: Path, descriptor: dict[str, Any]) -> ImportResult:
    package = _package_name(base, descriptor)
    where = f"package {package}, datapackage.json"
    by_name = {r.get("name"): r for r in descriptor["resources"] if isinstance(r, dict)}
    for needed in ("sources", "indicators"):
        if needed not in by_name:
            msg = f"{where}: a package with 'observations' must also have a '{needed}' resource"
            raise DataError(msg)
    paths = {}
    for name in ("sources", "indicators", "observations"):
        # integrity, encoding, complete last record, header and types against the schema
        tableschema.read_table(base, by_name[name], package=package)
        paths[name] = tableschema.resource_file(base, by_name[name], package=package)
    observatory = Observatory()
    try:
        for source in csvio.read_sources(paths["sources"]):
            observatory.add_source(source)
        for indicator in csvio.read_indicators(paths["indicators"]):
            observatory.add_indicator(indicator)
        observatory.add_observations(csvio.read_observations(paths["observations"]))
    except (DataError, ConflictError) as exc:
        text = str(exc)
        if not text.startswith(tuple(p.name for p in paths.values())):
            text = f"{paths['observations'].name}: {text}"
        msg = f"package {package}, {text}"
        raise DataError(msg) from None
    return ImportResult(observatory, 0)
