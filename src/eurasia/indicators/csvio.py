r"""The observatory's own CSV files: one documented layout per object, read and written.

Observation files have one column per :class:`~eurasia.indicators.model.Observation` field
(:data:`OBSERVATION_COLUMNS`); ``indicator, ref_area, period, value, unit, source_id`` are
required, the others default as in the model (``counterpart_area`` and ``flow`` ``_Z``, ``freq``
``A``, ``unit_mult`` 0, ``reporter_side`` ``reporter``, ``obs_status`` ``A``). Sources,
indicators, targets, claims and group memberships have files of the same kind. Errors name the file,
line and field.

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "obs.csv"
>>> _ = path.write_text("indicator,ref_area,period,value,unit,source_id\n"
...                     "transit.cargo,KAZ,2024,27.4,Mt,kz-mot\n")
>>> [(o.period, o.value) for o in read_observations(path)]
[('2024', 27.4)]
>>> _ = path.write_text("indicator,ref_area,period,value,unit,source_id\n"
...                     "transit.cargo,KAZ,2024,lots,Mt,kz-mot\n")
>>> read_observations(path)
Traceback (most recent call last):
...
eurasia.errors.DataError: obs.csv line 2, field 'value': expected a number, got 'lots'
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO, TypeVar

from eurasia.errors import DataError
from eurasia.indicators.model import (
    AreaGroup,
    Claim,
    Indicator,
    Membership,
    Observation,
    Source,
    Target,
)
from eurasia.indicators.tableschema import open_csv
from eurasia.spreadsheet import spreadsheet_safe, spreadsheet_text

__all__ = [
    "OBSERVATION_COLUMNS",
    "SOURCE_COLUMNS",
    "read_claims",
    "read_groups",
    "read_indicators",
    "read_observations",
    "read_sources",
    "read_targets",
    "write_indicators",
    "write_observations",
    "write_sources",
]

T = TypeVar("T")

OBSERVATION_COLUMNS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Observation))
SOURCE_COLUMNS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Source))
INDICATOR_COLUMNS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Indicator))


def _float(text: str) -> float:
    return float(text)


def _optional_float(text: str) -> float | None:
    return float(text) if text.strip() else None


def _int(text: str) -> int:
    return int(text) if text.strip() else 0


_CONVERTERS: dict[str, tuple[Callable[[str], Any], str]] = {
    "value": (_float, "a number"),
    "target_value": (_float, "a number"),
    "baseline_value": (_optional_float, "a number or empty"),
    "tolerance": (_float, "a fraction"),
    "unit_mult": (_int, "an integer"),
}


def _rows(
    path: Path, *, required: Iterable[str], allowed: Iterable[str]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) with the header checked; empty cells are dropped.

    A file whose last line has no line break is refused: it may have been cut inside a value.
    """
    handle = open_csv(path)
    with handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            msg = f"{path.name}: empty file; expected a header line"
            raise DataError(msg)
        header = [h.strip() for h in header]
        missing = [c for c in required if c not in header]
        unknown = [c for c in header if c not in set(allowed)]
        if missing or unknown:
            parts = []
            if missing:
                parts.append(f"missing column(s) {', '.join(missing)}")
            if unknown:
                parts.append(f"unknown column(s) {', '.join(unknown)}")
            msg = f"{path.name} line 1: {'; '.join(parts)}; expected columns from {', '.join(allowed)}"
            raise DataError(msg)
        width = len(header)
        for row in reader:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if len(row) != width:
                msg = f"{path.name} line {reader.line_num}: {len(row)} fields, expected {width}"
                raise DataError(msg)
            cells = zip(header, row, strict=True)
            yield reader.line_num, {k: spreadsheet_text(v) for k, v in cells if v != ""}


def _build(cls: Callable[..., T], path: Path, line: int, row: dict[str, str]) -> T:
    values: dict[str, Any] = {}
    for name, text in row.items():
        convert, expected = _CONVERTERS.get(name, (str, ""))
        try:
            values[name] = convert(text)
        except ValueError:
            msg = f"{path.name} line {line}, field {name!r}: expected {expected}, got {text!r}"
            raise DataError(msg) from None
    try:
        return cls(**values)
    except DataError as exc:
        msg = f"{path.name} line {line}, {exc}"
        raise DataError(msg) from None
    except TypeError as exc:
        msg = f"{path.name} line {line}: {exc}"
        raise DataError(msg) from None


