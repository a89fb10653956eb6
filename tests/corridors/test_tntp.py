"""TNTP network, trips, flow and node files: parsing, round trips and precise errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from eurasia.corridors.io import tntp, tntp_tables
from eurasia.errors import DataError

DATA = Path(__file__).parent / "data"
SF = DATA / "siouxfalls"


def test_sioux_falls_network_reads_metadata_and_columns() -> None:
    net = tntp.read_net(SF / "SiouxFalls_net.tntp")
    assert net.n_links == 76
    assert (net.n_nodes, net.n_zones, net.first_thru_node) == (24, 24, 1)
    assert net.metadata["ORIGINAL HEADER"].startswith("~")
    assert (net.init_node[0], net.term_node[0]) == (1, 2)
    assert net.capacity[0] == pytest.approx(25900.20064)
    assert net.free_flow_time[:3].tolist() == [6.0, 4.0, 6.0]
    assert np.all(net.b == 0.15)
    assert np.all(net.power == 4)
    assert net.link_type.dtype == np.int64
    assert net.extra == {}


def test_network_round_trip_keeps_every_column(tmp_path: Path) -> None:
    net = tntp.read_net(SF / "SiouxFalls_net.tntp")
    net.extra["lanes"] = np.arange(net.n_links, dtype=float)
    out = tmp_path / "x_net.tntp"
    tntp.write_net(net, out)
    back = tntp.read_net(out)
    for name in tntp.STANDARD_COLUMNS:
        np.testing.assert_array_equal(getattr(back, name), getattr(net, name))
    np.testing.assert_array_equal(back.extra["lanes"], net.extra["lanes"])
    assert back.metadata["NUMBER OF ZONES"] == "24"


def test_network_without_header_line_names_extra_columns() -> None:
    net = tntp.parse_net("1 2 10 1 1 0.15 4 0 0 1 7.5 ;\n")
    assert list(net.extra) == ["col11"]
    assert net.extra["col11"].tolist() == [7.5]


def test_braess_network_with_irregular_spacing_parses() -> None:
    net = tntp.read_net(DATA / "braess" / "Braess_net.tntp")
    assert net.n_links == 5
    assert net.b[0] == 1e9
    assert net.free_flow_time[0] == 1e-8


def test_sioux_falls_trips_total_and_shape() -> None:
    trips = tntp.read_trips(SF / "SiouxFalls_trips.tntp")
    assert trips.n_zones == 24
    assert trips.total == 360600.0
    assert int(np.count_nonzero(trips.matrix)) == 528
    assert trips.matrix[0, 9] == 1300.0


@settings(max_examples=40, deadline=None)
@given(
    arrays(
        np.float64,
        st.tuples(st.integers(1, 7), st.just(0)).map(lambda s: (s[0], s[0])),
        elements=st.floats(0, 1e7, allow_nan=False, width=32),
    )
)
def test_trips_round_trip_is_exact(matrix: np.ndarray) -> None:
    text = tntp.format_trips(tntp.TntpTrips({}, matrix))
    np.testing.assert_array_equal(tntp.parse_trips(text).matrix, matrix)


def test_published_flows_read(tmp_path: Path) -> None:
    flows = tntp_tables.read_flows(SF / "SiouxFalls_flow.tntp")
    assert flows.volume.size == 76
    assert (flows.from_node[3], flows.to_node[3]) == (2, 6)
    assert flows.volume[9] == 5200.0
    tntp_tables.write_flows(flows, tmp_path / "f.tntp")
    back = tntp_tables.read_flows(tmp_path / "f.tntp")
    np.testing.assert_array_equal(back.volume, flows.volume)
    np.testing.assert_array_equal(back.cost, flows.cost)


def test_nodes_round_trip(tmp_path: Path) -> None:
    nodes = tntp.TntpNodes(np.array([1, 2]), np.array([-96.7, 1.5]), np.array([43.5, 2.0]))
    tntp_tables.write_nodes(nodes, tmp_path / "n.tntp")
    back = tntp_tables.read_nodes(tmp_path / "n.tntp")
    assert back.node.tolist() == [1, 2]
    assert back.x.tolist() == [-96.7, 1.5]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1 2 10 1 1 0.15 4 0 ;\n", "line 1: expected at least 10 columns"),
        ("1 2 10 1 1 0.15 4 0 0 1 ;\n1 2 10 1 1 0.15 4 0 0 1 5 ;\n", "line 2: expected 10 columns"),
        ("1.5 2 10 1 1 0.15 4 0 0 1 ;\n", "column 'init_node': expected an integer"),
        ("0 2 10 1 1 0.15 4 0 0 1 ;\n", "column 'init_node': expected a node number >= 1"),
        ("1 2 ten 1 1 0.15 4 0 0 1 ;\n", "column 'capacity': expected a number, got 'ten'"),
        (
            "<NUMBER OF LINKS> 2\n<END OF METADATA>\n1 2 10 1 1 0.15 4 0 0 1 ;\n",
            "<NUMBER OF LINKS> says 2 but the file has 1",
        ),
        ("<ZONES 3\n<END OF METADATA>\n", "line 1: expected a metadata line"),
    ],
)
def test_network_errors_name_line_and_column(text: str, message: str) -> None:
    with pytest.raises(DataError, match=r"^bad_net\.tntp") as info:
        tntp.parse_net(text, source="bad_net.tntp")
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<END OF METADATA>\n 2 : 1.0;\n", "line 2: expected 'Origin <zone>'"),
        ("<END OF METADATA>\nOrigin 1\n 2 - 1.0;\n", "line 3: expected 'destination : flow'"),
        ("<END OF METADATA>\nOrigin 1\n 2 : -1.0;\n", "flow 1->2 must be finite and >= 0"),
        ("<NUMBER OF ZONES> 2\n<END OF METADATA>\nOrigin 3\n", "origin zone 3 outside 1..2"),
        (
            "<TOTAL OD FLOW> 5\n<END OF METADATA>\nOrigin 1\n 2 : 1.0;\n",
            "<TOTAL OD FLOW> says 5.0 but the entries sum to 1.0",
        ),
    ],
)
def test_trips_errors_name_line(text: str, message: str) -> None:
    with pytest.raises(DataError) as info:
        tntp.parse_trips(text, source="bad_trips.tntp")
    assert str(info.value).startswith("bad_trips.tntp")
    assert message in str(info.value)


def test_flow_errors_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"f.tntp line 2: expected 4 columns"):
        tntp_tables.parse_flows("From To Volume Cost\n1 2 3\n", source="f.tntp")
    with pytest.raises(DataError, match="no such TNTP file"):
        tntp.read_net(tmp_path / "absent_net.tntp")
    (tmp_path / "bin_net.tntp").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(DataError, match="not a UTF-8 text file"):
        tntp.read_net(tmp_path / "bin_net.tntp")


def test_format_rejects_ragged_columns() -> None:
    net = tntp.parse_net("1 2 10 1 1 0.15 4 0 0 1 ;\n")
    net.capacity = np.array([1.0, 2.0])
    with pytest.raises(DataError, match=r"TntpNetwork.capacity: expected 1 values"):
        tntp.format_net(net)
