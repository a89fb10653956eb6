"""Model values of the published references, and whether each falls in its published range.

Times and rates follow the procedure of the calibration (``docs/data.md``): the network as of the
reference's year, restricted to the view the published service uses, at the reference's service
level (a ``block`` reference sees the network through
:func:`~eurasia.corridors.network.service.with_service`), the fastest path over
``hours`` from any vertex of the origin to any vertex of the destination
(``scipy.sparse.csgraph.dijkstra``), with the lifts at both ends (the network's ``end_costs`` of
the first and last vertex) unless the reference covers the ``line`` alone; a rate sums
``usd_feu`` along that path (and its ends), with the through tariffs of the rule layer that
cover a container between the two ends' countries in the reference's year (``rules.csv``, kind
``tariff``), as routing prices it. Scenario references
run the named scenario once (cached for the call) and read an indicator or link flows.

Examples
--------
>>> from eurasia.corridors.calibration.references import Reference
>>> from eurasia.corridors.io.dataset import load_network
>>> ref = Reference("x", "time_days", "held_out", "Dostyk to Alat", 5, 15, "days",
...                 ("carec-cpmm",), origin="kz-dostyk", destination="az-alat", view="titr",
...                 ends="line")
>>> row = evaluate([ref], load_network())[0]
>>> row.passed, round(row.model, 1)
(True, 10.4)
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.sparse.csgraph import dijkstra

from eurasia.corridors.calibration.references import Reference
from eurasia.corridors.network.model import Network
from eurasia.corridors.network.service import with_service
from eurasia.corridors.rules.effects import cargo_effects, load_rules, rule_date, with_tariff
from eurasia.corridors.rules.table import Rule
from eurasia.errors import DataError, NoRouteError

__all__ = ["Evaluation", "evaluate", "fastest_path", "network_view"]


@dataclass(frozen=True)
class Evaluation:
    """A reference with the model's value; ``passed`` is None for a pending reference."""

    reference: Reference
    model: float
    passed: bool | None

    def to_dict(self) -> dict[str, Any]:
        """Plain values for JSON, a web page or a table."""
        r = self.reference
        return {
            "id": r.id,
            "use": r.use,
            "kind": r.kind,
            "label": r.label,
            "model": None if np.isnan(self.model) else round(self.model, 3),
            "low": r.low,
            "high": r.high,
            "unit": r.unit,
            "statistic": r.statistic,
            "service": r.service,
            "passed": self.passed,
            "status": r.status,
            "reason": r.reason,
            "source": list(r.source),
            "note": r.note,
        }


def network_view(net: Network, view: str, year: int) -> Network:
    """Return the network as of ``year`` restricted to a published service's view.

    ``rail``: rail links and rail transfers; ``titr``: links of the Middle Corridor family
    without Russia and Belarus; ``caspian``: rail and ferry links with their gauge changes and
    port calls, without Russia, Belarus and Iran (a rail-ferry service across the Caspian);
    ``sea``: sea links; ``cape``: sea links without Egypt (the Cape
    of Good Hope route); ``road``: road links; ``any``: everything.

    Raises
    ------
    DataError
        An unknown view.
    """
    operating = net.as_of(year)
    if view == "any":
        return operating
    if view == "rail":
        keep = (operating.edge_mode == "rail") | (
            (operating.edge_mode == "transfer") & (operating.edge_transfer == "gauge_change")
        )
        return operating.select_edges(keep)
    if view == "titr":
        return operating.excluding_countries("RU", "BY").by_corridor("titr")
    if view == "caspian":
        keep = np.isin(operating.edge_mode, ["rail", "ferry", "transfer"])
        keep &= operating.edge_transfer != "mode_change"
        return operating.select_edges(keep).excluding_countries("RU", "BY", "IR")
    if view in ("sea", "cape"):
        sea = operating.by_mode("sea")
        return sea.excluding_countries("EG") if view == "cape" else sea
    if view == "road":
        return operating.by_mode("road")
    msg = f"view: unknown view {view!r}; expected any, rail, titr, caspian, sea, cape or road"
    raise DataError(msg)


def fastest_path(
    net: Network, origin: str, destination: str, *, ends: tuple[bool, bool] = (False, False)
) -> np.ndarray:
    """Return the edge indices of the fastest path (``hours``) from ``origin`` to ``destination``.

    The path starts at any vertex of ``origin`` and ends at any vertex of ``destination``;
    ``ends`` says whether the lift at the start and at the end (``end_costs``) counts.

    Raises
    ------
    NoRouteError
        The destination cannot be reached in this network.
    """
    start, end = net.node_vertices(origin), net.node_vertices(destination)
    return _between(net, start, end, origin, ends=ends)


