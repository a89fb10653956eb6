"""The TNTP text formats of Transportation Networks for Research: networks, trips, flows, nodes.

TNTP files (Bar-Gera; github.com/bstabler/TransportationNetworks) are tab-separated text:

* **network** (``*_net.tntp``): metadata lines ``<KEY> value`` up to ``<END OF METADATA>``, comment
  lines starting with ``~`` (the last one before the data names the columns), then one row a
  directed link ending in ``;``. Standard columns: init node, term node, capacity, length, free
  flow time, B, power, speed, toll, link type. Travel time is
  ``free_flow_time * (1 + B * (flow / capacity) ** power)``; generalized cost adds
  ``toll_factor * toll + distance_factor * length``. Columns after the standard ten are kept.
* **trips** (``*_trips.tntp``): metadata, then blocks ``Origin o`` followed by ``d : flow;`` pairs.
* **flows** (``*_flow.tntp``): a header line, then ``From To Volume Cost`` rows.
* **nodes** (``*_node.tntp``): a header line, then ``node x y ;`` rows.

This module is pure format: plain dataclasses of numpy arrays, no network model.

Examples
--------
>>> text = '''<NUMBER OF ZONES> 2
... <NUMBER OF NODES> 3
... <FIRST THRU NODE> 1
... <NUMBER OF LINKS> 2
... <END OF METADATA>
... ~ init_node term_node capacity length free_flow_time b power speed toll link_type lanes ;
... 1 3 100 2.5 3 0.15 4 0 0 1 2 ;
... 3 2 100 2.5 3 0.15 4 0 0 1 1 ;
... '''
>>> net = parse_net(text)
>>> net.n_links, net.first_thru_node, net.free_flow_time.tolist(), net.extra["lanes"].tolist()
(2, 1, [3.0, 3.0], [2.0, 1.0])
>>> parse_net(format_net(net)).capacity.tolist()
[100.0, 100.0]
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from eurasia.corridors.graph.types import FloatArray, IntArray
from eurasia.corridors.io.tntp_scan import trip_entries
from eurasia.errors import DataError

__all__ = [
    "STANDARD_COLUMNS",
    "TntpFlows",
    "TntpNetwork",
    "TntpNodes",
    "TntpTrips",
    "format_net",
    "format_trips",
    "parse_net",
    "parse_trips",
    "read_net",
    "read_trips",
    "write_net",
    "write_trips",
]


#: Standard column order of TNTP network files (normalised names).
STANDARD_COLUMNS = (
    "init_node",
    "term_node",
    "capacity",
    "length",
    "free_flow_time",
    "b",
    "power",
    "speed",
    "toll",
    "link_type",
)


_META = re.compile(r"^\s*<([^>]+)>(.*)$")


#: Largest ``<NUMBER OF ZONES>`` read: trips are a dense matrix (10 000 zones take 800 MB).
MAX_ZONES = 10_000


#: Largest node number read (the biggest published TNTP networks have under 100 000 nodes).
MAX_NODES = 1_000_000


@dataclass
class TntpNetwork:
    """A TNTP network file: metadata and one array entry per directed link.

    Attributes
    ----------
    metadata
        Metadata keys (upper case, e.g. ``"NUMBER OF ZONES"``) to their text values, in file order.
    init_node, term_node
        Node numbers of each link's tail and head.
    capacity, length, free_flow_time, b, power, speed, toll
        Per-link values of the standard columns.
    link_type
        Per-link type code.
    extra
        Columns after the standard ten, by header name (``col<k>`` when unnamed), kept on write.
    """

    metadata: dict[str, str]
    init_node: IntArray
    term_node: IntArray
    capacity: FloatArray
    length: FloatArray
    free_flow_time: FloatArray
    b: FloatArray
    power: FloatArray
    speed: FloatArray
    toll: FloatArray
    link_type: IntArray
    extra: dict[str, FloatArray] = field(default_factory=dict)

    @property
    def n_links(self) -> int:
        """Number of links (rows)."""
        return int(self.init_node.size)

    @property
    def n_nodes(self) -> int:
        """``<NUMBER OF NODES>``, or the largest node number when absent."""
        value = self.metadata.get("NUMBER OF NODES")
        if value:
            return int(float(value))
        if self.n_links == 0:
            return 0
        return int(max(self.init_node.max(), self.term_node.max()))

    @property
    def n_zones(self) -> int:
        """``<NUMBER OF ZONES>`` (0 when absent)."""
        value = self.metadata.get("NUMBER OF ZONES")
        return int(float(value)) if value else 0

    @property
    def first_thru_node(self) -> int:
        """``<FIRST THRU NODE>``: nodes numbered below it carry no through traffic (default 1)."""
        value = self.metadata.get("FIRST THRU NODE")
        return int(float(value)) if value else 1

    @property
    def toll_factor(self) -> float:
        """``<TOLL FACTOR>``: weight of the toll column in generalized cost (default 0)."""
        return _meta_factor(self.metadata, "TOLL FACTOR")

    @property
    def distance_factor(self) -> float:
        """``<DISTANCE FACTOR>``: weight of the length column in generalized cost (default 0)."""
        return _meta_factor(self.metadata, "DISTANCE FACTOR")


def _meta_factor(metadata: dict[str, str], key: str) -> float:
    """Return a cost factor from metadata ``<key>``: a finite number >= 0, 0 when absent.

    Examples
    --------
    >>> _meta_factor({"TOLL FACTOR": "0.5"}, "TOLL FACTOR"), _meta_factor({}, "TOLL FACTOR")
    (0.5, 0.0)
    """
    text = metadata.get(key, "").strip()
    if not text:
        return 0.0
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value >= 0):
        msg = f"TNTP network: <{key}> must be a finite number >= 0, got {text!r}"
        raise DataError(msg)
    return value


@dataclass
class TntpTrips:
    """A TNTP trips file: an origin-destination matrix over zones ``1..n``.

    Attributes
    ----------
    metadata
        Metadata keys to text values (e.g. ``"TOTAL OD FLOW"``).
    matrix
        Dense ``n_zones x n_zones`` demand; ``matrix[o - 1, d - 1]`` is the flow from zone ``o``
        to zone ``d``.
    """

    metadata: dict[str, str]
    matrix: FloatArray

    @property
    def n_zones(self) -> int:
        """Number of zones (matrix size)."""
        return int(self.matrix.shape[0])

    @property
    def total(self) -> float:
        """Sum of all OD flows."""
        return float(self.matrix.sum())


@dataclass
class TntpFlows:
    """A TNTP flow file: volume and cost of each directed link."""

    from_node: IntArray
    to_node: IntArray
    volume: FloatArray
    cost: FloatArray


@dataclass
class TntpNodes:
    """A TNTP node file: coordinates of each node."""

    node: IntArray
    x: FloatArray
    y: FloatArray


def _lines(text: str) -> Iterator[tuple[int, str]]:
    return enumerate(text.splitlines(), start=1)


def _split_metadata(text: str, source: str) -> tuple[dict[str, str], list[tuple[int, str]]]:
    """Metadata before ``<END OF METADATA>`` and the remaining numbered lines."""
    metadata: dict[str, str] = {}
    lines = list(_lines(text))
    has_end = any(line.strip().upper().startswith("<END OF METADATA>") for _, line in lines)
    if not has_end:
        return metadata, lines
    for index, (number, line) in enumerate(lines):
        stripped = line.strip()
        if not stripped or stripped.startswith("~"):
            continue
        match = _META.match(stripped)
        if match is None:
            msg = (
                f"{source} line {number}: expected a metadata line '<KEY> value' before "
                f"<END OF METADATA>, got {stripped[:60]!r}"
            )
            raise DataError(msg)
        key = " ".join(match.group(1).split()).upper()
        if key == "END OF METADATA":
            return metadata, lines[index + 1 :]
        metadata[key] = match.group(2).strip()
    return metadata, []  # pragma: no cover - unreachable: has_end guarantees a return above


def _meta_count(metadata: dict[str, str], key: str, *, source: str, limit: int) -> int | None:
    """Return the whole number in metadata ``<key>`` (None when absent), checked to lie in 0..limit."""
    text = metadata.get(key, "")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (value.is_integer() and 0 <= value <= limit):
        msg = f"{source}: <{key}> must be a whole number in 0..{limit}, got {text!r}"
        raise DataError(msg)
    return int(value)


def _number(token: str, *, source: str, number: int, column: str) -> float:
    try:
        return float(token)
    except ValueError:
        msg = f"{source} line {number}, column {column!r}: expected a number, got {token!r}"
        raise DataError(msg) from None


def _row_tokens(line: str) -> list[str]:
    body = line.split("~", 1)[0]
    return body.replace(";", " ").split()


def _normalise(name: str) -> str:
    return "_".join(name.strip().lower().split())


def _int_column(values: FloatArray, *, source: str, column: str, lines: list[int]) -> IntArray:
    rounded = np.rint(values)
    bad = np.flatnonzero((rounded != values) | ~(np.abs(values) <= 2.0**53))
    if bad.size:
        i = int(bad[0])
        msg = f"{source} line {lines[i]}, column {column!r}: expected an integer, got {values[i]!r}"
        raise DataError(msg)
    return rounded.astype(np.int64)


def _fmt(value: float) -> str:
    as_float = float(value)
    if as_float.is_integer() and abs(as_float) < 1e15:
        return str(int(as_float))
    return repr(as_float)


_Parsed = TypeVar("_Parsed")


def _read(path: str | Path, parse: Callable[..., _Parsed]) -> _Parsed:
    """Read a TNTP file as UTF-8 and ``parse(text, source=path)`` it (DataError naming the file)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        msg = f"{p}: no such TNTP file"
        raise DataError(msg) from None
    except UnicodeDecodeError as exc:
        msg = f"{p}: not a UTF-8 text file ({exc.reason} at byte {exc.start})"
        raise DataError(msg) from None
    return parse(text, source=str(p))


