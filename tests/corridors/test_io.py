"""Dataset, TNTP, GeoJSON, GeoPackage, GraphML and pandas round trips."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from eurasia.cli.main import main
from eurasia.corridors.io import tntp
from eurasia.corridors.io.dataset import read_dataset, write_dataset
from eurasia.corridors.io.export import export, to_dataframes
from eurasia.corridors.io.tntp_network import from_tntp, read_tntp, to_tntp, write_tntp
from eurasia.corridors.network.model import Network
from eurasia.errors import DataError

EDGE_FIELDS = [
    "edge_source",
    "edge_target",
    "edge_id",
    "edge_kind",
    "edge_mode",
    "edge_transfer",
    "edge_gauge",
    "edge_country",
    "edge_country_to",
    "edge_status",
    "edge_opening_year",
    "edge_corridors",
    "edge_capacity",
    "edge_bpr_alpha",
    "edge_bpr_beta",
    "indptr",
    "indices",
]
NODE_FIELDS = [
    "node_ids",
    "node_name",
    "node_name_ru",
    "node_name_kk",
    "node_name_local",
    "node_aliases",
    "node_country",
    "node_kind",
    "node_lon",
    "node_lat",
    "vertex_node",
    "vertex_side",
]


def assert_same(a: Network, b: Network) -> None:
    for name in (*EDGE_FIELDS, *NODE_FIELDS):
        left, right = getattr(a, name), getattr(b, name)
        assert left.dtype.kind == right.dtype.kind, name
        np.testing.assert_array_equal(left, right, err_msg=name)
    assert dict(a.cost_units) == dict(b.cost_units)
    assert list(a.costs) == list(b.costs)
    for name in a.costs:
        np.testing.assert_array_equal(a.costs[name], b.costs[name], err_msg=name)


def test_tntp_round_trip_preserves_every_field(bundled: Network, tmp_path: Path) -> None:
    paths = write_tntp(bundled, tmp_path, name="eurasia")
    assert [p.name for p in paths] == ["eurasia_net.tntp", "eurasia_node.tntp"]
    text = paths[0].read_text(encoding="utf-8")
    assert "<END OF METADATA>" in text
    assert "\n~" in text
    assert all(line.rstrip().endswith(";") for line in text.splitlines() if line.startswith("\t"))
    assert_same(bundled, read_tntp(*paths))


def test_tntp_of_a_plain_graph(tmp_path: Path) -> None:
    net = tntp.parse_net(
        "<NUMBER OF NODES> 3\n<END OF METADATA>\n"
        "~ init_node term_node capacity length free_flow_time b power speed toll link_type ;\n"
        "1\t2\t100\t2.5\t3\t0.15\t4\t0\t0\t1\t;\n2\t3\t50\t1\t2\t0.15\t4\t0\t0\t1\t;\n"
    )
    nodes = tntp.TntpNodes(np.array([1, 2, 3]), np.array([0.0, 1, 2]), np.array([5.0, 6, 7]))
    graph = from_tntp(net, nodes)
    assert graph.node_ids.tolist() == ["1", "2", "3"]
    assert graph.costs["free_flow_time"].tolist() == [3.0, 2.0]
    assert graph.edge_capacity.tolist() == [100.0, 50.0]
    assert (graph.edge_bpr_alpha.tolist(), graph.edge_bpr_beta.tolist()) == ([0.15] * 2, [4.0] * 2)
    assert graph.node_lat.tolist() == [5.0, 6.0, 7.0]
    round_trip = from_tntp(*to_tntp(graph))
    assert_same(graph, round_trip)


def test_tntp_writes_each_edges_volume_delay_parameters() -> None:
    net = Network.from_edges(
        ["a", "b"], ["b", "c"], {"hours": [1.0, 2.0]}, edges={"bpr_alpha": [1.0, np.nan]}
    )
    t, _nodes = to_tntp(net)
    assert t.b.tolist() == [1.0, 0.15]  # the edge's own, else the BPR default
    assert t.power.tolist() == [4.0, 4.0]
    back = from_tntp(*to_tntp(net))
    np.testing.assert_array_equal(back.edge_bpr_alpha, [1.0, np.nan])
    np.testing.assert_array_equal(back.edge_bpr_beta, [np.nan, np.nan])


def test_tntp_with_broken_metadata_is_a_data_error(bundled: Network) -> None:
    net, nodes = to_tntp(bundled)
    net.metadata["EURASIA NETWORK"] = "{not json"
    with pytest.raises(DataError, match="EURASIA NETWORK"):
        from_tntp(net, nodes)


def test_dataset_round_trip(tmp_path: Path) -> None:
    original = read_dataset()
    write_dataset(original, tmp_path)
    assert read_dataset(tmp_path) == original


def test_link_geometry_goes_to_geojson_and_back(data_copy: Path, tmp_path: Path) -> None:
    import csv

    with (data_copy / "links.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1], [2, 2]]},
            "properties": row,
        }
        for row in rows
    ]
    (data_copy / "links.csv").unlink()
    (data_copy / "links.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8"
    )
    dataset = read_dataset(data_copy)
    assert dataset.links[0].geometry == ((0.0, 0.0), (1.0, 1.0), (2.0, 2.0))
    write_dataset(dataset, tmp_path / "out")
    assert (tmp_path / "out" / "links.geojson").exists()
    assert read_dataset(tmp_path / "out") == dataset


def test_dataframes(bundled: Network) -> None:
    nodes, edges = to_dataframes(bundled)
    assert len(nodes) == bundled.n_nodes
    assert len(edges) == bundled.n_edges
    assert nodes.loc["kz-dostyk", "name_kk"] == "Достық"
    assert set(bundled.costs) <= set(edges.columns)


def test_geojson_gpkg_graphml_exports(bundled: Network, tmp_path: Path) -> None:
    import geopandas as gpd

    (gj,) = export(bundled, "geojson", tmp_path / "n.geojson")
    doc = json.loads(gj.read_text(encoding="utf-8"))
    kinds = [f["properties"]["feature_type"] for f in doc["features"]]
    assert kinds.count("node") == bundled.n_nodes
    assert kinds.count("link") == len(set(bundled.edge_id[bundled.edge_kind == "link"].tolist()))
    (gpkg,) = export(bundled, "gpkg", tmp_path / "n.gpkg")
    assert len(gpd.read_file(gpkg, layer="nodes")) == bundled.n_nodes
    assert len(gpd.read_file(gpkg, layer="links")) == kinds.count("link")
    (graphml,) = export(bundled, "graphml", tmp_path / "n.graphml")
    assert nx.read_graphml(graphml).number_of_nodes() == bundled.n_vertices
    with pytest.raises(DataError, match="expected one of"):
        export(bundled, "shp", tmp_path / "n.shp")


def test_cli_info_and_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["network", "info"]) == 0
    out = capsys.readouterr().out
    dataset = read_dataset()
    countries = len({n.country for n in dataset.nodes})
    assert f"nodes: {len(dataset.nodes)}; countries: {countries}" in out.replace("\n", " ")
    for name in ("Dostyk", "Altynkol", "Małaszewicze", "Akhalkalaki", "Inche Burun", "Kuryk"):
        assert name in out
    assert main(["network", "export", "--format", "tntp", str(tmp_path)]) == 0
    assert (tmp_path / "eurasia_net.tntp").exists()
