"""Stored run summaries: loaded edges as strict JSON, utilisation classes, and comparisons of
stored summaries that agree with comparisons of full outcomes."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eurasia.corridors.scenarios.compare import compare_runs
from eurasia.corridors.scenarios.running import ScenarioOutcome, run_scenario
from eurasia.corridors.scenarios.summary import (
    BOTTLENECK_VC,
    LINK_FLOW_FIELDS,
    UTILISATION_CLASSES,
    link_flows,
    stored_summary,
    utilisation_class,
)


@pytest.fixture(scope="module")
def outcomes() -> tuple[ScenarioOutcome, ScenarioOutcome]:
    """The 2024 baseline and the doubled Caspian ferry capacity (about a second each)."""
    return run_scenario("baseline_2024"), run_scenario("caspian_ferry_x2")


def test_stored_summary_keeps_every_loaded_edge_as_strict_json(
    outcomes: tuple[ScenarioOutcome, ScenarioOutcome],
) -> None:
    base = outcomes[0]
    stored = stored_summary(base)
    text = json.dumps(stored, allow_nan=False)  # the API refuses NaN and infinity
    flows = json.loads(text)["link_flows"]
    loaded = [e for e in base.edges if float(e["flow_mt"]) > 0]  # type: ignore[arg-type]
    assert len(flows) == len(loaded) > 100
    assert all(tuple(r) == LINK_FLOW_FIELDS for r in flows)
    assert all(r["flow_mt"] > 0 for r in flows)
    uncapacitated = [r for r in flows if r["capacity_mt"] is None]
    assert all(r["vc"] is None for r in uncapacitated)
    over = {(r["edge"], r["from"], r["to"]) for r in flows if (r["vc"] or 0) > BOTTLENECK_VC}
    listed = {(r["edge"], r["from"], r["to"]) for r in base.summary["bottlenecks"]}
    defaults = {(r["edge"], r["from"], r["to"]) for r in base.summary["default_capacity_loaded"]}
    assert not listed & defaults  # a default capacity never makes a bottleneck
    assert over == listed | defaults
    tonne_hours = sum(
        r["flow_mt"] * float(e["hours"]) for r, e in zip(flows, loaded, strict=True) if r["hours"]
    )
    assert math.isclose(tonne_hours, base.summary["indicators"]["tonne_hours_m"], rel_tol=1e-4)


def test_compare_summaries_agrees_with_compare_outcomes(
    outcomes: tuple[ScenarioOutcome, ScenarioOutcome],
) -> None:
    base, ferries = outcomes
    full = compare_runs(base, ferries, top=400)
    stored = compare_runs(stored_summary(base), stored_summary(ferries), top=400)
    assert stored["indicators"] == full["indicators"]
    assert stored["corridor_shares"] == full["corridor_shares"]
    for key in ("bottlenecks_only_a", "bottlenecks_only_b", "bottlenecks_both"):
        assert stored[key] == full[key]
    assert stored["bottlenecks_both"]  # the comparison is not vacuous

    def links(changes: Sequence[Mapping[str, object]]) -> dict[tuple[object, ...], float]:
        return {
            (c["edge"], c["from"], c["to"]): float(c["change_mt"])  # type: ignore[arg-type]
            for c in changes
            if "--" in str(c["edge"])
        }

    mine, theirs = links(stored["largest_flow_changes"]), links(full["largest_flow_changes"])
    assert mine.keys() == theirs.keys()
    assert all(math.isclose(mine[k], theirs[k], abs_tol=2e-6) for k in mine)  # stored: 6 digits


def test_without_link_flows_there_are_no_flow_changes() -> None:
    bare = {"scenario": "x", "indicators": {"transit_mt": 1.0}, "bottlenecks": []}
    assert compare_runs(bare, bare)["largest_flow_changes"] == []


def test_link_flows_skip_idle_and_round() -> None:
    edges = [
        {"edge": "e", "kind": "link", "mode": "rail", "from": "a", "to": "b", "flow_mt": 1 / 3,
         "capacity_mt": math.inf, "vc": 0.0, "hours": 5.0},
        {"edge": "f", "kind": "transfer", "mode": "transfer", "from": "b", "to": "b",
         "flow_mt": 0.0, "capacity_mt": 4.0, "vc": 0.0, "hours": 1.0},
    ]  # fmt: skip
    assert link_flows(edges) == [
        {"edge": "e", "kind": "link", "mode": "rail", "from": "a", "to": "b",
         "flow_mt": 0.333333, "capacity_mt": None, "vc": None, "hours": 5.0},
    ]  # fmt: skip


@given(st.floats(min_value=0, max_value=50, allow_nan=False))
def test_utilisation_classes_are_ordered(vc: float) -> None:
    names = [name for name, _ in UTILISATION_CLASSES]
    found = utilisation_class(vc)
    upper = dict(UTILISATION_CLASSES)[found]
    assert vc <= upper
    below = names.index(found) - 1
    assert below < 0 or vc > UTILISATION_CLASSES[below][1]
    assert (found in ("bottleneck", "over")) == (vc > BOTTLENECK_VC)