def _format_metadata(metadata: dict[str, str]) -> list[str]:
    out = [f"<{key}> {value}".rstrip() for key, value in metadata.items()]
    out.append("<END OF METADATA>")
    return out


def parse_net(text: str, *, source: str = "<net>") -> TntpNetwork:
    r"""Parse the text of a TNTP network file.

    Parameters
    ----------
    text
        File contents.
    source
        Name used in error messages (the file path).

    Returns
    -------
    TntpNetwork
        Metadata, the ten standard columns and any extra columns.

    Raises
    ------
    DataError
        Naming the line and column: too few columns, a non-number, a fractional node number,
        a non-positive node number, or a link count that disagrees with ``<NUMBER OF LINKS>``.

    Examples
    --------
    >>> parse_net("<END OF METADATA>\n1 2 10 1 1 0.15 4 0 0 x ;\n", source="a_net.tntp")
    Traceback (most recent call last):
    ...
    eurasia.errors.DataError: a_net.tntp line 2, column 'link_type': expected a number, got 'x'
    """
    metadata, lines = _split_metadata(text, source)
    header: list[str] | None = None
    rows: list[list[float]] = []
    row_lines: list[int] = []
    width = 0
    for number, line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("~"):
            names = [_normalise(n) for n in stripped[1:].replace(";", " ").split("\t")]
            names = [n for n in names if n]
            if len(names) < len(STANDARD_COLUMNS):  # space-separated header
                names = [n for n in stripped[1:].replace(";", " ").split() if n]
            if len(names) >= len(STANDARD_COLUMNS):
                header = [_normalise(n) for n in names]
            continue
        tokens = _row_tokens(line)
        if not tokens:
            continue
        if len(tokens) < len(STANDARD_COLUMNS):
            msg = (
                f"{source} line {number}: expected at least {len(STANDARD_COLUMNS)} columns "
                f"({', '.join(STANDARD_COLUMNS)}), got {len(tokens)}"
            )
            raise DataError(msg)
        if width and len(tokens) != width:
            msg = f"{source} line {number}: expected {width} columns like the rows above, got {len(tokens)}"
            raise DataError(msg)
        width = len(tokens)
        names = _column_names(header, width)
        rows.append(
            [
                _number(tok, source=source, number=number, column=names[k])
                for k, tok in enumerate(tokens)
            ]
        )
        row_lines.append(number)
    names = _column_names(header, width or len(STANDARD_COLUMNS))
    data = np.asarray(rows, dtype=np.float64).reshape(len(rows), len(names))
    expected = _meta_count(metadata, "NUMBER OF LINKS", source=source, limit=2**62)
    if expected is not None and expected != len(rows):
        msg = f"{source}: <NUMBER OF LINKS> says {expected} but the file has {len(rows)} link rows"
        raise DataError(msg)
    declared = _meta_count(metadata, "NUMBER OF NODES", source=source, limit=MAX_NODES)
    _meta_count(metadata, "NUMBER OF ZONES", source=source, limit=MAX_ZONES)
    _meta_count(metadata, "FIRST THRU NODE", source=source, limit=MAX_NODES)
    top = declared or MAX_NODES
    nodes = [
        _int_column(data[:, k], source=source, column=names[k], lines=row_lines) for k in (0, 1)
    ]
    for k, column in enumerate(nodes):
        bad = np.flatnonzero((column < 1) | (column > top))
        if bad.size:
            i = int(bad[0])
            msg = f"{source} line {row_lines[i]}, column {names[k]!r}: expected a node number >= 1 and <= {top}, got {column[i]}"
            raise DataError(msg)
    link_type = _int_column(data[:, 9], source=source, column=names[9], lines=row_lines)
    extra = {names[k]: data[:, k].copy() for k in range(len(STANDARD_COLUMNS), len(names))}
    return TntpNetwork(
        metadata=metadata,
        init_node=nodes[0],
        term_node=nodes[1],
        capacity=data[:, 2].copy(),
        length=data[:, 3].copy(),
        free_flow_time=data[:, 4].copy(),
        b=data[:, 5].copy(),
        power=data[:, 6].copy(),
        speed=data[:, 7].copy(),
        toll=data[:, 8].copy(),
        link_type=link_type,
        extra=extra,
    )


