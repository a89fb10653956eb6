"""The parametric cost model on a hand-checkable dataset."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from eurasia.corridors.costs import border_regime, edge_costs, generalized_cost
from eurasia.corridors.io import load_network, read_dataset
from eurasia.errors import DataError

NODES = """{"type": "FeatureCollection", "features": [
{"type": "Feature", "geometry": {"type": "Point", "coordinates": [80.0, 45.0]},
 "properties": {"id": "a", "name": "A", "country": "CN", "kind": "border", "coord_source": "estimate:test"}},
{"type": "Feature", "geometry": {"type": "Point", "coordinates": [80.1, 45.0]},
 "properties": {"id": "b", "name": "B", "country": "KZ", "kind": "border", "coord_source": "estimate:test"}},
{"type": "Feature", "geometry": {"type": "Point", "coordinates": [51.0, 43.0]},
 "properties": {"id": "p", "name": "P", "country": "KZ", "kind": "port", "coord_source": "estimate:test"}},
{"type": "Feature", "geometry": {"type": "Point", "coordinates": [49.5, 40.0]},
 "properties": {"id": "q", "name": "Q", "country": "AZ", "kind": "port", "coord_source": "estimate:test"}}
]}"""
LINKS = """id,from,to,mode,gauge_mm,length_km,length_source,speed_kmd,speed_source,border_hours,border_source
ab,a,b,rail,1435,10,src,,,20,src
bp,b,p,rail,1520,1000,src,500,src,,
pq,p,q,ferry,,400,src,,,,
"""
TRANSFERS = """id,node,from_side,to_side,type,hours,hours_source,usd,usd_source
g,b,rail-1435,rail-1520,gauge_change,6,src,100,src
port,p,rail-1520,ferry,port,30,src,200,src
"""
SERVICES = "id,link,frequency_per_week,frequency_source\ns,pq,2,src\n"
SOURCES = "id,title,publisher,year,url\nsrc,Test,Me,2025,https://example.org\n"


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    for name, text in {
        "nodes.geojson": NODES,
        "links.csv": LINKS,
        "transfers.csv": TRANSFERS,
        "services.csv": SERVICES,
        "sources.csv": SOURCES,
    }.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_costs_by_hand(tiny: Path) -> None:
    costs = edge_costs(read_dataset(tiny))  # bundled parameters.csv
    hours = costs.link_costs["hours"]
    assert hours[0] == pytest.approx(10 / 1050 * 24 + 20)  # CN speed; own border dwell
    assert hours[1] == pytest.approx(1000 / 500 * 24)  # link's own speed, no border
    assert hours[2] == pytest.approx(400 / 400 * 24 + 168 / 2 / 2)  # sailing + half interval
    assert costs.link_costs["usd"][0] == pytest.approx(10 * 0.25 + 215)  # CN rate + CAREC fee
    assert costs.link_costs["co2_kg"][1] == pytest.approx(1000 * 20 * 10 / 1000)
    assert costs.link_capacity[2] == pytest.approx(2 * 52 * 3000 / 1e6)
    assert costs.transfer_costs["hours"].tolist() == [6.0, 30.0]


def test_low_central_high_are_ordered() -> None:
    net = load_network()
    for name in ("hours", "usd"):
        assert (net.costs[f"{name}_low"] <= net.costs[name]).all()
        assert (net.costs[name] <= net.costs[f"{name}_high"]).all()


def test_border_regimes() -> None:
    assert border_regime("KZ", "KZ") is None
    assert border_regime("RU", "BY") == "eaeu"
    assert border_regime("PL", "DE") == "eu"
    assert border_regime("TR", "BG") == "eu_external"
    assert border_regime("AZ", "GE") == "default"


def test_missing_parameter_is_named(tiny: Path) -> None:
    (tiny / "parameters.csv").write_text(
        "name,mode,scope,low,central,high,unit,source\nspeed_kmd,rail,*,1,2,3,km/day,src\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError, match="no row for name="):
        edge_costs(read_dataset(tiny))


def test_generalized_cost() -> None:
    out = generalized_cost(
        {"hours": np.array([1.0, 2.0]), "usd": [10.0, 0.0]}, {"hours": 5, "usd": 1}
    )
    assert out.tolist() == [15.0, 10.0]
    with pytest.raises(DataError, match="no cost named"):
        generalized_cost({"hours": [1.0]}, {"km": 1.0})
    with pytest.raises(DataError, match="weight"):
        generalized_cost({"hours": [1.0]}, {"hours": math.nan})
