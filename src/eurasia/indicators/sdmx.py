r"""Import SDMX-CSV (version 1: ``DATAFLOW`` column; version 2: ``STRUCTURE, STRUCTURE_ID``).

Concepts map one to one onto observation fields: ``REF_AREA``, ``COUNTERPART_AREA``,
``TIME_PERIOD``, ``OBS_VALUE``, ``FREQ``, ``UNIT_MEASURE``, ``UNIT_MULT``, ``OBS_STATUS``,
``COMMENT_OBS``; the indicator comes from the ``INDICATOR`` (or ``SERIES``) dimension, else from the
dataflow id, and the trade flow from ``FLOW``/``TRADE_FLOW`` (``X``, ``M``, ``T``). Status codes
outside A/P/E/F map as SDMX defines them: ``B`` (break) is actual with a note, ``I``/``U`` (imputed,
low reliability) are estimates, ``M``/``L``/``O`` (missing) rows are skipped, as are empty values.

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "trade.csv"
>>> _ = path.write_text(
...     "DATAFLOW,FREQ,REF_AREA,COUNTERPART_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,"
...     "UNIT_MULT,OBS_STATUS\n"
...     "ECB:TRD(1.0),A,KAZ,CHN,TRADE,2024,30.1,USD,9,P\n")
>>> obs = read_sdmx_csv(path).observations[0]
>>> obs.indicator, obs.source_id, obs.counterpart_area, obs.scaled_value, obs.obs_status
('sdmx.trade', 'sdmx-ecb-trd', 'CHN', 30100000000.0, 'P')
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from eurasia.errors import ConflictError, DataError
from eurasia.indicators.datapackage import ImportResult
from eurasia.indicators.model import FREQS, Indicator, Observation, Source
from eurasia.indicators.observatory import Observatory
from eurasia.indicators.tableschema import open_csv

__all__ = ["read_sdmx_csv"]

_STATUS = {"A": "A", "P": "P", "E": "E", "F": "F", "T": "T", "B": "A", "I": "E", "U": "E", "": "A"}
_MISSING_STATUS = {"M", "L", "O"}
_FLOW = {"X": "X", "M": "M", "T": "T", "EXP": "X", "IMP": "M", "TOT": "T", "_Z": "_Z", "": "_Z"}
_DATAFLOW = re.compile(r"(?:[^=]*=)?([A-Za-z0-9_.\-]+):([A-Za-z0-9_\-]+)(?:\(([^)]*)\))?")


def _freq_of(period: str) -> str:
    if re.fullmatch(r"\d{4}-Q[1-4]", period):
        return "Q"
    if re.fullmatch(r"\d{4}-\d{2}", period):
        return "M"
    return "A"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9_.\-]+", "-", text.lower()).strip("-") or "x"


def _read_rows(path: Path) -> tuple[list[dict[str, Any]], str, str | None, str | None]:
    """Return the rows and the dataflow, indicator and trade-flow column names of ``path``.

    Raises
    ------
    DataError
        If the file cannot be read, its last line is cut, or a required column is missing.
    """
    handle = open_csv(path)
    with handle:
        reader = csv.DictReader(handle)
        header = [h.strip() for h in reader.fieldnames or []]
        reader.fieldnames = header
        flow_column = "DATAFLOW" if "DATAFLOW" in header else "STRUCTURE_ID"
        required = (flow_column, "REF_AREA", "TIME_PERIOD", "OBS_VALUE")
        missing = [c for c in required if c not in header]
        if missing:
            msg = (
                f"{path.name} line 1: missing SDMX-CSV column(s) {', '.join(missing)}; expected "
                "DATAFLOW (or STRUCTURE_ID), REF_AREA, TIME_PERIOD, OBS_VALUE"
            )
            raise DataError(msg)
        indicator_column = next((c for c in ("INDICATOR", "SERIES") if c in header), None)
        trade_column = next((c for c in ("FLOW", "TRADE_FLOW") if c in header), None)
        rows = list(reader)
    return rows, flow_column, indicator_column, trade_column


def read_sdmx_csv(
    path: Path, *, source: Source | None = None, unit: str = "", date_accessed: str = ""
) -> ImportResult:
    """Read an SDMX-CSV file.

    Parameters
    ----------
    path
        The CSV file.
    source
        The source to cite; default: one made from the dataflow's agency and id.
    unit
        Unit for rows without ``UNIT_MEASURE``.
    date_accessed
        Stored with every observation.

    Raises
    ------
    DataError
        If a required column is missing or a row is malformed (naming line and column).
    """
    path = Path(path)
    rows, flow_column, indicator_column, trade_column = _read_rows(path)
    observatory = Observatory()
    observations: list[Observation] = []
    skipped = 0
    for number, row in enumerate(rows, start=2):
        where = f"{path.name} line {number}"
        if None in row:
            msg = f"{where}: more fields than the header has"
            raise DataError(msg)
        cell = {k: (v or "").strip() for k, v in row.items()}
        status = cell.get("OBS_STATUS", "")
        if not cell["OBS_VALUE"] or cell["OBS_VALUE"].lower() == "nan" or status in _MISSING_STATUS:
            skipped += 1
            continue
        match = _DATAFLOW.fullmatch(cell[flow_column])
        if match is None:
            msg = f"{where}, field {flow_column!r}: expected AGENCY:ID(VERSION), got {cell[flow_column]!r}"
            raise DataError(msg)
        agency, flow_id = match.group(1), match.group(2)
        row_source = source or Source(
            id=_slug(f"sdmx-{agency}-{flow_id}"),
            producer=agency,
            title=f"SDMX dataflow {agency}:{flow_id}",
            kind="statistics",
        )
        code = _slug(f"sdmx.{cell[indicator_column] if indicator_column else flow_id}")
        if status not in _STATUS:
            msg = f"{where}, field 'OBS_STATUS': expected an SDMX status code (A, P, E, F, B, I, U, M, L, O), got {status!r}"
            raise DataError(msg)
        trade = cell.get(trade_column, "") if trade_column else ""
        if trade not in _FLOW:
            msg = f"{where}, field {trade_column!r}: expected X, M or T, got {trade!r}"
            raise DataError(msg)
        try:
            value = float(cell["OBS_VALUE"])
            mult = int(cell.get("UNIT_MULT") or 0)
        except ValueError:
            msg = f"{where}: OBS_VALUE {cell['OBS_VALUE']!r} or UNIT_MULT {cell.get('UNIT_MULT')!r} is not a number"
            raise DataError(msg) from None
        period = cell["TIME_PERIOD"]
        freq = cell.get("FREQ") or _freq_of(period)
        if freq not in FREQS:
            msg = f"{where}, field 'FREQ': expected one of {sorted(FREQS)}, got {freq!r}"
            raise DataError(msg)
        row_unit = cell.get("UNIT_MEASURE") or unit
        if not row_unit:
            msg = f"{where}: no UNIT_MEASURE and no default unit given"
            raise DataError(msg)
        note = cell.get("COMMENT_OBS", "")
        if status == "B":
            note = "; ".join(filter(None, ["break in series", note]))
        try:
            obs = Observation(
                indicator=code,
                ref_area=cell["REF_AREA"],
                counterpart_area=cell.get("COUNTERPART_AREA") or "_Z",
                flow=_FLOW[trade],
                period=period,
                freq=freq,
                value=value,
                unit=row_unit,
                unit_mult=mult,
                source_id=row_source.id,
                definition_note=note,
                obs_status=_STATUS[status],
                source_locator=f"{path.name} line {number}",
                date_accessed=date_accessed,
                vintage=match.group(3) or "",
            )
        except DataError as exc:
            msg = f"{where}, {exc}"
            raise DataError(msg) from None
        observatory.add_source(row_source)
        if code not in observatory.indicators:
            name = cell[indicator_column] if indicator_column else flow_id
            observatory.add_indicator(Indicator(code=code, name=name, unit=row_unit, topic="sdmx"))
        observations.append(obs)
    try:
        observatory.add_observations(observations)
    except (DataError, ConflictError) as exc:
        msg = f"{path.name}: {exc}"
        raise DataError(msg) from None
    return ImportResult(observatory, skipped)
