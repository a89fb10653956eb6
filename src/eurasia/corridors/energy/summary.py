"""Tables the interfaces show: routes with capacity and spare, expansions, and the map layer.

Examples
--------
>>> from eurasia.corridors.energy.dataset import read_energy_dataset
>>> ds = read_energy_dataset()
>>> row = {r["id"]: r for r in routes_table(ds, 2024)}["kcp-china"]
>>> row["bottleneck"], round(row["spare"], 2)
('kcp-kenkiyak-kumkol', 1.99)
>>> [(e["asset"], e["year_from"], e["capacity"]) for e in expansions(ds)][:2]
[('kcp-atasu-alashankou', 2014, 20.0), ('caspian-tankers', 2024, 2.2)]
>>> layer = energy_geojson(ds, 2024)
>>> layer["type"], len(layer["features"]) > 20
('FeatureCollection', True)
"""

from __future__ import annotations

from typing import Any

from eurasia.errors import DataError

from .allocation import spare_capacity
from .dataset import EnergyDataset
from .units import CANONICAL_UNITS, COMMODITIES, check_commodity

__all__ = ["energy_geojson", "expansions", "routes_table"]


def routes_table(
    ds: EnergyDataset, year: int, *, commodity: str | None = None
) -> list[dict[str, Any]]:
    """One row a route: flow in ``year``, bottleneck asset, its capacity and spare, cost, days.

    The bottleneck is the route's asset with the least spare capacity in ``year``.
    """
    if commodity is not None:
        check_commodity(commodity)
    out: list[dict[str, Any]] = []
    for com in COMMODITIES if commodity is None else (commodity,):
        flows = ds.route_flows(year, com)
        spare = spare_capacity(ds, year, com)
        for route in ds.routes_of(com):
            neck = min(route.assets, key=lambda a: spare.get(a, 0.0))
            out.append(
                {
                    "id": route.id,
                    "name": route.name,
                    "commodity": com,
                    "unit": CANONICAL_UNITS[com],
                    "direction": route.direction,
                    "transit": list(route.transit),
                    "market": route.market,
                    "flow": flows.get(route.id),
                    "bottleneck": neck,
                    "capacity": ds.capacity(neck, year),
                    "spare": spare.get(neck, 0.0),
                    "cost": ds.route_cost(route.id),
                    "cost_low": ds.route_cost(route.id, level="low"),
                    "cost_high": ds.route_cost(route.id, level="high"),
                    "days": ds.route_days(route.id),
                    "ramp_days": ds.route_ramp_days(route.id),
                    "assets": [
                        {"id": a, "name": ds.assets[a].name, "owner": ds.assets[a].owner}
                        for a in route.assets
                    ],
                }
            )
    return out


def expansions(ds: EnergyDataset) -> list[dict[str, Any]]:
    """Capacity changes with their years: every row after an asset's first, and planned rows."""
    out = []
    for asset in ds.assets:
        rows = sorted(
            (c for c in ds.capacities if c.asset == asset), key=lambda c: (c.basis, c.year_from)
        )
        for i, c in enumerate(rows):
            if i == 0 and c.status == "open":
                continue
            out.append(
                {
                    "asset": asset,
                    "name": ds.assets[asset].name,
                    "year_from": c.year_from,
                    "capacity": c.capacity,
                    "unit": CANONICAL_UNITS[ds.assets[asset].commodity],
                    "basis": c.basis,
                    "status": c.status,
                    "source": c.source,
                    "note": c.note,
                }
            )
    return sorted(out, key=lambda e: (e["year_from"], e["asset"]))


def energy_geojson(ds: EnergyDataset, year: int, *, part: str = "all") -> dict[str, Any]:
    """Return the energy layer for the map: assets as lines (load, capacity, spare), nodes as points.

    ``part`` is ``all``, ``assets`` or ``nodes``. Asset features also carry the keys the
    corridors map script reads: ``corridors`` (the commodity, for colouring), ``status`` and
    ``mode`` (the asset kind).

    Raises
    ------
    DataError
        If ``part`` is unknown.
    """
    if part not in ("all", "assets", "nodes"):
        msg = f"part must be all, assets or nodes, got {part!r}"
        raise DataError(msg)
    features: list[dict[str, Any]] = []
    for com in COMMODITIES if part != "nodes" else ():
        flows = ds.route_flows(year, com)
        loads = ds.asset_loads(year, flows)
        spare = spare_capacity(ds, year, com)
        for asset in ds.assets.values():
            if asset.commodity != com:
                continue
            a, b = ds.nodes[asset.from_node], ds.nodes[asset.to_node]
            coords = [[a.lon, a.lat], [b.lon, b.lat]]
            geometry = (
                {"type": "Point", "coordinates": coords[0]}
                if coords[0] == coords[1]
                else {"type": "LineString", "coordinates": coords}
            )
            features.append(
                {
                    "type": "Feature",
                    "geometry": geometry,
                    "properties": {
                        "layer": "asset",
                        "id": asset.id,
                        "name": asset.name,
                        "commodity": com,
                        "kind": asset.kind,
                        "owner": asset.owner,
                        "unit": CANONICAL_UNITS[com],
                        "load": loads.get(asset.id, ds.background_load(asset.id, year)),
                        "capacity": ds.capacity(asset.id, year),
                        "spare": spare.get(asset.id, 0.0),
                        "corridors": [com],
                        "status": "open",
                        "mode": asset.kind,
                    },
                }
            )
    for node in ds.nodes.values() if part != "assets" else ():
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [node.lon, node.lat]},
                "properties": {
                    "layer": "node",
                    "id": node.id,
                    "name": node.name,
                    "kind": node.kind,
                    "country": node.country,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
