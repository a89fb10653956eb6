"""Validation page.

The model against published references (times, rates per FEU, volumes), each with its source and
range, calibration references apart from held-out ones (``/corridors/validation``).
"""

from __future__ import annotations

import functools
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from eurasia.corridors.calibration.evaluate import evaluate
from eurasia.corridors.calibration.references import read_references
from eurasia.corridors.calibration.report import summary, table_rows
from eurasia.corridors.io.dataset import load_network
from eurasia.web.views.common import PageDep

__all__ = ["router", "validation_table"]

router = APIRouter(prefix="/corridors", include_in_schema=False)


@functools.lru_cache(maxsize=1)
def validation_table() -> dict[str, Any]:
    """Rows and counts of the bundled references (evaluated once per process)."""
    evaluations = evaluate(read_references(), load_network())
    return {"rows": table_rows(evaluations), "summary": summary(evaluations)}


@router.get("/validation", response_class=HTMLResponse)
def validation_page(page: PageDep) -> Response:
    """Model against published figures: pass or fail, calibrated on or held out."""
    table = validation_table()
    rows = table["rows"]
    context = {
        "calibration": [r for r in rows if r["use"] == "calibration" and r["passed"] is not None],
        "held_out": [r for r in rows if r["use"] == "held_out" and r["passed"] is not None],
        "pending": [r for r in rows if r["passed"] is None],
        "summary": table["summary"],
    }
    return page.render("corridors/validation.html", context)
