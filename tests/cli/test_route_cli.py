"""``eurasia route``: tables, per-leg breakdown, alternatives, Pareto, JSON and one-line errors."""

from __future__ import annotations

import json

import pytest

from eurasia.cli.main import main


def test_best_route_prints_table_legs_and_explanation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["route", "Chongqing", "Duisburg"]) == 0
    out = capsys.readouterr().out
    assert "Routes" in out
    assert "gauge change" in out
    assert "Chongqing → Duisburg, fastest:" in " ".join(out.split())


def test_alternatives_avoiding_russia(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["route", "Chongqing", "Duisburg", "--optimize", "cost", "--avoid-country", "RU",
         "--alternatives", "3", "--json"]
    )  # fmt: skip
    assert code == 0
    body = json.loads(capsys.readouterr().out)
    assert 1 <= body["count"] <= 3
    assert all("RU" not in r["countries"] for r in body["data"])
    costs = [r["totals"]["usd"] for r in body["data"]]
    assert costs == sorted(costs)
    assert body["data"][0]["overlap"] == 1.0
    assert {"mode", "from", "to", "costs"} <= set(body["data"][0]["legs"][0])


def test_pareto_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["route", "Chongqing", "Duisburg", "--pareto", "time,cost,co2", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    vectors = [
        (r["totals"]["hours"], r["totals"]["usd"], r["totals"]["co2_kg"]) for r in body["data"]
    ]
    for a in vectors:  # no route is beaten on all three by another
        assert not any(b != a and all(x <= y for x, y in zip(b, a, strict=True)) for b in vectors)


def test_weighted_optimize_and_table_columns(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["route", "Almaty", "Aktau", "--optimize", "time:1,cost:0.01"]) == 0
    assert "1*time + 0.01*cost" in capsys.readouterr().out


def test_unknown_place_is_one_line_with_suggestions(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["route", "Chongqingg", "Duisburg"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: unknown place 'Chongqingg'; did you mean: Chongqing")
    assert "Traceback" not in err


def test_no_route_and_bad_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["route", "Chongqing", "Duisburg", "--avoid-country", "CN"]) == 1
    assert "avoided country" in capsys.readouterr().err
    assert main(["route", "Chongqing", "Duisburg", "--pareto", "time,cost", "--via", "Aktau"]) == 1
    assert "--via does not combine with --pareto" in capsys.readouterr().err
