"""``eurasia indicators …`` and ``eurasia report`` on a temporary store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from eurasia.cli.main import main
from eurasia.settings import get_settings
from tests.conftest import shared_data


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("EURASIA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("EURASIA_DATABASE_URL", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_list_show_claims_targets(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["indicators", "list", "--topic", "transit"]) == 0
    out = capsys.readouterr().out
    assert "transit.cargo" in out
    assert "transit.titr_cargo" in out
    assert main(["indicators", "show", "trade.turnover", "--counterpart", "CHN"]) == 0
    out = capsys.readouterr().out
    assert "43.82" in out
    assert "30.1" in out
    assert "mirror" in out
    assert "china-customs-2024" in out
    assert main(["indicators", "claims"]) == 0
    out = capsys.readouterr().out
    assert "outdated" in out
    assert "partly supported" in out
    assert "misleading" in out
    assert "unverified" in out
    assert main(["indicators", "targets"]) == 0
    out = capsys.readouterr().out
    assert "on track" in out
    assert "transit-2029-67mt" in out
    assert main(["indicators", "discrepancies"]) == 0
    assert "edb-2025-08" in capsys.readouterr().out


def test_unknown_indicator_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["indicators", "show", "trade.nothing"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: no indicator 'trade.nothing'")
    assert "Traceback" not in err


def test_chart_import_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "t.svg"
    assert main(["indicators", "chart", "transit.titr_cargo", "--out", str(out)]) == 0
    assert "Sources:" in out.read_text()
    folder = shared_data("wdi", "is.rrs.totl.km")
    assert main(["indicators", "import", str(folder), "--vintage", "2026-07-01"]) == 0
    assert "imported" in capsys.readouterr().out
    csv_out = tmp_path / "rail.csv"
    assert (
        main(
            [
                "indicators",
                "export",
                "--out",
                str(csv_out),
                "--indicator",
                "wdi.is.rrs.totl.km",
                "--area",
                "KAZ",
            ]
        )
        == 0
    )
    assert csv_out.read_text().count("\n") == 1 + 27
    package = tmp_path / "pkg"
    assert (
        main(
            [
                "indicators",
                "export",
                "--format",
                "datapackage",
                "--out",
                str(package),
                "--indicator",
                "energy.uranium_production",
            ]
        )
        == 0
    )
    descriptor = json.loads((package / "datapackage.json").read_text())
    assert {s["id"] for s in descriptor["sources"]} >= {"kazatomprom-2023", "globaldata-2024-02"}


def test_malformed_import_fails_cleanly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "indicator,ref_area,period,value,unit,source_id\nx.y,KAZ,2024,1,t,wdi\n"
        "x.y,KAZ,2025,oops,t,wdi\n"
    )
    assert main(["indicators", "import", str(bad)]) == 1
    assert "bad.csv line 3, field 'value'" in capsys.readouterr().err
    assert main(["indicators", "list", "--q", "x.y"]) == 0
    assert "0 indicators" in capsys.readouterr().out


def test_report_writes_brief(tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    assert main(["report", "--out", str(out)]) == 0
    html = out.read_text()
    assert "Claim check" in html
    assert "Targets" in html
    assert "<svg" in html
    assert main(["report", "--out", str(tmp_path / "brief.txt")]) == 1
