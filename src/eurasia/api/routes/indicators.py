"""``/api/indicators``: indicators, series with their sources, CSV download, claims, targets.

Reads are public. Adding observations needs the editor role; every observation must cite a known
source (a number without a source is refused).
"""

from __future__ import annotations

import io
from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from eurasia.api.schemas import indicators as schemas
from eurasia.auth.ownership import add_observations
from eurasia.errors import DataError, NotFoundError
from eurasia.http.deps import SessionDep
from eurasia.http.security import EditorUser
from eurasia.i18n import available_locales, translations
from eurasia.indicators import csvio
from eurasia.indicators.analysis import TargetTrack, track_targets
from eurasia.indicators.claim_text import render_reasons
from eurasia.indicators.claims import REASON_RULES, RULES, ClaimCheck, Reason, check_claims
from eurasia.indicators.discrepancies import find_discrepancies
from eurasia.indicators.model import Indicator, Observation, Source
from eurasia.indicators.observatory import Observatory
from eurasia.store import indicators as repo

__all__ = ["router"]

router = APIRouter(prefix="/api/indicators", tags=["indicators"])

CodePath = Annotated[str, Path(description="Indicator code, e.g. trade.turnover", max_length=100)]
LangQuery = Annotated[
    str, Query(description="Language of reasons and rules: en, ru or kk", max_length=8)
]


# --------------------------------------------------------------------------- helpers


def _source(s: Source) -> schemas.SourcePublic:
    return schemas.SourcePublic.model_validate(s, from_attributes=True)


def _indicator(i: Indicator, count: int) -> schemas.IndicatorPublic:
    fields = {
        name: getattr(i, name)
        for name in schemas.IndicatorPublic.model_fields
        if name != "observations"
    }
    return schemas.IndicatorPublic.model_validate({**fields, "observations": count})


def _observation(o: Observation) -> schemas.ObservationPublic:
    return schemas.ObservationPublic.model_validate(o, from_attributes=True)


def _claim(c: ClaimCheck, observatory: Observatory, lang: str) -> schemas.ClaimCheckPublic:
    best = c.best
    t = translations(lang)

    def said(reasons: list[Reason]) -> str:
        return render_reasons(observatory, c.claim, reasons, locale=lang)

    deciding = c.deciding_reason
    return schemas.ClaimCheckPublic.model_validate(
        {
            **asdict(c.claim),
            "verdict": c.verdict,
            "compared_period": c.compared_period,
            "best_value": best.value if best else None,
            "best_source_id": best.observation.source_id if best else None,
            "best_reporter_side": best.observation.reporter_side if best else None,
            "explanation": said(list(c.reasons)),
            "reason": said([deciding]) if deciding is not None else "",
            "rule": c.rule,
            "rule_text": t.gettext(RULES[c.rule]) if c.rule is not None else None,
            "reasons": [
                schemas.ClaimReasonPublic(
                    code=r.code, rule=REASON_RULES.get(r.code), text=said([r])
                )
                for r in c.reasons
            ],
            "permalink": c.permalink,
        }
    )


def _locale(lang: str) -> str:
    if lang not in available_locales():
        msg = f"lang: expected one of {list(available_locales())}, got {lang!r}"
        raise DataError(msg)
    return lang


def _track(t: TargetTrack) -> schemas.TargetTrackPublic:
    """Return the target's fields beside how it stands, the latest actual value flattened."""
    track = asdict(t)
    return schemas.TargetTrackPublic.model_validate(
        {
            **track.pop("target"),
            **track,
            "latest_period": t.latest.period if t.latest else None,
            "latest_value": t.latest.value if t.latest else None,
        }
    )


