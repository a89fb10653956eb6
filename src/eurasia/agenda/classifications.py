"""Bundled classifications: ISCO-08 occupations and ISCED-F 2013 fields of education.

``data/isco08.csv`` holds all 10 major, 43 sub-major, 130 minor and 436 unit groups of ISCO-08
(source ``ilo-isco-08``); ``data/isced_f_2013.csv`` the broad, narrow and detailed fields of
ISCED-F 2013 (source ``unesco-isced-f-2013``). Citations are in ``data/sources.csv``.

Examples
--------
>>> isco_title("3131"), isco_title("313"), isced_title("0713")
('Power production plant operators', 'Process control technicians', 'Electricity and energy')
>>> isco_parents("7212")
('721', '72', '7')
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

from eurasia.errors import DataError, NotFoundError

__all__ = [
    "DATA_DIR",
    "ISCED_SOURCE",
    "ISCO_SOURCE",
    "isced_fields",
    "isced_title",
    "isco_groups",
    "isco_parents",
    "isco_title",
    "sources",
]

DATA_DIR = Path(__file__).with_name("data")
ISCO_SOURCE = "ilo-isco-08"
ISCED_SOURCE = "unesco-isced-f-2013"


def _read_codes(name: str) -> dict[str, str]:
    path = DATA_DIR / name
    codes: dict[str, str] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            code, title = (row.get("code") or "").strip(), (row.get("title") or "").strip()
            if not code.isdigit() or not title:
                msg = f"{path} line {number}: expected a numeric code and a title, got {row}"
                raise DataError(msg)
            if code in codes:
                msg = f"{path} line {number}: code {code} appears twice"
                raise DataError(msg)
            codes[code] = title
    return codes


@functools.cache
def isco_groups() -> dict[str, str]:
    """Every ISCO-08 code (1 to 4 digits) with its title."""
    return _read_codes("isco08.csv")


@functools.cache
def isced_fields() -> dict[str, str]:
    """Every ISCED-F 2013 code (2 to 4 digits) with its title."""
    return _read_codes("isced_f_2013.csv")


def isco_title(code: str) -> str:
    """Title of an ISCO-08 group.

    Raises
    ------
    NotFoundError
        If ``code`` is not in ISCO-08.
    """
    try:
        return isco_groups()[code]
    except KeyError:
        msg = f"ISCO-08 code {code!r} does not exist; expected e.g. '3131' (1 to 4 digits)"
        raise NotFoundError(msg) from None


def isced_title(code: str) -> str:
    """Title of an ISCED-F 2013 field.

    Raises
    ------
    NotFoundError
        If ``code`` is not in ISCED-F 2013.
    """
    try:
        return isced_fields()[code]
    except KeyError:
        msg = f"ISCED-F 2013 code {code!r} does not exist; expected e.g. '0713' (2 to 4 digits)"
        raise NotFoundError(msg) from None


def isco_parents(code: str) -> tuple[str, ...]:
    """Return the groups above an ISCO-08 code, nearest first (minor, sub-major, major).

    Raises
    ------
    NotFoundError
        If ``code`` is not in ISCO-08.
    """
    isco_title(code)
    return tuple(code[:n] for n in range(len(code) - 1, 0, -1))


@functools.cache
def sources() -> dict[str, dict[str, str]]:
    """Return the agenda's bundled sources (``data/sources.csv``) by id."""
    with (DATA_DIR / "sources.csv").open(newline="", encoding="utf-8") as handle:
        return {row["id"]: dict(row) for row in csv.DictReader(handle)}
