"""Check each claimed figure against other sources by written rules, with a verdict and its reasons.

The rules (:data:`RULES`), applied in this order:

1. **Same definition.** Only values of the same indicator, area, counterpart and flow are compared.
   A derived value (a share = bilateral trade / total, a sum ``CHN+RUS``) takes its parts from one
   reporter side; a share from a partner's mirror figure over Kazakhstan's own total is never made.
2. **Same reporter side.** A figure about Kazakhstan is checked against Kazakhstan's own statistics
   first; a partner's mirror figure is a second opinion that can only make a claim ``partly
   supported``.
3. **Same year, or the nearest with a note.** Without a value for the claim's year the nearest year
   with one is used (earlier first for statements of fact), and the reasons say so.
4. **Primary before secondary.** National statistics, ministries and the producer itself
   (kinds ``statistics``, ``official``, ``company``) rank before international compilations,
   analysts and the press (then status, then the latest vintage).
5. **Forecasts never confirm actuals.** A claim stated as fact is judged against actual,
   provisional and estimated values only; forecasts and targets are listed beside them. A claim
   about the future is judged against targets and forecasts, official ones first.
6. **Agreement.** A figure given as *about* a value agrees within the claim's tolerance; a stated
   bound (*more than*, *at most* …) must hold, and one that holds but lies beyond the value by more
   than the tolerance is ``misleading``.

Each reason applies one rule (:data:`REASON_RULES`); the strongest reason present decides the
verdict (:attr:`ClaimCheck.deciding_reason`, :attr:`ClaimCheck.rule`).

Verdicts, derived from the rules:

``supported``
    The best comparable value agrees (within the claim's tolerance, or the stated bound holds).
``partly supported``
    The best value disagrees but another comparable one (a mirror figure, a weaker source)
    agrees; or a claim about the future rests only on a secondary source while the primary one
    says otherwise.
``misleading``
    The stated bound holds, but the best value lies far beyond it (by more than the tolerance).
``contradicted``
    No comparable value agrees.
``forecast, not actual``
    Stated as fact, but no measured value exists for the period and a forecast agrees.
``outdated``
    The nearest year with data disagrees, an earlier one agreed.
``unverified``
    No other source has the figure.

Each :class:`ClaimCheck` carries its :class:`Reason` list (a code and values, so that
:mod:`eurasia.indicators.claim_text` can say it in the reader's language) and the English
``explanation``.

Examples
--------
>>> from eurasia.indicators.bundled import bundled_observatory
>>> obs = bundled_observatory()
>>> check = check_claim(obs, obs.claims["uranium-share"])
>>> check.verdict, check.compared_period
('outdated', '2023')
>>> check.anchor, check.rule
('claim-uranium-share', 'same-year')
>>> check_claim(obs, obs.claims["china-44bn"]).rule
'same-side'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from eurasia.i18n import N_
from eurasia.indicators.claim_text import REASON_TEXTS, Reason, render_reasons
from eurasia.indicators.model import (
    ACTUAL_STATUSES,
    Claim,
    Observation,
    Source,
    Target,
    period_sort_key,
)
from eurasia.indicators.observatory import Observatory
from eurasia.indicators.ranking import rank_observations

__all__ = [
    "PRIMARY_KINDS",
    "REASON_RULES",
    "REASON_TEXTS",
    "RULES",
    "VERDICTS",
    "Candidate",
    "ClaimCheck",
    "Reason",
    "check_claim",
    "check_claims",
    "claim_permalink",
]

VERDICTS = (
    "supported",
    "partly supported",
    "misleading",
    "contradicted",
    "forecast, not actual",
    "outdated",
    "unverified",
)
#: The rules every verdict is derived from, by code (English msgids, in the order applied).
RULES: dict[str, str] = {
    "same-definition": N_(
        "Same definition: only values of the same indicator, area, partner and flow are compared; "
        "a share or a sum takes all its parts from one reporter side."
    ),
    "same-side": N_(
        "Same reporter side: Kazakhstan's own statistics first; a partner's mirror figure can make "
        "a claim partly supported, never supported."
    ),
    "same-year": N_("Same year, or the nearest year with data, said in the reasons."),
    "primary-first": N_(
        "Primary before secondary: national statistics, ministries and the producer itself before "
        "international compilations, analysts and the press."
    ),
    "forecasts-never-confirm": N_(
        "Forecasts never confirm actuals: a claim of fact is judged against measured values only."
    ),
    "agreement": N_(
        "Agreement: a figure given as about a value agrees within its tolerance; a stated bound "
        "must hold, and one that holds but lies far from the value is misleading."
    ),
}
#: The rule each reason applies (reason code of :data:`REASON_TEXTS` → rule code of :data:`RULES`);
#: ``no-source`` (nothing was compared) and ``unchecked-figure`` (a caution on the best value's
#: source, whose note starts ``unchecked:``) apply none.
REASON_RULES: dict[str, str] = {
    "nearest-year": "same-year",
    "held-earlier": "same-year",
    "best-agrees": "agreement",
    "best-disagrees": "agreement",
    "bound-loose": "agreement",
    "part-year": "agreement",
    "mirror-agrees": "same-side",
    "mixed-sides": "same-definition",
    "weaker-agrees": "primary-first",
    "secondary-only": "primary-first",
    "secondary-unopposed": "primary-first",
    "official-agrees": "primary-first",
    "official-conflict": "primary-first",
    "only-forecasts": "forecasts-never-confirm",
    "forecast-disagrees": "forecasts-never-confirm",
    "forecasts-set-aside": "forecasts-never-confirm",
}
#: Reasons that settle a verdict, strongest first (the first present is the deciding one).
_DECIDING = (
    "held-earlier",
    "only-forecasts",
    "forecast-disagrees",
    "mirror-agrees",
    "weaker-agrees",
    "secondary-only",
    "official-agrees",
    "secondary-unopposed",
    "bound-loose",
    "best-agrees",
    "best-disagrees",
    "no-source",
)
#: Source kinds that publish their own figures (primary sources).
PRIMARY_KINDS = frozenset({"statistics", "official", "company"})


@dataclass(frozen=True)
class Candidate:
    """A value compared with the claim (in the claim's unit scale) and whether it agrees."""

    observation: Observation
    value: float
    verdict: str
    #: For a derived sum: each part as (counterpart, value in the claim's scale, source id).
    parts: tuple[tuple[str, float, str], ...] = ()

    @property
    def agrees(self) -> bool:
        """Whether this value supports the claim (possibly loosely)."""
        return self.verdict in ("supported", "misleading")


@dataclass(frozen=True)
class ClaimCheck:
    """A claim, its verdict, the best source's value, every other candidate and the reasons."""

    claim: Claim
    verdict: str
    compared_period: str | None
    best: Candidate | None
    candidates: list[Candidate] = field(default_factory=list)
    explanation: str = ""
    reasons: tuple[Reason, ...] = ()

    @property
    def anchor(self) -> str:
        """The fragment id of this claim on the claim page."""
        return f"claim-{self.claim.id}"

    @property
    def permalink(self) -> str:
        """The address that opens the claim page at this claim (see :func:`claim_permalink`)."""
        return claim_permalink(self.claim.id)

    @property
    def deciding_reason(self) -> Reason | None:
        """The reason that settled the verdict (``None`` only for a check without reasons).

        The strongest of the reasons present decides: a claim that held in an earlier year, a
        figure only a forecast gives, a mirror figure or a weaker source that agrees, a secondary
        source against an official one, then the comparison with the best value. A value left out
        because it mixed reporter sides decides a ``contradicted`` verdict (it is what could
        otherwise have agreed).
        """
        codes = [r.code for r in self.reasons]
        if self.verdict == "contradicted" and "mixed-sides" in codes:
            return self.reasons[codes.index("mixed-sides")]
        for code in _DECIDING:
            if code in codes:
                return self.reasons[codes.index(code)]
        return self.reasons[0] if self.reasons else None

    @property
    def rule(self) -> str | None:
        """The code of the rule (:data:`RULES`) that decided the verdict (``None``: nothing compared)."""
        reason = self.deciding_reason
        return REASON_RULES.get(reason.code) if reason is not None else None


def claim_permalink(claim_id: str, *, base: str = "/indicators/claims") -> str:
    """Return the address of one claim: the claim page answers it by opening at that claim.

    ``/indicators/claims/<id>`` leads to ``/indicators/claims#claim-<id>`` (the row's anchor), and
    an unknown id is a 404, so a stale link says so instead of opening the list at its top.

    Examples
    --------
    >>> claim_permalink("uranium-2024")
    '/indicators/claims/uranium-2024'
    """
    return f"{base}/{quote(claim_id, safe='')}"


# --------------------------------------------------------------------------- comparison


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


def _is_primary(sources: Mapping[str, Source], obs: Observation) -> bool:
    source = sources.get(obs.source_id)
    return source is not None and source.kind in PRIMARY_KINDS


def _target_observation(target: Target, counterpart: str) -> Observation:
    return Observation(
        indicator=target.indicator,
        ref_area=target.ref_area,
        counterpart_area=counterpart,
        flow=target.flow,
        period=target.target_period,
        value=target.target_value,
        unit=target.unit,
        unit_mult=target.unit_mult,
        source_id=target.source_id,
        obs_status="T" if target.kind == "official target" else "F",
        definition_note=f"{target.kind}: {target.policy_document}".strip(": "),
        source_locator=f"target {target.id}",
    )


def _superseded(observatory: Observatory) -> set[str]:
    return {t.supersedes for t in observatory.targets.values() if t.supersedes}


@dataclass
class _Found:
    observations: list[Observation] = field(default_factory=list)
    mixed_sides: bool = False
    parts: dict[Observation, tuple[Observation, ...]] = field(default_factory=dict)


def _direct(observatory: Observatory, claim: Claim, counterpart: str, period: str) -> _Found:
    found = _Found(
        [
            o
            for o in observatory.series(
                claim.indicator,
                ref_area=claim.ref_area,
                counterpart_area=counterpart,
                flow=claim.flow,
            )
            if o.period == period and o.freq == "A" and _independent(observatory, claim, o)
        ]
    )
    superseded = _superseded(observatory)
    for target in observatory.targets.values():
        if (
            target.indicator == claim.indicator
            and target.ref_area == claim.ref_area
            and target.counterpart_area == counterpart
            and target.target_period == period
            and target.id not in superseded
        ):
            found.observations.append(_target_observation(target, counterpart))
    if claim.indicator == "trade.partner_share":
        sides = {o.reporter_side for o in found.observations}
        derived, mixed = _shares_from_turnover(observatory, claim, counterpart, period)
        found.observations += [o for o in derived if o.reporter_side not in sides]
        found.mixed_sides = mixed
    return found


def _shares_from_turnover(
    observatory: Observatory, claim: Claim, counterpart: str, period: str
) -> tuple[list[Observation], bool]:
    """Partner shares as bilateral turnover over the best total of the same period and side.

    Returns the shares and whether a bilateral figure was left out because no total of its
    reporter side exists (a mirror figure over Kazakhstan's own total is never made).
    """
    totals = [
        o
        for o in observatory.series(
            "trade.turnover", ref_area=claim.ref_area, counterpart_area="WLD", flow=claim.flow
        )
        if o.period == period
        and o.obs_status in ACTUAL_STATUSES
        and _independent(observatory, claim, o)
    ]
    out: list[Observation] = []
    mixed = False
    for bilateral in observatory.series(
        "trade.turnover", ref_area=claim.ref_area, counterpart_area=counterpart, flow=claim.flow
    ):
        if bilateral.period != period or not _independent(observatory, claim, bilateral):
            continue
        same_side = [t for t in totals if t.reporter_side == bilateral.reporter_side]
        ranked = rank_observations(observatory.sources, same_side)
        if not ranked:
            mixed = mixed or bool(totals)
            continue
        total = ranked[0]
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
                obs_status=max((bilateral.obs_status, total.obs_status), key="APEFT".index),
                definition_note=(
                    f"derived: {bilateral.source_id} bilateral turnover / {total.source_id} total "
                    f"({bilateral.reporter_side} side)"
                ),
                source_locator=f"{bilateral.source_locator}; {total.source_locator}".strip("; "),
            )
        )
    return out, mixed


