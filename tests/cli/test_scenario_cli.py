"""``eurasia scenario``: run, compare, N-1, Monte Carlo; invalid files fail with nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eurasia.cli.main import main

QUICK = "name: quick\nextends: baseline_2024\nassignment: {relative_gap: 1.0e-4}\n"


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenario", "list"]) == 0
    out = capsys.readouterr().out
    assert "baseline_2024" in out
    assert "russia_closed_eu" in out


def test_run_prints_indicators_and_writes_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["scenario", "run", "baseline_2024", "--out", str(tmp_path / "out")]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "transit through Kazakhstan, Mt/yr" in out
    assert "Bottlenecks (v/c > 0.9)" in out
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted(
        ["summary.json", "link_flows.csv", "bottlenecks.csv", "corridor_shares.csv", "groups.csv"]
    )
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["indicators"]["transit_mt"] == pytest.approx(27.4, rel=0.1)


def test_run_with_year_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "quick.yaml"
    path.write_text(QUICK)
    assert main(["scenario", "run", str(path), "--year", "2026", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert (body["scenario"], body["year"]) == ("quick", 2026)


def test_invalid_scenario_fails_in_one_line_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(QUICK + "changes:\n  - {countries: [KZ, ZZ], capacity_factor: 2}\n")
    out = tmp_path / "out"
    assert main(["scenario", "run", str(path), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "bad.yaml: changes[0].countries[1]: unknown country 'ZZ'" in " ".join(err.split())
    assert "Traceback" not in err
    assert not out.exists()


def test_compare(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "cmp.json"
    assert (
        main(["scenario", "compare", "baseline_2024", "caspian_ferry_x2", "--out", str(target)])
        == 0
    )
    out = " ".join(capsys.readouterr().out.split())
    assert "baseline-2024 → caspian-ferry-x2" in out
    # since Kuryk-Alat costs ASCO's published tariff no Caspian ferry is a 2024 bottleneck
    assert "new bottlenecks in B: none" in out
    assert "relieved in B: none" in out
    assert json.loads(target.read_text())["b"] == "caspian-ferry-x2"


def test_n_minus_one_and_monte_carlo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "quick.yaml"
    path.write_text(QUICK)
    code = main(
        [
            "scenario",
            "n-1",
            str(path),
            "--countries",
            "RU,GE",
            "--workers",
            "1",
            "--out",
            str(tmp_path),
        ]
    )
    assert code == 0
    assert "CN-EU" in capsys.readouterr().out
    rows = (tmp_path / "n_minus_1.csv").read_text().splitlines()
    assert rows[0].startswith("country,group,endpoint,served_share")
    code = main(
        [
            "scenario",
            "monte-carlo",
            str(path),
            "--draws",
            "6",
            "--workers",
            "1",
            "--out",
            str(tmp_path),
        ]
    )
    assert code == 0
    assert "on time" in capsys.readouterr().out
    assert json.loads((tmp_path / "monte_carlo.json").read_text())["draws"] == 6


def test_run_with_a_service_level_prints_route_families(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "quick.yaml"
    path.write_text(QUICK)
    assert main(["scenario", "run", str(path), "--service", "block", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["service"] == "block"
    assert summary["route_family_shares"] == summary["corridor_shares"]
    assert "iran-secondary-sanctions" in summary["rules"]
    assert main(["scenario", "run", str(path)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "Route families (each served tonne counted once, by the route it takes)" in out
    assert "Rules applied:" in out
    assert main(["scenario", "run", str(path), "--service", "express"]) != 0


def test_run_lists_default_capacity_links_apart(capsys: pytest.CaptureFixture[str]) -> None:
    path = "2035_100mt"
    assert main(["--lang", "en", "scenario", "run", path, "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["default_capacity_loaded"]
    assert all(b["capacity_basis"] != "default" for b in summary["bottlenecks"])
    assert main(["--lang", "en", "scenario", "run", path]) == 0
    out = " ".join(capsys.readouterr().out.split())
    bottlenecks, defaults = out.split("Default capacity:", 1)
    first_default = summary["default_capacity_loaded"][0]
    assert "Bottlenecks (v/c > 0.9)" in bottlenecks
    assert first_default["from_name"] in defaults
