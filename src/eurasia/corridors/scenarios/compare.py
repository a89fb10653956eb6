"""Two scenario runs side by side: the one comparison, for fresh outcomes and stored runs alike.

:func:`compare_runs` takes a :class:`~eurasia.corridors.scenarios.running.ScenarioOutcome` or a
stored summary (:func:`~eurasia.corridors.scenarios.summary.stored_summary`) on either side and
returns a :class:`RunComparison`: indicators and corridor shares in both runs with their change,
bottlenecks only in A, only in B and in both, and the largest flow changes.

Rules (one set, written once):

- edges are matched by id and end nodes (``edge/from/to``); records with the same key (the two
  directions of a transfer inside one node) add up;
- an edge loaded in one run only counts as zero flow in the other; an edge with no flow in
  either run is left out (a change of zero says nothing, and stored runs keep loaded edges only);
- flow changes are sorted by size of change, largest first, ties by ``edge``, ``from``, ``to``
  (so the list is the same on every run);
- a change is **within noise** when it is no larger than what the two runs' convergence allows:
  ``|b − a| <= sqrt(max(gap_a, gap_b)) × max(|a|, |b|)`` with each run's relative gap (estimate:
  near the equilibrium the objective grows with the square of the distance to it, so flows and
  the figures made from them are settled to about the square root of the relative gap; Boyce,
  Ralevic-Dekic and Bar-Gera 2004 show differences between runs at loose gaps as large as the
  effects measured). Runs without a recorded gap mark nothing as noise.

Examples
--------
>>> base = {"scenario": "base", "indicators": {"transit_mt": 27.0}, "corridor_shares":
...         {"titr": 0.3}, "bottlenecks": [{"edge": "x", "from": "p", "to": "q"}],
...         "link_flows": [{"edge": "x", "from": "p", "to": "q", "flow_mt": 5.0}]}
>>> more = {"scenario": "more", "indicators": {"transit_mt": 30.0}, "corridor_shares":
...         {"titr": 0.4}, "bottlenecks": [], "link_flows": [{"edge": "x", "from": "p",
...         "to": "q", "flow_mt": 4.0}]}
>>> c = compare_runs(base, more)
>>> c["indicators"]["transit_mt"]["change"], c["bottlenecks_only_a"]
(3.0, ['x/p/q'])
>>> c["largest_flow_changes"][0]["change_mt"]
-1.0
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any, TypedDict

from eurasia.corridors.scenarios.running import ScenarioOutcome

__all__ = ["Delta", "FlowChange", "RunComparison", "compare_runs", "noise_share"]

# convergence figures, not outcomes: not compared
_INDICATOR_SKIP = ("relative_gap", "iterations")

EdgeKey = tuple[str, str, str]


class Delta(TypedDict):
    """One figure in run A and run B, ``b - a``, and whether the gaps cover that change."""

    a: float
    b: float
    change: float
    within_noise: bool


#: One edge's flow in both runs (Mt a year) and its change.
FlowChange = TypedDict(
    "FlowChange",
    {
        "edge": str,
        "from": str,
        "to": str,
        "a_mt": float,
        "b_mt": float,
        "change_mt": float,
        "within_noise": bool,
    },
)


class RunComparison(TypedDict):
    """What :func:`compare_runs` returns (a plain dict: JSON as it is)."""

    a: str | None
    b: str | None
    gaps: dict[str, float | None]
    noise_share: float | None
    indicators: dict[str, Delta]
    corridor_shares: dict[str, Delta]
    bottlenecks_only_a: list[str]
    bottlenecks_only_b: list[str]
    bottlenecks_both: list[str]
    largest_flow_changes: list[FlowChange]


def _key(record: Mapping[str, object]) -> EdgeKey:
    return str(record["edge"]), str(record["from"]), str(record["to"])


def _parts(run: ScenarioOutcome | Mapping[str, Any]) -> tuple[Mapping[str, Any], Iterable[Any]]:
    """Yield the summary and the per-edge flow records of a run (an outcome keeps every edge)."""
    if isinstance(run, ScenarioOutcome):
        return run.summary, run.edges
    return run, run.get("link_flows") or ()


def _flows(records: Iterable[Mapping[str, object]]) -> dict[EdgeKey, float]:
    flows: dict[EdgeKey, float] = {}
    for record in records:
        key = _key(record)
        flows[key] = flows.get(key, 0.0) + float(record["flow_mt"])  # type: ignore[arg-type]
    return flows


def _gap(summary: Mapping[str, Any]) -> float | None:
    value = (summary.get("convergence") or {}).get("relative_gap")
    return None if value is None else float(value)


def noise_share(gap_a: float | None, gap_b: float | None) -> float | None:
    """Relative size of change the two gaps allow (see the module docstring).

    ``None`` if a gap is unknown.

    Examples
    --------
    >>> noise_share(1e-10, 4e-10), noise_share(1e-5, None)
    (2e-05, None)
    """
    if gap_a is None or gap_b is None:
        return None
    return math.sqrt(max(abs(gap_a), abs(gap_b)))


def _delta(a: float, b: float, share: float | None) -> Delta:
    change = b - a
    noise = share is not None and abs(change) <= share * max(abs(a), abs(b))
    return {"a": a, "b": b, "change": change, "within_noise": noise}


def compare_runs(
    a: ScenarioOutcome | Mapping[str, Any],
    b: ScenarioOutcome | Mapping[str, Any],
    *,
    top: int = 15,
) -> RunComparison:
    """Line up two runs: indicators, corridor shares, bottlenecks and the largest flow changes.

    Parameters
    ----------
    a, b
        Fresh outcomes (:func:`~eurasia.corridors.scenarios.running.run_scenario`) or stored
        summaries (:func:`~eurasia.corridors.scenarios.summary.stored_summary`); a stored
        summary without ``link_flows`` has no flow changes to list.
    top
        How many of the largest flow changes to keep.

    Returns
    -------
    RunComparison
        ``a`` and ``b`` (scenario names), ``indicators`` and ``corridor_shares`` (each key with
        ``a``, ``b``, ``change`` and ``within_noise``), ``gaps`` (each run's relative gap),
        ``noise_share`` (the relative change the gaps allow), ``bottlenecks_only_a``, ``bottlenecks_only_b``,
        ``bottlenecks_both`` (``edge/from/to`` keys) and ``largest_flow_changes``; see the module
        docstring for the rules.
    """
    (sa, ea), (sb, eb) = _parts(a), _parts(b)
    gap_a, gap_b = _gap(sa), _gap(sb)
    share = noise_share(gap_a, gap_b)
    ia, ib = sa.get("indicators", {}), sb.get("indicators", {})
    indicators: dict[str, Delta] = {
        key: _delta(ia[key], ib[key], share)
        for key in ia
        if key in ib and key not in _INDICATOR_SKIP
    }
    ca, cb = sa.get("corridor_shares", {}), sb.get("corridor_shares", {})
    shares: dict[str, Delta] = {
        key: _delta(ca.get(key, 0.0), cb.get(key, 0.0), share) for key in sorted(set(ca) | set(cb))
    }
    fa, fb = _flows(ea), _flows(eb)
    changes: list[FlowChange] = [
        {
            "edge": key[0],
            "from": key[1],
            "to": key[2],
            "a_mt": fa.get(key, 0.0),
            "b_mt": fb.get(key, 0.0),
            "change_mt": fb.get(key, 0.0) - fa.get(key, 0.0),
            "within_noise": _delta(fa.get(key, 0.0), fb.get(key, 0.0), share)["within_noise"],
        }
        for key in sorted(set(fa) | set(fb))
        if fa.get(key) or fb.get(key)
    ]
    changes.sort(key=lambda r: -abs(r["change_mt"]))  # stable: ties stay in key order
    keys_a = {_key(r) for r in sa.get("bottlenecks", ())}
    keys_b = {_key(r) for r in sb.get("bottlenecks", ())}
    return {
        "a": sa.get("scenario"),
        "b": sb.get("scenario"),
        "gaps": {"a": gap_a, "b": gap_b},
        "noise_share": share,
        "indicators": indicators,
        "corridor_shares": shares,
        "bottlenecks_only_a": sorted("/".join(k) for k in keys_a - keys_b),
        "bottlenecks_only_b": sorted("/".join(k) for k in keys_b - keys_a),
        "bottlenecks_both": sorted("/".join(k) for k in keys_a & keys_b),
        "largest_flow_changes": changes[:top],
    }
