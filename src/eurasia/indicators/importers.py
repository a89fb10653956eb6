r"""One entry point for every import format, chosen by name or by sniffing the file.

Formats: ``csv`` (the documented plain layout, :mod:`eurasia.indicators.csvio`), ``datapackage``
(Frictionless, :mod:`eurasia.indicators.datapackage`), ``owid`` (:mod:`eurasia.indicators.owid`)
and ``sdmx`` (SDMX-CSV, :mod:`eurasia.indicators.sdmx`). Every reader is all-or-nothing: it returns
a complete :class:`ImportResult` or raises :class:`~eurasia.errors.DataError`.

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "obs.csv"
>>> _ = path.write_text("indicator,ref_area,period,value,unit,source_id\nx.y,KAZ,2024,1,t,s\n")
>>> detect_format(path)
'csv'
>>> result = read_path(path)
>>> [o.value for o in result.observations], sorted(result.observatory.indicators)
([1.0], ['x.y'])
"""

from __future__ import annotations

import csv
from pathlib import Path

from eurasia.errors import DataError
from eurasia.indicators import csvio
from eurasia.indicators.datapackage import ImportResult, read_datapackage
from eurasia.indicators.model import Indicator, Source
from eurasia.indicators.observatory import Observatory
from eurasia.indicators.owid import read_owid
from eurasia.indicators.sdmx import read_sdmx_csv

__all__ = ["FORMATS", "ImportResult", "detect_format", "read_path"]

FORMATS = ("csv", "datapackage", "owid", "sdmx")


def detect_format(path: Path) -> str:
    """Guess the format of ``path`` from its kind and header line.

    Raises
    ------
    DataError
        If the file is missing or its header matches no known format.
    """
    path = Path(path)
    if path.is_dir() or path.name == "datapackage.json":
        return "datapackage"
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            header = {h.strip() for h in next(csv.reader(handle), [])}
    except OSError as exc:
        msg = f"{path}: cannot read: {exc.strerror or exc}"
        raise DataError(msg) from None
    except UnicodeDecodeError:
        raise DataError(_not_utf8(path)) from None
    except csv.Error as exc:
        msg = f"{path.name} line 1: malformed CSV ({exc})"
        raise DataError(msg) from None
    if header & {"DATAFLOW", "STRUCTURE_ID"}:
        return "sdmx"
    if {"country", "year", "iso_code"} <= header:
        return "owid"
    if {"indicator", "ref_area", "period", "value"} <= header:
        return "csv"
    msg = (
        f"{path.name}: cannot tell the format from its header; expected a Data Package folder, "
        "SDMX-CSV (DATAFLOW…), an OWID file (country, year, iso_code…) or the plain layout "
        "(indicator, ref_area, period, value, unit, source_id…)"
    )
    raise DataError(msg)


def read_path(
    path: Path,
    *,
    format: str | None = None,
    vintage: str = "",
    date_accessed: str = "",
    sources: list[Source] | None = None,
) -> ImportResult:
    """Read ``path`` in ``format`` (sniffed when None).

    Parameters
    ----------
    path
        A file or a Data Package folder.
    format
        One of :data:`FORMATS`.
    vintage, date_accessed
        Stored with every observation where the format does not carry them.
    sources
        Sources the plain CSV cites (other formats name their own).

    Raises
    ------
    DataError
        If the format is unknown or the file malformed.
    """
    path = Path(path)
    fmt = format or detect_format(path)
    try:
        if fmt == "datapackage":
            return read_datapackage(path, vintage=vintage, date_accessed=date_accessed)
        if fmt == "owid":
            return read_owid(path, vintage=vintage, date_accessed=date_accessed)
        if fmt == "sdmx":
            return read_sdmx_csv(path, date_accessed=date_accessed)
        if fmt == "csv":
            return _read_plain(path, sources or [])
    except UnicodeDecodeError:
        raise DataError(_not_utf8(path)) from None
    except csv.Error as exc:
        msg = f"{path}: malformed CSV ({exc})"
        raise DataError(msg) from None
    msg = f"format {fmt!r} is not one of {', '.join(FORMATS)}"
    raise DataError(msg)


def _not_utf8(path: Path) -> str:
    """Name the first file under ``path`` (a file or a package folder) that is not UTF-8."""
    folder = path if path.is_dir() else path.parent if path.name == "datapackage.json" else None
    candidates = sorted(p for p in folder.glob("*") if p.is_file()) if folder else [path]
    for candidate in candidates:
        try:
            data = candidate.read_bytes()
            data.decode("utf-8-sig")
        except OSError:
            continue
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            return (
                f"{candidate.name} line {line}: not UTF-8 text (byte 0x{data[exc.start]:02x} at "
                f"offset {exc.start}); save the file as UTF-8"
            )
    return f"{path}: not UTF-8 text; save the files as UTF-8"


def _read_plain(path: Path, sources: list[Source]) -> ImportResult:
    observations = csvio.read_observations(path)
    observatory = Observatory()
    for source in sources:
        observatory.add_source(source)
    for obs in observations:
        if obs.indicator not in observatory.indicators:
            observatory.add_indicator(
                Indicator(code=obs.indicator, name=obs.indicator, unit=obs.unit, topic="imported")
            )
    # Sources may already be in the store: the writer checks that every source_id is known.
    observatory.observations = observations
    seen: dict[tuple[str, ...], int] = {}
    for index, obs in enumerate(observations):
        first = seen.setdefault(obs.key, index)
        if first != index:
            msg = f"{path.name}: data row {index + 1} repeats data row {first + 1} (same key)"
            raise DataError(msg)
    return ImportResult(observatory, 0)
