"""The claim check lists every essay figure against the best available other source."""

from __future__ import annotations

import dataclasses

import pytest

from eurasia.indicators.claims import (
    REASON_RULES,
    VERDICTS,
    check_claim,
    check_claims,
    claim_permalink,
)
from eurasia.indicators.discrepancies import find_discrepancies, relative_difference
from eurasia.indicators.model import Claim
from eurasia.indicators.observatory import Observatory

EXPECTED = {
    "russia-share": ("contradicted", "kz-president-2025-10", 19.8),
    "turnover-2025": ("misleading", "wdi", 143.252),
    "china-russia-half": ("contradicted", "edb-2025-08", 40.8),
    "china-44bn": ("partly supported", "edb-2025-08", 30.1),
    "transit-2024": ("supported", "kz-transport-ministry-2025-08", 27.4),
    "transit-2035": ("partly supported", "press-transit-2035", 100.0),
    "uranium-share": ("outdated", "globaldata-2024-02", 37.3),
    "uranium-2024": ("supported", "kazatomprom-4q24", 23.27),
    "res-2013": ("supported", "owid-energy", 0.0),
    "res-2023": ("supported", "owid-energy", 4.974),
    "res-2030": ("supported", "kz-president-pm-2021", 15.0),
    "cultural-events-share": ("unverified", None, None),
    "joint-events": ("unverified", None, None),
    "russian-speakers": ("supported", "bns-census-2021", 83.7),
    "ethnic-russians": ("supported", "bns-census-2021", 2.981946),
    "university-branches": ("unverified", None, None),
}


def test_every_essay_figure_has_a_verdict(bundled: Observatory) -> None:
    checks = {c.claim.id: c for c in check_claims(bundled)}
    assert set(checks) == set(EXPECTED)
    for claim_id, (verdict, source_id, value) in EXPECTED.items():
        check = checks[claim_id]
        assert check.verdict == verdict, (claim_id, check.explanation)
        assert check.verdict in VERDICTS
        if value is None:
            assert check.best is None
            continue
        assert check.best is not None
        assert check.best.value == pytest.approx(value, abs=0.05), claim_id
        if source_id is not None:
            assert check.best.observation.source_id == source_id, claim_id
        assert check.best.observation.source_id != "essay-valdai-2025"


def test_mirror_figures_explain_the_partial_support(bundled: Observatory) -> None:
    china = check_claim(bundled, bundled.claims["china-44bn"])
    mirror = [c for c in china.candidates if c.observation.reporter_side == "mirror"]
    assert [(c.value, c.verdict) for c in mirror] == [(43.82, "supported")]
    assert [r.code for r in china.reasons] == ["nearest-year", "best-disagrees", "mirror-agrees"]
    assert "Only the partner's mirror figure agrees" in china.explanation


def test_a_share_never_mixes_reporter_sides(bundled: Observatory) -> None:
    """China's mirror figure over Kazakhstan's own total is not a share of anything."""
    half = check_claim(bundled, bundled.claims["china-russia-half"])
    assert half.compared_period == "2024"
    assert {c.observation.reporter_side for c in half.candidates} == {"reporter"}
    (only,) = half.candidates
    assert only.parts == (("CHN", 21.0, "edb-2025-08"), ("RUS", 19.8, "kz-president-2025-10"))
    assert "mixed-sides" in [r.code for r in half.reasons]
    assert "The sum of China 21% (Eurasian Development Bank" in half.explanation


def test_forecasts_never_confirm_actuals(bundled: Observatory) -> None:
    uranium = check_claim(bundled, bundled.claims["uranium-2024"])
    assert uranium.best is not None
    assert uranium.best.observation.obs_status == "A"
    assert [r.code for r in uranium.reasons] == [
        "best-agrees",
        "forecasts-set-aside",
        "unchecked-figure",
    ]
    assert "GlobalData with 23.2 thousand tU" in uranium.explanation
    without_actual = Observatory(
        sources=bundled.sources,
        indicators=bundled.indicators,
        observations=[o for o in bundled.observations if o.source_id != "kazatomprom-4q24"],
    )
    check = check_claim(without_actual, bundled.claims["uranium-2024"])
    assert check.verdict == "forecast, not actual"
    assert "a forecast never confirms an actual value" in check.explanation


def test_a_figure_not_read_in_its_publication_is_flagged_until_checked(
    bundled: Observatory,
) -> None:
    """The 4Q24 Kazatomprom figure is marked unchecked; the same figure, checked, has no caution."""
    source = bundled.sources["kazatomprom-4q24"]
    assert not source.checked
    assert "100% basis" in source.note
    assert "attributable" in source.note
    (actual,) = [o for o in bundled.observations if o.source_id == source.id]
    assert (actual.period, actual.value, actual.obs_status) == ("2024", 23270.0, "A")
    checked = Observatory(
        sources={**bundled.sources, source.id: dataclasses.replace(source, note="read")},
        indicators=bundled.indicators,
        observations=bundled.observations,
    )
    check = check_claim(checked, bundled.claims["uranium-2024"])
    assert check.verdict == "supported"
    assert [r.code for r in check.reasons] == ["best-agrees", "forecasts-set-aside"]
    flagged = check_claim(bundled, bundled.claims["uranium-2024"])
    assert flagged.explanation.endswith("the verdict rests on it until it is checked.")
    assert flagged.rule == "agreement"


