"""Views of a :class:`~eurasia.corridors.network.model.Network`.

The same nodes and vertices over fewer edges (vertex numbers never change, only edges are dropped),
and per-tonne costs.

Each is also a method of ``Network`` (``net.by_mode("rail")`` is ``by_mode(net, "rail")``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from types import MappingProxyType
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from eurasia.corridors.network.codes import TONNES_PER_TEU, Mode, Status
from eurasia.corridors.network.columns import _EDGE_NUM, _EDGE_STR, _frozen
from eurasia.errors import DataError

if TYPE_CHECKING:
    from eurasia.corridors.network.model import Network

__all__ = [
    "as_of",
    "by_corridor",
    "by_country",
    "by_mode",
    "corridor_edges",
    "corridor_families",
    "edges_within",
    "excluding_countries",
    "per_tonne",
    "select_edges",
    "touched_transfers",
    "without",
]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def select_edges(network: Network, keep: npt.ArrayLike) -> Network:
    """Return a network over the same nodes and vertices with only the edges where ``keep`` is true.

    Examples
    --------
    >>> from eurasia.corridors.network.model import Network
    >>> net = Network.from_edges(["a", "b"], ["b", "c"], {"km": [1.0, 2.0]})
    >>> select_edges(net, [True, False]).n_edges, select_edges(net, [True, False]).n_vertices
    (1, 3)
    """
    mask = np.asarray(keep, dtype=bool)
    if mask.shape != (network.n_edges,):
        msg = f"select_edges: expected {network.n_edges} booleans, got shape {mask.shape}"
        raise DataError(msg)
    new = object.__new__(type(network))
    new.__dict__.update(network.__dict__)
    src = network.edge_source[mask]
    new.edge_source = _frozen(src, np.int64)
    new.indptr = _frozen(np.searchsorted(src, np.arange(network.n_vertices + 1)), np.int64)
    for name in ("target", "id", *_EDGE_STR, *_EDGE_NUM):
        col = getattr(network, f"edge_{name}")[mask]
        col.flags.writeable = False
        setattr(new, f"edge_{name}", col)
    new.indices = new.edge_target
    costs = {}
    for name, col in network.costs.items():
        sub = col[mask]
        sub.flags.writeable = False
        costs[name] = sub
    new.costs = MappingProxyType(costs)
    return new


def touched_transfers(network: Network, keep_links: BoolArray) -> BoolArray:
    """Keep ``keep_links`` plus the transfers both of whose vertices touch a kept link."""
    is_link: BoolArray = network.edge_kind != "transfer"
    links = keep_links & is_link
    touched = np.zeros(network.n_vertices, dtype=bool)
    touched[network.edge_source[links]] = True
    touched[network.edge_target[links]] = True
    transfers = ~is_link & touched[network.edge_source] & touched[network.edge_target]
    return links | transfers


def by_mode(network: Network, *modes: str) -> Network:
    """Only links of the given modes, plus the transfers joining vertices they touch.

    Examples
    --------
    >>> from eurasia.corridors.network.model import Network
    >>> net = Network.from_edges(["a", "b"], ["b", "c"], edges={"mode": ["rail", "sea"]})
    >>> by_mode(net, "rail").edge_mode.tolist()
    ['rail']
    """
    wanted = [str(Mode(m)) for m in modes]
    return select_edges(network, touched_transfers(network, np.isin(network.edge_mode, wanted)))


def by_corridor(network: Network, *corridors: str) -> Network:
    """Only links of the given corridor families, plus the transfers joining them.

    Examples
    --------
    >>> from eurasia.corridors.network.model import Network
    >>> net = Network.from_edges(["a", "b"], ["b", "c"],
    ...                          edges={"corridors": ["titr|northern", "sea"]})
    >>> by_corridor(net, "titr").edge_corridors.tolist()
    ['titr|northern']
    """
    return select_edges(network, touched_transfers(network, corridor_edges(network, corridors)))


def corridor_edges(network: Network, corridors: Iterable[str]) -> BoolArray:
    """Return the mask of edges on any of ``corridors`` (one of their ``|``-separated families).

    Examples
    --------
    >>> from eurasia.corridors.network.model import Network
    >>> net = Network.from_edges(["a", "b", "c"], ["b", "c", "a"],
    ...                          edges={"corridors": ["titr|northern", "sea", "titr2"]})
    >>> corridor_edges(net, ["titr"]).tolist(), corridor_edges(net, ["sea", "northern"]).tolist()
    ([True, False, False], [True, True, False])
    """
    wrapped = np.char.add(np.char.add("|", network.edge_corridors), "|")
    keep = np.zeros(network.n_edges, dtype=bool)
    for name in corridors:
        keep |= np.char.find(wrapped, f"|{name}|") >= 0
    return keep


def corridor_families(network: Network) -> frozenset[str]:
    """Return the corridor families the network's edges name (``|``-separated, none empty).

    Examples
    --------
    >>> from eurasia.corridors.network.model import Network
    >>> net = Network.from_edges(["a", "b", "c"], ["b", "c", "a"],
    ...                          edges={"corridors": ["titr|northern", "", "titr"]})
    >>> sorted(corridor_families(net))
    ['northern', 'titr']
    """
    return frozenset("|".join(network.edge_corridors.tolist()).split("|")) - {""}


def by_country(network: Network, *countries: str) -> Network:
    """Only edges both of whose nodes lie in the given countries (ISO alpha-2).

    Examples
    --------
    >>> from eurasia.corridors.network.model import Network
    >>> net = Network.from_edges(["a", "b"], ["b", "c"],
    ...                          nodes={"country": ["KZ", "KZ", "CN"]})
    >>> by_country(net, "KZ").n_edges
    1
    """
    wanted = np.isin(network.node_country, [c.upper() for c in countries])
    return select_edges(network, edges_within(network, wanted))


def excluding_countries(network: Network, *countries: str) -> Network:
    """Drop every edge touching a node in the given countries (ISO alpha-2).

    Examples
    --------
    >>> from eurasia.corridors.network.model import Network
    >>> net = Network.from_edges(["a", "b"], ["b", "c"],
    ...                          nodes={"country": ["KZ", "RU", "CN"]})
    >>> excluding_countries(net, "RU").n_edges
    0
    """
    wanted = ~np.isin(network.node_country, [c.upper() for c in countries])
    return select_edges(network, edges_within(network, wanted))


def edges_within(network: Network, node_ok: BoolArray) -> BoolArray:
    """Return the mask of edges whose both ends lie on nodes where ``node_ok`` is true."""
    vertex_ok = node_ok[network.vertex_node]
    return np.asarray(vertex_ok[network.edge_source] & vertex_ok[network.edge_target], dtype=bool)


def as_of(network: Network, year: int) -> Network:
    """Return the network in operation in ``year``: open edges and those opening by then.

    Edges with status ``construction`` or ``planned`` count from their opening year; one
    without an opening year is left out.

    Examples
    --------
    >>> from eurasia.corridors.network.model import Network
    >>> net = Network.from_edges(["a", "a"], ["b", "c"],
    ...                          edges={"status": ["open", "planned"],
    ...                                 "opening_year": [0, 2027]})
    >>> as_of(net, 2026).n_edges, as_of(net, 2027).n_edges
    (1, 2)
    """
    year = int(year)
    opened = network.edge_opening_year <= year
    is_open = network.edge_status == Status.OPEN
    dated = network.edge_opening_year > 0
    return select_edges(network, opened & (is_open | dated))


def without(network: Network, *, nodes: Iterable[str] = (), edges: Iterable[str] = ()) -> Network:
    """Drop the edges with the given ids and every edge touching the given nodes.

    Raises
    ------
    NotFoundError
        An id is not in the network.

    Examples
    --------
    >>> from eurasia.corridors.network.model import Network
    >>> net = Network.from_edges(["a", "b"], ["b", "c"])
    >>> without(net, edges=["e0"]).n_edges, without(net, nodes=["c"]).n_edges
    (1, 1)
    """
    keep = np.ones(network.n_edges, dtype=bool)
    for edge_id in edges:
        keep[network.edges_of(edge_id)] = False
    node_ok = np.ones(network.n_nodes, dtype=bool)
    for node_id in nodes:
        node_ok[network.node_index(node_id)] = False
    return select_edges(network, keep & edges_within(network, node_ok))


def per_tonne(network: Network, *, tonnes_per_teu: float = TONNES_PER_TEU) -> Network:
    """Return the same network with every ``…/TEU`` cost turned into ``…/t``.

    Parameters
    ----------
    tonnes_per_teu
        Average cargo weight of a loaded TEU (default :data:`TONNES_PER_TEU`).

    Raises
    ------
    DataError
        ``tonnes_per_teu`` is not a positive number.

    Examples
    --------
    >>> from eurasia.corridors.network.model import Network
    >>> net = Network.from_edges(["a"], ["b"], {"usd": [500.0], "hours": [2.0]},
    ...                          cost_units={"usd": "USD/TEU", "hours": "h"})
    >>> t = per_tonne(net, tonnes_per_teu=10)
    >>> float(t.costs["usd"][0]), t.cost_units["usd"], float(t.costs["hours"][0])
    (50.0, 'USD/t', 2.0)
    """
    if not (math.isfinite(tonnes_per_teu) and tonnes_per_teu > 0):
        msg = f"tonnes_per_teu: expected a positive number, got {tonnes_per_teu!r}"
        raise DataError(msg)
    new = object.__new__(type(network))
    new.__dict__.update(network.__dict__)
    costs: dict[str, FloatArray] = {}
    ends: dict[str, FloatArray] = {}
    units: dict[str, str] = {}
    for name, col in network.costs.items():
        unit, end = network.cost_units[name], network.end_costs[name]
        if unit.endswith("/TEU"):
            col, end = col / tonnes_per_teu, end / tonnes_per_teu
            col.flags.writeable = end.flags.writeable = False
            unit = unit.removesuffix("/TEU") + "/t"
        costs[name], ends[name], units[name] = col, end, unit
    new.costs = MappingProxyType(costs)
    new.end_costs = MappingProxyType(ends)
    new.cost_units = MappingProxyType(units)
    return new