def _between(
    net: Network,
    start: np.ndarray,
    end: np.ndarray,
    origin: str,
    *,
    ends: tuple[bool, bool] = (False, False),
) -> np.ndarray:
    dist, pred = dijkstra(net.to_scipy("hours"), indices=start, return_predecessors=True)
    dist, pred = np.atleast_2d(dist), np.atleast_2d(pred)
    lift = net.end_costs["hours"] if "hours" in net.end_costs else np.zeros(net.n_vertices)
    total = dist[:, end] + (lift[start][:, None] if ends[0] else 0.0)
    total = total + (lift[end][None, :] if ends[1] else 0.0)
    row, col = np.unravel_index(int(np.argmin(total)), total.shape)
    best = int(end[col])
    if not np.isfinite(total[row, col]):
        msg = f"no path from {origin!r} to {net.vertex_label(best)!r} in this view of the network"
        raise NoRouteError(msg)
    vertices = [best]
    while pred[row, vertices[-1]] >= 0:
        vertices.append(int(pred[row, vertices[-1]]))
    vertices.reverse()
    hours = net.cost("hours")
    edges = []
    for a, b in itertools.pairwise(vertices):
        parallel = np.flatnonzero((net.edge_source == a) & (net.edge_target == b))
        edges.append(int(parallel[np.argmin(hours[parallel])]))
    return np.asarray(edges, dtype=np.int64)


def _through(net: Network, origin: str, via: str, destination: str, *, door: bool) -> np.ndarray:
    """Return the fastest path through ``via``.

    The second part starts at the vertex (side) where the first part arrived, so that a gauge change
    or port call at ``via`` is not skipped; ``door``: the lifts at origin and destination count.
    """
    first = fastest_path(net, origin, via, ends=(door, False))
    here = np.asarray([net.edge_target[first[-1]]]) if first.size else net.node_vertices(via)
    second = _between(net, here, net.node_vertices(destination), via, ends=(False, door))
    return np.concatenate([first, second])


def _suffix(statistic: str) -> str:
    return "" if statistic == "central" else f"_{statistic}"


def _path_value(net: Network, ref: Reference, rules: Sequence[Rule]) -> float:
    view = with_service(network_view(net, ref.view, ref.year), ref.service)
    if ref.kind == "rate_usd_feu" and rules:
        fx = cargo_effects(
            [r for r in rules if r.kind == "tariff"],
            view,
            origin_country=str(view.node_country[view.node_index(ref.origin)]),
            destination_country=str(view.node_country[view.node_index(ref.destination)]),
            commodity="containers",
            on=rule_date(ref.year),
        )
        view = with_tariff(view, fx.usd_factor)
    door = ref.ends == "door"
    if ref.via:
        edges = _through(view, ref.origin, ref.via, ref.destination, door=door)
    else:
        edges = fastest_path(view, ref.origin, ref.destination, ends=(door, door))
    column = ("hours" if ref.kind == "time_days" else "usd_feu") + _suffix(ref.statistic)
    value = float(view.cost(column)[edges].sum())
    if door and edges.size:
        lift = view.end_costs[column]
        value += float(lift[view.edge_source[edges[0]]] + lift[view.edge_target[edges[-1]]])
    return value / 24 if ref.kind == "time_days" else value


def evaluate(
    references: Sequence[Reference],
    net: Network,
    *,
    run: Callable[[str], Any] | None = None,
    rules: Sequence[Rule] | None = None,
) -> list[Evaluation]:
    """Return the model's value of each reference and whether it lies in the published range.

    Parameters
    ----------
    references
        Rows of ``references.csv``.
    net
        The network (the bundled one for the bundled references).
    run
        Runs a scenario by name and returns its outcome (``summary`` and ``result``); by
        default :func:`eurasia.corridors.scenarios.running.run_scenario`, once per scenario.
    rules
        The rule layer whose through tariffs price the rates; by default the bundled ``rules``.

    Returns
    -------
    list of Evaluation
        In the order of ``references``; pending references carry NaN and ``passed=None``.
    """
    outcomes: dict[str, Any] = {}
    rule_set = tuple(load_rules()) if rules is None else tuple(rules)

    def outcome(name: str) -> Any:
        if name not in outcomes:
            if run is None:
                from eurasia.corridors.scenarios.running import run_scenario

                outcomes[name] = run_scenario(name)
            else:
                outcomes[name] = run(name)
        return outcomes[name]

    out: list[Evaluation] = []
    for ref in references:
        if ref.pending:
            out.append(Evaluation(ref, float("nan"), None))
            continue
        if ref.kind in ("time_days", "rate_usd_feu"):
            value = _path_value(net, ref, rule_set)
        elif ref.kind == "indicator":
            value = float(outcome(ref.scenario).summary["indicators"][ref.target])
        else:
            result = outcome(ref.scenario).result
            edges = np.concatenate(
                [result.network.edges_of(e.strip()) for e in ref.target.split(";") if e.strip()]
            )
            value = float(np.asarray(result.edge_flow_mt)[edges].sum())
        out.append(Evaluation(ref, value, bool(ref.low <= value <= ref.high)))
    return out
