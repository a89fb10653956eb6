"""``eurasia route --alternatives-method``: diverse (penalty) and family alternatives, bad names."""

from __future__ import annotations

import json

import pytest

from eurasia.cli.main import main

ASK = [
    "route",
    "Chongqing",
    "Duisburg",
    "--avoid-country",
    "RU",
    "--alternatives",
    "3",
    "--no-rules",
]


def _countries(capsys: pytest.CaptureFixture[str], method: str) -> list[tuple[str, ...]]:
    assert main([*ASK, "--alternatives-method", method, "--json"]) == 0
    return [tuple(r["countries"]) for r in json.loads(capsys.readouterr().out)["data"]]


def test_diverse_alternatives_include_the_middle_corridor(
    capsys: pytest.CaptureFixture[str],
) -> None:
    diverse = _countries(capsys, "diverse")
    assert any("AZ" in c and "IR" not in c for c in diverse)
    assert len(set(diverse)) == len(diverse) >= 2
    assert diverse != _countries(capsys, "shortest")


def test_an_unknown_method_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*ASK, "--alternatives-method", "random"]) != 0
    assert "--alternatives-method: expected one of shortest, families, diverse" in (
        capsys.readouterr().err
    )