def _series(
    session: SessionDep,
    code: str,
    ref_area: str | None,
    counterpart_area: str | None,
    flow: str | None,
    source_id: str | None,
) -> tuple[schemas.IndicatorPublic, list[Observation], Observatory]:
    found = [(i, n) for i, n in repo.list_indicators(session) if i.code == code]
    if not found:
        msg = f"no indicator {code!r}; GET /api/indicators lists them"
        raise NotFoundError(msg)
    observatory = repo.load_observatory(session, indicators=[code])
    rows = observatory.series(
        code, ref_area=ref_area, counterpart_area=counterpart_area, flow=flow, source_id=source_id
    )
    return _indicator(*found[0]), rows, observatory


# --------------------------------------------------------------------------- routes


@router.get("", response_model=schemas.IndicatorListPublic, summary="List or search indicators")
def list_indicators(
    session: SessionDep,
    q: Annotated[str | None, Query(max_length=100, description="Text in code or name")] = None,
    topic: Annotated[str | None, Query(max_length=100)] = None,
) -> schemas.IndicatorListPublic:
    """Indicators with their number of values, filtered by text and topic."""
    rows = repo.list_indicators(session, q=q, topic=topic)
    return schemas.IndicatorListPublic.of([_indicator(i, n) for i, n in rows])


@router.get("/sources", response_model=schemas.SourceListPublic, summary="List sources")
def list_sources(session: SessionDep) -> schemas.SourceListPublic:
    """Every source with producer, title, URL, publication date, licence and citation."""
    sources = sorted(
        repo.load_observatory(session, indicators=[]).sources.values(), key=lambda s: s.id
    )
    return schemas.SourceListPublic.of([_source(s) for s in sources])


@router.get("/claims", response_model=schemas.ClaimCheckListPublic, summary="Claim check")
def claims(session: SessionDep, lang: LangQuery = "en") -> schemas.ClaimCheckListPublic:
    """Each claimed figure against the best available other source, with a verdict.

    Every claim carries its reasons in plain words (``lang``: en, ru or kk), the rule that
    decided its verdict and its permalink on the claim page; ``rules`` lists the written rules.
    """
    locale = _locale(lang)
    observatory = repo.load_observatory(session)
    checks = check_claims(observatory)
    t = translations(locale)
    return schemas.ClaimCheckListPublic(
        data=[_claim(c, observatory, locale) for c in checks],
        count=len(checks),
        rules=[schemas.ClaimRulePublic(code=k, text=t.gettext(v)) for k, v in RULES.items()],
    )


@router.get(
    "/claims/{claim_id}", response_model=schemas.ClaimCheckPublic, summary="One claim checked"
)
def claim(
    claim_id: Annotated[str, Path(max_length=100, description="Claim id, e.g. uranium-2024")],
    session: SessionDep,
    lang: LangQuery = "en",
) -> schemas.ClaimCheckPublic:
    """One claim's verdict with its reasons, deciding rule and permalink."""
    locale = _locale(lang)
    observatory = repo.load_observatory(session)
    if claim_id not in observatory.claims:
        msg = f"no claim {claim_id!r}; GET /api/indicators/claims lists them"
        raise NotFoundError(msg)
    (check,) = check_claims(observatory, [observatory.claims[claim_id]])
    return _claim(check, observatory, locale)


@router.get("/targets", response_model=schemas.TargetTrackListPublic, summary="Target tracking")
def targets(
    session: SessionDep,
    window: Annotated[int, Query(ge=1, le=50, description="Years of history for the pace")] = 5,
) -> schemas.TargetTrackListPublic:
    """Each target: latest actual, required and historical CAGR, status, years to target."""
    tracks = track_targets(repo.load_observatory(session), window=window)
    return schemas.TargetTrackListPublic.of([_track(t) for t in tracks])


@router.get(
    "/discrepancies", response_model=schemas.DiscrepancyListPublic, summary="Where sources disagree"
)
def discrepancies(
    session: SessionDep,
    threshold: Annotated[float, Query(ge=0.0, le=10.0)] = 0.05,
) -> schemas.DiscrepancyListPublic:
    """Same indicator, area, counterpart, flow and period from different sources, beyond a threshold."""
    observatory = repo.load_observatory(session)
    essay = [s.id for s in observatory.sources.values() if s.kind == "essay"]
    found = find_discrepancies(observatory, threshold=threshold, exclude_sources=essay)
    data = [schemas.DiscrepancyPublic.model_validate(d, from_attributes=True) for d in found]
    return schemas.DiscrepancyListPublic.of(data)


