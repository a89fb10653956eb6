"""``eurasia route --service`` and the rule layer on the command line."""

from __future__ import annotations

import json
import re

import pytest

from eurasia.cli.main import main


def test_block_train_is_faster_and_rules_are_listed(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["route", "Xian", "Baku", "--avoid-country", "RU", "--year", "2025", "--json"]
    assert main([*args, "--service", "block"]) == 0
    block = json.loads(capsys.readouterr().out)["data"][0]
    assert main(args) == 0
    typical = json.loads(capsys.readouterr().out)["data"][0]
    assert block["service"] == "block"
    assert typical["service"] == "typical"
    assert block["days"] < typical["days"]
    assert block["reliability_rounded"] * 20 == pytest.approx(round(block["reliability"] * 20))
    assert main([*args, "--no-rules"]) == 0
    assert json.loads(capsys.readouterr().out)["data"][0]["rules"] == []


def test_table_shows_ranges_and_rules(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["route", "Chongqing", "Duisburg", "--rules", "rules", "--rules", "rules_eu_transit_ban"]
    assert main(args) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert re.search(r"Low–high: \d+\.\d–\d+\.\d days, USD [\d,]+–[\d,]+\.", out)
    assert "IR" not in out.split("Routes")[1].split("│")[2]  # the Iran exposure still applies
    assert "eu-transit-ban-russia-belarus" in out


def test_unknown_service_fails_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["route", "Chongqing", "Duisburg", "--service", "express"]) != 0
    err = capsys.readouterr().err
    assert "service: expected one of typical, block" in err
    assert "Traceback" not in err
