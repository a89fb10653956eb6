"""Energy scenario files: parsing errors name file and key path; bundled scenarios run."""

from __future__ import annotations

from pathlib import Path

import pytest

from eurasia.corridors.energy.dataset import read_energy_dataset
from eurasia.corridors.energy.scenarios import (
    bundled_energy_scenarios,
    load_energy_scenario,
    parse_energy_scenario_text,
    run_energy_scenario,
)
from eurasia.errors import DataError, NotFoundError


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: x\nyear: 2024\nouttages: []\n", "x.yaml: unknown key 'outtages'"),
        ("name: x\n", "x.yaml: missing key 'year'"),
        ("name: x\nyear: 2024\ndays: 400\n", r"x.yaml: days: expected a number in 1-365"),
        (
            "name: x\nyear: 2024\ncommodities: [coal]\n",
            r"x.yaml: commodities\[0\]: unknown commodity 'coal'",
        ),
        (
            "name: x\nyear: 2024\noutages:\n  - {assets: [cpc-terminal], factor: 2}\n",
            r"x.yaml: outages\[0\].factor: expected a number in 0-1",
        ),
        (
            "name: x\nyear: 2024\ncapacity:\n  - {assets: [cpc-terminal], add: 5}\n",
            r"x.yaml: capacity\[0\].unit: an added capacity needs its unit",
        ),
        (
            "name: x\nyear: 2024\ncapacity:\n  - {assets: [cpc-terminal], add: 5, factor: 2, unit: Mt}\n",
            r"x.yaml: capacity\[0\]: give exactly one of add",
        ),
        (
            "name: x\nyear: 2024\nclosures:\n  - {source: y}\n",
            r"x.yaml: closures\[0\]: give countries or routes",
        ),
        ("name: x\nyear: 2024-02-30\n", r"x.yaml: not valid YAML \('2024-02-30' is not a date"),
    ],
)
def test_parse_errors(text: str, message: str) -> None:
    with pytest.raises(DataError, match=message):
        parse_energy_scenario_text(text, source="x.yaml")


def test_names_are_checked_against_the_dataset() -> None:
    ds = read_energy_dataset()
    bad = parse_energy_scenario_text(
        "name: x\nyear: 2024\noutages:\n  - {assets: [cpc-termnal], factor: 0}\n", source="x.yaml"
    )
    with pytest.raises(
        DataError, match=r"x.yaml: outages\[0\].assets: unknown asset 'cpc-termnal'"
    ):
        run_energy_scenario(ds, bad)
    bad = parse_energy_scenario_text(
        "name: x\nyear: 2024\nclosures:\n  - {countries: [FR]}\n", source="x.yaml"
    )
    with pytest.raises(DataError, match="no route crosses 'FR'"):
        run_energy_scenario(ds, bad)
    bad = parse_energy_scenario_text(
        "name: x\nyear: 2024\ncapacity:\n  - {assets: [kcp-kenkiyak-kumkol], add: 5, unit: bcm}\n",
        source="x.yaml",
    )
    with pytest.raises(
        DataError, match=r"x.yaml: capacity\[0\].unit: unit 'bcm' does not convert to Mt"
    ):
        run_energy_scenario(ds, bad)


def test_extends_cycle_and_missing(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("name: a\nyear: 2024\nextends: b.yaml\n")
    (tmp_path / "b.yaml").write_text("name: b\nyear: 2024\nextends: a.yaml\n")
    with pytest.raises(DataError, match="extends: cycle"):
        load_energy_scenario(tmp_path / "a.yaml")
    with pytest.raises(NotFoundError, match="no energy scenario 'nope'"):
        load_energy_scenario("nope")


def test_every_bundled_scenario_runs_and_conserves_volume() -> None:
    ds = read_energy_dataset()
    assert len(bundled_energy_scenarios()) >= 5
    for name in bundled_energy_scenarios():
        out = run_energy_scenario(ds, load_energy_scenario(name))
        for r in out.results.values():
            assert r.rerouted_total + r.stranded == pytest.approx(r.lost, abs=1e-6)


def test_cpc_outage_reports_rerouted_and_stranded() -> None:
    ds = read_energy_dataset()
    out = run_energy_scenario(ds, load_energy_scenario("cpc_outage_60d"))
    r = out.results["crude"]
    assert r.lost == pytest.approx(55.56 * 60 / 365)
    assert 0 < r.rerouted_total < 0.2 * r.lost  # the alternatives' spare is small
    assert r.stranded > 0.8 * r.lost
    assert r.cost_usd > 0


@pytest.mark.parametrize("name", ["caspian_btc_expanded", "east_pipeline_expanded"])
def test_expansions_strand_less_than_their_parent(name: str) -> None:
    ds = read_energy_dataset()
    change = run_energy_scenario(ds, load_energy_scenario(name)).versus_parent()["crude"]
    assert change["stranded_change"] < 0
    assert change["rerouted_change"] == pytest.approx(-change["stranded_change"])


def test_sanction_closes_every_route_through_russia() -> None:
    ds = read_energy_dataset()
    out = run_energy_scenario(ds, load_energy_scenario("sanction_russia_transit"))
    assert set(out.results) == {"crude", "gas", "uranium"}
    for commodity, r in out.results.items():
        through_ru = {x.id for x in ds.routes_of(commodity) if "RU" in x.transit}
        assert set(r.lost_by_route) <= through_ru
        assert not set(r.rerouted) & through_ru
    assert out.results["uranium"].year == 2023


def test_cpc_outage_reroutes_only_onto_sourced_spare_capacity() -> None:
    # Done-when: the outage scenario's rerouted volume sits within the spare capacity of the
    # receiving assets (capacity row - bundled load, over the window), each row with a source.
    ds = read_energy_dataset()
    scenario = load_energy_scenario("cpc_outage_60d")
    r = run_energy_scenario(ds, scenario).results["crude"]
    assert r.rerouted
    year = scenario.year
    loads = ds.asset_loads(year, ds.route_flows(year, "crude"))
    through: dict[str, float] = {}
    for route, volume in r.rerouted.items():
        assert route != "cpc"
        for asset in ds.routes[route].assets:
            through[asset] = through.get(asset, 0.0) + volume
    for asset, volume in through.items():
        rows = [
            c for c in ds.capacities if c.asset == asset and c.covers(year) and c.status == "open"
        ]
        binding = min(rows, key=lambda c: c.capacity)
        assert binding.source in ds.sources or binding.source.startswith("estimate: ")
        spare = (binding.capacity - loads.get(asset, 0.0)) * scenario.days / 365
        assert volume <= spare + 1e-9, (asset, volume, spare)
