"""The parametric cost model on a hand-checkable dataset."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from eurasia.corridors.io.dataset import bundled_data_dir, load_network, read_dataset
from eurasia.corridors.network.codes import TIME_COMPONENTS
from eurasia.corridors.network.costs import border_regime, edge_costs, generalized_cost
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
    # the parts of hours: line haul, border dwell, wait for a sailing, a transfer's own dwell
    parts = {name: costs.link_costs[name].tolist() for name in TIME_COMPONENTS}
    assert parts["hours_border"] == [20.0, 0.0, 0.0]
    assert parts["hours_wait"] == [0.0, 0.0, 42.0]
    assert parts["hours_linehaul"] == pytest.approx([10 / 1050 * 24, 48.0, 24.0])
    assert parts["hours_transfer"] == [0.0, 0.0, 0.0]
    assert costs.transfer_costs["hours_transfer"].tolist() == [6.0, 30.0]
    assert costs.link_costs["usd_border"].tolist() == [215.0, 0.0, 0.0]
    # volume-delay parameters by mode (parameters.csv): rail and ferry 1 / 6, transfers too
    assert costs.link_bpr_alpha.tolist() == [1.0, 1.0, 1.0]
    assert costs.link_bpr_beta.tolist() == [6.0, 6.0, 6.0]
    assert costs.transfer_bpr_beta.tolist() == [6.0, 6.0]


def test_time_components_sum_exactly_to_hours() -> None:
    net = load_network()
    parts = sum(net.costs[name] for name in TIME_COMPONENTS)
    assert (parts == net.costs["hours"]).all()
    assert all((net.costs[name] >= 0).all() for name in TIME_COMPONENTS)
    links = net.edge_kind == "link"
    assert (net.costs["hours_transfer"][links] == 0).all()
    assert (net.costs["hours_linehaul"][~links] == 0).all()
    # border dwell only on land links between two countries; waits only where sailings are
    crossing = (net.edge_country != net.edge_country_to) & np.isin(net.edge_mode, ["rail", "road"])
    assert (net.costs["hours_border"][~crossing] == 0).all()
    assert (net.costs["hours_border"][crossing] > 0).all()
    assert (net.costs["hours_wait"][net.edge_mode == "ferry"] > 0).all()
    assert (net.costs["usd_border"] <= net.costs["usd"]).all()


def test_service_capacities_add_up_on_the_link(tiny: Path) -> None:
    (tiny / "services.csv").write_text(
        "id,link,frequency_per_week,frequency_source,capacity_mt,capacity_source\n"
        "s,pq,2,src,,\n"  # a scheduled rail ferry: 2 x 52 x 3000 t
        "v,pq,,,1.5,src\n",  # vessels without a timetable: capacity only
        encoding="utf-8",
    )
    costs = edge_costs(read_dataset(tiny))
    assert costs.link_capacity[2] == pytest.approx(2 * 52 * 3000 / 1e6 + 1.5)
    assert costs.link_costs["hours_wait"][2] == pytest.approx(168 / 2 / 2)  # from "s" alone


def test_bundled_caspian_crossing_carries_the_published_capacity() -> None:
    # TITR capacity 6 Mt/yr (trend.az business 3982954), split between Aktau and Kuryk
    net = load_network()
    caspian = (net.edge_mode == "ferry") & (
        ((net.edge_country == "KZ") & (net.edge_country_to == "AZ"))
        | ((net.edge_country == "AZ") & (net.edge_country_to == "KZ"))
    )
    westbound = caspian & (net.edge_country == "KZ")
    assert net.edge_capacity[westbound].sum() == pytest.approx(6.0, rel=0.02)
    assert net.edge_capacity[caspian & (net.edge_country == "AZ")].sum() == pytest.approx(
        net.edge_capacity[westbound].sum()
    )


def test_missing_volume_delay_defaults_leave_nan(tiny: Path) -> None:
    rows = [
        line
        for line in (bundled_data_dir() / "parameters.csv").read_text(encoding="utf-8").splitlines()
        if not line.startswith("bpr_")
    ]
    (tiny / "parameters.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    sources = (bundled_data_dir() / "sources.csv").read_text(encoding="utf-8")
    (tiny / "sources.csv").write_text(sources + SOURCES.splitlines()[1] + "\n", encoding="utf-8")
    costs = edge_costs(read_dataset(tiny))
    assert np.isnan(costs.link_bpr_alpha).all()
    assert np.isnan(costs.transfer_bpr_beta).all()


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


def test_feu_money_is_the_teu_money_times_the_mode_ratio() -> None:
    ds = read_dataset()
    costs = edge_costs(ds)
    ratio = {"rail": 2.0, "road": 2.0, "ferry": 2.0, "sea": 1.8}
    # published per-box rail tariffs with their own 40 ft / 20 ft ratio (parameters.csv)
    rail_by_country = {"TR": 1.28, "TM": 1.6, "IR": 1.6}
    country = {node.id: node.country for node in ds.nodes}
    for link, usd, feu in zip(
        ds.links, costs.link_costs["usd"], costs.link_costs["usd_feu"], strict=True
    ):
        expected = ratio[link.mode]
        if link.mode == "rail":
            expected = rail_by_country.get(country[link.source], expected)
        assert feu == pytest.approx(usd * expected)
    assert np.allclose(costs.transfer_costs["usd_feu"], costs.transfer_costs["usd"] * 1.5)
    for suffix in ("_low", "_high"):
        assert (
            costs.link_costs[f"usd_feu{suffix}"] >= 0
        ).all()  # low / high per FEU exist for every total
    low, mid, high = (costs.link_costs[f"usd_feu{s}"] for s in ("_low", "", "_high"))
    assert (low <= mid).all()
    assert (mid <= high).all()


def test_every_capacity_says_where_it_comes_from() -> None:
    ds = read_dataset()
    costs = edge_costs(ds)
    by_link = dict(zip((x.id for x in ds.links), costs.link_capacity_basis, strict=True))
    capacity = dict(zip((x.id for x in ds.links), costs.link_capacity, strict=True))
    assert by_link["cn-alashankou--kz-dostyk"] == "given"
    assert capacity["cn-alashankou--kz-dostyk"] == pytest.approx(13.3)  # 14 trains a day
    assert by_link["ru-omsk--ru-novosibirsk"] == "track class"  # Trans-Siberian, double
    assert capacity["ru-omsk--ru-novosibirsk"] == pytest.approx(56.9)
    assert by_link["kz-kuryk--az-alat"] == "services"
    assert by_link["pl-warsaw--pl-poznan"] == "default"
    assert by_link["cn-shanghai--sg-singapore"] == "none"
    net = load_network()
    assert set(net.edge_capacity_basis.tolist()) == {
        "given",
        "services",
        "track class",
        "default",
        "none",
    }
    defaults = net.edge_capacity_basis == "default"
    assert np.isfinite(net.edge_capacity[defaults]).all()
