"""Importing a full WDI indicator package (all countries, ≈15k rows): eurasia vs the usual tools.

Measured on ``shared/data/wdi/tx.val.mrch.cd.wt`` in one run: eurasia's Data Package importer
(parse + validate every row into observations), the same plus the bulk write into a SQLite store;
``pandas.read_csv`` alone (parse only, no validation), ``pandas.read_csv`` followed by a per-row
ORM insert into the same tables (what a quick script does), and frictionless-py reading the rows
(when installed). Median of several repeats; ratios against eurasia's import+store.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parents[2] / "shared" / "data" / "wdi" / "tx.val.mrch.cd.wt"


def _time(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run() -> dict[str, Any]:
    """Time each way of importing the package; see the module docstring."""
    import pandas as pd
    from sqlalchemy import delete

    from eurasia.indicators.datapackage import read_datapackage
    from eurasia.store.db import make_engine, session_scope, upgrade
    from eurasia.store.indicators import ObservationRow, save_observatory

    if not (PACKAGE / "datapackage.json").is_file():
        msg = f"WDI package not found at {PACKAGE}"
        raise FileNotFoundError(msg)
    rows_in_file = sum(1 for _ in (PACKAGE / "data.csv").open()) - 1
    tmp = tempfile.mkdtemp(prefix="bench-indicators-")
    engine = make_engine(f"sqlite:///{tmp}/bench.db")
    upgrade(engine)
    first = read_datapackage(PACKAGE)

    def clear() -> None:
        with session_scope(engine) as session:
            session.execute(delete(ObservationRow))

    def eurasia_parse() -> object:
        return read_datapackage(PACKAGE)

    def eurasia_store() -> None:
        result = read_datapackage(PACKAGE)
        with session_scope(engine) as session:
            save_observatory(session, result.observatory)

    def pandas_parse() -> object:
        return pd.read_csv(PACKAGE / "data.csv")

    def pandas_orm() -> None:
        frame = pd.read_csv(PACKAGE / "data.csv").dropna(subset=["Value"])
        with session_scope(engine) as session:
            save_observatory(
                session,
                type(first.observatory)(
                    sources=first.observatory.sources, indicators=first.observatory.indicators
                ),
            )
            for record in frame.itertuples(index=False):
                session.add(
                    ObservationRow(
                        indicator="wdi.tx.val.mrch.cd.wt",
                        ref_area=record[1],
                        counterpart_area="WLD",
                        flow="X",
                        period=str(record[2]),
                        freq="A",
                        value=float(record[3]),
                        unit="current US$",
                        unit_mult=0,
                        reporter_side="reporter",
                        definition_note="",
                        obs_status="A",
                        source_id="wdi",
                        source_locator="",
                        date_accessed="",
                        vintage="",
                        origin="import",
                    )
                )
                session.flush()

    results: list[tuple[str, float, str]] = []
    results.append(("eurasia: parse + validate", _time(eurasia_parse, 5), "eurasia"))
    timings = []
    for _ in range(3):
        clear()
        timings.append(_time(eurasia_store, 1))
    results.append(
        ("eurasia: parse + validate + store (SQLite)", statistics.median(timings), "eurasia")
    )
    results.append(("pandas.read_csv (parse only)", _time(pandas_parse, 5), "pandas"))
    clear()
    results.append(
        ("pandas.read_csv + per-row ORM insert (SQLite)", _time(pandas_orm, 1), "pandas")
    )
    try:
        import frictionless

        def frictionless_read() -> object:
            package = frictionless.Package(str(PACKAGE / "datapackage.json"))
            return package.resources[0].read_rows()

        results.append(("frictionless-py: read rows", _time(frictionless_read, 3), "frictionless"))
    except ImportError:
        pass
    engine.dispose()
    reference = results[1][1]
    rows = [
        {
            "method": name,
            "seconds": seconds,
            "rows per second": rows_in_file / seconds,
            "time vs eurasia import+store": seconds / reference,
        }
        for name, seconds, _ in results
    ]
    return {
        "title": "Indicators: importing a full WDI package",
        "description": (
            f"`tx.val.mrch.cd.wt` ({rows_in_file:,} rows, all countries and aggregates); "
            "median of repeats. eurasia validates every field and writes with one bulk insert."
        ),
        "columns": ["method", "seconds", "rows per second", "time vs eurasia import+store"],
        "rows": rows,
        "notes": (
            "pandas.read_csv alone does no validation and keeps no provenance; the per-row ORM "
            "insert is the straightforward way to put it in the same tables."
        ),
    }
