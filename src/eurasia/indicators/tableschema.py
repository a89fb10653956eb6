r"""Check a Data Package's tabular resource against its descriptor before any value is used.

The rules are those of the Frictionless specifications (Data Resource, CSV Dialect, Table Schema),
applied strictly because an import must never store a wrong number:

* **integrity** — ``bytes`` and ``hash`` (``md5`` by default, or ``sha1:``/``sha256:``/``sha512:``
  prefixed), and the number of ``rows``, are verified when the descriptor gives them (on the
  resource, or in its ``stats`` as frictionless-py writes them);
* **text** — the file is decoded with the declared ``encoding`` (UTF-8 by default, a leading BOM
  allowed); a byte order mark anywhere else, or a NUL byte, is refused (a sign of files pasted
  together);
* **complete records** — a non-empty file must end with a line break: a last line without one may
  have been cut inside a value (``48500`` of ``48500000``), so it is refused; so is a quoted field
  the file ends inside;
* **header** — the labels must be the schema's field names, in order, without repeats;
* **rows** — the same number of cells as the header, no blank rows; each cell is missing only when
  it is one of the schema's ``missingValues`` (default ``[""]``; ``NA`` is not missing unless
  declared), otherwise it must be of the field's type (``string``, ``number``, ``integer``,
  ``year``, ``boolean``, ``date``, ``datetime``, ``any``) and meet its constraints (``required``,
  ``unique``, ``minimum``, ``maximum``, ``minLength``, ``maxLength``, ``pattern``, ``enum``); the
  ``primaryKey`` is required and unique.

Every message names the package, the file, the line and the field.

Examples
--------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "data.csv").write_text("Year,Value\n2024,48500000\n2025,485")
>>> resource = {"path": "data.csv", "schema": {"fields": [
...     {"name": "Year", "type": "year"}, {"name": "Value", "type": "number"}]}}
>>> read_table(folder, resource, package="'demo'")
Traceback (most recent call last):
...
eurasia.errors.DataError: package 'demo', data.csv line 3, field 'Value': the file does not end with a line break, so the last record may be cut short (got '2025,485'); expected a complete last line
>>> _ = (folder / "data.csv").write_text("Year,Value\n2024,48500000\n2025,\n")
>>> table = read_table(folder, resource, package="'demo'")
>>> [(line, row) for line, row in table.rows]
[(2, [2024, 48500000.0]), (3, [2025, None])]
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from eurasia.errors import DataError

__all__ = [
    "FIELD_TYPES",
    "Table",
    "cut_last_line",
    "open_csv",
    "package_label",
    "read_table",
    "require_complete_last_line",
    "resource_file",
]

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_INTEGER = re.compile(r"[+-]?\d+")
_YEAR = re.compile(r"\d{4}")
_HASH_ALGORITHMS = ("md5", "sha1", "sha256", "sha512")
_TRUE = ("true", "True", "TRUE", "1")
_FALSE = ("false", "False", "FALSE", "0")
#: Longest file read (bytes): far above every WDI package (≈1 MB), far below a memory problem.
MAX_BYTES = 512 * 1024 * 1024


def cut_last_line(text: str, *, delimiter: str = ",") -> tuple[int, str | None, str] | None:
    r"""Where a CSV text may be cut: last line, field and what to say; ``None`` if it is complete.

    A text that does not end with a line break may have been cut inside its last value; the
    field is the header's name of the cell the file ends in (``None`` without a header to name
    it), and the message shows the last line.

    Examples
    --------
    >>> cut_last_line("Year,Value\n2024,48500000\n") is None
    True
    >>> cut_last_line("Year,Value\n2024,485")  # doctest: +ELLIPSIS
    (2, 'Value', "the file does not end with a line break, ... (got '2024,485'); ...")
    """
    if not text or text.endswith(("\n", "\r")):
        return None
    lines = text.splitlines()
    last = lines[-1]
    shown = last if len(last) <= 80 else f"…{last[-77:]}"
    detail = (
        "the file does not end with a line break, so the last record may be cut short "
        f"(got {shown!r}); expected a complete last line"
    )
    field = None
    if len(lines) > 1:
        header = next(csv.reader([lines[0]], delimiter=delimiter), [])
        cells = next(csv.reader([last], delimiter=delimiter), [])
        if 0 < len(cells) <= len(header):
            field = header[len(cells) - 1].strip()
    return len(lines), field, detail


def require_complete_last_line(path: Path, *, label: str | None = None) -> None:
    r"""Refuse a CSV file whose last line has no line break (it may have been cut in a value).

    Parameters
    ----------
    path
        The file.
    label
        How messages name it (default: its file name).

    Raises
    ------
    DataError
        If the file is not empty and does not end with CR or LF.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "owid.csv"
    >>> _ = path.write_text("country,year\nKazakhstan,20")
    >>> require_complete_last_line(path)
    Traceback (most recent call last):
    ...
    eurasia.errors.DataError: owid.csv line 2, field 'year': the file does not end with a line break, so the last record may be cut short (got 'Kazakhstan,20'); expected a complete last line
    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        msg = f"{path}: cannot read: {exc.strerror or exc}"
        raise DataError(msg) from None
    cut = cut_last_line(data.decode("utf-8-sig", errors="replace"))
    if cut is not None:
        line, field, detail = cut
        where = f"{label or Path(path).name} line {line}" + (f", field {field!r}" if field else "")
        msg = f"{where}: {detail}"
        raise DataError(msg)


