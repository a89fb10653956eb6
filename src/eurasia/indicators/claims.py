"""Check each claimed figure against the best available other source, with a verdict.

Candidates for a claim are the other sources' observations of the same indicator, area,
counterpart, flow and period, the targets for that year, and — for a combined counterpart such as
``CHN+RUS`` — sums of the components' values taken from one reporter side. They are ranked with the
area's own statistics (reporter side) first, then as in :mod:`eurasia.indicators.ranking`. Verdicts:

``supported``
    The best source agrees (within the claim's tolerance, or the stated bound holds).
``partly supported``
    The best source disagrees, but another (a mirror figure, another definition) agrees.
``misleading``
    The stated bound holds, but the best value lies far beyond it (more than the tolerance).
``contradicted``
    No candidate agrees.
``forecast, not actual``
    Stated as a fact, but only forecasts exist for the period, and one of them agrees. (A claim
    about the future, status F or T, is judged against forecasts and targets like any value.)
``outdated``
    The latest period with data disagrees, an earlier one agreed.
``unverified``
    No other source has the figure.

A claim about a past or present fact with no value for its own period is compared with the latest
earlier period that has one (and says so).

Examples
--------
>>> from eurasia.indicators.bundled import bundled_observatory
>>> obs = bundled_observatory()
>>> check = check_claim(obs, obs.claims["uranium-share"])
>>> check.verdict, check.compared_period
('outdated', '2023')
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from eurasia.indicators.model import Claim, Observation, Source, period_sort_key
from eurasia.indicators.observatory import Observatory
from eurasia.indicators.ranking import rank_observations

__all__ = ["VERDICTS", "Candidate", "ClaimCheck", "check_claim", "check_claims"]

VERDICTS = (
    "supported",
    "partly supported",
    "misleading",
    "contradicted",
    "forecast, not actual",
    "outdated",
    "unverified",
)
_ACTUAL = frozenset({"A", "P", "E"})


@dataclass(frozen=True)
class Candidate:
    """A value compared with the claim (in the claim's unit scale) and whether it agrees."""

    observation: Observation
    value: float
    verdict: str

    @property
    def agrees(self) -> bool:
        """Whether this value supports the claim (possibly loosely)."""
        return self.verdict in ("supported", "misleading")


@dataclass(frozen=True)
class ClaimCheck:
    """A claim, its verdict, the best source's value and every other candidate."""

    claim: Claim
    verdict: str
    compared_period: str | None
    best: Candidate | None
    candidates: list[Candidate] = field(default_factory=list)
    explanation: str = ""


def _compare(claim: Claim, value: float) -> str:
    stated, tol = claim.value, claim.tolerance
    if claim.comparator == "about":
        scale = abs(stated) if stated else 1.0
        return "supported" if abs(value - stated) <= tol * scale + 1e-12 else "contradicted"
    if claim.comparator in ("more than", "at least"):
        holds = value > stated if claim.comparator == "more than" else value >= stated
        if not holds:
            return "contradicted"
        return "misleading" if tol > 0 and value > stated * (1 + tol) else "supported"
    holds = value < stated if claim.comparator == "less than" else value <= stated
    if not holds:
        return "contradicted"
    return "misleading" if tol > 0 and value < stated * (1 - tol) else "supported"


def _independent(observatory: Observatory, claim: Claim, obs: Observation) -> bool:
    source = observatory.sources.get(obs.source_id)
    return obs.source_id != claim.source_id and (source is None or source.kind != "essay")


def _direct(
    observatory: Observatory, claim: Claim, counterpart: str, period: str
) -> list[Observation]:
    found = [
        o
        for o in observatory.series(
            claim.indicator,
            ref_area=claim.ref_area,
            counterpart_area=counterpart,
            flow=claim.flow,
        )
        if o.period == period and o.freq == "A" and _independent(observatory, claim, o)
    ]
    for target in observatory.targets.values():
        if (
            target.indicator == claim.indicator
            and target.ref_area == claim.ref_area
            and target.counterpart_area == counterpart
            and target.target_period == period
        ):
            found.append(
                Observation(
                    indicator=target.indicator,
                    ref_area=target.ref_area,
                    counterpart_area=counterpart,
                    flow=target.flow,
                    period=period,
                    value=target.target_value,
                    unit=target.unit,
                    unit_mult=target.unit_mult,
                    source_id=target.source_id,
                    obs_status="T" if target.kind == "official target" else "F",
                    definition_note=f"{target.kind}: {target.policy_document}".strip(": "),
                    source_locator=f"target {target.id}",
                )
            )
    if claim.indicator == "trade.partner_share":
        sides = {o.reporter_side for o in found}
        derived = _shares_from_turnover(observatory, claim, counterpart, period)
        found += [o for o in derived if o.reporter_side not in sides]
    return found


def _shares_from_turnover(
    observatory: Observatory, claim: Claim, counterpart: str, period: str
) -> list[Observation]:
    """Partner shares derived as bilateral turnover over the best total of the same period."""
    totals = [
        o
        for o in observatory.series(
            "trade.turnover", ref_area=claim.ref_area, counterpart_area="WLD", flow=claim.flow
        )
        if o.period == period and o.obs_status in _ACTUAL and _independent(observatory, claim, o)
    ]
    ranked_totals = rank_observations(observatory.sources, totals)
    if not ranked_totals:
        return []
    total = ranked_totals[0]
    out = []
    for bilateral in observatory.series(
        "trade.turnover", ref_area=claim.ref_area, counterpart_area=counterpart, flow=claim.flow
    ):
        if bilateral.period != period or not _independent(observatory, claim, bilateral):
            continue
        out.append(
            Observation(
                indicator=claim.indicator,
                ref_area=claim.ref_area,
                counterpart_area=counterpart,
                flow=claim.flow,
                period=period,
                value=100.0 * bilateral.scaled_value / total.scaled_value,
                unit="%",
                source_id=bilateral.source_id,
                reporter_side=bilateral.reporter_side,
                obs_status=bilateral.obs_status,
                definition_note=(
                    f"derived: {bilateral.source_id} bilateral turnover / {total.source_id} total"
                ),
                source_locator=f"{bilateral.source_locator}; {total.source_locator}".strip("; "),
            )
        )
    return out


def _combined(observatory: Observatory, claim: Claim, period: str) -> list[Observation]:
    """Sums over the components of ``A+B``, one per reporter side (falling back to reporter)."""
    parts = claim.counterpart_area.split("+")
    out = []
    for side in ("reporter", "mirror"):
        chosen = []
        for part in parts:
            ranked = _ranked(observatory, _direct(observatory, claim, part, period))
            pick = next((o for o in ranked if o.reporter_side == side), None)
            pick = pick or next((o for o in ranked if o.reporter_side == "reporter"), None)
            if pick is None:
                break
            chosen.append(pick)
        else:
            if side == "mirror" and all(o.reporter_side == "reporter" for o in chosen):
                continue
            worst = rank_observations(observatory.sources, chosen)[-1]
            note = " + ".join(
                f"{o.counterpart_area} {o.value:.3g} ({o.source_id}, {o.reporter_side})"
                for o in chosen
            )
            out.append(
                Observation(
                    indicator=claim.indicator,
                    ref_area=claim.ref_area,
                    counterpart_area=claim.counterpart_area,
                    flow=claim.flow,
                    period=period,
                    value=sum(o.scaled_value for o in chosen) / 10.0 ** chosen[0].unit_mult,
                    unit=chosen[0].unit,
                    unit_mult=chosen[0].unit_mult,
                    source_id=worst.source_id,
                    reporter_side=side
                    if any(o.reporter_side == side for o in chosen)
                    else "reporter",
                    obs_status=max((o.obs_status for o in chosen), key="APEFT".index),
                    definition_note=f"derived sum: {note}",
                    source_locator="; ".join(o.source_locator for o in chosen if o.source_locator),
                )
            )
    return out


def _ranked(observatory: Observatory, observations: Iterable[Observation]) -> list[Observation]:
    ranked = rank_observations(observatory.sources, observations)
    ranked.sort(key=lambda o: o.reporter_side != "reporter")  # stable: own statistics first
    return ranked


def _candidates(observatory: Observatory, claim: Claim, period: str) -> list[Candidate]:
    if "+" in claim.counterpart_area:
        found = _combined(observatory, claim, period)
    else:
        found = _direct(observatory, claim, claim.counterpart_area, period)
    scale = 10.0**claim.unit_mult
    return [
        Candidate(o, o.scaled_value / scale, _compare(claim, o.scaled_value / scale))
        for o in _ranked(observatory, found)
    ]


def _periods_with_data(observatory: Observatory, claim: Claim) -> list[str]:
    periods = {
        o.period
        for o in observatory.observations
        if o.indicator == claim.indicator
        and o.ref_area == claim.ref_area
        and o.freq == "A"
        and _independent(observatory, claim, o)
    }
    return sorted(periods, key=period_sort_key, reverse=True)


def _judge(candidates: list[Candidate], *, future: bool = False) -> tuple[str, Candidate]:
    actual = (
        candidates if future else [c for c in candidates if c.observation.obs_status in _ACTUAL]
    )
    if not actual:
        best = next((c for c in candidates if c.agrees), candidates[0])
        return ("forecast, not actual" if best.agrees else "contradicted"), best
    best = actual[0]
    if best.agrees:
        return best.verdict, best
    if any(c.agrees for c in actual[1:]):
        return "partly supported", best
    return "contradicted", best


def _describe(candidate: Candidate, sources: dict[str, Source]) -> str:
    obs = candidate.observation
    source = sources.get(obs.source_id)
    who = source.producer if source else obs.source_id
    if obs.definition_note.startswith("derived"):
        who = obs.definition_note
    side = " (mirror)" if obs.reporter_side == "mirror" else ""
    status = "" if obs.obs_status == "A" else f", {obs.status_label}"
    return f"{candidate.value:g} from {who}{side}{status} [{candidate.verdict}]"


def check_claim(observatory: Observatory, claim: Claim) -> ClaimCheck:
    """Compare one claim with the best available other source; see the module for verdicts."""
    candidates = _candidates(observatory, claim, claim.period)
    compared = claim.period
    note = ""
    if not candidates and claim.obs_status in _ACTUAL:
        for period in _periods_with_data(observatory, claim):
            if period_sort_key(period) < period_sort_key(claim.period):
                candidates = _candidates(observatory, claim, period)
                if candidates:
                    compared = period
                    note = f"no value for {claim.period}; compared with {period}, the latest year with data. "
                    break
    if not candidates:
        return ClaimCheck(claim, "unverified", None, None, [], "no other source has this figure")
    verdict, best = _judge(candidates, future=claim.obs_status not in _ACTUAL)
    if verdict == "contradicted" and compared != claim.period:
        for period in _periods_with_data(observatory, claim):
            if period_sort_key(period) < period_sort_key(compared):
                earlier = _candidates(observatory, claim, period)
                if earlier and _judge(earlier)[0] in ("supported", "misleading"):
                    verdict = "outdated"
                    note += f"It held in {period} ({_describe(_judge(earlier)[1], observatory.sources)}). "
                    break
    explanation = f"{note}Best: {_describe(best, observatory.sources)}."
    if len(candidates) > 1:
        others = "; ".join(_describe(c, observatory.sources) for c in candidates if c is not best)
        explanation += f" Others: {others}."
    return ClaimCheck(claim, verdict, compared, best, candidates, explanation)


def check_claims(
    observatory: Observatory, claims: Iterable[Claim] | None = None
) -> list[ClaimCheck]:
    """Check every claim (default: all in the observatory), in file order."""
    chosen = list(observatory.claims.values() if claims is None else claims)
    return [check_claim(observatory, c) for c in chosen]
