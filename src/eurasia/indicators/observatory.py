"""A self-contained collection of sources, indicators, observations, groups, targets and claims.

An :class:`Observatory` is what importers return, what the store reads back and what analysis,
charts and the report work on; it needs no database.

Examples
--------
>>> from eurasia.indicators.model import Indicator, Observation, Source
>>> obs = Observatory()
>>> obs.add_source(Source(id="s", producer="P", title="T", kind="official"))
>>> obs.add_indicator(Indicator(code="x", name="X", unit="t", topic="transit"))
>>> obs.add_observations([Observation(indicator="x", ref_area="KAZ", period="2024", value=1.0,
...                                   unit="t", source_id="s")])
>>> [o.value for o in obs.series("x")]
[1.0]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from eurasia.errors import ConflictError, DataError, NotFoundError
from eurasia.indicators.model import (
    AreaGroup,
    Claim,
    Indicator,
    Observation,
    Source,
    Target,
    period_sort_key,
)

__all__ = ["Observatory"]


@dataclass
class Observatory:
    """Sources, indicators, observations, area groups, targets and claims, cross-checked."""

    sources: dict[str, Source] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)
    observations: list[Observation] = field(default_factory=list)
    groups: dict[str, AreaGroup] = field(default_factory=dict)
    targets: dict[str, Target] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)

    def add_source(self, source: Source) -> None:
        """Add or replace a source (same id, newer metadata)."""
        self.sources[source.id] = source

    def add_indicator(self, indicator: Indicator) -> None:
        """Add or replace an indicator."""
        self.indicators[indicator.code] = indicator

    def add_observations(self, observations: Iterable[Observation]) -> None:
        """Append observations; each must name a known source and indicator and a new key.

        Raises
        ------
        DataError
            If a source or indicator is unknown.
        ConflictError
            If an observation repeats the natural key of another.
        """
        new = list(observations)
        seen = {o.key for o in self.observations}
        for index, obs in enumerate(new):
            if obs.source_id not in self.sources:
                msg = f"observation {index}: source_id {obs.source_id!r} is not a known source"
                raise DataError(msg)
            if obs.indicator not in self.indicators:
                msg = f"observation {index}: indicator {obs.indicator!r} is not a known indicator"
                raise DataError(msg)
            if obs.key in seen:
                msg = f"observation {index}: duplicate of {_describe(obs)}"
                raise ConflictError(msg)
            seen.add(obs.key)
        self.observations.extend(new)

    def add_group(self, group: AreaGroup) -> None:
        """Add or replace an area group."""
        self._need_source(group.source_id, f"group {group.code}")
        self.groups[group.code] = group

    def add_target(self, target: Target) -> None:
        """Add a target; what it supersedes must already be present.

        Raises
        ------
        DataError
            If its source, indicator or superseded target is unknown.
        """
        self._need_source(target.source_id, f"target {target.id}")
        self.indicator(target.indicator)
        if target.supersedes and target.supersedes not in self.targets:
            msg = f"target {target.id}: supersedes unknown target {target.supersedes!r}"
            raise DataError(msg)
        self.targets[target.id] = target

    def add_claim(self, claim: Claim) -> None:
        """Add a claim (its source and indicator must be known)."""
        self._need_source(claim.source_id, f"claim {claim.id}")
        self.indicator(claim.indicator)
        self.claims[claim.id] = claim

    def merge(self, other: Observatory) -> None:
        """Add everything in ``other`` (sources and indicators first)."""
        for source in other.sources.values():
            self.add_source(source)
        for indicator in other.indicators.values():
            self.add_indicator(indicator)
        self.add_observations(other.observations)
        for group in other.groups.values():
            self.add_group(group)
        for target in other.targets.values():
            self.add_target(target)
        for claim in other.claims.values():
            self.add_claim(claim)

    def indicator(self, code: str) -> Indicator:
        """Return the indicator ``code``.

        Raises
        ------
        NotFoundError
            If there is none, naming the closest codes.
        """
        try:
            return self.indicators[code]
        except KeyError:
            near = sorted(c for c in self.indicators if code.split(".")[0] in c)[:5]
            hint = f"; did you mean {', '.join(near)}?" if near else ""
            msg = f"no indicator {code!r}{hint}"
            raise NotFoundError(msg) from None

    def source(self, source_id: str) -> Source:
        """Return the source ``source_id``.

        Raises
        ------
        NotFoundError
            If there is none.
        """
        try:
            return self.sources[source_id]
        except KeyError:
            msg = f"no source {source_id!r}"
            raise NotFoundError(msg) from None

    def series(
        self,
        indicator: str,
        *,
        ref_area: str | None = None,
        counterpart_area: str | None = None,
        flow: str | None = None,
        source_id: str | None = None,
        reporter_side: str | None = None,
        statuses: Iterable[str] | None = None,
    ) -> list[Observation]:
        """Observations of ``indicator`` matching every filter given, sorted by period and source."""
        wanted = set(statuses) if statuses is not None else None
        out = [
            o
            for o in self.observations
            if o.indicator == indicator
            and (ref_area is None or o.ref_area == ref_area)
            and (counterpart_area is None or o.counterpart_area == counterpart_area)
            and (flow is None or o.flow == flow)
            and (source_id is None or o.source_id == source_id)
            and (reporter_side is None or o.reporter_side == reporter_side)
            and (wanted is None or o.obs_status in wanted)
        ]
        out.sort(key=lambda o: (period_sort_key(o.period), o.source_id, o.obs_status))
        return out

    def sources_of(self, observations: Iterable[Observation]) -> list[Source]:
        """Return the distinct sources cited by ``observations``, sorted by id."""
        ids = sorted({o.source_id for o in observations})
        return [self.sources[i] for i in ids if i in self.sources]

    def _need_source(self, source_id: str, what: str) -> None:
        if source_id not in self.sources:
            msg = f"{what}: source_id {source_id!r} is not a known source"
            raise DataError(msg)


def _describe(obs: Observation) -> str:
    return (
        f"{obs.indicator} {obs.ref_area}/{obs.counterpart_area} flow {obs.flow} {obs.period} "
        f"({obs.reporter_side}, source {obs.source_id}, vintage {obs.vintage!r}, "
        f"status {obs.obs_status})"
    )
