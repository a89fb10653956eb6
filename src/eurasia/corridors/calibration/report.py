"""The validation table as rows for a web page, as Markdown for ``docs/data.md``, and a summary.

Examples
--------
>>> from eurasia.corridors.calibration.references import Reference
>>> from eurasia.corridors.calibration.evaluate import Evaluation
>>> ref = Reference("x", "time_days", "held_out", "A to B", 9, 12, "days", ("carec-cpmm",))
>>> print(markdown([Evaluation(ref, 10.0, True)]).splitlines()[4])
| x | A to B | 10 | 9–12 | days | pass | carec-cpmm |
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eurasia.corridors.calibration.evaluate import Evaluation
from eurasia.errors import DataError

__all__ = ["BEGIN", "END", "markdown", "summary", "table_rows", "write_docs_section"]

#: Markers of the generated section in ``docs/data.md``.
BEGIN = "<!-- BEGIN generated: eurasia network calibrate --write-docs -->"
END = "<!-- END generated -->"
_HEADINGS = {
    "calibration": "Calibrated on (the model was fitted to these)",
    "held_out": "Held out (not used in any fit)",
}


def _fmt(value: float) -> str:
    if math.isnan(value):
        return "—"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}".rstrip("0").rstrip(".")


def _range(low: float, high: float) -> str:
    return f"{_fmt(low)}–{_fmt(high)}"


def table_rows(evaluations: Sequence[Evaluation]) -> list[dict[str, Any]]:
    """One plain dict per reference (for a web page or JSON), calibration rows first."""
    order = {"calibration": 0, "held_out": 1}
    rows = [e.to_dict() for e in evaluations]
    return sorted(rows, key=lambda r: (order[r["use"]], r["status"] == "pending"))


def summary(evaluations: Sequence[Evaluation]) -> dict[str, int]:
    """Return counts of passed, failed and pending references, per use.

    Examples
    --------
    >>> summary([])
    {'calibration_passed': 0, 'calibration_failed': 0, 'held_out_passed': 0, 'held_out_failed': 0, 'pending': 0}
    """
    out = {f"{u}_{k}": 0 for u in _HEADINGS for k in ("passed", "failed")}
    out["pending"] = 0
    for e in evaluations:
        if e.passed is None:
            out["pending"] += 1
        else:
            out[f"{e.reference.use}_{'passed' if e.passed else 'failed'}"] += 1
    return out


def markdown(evaluations: Sequence[Evaluation]) -> str:
    """Return the table in Markdown: calibration references, held-out ones, then pending ones."""
    lines: list[str] = []
    head = ["| id | reference | model | published | unit | result | source |", "|---" * 7 + "|"]
    for use, heading in _HEADINGS.items():
        rows = [e for e in evaluations if e.reference.use == use and e.passed is not None]
        if not rows:
            continue
        lines += [f"**{heading}**", "", *head]
        for e in rows:
            r = e.reference
            result = "pass" if e.passed else "FAIL"
            lines.append(
                f"| {r.id} | {r.label} | {_fmt(e.model)} | {_range(r.low, r.high)} | {r.unit} "
                f"| {result} | {'; '.join(r.source)} |"
            )
        lines.append("")
    pending = [e for e in evaluations if e.passed is None]
    if pending:
        lines += [
            "**Listed, not yet evaluated**",
            "",
            "| id | reference | published | unit | why |",
        ]
        lines.append("|---" * 5 + "|")
        for e in pending:
            r = e.reference
            lines.append(
                f"| {r.id} | {r.label} | {_range(r.low, r.high)} | {r.unit} | {r.reason} |"
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def write_docs_section(path: str | Path, evaluations: Sequence[Evaluation]) -> Path:
    """Replace the generated section of ``path`` (between :data:`BEGIN` and :data:`END`).

    Raises
    ------
    DataError
        The file has no such section.
    """
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.DOTALL)
    if not pattern.search(text):
        msg = f"{path}: no generated section (expected a line {BEGIN!r} and a line {END!r})"
        raise DataError(msg)
    body = f"{BEGIN}\n{markdown(evaluations)}{END}"
    path.write_text(pattern.sub(lambda _: body, text), encoding="utf-8")
    return path
