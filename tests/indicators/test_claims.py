"""The claim check lists every essay figure against the best available other source."""

from __future__ import annotations

import pytest

from eurasia.indicators.claims import VERDICTS, check_claim, check_claims
from eurasia.indicators.discrepancies import find_discrepancies, relative_difference
from eurasia.indicators.model import Claim
from eurasia.indicators.observatory import Observatory

EXPECTED = {
    "russia-share": ("contradicted", "kz-president-2025-10", 19.8),
    "turnover-2025": ("misleading", "wdi", 143.252),
    "china-russia-half": ("partly supported", None, 40.8),
    "china-44bn": ("partly supported", "edb-2025-08", 30.1),
    "transit-2024": ("supported", "kz-transport-ministry-2025-08", 27.4),
    "transit-2035": ("supported", "press-transit-2035", 100.0),
    "uranium-share": ("outdated", "globaldata-2024-02", 37.3),
    "uranium-2024": ("forecast, not actual", "globaldata-2024-02", 23.2),
    "res-2013": ("supported", "owid-energy", 0.0),
    "res-2023": ("supported", "owid-energy", 4.974),
    "res-2030": ("partly supported", "kz-energy-minister-2021", 10.0),
    "cultural-events-share": ("unverified", None, None),
    "joint-events": ("unverified", None, None),
    "russian-speakers": ("unverified", None, None),
    "ethnic-russians": ("unverified", None, None),
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
    half = check_claim(bundled, bundled.claims["china-russia-half"])
    assert half.compared_period == "2024"
    mirror_sum = next(c for c in half.candidates if c.observation.reporter_side == "mirror")
    assert mirror_sum.value == pytest.approx(43.82 / 141.604 * 100 + 19.8, abs=0.01)


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