def open_csv(path: Path) -> TextIO:
    """Open a CSV file as UTF-8 text (a leading BOM allowed) once its last record is complete.

    Raises
    ------
    DataError
        If the file cannot be read or its last line has no line break
        (:func:`require_complete_last_line`).
    """
    require_complete_last_line(path)
    try:
        return Path(path).open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        msg = f"{path}: cannot read: {exc.strerror or exc}"
        raise DataError(msg) from None


def package_label(name: object, folder: str) -> str:
    """How messages name a package: its descriptor ``name`` quoted, and the folder if it differs.

    Examples
    --------
    >>> package_label("sp.pop.totl", "sp.pop.totl"), package_label("sp.pop.totl", "copy")
    ("'sp.pop.totl'", "'sp.pop.totl' (folder copy)")
    >>> package_label(None, "copy")
    "'copy'"
    """
    if isinstance(name, str) and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,199}", name):
        return repr(name) if name == folder or not folder else f"{name!r} (folder {folder})"
    return repr(folder or "datapackage")


@dataclass(frozen=True)
class Table:
    """A checked resource: its field names and types, and the typed rows with their line numbers.

    A missing value (one of the schema's ``missingValues``) is ``None``.
    """

    package: str
    file: str
    names: list[str]
    types: list[str]
    rows: list[tuple[int, list[Any]]]

    def where(self, line: int, field: str | None = None) -> str:
        """Return the location prefix of a message: package, file, line and field.

        Examples
        --------
        >>> Table("'tx'", "data.csv", [], [], []).where(5, "Value")
        "package 'tx', data.csv line 5, field 'Value'"
        """
        place = f"package {self.package}, {self.file} line {line}"
        return f"{place}, field {field!r}" if field else place


def _fail(
    package: str, file: str, line: int | None, text: str, field: str | None = None
) -> DataError:
    where = f"package {package}, {file}" + (f" line {line}" if line else "")
    where += f", field {field!r}" if field else ""
    return DataError(f"{where}: {text}")


def resource_file(base: Path, resource: Mapping[str, Any], *, package: str) -> Path:
    """Return the resource's file inside the package folder (a relative path, no ``..``).

    Raises
    ------
    DataError
        If ``path`` is not a relative string inside the package or the file is missing.
    """
    path = resource.get("path")
    if (
        not isinstance(path, str)
        or not path
        or ".." in Path(path).parts
        or Path(path).is_absolute()
    ):
        msg = (
            f"package {package}, datapackage.json: expected a relative 'path' string inside "
            f"the package, got {path!r}"
        )
        raise DataError(msg)
    full = base / path
    if not full.is_file():
        msg = f"package {package}, datapackage.json: resource file {path!r} is missing"
        raise DataError(msg)
    return full


