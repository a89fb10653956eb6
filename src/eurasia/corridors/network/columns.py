"""Attribute columns of a :class:`~eurasia.corridors.network.model.Network`: checked, read-only arrays."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from eurasia.corridors.network.codes import NODE_TEXT_ATTRIBUTES
from eurasia.errors import DataError

__all__ = []


StrArray = npt.NDArray[np.str_]
FloatArray = npt.NDArray[np.float64]


_NODE_STR = NODE_TEXT_ATTRIBUTES


_EDGE_STR = (
    "kind",
    "mode",
    "transfer",
    "country",
    "country_to",
    "status",
    "corridors",
    "capacity_basis",
)


_EDGE_NUM = ("gauge", "opening_year", "capacity", "bpr_alpha", "bpr_beta")


def _frozen(array: npt.ArrayLike, dtype: Any) -> npt.NDArray[Any]:
    out = np.array(array, dtype=dtype)
    out.flags.writeable = False
    return out


def _str_column(values: Any, n: int, default: str, where: str) -> StrArray:
    if values is None:
        return _frozen(np.full(n, str(default), dtype=f"<U{max(len(default), 1)}"), np.str_)
    out = np.asarray(values, dtype=np.str_)
    if out.shape != (n,):
        msg = f"{where}: expected {n} values, got shape {out.shape}"
        raise DataError(msg)
    return _frozen(out, np.str_)


def _num_column(values: Any, n: int, default: float, dtype: Any, where: str) -> Any:
    if values is None:
        return _frozen(np.full(n, default, dtype=dtype), dtype)
    try:
        out = np.asarray(values, dtype=dtype)
    except (TypeError, ValueError) as exc:
        msg = f"{where}: expected numbers ({exc})"
        raise DataError(msg) from exc
    if out.shape != (n,):
        msg = f"{where}: expected {n} values, got shape {out.shape}"
        raise DataError(msg)
    return _frozen(out, dtype)


def _refuse_first(
    edge_id: StrArray, values: FloatArray, bad: npt.NDArray[np.bool_], what: str, expected: str
) -> None:
    """Raise DataError naming the first edge where ``bad`` holds, its value and what was expected.

    Examples
    --------
    >>> _refuse_first(np.array(["a", "b"]), np.array([1.0, -2.0]), np.array([False, True]),
    ...               "cost 'usd'", "a finite number >= 0")
    Traceback (most recent call last):
    ...
    eurasia.errors.DataError: cost 'usd' of edge 'b': expected a finite number >= 0, got -2.0
    """
    hits = np.flatnonzero(bad)
    if hits.size:
        k = int(hits[0])
        msg = f"{what} of edge {str(edge_id[k])!r}: expected {expected}, got {float(values[k])!r}"
        raise DataError(msg)


def _check_bpr(edge_id: StrArray, *, alpha: FloatArray, beta: FloatArray) -> None:
    """Raise DataError naming the first edge whose BPR alpha or beta is negative or infinite."""
    for name, col in (("bpr_alpha", alpha), ("bpr_beta", beta)):
        _refuse_first(
            edge_id,
            col,
            np.isinf(col) | (col < 0),
            f"edge attribute {name!r}",
            "a finite number >= 0 (or NaN for the assignment's default)",
        )
