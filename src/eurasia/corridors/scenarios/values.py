"""Checked values of a scenario file: each helper names the key it read and what was expected."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from eurasia.errors import DataError

__all__ = []


def _fail(where: str, message: str) -> DataError:
    return DataError(f"{where}: {message}")


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise _fail(where, f"expected a mapping, got {type(value).__name__}")
    for key in value:
        if not isinstance(key, str):
            raise _fail(where, f"keys must be strings, got {key!r}")
    return dict(value)


def _keys(value: Mapping[str, Any], allowed: Sequence[str], where: str) -> None:
    for key in value:
        if key not in allowed:
            raise _fail(where, f"unknown key {key!r}; expected one of {', '.join(sorted(allowed))}")


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise _fail(where, f"expected a list, got {type(value).__name__}")
    return value


def _entries(
    value: Any, where: str, allowed: Sequence[str]
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each mapping of the list ``value`` with its key path, its keys checked against ``allowed``.

    Examples
    --------
    >>> [(at, raw) for at, raw in _entries([{"a": 1}, {}], "changes", ("a",))]
    [('changes[0]', {'a': 1}), ('changes[1]', {})]
    >>> list(_entries([{"a": 1}, {"b": 2}], "changes", ("a",)))
    Traceback (most recent call last):
    ...
    eurasia.errors.DataError: changes[1]: unknown key 'b'; expected one of a
    """
    for k, item in enumerate(_list(value, where)):
        at = f"{where}[{k}]"
        raw = _mapping(item, at)
        _keys(raw, allowed, at)
        yield at, raw


def _str_value(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, f"expected a non-empty string, got {value!r}")
    return value.strip()


def _str_list(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    items = _list(value, where)
    return tuple(_str_value(v, f"{where}[{k}]") for k, v in enumerate(items))


def _number(value: Any, where: str, *, positive: bool = False, minimum: float = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(where, f"expected a number, got {value!r}")
    number = float(value)
    if not math.isfinite(number) or number < minimum or (positive and number <= 0):
        bound = "> 0" if positive else f">= {minimum:g}"
        raise _fail(where, f"expected a finite number {bound}, got {value!r}")
    return number


def _int_value(value: Any, where: str, label: str | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(label or where, f"expected a whole year such as 2030, got {value!r}")
    if not 1900 <= value <= 2200:
        raise _fail(label or where, f"expected a year between 1900 and 2200, got {value}")
    return int(value)


def _year_of(value: Any, where: str) -> int:
    if isinstance(value, dt.datetime | dt.date):
        return value.year
    return _int_value(value, where)