def _column_names(header: list[str] | None, width: int) -> list[str]:
    names = list(STANDARD_COLUMNS)
    for k in range(len(STANDARD_COLUMNS), width):
        if header is not None and k < len(header):
            name = header[k]
            names.append(name if name not in names else f"col{k + 1}")
        else:
            names.append(f"col{k + 1}")
    return names


def format_net(net: TntpNetwork) -> str:
    """Return the text of a TNTP network file for ``net`` (metadata first, links after a ``~`` header).

    ``<NUMBER OF LINKS>`` is set to the actual row count.

    Examples
    --------
    >>> net = parse_net("1 2 10 1 1 0.15 4 0 0 1 ;")
    >>> print(format_net(net))  # doctest: +NORMALIZE_WHITESPACE
    <NUMBER OF LINKS> 1
    <END OF METADATA>
    <BLANKLINE>
    ~ init_node term_node capacity length free_flow_time b power speed toll link_type ;
    1 2 10 1 1 0.15 4 0 0 1 ;
    """
    metadata = dict(net.metadata)
    metadata["NUMBER OF LINKS"] = str(net.n_links)
    names = [*STANDARD_COLUMNS, *net.extra]
    columns: list[npt.NDArray[np.generic]] = [
        net.init_node,
        net.term_node,
        net.capacity,
        net.length,
        net.free_flow_time,
        net.b,
        net.power,
        net.speed,
        net.toll,
        net.link_type,
        *net.extra.values(),
    ]
    for name, column in zip(names, columns, strict=True):
        if column.shape != (net.n_links,):
            msg = f"TntpNetwork.{name}: expected {net.n_links} values, got shape {column.shape}"
            raise DataError(msg)
    out = _format_metadata(metadata)
    out += ["", "~\t" + "\t".join(names) + "\t;"]
    for i in range(net.n_links):
        out.append("\t" + "\t".join(_fmt(float(c[i])) for c in columns) + "\t;")
    return "\n".join(out) + "\n"


