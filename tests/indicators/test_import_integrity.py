"""Imports that never store a wrong number: a Data Package is checked against its own descriptor.

Each test bends one real WDI package (read from ``shared/data``, copied to a temporary folder) the
way files are damaged in practice — cut short, pasted together, re-saved by a spreadsheet, edited by
hand — and expects a refusal that names package, file, line and field. The held-out rule: whatever
the damage, a package either imports exactly the numbers it holds or is refused.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eurasia.errors import DataError
from eurasia.indicators.datapackage import read_datapackage
from eurasia.indicators.importers import read_path
from tests.conftest import shared_data

PACKAGE = "tx.val.mrch.cd.wt"


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A copy of the real merchandise-exports package."""
    target = tmp_path / PACKAGE
    shutil.copytree(shared_data("wdi", PACKAGE), target)
    return target


def _edit_data(folder: Path, edit: Callable[[bytes], bytes]) -> None:
    data = folder / "data.csv"
    data.write_bytes(edit(data.read_bytes()))


def _edit_descriptor(folder: Path, edit: Callable[[dict[str, Any]], None]) -> None:
    path = folder / "datapackage.json"
    descriptor = json.loads(path.read_text())
    edit(descriptor)
    path.write_text(json.dumps(descriptor))


def _resource(descriptor: dict[str, Any]) -> dict[str, Any]:
    resource: dict[str, Any] = descriptor["resources"][0]
    return resource


def _blank_value(data: bytes, prefix: bytes) -> bytes:
    """Empty the value of the row that starts with ``prefix`` (after the name)."""
    start = data.index(prefix) + len(prefix)
    end = data.index(b"\r\n", start)
    return data[:start] + data[end:]


def test_the_real_package_imports_every_value_exactly(package: Path) -> None:
    result = read_datapackage(package)
    kaz = {o.period: o.value for o in result.observations if o.ref_area == "KAZ"}
    assert kaz["2024"] == 82471000000.0
    last = (package / "data.csv").read_bytes().rstrip(b"\r\n").rsplit(b"\n", 1)[-1]
    area, year, value = last.decode().split(",")[-3:]
    assert {(o.ref_area, o.period): o.value for o in result.observations}[(area, year)] == float(
        value
    )


def test_a_file_cut_inside_the_last_number_is_refused(package: Path) -> None:
    """The reported bug: 48500000 stored as 48500 because the last line was cut."""
    _edit_data(package, lambda b: b.rstrip(b"\r\n")[:-3])
    with pytest.raises(
        DataError,
        match=r"package 'tx.val.mrch.cd.wt', data.csv line \d+, field 'Value': the file does not "
        r"end with a line break, so the last record may be cut short",
    ):
        read_datapackage(package)


@pytest.mark.parametrize(
    ("last", "field"),
    [("transit.cargo,KAZ,2024,27", "value"), ("transit.cargo,KAZ,2024,27.4,t,kz-m", "source_id")],
)
def test_a_plain_csv_cut_in_its_last_line_is_refused_naming_line_and_field(
    tmp_path: Path, last: str, field: str
) -> None:
    path = tmp_path / "obs.csv"
    path.write_text(
        "indicator,ref_area,period,value,unit,source_id\ntransit.cargo,KAZ,2023,22,t,kz-m\n" + last
    )
    with pytest.raises(
        DataError, match=rf"^obs.csv line 3, field '{field}': the file does not end"
    ):
        read_path(path)
    path.write_text(path.read_text().rsplit("\n", 1)[0] + "\ntransit.cargo,KAZ,2024,27.4,t,kz-m\n")
    assert [o.value for o in read_path(path).observations] == [22.0, 27.4]  # complete: imported


def test_a_file_cut_inside_a_quoted_name_is_refused(package: Path) -> None:
    text = (package / "data.csv").read_bytes()
    cut = text.index(b'"Bahamas, The') + 5
    _edit_data(package, lambda b: b[:cut])
    with pytest.raises(DataError, match=r"data.csv line \d+, field 'Country Name': .*cut short"):
        read_datapackage(package)


def test_a_file_cut_at_a_line_break_is_caught_by_bytes_or_hash(package: Path) -> None:
    data = (package / "data.csv").read_bytes()
    _edit_descriptor(package, lambda d: _resource(d).update(bytes=len(data)))
    assert read_datapackage(package).observations  # the right size imports
    _edit_data(package, lambda b: b[: b.rindex(b"\n", 0, len(b) - 2) + 1])
    with pytest.raises(DataError, match=rf"data.csv: the descriptor gives {len(data)} bytes"):
        read_datapackage(package)


