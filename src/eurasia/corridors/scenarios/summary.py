"""What a stored scenario run keeps, and how two stored runs compare.

A run stored by the API or the web app keeps the outcome's summary
(:func:`eurasia.corridors.scenarios.running.run_scenario`) plus ``link_flows``: one compact,
JSON-safe record per loaded edge (flow in Mt a year, capacity, utilisation v/c, congested
hours), enough to colour a map by utilisation and to line two runs up without running them
again. :func:`utilisation_class` puts a v/c ratio in the classes the map shows; two stored runs are
compared by :func:`eurasia.corridors.scenarios.compare.compare_runs`.

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


def _finite(value: object) -> float | None:
    number = float(value)  # type: ignore[arg-type]
    return round(number, 6) if math.isfinite(number) else None


def link_flows(edges: Sequence[Mapping[str, object]]) -> list[dict[str, object]]:
    """Return the loaded edges (flow above zero) as compact records with :data:`LINK_FLOW_FIELDS`.

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
    """Return the outcome's summary with its ``link_flows``: what a stored run keeps."""
    return {**outcome.summary, "link_flows": link_flows(outcome.edges)}


def utilisation_class(vc: float | None) -> str:
    """Return the utilisation class of a v/c ratio (see :data:`UTILISATION_CLASSES`).

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
