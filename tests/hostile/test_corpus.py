"""Hostile files: the small committed corpus in ``corpus/`` and huge or deep files made here.

Each must end in a documented error that names the file (and line where there is one) within a
few seconds, never in a crash, a hang or a silent partial import. Huge inputs are generated in
the test so that the repository stays small.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from eurasia.agenda.ical import read_ical_file
from eurasia.cli.main import main
from eurasia.corridors.io import tntp
from eurasia.corridors.io.dataset import bundled_data_dir, read_dataset, read_geojson_rows
from eurasia.corridors.scenarios.parsing import load_scenario
from eurasia.errors import DataError, EurasiaError
from eurasia.indicators.importers import read_path
from eurasia.indicators.model import Source
from eurasia.settings import get_settings
from tests.fuzz import test_ical, test_indicator_importers
from tests.fuzz.strategies import documented
from tests.fuzz.test_store_atomic import _import_calendar, _import_indicators, snapshot

pytestmark = pytest.mark.timeout(120)

CORPUS = Path(__file__).resolve().parent / "corpus"
SOURCES = [Source(id="kz-stat", producer="Bureau", title="Trade", kind="statistics")]


def _indicators(path: Path) -> Any:
    return read_path(path, sources=SOURCES)


#: file → (reader, pattern the error message must match)
EXPECTED: dict[str, tuple[Callable[[Path], Any], str]] = {
    "cp1251_observations.csv": (_indicators, r"cp1251_observations.csv line 2: not UTF-8"),
    "nan_inf_observations.csv": (_indicators, r"line 2, field 'value': expected a finite number"),
    "owid_infinite.csv": (_indicators, r"'value': expected a finite number, got inf"),
    "sdmx_nan_mult.csv": (_indicators, r"line 2: .*UNIT_MULT 'nan' is not a number"),
    # Data Packages shaped like WDI's (synthetic values): a last line cut inside a number
    # (48500000 → 48500), a schema whose fields are not the CSV's header, and a CP1251 data file
    "wdi_truncated": (
        _indicators,
        r"package 'sp.pop.totl' \(folder wdi_truncated\), data.csv line 4, field 'Value': the file "
        r"does not end with a line break, so the last record may be cut short "
        r"\(got 'Kazakhstan,KAZ,2024,48500'\)",
    ),
    # the plain layout cut the same way (synthetic values): refused too, naming line and field
    "truncated_observations.csv": (
        _indicators,
        r"truncated_observations.csv line 3, field 'value': the file does not end with a line "
        r"break, so the last record may be cut short \(got 'wdi.sp.pop.totl,KAZ,2024,48500'\)",
    ),
    "wdi_schema_mismatch": (
        _indicators,
        r"package 'sp.pop.totl' \(folder wdi_schema_mismatch\), data.csv line 1: header .* does "
        r"not match the schema's fields",
    ),
    "wdi_cp1251": (
        _indicators,
        r"package 'sp.pop.totl' \(folder wdi_cp1251\), data.csv line 4: not utf-8 text",
    ),
    "utf16_calendar.ics": (read_ical_file, r"utf16_calendar.ics line 1: not UTF-8"),
    "truncated_calendar.ics": (read_ical_file, r"line 4: VEVENT or VCALENDAR never ends"),
    "zero_interval_calendar.ics": (read_ical_file, r"INTERVAL to be a whole number >= 1"),
    "alias_bomb.yaml": (load_scenario, r"alias_bomb.yaml line \d+: .*aliases"),
    "python_tag.yaml": (load_scenario, r"python_tag.yaml line 1: not valid YAML"),
    "zone_bomb_trips.tntp": (tntp.read_trips, r"<NUMBER OF ZONES> must be a whole number"),
    "infinite_node_net.tntp": (tntp.read_net, r"line 5, column 'term_node': expected an integer"),
}


def test_every_corpus_file_has_an_expectation() -> None:
    files = {p.name for p in CORPUS.iterdir()}
    assert set(EXPECTED) <= files
    # secondly_calendar.ics is valid since issue 16 (sub-daily rules are expanded within the
    # instance caps): tests/agenda/test_rrule.py reads and expands it
    assert files - set(EXPECTED) == {
        "nan_nodes.geojson",
        "nul_bytes_observations.csv",
        "secondly_calendar.ics",
    }


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_fails_with_a_named_error(name: str) -> None:
    reader, pattern = EXPECTED[name]
    start = time.perf_counter()
    with pytest.raises(DataError, match=pattern):
        reader(CORPUS / name)
    assert time.perf_counter() - start < 10, "a hostile file must be refused quickly"


def test_python_tag_ran_nothing(tmp_path: Path) -> None:
    with pytest.raises(DataError):
        load_scenario(CORPUS / "python_tag.yaml")
    assert not Path("/tmp/eurasia-pwned").exists()


def test_nan_coordinates_are_refused_by_the_dataset_check(tmp_path: Path) -> None:
    """JSON's NaN/Infinity literals parse; the dataset check must still refuse them."""
    rows = read_geojson_rows(CORPUS / "nan_nodes.geojson", geometry="Point")
    assert (rows[0].fields["lon"], rows[0].fields["lat"]) == ("nan", "inf")
    folder = tmp_path / "net"
    shutil.copytree(bundled_data_dir(), folder)
    nodes = (folder / "nodes.geojson").read_text()
    first = nodes.index('"coordinates"')
    end = nodes.index("]", first)
    (folder / "nodes.geojson").write_text(
        nodes[:first] + '"coordinates": [NaN, Infinity' + nodes[end:]
    )
    with pytest.raises(DataError, match=r"nodes.geojson feature .*(lon|lat)"):
        read_dataset(folder)


