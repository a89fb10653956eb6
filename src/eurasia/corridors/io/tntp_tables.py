"""TNTP flow and node tables: the link flows of a solved assignment and node coordinates.

The network and trips formats, and the data classes, live in :mod:`eurasia.corridors.io.tntp`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np

from eurasia.corridors.graph.types import FloatArray, IntArray
from eurasia.corridors.io.tntp import (
    TntpFlows,
    TntpNodes,
    _fmt,
    _int_column,
    _lines,
    _number,
    _read,
    _row_tokens,
)
from eurasia.errors import DataError

__all__ = [
    "format_flows",
    "format_nodes",
    "parse_flows",
    "parse_nodes",
    "read_flows",
    "read_nodes",
    "write_flows",
    "write_nodes",
]


def _parse_table(
    text: str, *, source: str, ints: tuple[str, ...], floats: tuple[str, ...]
) -> tuple[dict[str, IntArray], dict[str, FloatArray]]:
    """Return the rows of a table file by column: node numbers (``ints``, whole), then values."""
    columns = ints + floats
    rows: list[list[float]] = []
    numbers: list[int] = []
    for number, line in _lines(text):
        tokens = _row_tokens(line)
        if not tokens or line.lstrip().startswith("~"):
            continue
        if not rows and not numbers and not _looks_numeric(tokens[0]):
            continue  # header line such as "From To Volume Cost"
        if len(tokens) != len(columns):
            msg = f"{source} line {number}: expected {len(columns)} columns ({', '.join(columns)}), got {len(tokens)}"
            raise DataError(msg)
        rows.append(
            [
                _number(tok, source=source, number=number, column=columns[k])
                for k, tok in enumerate(tokens)
            ]
        )
        numbers.append(number)
    data = np.asarray(rows, dtype=np.float64).reshape(len(rows), len(columns))
    whole = {
        name: _int_column(data[:, k], source=source, column=name, lines=numbers)
        for k, name in enumerate(ints)
    }
    return whole, {name: data[:, len(ints) + k].copy() for k, name in enumerate(floats)}


def _text(header: str, lines: Iterable[str]) -> str:
    """Return a table file's text: the header line, then one line a row."""
    return "\n".join([header, *lines]) + "\n"


def _looks_numeric(token: str) -> bool:
    try:
        float(token)
    except ValueError:
        return False
    return True


def parse_flows(text: str, *, source: str = "<flow>") -> TntpFlows:
    r"""Parse a TNTP flow file (a header line, then ``From To Volume Cost`` rows).

    Raises
    ------
    DataError
        Naming the line: wrong column count, a non-number, a fractional node number.

    Examples
    --------
    >>> flows = parse_flows("From\tTo\tVolume\tCost\n1\t2\t4494.6\t6.0\n")
    >>> flows.from_node.tolist(), flows.volume.tolist()
    ([1], [4494.6])
    """
    ints, floats = _parse_table(text, source=source, ints=("from", "to"), floats=("volume", "cost"))
    return TntpFlows(ints["from"], ints["to"], floats["volume"], floats["cost"])


def format_flows(flows: TntpFlows) -> str:
    """Return the text of a TNTP flow file, full precision.

    Examples
    --------
    >>> one = np.array([1]), np.array([2]), np.array([10.5]), np.array([6.25])
    >>> print(format_flows(TntpFlows(*one)), end="")  # doctest: +NORMALIZE_WHITESPACE
    From	To	Volume	Cost
    1	2	10.5	6.25
    """
    rows = zip(flows.from_node, flows.to_node, flows.volume, flows.cost, strict=True)
    lines = (f"{int(f)}\t{int(t)}\t{float(v)!r}\t{float(c)!r}" for f, t, v, c in rows)
    return _text("From\tTo\tVolume\tCost", lines)


def read_flows(path: str | Path) -> TntpFlows:
    """Read a TNTP flow file (:func:`parse_flows`); DataError if missing, not UTF-8 or malformed."""
    return _read(path, parse_flows)


def write_flows(flows: TntpFlows, path: str | Path) -> None:
    """Write ``flows`` as a TNTP flow file (see :func:`format_flows`)."""
    Path(path).write_text(format_flows(flows), encoding="utf-8")


def parse_nodes(text: str, *, source: str = "<node>") -> TntpNodes:
    r"""Parse a TNTP node file (a header line, then ``node x y ;`` rows).

    Bad rows raise DataError as in :func:`parse_flows`, naming the line.

    Examples
    --------
    >>> parse_nodes("Node\tX\tY\t;\n1\t-96.77\t43.61\t;\n").y.tolist()
    [43.61]
    """
    ints, floats = _parse_table(text, source=source, ints=("node",), floats=("x", "y"))
    return TntpNodes(ints["node"], floats["x"], floats["y"])


def format_nodes(nodes: TntpNodes) -> str:
    """Return the text of a TNTP node file.

    Examples
    --------
    >>> nodes = TntpNodes(np.array([1]), np.array([0.5]), np.array([2.0]))
    >>> print(format_nodes(nodes), end="")  # doctest: +NORMALIZE_WHITESPACE
    Node	X	Y	;
    1	0.5	2	;
    """
    rows = zip(nodes.node, nodes.x, nodes.y, strict=True)
    return _text(
        "Node\tX\tY\t;", (f"{int(n)}\t{_fmt(float(x))}\t{_fmt(float(y))}\t;" for n, x, y in rows)
    )


def read_nodes(path: str | Path) -> TntpNodes:
    """Read a TNTP node file (:func:`parse_nodes`); DataError if missing, not UTF-8 or malformed."""
    return _read(path, parse_nodes)


def write_nodes(nodes: TntpNodes, path: str | Path) -> None:
    """Write ``nodes`` as a TNTP node file (see :func:`format_nodes`)."""
    Path(path).write_text(format_nodes(nodes), encoding="utf-8")
