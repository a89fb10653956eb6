r"""Spreadsheet-safe CSV cells: text a spreadsheet would run as a formula is neutralised.

A CSV cell that starts with ``=``, ``+``, ``-`` or ``@`` is read by Excel, LibreOffice and Google
Sheets as a formula (``=HYPERLINK(…)``, ``=cmd|' /C calc'!A0``), and one starting with a tab or a
carriage return can hide such a start. As the OWASP "CSV Injection" page recommends, every such
text cell is written with a leading single quote, which spreadsheets show as text and do not
evaluate. Numbers (``-1.5``, ``+3``, ``1e-9``) are left as they are, so numeric columns stay
numeric; values that are not text are never touched. eurasia's own readers undo the quote
(:func:`spreadsheet_text`), so its exports still round-trip.

Examples
--------
>>> [spreadsheet_safe(v) for v in ("=1+2", "@SUM(A1)", "-1.5", "\tx", "Astana", 3.0)]
["'=1+2", "'@SUM(A1)", '-1.5', "'\tx", 'Astana', 3.0]
"""

from __future__ import annotations

__all__ = ["FORMULA_STARTS", "spreadsheet_safe", "spreadsheet_text"]

#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV Injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text and text.lower().lstrip("+-") not in ("inf", "infinity", "nan")


def spreadsheet_safe(value: object) -> object:
    """``value``, with a leading ``'`` if it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _is_number(value):
        return "'" + value
    return value


def spreadsheet_text(cell: str) -> str:
    """Return the text :func:`spreadsheet_safe` neutralised, for readers of eurasia's own exports.

    Examples
    --------
    >>> spreadsheet_text("'+12.6% on 2021"), spreadsheet_text("'quoted"), spreadsheet_text("-1")
    ('+12.6% on 2021', "'quoted", '-1')
    """
    rest = cell[1:]
    if cell.startswith("'") and rest.startswith(FORMULA_STARTS) and not _is_number(rest):
        return rest
    return cell
