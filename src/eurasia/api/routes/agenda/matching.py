"""``/api/agenda/matching`` and ``/api/agenda/gaps``: programmes matched to projects, and the
workforce needs their graduates leave uncovered.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from eurasia.agenda.matching import gap_report, match
from eurasia.api.schemas.agenda import GapReportPublic, MatchListPublic, MatchPublic
from eurasia.http.deps import SessionDep
from eurasia.store import agenda as repo

__all__ = ["router"]

router = APIRouter(prefix="/api/agenda", tags=["agenda"])


@router.get("/matching", response_model=MatchListPublic)
def list_matches(
    session: SessionDep,
    min_digits: Annotated[int, Query(ge=2, le=4)] = 2,
    min_score: Annotated[float, Query(ge=0, le=1)] = 0.0,
    project: Annotated[str | None, Query(description="only this project")] = None,
) -> MatchListPublic:
    """Programmes matched to projects by ISCO-08 hierarchy and ISCED-F field, explained."""
    projects = repo.list_projects(session)
    if project is not None:
        projects = [repo.get_project(session, project)]
    found = match(
        repo.list_programmes(session), projects, min_digits=min_digits, min_score=min_score
    )
    data = [MatchPublic.model_validate(m, from_attributes=True) for m in found]
    return MatchListPublic.of(data)


@router.get("/gaps", response_model=GapReportPublic)
def read_gaps(
    session: SessionDep,
    min_digits: Annotated[int, Query(ge=2, le=4)] = 3,
    year: Annotated[list[int] | None, Query(description="years to report (repeatable)")] = None,
) -> GapReportPublic:
    """Workforce needs not covered by programme graduates, year by year."""
    report = gap_report(
        repo.list_programmes(session),
        repo.list_projects(session),
        years=year,
        min_digits=min_digits,
    )
    return GapReportPublic.model_validate(report, from_attributes=True)
