"""Network exports: data frames, GeoJSON, GeoPackage, GraphML, and :func:`export` by format name."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from eurasia.corridors.io.geojson import collection, feature, link_geometry, node_point
from eurasia.corridors.io.tntp_network import write_tntp
from eurasia.corridors.network.model import Network
from eurasia.errors import DataError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "EXPORT_FORMATS",
    "export",
    "to_dataframes",
    "to_geojson",
    "write_geojson",
    "write_gpkg",
    "write_graphml",
]


#: Formats :func:`export` writes.
EXPORT_FORMATS = ("geojson", "gpkg", "tntp", "graphml")


def to_dataframes(network: Network) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two DataFrames: nodes (index ``id``) and edges (one row an edge, every field and cost).

    Examples
    --------
    >>> nodes, edges = to_dataframes(Network.from_edges(["a"], ["b"], {"km": [3.0]}))
    >>> nodes.index.tolist(), edges[["source", "target", "km"]].values.tolist()
    (['a', 'b'], [['a', 'b', 3.0]])
    """
    import pandas as pd

    nodes = pd.DataFrame(
        {
            "id": network.node_ids,
            **network.node_columns(),
        }
    ).set_index("id")
    labels = np.array([network.vertex_label(v) for v in range(network.n_vertices)], dtype=object)
    edges = pd.DataFrame(
        {
            "id": network.edge_id,
            "source": labels[network.edge_source],
            "target": labels[network.edge_target],
            "source_node": network.node_ids[network.vertex_node[network.edge_source]],
            "target_node": network.node_ids[network.vertex_node[network.edge_target]],
            "kind": network.edge_kind,
            "mode": network.edge_mode,
            "transfer": network.edge_transfer,
            "gauge": network.edge_gauge,
            "country": network.edge_country,
            "country_to": network.edge_country_to,
            "status": network.edge_status,
            "opening_year": network.edge_opening_year,
            "corridors": network.edge_corridors,
            "capacity": network.edge_capacity,
            "bpr_alpha": network.edge_bpr_alpha,
            "bpr_beta": network.edge_bpr_beta,
            **dict(network.costs.items()),
        }
    )
    return nodes, edges


def to_geojson(network: Network) -> dict[str, Any]:
    """Return a FeatureCollection.

    Nodes as Points, each link as one LineString, each transfer as a Point at its node
    (``feature_type`` tells which); links carry their costs one way.

    Examples
    --------
    >>> fc = to_geojson(Network.from_edges(["a"], ["b"], {"km": [3.0]},
    ...                 nodes={"lon": [0, 1], "lat": [0, 1]}, directed=False))
    >>> [f["properties"]["feature_type"] for f in fc["features"]]
    ['node', 'node', 'link']
    """
    features: list[dict[str, Any]] = []
    nodes, edges = to_dataframes(network)
    for i, (node_id, row) in enumerate(nodes.iterrows()):
        props = {
            "feature_type": "node",
            "id": node_id,
            **_plain({str(k): v for k, v in row.to_dict().items()}),
        }
        props.pop("lon"), props.pop("lat")
        features.append(feature(node_point(network, i), props, fid=str(node_id)))
    for k, row in edges.drop_duplicates("id").iterrows():
        props = {
            "feature_type": str(row["kind"]),
            **_plain({str(k): v for k, v in row.to_dict().items()}),
        }
        features.append(feature(link_geometry(network, int(str(k))), props, fid=str(row["id"])))
    return collection(features)


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, np.generic):
            value = value.item()
        if isinstance(value, float) and not math.isfinite(value):
            value = None
        out[str(key)] = value
    return out


def write_geojson(network: Network, path: str | Path) -> Path:
    """Write :func:`to_geojson` to ``path`` (UTF-8)."""
    path = Path(path)
    path.write_text(json.dumps(to_geojson(network), ensure_ascii=False), encoding="utf-8")
    return path


def write_gpkg(network: Network, path: str | Path) -> Path:
    """Write a GeoPackage with layers ``nodes`` (points) and ``links`` (lines, one way).

    Needs the ``geo`` extra (geopandas, pyogrio, shapely).

    Raises
    ------
    DataError
        geopandas is not installed.
    """
    try:
        import geopandas as gpd
        from shapely.geometry import LineString, Point
    except ImportError as exc:  # pragma: no cover - the geo extra is installed in development
        msg = f"GeoPackage export needs the 'geo' extra: pip install 'eurasia[geo]' ({exc})"
        raise DataError(msg) from None
    path = Path(path)
    if path.exists():
        path.unlink()
    nodes, edges = to_dataframes(network)
    points = [Point(x, y) for x, y in zip(nodes["lon"], nodes["lat"], strict=True)]
    gpd.GeoDataFrame(nodes.reset_index(), geometry=points, crs="EPSG:4326").to_file(
        path, layer="nodes", driver="GPKG"
    )
    links = edges[edges["kind"] == "link"].drop_duplicates("id")
    a = network.vertex_node[network.edge_source[links.index.to_numpy()]]
    b = network.vertex_node[network.edge_target[links.index.to_numpy()]]
    lon, lat = network.node_lon, network.node_lat
    lines = [LineString([(lon[i], lat[i]), (lon[j], lat[j])]) for i, j in zip(a, b, strict=True)]
    gpd.GeoDataFrame(links.reset_index(drop=True), geometry=lines, crs="EPSG:4326").to_file(
        path, layer="links", driver="GPKG"
    )
    return path


def write_graphml(network: Network, path: str | Path) -> Path:
    """Write the :meth:`Network.to_networkx` graph as GraphML."""
    import networkx as nx

    path = Path(path)
    graph = network.to_networkx()
    for _, _, data in graph.edges(data=True):
        for key, value in data.items():
            if isinstance(value, float) and math.isinf(value):
                data[key] = -1.0 if key == "capacity" else value
    nx.write_graphml(graph, path)
    return path


def export(network: Network, fmt: str, out: str | Path) -> list[Path]:
    """Write ``network`` as ``fmt`` (one of :data:`EXPORT_FORMATS`) to ``out``.

    For ``tntp``, ``out`` is a folder or a ``*_net.tntp`` path (its stem names both files).

    Raises
    ------
    DataError
        Unknown format.
    """
    out = Path(out)
    if fmt == "geojson":
        return [write_geojson(network, out)]
    if fmt == "gpkg":
        return [write_gpkg(network, out)]
    if fmt == "graphml":
        return [write_graphml(network, out)]
    if fmt == "tntp":
        if out.suffix == ".tntp":
            return write_tntp(network, out.parent, name=out.stem.removesuffix("_net"))
        return write_tntp(network, out)
    msg = f"export format {fmt!r}: expected one of {list(EXPORT_FORMATS)}"
    raise DataError(msg)
