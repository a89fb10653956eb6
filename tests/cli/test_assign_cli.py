"""``eurasia assign NET TRIPS``: solve a TNTP case, print the gaps, write the flows."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from eurasia.cli.main import main
from eurasia.corridors.io import tntp_tables

DATA = Path(__file__).resolve().parents[1] / "corridors" / "data" / "siouxfalls" / "SiouxFalls"


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("LANGUAGE", "en")


def test_assign_writes_flows_and_reports_gaps(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "flows.tntp"
    code = main(
        ["assign", f"{DATA}_net.tntp", f"{DATA}_trips.tntp", "--gap", "1e-10", "--out", str(out)]
    )
    text = capsys.readouterr().out
    assert code == 0
    assert "iteration 1: relative gap" in text
    assert "(target 1e-10, reached)" in text
    assert "demand conserved at every node" in text
    flows = tntp_tables.read_flows(out)
    published = tntp_tables.read_flows(f"{DATA}_flow.tntp")
    assert np.array_equal(flows.from_node, published.from_node)
    assert flows.volume == pytest.approx(published.volume, rel=1e-3, abs=1e-2)


def test_assign_bfw_unconverged_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["assign", f"{DATA}_net.tntp", f"{DATA}_trips.tntp", "--method", "bfw", "--gap", "1e-12",
         "--max-iterations", "5", "--quiet"]
    )  # fmt: skip
    text = capsys.readouterr().out
    assert code == 2
    assert "bfw: 5 iterations" in text
    assert "not reached" in text
    assert "iteration 1:" not in text


def test_assign_errors_name_the_problem(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["assign", f"{DATA}_net.tntp", f"{DATA}_trips.tntp", "--method", "x"]) == 1
    assert "--method must be one of b, bfw" in capsys.readouterr().err
    assert main(["assign", str(tmp_path / "none_net.tntp"), f"{DATA}_trips.tntp"]) == 1
    assert "no such TNTP file" in capsys.readouterr().err