def _combined(observatory: Observatory, claim: Claim, period: str) -> _Found:
    """Return sums over the components of ``A+B``, each sum from one reporter side only."""
    parts = claim.counterpart_area.split("+")
    found = _Found()
    per_part = {}
    for part in parts:
        direct = _direct(observatory, claim, part, period)
        per_part[part] = _ranked(observatory, direct.observations)
        found.mixed_sides = found.mixed_sides or direct.mixed_sides
    for side in ("reporter", "mirror"):
        chosen = [next((o for o in per_part[p] if o.reporter_side == side), None) for p in parts]
        if any(o is None for o in chosen):
            # a sum of this side would need another side's figure for some part: not made
            found.mixed_sides = found.mixed_sides or any(o is not None for o in chosen)
            continue
        picked = [o for o in chosen if o is not None]
        worst = rank_observations(observatory.sources, picked)[-1]
        note = " + ".join(
            f"{o.counterpart_area} {o.value:.3g} ({o.source_id}, {o.reporter_side})" for o in picked
        )
        total = Observation(
            indicator=claim.indicator,
            ref_area=claim.ref_area,
            counterpart_area=claim.counterpart_area,
            flow=claim.flow,
            period=period,
            value=sum(o.scaled_value for o in picked) / 10.0 ** picked[0].unit_mult,
            unit=picked[0].unit,
            unit_mult=picked[0].unit_mult,
            source_id=worst.source_id,
            reporter_side=side,
            obs_status=max((o.obs_status for o in picked), key="APEFT".index),
            definition_note=f"derived sum: {note}",
            source_locator="; ".join(o.source_locator for o in picked if o.source_locator),
        )
        found.observations.append(total)
        found.parts[total] = tuple(picked)
    return found


