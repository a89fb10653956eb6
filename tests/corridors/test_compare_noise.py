"""Scenario comparisons mark the changes the two runs' relative gaps do not settle."""

from __future__ import annotations

import dataclasses

import pytest

from eurasia.corridors.scenarios.compare import compare_runs, noise_share
from eurasia.corridors.scenarios.parsing import load_scenario, parse_scenario_text
from eurasia.corridors.scenarios.running import run_scenario
from eurasia.corridors.scenarios.schema import AssignmentOptions


def summary(gap: float | None, transit: float, flow: float) -> dict[str, object]:
    convergence = {} if gap is None else {"relative_gap": gap}
    return {
        "scenario": "s",
        "indicators": {"transit_mt": transit},
        "corridor_shares": {},
        "bottlenecks": [],
        "convergence": convergence,
        "link_flows": [{"edge": "x", "from": "p", "to": "q", "flow_mt": flow}],
    }


def test_noise_follows_the_square_root_of_the_larger_gap() -> None:
    assert noise_share(1e-6, 1e-10) == pytest.approx(1e-3)
    loose = compare_runs(summary(1e-6, 100.0, 10.0), summary(1e-6, 100.05, 10.2))
    assert loose["noise_share"] == pytest.approx(1e-3)
    assert loose["indicators"]["transit_mt"]["within_noise"]  # 0.05 <= 0.1
    assert not loose["largest_flow_changes"][0]["within_noise"]  # 0.2 > 0.0102
    tight = compare_runs(summary(1e-12, 100.0, 10.0), summary(1e-12, 100.05, 10.2))
    assert not tight["indicators"]["transit_mt"]["within_noise"]
    unknown = compare_runs(summary(None, 100.0, 10.0), summary(1e-12, 100.0, 10.0))
    assert unknown["noise_share"] is None
    assert not unknown["indicators"]["transit_mt"]["within_noise"]
    assert unknown["gaps"] == {"a": None, "b": 1e-12}


def test_scenarios_default_to_the_tight_solver() -> None:
    assert AssignmentOptions() == AssignmentOptions(method="b", relative_gap=1e-8)
    base = load_scenario("baseline_2024")
    assert base.assignment.method == "b"
    text = "name: x\nextends: baseline_2024\nassignment: {method: bfw}\n"
    assert parse_scenario_text(text).assignment.method == "bfw"
    assert parse_scenario_text(text.replace("bfw", "b")).assignment.method == "b"


def test_two_runs_of_one_scenario_differ_only_within_noise() -> None:
    base = load_scenario("baseline_2024")
    loose = dataclasses.replace(
        base, assignment=dataclasses.replace(base.assignment, method="bfw", relative_gap=1e-4)
    )
    tight = run_scenario(base)
    assert tight.summary["convergence"]["method"] == "b"
    assert tight.summary["convergence"]["relative_gap"] <= 1e-8
    again = run_scenario(base)
    same = compare_runs(tight, again)
    assert all(d["within_noise"] for d in same["indicators"].values() if d["change"] != 0)
    rough = compare_runs(tight, run_scenario(loose))
    assert rough["noise_share"] == pytest.approx(
        rough["gaps"]["b"] ** 0.5  # type: ignore[operator]
    )
    # the loose run's differences from the tight one are what its gap allows, or flagged
    for delta in rough["indicators"].values():
        bound = rough["noise_share"] * max(abs(delta["a"]), abs(delta["b"]))  # type: ignore[operator]
        assert delta["within_noise"] == (abs(delta["change"]) <= bound)
