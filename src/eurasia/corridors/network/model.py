"""The freight network held in arrays: CSR adjacency plus one numpy vector per attribute.

A :class:`Network` is immutable once built. Places are **nodes** (``node_ids``, names, country,
kind, coordinates). Routing happens on **vertices**: a node may be split into several vertices,
one per *side* — ``rail-1520``, ``rail-1435``, ``rail-1676``, ``road``, ``ferry``, ``sea`` —
so that a gauge change at Dostyk, a port call at Aktau or a mode change is an explicit
**transfer** edge with its own time and cost. Graphs built with :meth:`Network.from_edges` have
one vertex per node (side ``""``), so vertex ``i`` is node ``i``.

Interface relied on by routing and assignment
--------------------------------------------
Adjacency (edges sorted by source, so the CSR slot is the edge number):

- ``indptr`` (``n_vertices + 1``) and ``indices`` (``n_edges``, the target vertex of each edge);
- ``n_nodes``, ``n_vertices``, ``n_edges``.

Per edge (all numpy arrays of length ``n_edges``):

- ``edge_source``, ``edge_target`` — vertex numbers;
- ``edge_id`` — the link or transfer id (both directions of a link share it);
- ``edge_kind`` — ``"link"`` or ``"transfer"``;
- ``edge_mode`` — a :class:`Mode` value for links, ``"transfer"`` for transfers;
- ``edge_transfer`` — transfer type (``gauge_change``, ``port``, ``mode_change``) or ``""``;
- ``edge_gauge`` — track gauge in mm for rail links, 0 otherwise;
- ``edge_country`` / ``edge_country_to`` — ISO 3166-1 alpha-2 of the source / target node
  (they differ on a cross-border link);
- ``edge_status`` — ``open``, ``construction`` or ``planned``; ``edge_opening_year`` (0: open
  before any year asked about);
- ``edge_corridors`` — ``|``-separated corridor families (``northern``, ``titr``, …);
- ``edge_capacity`` — million tonnes a year in this direction (``inf``: not constraining);
- ``edge_capacity_basis`` — where that capacity comes from: ``given`` (sourced or a stated
  estimate for this edge), ``services``, ``track class``, ``default`` (the mode's default: say
  "default capacity" wherever it matters) or ``none``;
- ``edge_bpr_alpha`` / ``edge_bpr_beta`` — the edge's own volume-delay (BPR) parameters,
  ``t = t0 (1 + alpha (v / c) ** beta)``; NaN where the edge has none, so that an assignment
  applies its default (the bundled network fills every edge from ``parameters.csv``);
- ``costs`` — a read-only mapping ``name -> float64 array``, additive along a path, each with its
  unit in ``cost_units``. The bundled network has ``km``, ``hours``, ``usd`` (USD per TEU),
  ``co2_kg`` (kg CO2e per TEU) and ``risk`` (expected delay hours from disruptions), plus
  ``_low`` / ``_high`` variants of ``hours`` and ``usd``, and the parts of ``hours`` and ``usd``
  (see :data:`TIME_COMPONENTS`, ``usd_border``); :meth:`Network.per_tonne` converts the per-TEU
  costs to per-tonne ones.

Per vertex: ``vertex_node`` (node number), ``vertex_side``, ``end_costs`` (what a box pays to
start or end its journey on that vertex: the terminal lift of a rail side, port handling and dwell
of a sea or ferry side; a read-only mapping like ``costs``, zero where not given);
:meth:`Network.node_vertices`.

Per node: ``node_ids``, ``node_name``, ``node_name_ru``, ``node_name_kk``, ``node_name_local``,
``node_aliases`` (``|``-separated), ``node_country``, ``node_kind``, ``node_lon``, ``node_lat``;
:meth:`Network.node_index` (raises :class:`~eurasia.errors.NotFoundError`) and
:meth:`Network.node`.

Views return new networks over the same nodes and vertices (vertex numbers never change, only
edges are dropped): :meth:`Network.by_mode`, :meth:`Network.by_country`,
:meth:`Network.excluding_countries`, :meth:`Network.as_of`, :meth:`Network.without`,
:meth:`Network.select_edges`. Exports: :meth:`Network.to_scipy`, :meth:`Network.to_networkx`.

Examples
--------
>>> net = Network.from_edges(["a", "b", "a"], ["b", "c", "c"], {"hours": [1.0, 2.0, 5.0]})
>>> net.n_nodes, net.n_edges
(3, 3)
>>> net.indptr.tolist(), net.indices.tolist()
([0, 2, 3, 3], [1, 2, 2])
>>> from scipy.sparse.csgraph import dijkstra
>>> float(dijkstra(net.to_scipy("hours"), indices=net.node_index("a"))[net.node_index("c")])
3.0
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from eurasia.corridors.network import views
from eurasia.corridors.network.codes import NODE_ATTRIBUTES, TONNES_PER_TEU, Status
from eurasia.corridors.network.columns import (
    _EDGE_NUM,
    _EDGE_STR,
    _check_bpr,
    _frozen,
    _num_column,
    _refuse_first,
    _str_column,
)
from eurasia.corridors.network.records import Place
from eurasia.errors import DataError, NotFoundError

if TYPE_CHECKING:
    import networkx as nx
    import scipy.sparse

__all__ = ["Network", "Node"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
StrArray = npt.NDArray[np.str_]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Node(Place):
    """One place of the network, as returned by :meth:`Network.node`."""

    name_ru: str = ""
    name_kk: str = ""
    name_local: str = ""
    aliases: tuple[str, ...] = ()


def _node_index(ids: StrArray) -> dict[str, int]:
    """Return each node id's number, or raise DataError for a repeated id."""
    index: dict[str, int] = {}
    for i, node_id in enumerate(ids.tolist()):
        if node_id in index:
            msg = f"node ids: duplicate id {node_id!r} (nodes {index[node_id]} and {i})"
            raise DataError(msg)
        index[node_id] = i
    return index