def _ranked(observatory: Observatory, observations: Iterable[Observation]) -> list[Observation]:
    """Best first: rule 2 (own statistics first), then rule 4 (primary first), then the ranking."""
    ranked = rank_observations(observatory.sources, observations)
    ranked.sort(key=lambda o: not _is_primary(observatory.sources, o))
    ranked.sort(key=lambda o: o.reporter_side != "reporter")
    return ranked


def _candidates(
    observatory: Observatory, claim: Claim, period: str
) -> tuple[list[Candidate], bool]:
    if "+" in claim.counterpart_area:
        found = _combined(observatory, claim, period)
    else:
        found = _direct(observatory, claim, claim.counterpart_area, period)
    scale = 10.0**claim.unit_mult
    candidates = [
        Candidate(
            o,
            o.scaled_value / scale,
            _compare(claim, o.scaled_value / scale),
            tuple(
                (p.counterpart_area, p.scaled_value / scale, p.source_id)
                for p in found.parts.get(o, ())
            ),
        )
        for o in _ranked(observatory, found.observations)
    ]
    return candidates, found.mixed_sides


def _periods_with_data(observatory: Observatory, claim: Claim) -> list[str]:
    periods = {
        o.period
        for o in observatory.observations
        if o.indicator == claim.indicator
        and o.ref_area == claim.ref_area
        and o.freq == "A"
        and _independent(observatory, claim, o)
    }
    periods |= {
        t.target_period
        for t in observatory.targets.values()
        if t.indicator == claim.indicator and t.ref_area == claim.ref_area
    }
    return sorted(periods, key=period_sort_key)


