"""The bundled energy dataset and what bad input does: file, line and field named; nothing loaded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from eurasia.corridors.energy.dataset import read_energy_dataset
from eurasia.errors import DataError

from .conftest import Tiny, replace_line


def test_bundled_reads_and_cites_everything() -> None:
    ds = read_energy_dataset()
    assert {r.commodity for r in ds.routes.values()} == {"crude", "gas", "uranium"}
    for cap in ds.capacities:
        assert cap.source in ds.sources or cap.source.startswith("estimate:")
    for asset in ds.assets.values():
        assert asset.owner_source in ds.sources or asset.owner_source.startswith("estimate:")
        assert asset.from_node in ds.nodes
        assert asset.to_node in ds.nodes
    for f in ds.flows:
        assert f.source_id in ds.sources


def test_capacities_by_year() -> None:
    ds = read_energy_dataset()
    assert ds.capacity("cpc-pipeline", 2023) == 67
    assert ds.capacity("cpc-pipeline", 2024) == 81.5  # debottlenecking completed
    assert ds.capacity("btc-pipeline", 2024) == pytest.approx(1.2 * 365 / 7.33)
    assert ds.capacity("kcp-kenkiyak-kumkol", 2027) is None  # 10 Mt row ends 2026; 15 Mt planned
    assert ds.capacity("kcp-kenkiyak-kumkol", 2027, include_planned=True) == 15
    assert ds.capacity("u-titr", 2023) == 3500


def test_model_value_prefers_actual_over_estimate(tiny: Tiny) -> None:
    folder, flows = tiny(
        flows=(
            "indicator,ref_area,period,value,unit,unit_mult,source_id,flow,obs_status\n"
            "energy.exports.crude.west,KAZ,2024,50,t,6,s,X,E\n"
            "energy.exports.crude.west,KAZ,2024,60,t,6,s,X,A\n"
        )
    )
    assert read_energy_dataset(folder, flows_path=flows).route_flows(2024, "crude") == {
        "west": 60.0
    }


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "routes.csv",
            "east,",
            "east,East,coal,east-pipe,east,,cn-c,world,",
            r"routes.csv line 3, field 'commodity': unknown commodity 'coal'",
        ),
        (
            "assets.csv",
            "east-pipe,",
            "east-pipe,East pipe,oil,pipeline,kz-a,cn-c,Owner,s,2000,s",
            r"assets.csv line 4, field 'commodity': unknown commodity 'oil'",
        ),
        (
            "capacities.csv",
            "east-pipe,",
            "east-pipe,2020,,20,bcm,design,open,s,,",
            r"capacities.csv line 4, field 'unit': unit 'bcm' does not convert to Mt for crude",
        ),
        (
            "capacities.csv",
            "east-pipe,",
            "east-pipe,2020,,12,Mt,design,open,s,,",
            r"capacities.csv line 4, field 'capacity': east-pipe capacity 12 Mt in 2024 is below "
            r"the recorded load 15 Mt",
        ),
        (
            "capacities.csv",
            "west-term,",
            "west-pipe,2023,2025,90,Mt,design,open,s,,",
            r"capacities.csv line 3, field 'year_from': years 2023-2025 of west-pipe \(design\) "
            r"overlap line 2",
        ),
        (
            "background.csv",
            "east-pipe,",
            "east-pipe,2024,5,bcm,transit,A,s,",
            r"background.csv line 2, field 'unit': unit 'bcm' does not convert",
        ),
        (
            "routes.csv",
            "west,",
            "west,West,crude,west-pipe|nowhere,west,RU,ru-b,world,",
            r"routes.csv line 2, field 'assets': unknown asset 'nowhere'",
        ),
        (
            "capacities.csv",
            "east-pipe,",
            "east-pipe,2020,,20,Mt,design,open,guess,,",
            r"capacities.csv line 4, field 'source': unknown source 'guess'",
        ),
        (
            "background.csv",
            "east-pipe,",
            "east-pipe,2024,5,Mt,transit,A,s,\neast-pipe,2024,6,Mt,transit,E,s,",
            r"background.csv line 3, field 'year': east-pipe 2024 'transit' overlaps line 2",
        ),
        (
            "assets.csv",
            "east-pipe,",
            "east-pipe,East pipe,crude,pipeline,kz-a,nowhere,Owner,s,2000,s",
            r"assets.csv line 4, field 'to': unknown node 'nowhere'",
        ),
        (
            "capacities.csv",
            "east-pipe,",
            "east-pip,2020,,20,Mt,design,open,s,,",
            r"capacities.csv line 4, field 'asset': unknown asset 'east-pip'",
        ),
    ],
)
def test_bad_network_rows(tiny: Tiny, file: str, old: str, new: str, message: str) -> None:
    folder, flows = tiny()
    replace_line(folder / file, old, new)
    with pytest.raises(DataError, match=message):
        read_energy_dataset(folder, flows_path=flows)


def test_capacity_below_flow_is_accepted_with_a_note(tiny: Tiny) -> None:
    folder, flows = tiny()
    replace_line(
        folder / "capacities.csv",
        "east-pipe,",
        "east-pipe,2020,,12,Mt,design,open,s,,stated capacity is rounded down",
    )
    assert read_energy_dataset(folder, flows_path=flows).capacity("east-pipe", 2024) == 12


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "energy.exports.coal.west,KAZ,2024,60,t,6,s,X",
            r"flows.csv line 3, field 'indicator': unknown commodity 'coal'",
        ),
        (
            "energy.exports.crude.east,KAZ,2024,10,m3,9,s,X",
            r"flows.csv line 3, field 'unit': unit 'm3' does not convert to Mt for crude",
        ),
        (
            "energy.exports.gas.east,KAZ,2024,10,m3,9,s,X",
            r"flows.csv line 3, field 'indicator': route 'east' carries crude, not gas",
        ),
        (
            "energy.exports.crude.north,KAZ,2024,10,t,6,s,X",
            r"flows.csv line 3, field 'indicator': unknown route 'north'",
        ),
        (
            "energy.exports.crude.west,KAZ,2024,61,t,6,s,X",
            r"flows.csv line 3, field 'period': energy.exports.crude.west 2024 \(status A\) "
            r"overlaps line 2",
        ),
        (
            "energy.exports.crude.east,KAZ,2024,10,t,6,nobody,X",
            r"flows.csv line 3, field 'source_id': unknown source 'nobody'",
        ),
    ],
)
def test_bad_flow_rows(tiny: Tiny, row: str, message: str) -> None:
    folder, flows = tiny()
    text = flows.read_text().splitlines()
    text[2] = row
    flows.write_text("\n".join(text) + "\n")
    with pytest.raises(DataError, match=message):
        read_energy_dataset(folder, flows_path=flows)


def test_bundled_copy_with_a_bad_flow_loads_nothing(bundled_copy: tuple[Path, Path]) -> None:
    folder, flows = bundled_copy
    # The 2023 CPC volume pushed above the 67 Mt system capacity (with Russian shippers' 7.5 Mt).
    replace_line(
        flows,
        "energy.exports.crude.cpc,KAZ,_Z,X,2023,",
        "energy.exports.crude.cpc,KAZ,_Z,X,2023,66,t,6,reporter,test,A,kz-moe-2024-02,,,",
    )
    result = None
    with pytest.raises(DataError, match=r"capacities.csv line 2, field 'capacity': cpc-pipeline"):
        result = read_energy_dataset(folder, flows_path=flows)
    assert result is None


def test_bundled_orenburg_capacity_below_flow_carries_its_note() -> None:
    ds = read_energy_dataset()
    (row,) = [c for c in ds.capacities if c.asset == "gas-orenburg"]
    assert row.capacity < ds.route_flows(2023, "gas")["gas-orenburg"]
    assert "about nine" in row.flow_note


def test_a_bad_energy_row_stops_the_bundled_indicator_load(tmp_path: Path) -> None:
    # eurasia db load writes bundled_observatory(): a flow whose unit does not convert (bcm for
    # crude) fails there naming file, line and field, before anything is written.
    from eurasia.indicators.bundled import DATA_DIR as INDICATORS_DATA
    from eurasia.indicators.bundled import bundled_observatory

    copy = tmp_path / "indicators"
    shutil.copytree(INDICATORS_DATA, copy)
    replace_line(
        copy / "energy_exports.csv",
        "energy.exports.crude.cpc,KAZ,_Z,X,2022,",
        "energy.exports.crude.cpc,KAZ,_Z,X,2022,52.2,m3,9,reporter,test,A,cpc-2023-reuters,,,",
    )
    lines = (copy / "energy_exports.csv").read_text().splitlines()
    line = next(
        i for i, t in enumerate(lines, 1) if t.startswith("energy.exports.crude.cpc,KAZ,_Z,X,2022,")
    )
    observatory = None
    with pytest.raises(
        DataError,
        match=rf"energy_exports.csv line {line}, field 'unit': unit 'm3' does not convert",
    ):
        observatory = bundled_observatory(copy)
    assert observatory is None
    assert len(bundled_observatory().series("energy.exports.crude.cpc")) == 4  # the bundled one
