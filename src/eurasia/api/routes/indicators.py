"""``/api/indicators``: indicators, series with their sources, CSV download, claims, targets.

Reads are public. Adding observations needs the editor role; every observation must cite a known
source (a number without a source is refused).
"""

from __future__ import annotations

import io
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status
from pydantic import BaseModel, Field

from eurasia.errors import DataError, NotFoundError
from eurasia.http.deps import SessionDep
from eurasia.http.security import EditorUser
from eurasia.indicators import csvio
from eurasia.indicators.analysis import TargetTrack, track_targets
from eurasia.indicators.claims import ClaimCheck, check_claims
from eurasia.indicators.discrepancies import find_discrepancies
from eurasia.indicators.model import Indicator, Observation, Source
from eurasia.indicators.observatory import Observatory
from eurasia.store import indicators as repo

__all__ = ["router"]

router = APIRouter(prefix="/api/indicators", tags=["indicators"])

CodePath = Annotated[str, Path(description="Indicator code, e.g. trade.turnover", max_length=100)]


# --------------------------------------------------------------------------- schemas


class SourcePublic(BaseModel):
    """Who published a figure."""

    id: str
    producer: str
    title: str
    kind: str
    url: str
    published: str
    licence: str
    citation: str
    note: str


class SourceListPublic(BaseModel):
    """Sources."""

    data: list[SourcePublic]
    count: int


class IndicatorPublic(BaseModel):
    """An indicator and how many values it has."""

    code: str
    name: str
    unit: str
    unit_mult: int
    topic: str
    description: str
    observations: int


class IndicatorListPublic(BaseModel):
    """Indicators."""

    data: list[IndicatorPublic]
    count: int


class ObservationBase(BaseModel):
    """One value, with SDMX-style concepts (see the data model)."""

    indicator: str = Field(max_length=100)
    ref_area: str = Field(max_length=16, examples=["KAZ"])
    period: str = Field(max_length=7, examples=["2024"])
    value: float
    unit: str = Field(max_length=100)
    source_id: str = Field(max_length=100)
    counterpart_area: str = "_Z"
    flow: str = "_Z"
    freq: str = "A"
    unit_mult: int = 0
    reporter_side: str = "reporter"
    definition_note: str = ""
    obs_status: str = "A"
    source_locator: str = ""
    date_accessed: str = ""
    vintage: str = Field(default="", max_length=40)


class ObservationCreate(ObservationBase):
    """A value to add."""


class ObservationPublic(ObservationBase):
    """A stored value."""

    status_label: str


class ObservationListPublic(BaseModel):
    """Values of one indicator with every source they cite."""

    data: list[ObservationPublic]
    count: int
    indicator: IndicatorPublic
    sources: list[SourcePublic]


class ObservationsCreate(BaseModel):
    """Values to add in one all-or-nothing write."""

    data: list[ObservationCreate] = Field(min_length=1, max_length=10_000)


class CreatedPublic(BaseModel):
    """How many values were written."""

    count: int


class ClaimCheckPublic(BaseModel):
    """A claimed figure, its verdict and the best other source's value."""

    id: str
    quote: str
    indicator: str
    period: str
    comparator: str
    value: float
    unit: str
    unit_mult: int
    verdict: str
    compared_period: str | None
    best_value: float | None
    best_source_id: str | None
    best_reporter_side: str | None
    explanation: str


class ClaimCheckListPublic(BaseModel):
    """Claim checks."""

    data: list[ClaimCheckPublic]
    count: int


class TargetTrackPublic(BaseModel):
    """A target and how it stands."""

    id: str
    indicator: str
    ref_area: str
    target_period: str
    target_value: float
    unit: str
    unit_mult: int
    kind: str
    source_id: str
    policy_document: str
    supersedes: str
    superseded_by: str | None
    latest_period: str | None
    latest_value: float | None
    required_cagr: float | None
    historical_cagr: float | None
    history_from: str | None
    status: str
    years_to_target: float | None
    projected_value: float | None


class TargetTrackListPublic(BaseModel):
    """Target tracks."""

    data: list[TargetTrackPublic]
    count: int


class DiscrepancyPublic(BaseModel):
    """Two sources' values for the same thing that differ."""

    a: ObservationPublic
    b: ObservationPublic
    relative_difference: float
    same_side: bool


class DiscrepancyListPublic(BaseModel):
    """Discrepancies, largest first."""

    data: list[DiscrepancyPublic]
    count: int


# --------------------------------------------------------------------------- helpers


def _source(s: Source) -> SourcePublic:
    return SourcePublic(**{name: getattr(s, name) for name in SourcePublic.model_fields})


def _indicator(i: Indicator, count: int) -> IndicatorPublic:
    return IndicatorPublic(
        code=i.code,
        name=i.name,
        unit=i.unit,
        unit_mult=i.unit_mult,
        topic=i.topic,
        description=i.description,
        observations=count,
    )


def _observation(o: Observation) -> ObservationPublic:
    fields = {name: getattr(o, name) for name in ObservationBase.model_fields}
    return ObservationPublic(status_label=o.status_label, **fields)


def _claim(c: ClaimCheck) -> ClaimCheckPublic:
    best = c.best
    return ClaimCheckPublic(
        id=c.claim.id,
        quote=c.claim.quote,
        indicator=c.claim.indicator,
        period=c.claim.period,
        comparator=c.claim.comparator,
        value=c.claim.value,
        unit=c.claim.unit,
        unit_mult=c.claim.unit_mult,
        verdict=c.verdict,
        compared_period=c.compared_period,
        best_value=best.value if best else None,
        best_source_id=best.observation.source_id if best else None,
        best_reporter_side=best.observation.reporter_side if best else None,
        explanation=c.explanation,
    )