def _nearest_periods(observatory: Observatory, claim: Claim) -> list[str]:
    """Other periods with data, nearest first; for a claim of fact earlier years come first."""
    year = int(claim.period)
    fact = claim.obs_status in ACTUAL_STATUSES
    others = [p for p in _periods_with_data(observatory, claim) if p != claim.period]
    return sorted(others, key=lambda p: (fact and int(p) > year, abs(int(p) - year), p))


# --------------------------------------------------------------------------- verdicts


def _params(candidate: Candidate, **more: Any) -> dict[str, Any]:
    if candidate.parts:
        more = {"parts": candidate.parts, **more}
    return {
        "source": candidate.observation.source_id,
        "value": candidate.value,
        "compared": candidate.observation.period,
        "side": candidate.observation.reporter_side,
        **more,
    }


def _judge_fact(
    observatory: Observatory, claim: Claim, candidates: list[Candidate]
) -> tuple[str, Candidate, list[Reason]]:
    actual = [c for c in candidates if c.observation.obs_status in ACTUAL_STATUSES]
    forecasts = [c for c in candidates if c.observation.obs_status not in ACTUAL_STATUSES]
    if not actual:
        agreeing = next((c for c in forecasts if c.agrees), None)
        if agreeing is not None:
            return "forecast, not actual", agreeing, [Reason("only-forecasts", _params(agreeing))]
        return "contradicted", forecasts[0], [Reason("forecast-disagrees", _params(forecasts[0]))]
    best = actual[0]
    reasons: list[Reason] = []
    stated = {"stated": claim.value}
    if best.agrees:
        verdict = best.verdict
        if verdict == "misleading":
            reasons.append(
                Reason("bound-loose", _params(best, ratio=claim.value / best.value, **stated))
            )
            indicator = observatory.indicators.get(claim.indicator)
            additive = claim.unit != "%" and claim.comparator in ("more than", "at least")
            if additive and indicator is not None and claim.value < best.value:
                months = round(12 * claim.value / best.value, 1)
                reasons.append(Reason("part-year", {"months": months}))
        else:
            reasons.append(Reason("best-agrees", _params(best, **stated)))
    else:
        reasons.append(Reason("best-disagrees", _params(best, **stated)))
        other = next((c for c in actual[1:] if c.agrees), None)
        if other is None:
            verdict = "contradicted"
        else:
            verdict = "partly supported"
            if other.observation.reporter_side == "mirror":
                reasons.append(Reason("mirror-agrees", _params(other, own=best.value)))
            else:
                reasons.append(Reason("weaker-agrees", _params(other)))
    if forecasts and verdict in ("supported", "misleading", "partly supported"):
        shown = next((c for c in forecasts if c.agrees), forecasts[0])
        reasons.append(Reason("forecasts-set-aside", _params(shown)))
    return verdict, best, reasons


