"""Scenario keys of issue 14: service level, rule files and demand response."""

from __future__ import annotations

import pytest

from eurasia.corridors.assignment.response import DemandResponse
from eurasia.corridors.scenarios.parsing import load_scenario, parse_scenario_text
from eurasia.errors import DataError, NotFoundError

BASE = "name: t\nyear: 2024\ndemand: {file: baseline_2024}\n"


def test_defaults_and_inheritance() -> None:
    base = load_scenario("baseline_2024")
    assert base.service == "typical"
    assert base.rules == ("rules",)
    assert base.demand_response == DemandResponse()
    closed = load_scenario("russia_closed_eu")
    assert closed.rules == ("rules", "rules_eu_transit_ban")
    assert not closed.penalties
    assert not closed.closures
    text = "name: x\nextends: baseline_2024\nservice: block\ndemand_response: false\nrules: []\n"
    child = parse_scenario_text(text, source="x.yaml")
    assert (child.service, child.rules, child.demand_response) == ("block", (), None)
    tuned = parse_scenario_text(
        BASE + "demand_response: {bulk: {max_extra_days: 10}}\n", source="x.yaml"
    )
    assert tuned.demand_response is not None
    assert tuned.demand_response.extra_hours("bulk") == 240.0
    assert tuned.demand_response.extra_hours("containers") == 14 * 24.0


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("service: express\n", r"^s.yaml: service: expected one of typical, block"),
        ("demand_response: {coal: {max_extra_days: 3}}\n", r"demand_response.coal: unknown"),
        (
            "demand_response: {bulk: {max_extra_days: -3}}\n",
            r"demand_response.bulk.max_extra_days: expected a finite number >= 0",
        ),
        ("demand_response: {bulk: {}}\n", r"demand_response.bulk: missing key 'max_extra_days'"),
        ("rules: 5\n", r"^s.yaml: rules: expected a list"),
    ],
)
def test_bad_keys_name_file_and_key_path(extra: str, message: str) -> None:
    with pytest.raises(DataError, match=message):
        parse_scenario_text(BASE + extra, source="s.yaml")


def test_untrusted_text_may_name_bundled_rule_files_only() -> None:
    with pytest.raises(DataError, match=r"rules\[1\]: only bundled rule files"):
        parse_scenario_text(
            BASE + "rules: [rules, /etc/passwd.csv]\n", source="s.yaml", bundled_only=True
        )
    ok = parse_scenario_text(BASE + "rules: [rules_harmonised_titr]\n", bundled_only=True)
    assert ok.rules == ("rules_harmonised_titr",)


def test_missing_rule_file_is_reported_on_run(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from eurasia.corridors.scenarios.running import run_scenario

    path = tmp_path / "s.yaml"
    path.write_text(BASE + "rules: [missing.csv]\n", encoding="utf-8")
    with pytest.raises(NotFoundError, match="rules: no such file"):
        run_scenario(path)


@pytest.mark.slow
def test_harmonisation_scenario_has_a_measurable_effect() -> None:
    from eurasia.corridors.scenarios.compare import compare_runs
    from eurasia.corridors.scenarios.running import run_scenario

    before = run_scenario("2030_construction")
    after = run_scenario("harmonised_titr_2030")
    assert after.summary["harmonised"] == [
        "titr-cim-smgs",
        "titr-etir",
        "titr-pre-arrival",
        "titr-joint-control",
    ]
    cmp = compare_runs(before, after)
    assert cmp["indicators"]["middle_corridor_mt"]["change"] > 0.1
    assert cmp["indicators"]["cost_musd"]["change"] < 0
    # a shorter dwell never makes more freight give up (thresholds from the unharmonised network)
    assert after.summary["indicators"]["unserved_mt"] <= before.summary["indicators"]["unserved_mt"]