def _track(t: TargetTrack) -> TargetTrackPublic:
    g = t.target
    return TargetTrackPublic(
        id=g.id,
        indicator=g.indicator,
        ref_area=g.ref_area,
        target_period=g.target_period,
        target_value=g.target_value,
        unit=g.unit,
        unit_mult=g.unit_mult,
        kind=g.kind,
        source_id=g.source_id,
        policy_document=g.policy_document,
        supersedes=g.supersedes,
        superseded_by=t.superseded_by,
        latest_period=t.latest.period if t.latest else None,
        latest_value=t.latest.value if t.latest else None,
        required_cagr=t.required_cagr,
        historical_cagr=t.historical_cagr,
        history_from=t.history_from,
        status=t.status,
        years_to_target=t.years_to_target,
        projected_value=t.projected_value,
    )


def _series(
    session: SessionDep,
    code: str,
    ref_area: str | None,
    counterpart_area: str | None,
    flow: str | None,
    source_id: str | None,
) -> tuple[IndicatorPublic, list[Observation], Observatory]:
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


@router.get("", response_model=IndicatorListPublic, summary="List or search indicators")
def list_indicators(
    session: SessionDep,
    q: Annotated[str | None, Query(max_length=100, description="Text in code or name")] = None,
    topic: Annotated[str | None, Query(max_length=100)] = None,
) -> IndicatorListPublic:
    """Indicators with their number of values, filtered by text and topic."""
    rows = repo.list_indicators(session, q=q, topic=topic)
    return IndicatorListPublic(data=[_indicator(i, n) for i, n in rows], count=len(rows))


@router.get("/sources", response_model=SourceListPublic, summary="List sources")
def list_sources(session: SessionDep) -> SourceListPublic:
    """Every source with producer, title, URL, publication date, licence and citation."""
    sources = sorted(
        repo.load_observatory(session, indicators=[]).sources.values(), key=lambda s: s.id
    )
    return SourceListPublic(data=[_source(s) for s in sources], count=len(sources))


@router.get("/claims", response_model=ClaimCheckListPublic, summary="Claim check")
def claims(session: SessionDep) -> ClaimCheckListPublic:
    """Each claimed figure against the best available other source, with a verdict."""
    checks = check_claims(repo.load_observatory(session))
    return ClaimCheckListPublic(data=[_claim(c) for c in checks], count=len(checks))


@router.get("/targets", response_model=TargetTrackListPublic, summary="Target tracking")
def targets(
    session: SessionDep,
    window: Annotated[int, Query(ge=1, le=50, description="Years of history for the pace")] = 5,
) -> TargetTrackListPublic:
    """Each target: latest actual, required and historical CAGR, status, years to target."""
    tracks = track_targets(repo.load_observatory(session), window=window)
    return TargetTrackListPublic(data=[_track(t) for t in tracks], count=len(tracks))


@router.get(
    "/discrepancies", response_model=DiscrepancyListPublic, summary="Where sources disagree"
)
def discrepancies(
    session: SessionDep,
    threshold: Annotated[float, Query(ge=0.0, le=10.0)] = 0.05,
) -> DiscrepancyListPublic:
    """Same indicator, area, counterpart, flow and period from different sources, beyond a threshold."""
    observatory = repo.load_observatory(session)
    essay = [s.id for s in observatory.sources.values() if s.kind == "essay"]
    found = find_discrepancies(observatory, threshold=threshold, exclude_sources=essay)
    data = [
        DiscrepancyPublic(
            a=_observation(d.a),
            b=_observation(d.b),
            relative_difference=d.relative_difference,
            same_side=d.same_side,
        )
        for d in found
    ]
    return DiscrepancyListPublic(data=data, count=len(data))


@router.post(
    "/observations",
    response_model=CreatedPublic,
    status_code=status.HTTP_201_CREATED,
    summary="Add observations (editor)",
)
def create_observations(
    body: ObservationsCreate, user: EditorUser, session: SessionDep
) -> CreatedPublic:
    """Add values, all or nothing; each must cite a known source and indicator."""
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
    return CreatedPublic(count=repo.save_observatory(session, observatory, replace="keys"))


@router.get("/{code}", response_model=IndicatorPublic, summary="One indicator")
def get_indicator(code: CodePath, session: SessionDep) -> IndicatorPublic:
    """An indicator's definition and number of values."""
    found = [(i, n) for i, n in repo.list_indicators(session) if i.code == code]
    if not found:
        msg = f"no indicator {code!r}; GET /api/indicators lists them"
        raise NotFoundError(msg)
    return _indicator(*found[0])


@router.get(
    "/{code}/observations", response_model=ObservationListPublic, summary="Series with sources"
)
def observations(
    code: CodePath,
    session: SessionDep,
    ref_area: Annotated[str | None, Query(max_length=16, examples=["KAZ"])] = None,
    counterpart_area: Annotated[str | None, Query(max_length=16)] = None,
    flow: Annotated[str | None, Query(max_length=2)] = None,
    source_id: Annotated[str | None, Query(max_length=100)] = None,
) -> ObservationListPublic:
    """Every source's values of one indicator, with the sources' metadata."""
    indicator, rows, observatory = _series(
        session, code, ref_area, counterpart_area, flow, source_id
    )
    return ObservationListPublic(
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