def _read(
    path: Path, cls: Callable[..., T], *, required: tuple[str, ...], allowed: tuple[str, ...]
) -> list[T]:
    path = Path(path)
    return [
        _build(cls, path, line, row)
        for line, row in _rows(path, required=required, allowed=allowed)
    ]


def read_observations(path: Path) -> list[Observation]:
    """Observations from a CSV in the documented layout.

    Raises
    ------
    DataError
        Naming the file, line and field of the first bad value.
    """
    required = ("indicator", "ref_area", "period", "value", "unit", "source_id")
    return _read(path, Observation, required=required, allowed=OBSERVATION_COLUMNS)


def read_sources(path: Path) -> list[Source]:
    """Return sources (``id, producer, title, kind`` required; url, published, licence, citation, note)."""
    return _read(path, Source, required=("id", "producer", "title", "kind"), allowed=SOURCE_COLUMNS)


def read_indicators(path: Path) -> list[Indicator]:
    """Return indicators (``code, name, unit, topic`` required; description, unit_mult)."""
    return _read(
        path, Indicator, required=("code", "name", "unit", "topic"), allowed=INDICATOR_COLUMNS
    )


def read_targets(path: Path) -> list[Target]:
    """Targets, one a row, in the order written (a superseding target after what it supersedes)."""
    columns = tuple(f.name for f in dataclasses.fields(Target))
    required = columns[:8]
    return _read(path, Target, required=required, allowed=columns)


def read_claims(path: Path) -> list[Claim]:
    """Claims, one a row."""
    columns = tuple(f.name for f in dataclasses.fields(Claim))
    return _read(path, Claim, required=columns[:9], allowed=columns)


def read_groups(path: Path) -> list[AreaGroup]:
    """Area groups from membership rows ``group, name, source_id, area, start, end``.

    Raises
    ------
    DataError
        If a date is malformed or a group's name or source differs between its rows.
    """
    path = Path(path)
    columns = ("group", "name", "source_id", "area", "start", "end")
    members: dict[str, list[Membership]] = {}
    heads: dict[str, tuple[str, str]] = {}
    for line, row in _rows(path, required=columns[:5], allowed=columns):
        code = row.get("group", "")
        head = (row.get("name", ""), row.get("source_id", ""))
        if heads.setdefault(code, head) != head:
            msg = f"{path.name} line {line}: group {code!r} has another name or source than above"
            raise DataError(msg)
        try:
            start = dt.date.fromisoformat(row["start"])
            end = dt.date.fromisoformat(row["end"]) if "end" in row else None
            members.setdefault(code, []).append(Membership(row["area"], start, end))
        except (ValueError, KeyError) as exc:
            msg = f"{path.name} line {line}: {exc}; expected area and ISO dates start[, end]"
            raise DataError(msg) from None
    try:
        return [
            AreaGroup(code, heads[code][0], heads[code][1], tuple(m)) for code, m in members.items()
        ]
    except DataError as exc:
        msg = f"{path.name}: {exc}"
        raise DataError(msg) from None


def _write(handle: TextIO, columns: tuple[str, ...], records: Iterable[object]) -> int:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(columns)
    count = 0
    for record in records:
        row = []
        for name in columns:
            value = getattr(record, name)
            cell = "" if value is None else repr(value) if isinstance(value, float) else value
            row.append(spreadsheet_safe(cell))  # no formula injection in exports (issue 18)
        writer.writerow(row)
        count += 1
    return count


def write_observations(handle: TextIO, observations: Iterable[Observation]) -> int:
    """Write observations in the documented layout; returns the row count.

    Examples
    --------
    >>> import io
    >>> buf = io.StringIO()
    >>> write_observations(buf, [Observation(indicator="x", ref_area="KAZ", period="2024",
    ...                                      value=1.5, unit="t", source_id="s")])
    1
    >>> buf.getvalue().splitlines()[1]
    'x,KAZ,2024,1.5,t,s,_Z,_Z,A,0,reporter,,A,,,'
    """
    return _write(handle, OBSERVATION_COLUMNS, observations)


def write_sources(handle: TextIO, sources: Iterable[Source]) -> int:
    """Write sources in the documented layout; returns the row count."""
    return _write(handle, SOURCE_COLUMNS, sources)


def write_indicators(handle: TextIO, indicators: Iterable[Indicator]) -> int:
    """Write indicators in the documented layout; returns the row count."""
    return _write(handle, INDICATOR_COLUMNS, indicators)