def test_official_target_before_press_forecast(bundled: Observatory) -> None:
    transit = check_claim(bundled, bundled.claims["transit-2035"])
    (reason,) = transit.reasons
    assert reason.code == "secondary-only"
    assert (reason.params["official"], reason.params["official_period"]) == (67.0, "2029")
    assert "The official target is 67 million t by 2029" in transit.explanation
    res = check_claim(bundled, bundled.claims["res-2030"])
    assert [r.code for r in res.reasons] == ["official-agrees", "official-conflict"]


def test_part_year_figure_is_explained(bundled: Observatory) -> None:
    turnover = check_claim(bundled, bundled.claims["turnover-2025"])
    assert [r.code for r in turnover.reasons] == ["bound-loose", "part-year"]
    assert turnover.reasons[1].params["months"] == pytest.approx(12 * 65.9 / 143.252, abs=0.05)
    assert "65.9 billion USD is only 46% of 143.25 billion USD" in turnover.explanation


def test_every_verdict_has_reasons_and_a_permalink(bundled: Observatory) -> None:
    for check in check_claims(bundled):
        assert check.reasons, check.claim.id
        assert check.explanation.endswith("."), check.claim.id
        assert claim_permalink(check.claim.id) == check.permalink
        assert check.permalink == f"/indicators/claims/{check.claim.id}"
        assert (check.rule is None) == (check.verdict == "unverified"), check.claim.id
        deciding = check.deciding_reason
        assert deciding in check.reasons
        assert check.rule == REASON_RULES.get(deciding.code if deciding else "")
        assert "_Z" not in check.explanation
        assert "essay-valdai" not in check.explanation


def test_census_settles_the_society_claims(bundled: Observatory) -> None:
    for claim_id in ("russian-speakers", "ethnic-russians"):
        check = check_claim(bundled, bundled.claims[claim_id])
        assert check.compared_period == "2021"
        assert check.reasons[0].code == "nearest-year"
        source = bundled.sources[check.best.observation.source_id]  # type: ignore[union-attr]
        assert source.kind == "statistics"
        assert "Census 2021" in source.title


def test_comparators(tiny) -> None:  # type: ignore[no-untyped-def]
    obs: Observatory = tiny(("2024", 10.0))
    from eurasia.indicators.model import Source

    obs.add_source(Source(id="essay", producer="E", title="E", kind="essay"))

    def verdict(comparator: str, value: float, tolerance: float = 0.1) -> str:
        claim = Claim(
            id="c",
            quote="q",
            indicator="x",
            ref_area="KAZ",
            period="2024",
            value=value,
            unit="t",
            comparator=comparator,
            source_id="essay",
            tolerance=tolerance,
        )
        return check_claim(obs, claim).verdict

    assert verdict("about", 10.9) == "supported"
    assert verdict("about", 11.5) == "contradicted"
    assert verdict("more than", 9.5) == "supported"
    assert verdict("more than", 5.0) == "misleading"
    assert verdict("more than", 10.0) == "contradicted"
    assert verdict("at least", 10.0) == "supported"
    assert verdict("at most", 12.0, 0.0) == "supported"
    assert verdict("less than", 9.0) == "contradicted"


def test_discrepancies_show_both_values(bundled: Observatory) -> None:
    found = find_discrepancies(bundled, exclude_sources=["essay-valdai-2025"])
    china = next(d for d in found if d.a.counterpart_area == "CHN")
    assert {china.a.value, china.b.value} == {43.82, 30.1}
    assert not china.same_side
    assert china.relative_difference == pytest.approx(relative_difference(43.82, 30.1))
    russia = next(d for d in found if d.a.counterpart_area == "RUS")
    assert russia.same_side
    assert {russia.a.value, russia.b.value} == {28.5, 26.0}
    assert all(d.relative_difference > 0.05 for d in found)
    assert find_discrepancies(bundled, threshold=0.5, exclude_sources=["essay-valdai-2025"]) == []


@pytest.mark.parametrize("locale", ["ru", "kk"])
def test_reasons_in_russian_and_kazakh_have_no_english_or_codes(
    bundled: Observatory, locale: str
) -> None:
    import re

    from eurasia.indicators.analysis import track_targets
    from eurasia.indicators.claim_text import (
        REASON_TEXTS,
        TARGET_TEXTS,
        render_reasons,
        render_target_reason,
    )

    english_words = re.compile(r"\b(the|which|agrees|stated|forecast|source|year|value|only)\b")
    codes = re.compile(r"_Z|\b[a-z]+-[a-z0-9-]+\b|\breporter\b|\bmirror\b|\bT\b|\bUSD\b")
    texts = [
        render_reasons(bundled, c.claim, c.reasons, locale=locale) for c in check_claims(bundled)
    ]
    texts += [
        render_target_reason(bundled, t.target, t.reason, locale=locale)
        for t in track_targets(bundled)
    ]
    producers = sorted((s.producer for s in bundled.sources.values()), key=len, reverse=True)
    for text in texts:
        assert text
        for producer in producers:  # names from data stay as published (marked lang="en" on pages)
            text = text.replace(producer, "")
        assert re.search("[а-яәіңғүұқөһ]", text.lower()), text
        assert not english_words.search(text), text
        assert not codes.search(text), text
    assert set(REASON_TEXTS) >= {r.code for c in check_claims(bundled) for r in c.reasons}
    assert TARGET_TEXTS
