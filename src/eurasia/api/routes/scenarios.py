"""``/api/scenarios``: the bundled scenarios, and scenario runs as jobs stored in the database.

``POST /api/scenarios/runs`` (editor role) validates the scenario at once — a bundled name or
YAML text whose ``extends`` and demand may only name bundled files — and answers ``202`` with a
queued job; the run happens in the background and stores its summary (indicators, corridor
shares, bottlenecks, OD groups, convergence, and the flow, capacity and v/c of every loaded
edge). ``GET /api/scenarios/runs/{id}`` reports its status and, once it succeeded, the result.
Reads are open to everyone.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Path, Query, Request, status
from pydantic import AfterValidator, BaseModel, Field, model_validator
from sqlalchemy import Engine

from eurasia.api.deps import SessionDep
from eurasia.api.security import EditorUser
from eurasia.auth.clock import as_utc
from eurasia.corridors.scenarios.apply import apply_scenario
from eurasia.corridors.scenarios.parsing import (
    bundled_scenario_names,
    load_scenario,
    parse_scenario_text,
)
from eurasia.corridors.scenarios.running import run_scenario
from eurasia.corridors.scenarios.schema import Scenario
from eurasia.corridors.scenarios.summary import stored_summary
from eurasia.errors import DataError, EurasiaError
from eurasia.store import corridors as repo
from eurasia.store.db import session_scope

__all__ = ["RunCreate", "execute_run", "router", "validate_run"]

router = APIRouter(prefix="/api/scenarios", tags=["scenarios"])
log = logging.getLogger("eurasia.api.scenarios")
MAX_YAML_CHARS = 100_000


class ScenarioPublic(BaseModel):
    """A bundled scenario."""

    name: str = Field(description="Name to pass as `scenario` when starting a run")
    title: str = Field(description="The scenario's own `name` key")
    description: str
    year: int
    extends: list[str] = Field(description="Files it inherits from, nearest first")


class ScenariosPublic(BaseModel):
    """Every bundled scenario."""

    data: list[ScenarioPublic]
    count: int


class RunCreate(BaseModel):
    """Start a run: a bundled scenario by name, or scenario YAML text (exactly one)."""

    scenario: str | None = Field(default=None, description="Bundled scenario name")
    yaml: str | None = Field(default=None, max_length=MAX_YAML_CHARS, description="Scenario YAML")
    year: int | None = Field(default=None, ge=1900, le=2200, description="Override the year")

    @model_validator(mode="after")
    def _one_source(self) -> RunCreate:
        if (self.scenario is None) == (self.yaml is None):
            msg = "give exactly one of 'scenario' (a bundled name) or 'yaml' (scenario text)"
            raise ValueError(msg)
        return self


class RunPublic(BaseModel):
    """A scenario run and, once finished, its result."""

    id: str
    scenario: str
    year: int | None
    status: str = Field(description="queued, running, succeeded or failed")
    created_by: str
    created_at: Annotated[datetime, AfterValidator(as_utc)]  # SQLite hands back naive UTC
    started_at: Annotated[datetime, AfterValidator(as_utc)] | None
    finished_at: Annotated[datetime, AfterValidator(as_utc)] | None
    error: str
    result: dict[str, Any] | None = Field(
        default=None,
        description="Summary: indicators, corridor shares, bottlenecks, groups, convergence and "
        "link_flows (every loaded edge: flow_mt, capacity_mt, vc, hours)",
    )


class RunsPublic(BaseModel):
    """A page of runs, newest first (results left out)."""

    data: list[RunPublic]
    count: int


def _public(row: repo.ScenarioRunRow, *, with_result: bool = True) -> RunPublic:
    return RunPublic(
        id=row.id,
        scenario=row.scenario,
        year=row.year,
        status=row.status,
        created_by=row.created_by,
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        error=row.error,
        result=row.summary if with_result else None,
    )


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
    return ScenariosPublic(data=data, count=len(data))


def validate_run(body: RunCreate) -> tuple[Scenario, str]:
    """The scenario a run request names and its label, checked against the network.

    Raises
    ------
    DataError
        Naming the file and key path of the problem (or the unknown bundled name).
    """
    if body.scenario is not None:
        if body.scenario not in bundled_scenario_names():
            msg = (
                f"scenario: no bundled scenario {body.scenario!r}; "
                f"available: {', '.join(bundled_scenario_names())}"
            )
            raise DataError(msg)
        scenario = load_scenario(body.scenario)
        label = body.scenario
    else:
        scenario = parse_scenario_text(body.yaml or "", source="request.yaml", bundled_only=True)
        label = scenario.name
    if body.year is not None:
        scenario = scenario.at_year(body.year)
    from eurasia.corridors.io.dataset import load_network

    apply_scenario(scenario, load_network())  # names file and key path of any problem
    return scenario, label


def execute_run(engine: Engine, run_id: str, scenario: Scenario) -> None:
    """Run a queued job to the end and store its summary with the loaded edges, or the error."""
    with session_scope(engine) as session:
        repo.start_run(session, run_id)
    try:
        outcome = run_scenario(scenario)
    except EurasiaError as exc:
        with session_scope(engine) as session:
            repo.fail_run(session, run_id, error=str(exc))
        return
    except Exception:  # a crash must still end the job; the log has the traceback
        log.exception("scenario run %s crashed", run_id)
        with session_scope(engine) as session:
            repo.fail_run(session, run_id, error="internal error; see the server log")
        return
    with session_scope(engine) as session:
        repo.finish_run(session, run_id, summary=stored_summary(outcome))


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
    request: Request,
    tasks: BackgroundTasks,
) -> RunPublic:
    """Validate a scenario and queue its run; poll ``GET /api/scenarios/runs/{id}``."""
    scenario, label = validate_run(body)
    row = repo.create_run(
        session,
        scenario=label,
        yaml_text=body.yaml or "",
        year=scenario.year,
        user=user.username,
    )
    public = _public(row)
    session.commit()
    tasks.add_task(execute_run, request.app.state.engine, row.id, scenario)
    return public


@router.get("/runs", response_model=RunsPublic)
def list_runs(
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,  # the database's integer range
) -> RunsPublic:
    """Runs, newest first, without their results."""
    rows = repo.list_runs(session, limit=limit, offset=offset)
    return RunsPublic(
        data=[_public(r, with_result=False) for r in rows], count=repo.count_runs(session)
    )


@router.get(
    "/runs/{run_id}", response_model=RunPublic, responses={404: {"description": "No such run"}}
)
def get_run(run_id: Annotated[str, Path(max_length=64)], session: SessionDep) -> RunPublic:
    """One run with its status and, when it succeeded, its result."""
    return _public(repo.get_run(session, run_id))
