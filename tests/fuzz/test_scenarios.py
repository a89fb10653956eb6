"""Fuzzing scenario YAML as the HTTP API reads it: parse (bundled files only) and apply.

Besides mutated copies of a scenario that uses every section, the inputs include YAML's own
weapons: alias bombs (a "billion laughs" of nested anchors), deep nesting, recursive aliases,
tags that construct Python objects, and huge numbers.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eurasia.corridors.io.dataset import load_network
from eurasia.corridors.network.model import Network
from eurasia.corridors.scenarios.apply import AppliedScenario, apply_scenario
from eurasia.corridors.scenarios.parsing import parse_scenario_text
from eurasia.corridors.scenarios.schema import Scenario
from eurasia.errors import EurasiaError
from tests.fuzz.strategies import documented, fuzz_settings, mutated

pytestmark = pytest.mark.timeout(300)

SEED = """\
name: fuzz
description: every section once
extends: baseline_2024
year: 2030
demand:
  file: baseline_2024
  year: 2024
  growth:
    - {groups: [CN-EU], rate: 0.05}
    - {groups: [RU-CA], factor: 1.2}
assignment: {method: bfw, relative_gap: 1.0e-4, max_iterations: 50}
commodities:
  containers: {value_of_time: 1.0, modes: [rail, road, ferry]}
closures:
  - {countries: [RU], groups: [CN-EU], from: 2025-01-01, until: 2030-12-31}
penalties:
  - {countries: [IR], groups: [CN-TR], usd_per_tonne: 40, source: "estimate: test"}
changes:
  - {modes: [ferry], countries: [AZ], capacity_factor: 2.0, source: "test"}
  - {transfers: [gauge_change], nodes: [kz-dostyk], hours: 6}
add_lines:
  - {id: kz-new, from: kz-bakhty, to: kz-ayagoz, mode: rail, gauge: 1520,
     length_km: 295, hours: 8, usd: 300, capacity_mt: 20, opening_year: 2027}
"""


def _bomb(target: str) -> str:
    """A "billion laughs": nine levels of anchors, each a list of nine aliases of the one below
    (9**9 strings once expanded), defined inside ``description`` and aliased from ``target``."""
    levels = ["&l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"&l{k} [{', '.join([f'*l{k - 1}'] * 9)}]" for k in range(1, 9)]
    head = f"name: bomb\nyear: 2024\ndemand: {{file: baseline_2024}}\ndescription: [{', '.join(levels)}]"
    return head if target == "description" else f"{head}\n{target}: *l8\n"


HOSTILE_YAML = [
    _bomb("description"),
    _bomb("closures"),
    _bomb("extends"),
    "name: x\nyear: 2024\ndemand: {file: baseline_2024}\ndescription: " + "[" * 5000 + "]" * 5000,
    "name: x\nyear: 2024\ndemand: {file: baseline_2024}\ndescription: "
    + "{a: " * 3000
    + "1"
    + "}" * 3000,
    "name: &r [*r]\nyear: 2024\ndemand: {file: baseline_2024}\n",
    "name: x\nyear: 2024\ndemand: {file: baseline_2024}\ndescription: &d {k: *d}\n",
    "!!python/object/apply:os.system ['echo pwned']\n",
    "name: !!python/name:os.system x\nyear: 2024\n",
    "name: x\nyear: 1e400\ndemand: {file: baseline_2024}\n",
    "name: x\nyear: 99999999999999999999999\ndemand: {file: baseline_2024}\n",
    "name: x\nyear: .nan\ndemand: {file: baseline_2024}\n",
    "name: x\nyear: 2024\ndemand: {file: baseline_2024, growth: [{groups: [CN-EU], rate: .inf}]}\n",
    "name: x\nyear: 2024\ndemand: {file: baseline_2024, growth: [{groups: [CN-EU], rate: 1e308}]}\n",
    "name: x\nyear: 2024\ndemand: {file: /etc/passwd}\n",
    "name: x\nextends: ../../../../etc/passwd\n",
    "name: x\nyear: 2024\ndemand: {file: baseline_2024}\nchanges: [{modes: [rail], capacity_factor: -1}]\n",
    "name: x\nyear: 2024\ndemand: {file: baseline_2024}\nadd_lines: [{id: a, from: kz-bakhty, to: kz-bakhty, mode: rail, gauge: 1520, length_km: 0, hours: 0, usd: 0}]\n",
    "name: " + "x" * 100_000 + "\nyear: 2024\ndemand: {file: baseline_2024}\n",
    "\x00\x01\x02",
    "name: x\nname: y\n",
    "- just\n- a\n- list\n",
    "? [complex, key]\n: value\n",
]


@pytest.fixture(scope="module")
def network() -> Network:
    return load_network()


def _api_path(text: str, network: Network) -> Scenario | AppliedScenario | EurasiaError:
    scenario = documented(parse_scenario_text, text, source="request.yaml", bundled_only=True)
    if isinstance(scenario, Scenario):
        return documented(apply_scenario, scenario, network)
    return scenario


@pytest.mark.parametrize("text", HOSTILE_YAML, ids=range(len(HOSTILE_YAML)))
def test_hostile_yaml_is_refused_or_harmless(text: str, network: Network) -> None:
    outcome = _api_path(text, network)
    if isinstance(outcome, AppliedScenario):
        # accepted only if it stayed within what the API allows: bundled files, finite numbers
        assert outcome.scenario.demand_file == "baseline_2024"
        assert len(outcome.scenario.name) <= 200


@fuzz_settings(examples=60)
@given(text=mutated(SEED))
def test_mutated_scenario_parses_and_applies_or_fails_with_documented_errors(
    text: str, network: Network
) -> None:
    _api_path(text, network)


@fuzz_settings(examples=30)
@given(text=st.text(max_size=300))
def test_random_text(text: str, network: Network) -> None:
    _api_path(text, network)
