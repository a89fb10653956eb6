"""Route table, expansions, the map layer and the freight index from a real freight run."""

from __future__ import annotations

import pytest

from eurasia.corridors.energy.dataset import read_energy_dataset
from eurasia.corridors.energy.freight import freight_dependence_from_outcome
from eurasia.corridors.energy.summary import energy_geojson, expansions, routes_table


def test_routes_table_names_the_bottleneck() -> None:
    rows = {r["id"]: r for r in routes_table(read_energy_dataset(), 2024)}
    assert rows["cpc"]["flow"] == pytest.approx(55.56)
    assert rows["aktau-btc"]["bottleneck"] == "caspian-tankers"  # the 2.2 Mt agreement binds
    assert (
        rows["aktau-btc"]["cost_low"] < rows["aktau-btc"]["cost"] < rows["aktau-btc"]["cost_high"]
    )
    assert rows["gas-cac"]["flow"] is None


def test_expansions_list_the_sourced_steps() -> None:
    steps = {(e["asset"], e["year_from"]): e for e in expansions(read_energy_dataset())}
    assert steps[("cpc-pipeline", 2024)]["capacity"] == 81.5
    assert steps[("kcp-atasu-alashankou", 2014)]["capacity"] == 20
    assert steps[("kcp-kenkiyak-kumkol", 2027)]["status"] == "planned"


def test_geojson_layer() -> None:
    ds = read_energy_dataset()
    layer = energy_geojson(ds, 2023)
    assets = {
        f["properties"]["id"]: f for f in layer["features"] if f["properties"]["layer"] == "asset"
    }
    assert set(assets) == set(ds.assets)
    cpc = assets["cpc-pipeline"]["properties"]
    assert cpc["load"] == pytest.approx(56 + 7.5)
    assert assets["cpc-terminal"]["geometry"]["type"] == "Point"


def test_freight_index_from_the_baseline_run() -> None:
    from eurasia.corridors.scenarios.running import run_scenario

    d = freight_dependence_from_outcome(run_scenario("baseline_2024"))
    assert 0 < d["hhi"] <= 10_000
    assert sum(d["shares"].values()) == pytest.approx(1.0)
    assert 0 <= d["share_via_ru"] <= 1
    assert "tonne" in d["counts"]