def _official_target(observatory: Observatory, claim: Claim) -> Target | None:
    """Return the official target of the claim's series nearest the claim's year (not superseded)."""
    superseded = _superseded(observatory)
    official = [
        t
        for t in observatory.targets.values()
        if t.indicator == claim.indicator
        and t.ref_area == claim.ref_area
        and t.counterpart_area == claim.counterpart_area
        and t.kind == "official target"
        and t.id not in superseded
        and _is_primary(observatory.sources, _target_observation(t, t.counterpart_area))
    ]
    official.sort(key=lambda t: (abs(t.target_year - int(claim.period)), t.id))
    return official[0] if official else None


def _judge_future(
    observatory: Observatory, claim: Claim, candidates: list[Candidate]
) -> tuple[str, Candidate, list[Reason]]:
    sources = observatory.sources
    primary = [c for c in candidates if _is_primary(sources, c.observation)]
    agreeing_primary = next((c for c in primary if c.agrees), None)
    if agreeing_primary is not None:
        reasons = [Reason("official-agrees", _params(agreeing_primary))]
        reasons += [
            Reason("official-conflict", _params(c))
            for c in primary
            if not c.agrees and c.observation.obs_status == "T"
        ]
        return agreeing_primary.verdict, agreeing_primary, reasons
    agreeing = next((c for c in candidates if c.agrees), None)
    if agreeing is None:
        best = candidates[0]
        return "contradicted", best, [Reason("best-disagrees", _params(best, stated=claim.value))]
    target = _official_target(observatory, claim)
    if primary or target is not None:
        official = primary[0].observation if primary else None
        if official is None and target is not None:
            official = _target_observation(target, target.counterpart_area)
        assert official is not None
        scale = 10.0**claim.unit_mult
        params = _params(
            agreeing,
            official=official.scaled_value / scale,
            official_period=official.period,
            official_source=official.source_id,
        )
        return "partly supported", agreeing, [Reason("secondary-only", params)]
    return agreeing.verdict, agreeing, [Reason("secondary-unopposed", _params(agreeing))]


def check_claim(observatory: Observatory, claim: Claim) -> ClaimCheck:
    """Compare one claim with the other sources by :data:`RULES`; see the module for verdicts."""
    candidates, mixed = _candidates(observatory, claim, claim.period)
    compared = claim.period
    reasons: list[Reason] = []
    if not candidates:
        for period in _nearest_periods(observatory, claim):
            candidates, mixed_here = _candidates(observatory, claim, period)
            if candidates:
                compared = period
                mixed = mixed_here
                reasons.append(Reason("nearest-year", {"period": claim.period, "compared": period}))
                break
    if not candidates:
        reasons = [Reason("no-source")]
        return ClaimCheck(
            claim,
            "unverified",
            None,
            None,
            [],
            _english(observatory, claim, reasons),
            tuple(reasons),
        )
    fact = claim.obs_status in ACTUAL_STATUSES
    judge = _judge_fact if fact else _judge_future
    verdict, best, found = judge(observatory, claim, candidates)
    reasons += found
    if mixed:
        reasons.append(Reason("mixed-sides"))
    source = observatory.sources.get(best.observation.source_id)
    if source is not None and not source.checked:
        reasons.append(Reason("unchecked-figure", {"source": source.id}))
    if fact and verdict == "contradicted" and compared != claim.period:
        for period in reversed(_periods_with_data(observatory, claim)):
            if period_sort_key(period) >= period_sort_key(compared):
                continue
            earlier, _ = _candidates(observatory, claim, period)
            actual = [c for c in earlier if c.observation.obs_status in ACTUAL_STATUSES]
            if actual and actual[0].agrees:
                verdict = "outdated"
                reasons.append(Reason("held-earlier", _params(actual[0], period=period)))
                break
    return ClaimCheck(
        claim,
        verdict,
        compared,
        best,
        candidates,
        _english(observatory, claim, reasons),
        tuple(reasons),
    )


def _english(observatory: Observatory, claim: Claim, reasons: list[Reason]) -> str:
    return render_reasons(observatory, claim, reasons, locale="en")


def check_claims(
    observatory: Observatory, claims: Iterable[Claim] | None = None
) -> list[ClaimCheck]:
    """Check every claim (default: all in the observatory), in file order."""
    chosen = list(observatory.claims.values() if claims is None else claims)
    return [check_claim(observatory, c) for c in chosen]