# --------------------------------------------------------------------------- field types


def _number(field: Mapping[str, Any]) -> Callable[[str], float]:
    group = str(field.get("groupChar", ""))
    decimal = str(field.get("decimalChar", "."))

    def cast(text: str) -> float:
        plain = text.replace(group, "") if group else text
        plain = plain.replace(decimal, ".") if decimal != "." else plain
        if not _NUMBER.fullmatch(plain):
            raise ValueError
        value = float(plain)
        if not math.isfinite(value):
            raise ValueError
        return value

    return cast


def _integer(text: str) -> int:
    if not _INTEGER.fullmatch(text):
        raise ValueError
    return int(text)


def _year(text: str) -> int:
    if not _YEAR.fullmatch(text):
        raise ValueError
    return int(text)


def _boolean(field: Mapping[str, Any]) -> Callable[[str], bool]:
    trues = tuple(str(v) for v in field.get("trueValues", _TRUE))
    falses = tuple(str(v) for v in field.get("falseValues", _FALSE))

    def cast(text: str) -> bool:
        if text in trues:
            return True
        if text in falses:
            return False
        raise ValueError

    return cast


def _date(text: str) -> dt.date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError
    return dt.date.fromisoformat(text)


def _datetime(text: str) -> dt.datetime:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?", text):
        raise ValueError
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def _string(text: str) -> str:
    return text


#: Supported Table Schema types: what a cell must look like, in words.
FIELD_TYPES: dict[str, str] = {
    "string": "text",
    "any": "any value",
    "number": "a number",
    "integer": "an integer",
    "year": "a year YYYY",
    "boolean": "true or false",
    "date": "a date YYYY-MM-DD",
    "datetime": "a date and time YYYY-MM-DDThh:mm:ss[Z]",
}


def _caster(field: Mapping[str, Any]) -> Callable[[str], Any]:
    kind = field.get("type", "string")
    if kind == "number":
        return _number(field)
    if kind == "boolean":
        return _boolean(field)
    simple: dict[str, Callable[[str], Any]] = {
        "string": _string,
        "any": _string,
        "integer": _integer,
        "year": _year,
        "date": _date,
        "datetime": _datetime,
    }
    return simple[str(kind)]


@dataclass(frozen=True)
class _Field:
    name: str
    type: str
    cast: Callable[[str], Any]
    missing: frozenset[str]
    required: bool
    unique: bool
    minimum: Any
    maximum: Any
    min_length: int | None
    max_length: int | None
    pattern: re.Pattern[str] | None
    enum: frozenset[Any] | None