# --------------------------------------------------------------------------- generated


def test_field_over_the_csv_limit(tmp_path: Path) -> None:
    path = tmp_path / "obs.csv"
    path.write_text(
        "indicator,ref_area,period,value,unit,source_id,definition_note\n"
        f"x.a,KAZ,2024,1,t,kz-stat,{'n' * 200_000}\n"
    )
    with pytest.raises(DataError, match="malformed CSV"):
        _indicators(path)


def test_deeply_nested_json(tmp_path: Path) -> None:
    (tmp_path / "nodes.geojson").write_text("[" * 100_000)
    with pytest.raises(DataError, match="nested too deeply"):
        read_geojson_rows(tmp_path / "nodes.geojson", geometry="Point")
    (tmp_path / "datapackage.json").write_text('{"resources": ' + "[" * 100_000)
    with pytest.raises(DataError, match="nested too deeply"):
        read_path(tmp_path)


def test_deeply_nested_yaml(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("name: x\ndescription: " + "[" * 20_000 + "]" * 20_000 + "\n")
    with pytest.raises(DataError, match="nested too deeply"):
        load_scenario(path)


def test_large_plain_csv_imports_in_bounded_time(tmp_path: Path) -> None:
    """50 000 rows (2.5 MB): read whole, in seconds, not row by row into the store."""
    path = tmp_path / "big.csv"
    lines = ["indicator,ref_area,period,value,unit,source_id,counterpart_area"]
    areas = [f"A{k:02d}" for k in range(50)]
    lines += [
        f"trade.exports,KAZ,{year},{year * 0.5 + k},USD,kz-stat,{area}"
        for k, area in enumerate(areas)
        for year in range(1025, 2025)
    ]
    path.write_text("\n".join(lines) + "\n")
    start = time.perf_counter()
    result = _indicators(path)
    assert len(result.observations) == 50_000
    assert time.perf_counter() - start < 60


def test_huge_calendar_line(tmp_path: Path) -> None:
    """A 5 MB description on one line: read (it is legal) or refused, but quickly."""
    path = tmp_path / "long.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:long@x\r\n"
        f"DTSTART:20250101T100000Z\r\nSUMMARY:long\r\nDESCRIPTION:{'d' * 5_000_000}\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    start = time.perf_counter()
    try:
        result = read_ical_file(path)
    except EurasiaError:
        pass
    else:
        assert len(result.events[0].description) == 5_000_000
    assert time.perf_counter() - start < 60


def test_tntp_with_many_columns_and_a_million_node_number(tmp_path: Path) -> None:
    path = tmp_path / "x_net.tntp"
    path.write_text(
        "<END OF METADATA>\n" + "1 1000001 10 1 1 0.15 4 0 0 1 " + " ".join(["7"] * 5000) + " ;\n"
    )
    with pytest.raises(DataError, match=r"expected a node number >= 1 and <= 1000000"):
        tntp.read_net(path)


# --------------------------------------------------------------------------- the CLI


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EURASIA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("EURASIA_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["indicators", "import", "cp1251_observations.csv"], "not UTF-8"),
        (["indicators", "import", "wdi_truncated"], "last record may be cut short"),
        (["indicators", "import", "truncated_observations.csv"], "line 3, field 'value'"),
        (["indicators", "import", "wdi_cp1251"], "package 'sp.pop.totl' (folder wdi_cp1251)"),
        (["agenda", "import", "truncated_calendar.ics"], "never ends"),
        (["scenario", "run", "alias_bomb.yaml"], "aliases"),
    ],
)
def test_cli_prints_one_line_and_exits_1(
    cli_env: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    args = [*args[:-1], str(CORPUS / args[-1])]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


# --------------------------------------------------------------------------- the store


@pytest.mark.parametrize(
    "case", ["nul-in-csv", "nul-in-calendar", "long-uid", "long-location", "long-vintage"]
)
def test_values_the_database_refuses_leave_it_unchanged(engine: Engine, case: str) -> None:
    """SQLite takes NUL bytes and long strings; PostgreSQL refuses them. Either way the outcome
    is a result or a DataError, and a refused import writes nothing."""
    seed = test_ical.SEED
    before = snapshot(engine)
    if case == "nul-in-csv":
        text = (CORPUS / "nul_bytes_observations.csv").read_text()
        outcome = documented(_import_indicators, engine, text, "csv", "")
    elif case == "long-vintage":
        text = test_indicator_importers.OWID
        outcome = documented(_import_indicators, engine, text, "owid", "v" * 40)
    else:
        text = {
            "nul-in-calendar": seed.replace("SUMMARY:Culture days", "SUMMARY:Cul\x00ture"),
            "long-uid": seed.replace("UID:festival@fuzz", "UID:" + "f" * 300),
            "long-location": seed.replace("LOCATION:Astana", "LOCATION:" + "A" * 3000),
        }[case]
        outcome = documented(_import_calendar, engine, text)
    if isinstance(outcome, EurasiaError):
        assert engine.dialect.name == "postgresql", f"SQLite refused {case}: {outcome}"
        assert snapshot(engine) == before
    else:
        assert snapshot(engine) != before


@pytest.mark.parametrize(
    ("name", "named"),
    [
        ("wdi_truncated", "(folder wdi_truncated)"),
        ("wdi_schema_mismatch", "(folder wdi_schema_mismatch)"),
        ("wdi_cp1251", "(folder wdi_cp1251)"),
        ("truncated_observations.csv", "truncated_observations.csv line 3, field 'value'"),
    ],
)
def test_refused_wdi_package_leaves_the_store_as_it_was(
    cli_env: Path, capsys: pytest.CaptureFixture[str], name: str, named: str
) -> None:
    from eurasia.cli.common import store_session
    from eurasia.store.indicators import count_observations

    with store_session(load=True) as session:
        before = count_observations(session)
    assert main(["indicators", "import", str(CORPUS / name)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert named in err[0]
    with store_session(load=True) as session:
        assert count_observations(session) == before
