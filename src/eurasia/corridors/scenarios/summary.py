"""What a stored scenario run keeps, and how two stored runs compare.

A run stored by the API or the web app keeps the outcome's summary
(:func:`eurasia.corridors.scenarios.running.run_scenario`) plus ``link_flows``: one compact,
JSON-safe record per loaded edge (flow in Mt a year, capacity, utilisation v/c, congested
hours), enough to colour a map by utilisation and to line two runs up without running them
again. :func:`utilisation_class` puts a v/c ratio in the classes the map shows;
:func:`compare_summaries` mirrors :func:`~eurasia.corridors.scenarios.running.compare_outcomes`
for stored summaries.

Examples
--------
>>> edges = [
...     {"edge": "a--b", "kind": "link", "mode": "rail", "from": "a", "to": "b", "flow_mt": 9.5,
...      "capacity_mt": 10.0, "vc": 0.95, "hours": 12.0},
...     {"edge": "b--a", "kind": "link", "mode": "rail", "from": "b", "to": "a", "flow_mt": 0.0,
...      "capacity_mt": 10.0, "vc": 0.0, "hours": 10.0},
... ]
>>> [(r["edge"], r["vc"]) for r in link_flows(edges)]
[('a--b', 0.95)]
>>> utilisation_class(0.95), utilisation_class(None)
('bottleneck', 'uncapacitated')
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from eurasia.corridors.scenarios.running import ScenarioOutcome

__all__ = [
    "BOTTLENECK_VC",
    "LINK_FLOW_FIELDS",
    "UTILISATION_CLASSES",
    "compare_summaries",
    "link_flows",
    "stored_summary",
    "utilisation_class",
]

#: Fields of one ``link_flows`` record.
LINK_FLOW_FIELDS = ("edge", "kind", "mode", "from", "to", "flow_mt", "capacity_mt", "vc", "hours")
#: Utilisation above which an edge counts as a bottleneck (as in the scenario summaries).
BOTTLENECK_VC = 0.9
#: Utilisation classes and the v/c ratio each goes up to (inclusive); ``uncapacitated`` edges
#: have no capacity in the network.
UTILISATION_CLASSES: tuple[tuple[str, float], ...] = (
    ("low", 0.5),
    ("moderate", 0.75),
    ("high", BOTTLENECK_VC),
    ("bottleneck", 1.0),
    ("over", math.inf),
)
_INDICATOR_SKIP = ("relative_gap", "iterations")


def _finite(value: object) -> float | None:
    number = float(value)  # type: ignore[arg-type]
    return round(number, 6) if math.isfinite(number) else None


def link_flows(edges: Sequence[Mapping[str, object]]) -> list[dict[str, object]]:
    """The loaded edges (flow above zero) as compact records with :data:`LINK_FLOW_FIELDS`.

    Infinite capacities (edges that do not congest) become ``None``, and so does their v/c, so
    the records are valid JSON.

    Parameters
    ----------
    edges
        Edge records as :func:`eurasia.corridors.assignment.freight.edge_table` returns them.

    Returns
    -------
    list of dict
        One record per edge with a flow, in the order given.
    """
    out: list[dict[str, object]] = []
    for edge in edges:
        flow = float(edge["flow_mt"])  # type: ignore[arg-type]
        if not flow > 0:
            continue
        capacity = _finite(edge["capacity_mt"])
        record: dict[str, object] = {
            k: str(edge[k]) for k in ("edge", "kind", "mode", "from", "to")
        }
        record.update(
            flow_mt=round(flow, 6),
            capacity_mt=capacity,
            vc=_finite(edge["vc"]) if capacity else None,
            hours=_finite(edge["hours"]),
        )
        out.append(record)
    return out


def stored_summary(outcome: ScenarioOutcome) -> dict[str, Any]:
    """The outcome's summary with its ``link_flows``: what a stored run keeps."""
    return {**outcome.summary, "link_flows": link_flows(outcome.edges)}


def utilisation_class(vc: float | None) -> str:
    """The utilisation class of a v/c ratio (see :data:`UTILISATION_CLASSES`).

    Examples
    --------
    >>> [utilisation_class(v) for v in (0.2, 0.6, 0.8, 1.0, 1.3)]
    ['low', 'moderate', 'high', 'bottleneck', 'over']
    """
    if vc is None or not math.isfinite(vc):
        return "uncapacitated"
    for name, upper in UTILISATION_CLASSES:
        if vc <= upper:
            return name
    return UTILISATION_CLASSES[-1][0]