def _end_costs(
    given: Mapping[str, npt.ArrayLike] | None, costs: Mapping[str, FloatArray], nv: int
) -> Mapping[str, FloatArray]:
    """Per-vertex end costs for every cost column (zeros where not given), checked and frozen."""
    given = dict(given or {})
    extra = set(given) - set(costs)
    if extra:
        msg = f"end_costs: no cost named {sorted(extra)}"
        raise DataError(msg)
    out: dict[str, FloatArray] = {}
    for name in costs:
        col = _num_column(given.get(name), nv, 0.0, np.float64, f"end cost {name!r}")
        if not (np.isfinite(col) & (col >= 0)).all():
            msg = f"end cost {name!r}: expected finite numbers >= 0 for every vertex"
            raise DataError(msg)
        out[name] = col
    return MappingProxyType(out)


class Network:
    """An immutable multimodal network in CSR form; see the module docstring for the fields.

    Build it with :meth:`from_edges` (any graph) or load the bundled one with
    :func:`eurasia.corridors.io.dataset.load_network`. The constructor takes every array keyword-only;
    edges may come in any order and are sorted by source vertex (stably).

    Parameters
    ----------
    node_ids
        Unique node ids.
    nodes
        Node attributes by name (``name``, ``name_ru``, ``name_kk``, ``name_local``,
        ``aliases``, ``country``, ``kind``, ``lon``, ``lat``), each aligned with ``node_ids``;
        missing ones default to empty strings / NaN.
    vertex_node, vertex_side
        Node number and side of each vertex; default one vertex per node with side ``""``.
    edge_source, edge_target
        Vertex numbers of each edge.
    edge_id
        Link or transfer id of each edge (default ``"e<k>"``).
    edges
        Edge attributes by name (``kind``, ``mode``, ``transfer``, ``country``, ``country_to``,
        ``status``, ``corridors``, ``gauge``, ``opening_year``, ``capacity``, ``bpr_alpha``,
        ``bpr_beta``); missing ones get defaults (``link``, ``""``, ``open``, 0, ``inf``, NaN).
    costs
        Additive non-negative costs by name, each aligned with the edges.
    cost_units
        Unit of each cost (e.g. ``"USD/TEU"``); default ``""``.
    end_costs
        Per vertex, what a route starting or ending there pays (names of ``costs``; others 0).

    Raises
    ------
    DataError
        Misaligned arrays, vertex numbers out of range, duplicate node ids, a cost that is
        negative or not finite, or a BPR parameter that is negative or infinite (naming the cost
        or parameter and the edge).
    """

    def __init__(
        self,
        *,
        node_ids: Sequence[str] | npt.ArrayLike,
        nodes: Mapping[str, Any] | None = None,
        vertex_node: npt.ArrayLike | None = None,
        vertex_side: npt.ArrayLike | None = None,
        edge_source: npt.ArrayLike,
        edge_target: npt.ArrayLike,
        edge_id: npt.ArrayLike | None = None,
        edges: Mapping[str, Any] | None = None,
        costs: Mapping[str, npt.ArrayLike] | None = None,
        cost_units: Mapping[str, str] | None = None,
        end_costs: Mapping[str, npt.ArrayLike] | None = None,
    ) -> None:
        nodes = dict(nodes or {})
        edges = dict(edges or {})
        ids = np.asarray(node_ids, dtype=np.str_).reshape(-1)
        n = int(ids.shape[0])
        index = _node_index(ids)
        unknown = set(nodes) - set(NODE_ATTRIBUTES)
        if unknown:
            msg = f"node attributes: unknown {sorted(unknown)}; expected {list(NODE_ATTRIBUTES)}"
            raise DataError(msg)
        self.node_ids: StrArray = _frozen(ids, np.str_)
        self._index = index
        self.node_name = _str_column(nodes.get("name"), n, "", "node attribute 'name'")
        if nodes.get("name") is None:
            self.node_name = self.node_ids
        self.node_name_ru = _str_column(nodes.get("name_ru"), n, "", "node attribute 'name_ru'")
        self.node_name_kk = _str_column(nodes.get("name_kk"), n, "", "node attribute 'name_kk'")
        self.node_name_local = _str_column(
            nodes.get("name_local"), n, "", "node attribute 'name_local'"
        )
        self.node_aliases = _str_column(nodes.get("aliases"), n, "", "node attribute 'aliases'")
        self.node_country = _str_column(nodes.get("country"), n, "", "node attribute 'country'")
        self.node_kind = _str_column(nodes.get("kind"), n, "", "node attribute 'kind'")
        self.node_lon: FloatArray = _num_column(
            nodes.get("lon"), n, math.nan, np.float64, "node attribute 'lon'"
        )
        self.node_lat: FloatArray = _num_column(
            nodes.get("lat"), n, math.nan, np.float64, "node attribute 'lat'"
        )

        if vertex_node is None:
            self.vertex_node: IntArray = _frozen(np.arange(n), np.int64)
        else:
            self.vertex_node = _frozen(
                np.asarray(vertex_node, dtype=np.int64).reshape(-1), np.int64
            )
            if self.vertex_node.size and (
                self.vertex_node.min() < 0 or self.vertex_node.max() >= n
            ):
                msg = f"vertex_node: node numbers must lie in [0, {n})"
                raise DataError(msg)
        nv = int(self.vertex_node.shape[0])
        self.vertex_side = _str_column(vertex_side, nv, "", "vertex_side")
        order_v = np.argsort(self.vertex_node, kind="stable")
        self._node_vptr = np.searchsorted(self.vertex_node[order_v], np.arange(n + 1))
        self._node_vorder = order_v

        src = np.asarray(edge_source, dtype=np.int64).reshape(-1)
        tgt = np.asarray(edge_target, dtype=np.int64).reshape(-1)
        if src.shape != tgt.shape:
            msg = f"edges: {src.size} sources but {tgt.size} targets"
            raise DataError(msg)
        m = int(src.shape[0])
        if m and (min(src.min(), tgt.min()) < 0 or max(src.max(), tgt.max()) >= nv):
            msg = f"edges: vertex numbers must lie in [0, {nv})"
            raise DataError(msg)
        order = np.argsort(src, kind="stable")
        self.edge_source: IntArray = _frozen(src[order], np.int64)
        self.edge_target: IntArray = _frozen(tgt[order], np.int64)
        self.indices: IntArray = self.edge_target
        self.indptr: IntArray = _frozen(
            np.searchsorted(self.edge_source, np.arange(nv + 1)), np.int64
        )
        default_ids = np.char.add("e", np.arange(m).astype(np.str_))
        self.edge_id = _str_column(default_ids if edge_id is None else edge_id, m, "", "edge_id")[
            order
        ]
        self.edge_id.flags.writeable = False

        unknown = set(edges) - {*_EDGE_STR, *_EDGE_NUM}
        if unknown:
            msg = f"edge attributes: unknown {sorted(unknown)}"
            raise DataError(msg)

        def estr(name: str, default: str) -> StrArray:
            col = _str_column(edges.get(name), m, default, f"edge attribute {name!r}")[order]
            col.flags.writeable = False
            return col

        def enum_(name: str, default: float, dtype: Any) -> Any:
            col = _num_column(edges.get(name), m, default, dtype, f"edge attribute {name!r}")
            col = col[order]
            col.flags.writeable = False
            return col

        self.edge_kind = estr("kind", "link")
        self.edge_mode = estr("mode", "")
        self.edge_transfer = estr("transfer", "")
        self.edge_status = estr("status", Status.OPEN)
        self.edge_corridors = estr("corridors", "")
        self.edge_capacity_basis = estr("capacity_basis", "given")
        vn = self.vertex_node
        country = self.node_country
        self.edge_country = (
            estr("country", "")
            if "country" in edges
            else _frozen(country[vn[self.edge_source]], np.str_)
        )
        self.edge_country_to = (
            estr("country_to", "")
            if "country_to" in edges
            else _frozen(country[vn[self.edge_target]], np.str_)
        )
        self.edge_gauge: IntArray = enum_("gauge", 0, np.int64)
        self.edge_opening_year: IntArray = enum_("opening_year", 0, np.int64)
        self.edge_capacity: FloatArray = enum_("capacity", math.inf, np.float64)
        self.edge_bpr_alpha: FloatArray = enum_("bpr_alpha", math.nan, np.float64)
        self.edge_bpr_beta: FloatArray = enum_("bpr_beta", math.nan, np.float64)
        _check_bpr(self.edge_id, alpha=self.edge_bpr_alpha, beta=self.edge_bpr_beta)

        frozen_costs: dict[str, FloatArray] = {}
        for name, values in (costs or {}).items():
            col = _num_column(values, m, 0.0, np.float64, f"cost {name!r}")[order]
            _refuse_first(
                self.edge_id,
                col,
                ~np.isfinite(col) | (col < 0),
                f"cost {name!r}",
                "a finite number >= 0",
            )
            col.flags.writeable = False
            frozen_costs[name] = col
        self.costs: Mapping[str, FloatArray] = MappingProxyType(frozen_costs)
        units = dict(cost_units or {})
        extra = set(units) - set(frozen_costs)
        if extra:
            msg = f"cost_units: no cost named {sorted(extra)}"
            raise DataError(msg)
        self.cost_units: Mapping[str, str] = MappingProxyType(
            {name: units.get(name, "") for name in frozen_costs}
        )
        self.end_costs: Mapping[str, FloatArray] = _end_costs(end_costs, frozen_costs, nv)

    # ------------------------------------------------------------------ construction

    @classmethod
    def from_edges(
        cls,
        source: Iterable[Any],
        target: Iterable[Any],
        costs: Mapping[str, npt.ArrayLike] | None = None,
        *,
        node_ids: Iterable[Any] | None = None,
        nodes: Mapping[str, Any] | None = None,
        edge_ids: Iterable[Any] | None = None,
        edges: Mapping[str, Any] | None = None,
        cost_units: Mapping[str, str] | None = None,
        directed: bool = True,
    ) -> Network:
        """Build a network from plain edge lists: any graph, any numeric cost columns.

        Parameters
        ----------
        source, target
            Node ids (anything ``str()`` turns into a unique id) of each edge's ends.
        costs
            Cost columns by name, each aligned with the edges; non-negative and finite.
        node_ids
            Every node id, in the order wanted (lets isolated nodes exist); by default the ids
            met in ``source`` and ``target``, in order of first appearance.
        nodes
            Node attributes aligned with ``node_ids`` (see :class:`Network`).
        edge_ids
            Edge ids (default ``e0``, ``e1``, …); kept on both directions when undirected.
        edges
            Edge attributes aligned with the edges (see :class:`Network`).
        cost_units
            Unit of each cost column.
        directed
            When False, every edge is added in both directions with the same attributes.

        Returns
        -------
        Network
            One vertex per node; edge ``k`` of the result is the ``k``-th in source order.

        Raises
        ------
        DataError
            Misaligned columns, an edge end missing from ``node_ids``, or a bad cost.

        Examples
        --------
        >>> net = Network.from_edges([1, 2], [2, 3], {"km": [10.0, 20.0]}, directed=False)
        >>> net.n_edges, net.node_ids.tolist()
        (4, ['1', '2', '3'])
        >>> net.edge_id.tolist()  # sorted by source: 1->2, 2->3, 2->1, 3->2
        ['e0', 'e1', 'e0', 'e1']
        """
        src = [str(s) for s in source]
        tgt = [str(t) for t in target]
        if len(src) != len(tgt):
            msg = f"from_edges: {len(src)} sources but {len(tgt)} targets"
            raise DataError(msg)
        ids = list(dict.fromkeys([*src, *tgt])) if node_ids is None else [str(i) for i in node_ids]
        index = {node_id: i for i, node_id in enumerate(ids)}
        try:
            s = np.array([index[x] for x in src], dtype=np.int64)
            t = np.array([index[x] for x in tgt], dtype=np.int64)
        except KeyError as exc:
            msg = f"from_edges: edge end {exc.args[0]!r} is not in node_ids"
            raise DataError(msg) from None
        m = len(src)
        eids = (
            np.char.add("e", np.arange(m).astype(np.str_))
            if edge_ids is None
            else np.asarray([str(e) for e in edge_ids], dtype=np.str_)
        )
        cost_cols = {k: np.asarray(v, dtype=np.float64) for k, v in (costs or {}).items()}
        attr_cols = {k: np.asarray(v) for k, v in (edges or {}).items()}
        if not directed:
            s, t = np.concatenate([s, t]), np.concatenate([t, s])
            eids = np.concatenate([eids, eids])
            cost_cols = {k: np.concatenate([v, v]) for k, v in cost_cols.items()}
            attr_cols = {k: np.concatenate([v, v]) for k, v in attr_cols.items()}
        return cls(
            node_ids=ids,
            nodes=nodes,
            edge_source=s,
            edge_target=t,
            edge_id=eids,
            edges=attr_cols,
            costs=cost_cols,
            cost_units=cost_units,
        )

    # ------------------------------------------------------------------ sizes and lookups

    @property
    def n_nodes(self) -> int:
        """Number of nodes (places)."""
        return int(self.node_ids.shape[0])

    @property
    def n_vertices(self) -> int:
        """Number of routing vertices (node sides)."""
        return int(self.vertex_node.shape[0])

    @property
    def n_edges(self) -> int:
        """Number of directed edges."""
        return int(self.edge_source.shape[0])

    @property
    def vertex_mode(self) -> StrArray:
        """Mode of each vertex's side: ``rail`` for ``rail-1520``, else the side itself.

        Examples
        --------
        >>> net = Network.from_edges(["a"], ["b"])
        >>> net.vertex_mode.tolist()
        ['', '']
        """
        return np.char.partition(self.vertex_side.astype(np.str_), "-")[:, 0]

    def __repr__(self) -> str:
        """Return the sizes and cost names, e.g. ``Network(3 nodes, 3 vertices, 2 edges, ...)``."""
        return (
            f"Network({self.n_nodes} nodes, {self.n_vertices} vertices, {self.n_edges} edges, "
            f"costs={list(self.costs)})"
        )

    def node_index(self, node_id: str) -> int:
        """Return the number of the node with id ``node_id``.

        Raises
        ------
        NotFoundError
            No node has that id.

        Examples
        --------
        >>> Network.from_edges(["x"], ["y"]).node_index("y")
        1
        """
        try:
            return self._index[str(node_id)]
        except KeyError:
            msg = f"node {node_id!r} is not in the network ({self.n_nodes} nodes)"
            raise NotFoundError(msg) from None

    def node_vertices(self, node: int | str) -> IntArray:
        """Vertex numbers of a node (given by number or id), in vertex order.

        Examples
        --------
        >>> Network.from_edges(["x"], ["y"]).node_vertices("y").tolist()
        [1]
        """
        i = self.node_index(node) if isinstance(node, str) else int(node)
        if not 0 <= i < self.n_nodes:
            msg = f"node number {i} is out of range [0, {self.n_nodes})"
            raise NotFoundError(msg)
        found = self._node_vorder[self._node_vptr[i] : self._node_vptr[i + 1]]
        return np.sort(found).astype(np.int64)

    def vertex_label(self, vertex: int) -> str:
        """``node_id`` for a single-sided node, else ``node_id@side``.

        Examples
        --------
        >>> Network.from_edges(["x"], ["y"]).vertex_label(0)
        'x'
        """
        node = int(self.vertex_node[vertex])
        side = str(self.vertex_side[vertex])
        return str(self.node_ids[node]) if not side else f"{self.node_ids[node]}@{side}"

    def node_columns(self) -> dict[str, npt.NDArray[Any]]:
        """Every node attribute column by name (:data:`~eurasia.corridors.network.codes.NODE_ATTRIBUTES`).

        Examples
        --------
        >>> net = Network.from_edges(["a"], ["b"], nodes={"country": ["KZ", "CN"]})
        >>> net.node_columns()["country"].tolist(), list(net.node_columns())[-2:]
        (['KZ', 'CN'], ['lon', 'lat'])
        """
        return {name: getattr(self, f"node_{name}") for name in NODE_ATTRIBUTES}

    def node(self, node: int | str) -> Node:
        """Return the :class:`Node` record of a node given by number or id.

        Examples
        --------
        >>> Network.from_edges(["x"], ["y"]).node("x").name
        'x'
        """
        i = self.node_index(node) if isinstance(node, str) else int(node)
        aliases = str(self.node_aliases[i])
        return Node(
            id=str(self.node_ids[i]),
            name=str(self.node_name[i]),
            country=str(self.node_country[i]),
            kind=str(self.node_kind[i]),
            lon=float(self.node_lon[i]),
            lat=float(self.node_lat[i]),
            name_ru=str(self.node_name_ru[i]),
            name_kk=str(self.node_name_kk[i]),
            name_local=str(self.node_name_local[i]),
            aliases=tuple(aliases.split("|")) if aliases else (),
        )

    def edges_of(self, edge_id: str) -> IntArray:
        """Edge numbers carrying ``edge_id`` (both directions of a link).

        Raises
        ------
        NotFoundError
            No edge has that id.

        Examples
        --------
        >>> Network.from_edges(["x"], ["y"], directed=False).edges_of("e0").tolist()
        [0, 1]
        """
        found = np.flatnonzero(self.edge_id == edge_id)
        if not found.size:
            msg = f"edge {edge_id!r} is not in the network"
            raise NotFoundError(msg)
        return found.astype(np.int64)

    # ------------------------------------------------------------------ views (see views.py)

    def select_edges(self, keep: npt.ArrayLike) -> Network:
        """Only the edges where ``keep`` is true: :func:`~eurasia.corridors.network.views.select_edges`."""
        return views.select_edges(self, keep)

    def by_mode(self, *modes: str) -> Network:
        """Only links of ``modes`` and their transfers: :func:`~eurasia.corridors.network.views.by_mode`."""
        return views.by_mode(self, *modes)

    def by_corridor(self, *corridors: str) -> Network:
        """Only links of ``corridors``: :func:`~eurasia.corridors.network.views.by_corridor`."""
        return views.by_corridor(self, *corridors)

    def by_country(self, *countries: str) -> Network:
        """Only edges within ``countries``: :func:`~eurasia.corridors.network.views.by_country`."""
        return views.by_country(self, *countries)

    def excluding_countries(self, *countries: str) -> Network:
        """No edge touching ``countries``: :func:`~eurasia.corridors.network.views.excluding_countries`."""
        return views.excluding_countries(self, *countries)

    def as_of(self, year: int) -> Network:
        """Return the network in operation in ``year``: :func:`~eurasia.corridors.network.views.as_of`."""
        return views.as_of(self, year)

    def without(self, *, nodes: Iterable[str] = (), edges: Iterable[str] = ()) -> Network:
        """Drop edges and nodes by id: :func:`~eurasia.corridors.network.views.without`."""
        return views.without(self, nodes=nodes, edges=edges)

    def per_tonne(self, *, tonnes_per_teu: float = TONNES_PER_TEU) -> Network:
        """``…/TEU`` costs as ``…/t``: :func:`~eurasia.corridors.network.views.per_tonne`."""
        return views.per_tonne(self, tonnes_per_teu=tonnes_per_teu)

    # ------------------------------------------------------------------ exports

    def to_scipy(self, cost: str) -> scipy.sparse.csr_matrix:
        """Return the ``n_vertices`` square CSR matrix of one cost, for ``scipy.sparse.csgraph``.

        Parallel edges are reduced to the cheapest; zero costs stay explicit edges.

        Raises
        ------
        NotFoundError
            No cost has that name.

        Examples
        --------
        >>> net = Network.from_edges(["a", "a"], ["b", "b"], {"h": [3.0, 1.0]})
        >>> net.to_scipy("h").toarray().tolist()
        [[0.0, 1.0], [0.0, 0.0]]
        """
        import scipy.sparse

        weights = self.cost(cost)
        src, tgt = self.edge_source, self.edge_target
        order = np.lexsort((weights, tgt, src))
        first = np.ones(order.size, dtype=bool)
        first[1:] = (src[order][1:] != src[order][:-1]) | (tgt[order][1:] != tgt[order][:-1])
        keep = order[first]
        keep.sort()
        indptr = np.searchsorted(src[keep], np.arange(self.n_vertices + 1))
        shape = (self.n_vertices, self.n_vertices)
        return scipy.sparse.csr_matrix((weights[keep], tgt[keep], indptr), shape=shape)

    def cost(self, name: str) -> FloatArray:
        """Return the per-edge cost array ``name``.

        Raises
        ------
        NotFoundError
            No cost has that name (the message lists those that exist).

        Examples
        --------
        >>> Network.from_edges(["a"], ["b"], {"km": [4.0]}).cost("km").tolist()
        [4.0]
        """
        try:
            return self.costs[name]
        except KeyError:
            msg = f"cost {name!r} is not in the network; costs: {sorted(self.costs)}"
            raise NotFoundError(msg) from None

    def to_networkx(self) -> nx.MultiDiGraph:
        """Return a ``networkx.MultiDiGraph`` over vertices (labelled by :meth:`vertex_label`).

        Vertex attributes: ``node`` (node id), ``side``, ``name``, ``country``, ``kind``,
        ``lon``, ``lat``. Edge keys are edge ids; attributes are every edge field (BPR
        parameters NaN where not given) and cost.

        Examples
        --------
        >>> g = Network.from_edges(["a"], ["b"], {"km": [4.0]}).to_networkx()
        >>> g.edges["a", "b", "e0"]["km"]
        4.0
        """
        import networkx as nx

        graph = nx.MultiDiGraph()
        labels = [self.vertex_label(v) for v in range(self.n_vertices)]
        for v, label in enumerate(labels):
            place = self.node(int(self.vertex_node[v]))
            graph.add_node(
                label,
                node=place.id,
                side=str(self.vertex_side[v]),
                name=place.name,
                country=place.country,
                kind=place.kind,
                lon=place.lon,
                lat=place.lat,
            )
        str_fields = {f: getattr(self, f"edge_{f}").tolist() for f in _EDGE_STR}
        int_fields = {f: getattr(self, f"edge_{f}").tolist() for f in ("gauge", "opening_year")}
        capacity = self.edge_capacity.tolist()
        bpr = {f: getattr(self, f"edge_{f}").tolist() for f in ("bpr_alpha", "bpr_beta")}
        cost_lists = {name: col.tolist() for name, col in self.costs.items()}
        ids = self.edge_id.tolist()
        for k, (s, t) in enumerate(
            zip(self.edge_source.tolist(), self.edge_target.tolist(), strict=True)
        ):
            attrs: dict[str, Any] = {f: col[k] for f, col in str_fields.items()}
            attrs.update({f: col[k] for f, col in int_fields.items()})
            attrs["capacity"] = capacity[k]
            attrs.update({f: col[k] for f, col in bpr.items()})
            attrs.update({name: col[k] for name, col in cost_lists.items()})
            graph.add_edge(labels[s], labels[t], key=ids[k], **attrs)
        return graph
