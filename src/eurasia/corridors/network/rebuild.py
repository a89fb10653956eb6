"""A copy of a network with some edge values replaced or edges added (vertex numbers unchanged).

Used by scenarios (changes, new lines), service levels and harmonisation rules.

Examples
--------
>>> net = Network.from_edges(["a"], ["b"], {"hours": [2.0]})
>>> with_edges(net, costs={"hours": np.array([5.0])}).costs["hours"].tolist()
[5.0]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from eurasia.corridors.network.model import Network

__all__ = ["with_edges"]

FloatArray = npt.NDArray[np.float64]


def with_edges(
    network: Network,
    *,
    capacity: FloatArray | None = None,
    bpr: Mapping[str, FloatArray] | None = None,
    costs: Mapping[str, FloatArray] | None = None,
    extra: Mapping[str, Any] | None = None,
    end_costs: Mapping[str, FloatArray] | None = None,
) -> Network:
    """Return a copy of ``network`` with replaced capacities, BPR parameters or costs.

    ``extra`` edges, when given, are added; ``end_costs`` (per vertex) replace the network's.
    """
    bpr = dict(bpr or {})
    n_extra = 0 if extra is None else len(extra["source"])
    node_attrs = network.node_columns()

    def cat(values: Any, name: str) -> Any:
        if not n_extra or extra is None:
            return values
        return np.concatenate([np.asarray(values), np.asarray(extra[name])])

    edge_attrs = {
        "kind": cat(network.edge_kind, "kind"),
        "mode": cat(network.edge_mode, "mode"),
        "transfer": cat(network.edge_transfer, "transfer"),
        "country": cat(network.edge_country, "country"),
        "country_to": cat(network.edge_country_to, "country_to"),
        "status": cat(network.edge_status, "status"),
        "corridors": cat(network.edge_corridors, "corridors"),
        "gauge": cat(network.edge_gauge, "gauge"),
        "opening_year": cat(network.edge_opening_year, "opening_year"),
        "capacity": cat(network.edge_capacity if capacity is None else capacity, "capacity"),
        "capacity_basis": cat(network.edge_capacity_basis, "capacity_basis"),
        "bpr_alpha": cat(bpr.get("bpr_alpha", network.edge_bpr_alpha), "bpr_alpha"),
        "bpr_beta": cat(bpr.get("bpr_beta", network.edge_bpr_beta), "bpr_beta"),
    }
    new_costs = {}
    for name, values in network.costs.items():
        base = values if costs is None or name not in costs else costs[name]
        new_costs[name] = cat(base, f"cost:{name}")
    return Network(
        node_ids=network.node_ids,
        nodes=node_attrs,
        vertex_node=network.vertex_node,
        vertex_side=network.vertex_side,
        edge_source=cat(network.edge_source, "source"),
        edge_target=cat(network.edge_target, "target"),
        edge_id=cat(network.edge_id, "id"),
        edges=edge_attrs,
        costs=new_costs,
        cost_units=dict(network.cost_units),
        end_costs=network.end_costs if end_costs is None else end_costs,
    )