def _edge_key(record: Mapping[str, object]) -> tuple[str, str, str]:
    return str(record["edge"]), str(record["from"]), str(record["to"])


def _flows(summary: Mapping[str, Any]) -> dict[tuple[str, str, str], float]:
    """Flow by edge key; an edge id listed twice with the same ends (both directions of a
    transfer) adds up."""
    flows: dict[tuple[str, str, str], float] = {}
    for record in summary.get("link_flows") or ():
        key = _edge_key(record)
        flows[key] = flows.get(key, 0.0) + float(record["flow_mt"])
    return flows


def compare_summaries(
    a: Mapping[str, Any], b: Mapping[str, Any], *, top: int = 15
) -> dict[str, Any]:
    """Line up two stored summaries: indicators, corridor shares, bottlenecks, flow changes.

    Parameters
    ----------
    a, b
        Stored summaries (:func:`stored_summary`); without ``link_flows`` there are no flow
        changes to list.
    top
        How many of the largest flow changes to keep.

    Returns
    -------
    dict
        ``a`` and ``b`` (scenario names), ``indicators`` and ``corridor_shares`` (each key with
        ``a``, ``b`` and ``change``), ``bottlenecks_only_a``, ``bottlenecks_only_b``,
        ``bottlenecks_both`` (``edge/from/to`` keys) and ``largest_flow_changes``.

    Examples
    --------
    >>> base = {"scenario": "base", "indicators": {"transit_mt": 27.0}, "corridor_shares":
    ...         {"titr": 0.3}, "bottlenecks": [{"edge": "x", "from": "p", "to": "q"}],
    ...         "link_flows": [{"edge": "x", "from": "p", "to": "q", "flow_mt": 5.0}]}
    >>> more = {"scenario": "more", "indicators": {"transit_mt": 30.0}, "corridor_shares":
    ...         {"titr": 0.4}, "bottlenecks": [], "link_flows": [{"edge": "x", "from": "p",
    ...         "to": "q", "flow_mt": 4.0}]}
    >>> c = compare_summaries(base, more)
    >>> c["indicators"]["transit_mt"]["change"], c["bottlenecks_only_a"]
    (3.0, ['x/p/q'])
    >>> c["largest_flow_changes"][0]["change_mt"]
    -1.0
    """
    ia, ib = a.get("indicators", {}), b.get("indicators", {})
    indicators = {
        key: {"a": ia[key], "b": ib[key], "change": ib[key] - ia[key]}
        for key in ia
        if key in ib and key not in _INDICATOR_SKIP
    }
    sa, sb = a.get("corridor_shares", {}), b.get("corridor_shares", {})
    shares = {
        key: {
            "a": sa.get(key, 0.0),
            "b": sb.get(key, 0.0),
            "change": sb.get(key, 0.0) - sa.get(key, 0.0),
        }
        for key in sorted(set(sa) | set(sb))
    }
    fa, fb = _flows(a), _flows(b)
    changes = []
    for key in set(fa) | set(fb):
        edge, start, end = key
        flow_a, flow_b = fa.get(key, 0.0), fb.get(key, 0.0)
        changes.append(
            {
                "edge": edge,
                "from": start,
                "to": end,
                "a_mt": flow_a,
                "b_mt": flow_b,
                "change_mt": flow_b - flow_a,
            }
        )
    changes.sort(key=lambda r: (-abs(float(r["change_mt"])), str(r["edge"])))  # type: ignore[arg-type]
    keys_a = {_edge_key(r) for r in a.get("bottlenecks", ())}
    keys_b = {_edge_key(r) for r in b.get("bottlenecks", ())}
    return {
        "a": a.get("scenario"),
        "b": b.get("scenario"),
        "indicators": indicators,
        "corridor_shares": shares,
        "bottlenecks_only_a": sorted("/".join(k) for k in keys_a - keys_b),
        "bottlenecks_only_b": sorted("/".join(k) for k in keys_b - keys_a),
        "bottlenecks_both": sorted("/".join(k) for k in keys_a & keys_b),
        "largest_flow_changes": changes[:top],
    }