@router.post(
    "/observations",
    response_model=schemas.CreatedPublic,
    status_code=status.HTTP_201_CREATED,
    summary="Add observations (editor)",
)
def create_observations(
    body: schemas.ObservationsCreate, user: EditorUser, session: SessionDep
) -> schemas.CreatedPublic:
    """Add values, all or nothing; each must cite a known source and indicator.

    A value is owned by its author. Replacing a stored value (same indicator, areas, flow,
    period, side, source, vintage and status) is for its owner or an admin (403 otherwise), and
    never for a bundled value (409): a correction is a new vintage citing its source.
    """
    observatory = Observatory()
    known = {i.code for i, _ in repo.list_indicators(session)}
    rows = []
    for index, item in enumerate(body.data):
        try:
            rows.append(Observation(**item.model_dump()))
        except DataError as exc:
            msg = f"data[{index}]: {exc}"
            raise DataError(msg) from None
        if item.indicator not in known:
            msg = f"data[{index}]: indicator {item.indicator!r} is not known"
            raise DataError(msg)
    seen: set[tuple[str, ...]] = set()
    for index, obs in enumerate(rows):
        if obs.key in seen:
            msg = f"data[{index}]: repeats an earlier item (same indicator, area, period, source…)"
            raise DataError(msg)
        seen.add(obs.key)
    observatory.observations = rows
    return schemas.CreatedPublic(count=add_observations(session, observatory, by=user))


@router.get("/{code}", response_model=schemas.IndicatorPublic, summary="One indicator")
def get_indicator(code: CodePath, session: SessionDep) -> schemas.IndicatorPublic:
    """An indicator's definition and number of values."""
    found = [(i, n) for i, n in repo.list_indicators(session) if i.code == code]
    if not found:
        msg = f"no indicator {code!r}; GET /api/indicators lists them"
        raise NotFoundError(msg)
    return _indicator(*found[0])


@router.get(
    "/{code}/observations",
    response_model=schemas.ObservationListPublic,
    summary="Series with sources",
)
def observations(
    code: CodePath,
    session: SessionDep,
    ref_area: Annotated[str | None, Query(max_length=16, examples=["KAZ"])] = None,
    counterpart_area: Annotated[str | None, Query(max_length=16)] = None,
    flow: Annotated[str | None, Query(max_length=2)] = None,
    source_id: Annotated[str | None, Query(max_length=100)] = None,
) -> schemas.ObservationListPublic:
    """Every source's values of one indicator, with the sources' metadata."""
    indicator, rows, observatory = _series(
        session, code, ref_area, counterpart_area, flow, source_id
    )
    return schemas.ObservationListPublic(
        data=[_observation(o) for o in rows],
        count=len(rows),
        indicator=indicator,
        sources=[_source(s) for s in observatory.sources_of(rows)],
    )


@router.get(
    "/{code}/observations.csv",
    response_class=Response,
    summary="Series as CSV",
    responses={200: {"content": {"text/csv": {}}, "description": "Observations, plain layout"}},
)
def observations_csv(
    code: CodePath,
    session: SessionDep,
    ref_area: Annotated[str | None, Query(max_length=16)] = None,
    counterpart_area: Annotated[str | None, Query(max_length=16)] = None,
    flow: Annotated[str | None, Query(max_length=2)] = None,
    source_id: Annotated[str | None, Query(max_length=100)] = None,
) -> Response:
    """The series in the documented plain CSV layout (every row names its source)."""
    _, rows, _ = _series(session, code, ref_area, counterpart_area, flow, source_id)
    buffer = io.StringIO()
    csvio.write_observations(buffer, rows)
    filename = f"{code}.csv"
    return Response(
        buffer.getvalue(),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
