"""Which of several values for the same thing comes from the best available source.

Order: the source's kind (statistics, official, company, international, analyst, press, essay —
:data:`~eurasia.indicators.model.SOURCE_KINDS`), then status (actual before provisional, estimate,
forecast, target), then the latest vintage, then the source id (for a stable answer).

Examples
--------
>>> from eurasia.indicators.model import Observation, Source
>>> sources = {"wdi": Source(id="wdi", producer="World Bank", title="WDI", kind="statistics"),
...            "essay": Source(id="essay", producer="V", title="E", kind="essay")}
>>> a = Observation(indicator="x", ref_area="KAZ", period="2024", value=1.0, unit="t",
...                 source_id="essay")
>>> b = Observation(indicator="x", ref_area="KAZ", period="2024", value=2.0, unit="t",
...                 source_id="wdi")
>>> best_observation(sources, [a, b]).source_id
'wdi'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from eurasia.indicators.model import SOURCE_KINDS, Observation, Source

__all__ = ["best_observation", "rank_observations"]

_STATUS_ORDER = {"A": 0, "P": 1, "E": 2, "F": 3, "T": 4}


def rank_observations(
    sources: Mapping[str, Source], observations: Iterable[Observation]
) -> list[Observation]:
    """``observations`` best first (see the module docstring for the order)."""
    ordered = sorted(observations, key=lambda o: o.source_id)
    ordered.sort(key=lambda o: o.vintage, reverse=True)

    def rank(obs: Observation) -> tuple[int, int]:
        source = sources.get(obs.source_id)
        return (source.rank if source else len(SOURCE_KINDS), _STATUS_ORDER[obs.obs_status])

    ordered.sort(key=rank)
    return ordered


def best_observation(
    sources: Mapping[str, Source], observations: Iterable[Observation]
) -> Observation | None:
    """Return the best-ranked observation, or None when there is none."""
    ranked = rank_observations(sources, observations)
    return ranked[0] if ranked else None