@pytest.mark.parametrize("algorithm", ["", "md5:", "sha256:"])
def test_hash_is_verified_when_present(package: Path, algorithm: str) -> None:
    data = (package / "data.csv").read_bytes()
    name = algorithm.rstrip(":") or "md5"
    digest = hashlib.new(name, data).hexdigest()
    _edit_descriptor(package, lambda d: _resource(d).update(hash=f"{algorithm}{digest}"))
    assert read_datapackage(package).observations
    _edit_data(package, lambda b: b.replace(b"KAZ,2024,82471000000", b"KAZ,2024,82471000001"))
    with pytest.raises(DataError, match=rf"data.csv: the file's {name} hash is [0-9a-f]+, the"):
        read_datapackage(package)


def test_an_unknown_hash_algorithm_is_refused(package: Path) -> None:
    _edit_descriptor(package, lambda d: _resource(d).update(hash="crc32:abcd"))
    with pytest.raises(DataError, match="hash algorithm 'crc32' is not one of"):
        read_datapackage(package)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (["Country Name", "Country Code", "Value", "Year"], r"same names in another order"),
        (["Country Name", "Country Code", "Year", "Value", "Note"], r"missing 'Note'"),
        (["Country Name", "Code", "Year", "Value"], r"missing 'Code'; not in the schema"),
    ],
)
def test_schema_field_names_must_match_the_header(
    package: Path, fields: list[str], message: str
) -> None:
    def rename(descriptor: dict[str, Any]) -> None:
        _resource(descriptor)["schema"]["fields"] = [{"name": n, "type": "string"} for n in fields]

    _edit_descriptor(package, rename)
    with pytest.raises(DataError, match=rf"data.csv line 1: header .*{message}"):
        read_datapackage(package)


def test_schema_types_are_enforced(package: Path) -> None:
    def retype(kind: str) -> Callable[[dict[str, Any]], None]:
        def edit(descriptor: dict[str, Any]) -> None:
            _resource(descriptor)["schema"]["fields"][3]["type"] = kind

        return edit

    _edit_descriptor(package, retype("string"))
    with pytest.raises(DataError, match=r"field 'Value': the schema gives type 'string'"):
        read_datapackage(package)
    _edit_descriptor(package, retype("integer"))
    with pytest.raises(
        DataError,
        match=r"field 'Value': expected an integer, got '1087875\.7'|"
        r"field 'Value': expected an integer",
    ):
        read_datapackage(package)
    _edit_descriptor(package, retype("geopoint"))
    with pytest.raises(DataError, match="type 'geopoint' is not one this importer checks"):
        read_datapackage(package)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (b"KAZ,2024,82471000000", b"KAZ,2024,8.2471e10x", r"field 'Value': expected a number"),
        (b"KAZ,2024,82471000000", b'KAZ,2024,"82,471,000,000"', r"expected a number"),
        (b"KAZ,2024,82471000000", b"KAZ,2024, 82471000000", r"expected a number"),
        (b"KAZ,2024,82471000000", b"KAZ,2024,1_000", r"expected a number"),
        (b"KAZ,2024,82471000000", b"KAZ,2024,NA", r"expected a number, got 'NA'"),
        (b"KAZ,2024,82471000000", b"KAZ,2024,NaN", r"expected a number, got 'NaN'"),
        (b"KAZ,2024,82471000000", b"KAZ,2024,1e999", r"expected a number, got '1e999'"),
        (b"KAZ,2024,82471000000", b"KAZ,2024.0,82471000000", r"field 'Year': expected a year"),
        (b"KAZ,2024,82471000000", b"KAZ,2204,82471000000", r"field 'Year': expected a year YYYY"),
        (b"KAZ,2024,82471000000", b"KAZ,2024,82471000000,", r"5 fields, expected 4"),
        (b"KAZ,2024,82471000000", b"KAZ,82471000000", r"3 fields, expected 4"),
        (b"Kazakhstan,KAZ,2024", b"Kenya,KAZ,2024", r"field 'Country Name': KAZ is named 'Kenya'"),
        (b"Kazakhstan,KAZ,2024", b"Kazakhstan,kaz,2024", r"field 'Country Code': expected an area"),
        (b"Kazakhstan,KAZ,2024,", b"\r\nKazakhstan,KAZ,2024,", r"line \d+: blank row"),
        (b"Kazakhstan,KAZ,2024,", b"\xef\xbb\xbfKazakhstan,KAZ,2024,", r"a byte order mark inside"),
        (b"Kazakhstan,KAZ,2024,", b"Kazakhstan\x00,KAZ,2024,", r"a NUL byte inside"),
        (b"Kazakhstan,KAZ,2024,", b"Kazakhstan,KAZ,2023,", r"KAZ 2023 repeats line \d+"),
        (b"Kazakhstan,KAZ,2024,", b"Kaz\xe1khstan,KAZ,2024,", r"data.csv line \d+: not utf-8"),
    ],
)
def test_damaged_rows_are_refused_naming_package_file_line_and_field(
    package: Path, old: bytes, new: bytes, message: str
) -> None:
    _edit_data(package, lambda b: b.replace(old, new, 1))
    with pytest.raises(DataError, match=r"package 'tx.val.mrch.cd.wt', data.csv line \d+") as info:
        read_datapackage(package)
    assert info.match(message)


