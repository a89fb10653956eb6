"""Schemas of ``/api/scenarios``: bundled scenarios, run requests and runs."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from eurasia.api.schemas.listing import Listing
from eurasia.auth.clock import as_utc
from eurasia.jobs.scenario_runs import ONE_SOURCE

__all__ = [
    "MAX_YAML_CHARS",
    "RunCreate",
    "RunPublic",
    "RunsPublic",
    "ScenarioPublic",
    "ScenariosPublic",
]

#: Longest scenario YAML text a run request may carry, in characters.
MAX_YAML_CHARS = 100_000


class ScenarioPublic(BaseModel):
    """A bundled scenario."""

    name: str = Field(description="Name to pass as `scenario` when starting a run")
    title: str = Field(description="The scenario's own `name` key")
    description: str
    year: int
    extends: list[str] = Field(description="Files it inherits from, nearest first")


class ScenariosPublic(Listing[ScenarioPublic]):
    """Every bundled scenario."""


class RunCreate(BaseModel):
    """Start a run: a bundled scenario by name, or scenario YAML text (exactly one)."""

    scenario: str | None = Field(default=None, description="Bundled scenario name")
    yaml: str | None = Field(default=None, max_length=MAX_YAML_CHARS, description="Scenario YAML")
    year: int | None = Field(default=None, ge=1900, le=2200, description="Override the year")

    @model_validator(mode="after")
    def _one_source(self) -> RunCreate:
        if (self.scenario is None) == (self.yaml is None):
            raise ValueError(ONE_SOURCE)
        return self


class RunPublic(BaseModel):
    """A scenario run and, once finished, its result."""

    # read from a ScenarioRunRow: ``result`` is the row's parsed ``summary``
    model_config = ConfigDict(from_attributes=True, populate_by_name=True)

    id: str
    scenario: str
    year: int | None
    status: str = Field(description="queued, running, succeeded or failed")
    created_by: str = Field(
        description="who started it; empty unless that is you or you are an admin"
    )
    created_at: Annotated[datetime, AfterValidator(as_utc)]  # SQLite hands back naive UTC
    started_at: Annotated[datetime, AfterValidator(as_utc)] | None
    finished_at: Annotated[datetime, AfterValidator(as_utc)] | None
    error: str
    result: dict[str, Any] | None = Field(
        default=None,
        validation_alias="summary",
        description="Summary: indicators, corridor shares, bottlenecks, groups, convergence and "
        "link_flows (every loaded edge: flow_mt, capacity_mt, vc, hours)",
    )


class RunsPublic(Listing[RunPublic]):
    """A page of runs, newest first (results left out)."""
