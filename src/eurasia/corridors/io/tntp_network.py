"""A :class:`~eurasia.corridors.network.model.Network` to and from TNTP files (network + node tables).

The coded attributes (kind, mode, transfer, status, corridors, countries) travel in extra columns
so that a round trip keeps them; see :func:`to_tntp` and :func:`from_tntp`.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from eurasia.corridors.io import tntp, tntp_tables
from eurasia.corridors.network.codes import NODE_TEXT_ATTRIBUTES
from eurasia.corridors.network.model import Network
from eurasia.errors import DataError

__all__ = ["from_tntp", "read_tntp", "to_tntp", "write_tntp"]


_TNTP_KEY = "EURASIA NETWORK"


_CODED = ("id", "kind", "mode", "transfer", "status", "corridors", "country", "country_to")


def to_tntp(network: Network) -> tuple[tntp.TntpNetwork, tntp.TntpNodes]:
    """Return the network as TNTP: vertices numbered from 1, one row an edge, in edge order.

    Standard columns: ``capacity`` (Mt/yr), ``length`` (the ``km`` cost, else 0),
    ``free_flow_time`` (the ``hours`` cost, else 0), ``b`` and ``power`` (the edge's BPR
    parameters, else the BPR defaults 0.15 and 4), ``speed`` (km/h), ``toll`` (the ``usd``
    cost, else 0), ``link_type`` (1 rail, 2 road, 3 ferry, 4 sea, 5 transfer, 0 other). Extra
    columns: ``cost_<name>`` for every cost, ``gauge``, ``opening_year``, ``own_b`` and
    ``own_power`` (1 where ``b`` or ``power`` is the edge's own) and ``<field>_code`` integer
    codes of the text fields; the code
    tables and the node and vertex tables travel as JSON in the ``<EURASIA NETWORK>`` metadata
    line, so :func:`from_tntp` restores every field. Node file: vertex coordinates (lon, lat).

    Examples
    --------
    >>> net = Network.from_edges(["a"], ["b"], {"hours": [2.0], "km": [100.0]})
    >>> t, nodes = to_tntp(net)
    >>> t.init_node.tolist(), t.free_flow_time.tolist(), t.length.tolist(), t.speed.tolist()
    ([1], [2.0], [100.0], [50.0])
    """
    m, nv = network.n_edges, network.n_vertices
    zeros = np.zeros(m)
    codes: dict[str, list[str]] = {}
    extra: dict[str, np.ndarray] = {}
    for name in _CODED:
        col = network.edge_id if name == "id" else getattr(network, f"edge_{name}")
        table, inverse = np.unique(col, return_inverse=True)
        codes[name] = table.tolist()
        extra[f"{name}_code"] = inverse.astype(np.float64)
    for name, col in network.costs.items():
        extra[f"cost_{name}"] = np.array(col, dtype=np.float64)
    extra["gauge"] = network.edge_gauge.astype(np.float64)
    extra["opening_year"] = network.edge_opening_year.astype(np.float64)
    alpha, beta = network.edge_bpr_alpha, network.edge_bpr_beta
    extra["own_b"] = np.isfinite(alpha).astype(np.float64)
    extra["own_power"] = np.isfinite(beta).astype(np.float64)
    hours = network.costs.get("hours", zeros)
    km = network.costs.get("km", zeros)
    speed = np.divide(km, hours, out=np.zeros(m), where=hours > 0)
    link_type = np.zeros(m, dtype=np.int64)
    for code, mode in enumerate(("rail", "road", "ferry", "sea", "transfer"), start=1):
        link_type[network.edge_mode == mode] = code
    payload = {
        "version": 1,
        "codes": codes,
        "cost_units": dict(network.cost_units),
        "nodes": {
            "id": network.node_ids.tolist(),
            **{f: getattr(network, f"node_{f}").tolist() for f in NODE_TEXT_ATTRIBUTES},
            "lon": [None if math.isnan(v) else v for v in network.node_lon.tolist()],
            "lat": [None if math.isnan(v) else v for v in network.node_lat.tolist()],
        },
        "vertex_node": network.vertex_node.tolist(),
        "vertex_side": network.vertex_side.tolist(),
    }
    metadata = {
        "NUMBER OF ZONES": "0",
        "NUMBER OF NODES": str(nv),
        "FIRST THRU NODE": "1",
        "NUMBER OF LINKS": str(m),
        _TNTP_KEY: json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
    }
    net = tntp.TntpNetwork(
        metadata=metadata,
        init_node=network.edge_source + 1,
        term_node=network.edge_target + 1,
        capacity=np.array(network.edge_capacity, dtype=np.float64),
        length=np.array(km, dtype=np.float64),
        free_flow_time=np.array(hours, dtype=np.float64),
        b=np.where(np.isfinite(alpha), alpha, 0.15),
        power=np.where(np.isfinite(beta), beta, 4.0),
        speed=speed * 1.0,
        toll=np.array(network.costs.get("usd", zeros), dtype=np.float64),
        link_type=link_type,
        extra=extra,
    )
    vn = network.vertex_node
    nodes = tntp.TntpNodes(
        node=np.arange(1, nv + 1, dtype=np.int64), x=network.node_lon[vn], y=network.node_lat[vn]
    )
    return net, nodes


def from_tntp(net: tntp.TntpNetwork, nodes: tntp.TntpNodes | None = None) -> Network:
    """Return a Network from TNTP data: every field restored when written by :func:`to_tntp`.

    A plain TNTP network (e.g. Sioux Falls) gets node ids ``"1"``, ``"2"``, …, the costs
    ``free_flow_time``, ``length``, ``toll`` plus every extra column, its ``capacity``, its
    ``b`` and ``power`` as the edges' BPR parameters, and coordinates from ``nodes`` when given.

    Raises
    ------
    DataError
        The ``<EURASIA NETWORK>`` metadata is not valid JSON or does not match the rows, or a
        cost is negative.

    Examples
    --------
    >>> net = Network.from_edges(["a"], ["b"], {"hours": [2.0]}, edges={"mode": ["rail"]})
    >>> back = from_tntp(*to_tntp(net))
    >>> back.node_ids.tolist(), back.edge_mode.tolist(), back.costs["hours"].tolist()
    (['a', 'b'], ['rail'], [2.0])
    """
    src = net.init_node - 1
    tgt = net.term_node - 1
    if _TNTP_KEY not in net.metadata:
        n = max(
            net.n_nodes, int(max(net.init_node.max(), net.term_node.max())) if net.n_links else 0
        )
        node_attrs: dict[str, Any] = {}
        if nodes is not None:
            if nodes.node.size and not (nodes.node.min() >= 1 and nodes.node.max() <= n):
                msg = f"TNTP node file: node numbers must lie in 1..{n} like the network's"
                raise DataError(msg)
            lon, lat = np.full(n, np.nan), np.full(n, np.nan)
            lon[nodes.node - 1], lat[nodes.node - 1] = nodes.x, nodes.y
            node_attrs = {"lon": lon, "lat": lat}
        costs = {"free_flow_time": net.free_flow_time, "length": net.length, "toll": net.toll}
        costs.update(net.extra)
        return Network(
            node_ids=[str(i) for i in range(1, n + 1)],
            nodes=node_attrs,
            edge_source=src,
            edge_target=tgt,
            edges={"capacity": net.capacity, "bpr_alpha": net.b, "bpr_beta": net.power},
            costs=costs,
        )
    try:
        payload = json.loads(net.metadata[_TNTP_KEY])
        codes = payload["codes"]
        text = {
            name: np.asarray(codes[name], dtype=np.str_)[net.extra[f"{name}_code"].astype(np.int64)]
            for name in _CODED
        }
        node_table = payload["nodes"]
        costs = {name: net.extra[f"cost_{name}"] for name in payload["cost_units"]}
        edges: dict[str, Any] = {name: text[name] for name in _CODED if name != "id"}
        no = np.zeros(net.n_links)
        own_b, own_power = net.extra.get("own_b", no) > 0, net.extra.get("own_power", no) > 0
        edges.update(
            gauge=net.extra["gauge"].astype(np.int64),
            opening_year=net.extra["opening_year"].astype(np.int64),
            capacity=net.capacity,
            bpr_alpha=np.where(own_b, net.b, np.nan),
            bpr_beta=np.where(own_power, net.power, np.nan),
        )
        return Network(
            node_ids=node_table["id"],
            nodes={
                **{k: v for k, v in node_table.items() if k not in ("id", "lon", "lat")},
                "lon": [math.nan if v is None else v for v in node_table["lon"]],
                "lat": [math.nan if v is None else v for v in node_table["lat"]],
            },
            vertex_node=payload["vertex_node"],
            vertex_side=payload["vertex_side"],
            edge_source=src,
            edge_target=tgt,
            edge_id=text["id"],
            edges=edges,
            costs=costs,
            cost_units=payload["cost_units"],
        )
    except (json.JSONDecodeError, KeyError, IndexError, TypeError, ValueError) as exc:
        if isinstance(exc, DataError):
            raise
        msg = f"TNTP metadata <{_TNTP_KEY}>: does not describe these rows ({type(exc).__name__}: {exc})"
        raise DataError(msg) from None


def write_tntp(network: Network, folder: str | Path, *, name: str = "eurasia") -> list[Path]:
    """Write ``<name>_net.tntp`` and ``<name>_node.tntp`` into ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    net, nodes = to_tntp(network)
    net_path, node_path = folder / f"{name}_net.tntp", folder / f"{name}_node.tntp"
    tntp.write_net(net, net_path)
    tntp_tables.write_nodes(nodes, node_path)
    return [net_path, node_path]


def read_tntp(net_path: str | Path, node_path: str | Path | None = None) -> Network:
    """Read a TNTP network file (and optionally its node file) into a Network.

    Raises
    ------
    DataError
        The files are unreadable or malformed (naming file, line and column).
    """
    nodes = tntp_tables.read_nodes(node_path) if node_path is not None else None
    return from_tntp(tntp.read_net(net_path), nodes)
