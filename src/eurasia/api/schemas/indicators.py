"""Schemas of ``/api/indicators``.

Sources, indicators, observations, claims, targets and discrepancies. ``Public`` models read the
domain objects of :mod:`eurasia.indicators` with ``Model.model_validate(obj,
from_attributes=True)``.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from eurasia.api.schemas.listing import Listing
from eurasia.api.schemas.text import Code, FreeText, SingleLine

__all__ = [
    "ClaimCheckListPublic",
    "ClaimCheckPublic",
    "ClaimReasonPublic",
    "ClaimRulePublic",
    "CreatedPublic",
    "DiscrepancyListPublic",
    "DiscrepancyPublic",
    "IndicatorListPublic",
    "IndicatorPublic",
    "ObservationBase",
    "ObservationCreate",
    "ObservationListPublic",
    "ObservationPublic",
    "ObservationsCreate",
    "SourceListPublic",
    "SourcePublic",
    "TargetTrackListPublic",
    "TargetTrackPublic",
]


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


class SourceListPublic(Listing[SourcePublic]):
    """Sources."""


class IndicatorPublic(BaseModel):
    """An indicator and how many values it has."""

    code: str
    name: str
    unit: str
    unit_mult: int
    topic: str
    description: str
    observations: int


class IndicatorListPublic(Listing[IndicatorPublic]):
    """Indicators."""


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
    """A value to add: codes bounded and on one line, notes bounded."""

    indicator: Code = Field(max_length=100)
    ref_area: Code = Field(max_length=16, examples=["KAZ"])
    period: Code = Field(max_length=7, examples=["2024"])
    unit: SingleLine = Field(max_length=100)
    source_id: Code = Field(max_length=100)
    counterpart_area: Code = Field(default="_Z", max_length=16)
    flow: Code = Field(default="_Z", max_length=2)
    freq: Code = Field(default="A", max_length=1)
    reporter_side: Code = Field(default="reporter", max_length=8)
    definition_note: FreeText = ""
    obs_status: Code = Field(default="A", max_length=1)
    source_locator: FreeText = ""
    date_accessed: Code = Field(default="", max_length=10)
    vintage: Code = Field(default="", max_length=40)


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


class ClaimReasonPublic(BaseModel):
    """One step of a verdict, in plain words, and the written rule it applies."""

    code: str = Field(description="Reason code, e.g. best-agrees, mirror-agrees, only-forecasts")
    rule: str | None = Field(description="Code of the rule applied (see rules); null: none")
    text: str = Field(description="The reason as a sentence in the requested language")


class ClaimRulePublic(BaseModel):
    """A written claim rule."""

    code: str
    text: str


class ClaimCheckPublic(BaseModel):
    """A claimed figure, its verdict, the best other source's value and why."""

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
    reason: str = Field(
        default="", description="The reason that decided the verdict, as a sentence"
    )
    rule: str | None = Field(default=None, description="Code of the rule that decided the verdict")
    rule_text: str | None = Field(default=None, description="That rule in words")
    reasons: list[ClaimReasonPublic] = Field(default=[], description="Every reason, in order")
    permalink: str = Field(
        default="", description="Page address of this claim (opens the claim page at its row)"
    )


class ClaimCheckListPublic(BaseModel):
    """Claim checks, with the rules their verdicts follow."""

    data: list[ClaimCheckPublic]
    count: int
    rules: list[ClaimRulePublic] = []


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


class TargetTrackListPublic(Listing[TargetTrackPublic]):
    """Target tracks."""


class DiscrepancyPublic(BaseModel):
    """Two sources' values for the same thing that differ."""

    a: ObservationPublic
    b: ObservationPublic
    relative_difference: float
    same_side: bool


class DiscrepancyListPublic(Listing[DiscrepancyPublic]):
    """Discrepancies, largest first."""
