"""Fuzzing the network importers: TNTP (net, trips, flow, node files), eurasia's TNTP round trip,
and the GeoJSON + CSV dataset folder (:func:`eurasia.corridors.io.dataset.read_dataset`)."""

from __future__ import annotations

import math
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from eurasia.corridors.assignment.demand import Demand, read_demand
from eurasia.corridors.io import tntp, tntp_tables
from eurasia.corridors.io.dataset import (
    bundled_data_dir,
    network_from_dataset,
    read_csv_rows,
    read_dataset,
    read_geojson_rows,
)
from eurasia.corridors.io.tntp_network import read_tntp, to_tntp
from eurasia.corridors.network.model import Network
from eurasia.errors import EurasiaError
from tests.fuzz.strategies import documented, fuzz_settings, mutated, mutated_bytes

pytestmark = pytest.mark.timeout(240)

TNTP_DIR = Path(__file__).resolve().parents[1] / "corridors" / "data"
BRAESS_NET = (TNTP_DIR / "braess" / "Braess_net.tntp").read_text()
BRAESS_TRIPS = (TNTP_DIR / "braess" / "Braess_trips.tntp").read_text()
SIOUX_FLOW = "\n".join(
    (TNTP_DIR / "siouxfalls" / "SiouxFalls_flow.tntp").read_text().split("\n")[:8]
)
NODES = "Node\tX\tY\t;\n1\t-96.77\t43.61\t;\n2\t-96.71\t43.61\t;\n3\t-96.77\t43.60\t;\n4\t-96.7\t43.6\t;\n"
DATASET_FILES = (
    "nodes.geojson",
    "links.csv",
    "transfers.csv",
    "services.csv",
    "sources.csv",
    "parameters.csv",
)


def _small_eurasia_tntp() -> tuple[str, str]:
    """A TNTP pair written by eurasia (with the ``<EURASIA NETWORK>`` metadata) to mutate."""
    net = Network.from_edges(
        ["kz-dostyk", "kz-dostyk", "cn-alashankou"],
        ["cn-alashankou", "kz-almaty", "kz-almaty"],
        {"hours": [20.0, 30.0, 48.0]},
        edges={"mode": ["rail", "rail", "road"]},
    )
    with tempfile.TemporaryDirectory() as tmp:
        net_t, nodes_t = to_tntp(net)
        tntp.write_net(net_t, Path(tmp) / "n_net.tntp")
        tntp_tables.write_nodes(nodes_t, Path(tmp) / "n_node.tntp")
        return (Path(tmp) / "n_net.tntp").read_text(), (Path(tmp) / "n_node.tntp").read_text()


EURASIA_NET, EURASIA_NODES = _small_eurasia_tntp()

PARSERS = {
    "net": (tntp.parse_net, BRAESS_NET),
    "trips": (tntp.parse_trips, BRAESS_TRIPS),
    "flow": (tntp_tables.parse_flows, SIOUX_FLOW),
    "node": (tntp_tables.parse_nodes, NODES),
}


def _check_net(result: tntp.TntpNetwork | EurasiaError) -> None:
    if isinstance(result, tntp.TntpNetwork):
        assert (result.init_node >= 1).all()
        assert (result.term_node >= 1).all()


@pytest.mark.parametrize("kind", sorted(PARSERS))
@fuzz_settings()
@given(data=st.data())
def test_tntp_parsers_fail_only_with_documented_errors(kind: str, data: st.DataObject) -> None:
    parse, seed = PARSERS[kind]
    text = data.draw(st.one_of(mutated(seed), st.text(max_size=200)), label="text")
    result = documented(parse, text, source=f"fuzz_{kind}.tntp")
    if kind == "net":
        _check_net(result)
    if kind == "trips" and isinstance(result, tntp.TntpTrips):
        assert np.isfinite(result.matrix).all()
        assert (result.matrix >= 0).all()


