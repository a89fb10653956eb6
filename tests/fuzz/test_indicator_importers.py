"""Fuzzing the indicator importers: plain CSV, Data Package (WDI and eurasia's own), OWID, SDMX-CSV.

Each file is written to a fresh folder and read through :func:`eurasia.indicators.importers.read_path`,
once with the format sniffed and once forced, so both the sniffer and every reader see it.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eurasia.errors import EurasiaError
from eurasia.indicators.exporters import export_datapackage
from eurasia.indicators.importers import FORMATS, ImportResult, read_path
from eurasia.indicators.model import Indicator, Observation, Source
from eurasia.indicators.observatory import Observatory
from tests.fuzz.strategies import documented, fuzz_settings, mutated, mutated_bytes

pytestmark = pytest.mark.timeout(240)

PLAIN = (
    "indicator,ref_area,period,value,unit,source_id,counterpart_area,flow,freq,unit_mult,obs_status\n"
    "trade.exports,KAZ,2023,78.7,USD,kz-stat,CHN,X,A,9,A\n"
    "trade.exports,KAZ,2024-Q1,20.1,USD,kz-stat,CHN,X,Q,9,P\n"
    "transit.cargo,KAZ,2024-03,2.2,t,kz-stat,_Z,_Z,M,6,E\n"
)
SDMX = (
    "DATAFLOW,FREQ,REF_AREA,COUNTERPART_AREA,INDICATOR,FLOW,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,"
    "UNIT_MULT,OBS_STATUS,COMMENT_OBS\n"
    "IMF:DOT(1.0),A,KAZ,CHN,TRADE,T,2024,30.1,USD,9,A,\n"
    "IMF:DOT(1.0),Q,KAZ,CHN,TRADE,X,2024-Q1,4.2,USD,9,B,new method\n"
    "IMF:DOT(1.0),A,KAZ,RUS,TRADE,T,2024,,USD,9,M,\n"
)
OWID = (
    "country,year,iso_code,population,coal_share_elec,electricity_generation\n"
    "Kazakhstan,2022,KAZ,19621972,65.3,112.8\n"
    "Kazakhstan,2023,KAZ,19900177,,115.1\n"
    "World,2023,OWID_WRL,8000000000,35.1,29000\n"
    "Asia,2023,,,50.2,\n"
)
WDI_DESCRIPTOR = json.dumps(
    {
        "name": "tx.val.mrch.cd.wt",
        "title": "Merchandise exports (current US$)",
        "version": "2025-06",
        "licenses": [{"name": "CC-BY-4.0"}],
        "resources": [{"name": "data", "path": "data.csv", "format": "csv"}],
    },
    indent=2,
)
WDI_DATA = (
    "Country Name,Country Code,Year,Value\n"
    "Kazakhstan,KAZ,2022,84390000000\n"
    "Kazakhstan,KAZ,2023,78680000000\n"
    "World,WLD,2023,\n"
)


def _own_package() -> dict[str, str]:
    obs = Observatory()
    obs.add_source(Source(id="kz-stat", producer="Bureau", title="Trade", kind="statistics"))
    obs.add_indicator(Indicator(code="trade.exports", name="Exports", unit="USD", topic="trade"))
    obs.add_observations(
        [
            Observation(
                indicator="trade.exports",
                ref_area="KAZ",
                counterpart_area="CHN",
                flow="X",
                period=str(year),
                value=float(year - 2000),
                unit="USD",
                unit_mult=9,
                source_id="kz-stat",
            )
            for year in (2022, 2023)
        ]
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = export_datapackage(obs, Path(tmp) / "pkg")
        return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.iterdir())}


OWN_PACKAGE = _own_package()


def _check(result: ImportResult | EurasiaError) -> None:
    if isinstance(result, ImportResult):
        # what an importer returns is complete and consistent: every value cites a known source
        for obs in result.observations:
            assert obs.source_id in result.observatory.sources or not result.observatory.sources
            assert obs.indicator in result.observatory.indicators


def _read_both_ways(path: Path, fmt: str) -> None:
    _check(documented(read_path, path))
    _check(documented(read_path, path, format=fmt, vintage="2025", date_accessed="2025-01-02"))


@pytest.mark.parametrize(
    ("fmt", "seed"), [("csv", PLAIN), ("sdmx", SDMX), ("owid", OWID)], ids=["csv", "sdmx", "owid"]
)
@fuzz_settings()
@given(data=st.data())
def test_csv_like_formats_fail_only_with_documented_errors(
    fmt: str, seed: str, data: st.DataObject
) -> None:
    body = data.draw(mutated_bytes(seed), label="file")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.csv"
        path.write_bytes(body)
        _read_both_ways(path, fmt)


@fuzz_settings()
@given(
    part=st.sampled_from(["datapackage.json", "data.csv"]),
    text=st.one_of(mutated(WDI_DESCRIPTOR), mutated(WDI_DATA)),
)
def test_wdi_package_fails_only_with_documented_errors(part: str, text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "tx.val.mrch.cd.wt"
        folder.mkdir()
        (folder / "datapackage.json").write_text(WDI_DESCRIPTOR, encoding="utf-8")
        (folder / "data.csv").write_text(WDI_DATA, encoding="utf-8")
        (folder / part).write_text(text, encoding="utf-8", errors="surrogatepass")
        _read_both_ways(folder, "datapackage")


@fuzz_settings()
@given(data=st.data())
def test_own_package_fails_only_with_documented_errors(data: st.DataObject) -> None:
    part = data.draw(st.sampled_from(sorted(OWN_PACKAGE)), label="part")
    body = data.draw(mutated_bytes(OWN_PACKAGE[part]), label="body")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pkg"
        folder.mkdir()
        for name, text in OWN_PACKAGE.items():
            (folder / name).write_text(text, encoding="utf-8")
        (folder / part).write_bytes(body)
        _read_both_ways(folder, "datapackage")
        _check(documented(read_path, folder / "datapackage.json"))


@fuzz_settings(examples=20)
@given(fmt=st.sampled_from(FORMATS), body=st.binary(max_size=256))
def test_random_bytes_in_every_format(fmt: str, body: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.csv"
        path.write_bytes(body)
        _read_both_ways(path, fmt)