def read_net(path: str | Path) -> TntpNetwork:
    """Read a TNTP network file (:func:`parse_net`); DataError if missing, not UTF-8 or malformed."""
    return _read(path, parse_net)


def write_net(net: TntpNetwork, path: str | Path) -> None:
    """Write ``net`` as a TNTP network file (see :func:`format_net`)."""
    Path(path).write_text(format_net(net), encoding="utf-8")


def parse_trips(text: str, *, source: str = "<trips>") -> TntpTrips:
    r"""Parse the text of a TNTP trips file into a dense matrix.

    The matrix size is ``<NUMBER OF ZONES>``, or the largest zone number seen when absent. When
    ``<TOTAL OD FLOW>`` is given, the parsed total must agree with it to 1e-6 relative.

    Raises
    ------
    DataError
        Naming the line: an entry before any ``Origin``, a malformed ``d : flow`` pair, a
        negative flow, a zone outside ``1..<NUMBER OF ZONES>``, or a total that disagrees.

    Examples
    --------
    >>> trips = parse_trips("<NUMBER OF ZONES> 2\n<END OF METADATA>\nOrigin 1\n 2 : 5.0;\n")
    >>> trips.matrix.tolist()
    [[0.0, 5.0], [0.0, 0.0]]
    >>> parse_trips("<NUMBER OF ZONES> 2\n<END OF METADATA>\nOrigin 1\n 3 : 5.0;\n", source="t.tntp")
    Traceback (most recent call last):
    ...
    eurasia.errors.DataError: t.tntp line 4: destination zone 3 outside 1..2 (<NUMBER OF ZONES>)
    """
    metadata, lines = _split_metadata(text, source)
    declared = _meta_count(metadata, "NUMBER OF ZONES", source=source, limit=MAX_ZONES) or 0
    # compiled scan first; the line-by-line loop below runs only on what it is unsure of
    fast = trip_entries("\n".join(line for _, line in lines), declared or MAX_ZONES)
    entries: list[tuple[int, int, float, int]] = []
    origin: int | None = None
    for number, line in lines if fast is None else []:
        body = line.split("~", 1)[0].strip()
        if not body:
            continue
        if body.lower().startswith("origin"):
            token = body[len("origin") :].strip()
            value = _number(token, source=source, number=number, column="origin")
            if not value.is_integer():
                msg = f"{source} line {number}: origin zone must be an integer, got {token!r}"
                raise DataError(msg)
            origin = int(value)
            _check_zone(origin, declared, source=source, number=number, what="origin")
            continue
        if origin is None:
            msg = f"{source} line {number}: expected 'Origin <zone>' before destination entries"
            raise DataError(msg)
        for pair in body.split(";"):
            pair = pair.strip()
            if not pair:
                continue
            parts = pair.split(":")
            if len(parts) != 2:
                msg = f"{source} line {number}: expected 'destination : flow', got {pair!r}"
                raise DataError(msg)
            dest = _number(parts[0].strip(), source=source, number=number, column="destination")
            flow = _number(parts[1].strip(), source=source, number=number, column="flow")
            if not dest.is_integer():
                msg = f"{source} line {number}: destination zone must be an integer, got {parts[0].strip()!r}"
                raise DataError(msg)
            _check_zone(int(dest), declared, source=source, number=number, what="destination")
            if not np.isfinite(flow) or flow < 0:
                msg = f"{source} line {number}: flow {origin}->{int(dest)} must be finite and >= 0, got {flow}"
                raise DataError(msg)
            entries.append((origin, int(dest), flow, number))
    if fast is not None:
        from_zone, to_zone, volume = fast
        size = declared or int(max(from_zone.max(initial=0), to_zone.max(initial=0)))
        cells = np.bincount(
            (from_zone - 1) * size + to_zone - 1, weights=volume, minlength=size * size
        )
        matrix = cells.astype(np.float64).reshape(size, size)
    else:
        size = declared or max((max(o, d) for o, d, _, _ in entries), default=0)
        matrix = np.zeros((size, size), dtype=np.float64)
        for o, d, flow, _ in entries:
            matrix[o - 1, d - 1] += flow
    _check_total(metadata, matrix, source)
    return TntpTrips(metadata=metadata, matrix=matrix)


