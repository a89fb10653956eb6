"""The network dataset format (GeoJSON + CSV): read, checked, turned into a network, written.

Exports to other formats live in :mod:`eurasia.corridors.io.export` and
:mod:`eurasia.corridors.io.tntp_network`.

The dataset format (the bundled one lives in ``eurasia/corridors/data``, CC BY 4.0) is a folder:

=====================  ======================================================================
file                   content
=====================  ======================================================================
``nodes.geojson``      Point features (or ``nodes.csv`` with ``lon``/``lat`` columns): ``id``,
                       ``name``, ``name_ru``, ``name_kk``, ``name_local``, ``aliases`` (``|``),
                       ``country`` (ISO alpha-2), ``kind``, ``geonameid``, ``coord_source``
``links.csv``          one two-way link a row (or ``links.geojson`` with LineString
                       geometry): ``id``, ``from``, ``to``, ``mode``, ``gauge_mm``, optional
                       ``length_km``, ``speed_kmd``, ``capacity_mt``, ``border_hours[_low|_high]``,
                       ``risk_hours`` (each with its ``*_source``), ``bpr_alpha`` and
                       ``bpr_beta`` (with ``bpr_source``), ``status``, ``opening_year``,
                       ``status_source``, ``corridors`` (``|``), ``note``
``transfers.csv``      gauge changes, port calls and mode changes inside a node (with
                       optional ``capacity_mt``, ``bpr_alpha``, ``bpr_beta``)
``services.csv``       ferry and sea services with ``frequency_per_week`` and/or
                       ``capacity_mt`` (each with its ``*_source``)
``sources.csv``        ``id``, ``title``, ``publisher``, ``year``, ``url``, ``note``
``parameters.csv``     defaults by quantity, mode and country (the bundled one if absent)
=====================  ======================================================================

Examples
--------
>>> net = load_network()
>>> net.n_nodes >= 150 and len(set(net.node_country.tolist())) >= 15
True
>>> sorted(net.costs)[:4]
['co2_kg', 'hours', 'hours_border', 'hours_high']
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from eurasia.corridors.network.codes import NODE_ATTRIBUTES, SIDES, side_of
from eurasia.corridors.network.costs import COST_UNITS, edge_costs, end_costs
from eurasia.corridors.network.model import Network
from eurasia.corridors.network.records import Dataset, RawRow
from eurasia.corridors.network.validation import check_dataset
from eurasia.errors import DataError

__all__ = [
    "bundled_data_dir",
    "load_network",
    "network_from_dataset",
    "read_csv_rows",
    "read_dataset",
    "read_geojson_rows",
    "write_dataset",
]


_NODE_COLUMNS = [
    "id",
    "name",
    "name_ru",
    "name_kk",
    "name_local",
    "aliases",
    "country",
    "kind",
    "lon",
    "lat",
    "geonameid",
    "coord_source",
]


_LINK_COLUMNS = [
    "id",
    "from",
    "to",
    "mode",
    "gauge_mm",
    "length_km",
    "length_source",
    "speed_kmd",
    "speed_source",
    "capacity_mt",
    "capacity_source",
    "status",
    "opening_year",
    "status_source",
    "corridors",
    "border_hours_low",
    "border_hours",
    "border_hours_high",
    "border_source",
    "risk_hours",
    "risk_source",
    "tariff_usd_low",
    "tariff_usd",
    "tariff_usd_high",
    "tariff_source",
    "bpr_alpha",
    "bpr_beta",
    "bpr_source",
    "tracks",
    "electrified",
    "track_source",
    "note",
]


_TRANSFER_COLUMNS = [
    "id",
    "node",
    "from_side",
    "to_side",
    "type",
    "hours_low",
    "hours",
    "hours_high",
    "hours_source",
    "usd_low",
    "usd",
    "usd_high",
    "usd_source",
    "capacity_mt",
    "capacity_source",
    "status",
    "opening_year",
    "status_source",
    "bpr_alpha",
    "bpr_beta",
    "bpr_source",
    "note",
]


_SERVICE_COLUMNS = [
    "id",
    "link",
    "operator",
    "frequency_per_week",
    "frequency_source",
    "capacity_mt",
    "capacity_source",
    "note",
]


_SOURCE_COLUMNS = ["id", "title", "publisher", "year", "url", "note"]


_PARAMETER_COLUMNS = ["name", "mode", "scope", "low", "central", "high", "unit", "source", "note"]


_REQUIRED = {
    "nodes": ("id", "name", "country", "kind"),
    "links": ("id", "from", "to", "mode"),
    "transfers": ("id", "node", "from_side", "to_side", "type", "hours", "usd"),
    "services": ("id", "link", "frequency_per_week"),
    "sources": ("id", "title", "publisher", "year", "url"),
    "parameters": ("name", "mode", "scope", "low", "central", "high"),
}


def bundled_data_dir() -> Path:
    """Folder of the bundled network dataset."""
    return Path(__file__).resolve().parents[1] / "data"


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        msg = f"{path}: no such file"
        raise DataError(msg) from None
    except OSError as exc:
        msg = f"{path}: cannot be read ({exc.strerror})"
        raise DataError(msg) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        msg = (
            f"{path} line {line}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset "
            f"{exc.start}); save the file as UTF-8"
        )
        raise DataError(msg) from None


def read_csv_rows(path: str | Path, *, required: Sequence[str] = ()) -> list[RawRow]:
    r"""Rows of a UTF-8 CSV file with a header line, each tagged ``<file> line <n>``.

    Raises
    ------
    DataError
        Missing file, not UTF-8, malformed CSV, an empty file, a missing required column, or a
        row with more cells than the header.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.csv"
    >>> _ = p.write_text("id,name\na,A\n")
    >>> [(r.where, dict(r.fields)) for r in read_csv_rows(p)]
    [('x.csv line 2', {'id': 'a', 'name': 'A'})]
    """
    path = Path(path)
    text = _read_text(path)
    reader = csv.reader(text.splitlines())
    try:
        rows = list(reader)
    except csv.Error as exc:
        msg = f"{path} line {reader.line_num}: malformed CSV ({exc})"
        raise DataError(msg) from None
    if not rows:
        msg = f"{path}: empty file, expected a header line"
        raise DataError(msg)
    header = [h.strip() for h in rows[0]]
    missing = [c for c in required if c not in header]
    if missing:
        msg = f"{path} line 1: missing column(s) {missing}; header is {header}"
        raise DataError(msg)
    out = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            msg = f"{path.name} line {number}: {len(cells)} cells but the header has {len(header)}"
            raise DataError(msg)
        cells += [""] * (len(header) - len(cells))  # a short row: its last cells are empty
        fields = dict(zip(header, cells, strict=True))
        out.append(RawRow(where=f"{path.name} line {number}", fields=fields))
    return out


def _coord_text(value: Any) -> str:
    return repr(float(value)) if isinstance(value, int | float) else str(value)


def read_geojson_rows(
    path: str | Path, *, geometry: str, required: Sequence[str] = ()
) -> list[RawRow]:
    """Features of a GeoJSON FeatureCollection as rows (properties as strings).

    ``geometry`` is ``"Point"`` (coordinates become the ``lon`` / ``lat`` fields) or
    ``"LineString"`` (kept as the row's geometry). Rows are tagged ``<file> feature <id>``.

    Raises
    ------
    DataError
        Not UTF-8, not JSON (with line and column), not a FeatureCollection, a feature
        without properties, a wrong geometry type or a missing required property.
    """
    path = Path(path)
    text = _read_text(path)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        msg = f"{path} line {exc.lineno} column {exc.colno}: not valid JSON ({exc.msg})"
        raise DataError(msg) from None
    except RecursionError:
        msg = f"{path}: JSON nested too deeply to be GeoJSON"
        raise DataError(msg) from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        msg = f"{path}: expected a GeoJSON FeatureCollection"
        raise DataError(msg)
    features = doc.get("features")
    if not isinstance(features, list):
        msg = f"{path}: 'features' must be a list"
        raise DataError(msg)
    out = []
    for k, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            msg = f"{path.name} feature #{k}: expected an object with 'properties'"
            raise DataError(msg)
        label = props.get("id") or f"#{k}"
        where = f"{path.name} feature {label}"
        missing = [c for c in required if c not in props]
        if missing:
            msg = f"{where}: missing propert{'y' if len(missing) == 1 else 'ies'} {missing}"
            raise DataError(msg)
        fields = {key: "" if value is None else str(value) for key, value in props.items()}
        geom = feature.get("geometry")
        if not isinstance(geom, dict) or geom.get("type") != geometry:
            got = geom.get("type") if isinstance(geom, dict) else geom
            msg = f"{where}, field 'geometry': expected a {geometry}, got {got!r}"
            raise DataError(msg)
        coords: Any = geom.get("coordinates")
        line: tuple[tuple[float, float], ...] = ()
        try:
            if geometry == "Point":
                fields["lon"], fields["lat"] = (_coord_text(c) for c in coords[:2])
            else:
                line = tuple((float(x), float(y)) for x, y, *_ in coords)
        except (TypeError, ValueError, IndexError):
            msg = f"{where}, field 'geometry': malformed {geometry} coordinates {coords!r}"
            raise DataError(msg) from None
        out.append(RawRow(where=where, fields=fields, geometry=line))
    return out


def _pick(folder: Path, stem: str, *, geometry: str, required: bool) -> list[RawRow]:
    geo, table = folder / f"{stem}.geojson", folder / f"{stem}.csv"
    if geo.exists() and table.exists():
        msg = f"{folder}: both {geo.name} and {table.name} exist; keep one"
        raise DataError(msg)
    if geo.exists():
        return read_geojson_rows(geo, geometry=geometry, required=_REQUIRED[stem])
    if table.exists() or required:
        return read_csv_rows(table, required=_REQUIRED[stem])
    return []


def read_dataset(path: str | Path | None = None) -> Dataset:
    """Read and check a network dataset folder (default: the bundled one).

    Parameters
    ----------
    path
        Folder holding ``nodes.geojson`` (or ``nodes.csv``), ``links.csv`` (or
        ``links.geojson``), ``sources.csv`` and optionally ``transfers.csv``,
        ``services.csv`` and ``parameters.csv`` (the bundled parameters when absent).

    Returns
    -------
    Dataset

    Raises
    ------
    DataError
        Naming file, line or feature and field for every problem; nothing is returned then.

    Examples
    --------
    >>> ds = read_dataset()
    >>> len(ds.nodes) >= 150, len(ds.components)
    (True, 1)
    """
    folder = bundled_data_dir() if path is None else Path(path)
    if not folder.is_dir():
        msg = f"{folder}: not a folder with a network dataset"
        raise DataError(msg)
    params = folder / "parameters.csv"
    sources = read_csv_rows(folder / "sources.csv", required=_REQUIRED["sources"])
    if not params.exists():
        # The bundled parameters cite the bundled sources: bring those the folder lacks.
        params = bundled_data_dir() / "parameters.csv"
        have = {row.fields.get("id", "") for row in sources}
        bundled = read_csv_rows(bundled_data_dir() / "sources.csv")
        sources += [row for row in bundled if row.fields.get("id", "") not in have]
    return check_dataset(
        sources=sources,
        nodes=_pick(folder, "nodes", geometry="Point", required=True),
        links=_pick(folder, "links", geometry="LineString", required=True),
        transfers=_pick(folder, "transfers", geometry="Point", required=False),
        services=_pick(folder, "services", geometry="Point", required=False),
        parameters=read_csv_rows(params, required=_REQUIRED["parameters"]),
    )


def network_from_dataset(dataset: Dataset) -> Network:
    """Assemble the routing network: one vertex a node side, two edges a link or transfer.

    Examples
    --------
    >>> net = network_from_dataset(read_dataset())
    >>> [str(net.vertex_side[v]) for v in net.node_vertices("kz-dostyk")]
    ['rail-1520', 'rail-1435']
    """
    costs = edge_costs(dataset)
    sides: dict[str, set[str]] = {n.id: set() for n in dataset.nodes}
    for link in dataset.links:
        side = side_of(link.mode, link.gauge_mm)
        sides[link.source].add(side)
        sides[link.target].add(side)
    vertex_node: list[int] = []
    vertex_side: list[str] = []
    vertex_of: dict[tuple[str, str], int] = {}
    for i, node in enumerate(dataset.nodes):
        for side in [s for s in SIDES if s in sides[node.id]] or [""]:
            vertex_of[node.id, side] = len(vertex_node)
            vertex_node.append(i)
            vertex_side.append(side)
    src: list[int] = []
    tgt: list[int] = []
    attrs: dict[str, list[Any]] = {
        k: [] for k in ("kind", "mode", "transfer", "gauge", "status", "opening_year", "corridors")
    }
    ids: list[str] = []
    for link in dataset.links:
        side = side_of(link.mode, link.gauge_mm)
        a, b = vertex_of[link.source, side], vertex_of[link.target, side]
        src += [a, b]
        tgt += [b, a]
        ids += [link.id, link.id]
        values: tuple[Any, ...] = ("link", link.mode, "", link.gauge_mm, link.status)
        values += (link.opening_year,)
        for key, value in zip(attrs, values, strict=False):
            attrs[key] += [value, value]
        attrs["corridors"] += ["|".join(link.corridors)] * 2
    for t in dataset.transfers:
        a, b = vertex_of[t.node, t.from_side], vertex_of[t.node, t.to_side]
        src += [a, b]
        tgt += [b, a]
        ids += [t.id, t.id]
        values = ("transfer", "transfer", t.type, 0, t.status, t.opening_year, "")
        for key, value in zip(attrs, values, strict=True):
            attrs[key] += [value, value]
    cost_cols = {
        name: np.repeat(np.concatenate([costs.link_costs[name], costs.transfer_costs[name]]), 2)
        for name in COST_UNITS
    }
    capacity = np.repeat(np.concatenate([costs.link_capacity, costs.transfer_capacity]), 2)
    basis = np.repeat(
        np.asarray(costs.link_capacity_basis + costs.transfer_capacity_basis, dtype=np.str_), 2
    )
    bpr = {
        f"bpr_{key}": np.repeat(
            np.concatenate(
                [getattr(costs, f"link_bpr_{key}"), getattr(costs, f"transfer_bpr_{key}")]
            ),
            2,
        )
        for key in ("alpha", "beta")
    }
    nodes = dataset.nodes
    return Network(
        node_ids=[n.id for n in nodes],
        nodes={
            **{f: [getattr(n, f) for n in nodes] for f in NODE_ATTRIBUTES},
            "aliases": ["|".join(n.aliases) for n in nodes],
        },
        vertex_node=vertex_node,
        vertex_side=vertex_side,
        edge_source=src,
        edge_target=tgt,
        edge_id=ids,
        edges={**attrs, "capacity": capacity, "capacity_basis": basis, **bpr},
        costs=cost_cols,
        cost_units=COST_UNITS,
        end_costs=end_costs(dataset, vertex_node, vertex_side),
    )


@functools.lru_cache(maxsize=1)
def _bundled_network() -> Network:
    return network_from_dataset(read_dataset())


def load_network(path: str | Path | None = None) -> Network:
    """Return the network of a dataset folder; the bundled one (built once, cached) by default.

    Raises
    ------
    DataError
        The dataset has problems (see :func:`read_dataset`).
    """
    if path is None:
        return _bundled_network()
    return network_from_dataset(read_dataset(path))


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return "" if math.isnan(value) else repr(value)
    if isinstance(value, tuple):
        return "|".join(str(v) for v in value)
    return str(value)


def _write_csv(path: Path, columns: Sequence[str], rows: list[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows({c: _fmt(row.get(c)) for c in columns} for row in rows)
    return path


def write_dataset(dataset: Dataset, folder: str | Path) -> list[Path]:
    """Write ``dataset`` in the dataset format (so that :func:`read_dataset` reads it back).

    Links with a geometry go to ``links.geojson``, otherwise to ``links.csv``.

    Examples
    --------
    >>> import tempfile
    >>> out = tempfile.mkdtemp()
    >>> [p.name for p in write_dataset(read_dataset(), out)][:2]
    ['sources.csv', 'nodes.geojson']
    >>> read_dataset(out) == read_dataset()
    True
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = [
        _write_csv(
            folder / "sources.csv",
            _SOURCE_COLUMNS,
            [dataclasses.asdict(s) for s in dataset.sources],
        )
    ]
    features = []
    for n in dataset.nodes:
        props = {c: getattr(n, c) for c in _NODE_COLUMNS if c not in ("lon", "lat")}
        props["aliases"] = "|".join(n.aliases)
        features.append(
            {
                "type": "Feature",
                "id": n.id,
                "geometry": {"type": "Point", "coordinates": [n.lon, n.lat]},
                "properties": props,
            }
        )
    path = folder / "nodes.geojson"
    path.write_text(_feature_collection(features, "nodes"), encoding="utf-8")
    written.append(path)
    link_rows = []
    for x in dataset.links:
        row = {
            **dataclasses.asdict(x),
            "from": x.source,
            "to": x.target,
            "gauge_mm": x.gauge_mm or "",
            "opening_year": x.opening_year or "",
            "electrified": "" if x.electrified is None else ("yes" if x.electrified else "no"),
        }
        for name in ("border_hours", "tariff_usd"):
            value = getattr(x, name)
            if value is not None:
                row.update(
                    {f"{name}_low": value.low, name: value.central, f"{name}_high": value.high}
                )
        link_rows.append(row)
    if any(x.geometry for x in dataset.links):
        feats = [
            {
                "type": "Feature",
                "id": x.id,
                "geometry": {"type": "LineString", "coordinates": [list(p) for p in x.geometry]},
                "properties": {c: _fmt(row.get(c)) for c in _LINK_COLUMNS},
            }
            for x, row in zip(dataset.links, link_rows, strict=True)
        ]
        path = folder / "links.geojson"
        path.write_text(_feature_collection(feats, "links"), encoding="utf-8")
        written.append(path)
    else:
        written.append(_write_csv(folder / "links.csv", _LINK_COLUMNS, link_rows))
    transfer_rows = []
    for t in dataset.transfers:
        row = {**dataclasses.asdict(t), "opening_year": t.opening_year or ""}
        for name in ("hours", "usd"):
            triple = getattr(t, name)
            row.update(
                {f"{name}_low": triple.low, name: triple.central, f"{name}_high": triple.high}
            )
        transfer_rows.append(row)
    written.append(_write_csv(folder / "transfers.csv", _TRANSFER_COLUMNS, transfer_rows))
    written.append(
        _write_csv(
            folder / "services.csv",
            _SERVICE_COLUMNS,
            [dataclasses.asdict(s) for s in dataset.services],
        )
    )
    parameter_rows = [
        {
            **dataclasses.asdict(p),
            "low": p.value.low,
            "central": p.value.central,
            "high": p.value.high,
        }
        for p in dataset.parameters
    ]
    written.append(_write_csv(folder / "parameters.csv", _PARAMETER_COLUMNS, parameter_rows))
    return written


def _feature_collection(features: list[dict[str, Any]], name: str) -> str:
    body = ",\n".join(json.dumps(f, ensure_ascii=False) for f in features)
    head = f'{{"type": "FeatureCollection", "name": "eurasia-{name}", "license": "CC-BY-4.0", '
    return head + f'"features": [\n{body}\n]}}\n'
