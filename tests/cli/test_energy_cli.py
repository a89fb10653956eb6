"""``eurasia energy``: routes, flows, dependence (with validation, N-1, freight) and scenarios."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eurasia.cli.main import main


def _out(capsys: pytest.CaptureFixture[str]) -> str:
    return " ".join(capsys.readouterr().out.split())


def test_routes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["energy", "routes", "--year", "2024", "-c", "crude"]) == 0
    out = _out(capsys)
    assert "cpc" in out
    assert "kcp-kenkiyak-kumkol" in out  # bottleneck of the eastern route and a planned expansion


def test_routes_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["energy", "routes", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert {r["commodity"] for r in body["routes"]} == {"crude", "gas", "uranium"}


def test_flows_with_chart(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    chart = tmp_path / "u.svg"
    assert main(["energy", "flows", "-c", "uranium", "--chart", str(chart)]) == 0
    assert "u-titr" in _out(capsys)
    assert chart.read_text().startswith("<?xml")


def test_flows_chart_needs_one_commodity(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["energy", "flows", "--chart", str(tmp_path / "x.svg")]) == 1
    assert "--chart needs one --commodity" in capsys.readouterr().err


def test_dependence_with_validation_and_n_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["energy", "dependence", "--validate", "--n-1", "2024", "-c", "crude"]) == 0
    out = _out(capsys)
    assert "cpc-share-2023" in out
    assert "bypass-2022" in out
    assert "pass" in out
    assert "FAIL" not in out  # every published share is within its band since the 2022 rail fix
    assert "cpc-terminal" in out


def test_dependence_json_with_freight(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["energy", "dependence", "--freight", "--json", "-c", "uranium"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["freight"]["hhi"] > 0
    assert [r["year"] for r in body["dependence"]["uranium"]] == [2022, 2023]


def test_scenario_list_and_run(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["energy", "scenario", "list"]) == 0
    assert "cpc_outage_60d" in capsys.readouterr().out
    assert main(["energy", "scenario", "caspian_btc_expanded"]) == 0
    out = _out(capsys)
    assert "stranded" in out
    assert "against cpc-outage-60d" in out


def test_bad_scenario_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: bad\nyear: 2024\noutages:\n  - {assets: [cpc], factor: 0}\n")
    assert main(["energy", "scenario", str(path)]) == 1
    err = capsys.readouterr().err
    assert "bad.yaml: outages[0].assets: unknown asset 'cpc'" in " ".join(err.split())