def test_a_leading_bom_is_allowed(package: Path) -> None:
    _edit_data(package, lambda b: b"\xef\xbb\xbf" + b)
    assert len(read_datapackage(package).observations) > 10_000


def test_missing_values_follow_the_descriptor(package: Path) -> None:
    _edit_data(package, lambda b: b.replace(b"KAZ,2024,82471000000", b"KAZ,2024,NA"))
    with pytest.raises(DataError, match="expected a number, got 'NA'"):
        read_datapackage(package)
    _edit_descriptor(package, lambda d: _resource(d)["schema"].update(missingValues=["", "NA"]))
    result = read_datapackage(package)
    assert ("KAZ", "2024") not in {(o.ref_area, o.period) for o in result.observations}
    _edit_descriptor(package, lambda d: _resource(d)["schema"].update(missingValues=["NA"]))
    _edit_data(package, lambda b: _blank_value(b, b"KAZ,2023,"))
    with pytest.raises(DataError, match=r"expected a number, got '' \(missing values: 'NA'\)"):
        read_datapackage(package)


def test_constraints_and_primary_key(package: Path) -> None:
    def constrain(**constraints: Any) -> Callable[[dict[str, Any]], None]:
        def edit(descriptor: dict[str, Any]) -> None:
            _resource(descriptor)["schema"]["fields"][3]["constraints"] = constraints

        return edit

    _edit_descriptor(package, constrain(minimum=0))
    _edit_data(package, lambda b: b.replace(b"KAZ,2024,82471000000", b"KAZ,2024,-5"))
    with pytest.raises(DataError, match=r"field 'Value': expected at least 0.0, got '-5'"):
        read_datapackage(package)
    _edit_descriptor(package, constrain(required=True))
    _edit_data(package, lambda b: _blank_value(b, b"KAZ,2024,"))
    with pytest.raises(DataError, match=r"field 'Value': a value is required, got ''"):
        read_datapackage(package)
    _edit_descriptor(package, constrain())
    _edit_descriptor(package, lambda d: _resource(d)["schema"].update(primaryKey=["Country Code"]))
    with pytest.raises(DataError, match=r"primary key \('Country Code'\) = \(ABW\) repeats line 2"):
        read_datapackage(package)
    key = ["Country Code", "Year"]
    _edit_descriptor(package, lambda d: _resource(d)["schema"].update(primaryKey=key))
    assert read_datapackage(package).observations
    _edit_descriptor(package, lambda d: _resource(d)["schema"].update(primaryKey=["Nope"]))
    with pytest.raises(DataError, match="primaryKey names unknown field"):
        read_datapackage(package)


def test_descriptor_consistency(package: Path) -> None:
    _edit_descriptor(package, lambda d: d["worldbank"].update(indicator="sp.pop.totl"))
    with pytest.raises(DataError, match=r"disagrees with worldbank.indicator 'sp.pop.totl'"):
        read_datapackage(package)
    _edit_descriptor(package, lambda d: d["worldbank"].update(indicator=PACKAGE))
    _edit_descriptor(package, lambda d: _resource(d).update(format="xlsx"))
    with pytest.raises(DataError, match="format 'xlsx'; expected 'csv'"):
        read_datapackage(package)
    _edit_descriptor(package, lambda d: _resource(d).update(format="csv", encoding="klingon"))
    with pytest.raises(DataError, match="unknown encoding 'klingon'"):
        read_datapackage(package)
    text = (package / "datapackage.json").read_text()
    (package / "datapackage.json").write_text(text.replace('{"title"', '{"name": "x", "title"', 1))
    with pytest.raises(
        DataError,
        match=r"package folder tx.val.mrch.cd.wt, datapackage.json: "
        r"key\(s\) 'name' given twice",
    ):
        read_datapackage(package)