def _check_total(metadata: dict[str, str], matrix: npt.NDArray[np.float64], source: str) -> None:
    """Raise DataError unless the matrix sums to ``<TOTAL OD FLOW>`` (when given)."""
    total = metadata.get("TOTAL OD FLOW")
    if total:
        try:
            expected = float(total)
        except ValueError:
            msg = f"{source}: <TOTAL OD FLOW> must be a number, got {total!r}"
            raise DataError(msg) from None
        if not np.isclose(matrix.sum(), expected, rtol=1e-6, atol=1e-9):
            msg = f"{source}: <TOTAL OD FLOW> says {expected} but the entries sum to {matrix.sum()}"
            raise DataError(msg)


def _check_zone(zone: int, declared: int, *, source: str, number: int, what: str) -> None:
    if zone < 1 or zone > (declared or MAX_ZONES):
        upper = f"1..{declared} (<NUMBER OF ZONES>)" if declared else f"1..{MAX_ZONES}"
        msg = f"{source} line {number}: {what} zone {zone} outside {upper}"
        raise DataError(msg)


def format_trips(trips: TntpTrips, *, per_line: int = 5) -> str:
    """Return the text of a TNTP trips file; zero entries are written too, as in the published files.

    Examples
    --------
    >>> print(format_trips(TntpTrips({}, np.array([[0.0, 5.0], [2.5, 0.0]]))))
    ... # doctest: +NORMALIZE_WHITESPACE
    <NUMBER OF ZONES> 2
    <TOTAL OD FLOW> 7.5
    <END OF METADATA>
    <BLANKLINE>
    <BLANKLINE>
    Origin 	1
        1 :        0.0;    2 :        5.0;
    <BLANKLINE>
    Origin 	2
        1 :        2.5;    2 :        0.0;
    <BLANKLINE>
    """
    matrix = np.asarray(trips.matrix, dtype=np.float64)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        msg = f"TntpTrips.matrix: expected a square matrix, got shape {matrix.shape}"
        raise DataError(msg)
    metadata = dict(trips.metadata)
    metadata["NUMBER OF ZONES"] = str(matrix.shape[0])
    metadata["TOTAL OD FLOW"] = repr(float(matrix.sum()))
    order = ["NUMBER OF ZONES", "TOTAL OD FLOW"]
    ordered = {k: metadata[k] for k in order} | {
        k: v for k, v in metadata.items() if k not in order
    }
    out = [*_format_metadata(ordered), ""]
    for o in range(matrix.shape[0]):
        out += ["", f"Origin \t{o + 1}"]
        cells = [
            f"{d + 1:5d} : {_trip_value(float(matrix[o, d])):>10};" for d in range(matrix.shape[1])
        ]
        for start in range(0, len(cells), per_line):
            out.append("".join(cells[start : start + per_line]))
    return "\n".join(out) + "\n"


def _trip_value(value: float) -> str:
    text = repr(value)
    return text if ("e" in text or "." in text) else f"{text}.0"


def read_trips(path: str | Path) -> TntpTrips:
    """Read a TNTP trips file (:func:`parse_trips`); DataError if missing, not UTF-8 or malformed."""
    return _read(path, parse_trips)


def write_trips(trips: TntpTrips, path: str | Path) -> None:
    """Write ``trips`` as a TNTP trips file (see :func:`format_trips`)."""
    Path(path).write_text(format_trips(trips), encoding="utf-8")
