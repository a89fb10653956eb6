"""``/api/scenarios``: the bundled scenarios, and scenario runs as jobs stored in the database.

``POST /api/scenarios/runs`` (editor role) validates the scenario at once — a bundled name or
YAML text whose ``extends`` and demand may only name bundled files — and answers ``202`` with a
queued job; the run happens in the background (:mod:`eurasia.jobs.scenario_runs`) and stores its
summary (indicators, corridor shares, bottlenecks, OD groups, convergence, and the flow, capacity
and v/c of every loaded edge). ``GET /api/scenarios/runs/{id}`` reports its status and, once it
succeeded, the result. Reads are open to everyone.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Path, Query, Request, status

from eurasia.api.schemas.scenarios import (
    RunCreate,
    RunPublic,
    RunsPublic,
    ScenarioPublic,
    ScenariosPublic,
)
from eurasia.auth.roles import Principal, shown_creator
from eurasia.corridors.scenarios.parsing import bundled_scenario_names, load_scenario
from eurasia.http.deps import SessionDep, SettingsDep
from eurasia.http.security import CurrentUser, EditorUser
from eurasia.jobs.scenario_runs import execute_run, queue_run, validate_run
from eurasia.store import corridors as repo

__all__ = ["router"]

router = APIRouter(prefix="/api/scenarios", tags=["scenarios"])


#: Fields of a run listed without its result (whose stored JSON is not even parsed).
_LISTED = tuple(name for name in RunPublic.model_fields if name != "result")


def _public(
    row: repo.ScenarioRunRow, viewer: Principal | None, *, with_result: bool = True
) -> RunPublic:
    if with_result:
        public = RunPublic.model_validate(row, from_attributes=True)
    else:
        public = RunPublic.model_validate({name: getattr(row, name) for name in _LISTED})
    return public.model_copy(update={"created_by": shown_creator(viewer, row.created_by)})


@router.get("", response_model=ScenariosPublic)
def list_scenarios() -> ScenariosPublic:
    """The bundled scenarios with their year and description."""
    data = []
    for name in bundled_scenario_names():
        sc = load_scenario(name)
        data.append(
            ScenarioPublic(
                name=name,
                title=sc.name,
                description=sc.description,
                year=sc.year,
                extends=list(sc.files[1:]),
            )
        )
    return ScenariosPublic.of(data)


@router.post(
    "/runs",
    response_model=RunPublic,
    status_code=status.HTTP_202_ACCEPTED,
    responses={422: {"description": "The scenario is invalid (file and key path named)"}},
)
def start_run(
    body: RunCreate,
    user: EditorUser,
    session: SessionDep,
    settings: SettingsDep,
    request: Request,
    tasks: BackgroundTasks,
) -> RunPublic:
    """Validate a scenario and queue its run; poll ``GET /api/scenarios/runs/{id}``.

    A user may have ``EURASIA_MAX_QUEUED_RUNS_PER_USER`` runs queued or running at once (429).
    """
    scenario, label = validate_run(scenario=body.scenario, yaml=body.yaml, year=body.year)
    row = queue_run(
        session,
        scenario,
        label=label,
        yaml_text=body.yaml or "",
        user=user.username,
        max_queued=settings.max_queued_runs_per_user,
    )
    tasks.add_task(execute_run, request.app.state.engine, row.id, scenario)
    return _public(row, user)


@router.get("/runs", response_model=RunsPublic)
def list_runs(
    session: SessionDep,
    user: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,  # the database's integer range
) -> RunsPublic:
    """Runs, newest first, without their results (who started one: only for them and admins)."""
    rows = repo.list_runs(session, limit=limit, offset=offset)
    return RunsPublic(
        data=[_public(r, user, with_result=False) for r in rows], count=repo.count_runs(session)
    )


@router.get(
    "/runs/{run_id}", response_model=RunPublic, responses={404: {"description": "No such run"}}
)
def get_run(
    run_id: Annotated[str, Path(max_length=64)], session: SessionDep, user: CurrentUser
) -> RunPublic:
    """One run with its status and, when it succeeded, its result."""
    return _public(repo.get_run(session, run_id), user)
