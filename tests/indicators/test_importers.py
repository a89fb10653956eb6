"""Importers on the real public files and on malformed copies of them (which fail cleanly)."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from eurasia.errors import DataError
from eurasia.indicators.datapackage import read_datapackage
from eurasia.indicators.exporters import export_csv, export_datapackage
from eurasia.indicators.importers import detect_format, read_path
from eurasia.indicators.observatory import Observatory
from eurasia.indicators.owid import read_owid
from eurasia.indicators.sdmx import read_sdmx_csv
from tests.conftest import SHARED_DATA, shared_data

WDI_FOLDERS = sorted(p.name for p in (SHARED_DATA / "wdi").glob("*") if p.is_dir())


def _rows(path: Path) -> list[list[str]]:
    with path.open(newline="") as handle:
        return list(csv.reader(handle))


@pytest.mark.parametrize("name", WDI_FOLDERS or ["tx.val.mrch.cd.wt"])
def test_every_wdi_package_imports(name: str) -> None:
    folder = shared_data("wdi", name)
    rows = _rows(folder / "data.csv")[1:]
    result = read_datapackage(folder, vintage="2026-07-01")
    filled = [r for r in rows if r[3].strip()]
    assert len(result.observations) == len(filled)
    assert result.skipped == len(rows) - len(filled)
    assert result.observatory.sources["wdi"].licence == "CC-BY-4.0"
    indicator = result.observatory.indicators[f"wdi.{name}"]
    assert indicator.unit
    assert indicator.name
    first = result.observations[0]
    assert (first.ref_area, first.period) == (rows[0][1], rows[0][2])
    assert first.source_locator.endswith("data.csv line 2")
    assert {o.vintage for o in result.observations} == {"2026-07-01"}


def test_wdi_keeps_aggregates_and_kazakhstan_values() -> None:
    result = read_datapackage(shared_data("wdi", "tx.val.mrch.cd.wt"))
    by_key = {(o.ref_area, o.period): o for o in result.observations}
    assert by_key[("KAZ", "2024")].value == 82471000000.0
    assert by_key[("KAZ", "2024")].flow == "X"
    assert ("EUR", "2020") in by_key or any(o.ref_area == "ARB" for o in result.observations)


def _copy(name: str, tmp_path: Path) -> Path:
    target = tmp_path / name
    shutil.copytree(shared_data("wdi", name), target)
    return target


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda t: t.replace("Kazakhstan,KAZ,2024,82471000000", "Kazakhstan,KAZ,2024,lots"),
            r"line \d+, field 'Value': expected a number, got 'lots'",
        ),
        (
            lambda t: t.replace("Kazakhstan,KAZ,2024,", "Kazakhstan,KAZ,24,"),
            r"field 'Year': expected a year YYYY",
        ),
        (
            lambda t: t.replace("Country Code", "Code"),
            r"data.csv line 1: header .* does not match the schema's fields .*missing 'Country Code'",
        ),
        (lambda t: t + "Kazakhstan,KAZ,2024,1\n", r"KAZ 2024 repeats line \d+"),
        (
            lambda t: t.replace("Kazakhstan,KAZ,2023,", "Kazakhstan,KAZ,2023,1,"),
            r"5 fields, expected 4",
        ),
    ],
)
def test_malformed_wdi_copy_fails_naming_line_and_field(tmp_path: Path, edit, message: str) -> None:  # type: ignore[no-untyped-def]
    folder = _copy("tx.val.mrch.cd.wt", tmp_path)
    data = folder / "data.csv"
    data.write_text(edit(data.read_text()))
    with pytest.raises(DataError, match=message):
        read_datapackage(folder)


def test_broken_descriptor_and_missing_resource(tmp_path: Path) -> None:
    folder = _copy("sp.pop.totl", tmp_path)
    (folder / "datapackage.json").write_text("{not json")
    with pytest.raises(DataError, match=r"datapackage.json line 1: not valid JSON"):
        read_datapackage(folder)
    descriptor = json.loads(shared_data("wdi", "sp.pop.totl", "datapackage.json").read_text())
    descriptor["resources"][0]["path"] = "../../etc/passwd"
    (folder / "datapackage.json").write_text(json.dumps(descriptor))
    with pytest.raises(DataError, match="relative 'path'"):
        read_datapackage(folder)
    (folder / "data.csv").unlink()
    descriptor["resources"][0]["path"] = "data.csv"
    (folder / "datapackage.json").write_text(json.dumps(descriptor))
    with pytest.raises(DataError, match=r"resource file .data\.csv. is missing"):
        read_datapackage(folder)


def test_owid_extract_imports_with_units_and_values() -> None:
    path = shared_data("owid", "owid-energy-kazakhstan.csv")
    result = read_owid(path, vintage="e7897aed")
    assert result.skipped == 0
    indicators = result.observatory.indicators
    assert len(indicators) == 127
    assert indicators["owid.wind_share_elec"].unit == "%"
    assert indicators["owid.electricity_generation"].unit == "TWh"
    assert indicators["owid.energy_per_capita"].unit == "kWh per person"
    value = {(o.indicator, o.period): o.value for o in result.observations}
    assert value[("owid.wind_share_elec", "2023")] == 3.328
    assert value[("owid.renewables_share_elec", "2024")] == 15.214
    assert ("owid.gdp", "2024") not in value  # empty in the source: a gap, not a zero
    assert {o.ref_area for o in result.observations} == {"KAZ"}


def test_malformed_owid_copy_fails(tmp_path: Path) -> None:
    text = shared_data("owid", "owid-energy-kazakhstan.csv").read_text()
    bad = tmp_path / "owid.csv"
    bad.write_text(text.replace("Kazakhstan,2023,KAZ,", "Kazakhstan,20x3,KAZ,"))
    with pytest.raises(DataError, match=r"line \d+, field 'year': expected YYYY"):
        read_owid(bad)
    bad.write_text(text.replace(",3.328,", ",three,"))
    with pytest.raises(DataError, match="field 'wind_share_elec': expected a number"):
        read_owid(bad)
    with pytest.raises(DataError, match="no column"):
        read_owid(shared_data("owid", "owid-energy-kazakhstan.csv"), columns=["nope"])


SDMX_V1 = (
    "DATAFLOW,FREQ,REF_AREA,COUNTERPART_AREA,INDICATOR,FLOW,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,"
    "UNIT_MULT,OBS_STATUS,COMMENT_OBS\n"
    "IMF:DOT(1.0),A,KAZ,CHN,TRADE,T,2024,30.1,USD,9,A,\n"
    "IMF:DOT(1.0),Q,KAZ,CHN,TRADE,X,2024-Q1,4.2,USD,9,B,new method\n"
    "IMF:DOT(1.0),A,KAZ,RUS,TRADE,T,2024,,USD,9,M,\n"
)
SDMX_V2 = (
    "STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE\n"
    "dataflow,ESTAT:NRG_IND_REN(1.0),I,KZ,2023,5.1,PC\n"
)


def test_sdmx_csv_v1_and_v2(tmp_path: Path) -> None:
    path = tmp_path / "dot.csv"
    path.write_text(SDMX_V1)
    assert detect_format(path) == "sdmx"
    result = read_sdmx_csv(path)
    assert result.skipped == 1
    annual, quarter = result.observations
    assert (annual.flow, annual.scaled_value, annual.vintage) == ("T", 30.1e9, "1.0")
    assert (quarter.freq, quarter.obs_status, quarter.definition_note) == (
        "Q",
        "A",
        "break in series; new method",
    )
    path.write_text(SDMX_V2)
    (obs,) = read_path(path).observations
    assert (obs.indicator, obs.source_id, obs.value) == (
        "sdmx.nrg_ind_ren",
        "sdmx-estat-nrg_ind_ren",
        5.1,
    )


def test_malformed_sdmx_fails(tmp_path: Path) -> None:
    path = tmp_path / "dot.csv"
    path.write_text(SDMX_V1.replace(",A,\n", ",Q,\n", 1))
    with pytest.raises(DataError, match=r"dot.csv line 2, field 'OBS_STATUS'"):
        read_sdmx_csv(path)
    path.write_text(SDMX_V1.replace("2024-Q1", "2024-Q5"))
    with pytest.raises(DataError, match=r"line 3, field 'period'"):
        read_sdmx_csv(path)
    path.write_text("DATAFLOW,REF_AREA\nX:Y(1),KAZ\n")
    with pytest.raises(DataError, match="missing SDMX-CSV column"):
        read_sdmx_csv(path)


def test_plain_csv_errors_name_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "obs.csv"
    path.write_text("indicator,ref_area,period,value,unit,source_id,colour\nx,KAZ,2024,1,t,s,red\n")
    with pytest.raises(DataError, match="unknown column"):
        read_path(path, format="csv")
    path.write_text(
        "indicator,ref_area,period,value,unit,source_id\nx,KAZ,2024,1,t,s\nx,KAZ,2024,2,t,s\n"
    )
    with pytest.raises(DataError, match="data row 2 repeats data row 1"):
        read_path(path)
    path.write_text(
        "indicator,ref_area,period,value,unit,source_id,obs_status\nx,KAZ,2024,1,t,s,Q\n"
    )
    with pytest.raises(DataError, match=r"obs.csv line 2, field 'obs_status'"):
        read_path(path)
    path.write_text("a,b\n1,2\n")
    with pytest.raises(DataError, match="cannot tell the format"):
        read_path(path)


def test_datapackage_export_round_trips_with_sources(tmp_path: Path, bundled: Observatory) -> None:
    subset = Observatory(sources=dict(bundled.sources), indicators=dict(bundled.indicators))
    subset.observations = bundled.series("trade.turnover") + bundled.series("transit.cargo")
    folder = export_datapackage(subset, tmp_path / "pkg")
    descriptor = json.loads((folder / "datapackage.json").read_text())
    assert {s["id"] for s in descriptor["sources"]} == {o.source_id for o in subset.observations}
    back = read_datapackage(folder)
    assert back.observations == subset.observations
    assert set(back.observatory.sources) == {o.source_id for o in subset.observations}
    with pytest.raises(DataError, match="already holds"):
        export_datapackage(subset, folder)
    assert export_csv(subset.observations, tmp_path / "o.csv") == len(subset.observations)
    assert read_path(tmp_path / "o.csv").observations == subset.observations


def test_exported_package_is_valid_for_frictionless(tmp_path: Path, bundled: Observatory) -> None:
    limit = csv.field_size_limit()  # frictionless raises the process-wide CSV field limit
    try:
        frictionless = pytest.importorskip("frictionless")
        subset = Observatory(sources=dict(bundled.sources), indicators=dict(bundled.indicators))
        subset.observations = bundled.series("energy.uranium_production")
        folder = export_datapackage(subset, tmp_path / "pkg")
        report = frictionless.validate(str(folder / "datapackage.json"))
        assert report.valid, report.flatten(["type", "note"])
    finally:
        csv.field_size_limit(limit)
