"""The freight model's "dependence on one direction", beside the energy index.

The freight model has no dependence index of its own: a scenario outcome's summary carries
corridor shares (``corridor_shares``: share of tonne-km by corridor-family tag, an edge in
several families splitting its tonne-km; or ``route_family_shares`` where the freight model
provides shares by the route family each OD flow takes). :func:`freight_dependence` takes
whichever is there, computes the HHI over those families the same way as for energy routes, and
says what it counted. :func:`freight_dependence_from_outcome` adds the share of tonne-km on
edges touching Russia, the freight counterpart of the energy "share via RU".

Examples
--------
>>> d = freight_dependence({"corridor_shares": {"northern": 0.5, "titr": 0.5}})
>>> d["hhi"], d["counts"]
(5000.0, 'share of tonne-km by corridor-family tag (edges in several families split)')
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import numpy as np

from eurasia.errors import DataError

from .dependence import hhi

__all__ = ["baseline_freight_dependence", "freight_dependence", "freight_dependence_from_outcome"]

_COUNTS = {
    "route_family_shares": "share of tonnes by the route family each OD flow takes",
    "corridor_shares": "share of tonne-km by corridor-family tag (edges in several families split)",
}


def freight_dependence(summary: Mapping[str, Any]) -> dict[str, Any]:
    """HHI and top family of a freight scenario summary's shares, with what they count.

    Raises
    ------
    DataError
        If the summary has neither kind of shares.
    """
    for key, counts in _COUNTS.items():
        shares = summary.get(key)
        if shares:
            total = sum(shares.values())
            norm = {k: v / total for k, v in shares.items()} if total > 0 else dict(shares)
            top = max(norm, key=lambda k: norm[k])
            return {
                "scenario": summary.get("scenario", ""),
                "year": summary.get("year"),
                "shares": norm,
                "hhi": hhi(norm),
                "top": top,
                "top_share": norm[top],
                "counts": counts,
            }
    msg = "freight summary has no corridor_shares or route_family_shares"
    raise DataError(msg)


def freight_dependence_from_outcome(outcome: Any) -> dict[str, Any]:
    """:func:`freight_dependence` of a freight ``ScenarioOutcome`` plus its tonne-km share on RU edges.

    ``outcome`` is an :class:`eurasia.corridors.scenarios.running.ScenarioOutcome` (duck-typed:
    ``summary`` and ``result`` with ``network`` and ``edge_flow_mt``).
    """
    out = freight_dependence(outcome.summary)
    res = outcome.result
    net = res.network
    km = np.asarray(net.costs.get("km", np.zeros(net.n_edges)), dtype=np.float64)
    tkm = np.asarray(res.edge_flow_mt, dtype=np.float64) * km
    ru = (np.asarray(net.edge_country) == "RU") | (np.asarray(net.edge_country_to) == "RU")
    whole = float(tkm.sum())
    out["share_via_ru"] = float(tkm[ru].sum()) / whole if whole > 0 else 0.0
    out["share_via_ru_counts"] = "share of tonne-km on edges that start or end in Russia"
    return out


@functools.cache
def baseline_freight_dependence(scenario: str = "baseline_2024") -> dict[str, Any]:
    """:func:`freight_dependence_from_outcome` of a bundled freight scenario, run once per process."""
    from eurasia.corridors.scenarios.running import run_scenario

    return freight_dependence_from_outcome(run_scenario(scenario))