def test_a_declared_encoding_is_used(package: Path) -> None:
    text = (package / "data.csv").read_bytes().decode("utf-8")
    (package / "data.csv").write_bytes(text.replace("Kazakhstan", "Казахстан").encode("cp1251"))
    with pytest.raises(DataError, match=r"package 'tx.val.mrch.cd.wt', data.csv line \d+: not "):
        read_path(package)
    _edit_descriptor(package, lambda d: _resource(d).update(encoding="windows-1251"))
    names = {o.source_locator for o in read_datapackage(package).observations}
    assert names


def test_a_refused_package_returns_nothing_half_read(package: Path) -> None:
    """All or nothing: the error comes before any observation is handed out."""
    _edit_data(package, lambda b: b.rstrip(b"\r\n")[:-1])
    with pytest.raises(DataError):
        read_datapackage(package)


def test_stats_rows_and_an_empty_table(package: Path) -> None:
    """frictionless-py writes bytes, hash and rows under ``stats``; a header alone is refused."""
    data = (package / "data.csv").read_bytes()
    rows = data.count(b"\n") - 1
    stats = {"bytes": len(data), "hash": hashlib.sha256(data).hexdigest(), "rows": rows}
    _edit_descriptor(
        package, lambda d: _resource(d).update(stats={**stats, "hash": "sha256:" + stats["hash"]})
    )
    assert len(read_datapackage(package).observations) == rows
    _edit_descriptor(package, lambda d: _resource(d).update(stats={"rows": rows + 1}))
    with pytest.raises(DataError, match=rf"gives {rows + 1} rows but the file has {rows}"):
        read_datapackage(package)
    _edit_descriptor(package, lambda d: _resource(d).pop("stats"))
    _edit_data(package, lambda b: b.split(b"\n", 1)[0] + b"\n")
    with pytest.raises(DataError, match="a header and no data rows"):
        read_datapackage(package)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(fraction=st.floats(min_value=0.0, max_value=1.0))
def test_a_cut_anywhere_is_refused_or_a_clean_prefix(package: Path, fraction: float) -> None:
    """Wherever a file is cut, no value differs from the original's: refused, or whole lines."""
    original = (package / "data.csv").read_bytes()
    full = {(o.ref_area, o.period): o.value for o in read_datapackage(package).observations}
    cut = int(fraction * (len(original) - 1))
    (package / "data.csv").write_bytes(original[:cut])
    try:
        result = read_datapackage(package)
    except DataError:
        return
    finally:
        (package / "data.csv").write_bytes(original)
    assert original[:cut].endswith((b"\n", b"\r"))
    for obs in result.observations:
        assert full[(obs.ref_area, obs.period)] == obs.value


def test_owid_and_sdmx_files_cut_inside_a_value_are_refused(tmp_path: Path) -> None:
    from eurasia.indicators.owid import read_owid
    from eurasia.indicators.sdmx import read_sdmx_csv

    owid = tmp_path / "owid.csv"
    owid.write_text("country,year,iso_code,wind_share_elec\nKazakhstan,2024,KAZ,4.1")
    with pytest.raises(
        DataError,
        match=r"owid.csv line 2, field 'wind_share_elec': the file does not end with a line break",
    ):
        read_owid(owid)
    sdmx = tmp_path / "dot.csv"
    sdmx.write_text(
        "DATAFLOW,REF_AREA,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE\nIMF:DOT(1.0),KAZ,2024,30,USD"
    )
    with pytest.raises(DataError, match=r"dot.csv line 2, field 'UNIT_MEASURE': .*cut short"):
        read_sdmx_csv(sdmx)
    sdmx.write_text(
        "DATAFLOW,REF_AREA,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE\nIMF:DOT(1.0),KAZ,2024,30,USD\n"
    )
    assert [o.value for o in read_sdmx_csv(sdmx).observations] == [30.0]