@fuzz_settings()
@given(
    pair=st.one_of(
        st.tuples(mutated(BRAESS_NET), st.just(NODES)),
        st.tuples(st.just(BRAESS_NET), mutated(NODES)),
        st.tuples(mutated(EURASIA_NET), st.just(EURASIA_NODES)),
        st.tuples(st.just(EURASIA_NET), mutated(EURASIA_NODES)),
    )
)
def test_tntp_files_to_network(pair: tuple[str, str]) -> None:
    net_text, node_text = pair
    with tempfile.TemporaryDirectory() as tmp:
        net_path, node_path = Path(tmp) / "x_net.tntp", Path(tmp) / "x_node.tntp"
        net_path.write_text(net_text, encoding="utf-8", errors="surrogatepass")
        node_path.write_text(node_text, encoding="utf-8", errors="surrogatepass")
        result = documented(read_tntp, net_path, node_path)
        if isinstance(result, Network):
            assert result.n_nodes >= 0
            assert (result.edge_source < result.n_vertices).all()


@fuzz_settings(examples=20)
@given(body=st.binary(max_size=300))
def test_tntp_file_of_random_bytes(body: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x_net.tntp"
        path.write_bytes(body)
        documented(tntp.read_net, path)
        documented(tntp.read_trips, path)
        documented(tntp_tables.read_nodes, path)
        documented(tntp_tables.read_flows, path)


def _slice(name: str, lines: int) -> str:
    """The header and first ``lines`` rows of a bundled CSV file (a seed small enough to mutate)."""
    return "\n".join((bundled_data_dir() / name).read_text().split("\n")[: lines + 1]) + "\n"


@fuzz_settings()
@given(
    body=st.one_of(mutated_bytes(_slice("links.csv", 6)), mutated_bytes(_slice("sources.csv", 3)))
)
def test_csv_rows(body: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "links.csv"
        path.write_bytes(body)
        documented(read_csv_rows, path, required=("id", "from", "to", "mode"))


GEOJSON_SEED = """{"type": "FeatureCollection", "features": [
{"type": "Feature", "geometry": {"type": "Point", "coordinates": [79.87, 45.2]},
 "properties": {"id": "kz-dostyk", "name": "Dostyk", "country": "KZ", "kind": "border"}},
{"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[79.8, 45.2], [82.6, 45.17]]},
 "properties": {"id": "l1", "from": "kz-dostyk", "to": "cn-alashankou", "mode": "rail"}}
]}"""


@fuzz_settings()
@given(body=mutated_bytes(GEOJSON_SEED), geometry=st.sampled_from(["Point", "LineString"]))
def test_geojson_rows(body: bytes, geometry: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "nodes.geojson"
        path.write_bytes(body)
        documented(read_geojson_rows, path, geometry=geometry, required=("id",))


@pytest.fixture(scope="module")
def dataset_texts() -> dict[str, str]:
    return {name: (bundled_data_dir() / name).read_text(encoding="utf-8") for name in DATASET_FILES}


@fuzz_settings(examples=30)
@given(data=st.data())
def test_dataset_folder_fails_only_with_documented_errors(
    dataset_texts: dict[str, str], data: st.DataObject
) -> None:
    """A copy of the bundled dataset with one file bent: read, check and build, or a DataError."""
    name = data.draw(st.sampled_from(DATASET_FILES), label="file")
    text = data.draw(mutated(dataset_texts[name], max_ops=3), label="text")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for other in DATASET_FILES:
            shutil.copy(bundled_data_dir() / other, folder / other)
        (folder / name).write_text(text, encoding="utf-8", errors="surrogatepass")
        dataset = documented(read_dataset, folder)
        if not isinstance(dataset, EurasiaError):
            network = documented(network_from_dataset, dataset)
            if isinstance(network, Network):
                for values in network.costs.values():
                    assert np.isfinite(values).all()
                    assert (values >= 0).all()


DEMAND_SEED = (
    "origin,destination,group,commodity,tonnes,source\n"
    "cn-xian,de-duisburg,CN-EU,containers,393918,estimate:test\n"
    "ru-moscow,uz-tashkent,RU-CA,bulk,5000000,estimate:test\n"
    "kz-astana,tr-istanbul,KZ-EU,containers,0.5,estimate:test\n"
)


@fuzz_settings()
@given(body=mutated_bytes(DEMAND_SEED))
def test_demand_csv(body: bytes) -> None:
    """A demand file as ``eurasia scenario`` reads it: flows finite and >= 0, or a DataError."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demand.csv"
        path.write_bytes(body)
        demand = documented(read_demand, path)
        if isinstance(demand, Demand):
            assert math.isfinite(demand.total())
            assert demand.total() >= 0
