"""Bundled classifications: ISCO-08 occupations and ISCED-F 2013 fields of education.

``data/isco08.csv`` holds all 10 major, 43 sub-major, 130 minor and 436 unit groups of ISCO-08
(source ``ilo-isco-08``); ``data/isced_f_2013.csv`` the broad, narrow and detailed fields of
ISCED-F 2013 (source ``unesco-isced-f-2013``). Citations are in ``data/sources.csv``.

ISCED-F 2013 also has **coding categories** for programmes that fit no named field, built from
the named ones by its coding rules; :func:`isced_codes` holds them next to the fields and
:func:`isced_category` tells them apart:

* ``unknown``: 99, 999 and 9999, "Field unknown";
* ``not-further-defined`` (nfd): a last digit 0 — ``070`` a broad field with at least two narrow
  ones, ``0710`` a narrow field with at least two detailed ones — known only to the level above;
* ``inter-disciplinary``: ``xx8`` / ``xx88`` under every broad field except 00 (generic
  programmes), programmes combining that broad field with others, none predominant;
* ``not-elsewhere-classified`` (n.e.c.): a last digit 9 — ``079``/``0799`` for a broad field,
  ``0719`` for a narrow one — a field the classification does not name.

For matching (:func:`isced_match_code`) each category is only as specific as what it says: an
nfd or n.e.c. code is its parent field, an inter-disciplinary one its broad field, an unknown one
nothing — so two "n.e.c." programmes are not taken for the same detailed field.

Examples
--------
>>> isco_title("3131"), isco_title("313"), isced_title("0713")
('Power production plant operators', 'Process control technicians', 'Electricity and energy')
>>> isced_title("0710"), isced_category("0710"), isced_match_code("0710")
('Engineering and engineering trades not further defined', 'not-further-defined', '071')
>>> isced_title("0788")
'Inter-disciplinary programmes and qualifications involving engineering, manufacturing and construction'
>>> isced_title("9999"), isced_match_code("9999")
('Field unknown', '')
>>> isco_parents("7212")
('721', '72', '7')
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

from eurasia.errors import DataError, NotFoundError
from eurasia.i18n import N_

__all__ = [
    "DATA_DIR",
    "ISCED_CATEGORIES",
    "ISCED_SOURCE",
    "ISCO_SOURCE",
    "isced_category",
    "isced_codes",
    "isced_fields",
    "isced_match_code",
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
    """Every named ISCED-F 2013 field (2 to 4 digits) with its title (no coding categories)."""
    return _read_codes("isced_f_2013.csv")


#: ISCED-F 2013 coding categories, with the label shown next to a code of each.
ISCED_CATEGORIES = {
    "field": N_("named field"),
    "unknown": N_("field unknown: matches no field"),
    "not-further-defined": N_("not further defined: matched at the level above"),
    "inter-disciplinary": N_("inter-disciplinary: matched at its broad field"),
    "not-elsewhere-classified": N_("not elsewhere classified: matched at the level above"),
}
_UNKNOWN_TITLE = "Field unknown"


def _involving(broad_title: str) -> str:
    """Return "Inter-disciplinary ... involving <broad field>" (sentence case kept for ICTs)."""
    rest = broad_title[1:]
    title = broad_title if any(c.isupper() for c in rest) else broad_title[0].lower() + rest
    return f"Inter-disciplinary programmes and qualifications involving {title}"


@functools.cache
def isced_codes() -> dict[str, str]:
    """Every ISCED-F 2013 code: the named fields and the coding categories, with titles.

    Examples
    --------
    >>> codes = isced_codes()
    >>> codes["0799"], codes["0000"]
    ('Engineering, manufacturing and construction not elsewhere classified', 'Generic programmes and qualifications not further defined')
    >>> "008" in codes, "060" in codes, "0420" in codes  # generic: no inter-disciplinary; one narrow/detailed field: no nfd
    (False, False, False)
    """
    fields = isced_fields()
    codes = dict(fields)
    for broad, title in fields.items():
        if len(broad) != 2:
            continue
        narrow = [c for c in fields if len(c) == 3 and c.startswith(broad)]
        if len(narrow) > 1:
            codes[broad + "0"] = codes[broad + "00"] = f"{title} not further defined"
            codes[broad + "9"] = codes[broad + "99"] = f"{title} not elsewhere classified"
        if broad != "00":
            codes[broad + "8"] = codes[broad + "88"] = _involving(title)
    for group in [c for c in fields if len(c) == 3]:
        detailed = [c for c in fields if len(c) == 4 and c.startswith(group)]
        if len(detailed) > 1:
            codes[group + "0"] = f"{fields[group]} not further defined"
            codes[group + "9"] = f"{fields[group]} not elsewhere classified"
    for code in ("99", "999", "9999"):
        codes[code] = _UNKNOWN_TITLE
    return dict(sorted(codes.items()))


def isced_category(code: str) -> str:
    """Return the coding category of an ISCED-F 2013 code (a key of :data:`ISCED_CATEGORIES`).

    Raises
    ------
    NotFoundError
        If ``code`` is not in ISCED-F 2013.

    Examples
    --------
    >>> [isced_category(c) for c in ("0713", "070", "0788", "0719", "999")]
    ['field', 'not-further-defined', 'inter-disciplinary', 'not-elsewhere-classified', 'unknown']
    """
    isced_title(code)
    if code in isced_fields():
        return "field"
    if code.startswith("99"):
        return "unknown"
    last = code[-1]
    return {"0": "not-further-defined", "8": "inter-disciplinary"}.get(
        last, "not-elsewhere-classified"
    )


def isced_match_code(code: str) -> str:
    """Return the part of an ISCED-F code that matching may compare ("" for an unknown field).

    A named field is itself; an nfd or n.e.c. code its parent field (``0710`` → ``071``,
    ``0799`` and ``079`` → ``07``); an inter-disciplinary code its broad field.

    Examples
    --------
    >>> [isced_match_code(c) for c in ("0713", "0700", "0719", "0799", "078", "0788", "9999")]
    ['0713', '07', '071', '07', '07', '07', '']
    """
    category = isced_category(code)
    if category == "field":
        return code
    if category == "unknown":
        return ""
    if category == "inter-disciplinary" or code[2] in "089":
        return code[:2]
    return code[:3]


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
        return isced_codes()[code]
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