def _fields(
    schema: Mapping[str, Any], *, package: str, file: str
) -> tuple[list[_Field], list[int]]:
    where = f"package {package}, datapackage.json, schema of {file}"
    fields = schema.get("fields")
    if not isinstance(fields, list) or not fields:
        msg = f"{where}: expected a non-empty 'fields' list"
        raise DataError(msg)
    default_missing = schema.get("missingValues", [""])
    if not isinstance(default_missing, list) or not all(
        isinstance(v, str) for v in default_missing
    ):
        msg = f"{where}: 'missingValues' must be a list of strings, got {default_missing!r}"
        raise DataError(msg)
    keys = schema.get("primaryKey", [])
    keys = [keys] if isinstance(keys, str) else keys
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        msg = f"{where}: 'primaryKey' must be a field name or a list of them, got {keys!r}"
        raise DataError(msg)
    out: list[_Field] = []
    for index, field in enumerate(fields):
        if not isinstance(field, dict) or not isinstance(field.get("name"), str):
            msg = f"{where}: field {index + 1} must be an object with a 'name' string"
            raise DataError(msg)
        name = field["name"]
        kind = field.get("type", "string")
        if kind not in FIELD_TYPES:
            msg = (
                f"{where}, field {name!r}: type {kind!r} is not one this importer checks "
                f"({', '.join(FIELD_TYPES)})"
            )
            raise DataError(msg)
        missing = field.get("missingValues", default_missing)
        constraints = field.get("constraints", {})
        if not isinstance(constraints, dict) or not isinstance(missing, list):
            msg = (
                f"{where}, field {name!r}: 'constraints' must be an object, 'missingValues' a list"
            )
            raise DataError(msg)
        cast = _caster(field)
        try:
            bounds = [
                None if constraints.get(k) is None else cast(str(constraints[k]))
                for k in ("minimum", "maximum")
            ]
            enum = constraints.get("enum")
            enum_set = frozenset(cast(str(v)) for v in enum) if isinstance(enum, list) else None
            lengths = [constraints.get(k) for k in ("minLength", "maxLength")]
            if any(n is not None and type(n) is not int for n in lengths):
                raise ValueError("minLength and maxLength must be integers")
            pattern = constraints.get("pattern")
            compiled = re.compile(pattern) if isinstance(pattern, str) else None
        except (ValueError, re.error) as exc:
            msg = f"{where}, field {name!r}: a constraint does not fit type {kind!r} ({exc})"
            raise DataError(msg) from None
        out.append(
            _Field(
                name=name,
                type=str(kind),
                cast=cast,
                missing=frozenset(str(v) for v in missing),
                required=bool(constraints.get("required")) or name in keys,
                unique=bool(constraints.get("unique")),
                minimum=bounds[0],
                maximum=bounds[1],
                min_length=lengths[0],
                max_length=lengths[1],
                pattern=compiled,
                enum=enum_set,
            )
        )
    names = [f.name for f in out]
    unknown = [k for k in keys if k not in names]
    if unknown:
        msg = f"{where}: primaryKey names unknown field(s) {', '.join(map(repr, unknown))}"
        raise DataError(msg)
    return out, [names.index(k) for k in keys]


# --------------------------------------------------------------------------- the file


def _declared(resource: Mapping[str, Any], key: str) -> Any:
    """``bytes``/``hash``/``rows`` from the resource, or from its ``stats`` (frictionless v5)."""
    if resource.get(key) is not None:
        return resource[key]
    stats = resource.get("stats")
    return stats.get(key) if isinstance(stats, dict) else None


def _verify_integrity(data: bytes, resource: Mapping[str, Any], *, package: str, file: str) -> None:
    size = _declared(resource, "bytes")
    if size is not None and size != len(data):
        raise _fail(
            package,
            file,
            None,
            f"the descriptor gives {size!r} bytes but the file has {len(data)}; "
            "the file is cut short or changed",
        )
    declared = _declared(resource, "hash")
    if declared is None:
        return
    text = str(declared)
    algorithm, _, digest = text.rpartition(":")
    algorithm = algorithm or "md5"
    if algorithm not in _HASH_ALGORITHMS:
        raise _fail(
            package,
            file,
            None,
            f"hash algorithm {algorithm!r} is not one of {', '.join(_HASH_ALGORITHMS)}",
        )
    actual = hashlib.new(algorithm, data).hexdigest()
    if actual != digest.lower():
        raise _fail(
            package,
            file,
            None,
            f"the file's {algorithm} hash is {actual}, the descriptor gives {digest}; "
            "the file is cut short or changed",
        )


def _decode(data: bytes, encoding: str, *, package: str, file: str) -> str:
    try:
        codec = codecs.lookup(encoding)
    except LookupError:
        raise _fail(
            package, file, None, f"unknown encoding {encoding!r} in the descriptor"
        ) from None
    name = "utf-8-sig" if codec.name == "utf-8" else codec.name
    try:
        text = data.decode(name)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _fail(
            package,
            file,
            line,
            f"not {encoding} text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            f"save it as {encoding} or declare its encoding in datapackage.json",
        ) from None
    for bad, what in (("\ufeff", "a byte order mark"), ("\x00", "a NUL byte")):
        at = text.find(bad)
        if at >= 0:
            line = text.count("\n", 0, at) + 1
            raise _fail(
                package,
                file,
                line,
                f"{what} inside the file (files pasted together?); expected plain CSV text",
            )
    return text


