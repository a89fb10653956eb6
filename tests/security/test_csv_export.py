"""Spreadsheet-safe CSV (issue 18, finding 4): cells a spreadsheet would run as formulas are
written as text, numbers stay numbers, and eurasia reads its own exports back unchanged."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from eurasia.indicators import csvio
from eurasia.indicators.model import Observation
from eurasia.spreadsheet import spreadsheet_safe

PAYLOADS = [
    "=cmd|' /C calc'!A0",  # the finding
    '=HYPERLINK("https://evil.example","click")',
    "+SUM(1,2)",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_observation_csv_neutralises_formulas(payload: str, tmp_path: Path) -> None:
    obs = Observation(
        indicator="trade.turnover",
        ref_area="KAZ",
        period="2024",
        value=-1.5,
        unit="USD",
        source_id="s",
        definition_note=payload,
        source_locator=payload,
    )
    buffer = io.StringIO()
    csvio.write_observations(buffer, [obs])
    header, row = list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    cells = dict(zip(header, row, strict=True))
    assert cells["definition_note"] == "'" + payload
    assert cells["source_locator"] == "'" + payload
    assert cells["value"] == "-1.5"  # a number is not a formula
    path = tmp_path / "observations.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    assert csvio.read_observations(path) == [obs]


def test_a_leading_carriage_return_is_neutralised_too() -> None:
    assert spreadsheet_safe("\r=1+1") == "'\r=1+1"


@pytest.mark.parametrize("text", ["Astana", "-1.5", "+3", "1e-9", "", "'quoted"])
def test_plain_text_and_numbers_are_left_alone(text: str) -> None:
    assert spreadsheet_safe(text) == text
