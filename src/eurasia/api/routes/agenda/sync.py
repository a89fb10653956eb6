"""Synchronisation views of the agenda: instances in a window, clashes, co-scheduling
suggestions and the year view (``/api/agenda/instances``, ``/clashes``, ``/suggestions``,
``/year/{year}``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from eurasia.agenda.recurrence import expand
from eurasia.agenda.sync import ClashRules, find_clashes, suggest_pairs, year_view
from eurasia.api.routes.agenda.deps import FiltersDep, WindowDep, events_for
from eurasia.api.schemas import agenda as schemas
from eurasia.http.deps import SessionDep, SettingsDep
from eurasia.http.security import CurrentUser

__all__ = ["router"]

router = APIRouter(prefix="/api/agenda", tags=["agenda"])


#: Instances the pair-wise views (clashes, suggestions) expand at most: they compare pairs.
PAIRWISE_BUDGET = 2000


@router.get("/instances", response_model=schemas.InstanceListPublic)
def list_instances(
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    filters: FiltersDep,
    window: WindowDep,
    limit: Annotated[
        int | None, Query(ge=1, le=100_000, description="page size (at most EURASIA_MAX_PAGE_SIZE)")
    ] = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> schemas.InstanceListPublic:
    """Instances of the matching events in ``[start, end)``, a page at a time.

    Each event contributes at most ``EURASIA_MAX_INSTANCES_PER_EVENT`` instances and a window
    holding more than ``EURASIA_MAX_INSTANCES_PER_REQUEST`` is a 422 (ask for a shorter one).
    """
    size = min(limit or settings.max_page_size, settings.max_page_size)
    instances = expand(events_for(session, filters, user), *window)
    page = instances[offset : offset + size]
    data = [schemas.InstancePublic.model_validate(i, from_attributes=True) for i in page]
    more = offset + size < len(instances)
    return schemas.InstanceListPublic(
        data=data,
        count=len(data),
        total=len(instances),
        offset=offset,
        next_offset=offset + size if more else None,
    )


@router.get("/clashes", response_model=schemas.ClashListPublic)
def list_clashes(
    session: SessionDep,
    user: CurrentUser,
    filters: FiltersDep,
    window: WindowDep,
    same_city: bool = True,
    same_organiser: bool = True,
    same_audience: bool = True,
    buffer_days: Annotated[int, Query(ge=0, le=60)] = 0,
) -> schemas.ClashListPublic:
    """Instances that clash: same city, organiser or audience on overlapping days."""
    rules = ClashRules(same_city, same_organiser, same_audience, buffer_days)
    instances = expand(events_for(session, filters, user), *window, max_total=PAIRWISE_BUDGET)
    clashes = find_clashes(instances, rules=rules)
    data = [schemas.ClashPublic.model_validate(c, from_attributes=True) for c in clashes]
    return schemas.ClashListPublic.of(data)


@router.get("/suggestions", response_model=schemas.SuggestionListPublic)
def list_suggestions(
    session: SessionDep,
    user: CurrentUser,
    filters: FiltersDep,
    window: WindowDep,
    within_days: Annotated[int, Query(ge=0, le=60)] = 7,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    same_city: bool = True,
    same_organiser: bool = True,
    same_audience: bool = True,
    buffer_days: Annotated[int, Query(ge=0, le=60)] = 0,
) -> schemas.SuggestionListPublic:
    """Business events paired with cultural or educational ones in the same city, scored.

    A pair that clashes under the clash rules given (the same as ``/clashes`` takes) is never
    suggested; each suggestion says why it is no clash.
    """
    rules = ClashRules(same_city, same_organiser, same_audience, buffer_days)
    instances = expand(events_for(session, filters, user), *window, max_total=PAIRWISE_BUDGET)
    pairs = suggest_pairs(instances, within_days=within_days, limit=limit, clash_rules=rules)
    data = [schemas.SuggestionPublic.model_validate(s, from_attributes=True) for s in pairs]
    return schemas.SuggestionListPublic.of(data)


@router.get("/year/{year}", response_model=schemas.YearViewPublic)
def read_year(
    year: Annotated[int, Path(ge=1900, le=2200)],
    session: SessionDep,
    user: CurrentUser,
    filters: FiltersDep,
    min_gap_days: Annotated[int, Query(ge=1, le=366)] = 21,
) -> schemas.YearViewPublic:
    """When each event falls in ``year``, empty months and gaps of ``min_gap_days`` or more."""
    view = year_view(events_for(session, filters, user), year, min_gap_days=min_gap_days)
    return schemas.YearViewPublic.model_validate(view, from_attributes=True)