def _dialect(resource: Mapping[str, Any], *, package: str, file: str) -> dict[str, Any]:
    dialect = resource.get("dialect") or {}
    if not isinstance(dialect, dict):
        raise _fail(package, file, None, f"'dialect' must be an object, got {dialect!r}")
    if dialect.get("header", True) is not True:
        raise _fail(package, file, None, "a file without a header row is not supported")
    options: dict[str, Any] = {"strict": True}
    for key, option, default in (
        ("delimiter", "delimiter", ","),
        ("quoteChar", "quotechar", '"'),
    ):
        value = dialect.get(key, default)
        if not isinstance(value, str) or len(value) != 1 or value in "\r\n":
            raise _fail(
                package, file, None, f"dialect {key!r} must be one character, got {value!r}"
            )
        options[option] = value
    options["doublequote"] = bool(dialect.get("doubleQuote", True))
    options["skipinitialspace"] = bool(dialect.get("skipInitialSpace", False))
    return options


def read_table(
    base: Path,
    resource: Mapping[str, Any],
    *,
    package: str,
    default_schema: Mapping[str, Any] | None = None,
) -> Table:
    """Read and check one CSV resource of a Data Package; see the module for the rules.

    Parameters
    ----------
    base
        The package folder.
    resource
        The resource's descriptor (``path`` and optionally ``schema``, ``dialect``, ``encoding``,
        ``bytes``, ``hash``, ``format``).
    package
        How messages name the package (:func:`package_label`).
    default_schema
        The schema to check against when the resource has none (the layout the importer expects).

    Returns
    -------
    Table
        Field names and types and the typed rows.

    Raises
    ------
    DataError
        At the first breach, naming package, file, line and field.
    """
    path = resource_file(base, resource, package=package)
    file = path.name
    fmt = resource.get("format")
    if fmt is not None and str(fmt).lower() != "csv":
        raise _fail(package, file, None, f"format {fmt!r}; expected 'csv'")
    schema = resource.get("schema", default_schema)
    if schema is not None and not isinstance(schema, dict):
        raise _fail(package, file, None, "'schema' must be an object (a path is not supported)")
    fields, keys = _fields(schema, package=package, file=file) if schema is not None else (None, [])
    options = _dialect(resource, package=package, file=file)
    if path.stat().st_size > MAX_BYTES:
        raise _fail(package, file, None, f"larger than {MAX_BYTES} bytes")
    data = path.read_bytes()
    _verify_integrity(data, resource, package=package, file=file)
    text = _decode(data, str(resource.get("encoding") or "utf-8"), package=package, file=file)
    if not text.strip():
        raise _fail(package, file, 1, "empty file; expected a header line")
    cut = cut_last_line(text, delimiter=options["delimiter"])
    if cut is not None:
        raise _fail(package, file, cut[0], cut[2], field=cut[1])
    reader = csv.reader(io.StringIO(text, newline=""), **options)
    try:
        header = next(reader)
        names = [f.name for f in fields] if fields else None
        _check_header(header, names, package=package, file=file)
        table = Table(package, file, header, [f.type for f in fields] if fields else [], [])
        _read_rows(reader, fields, keys, table)
        rows = _declared(resource, "rows")
        if rows is not None and rows != len(table.rows):
            raise _fail(
                package,
                file,
                None,
                f"the descriptor gives {rows!r} rows but the file has {len(table.rows)}; "
                "the file is cut short or changed",
            )
    except csv.Error as exc:
        line = reader.line_num
        if "unexpected end of data" in str(exc) or "EOF" in str(exc):
            detail = "the file ends inside a quoted field, so the last record is cut short"
        else:
            detail = f"malformed CSV ({exc})"
        raise _fail(package, file, line, detail) from None
    return table


