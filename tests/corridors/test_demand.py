"""Demand files: reading, growth, TNTP trips, and the calibrated 2024 baseline."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from eurasia.corridors.assignment.demand import (
    Demand,
    bundled_demand,
    from_tntp_trips,
    read_demand,
    write_demand,
)
from eurasia.corridors.io import tntp
from eurasia.corridors.io.dataset import load_network
from eurasia.corridors.scenarios.running import run_scenario
from eurasia.errors import DataError, NotFoundError

DATA = Path(__file__).parent / "data"


def test_baseline_reproduces_the_2024_calibration_within_ten_percent() -> None:
    indicators = run_scenario("baseline_2024").summary["indicators"]
    assert indicators["transit_mt"] == pytest.approx(27.4, rel=0.10)
    assert indicators["middle_corridor_mt"] == pytest.approx(4.5, rel=0.10)
    assert indicators["unserved_mt"] == 0.0
    assert indicators["relative_gap"] <= 1e-5


def test_bundled_baseline_is_sourced_and_on_the_network() -> None:
    demand = bundled_demand("baseline_2024")
    assert 50e6 < demand.total() < 100e6
    assert all(s.startswith("estimate:") for s in demand.source.tolist())
    demand.check_zones(load_network().node_ids.tolist(), where="baseline")
    assert {"CN-EU", "RU-CA", "KZ-MC", "CN-TR"} <= set(demand.groups)
    with pytest.raises(NotFoundError, match="no bundled demand 'nope'"):
        bundled_demand("nope")


def test_csv_round_trip(tmp_path: Path) -> None:
    demand = Demand.from_records(
        [("a", "b", "X", "bulk", 1500.0), ("b", "a", "X", "containers", 700.0)]
    )
    back = read_demand(write_demand(demand, tmp_path / "d.csv"))
    assert back.tonnes.tolist() == [1500.0, 700.0]
    assert back.commodity.tolist() == ["bulk", "containers"]
    assert back.matrix(["a", "b"]).tolist() == [[0.0, 1500.0], [700.0, 0.0]]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("a,b,X,bulk,-5\n", r"d.csv line 2, field 'tonnes': expected a finite number >= 0"),
        ("a,b,X,bulk,lots\n", r"d.csv line 2, field 'tonnes': expected a number, got 'lots'"),
        ("a,a,X,bulk,5\n", r"d.csv line 2: origin and destination are the same zone 'a'"),
        ("a,b,X,bulk,5\na,b,X,bulk,6\n", r"d.csv line 3: a -> b \(X, bulk\) repeats d.csv line 2"),
    ],
)
def test_bad_rows_name_file_line_and_field(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "d.csv"
    path.write_text("origin,destination,group,commodity,tonnes\n" + body)
    with pytest.raises(DataError, match=message):
        read_demand(path)


def test_missing_column_is_named(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("origin,destination,tonnes\na,b,5\n")
    with pytest.raises(DataError, match=r"missing column\(s\) \['group', 'commodity'\]"):
        read_demand(path)


def test_growth_rules() -> None:
    demand = Demand.from_records([("a", "b", "X", "bulk", 100.0), ("a", "c", "Y", "bulk", 300.0)])
    assert demand.grown(groups=["X"], factor=2.0).tonnes.tolist() == [200.0, 300.0]
    assert demand.grown(rate=0.5, years=2).tonnes.tolist() == [225.0, 675.0]
    assert demand.grown(total_tonnes=800.0).tonnes.tolist() == [200.0, 600.0]
    with pytest.raises(DataError, match="give exactly one of factor, rate or total_mt"):
        demand.grown(factor=2.0, rate=0.1)
    with pytest.raises(DataError, match=r"growth.factor: expected a finite number >= 0"):
        demand.grown(factor=-1.0)
    with pytest.raises(DataError, match="carry no demand to scale to a total"):
        demand.scaled(0.0).grown(total_tonnes=5.0)


def test_unknown_zones_are_named() -> None:
    demand = Demand.from_records([("cn-xian", "xx-nowhere", "X", "bulk", 1.0)])
    with pytest.raises(
        DataError, match=r"flow 1 \(cn-xian -> xx-nowhere\): destination 'xx-nowhere'"
    ):
        demand.check_zones(load_network().node_ids.tolist(), where="demand.csv")


def test_from_tntp_trips_keeps_every_pair() -> None:
    trips = tntp.read_trips(DATA / "siouxfalls" / "SiouxFalls_trips.tntp")
    zones = [f"z{k}" for k in range(1, 25)]
    demand = from_tntp_trips(trips, zones, group="SF", unit_tonnes=2.0)
    assert len(demand) == 528
    assert demand.total() == pytest.approx(2 * 360600.0)
    np.testing.assert_allclose(demand.matrix(zones), 2 * trips.matrix)
    with pytest.raises(DataError, match="2 zone ids for a trips file of 24 zones"):
        from_tntp_trips(trips, ["a", "b"])
