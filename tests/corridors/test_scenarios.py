"""Scenario files: schema errors with file and key path, extends, applying, bundled scenarios."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from eurasia.corridors.io.dataset import load_network
from eurasia.corridors.network.codes import TIME_COMPONENTS
from eurasia.corridors.scenarios.apply import apply_scenario
from eurasia.corridors.scenarios.compare import compare_runs
from eurasia.corridors.scenarios.parsing import (
    bundled_scenario_names,
    load_scenario,
    parse_scenario_text,
)
from eurasia.corridors.scenarios.running import (
    OUTPUT_FILES,
    run_scenario,
    write_outputs,
)
from eurasia.errors import DataError, NotFoundError

BASE = "name: t\nyear: 2024\ndemand: {file: baseline_2024, year: 2024}\n"


@pytest.fixture(scope="module")
def network():  # type: ignore[no-untyped-def]
    return load_network()


@pytest.fixture(scope="module")
def baseline():  # type: ignore[no-untyped-def]
    return run_scenario("baseline_2024")


def test_every_bundled_scenario_loads() -> None:
    names = bundled_scenario_names()
    assert {
        "baseline_2024",
        "2030_construction",
        "2035_100mt",
        "russia_closed_eu",
        "caspian_ferry_x2",
    } <= set(names)
    s2035 = load_scenario("2035_100mt")
    assert s2035.year == 2035
    assert s2035.files == ("2035_100mt.yaml", "2030_construction.yaml", "baseline_2024.yaml")
    assert len(s2035.growth) == 4  # three inherited rates, then the 100 Mt total
    assert s2035.at_year(2031).year == 2031


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BASE + "capacity: 5\n", r"^s.yaml: unknown key 'capacity'; expected one of add_lines"),
        (
            BASE + "changes:\n  - {links: [kz-aktau--az-alat], capacity_mt: -3}\n",
            r"^s.yaml: changes\[0\].capacity_mt: expected a finite number >= 0, got -3",
        ),
        (
            BASE + "closures:\n  - {countries: RU, groups: [CN-EU], colour: red}\n",
            r"^s.yaml: closures\[0\]: unknown key 'colour'",
        ),
        ("name: t\nyear: twenty\n", r"^s.yaml: year: expected a whole year such as 2030"),
        (
            BASE + "closures:\n  - {groups: [CN-EU]}\n",
            r"^s.yaml: closures\[0\]: needs at least one selector key",
        ),
        (
            BASE + "closures:\n  - {modes: [plane]}\n",
            r"^s.yaml: closures\[0\].modes\[0\]: unknown mode 'plane'",
        ),
        (
            BASE + "assignment: {method: newton}\n",
            r"^s.yaml: assignment.method: expected one of aon, msa, fw, cfw, bfw",
        ),
        (
            "name: t\nyear: 2024\ndemand: {file: x, growth: [{factor: 2, rate: 0.1}]}\n",
            r"^s.yaml: demand.growth\[0\]: give exactly one of factor, rate or total_mt",
        ),
        (
            BASE + "closures:\n  - {countries: [RU], from: 2030-01-01, until: 2025-01-01}\n",
            r"^s.yaml: closures\[0\].until: ends \(2025\) before it starts \(2030\)",
        ),
        ("name: t\n", r"^s.yaml: missing key 'year'"),
        ("name: [t\n", r"^s.yaml line 2: not valid YAML"),
        (
            BASE + "name: again\n",
            r"^s.yaml line 4: not valid YAML \(duplicate key 'name' \(line 4\)\)",
        ),
        ("- a\n- b\n", r"^s.yaml: expected a mapping, got list"),
        (  # PyYAML's bare ValueError for an impossible date (found by the scenario fuzz test)
            "0000-00-00: x\n",
            r"^s.yaml line 1: not valid YAML \('0000-00-00' is not a date \(year 0 is out of",
        ),
    ],
)
def test_schema_errors_name_file_and_key_path(text: str, message: str) -> None:
    with pytest.raises(DataError, match=message):
        parse_scenario_text(text, source="s.yaml")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            "closures:\n  - {countries: [RU, XX]}\n",
            r"s.yaml: closures\[0\].countries\[1\]: unknown country 'XX'; expected an ISO",
        ),
        (
            "closures:\n  - {nodes: [kz-nowhere]}\n",
            r"closures\[0\].nodes\[0\]: unknown node 'kz-nowhere'",
        ),
        (
            "changes:\n  - {links: [no-such-link], capacity_factor: 2}\n",
            r"changes\[0\].links\[0\]: unknown link",
        ),
        (
            "penalties:\n  - {corridors: [silk], usd_per_tonne: 5}\n",
            r"penalties\[0\].corridors\[0\]: unknown corridor 'silk'",
        ),
        (
            "closures:\n  - {countries: [RU], groups: [MARS-EU]}\n",
            r"closures\[0\].groups\[0\]: unknown OD group 'MARS-EU'",
        ),
        (
            "add_lines:\n  - {id: x, from: kz-aktau, to: kz-nowhere, mode: rail, length_km: 5,"
            " hours: 1, usd: 1, capacity_mt: 1}\n",
            r"add_lines\[0\].to: unknown node 'kz-nowhere'",
        ),
        (
            "add_lines:\n  - {id: x, from: kz-ayagoz, to: kz-aktau, mode: ferry, length_km: 5,"
            " hours: 1, usd: 1, capacity_mt: 1}\n",
            r"add_lines\[0\].from: node 'kz-ayagoz' has no ferry side",
        ),
    ],
)
def test_network_errors_name_file_and_key_path(network, extra: str, message: str) -> None:  # type: ignore[no-untyped-def]
    scenario = parse_scenario_text(BASE + extra, source="s.yaml")
    with pytest.raises(DataError, match=message):
        apply_scenario(scenario, network)


def test_growth_of_unknown_group_is_named(network) -> None:  # type: ignore[no-untyped-def]
    scenario = parse_scenario_text(
        "name: t\nyear: 2024\ndemand: {file: baseline_2024, growth: [{groups: [NOPE], factor: 2}]}\n",
        source="s.yaml",
    )
    message = r"s.yaml: demand.growth\[0\].groups: unknown OD group 'NOPE'"
    with pytest.raises(DataError, match=message):
        apply_scenario(scenario, network)


def test_demand_for_unknown_zone_fails(tmp_path: Path, network) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "d.csv").write_text(
        "origin,destination,group,commodity,tonnes\ncn-xian,xx-atlantis,X,bulk,5\n"
    )
    (tmp_path / "s.yaml").write_text("name: t\nyear: 2024\ndemand: {file: d.csv}\n")
    scenario = load_scenario(tmp_path / "s.yaml")
    with pytest.raises(DataError, match=r"s.yaml: demand flow 1 .*destination 'xx-atlantis'"):
        apply_scenario(scenario, network)


def test_extends_cycle_is_detected(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("name: a\nyear: 2024\nextends: b.yaml\n")
    (tmp_path / "b.yaml").write_text("name: b\nextends: c.yaml\n")
    (tmp_path / "c.yaml").write_text("name: c\nextends: a.yaml\n")
    with pytest.raises(
        DataError, match=r"c.yaml: extends: cycle a.yaml -> b.yaml -> c.yaml -> a.yaml"
    ):
        load_scenario(tmp_path / "a.yaml")
    (tmp_path / "d.yaml").write_text("name: d\nextends: missing.yaml\n")
    with pytest.raises(NotFoundError, match=r"d.yaml: extends: no scenario file"):
        load_scenario(tmp_path / "d.yaml")


def test_extends_merges_scalars_mappings_and_lists(tmp_path: Path) -> None:
    (tmp_path / "child.yaml").write_text(
        "name: child\nextends: baseline_2024\nyear: 2026\n"
        "assignment: {relative_gap: 1.0e-3}\n"
        "closures:\n  - {countries: [RU], groups: [CN-EU]}\n"
    )
    child = load_scenario(tmp_path / "child.yaml")
    base = load_scenario("baseline_2024")
    assert (child.name, child.year) == ("child", 2026)
    assert child.assignment.relative_gap == 1e-3
    assert child.assignment.beta == base.assignment.beta  # inherited key of the mapping
    assert child.changes == base.changes
    assert child.penalties == base.penalties
    assert len(child.closures) == len(base.closures) + 1


def test_apply_changes_new_lines_and_dated_closures(network) -> None:  # type: ignore[no-untyped-def]
    scenario = parse_scenario_text(
        BASE + "changes:\n  - {links: [kz-aktau--az-alat], capacity_factor: 3, tariff_factor: 0.5,"
        " speed_factor: 2}\n"
        "add_lines:\n  - {id: kz-test-line, from: kz-beineu, to: kz-kuryk, mode: rail,"
        " length_km: 400, hours: 9, usd: 100, capacity_mt: 12}\n"
        "closures:\n  - {countries: [RU], groups: [CN-EU], from: 2030-01-01}\n"
        "  - {countries: [BY], groups: [CN-EU], until: 2024-12-31}\n",
        source="s.yaml",
    )
    applied = apply_scenario(scenario, network)
    net = applied.network
    ferry = net.edge_id == "kz-aktau--az-alat"
    base_ferry = network.edge_id == "kz-aktau--az-alat"
    np.testing.assert_allclose(net.edge_capacity[ferry], 3 * network.edge_capacity[base_ferry])
    np.testing.assert_allclose(net.costs["usd"][ferry], 0.5 * network.costs["usd"][base_ferry])
    # a faster ship shortens the sailing, not the wait for it: hours stay the sum of their parts
    base_haul = network.costs["hours_linehaul"][base_ferry]
    np.testing.assert_allclose(net.costs["hours_linehaul"][ferry], 0.5 * base_haul)
    np.testing.assert_allclose(
        net.costs["hours"][ferry], network.costs["hours"][base_ferry] - 0.5 * base_haul
    )
    assert (
        net.costs["hours_wait"][ferry].tolist() == network.costs["hours_wait"][base_ferry].tolist()
    )
    parts = sum(net.costs[name] for name in TIME_COMPONENTS)
    assert (parts == net.costs["hours"]).all()
    new = net.edge_id == "kz-test-line"
    assert new.sum() == 2
    assert set(net.edge_capacity[new]) == {12.0}
    assert set(net.costs["hours_linehaul"][new]) == {9.0}
    assert set(net.costs["hours_border"][new]) == {0.0}
    # the RU closure starts in 2030: only the BY one is active in 2024
    closed = applied.closed_for_groups["CN-EU"]
    assert closed.any()
    assert not (closed & ((net.edge_country == "RU") & (net.edge_country_to == "RU"))).any()
    assert set(net.edge_country[closed]) | set(net.edge_country_to[closed]) >= {"BY"}


def test_russia_closure_shifts_flow_to_middle_corridor_and_north_south(baseline) -> None:  # type: ignore[no-untyped-def]
    closed = run_scenario("russia_closed_eu")
    a, b = baseline.summary, closed.summary
    assert b["indicators"]["middle_corridor_mt"] > 1.3 * a["indicators"]["middle_corridor_mt"]
    assert b["corridor_shares"]["titr"] > a["corridor_shares"]["titr"]
    net = closed.result.network
    russian = (net.edge_country == "RU") | (net.edge_country_to == "RU")
    assert closed.result.group_flow_mt["CN-EU"][russian].sum() == pytest.approx(0.0, abs=1e-9)
    # capacity effects: a Middle Corridor crossing saturates that was not a bottleneck before
    new = {x["edge"] for x in b["bottlenecks"]} - {x["edge"] for x in a["bottlenecks"]}
    middle = {"kz-aktau--az-alat", "tm-turkmenbashi--az-alat", "ge-kartsakhi--tr-kars"}
    assert new & (middle | {"ge-akhalkalaki--ge-kartsakhi"})
    # EU-bound cargo pays the Iran sanctions exposure too: it does not divert through Iran
    into_iran = (net.edge_country != "IR") & (net.edge_country_to == "IR")
    cn_eu = closed.result.group_flow_mt["CN-EU"]
    assert cn_eu[into_iran].sum() < 0.2 * sum(
        r["demand_mt"] for r in b["groups"] if r["group"] == "CN-EU"
    )
    # no bottleneck rests on a default capacity; those are listed apart, labelled
    assert all(x["capacity_basis"] != "default" for x in b["bottlenecks"])
    assert all(x["capacity_basis"] == "default" for x in b["default_capacity_loaded"])
    cmp = compare_runs(baseline, closed)
    assert cmp["indicators"]["cost_musd"]["change"] > 0
    assert cmp["largest_flow_changes"][0]["change_mt"] != 0


def test_2035_names_the_saturated_crossings(tmp_path: Path) -> None:
    (tmp_path / "fast.yaml").write_text(
        "name: fast-2035\nextends: 2035_100mt\nassignment: {relative_gap: 1.0e-3}\n"
    )
    outcome = run_scenario(tmp_path / "fast.yaml")
    summary = outcome.summary
    assert summary["year"] == 2035
    # demand response (issue 14): what would queue past its threshold is not served
    assert summary["indicators"]["transit_mt"] + summary["indicators"]["unserved_mt"] > 80
    crossings = [
        b
        for b in summary["bottlenecks"]
        if b["country"] != b["country_to"] or b["kind"] == "transfer"
    ]
    assert crossings, "expected saturated border crossings, ports or ferries"
    assert all(b["vc"] > 0.9 for b in summary["bottlenecks"])
    # issue 14: no bottleneck rests on a default capacity; the defaults loaded are listed apart
    assert all(b["capacity_basis"] != "default" for b in summary["bottlenecks"])
    assert all(b["capacity_basis"] == "default" for b in summary["default_capacity_loaded"])
    assert {"kz-kuryk--az-alat", "tm-turkmenbashi--az-alat"} & {b["edge"] for b in crossings}


def test_caspian_ferry_doubling_relieves_the_crossing(baseline) -> None:  # type: ignore[no-untyped-def]
    outcome = run_scenario("caspian_ferry_x2")
    doubled = outcome.summary
    # since Kuryk-Alat costs ASCO's published tariff (USD 1,200 per FEU, more than the per-km
    # estimate of Aktau-Alat) no Caspian ferry is above v/c 0.9 in 2024; doubling the sailings
    # halves the v/c of both Kazakh ferry lines at the same flows
    for link in ("kz-kuryk--az-alat", "kz-aktau--az-alat"):
        (e, *_) = baseline.result.network.edges_of(link)
        vc, flow = baseline.result.edge_vc[e], baseline.result.edge_flow_mt[e]
        assert vc > 0.5
        assert outcome.result.edge_vc[e] == pytest.approx(vc / 2, rel=0.02)
        assert outcome.result.edge_flow_mt[e] == pytest.approx(flow, rel=0.02)
    # at a tight equilibrium the Caspian volume is unchanged (to rounding): the crossing was
    # congested, not the binding constraint of the Middle Corridor
    assert doubled["indicators"]["middle_corridor_mt"] >= baseline.summary["indicators"][
        "middle_corridor_mt"
    ] * (1 - 1e-9)


def test_write_outputs(tmp_path: Path, baseline) -> None:  # type: ignore[no-untyped-def]
    paths = write_outputs(baseline, tmp_path / "out")
    assert [p.name for p in paths] == list(OUTPUT_FILES)
    summary = json.loads(paths[0].read_text())
    assert summary["scenario"] == "baseline-2024"
    lines = paths[1].read_text().splitlines()
    assert lines[0].startswith("edge,kind,mode,from,to")
    assert len(lines) == baseline.result.network.n_edges + 1