def _check_header(
    header: Sequence[str], names: Sequence[str] | None, *, package: str, file: str
) -> None:
    repeated = sorted({h for h in header if list(header).count(h) > 1})
    if repeated:
        raise _fail(package, file, 1, f"column(s) {', '.join(map(repr, repeated))} repeated")
    if names is None or list(header) == list(names):
        return
    missing = [n for n in names if n not in header]
    extra = [h for h in header if h not in names]
    parts = []
    if missing:
        parts.append(f"missing {', '.join(map(repr, missing))}")
    if extra:
        parts.append(f"not in the schema {', '.join(map(repr, extra))}")
    if not parts:
        parts.append("same names in another order")
    raise _fail(
        package,
        file,
        1,
        f"header {', '.join(header)!s} does not match the schema's fields "
        f"{', '.join(names)} ({'; '.join(parts)})",
    )


def _read_rows(reader: Any, fields: list[_Field] | None, keys: list[int], table: Table) -> None:
    width = len(table.names)
    primary: dict[tuple[Any, ...], int] = {}
    uniques: dict[int, dict[Any, int]] = {}
    if fields:
        uniques = {i: {} for i, f in enumerate(fields) if f.unique}
    for row in reader:
        line = reader.line_num
        if not row or (len(row) == 1 and not row[0].strip() and width > 1):
            msg = f"{table.where(line)}: blank row; expected {width} fields"
            raise DataError(msg)
        if len(row) != width:
            msg = f"{table.where(line)}: {len(row)} fields, expected {width} ({', '.join(table.names)})"
            raise DataError(msg)
        if fields is None:
            table.rows.append((line, [None if c == "" else c for c in row]))
            continue
        values: list[Any] = []
        for index, (field, cell) in enumerate(zip(fields, row, strict=True)):
            value = _cell(field, cell, table, line)
            values.append(value)
            if index in uniques and value is not None:
                first = uniques[index].setdefault(value, line)
                if first != line:
                    msg = f"{table.where(line, field.name)}: {cell!r} repeats line {first}; expected unique values"
                    raise DataError(msg)
        if keys:
            key = tuple(values[i] for i in keys)
            first = primary.setdefault(key, line)
            if first != line:
                named = ", ".join(repr(fields[i].name) for i in keys)
                shown = ", ".join(row[i] for i in keys)
                msg = (
                    f"{table.where(line)}: primary key ({named}) = ({shown}) repeats line {first}; "
                    "expected each key once"
                )
                raise DataError(msg)
        table.rows.append((line, values))


def _cell(field: _Field, cell: str, table: Table, line: int) -> Any:
    if cell in field.missing:
        if field.required:
            msg = f"{table.where(line, field.name)}: a value is required, got {cell!r}"
            raise DataError(msg)
        return None
    try:
        value = field.cast(cell)
    except ValueError:
        msg = f"{table.where(line, field.name)}: expected {FIELD_TYPES[field.type]}, got {cell!r}"
        if field.missing != {""} and field.missing:
            msg += f" (missing values: {', '.join(map(repr, sorted(field.missing)))})"
        raise DataError(msg) from None
    problem = None
    if field.minimum is not None and value < field.minimum:
        problem = f"at least {field.minimum}"
    elif field.maximum is not None and value > field.maximum:
        problem = f"at most {field.maximum}"
    elif field.min_length is not None and len(cell) < field.min_length:
        problem = f"at least {field.min_length} characters"
    elif field.max_length is not None and len(cell) > field.max_length:
        problem = f"at most {field.max_length} characters"
    elif field.pattern is not None and not field.pattern.fullmatch(cell):
        problem = f"text matching {field.pattern.pattern!r}"
    elif field.enum is not None and value not in field.enum:
        problem = f"one of {sorted(map(str, field.enum))}"
    if problem:
        msg = f"{table.where(line, field.name)}: expected {problem}, got {cell!r}"
        raise DataError(msg)
    return value
