"""A path of edges turned into a :class:`~eurasia.corridors.routing.types.Route`: legs, transfers, totals."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from eurasia.corridors.network.model import Network
from eurasia.corridors.routing.query import _Query
from eurasia.corridors.routing.types import Leg, Route, RouteRule, Transfer

__all__ = []


def _sum_costs(net: Network, edges: Sequence[int]) -> dict[str, float]:
    idx = np.asarray(edges, dtype=np.int64)
    return {name: float(col[idx].sum()) for name, col in net.costs.items()}


def _transfer_detail(net: Network, k: int) -> str:
    a = str(net.vertex_side[net.edge_source[k]])
    b = str(net.vertex_side[net.edge_target[k]])
    if a.startswith("rail-") and b.startswith("rail-"):
        return f"{a.removeprefix('rail-')}→{b.removeprefix('rail-')} mm"
    return f"{a or '?'} → {b or '?'}"


_LAND = ("rail", "road", "")  # "" : links of networks that name no mode


def _leg_key(net: Network, k: int) -> tuple[str, int, str]:
    """Links with one key form a leg; sea and ferry legs run across countries."""
    mode = str(net.edge_mode[k])
    country = str(net.edge_country[k]) if mode in _LAND else ""
    return mode, int(net.edge_gauge[k]), country


_BORDER_PARTS = {"hours": "hours_border", "usd": "usd_border"}


_WAIT_PARTS = {"hours": "hours_wait"}


def _event_costs(net: Network, k: int, parts: Mapping[str, str]) -> dict[str, float]:
    """Return what link ``k`` spends in one event: each total column and its part, from ``parts``."""
    out: dict[str, float] = {}
    for total, part in parts.items():
        if total in net.costs and part in net.costs:
            value = float(net.costs[part][k])
            out[total] = out[part] = value
    return out


def _transfer_at(
    net: Network, kind: str, node: int, country: str, detail: str, costs: dict[str, float]
) -> Transfer:
    """Return the :class:`Transfer` event ``kind`` at node number ``node`` (its id and name)."""
    return Transfer(
        kind=kind,
        node=str(net.node_ids[node]),
        name=str(net.node_name[node]),
        country=country,
        detail=detail,
        costs=costs,
    )


def _legs_and_transfers(net: Network, edges: Sequence[int]) -> tuple[list[Leg], list[Transfer]]:
    legs: list[Leg] = []
    transfers: list[Transfer] = []
    run: list[int] = []
    split = all(name in net.costs for name in ("hours", "hours_border", "hours_wait"))
    moved = [(t, p) for t, p in (*_BORDER_PARTS.items(), *_WAIT_PARTS.items()) if p in net.costs]

    def node_of(vertex: int) -> int:
        return int(net.vertex_node[vertex])

    def event(kind: str, node: int, country: str, detail: str, costs: dict[str, float]) -> None:
        transfers.append(_transfer_at(net, kind, node, country, detail, costs))

    def flush() -> None:
        if not run:
            return
        first, last = run[0], run[-1]
        a, b = node_of(net.edge_source[first]), node_of(net.edge_target[last])
        costs = _sum_costs(net, run)
        if split:  # border dwell and sailing waits are events of their own
            for total, part in moved:
                if total in costs:
                    costs[total] -= costs[part]
                costs[part] = 0.0
        legs.append(
            Leg(
                mode=str(net.edge_mode[first]),
                from_node=str(net.node_ids[a]),
                to_node=str(net.node_ids[b]),
                from_name=str(net.node_name[a]),
                to_name=str(net.node_name[b]),
                country=str(net.edge_country[first]),
                gauge=int(net.edge_gauge[first]),
                links=tuple(str(net.edge_id[e]) for e in run),
                costs=costs,
            )
        )
        run.clear()

    for k in edges:
        if net.edge_kind[k] == "transfer":
            flush()
            node = node_of(net.edge_source[k])
            event(
                str(net.edge_transfer[k]) or "transfer",
                node,
                str(net.node_country[node]),
                _transfer_detail(net, k),
                _sum_costs(net, [k]),
            )
            continue
        if run and _leg_key(net, k) != _leg_key(net, run[0]):
            flush()
        if split and net.costs["hours_wait"][k] > 0:
            flush()
            node = node_of(net.edge_source[k])
            wait = {**_event_costs(net, k, _WAIT_PARTS), "usd": 0.0}  # waiting is not charged
            event("sailing_wait", node, str(net.node_country[node]), str(net.edge_id[k]), wait)
        run.append(k)
        if net.edge_country[k] != net.edge_country_to[k] and net.edge_mode[k] in _LAND:
            flush()
            costs = _event_costs(net, k, _BORDER_PARTS) if split else {}
            event(
                "border_crossing",
                node_of(net.edge_target[k]),
                str(net.edge_country_to[k]),
                f"{net.edge_country[k]} → {net.edge_country_to[k]}",
                costs,
            )
    flush()
    return legs, transfers


def _ordered_unique(values: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for v in values:
        if v and (not out or out[-1] != v):
            out.append(v)
    return tuple(out)


def _route_rules(q: _Query, edges: Sequence[int]) -> tuple[RouteRule, ...]:
    """Return the rules in force that shaped a route.

    Closures and penalties on edges of a mode the route uses (a penalty it avoided counts,
    with 0 edges on the route), through tariffs that price edges of it, and harmonisation
    measures at its crossings.
    """
    net = q.network
    on_route = np.zeros(net.n_edges, dtype=bool)
    on_route[list(edges)] = True
    crossing = on_route & (net.edge_country != net.edge_country_to)
    out: list[RouteRule] = []
    for fx in q.rule_effects:
        rule = fx.rule
        if rule.kind == "closure":
            if not np.isin(net.edge_mode[fx.edges], net.edge_mode[list(edges)]).any():
                continue  # closes only modes the route does not use
            n = int(fx.edges.sum())
            effect = f"{n} edges closed to this cargo"
        elif rule.kind == "penalty":
            if not np.isin(net.edge_mode[fx.edges], net.edge_mode[list(edges)]).any():
                continue  # penalises only modes the route does not use
            n = int((fx.edges & on_route).sum())
            if n:
                effect = f"USD {rule.usd_per_tonne:g} a tonne perceived on {n} edges of this route"
            else:
                total = int(fx.edges.sum())
                effect = (
                    f"avoided: USD {rule.usd_per_tonne:g} a tonne perceived on {total} edges, "
                    "none on this route"
                )
        elif rule.kind == "tariff":
            n = int((fx.edges & on_route).sum())
            if not n:
                continue
            effect = f"through tariff: money x{rule.usd_factor:g} on {n} edges of this route"
        else:
            n = int((crossing & fx.edges).sum())
            if not n:
                continue
            effect = f"{rule.measure}: dwell x{rule.hours_factor:g} at the crossings it covers"
        out.append(RouteRule(rule.id, rule.kind, n, effect, rule.describe()))
    return tuple(out)


def _end_events(net: Network, edges: Sequence[int]) -> list[Transfer]:
    """Return the lifts at a route's two ends (``terminal`` events) where the network charges them."""
    out: list[Transfer] = []
    ends = (("origin", net.edge_source[edges[0]]), ("destination", net.edge_target[edges[-1]]))
    for where, vertex in ends:
        costs = {name: float(col[vertex]) for name, col in net.end_costs.items()}
        if not any(costs.values()):
            continue
        node = int(net.vertex_node[vertex])
        side = str(net.vertex_side[vertex])
        country = str(net.node_country[node])
        out.append(_transfer_at(net, "terminal", node, country, f"{where}: {side}", costs))
    return out


