"""The in-memory Network: construction, CSR invariants, views and exports."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.sparse.csgraph import dijkstra

from eurasia.corridors.network.model import Network
from eurasia.errors import DataError, NotFoundError


def small() -> Network:
    return Network.from_edges(
        ["a", "b", "a", "c"],
        ["b", "c", "c", "d"],
        {"hours": [1.0, 2.0, 5.0, 1.0], "usd": [10.0, 10.0, 10.0, 10.0]},
        nodes={"country": ["KZ", "KZ", "RU", "BY"]},
        edges={
            "mode": ["rail", "rail", "sea", "rail"],
            "status": ["open", "open", "open", "planned"],
            "opening_year": [0, 2020, 0, 2030],
            "corridors": ["titr", "titr|northern", "sea", "northern"],
        },
        cost_units={"usd": "USD/TEU", "hours": "h"},
    )


def test_csr_invariants() -> None:
    net = small()
    assert net.indptr.tolist() == [0, 2, 3, 4, 4]
    assert (np.diff(net.edge_source) >= 0).all()
    for v in range(net.n_vertices):
        slots = range(net.indptr[v], net.indptr[v + 1])
        assert all(net.edge_source[e] == v for e in slots)
    assert net.indices is net.edge_target or (net.indices == net.edge_target).all()


def test_arrays_are_read_only() -> None:
    net = small()
    with pytest.raises(ValueError, match="read-only"):
        net.costs["hours"][0] = 9.0
    with pytest.raises(ValueError, match="read-only"):
        net.edge_mode[0] = "road"
    with pytest.raises(TypeError):
        net.costs["new"] = net.costs["hours"]  # type: ignore[index]


def test_views_keep_vertices_and_filter_edges() -> None:
    net = small()
    assert net.as_of(2019).edge_id.tolist() == ["e0", "e2"]
    assert net.as_of(2030).n_edges == 4
    assert net.by_mode("sea").edge_id.tolist() == ["e2"]
    assert net.by_country("KZ").edge_id.tolist() == ["e0"]
    assert net.excluding_countries("BY").n_edges == 3
    assert net.by_corridor("northern").edge_id.tolist() == ["e1", "e3"]
    assert net.without(nodes=["b"]).edge_id.tolist() == ["e2", "e3"]
    for view in (net.as_of(2019), net.by_mode("sea"), net.by_country("KZ")):
        assert view.n_vertices == net.n_vertices
        assert view.node_ids is net.node_ids


def test_lookups_raise_not_found() -> None:
    net = small()
    with pytest.raises(NotFoundError, match="'zz'"):
        net.node_index("zz")
    with pytest.raises(NotFoundError, match="costs"):
        net.cost("km")
    with pytest.raises(NotFoundError):
        net.without(edges=["nope"])


def test_bad_input_raises_data_error() -> None:
    with pytest.raises(DataError, match="cost 'h' of edge 'e1'"):
        Network.from_edges(["a", "b"], ["b", "c"], {"h": [1.0, -2.0]})
    with pytest.raises(DataError, match="not in node_ids"):
        Network.from_edges(["a"], ["x"], node_ids=["a"])
    with pytest.raises(DataError, match="duplicate id 'a'"):
        Network(node_ids=["a", "a"], edge_source=[], edge_target=[])
    with pytest.raises(DataError, match="sources but"):
        Network.from_edges(["a"], ["b", "c"])
    with pytest.raises(DataError, match="'bpr_beta' of edge 'e0': expected a finite number >= 0"):
        Network.from_edges(["a"], ["b"], edges={"bpr_beta": [-4.0]})


def test_volume_delay_parameters_travel_with_the_edges() -> None:
    net = Network.from_edges(
        ["a", "b"], ["b", "c"], edges={"bpr_alpha": [0.15, np.nan], "bpr_beta": [4.0, 6.0]}
    )
    assert np.isnan(Network.from_edges(["a"], ["b"]).edge_bpr_alpha).all()  # not given
    view = net.select_edges([False, True])
    assert np.isnan(view.edge_bpr_alpha).all()
    assert view.edge_bpr_beta.tolist() == [6.0]
    assert net.to_networkx().edges["a", "b", "e0"]["bpr_alpha"] == 0.15


def test_per_tonne_scales_only_teu_costs() -> None:
    net = small().per_tonne(tonnes_per_teu=20)
    assert net.costs["usd"].tolist() == [0.5] * 4
    assert net.cost_units["usd"] == "USD/t"
    assert net.costs["hours"].tolist() == small().costs["hours"].tolist()


def test_to_networkx_keeps_every_edge() -> None:
    net = small()
    graph = net.to_networkx()
    assert graph.number_of_edges() == net.n_edges
    assert graph.edges["a", "c", "e2"]["mode"] == "sea"


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 7), st.integers(0, 7), st.floats(0, 100)), min_size=1, max_size=30
    )
)
def test_scipy_shortest_paths_match_networkx(edges: list[tuple[int, int, float]]) -> None:
    src, tgt, w = zip(*edges, strict=True)
    net = Network.from_edges(src, tgt, {"w": list(w)}, node_ids=range(8))
    ours = dijkstra(net.to_scipy("w"), indices=0)
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(range(8))
    for s, t, weight in edges:
        graph.add_edge(s, t, w=weight)
    theirs = nx.single_source_dijkstra_path_length(graph, 0, weight="w")
    for v in range(8):
        assert ours[v] == pytest.approx(theirs.get(v, np.inf))


def test_bundled_network_shape(bundled: Network) -> None:
    assert bundled.n_nodes >= 150
    assert len(set(bundled.node_country.tolist())) >= 15
    for name in ("km", "hours", "usd", "co2_kg", "risk"):
        assert (bundled.costs[name] >= 0).all()
    dostyk = bundled.node_vertices("kz-dostyk")
    assert sorted(bundled.vertex_side[dostyk].tolist()) == ["rail-1435", "rail-1520"]
    gauge = bundled.edges_of("kz-dostyk:rail-1435:rail-1520")
    assert (bundled.edge_transfer[gauge] == "gauge_change").all()
    assert (bundled.costs["hours"][gauge] > 0).all()


def test_as_of_brings_in_lines_by_opening_year(bundled: Network) -> None:
    ids_2025 = set(bundled.as_of(2025).edge_id.tolist())
    ids_2027 = set(bundled.as_of(2027).edge_id.tolist())
    assert "kz-bakhty--kz-ayagoz" not in ids_2025
    assert "kz-bakhty--kz-ayagoz" in ids_2027
    assert "kz-darbaza--kz-maktaaral" in ids_2027
    assert "af-mazar-i-sharif--af-kabul" not in set(bundled.as_of(2100).edge_id.tolist())