def _build(
    q: _Query, graph_edges: Sequence[int], criterion: str, weights: Mapping[str, float]
) -> Route:
    net = q.network
    edges = q.routing.network_edges(graph_edges)
    totals = _sum_costs(net, edges)
    legs, transfers = _legs_and_transfers(net, edges)
    ends = _end_events(net, edges)
    for event in ends:
        for name, value in event.costs.items():
            totals[name] += value
    if ends:
        transfers = (
            [*ends[:1], *transfers, *ends[1:]]
            if ends[0].detail.startswith("origin")
            else [*transfers, *ends]
        )
    objective = float(sum(w * totals[c] for c, w in weights.items()))
    vnode = net.vertex_node
    node_seq = [int(vnode[net.edge_source[e]]) for e in edges] + [
        int(vnode[net.edge_target[edges[-1]]])
    ]
    nodes = _ordered_unique(str(net.node_ids[i]) for i in node_seq)
    countries = _ordered_unique(str(net.node_country[i]) for i in node_seq)
    return Route(
        origin=str(net.node_ids[q.origin]),
        destination=str(net.node_ids[q.destination]),
        criterion=criterion,
        objective=objective,
        nodes=nodes,
        edges=edges,
        legs=tuple(legs),
        transfers=tuple(transfers),
        totals=totals,
        countries=countries,
        cargo=q.cargo,
        units=dict(net.cost_units),
        service=q.service,
        rules=_route_rules(q, edges),
    )


def _with(route: Route, **changes: Any) -> Route:
    from dataclasses import replace

    return replace(route, **changes)
