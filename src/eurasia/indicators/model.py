"""Domain objects of the observatory: sources, indicators, observations, area groups, targets, claims.

Concept names follow SDMX (``REF_AREA``, ``COUNTERPART_AREA``, ``OBS_STATUS``, ``UNIT_MULT``); every
value carries the id of its source, so that conflicting figures sit side by side. Objects validate
themselves on construction and raise :class:`~eurasia.errors.DataError` naming the field.

Examples
--------
>>> obs = Observation(indicator="transit.cargo", ref_area="KAZ", period="2024", value=27.4,
...                   unit="t", unit_mult=6, source_id="kz-transport-ministry-2025")
>>> obs.scaled_value, obs.year, obs.status_label
(27400000.0, 2024, 'actual')
>>> Observation(indicator="x", ref_area="KAZ", period="24", value=1.0, unit="t", source_id="s")
Traceback (most recent call last):
...
eurasia.errors.DataError: field 'period': expected YYYY for freq 'A', got '24'
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field

from eurasia.errors import DataError
from eurasia.i18n import N_

__all__ = [
    "ACTUAL_STATUSES",
    "CLAIM_COMPARATORS",
    "FLOWS",
    "FREQS",
    "NOT_APPLICABLE",
    "OBS_STATUSES",
    "REPORTER_SIDES",
    "SOURCE_KINDS",
    "TARGET_KINDS",
    "AreaGroup",
    "Claim",
    "Indicator",
    "Membership",
    "Observation",
    "Source",
    "Target",
    "period_sort_key",
]

#: SDMX ``OBS_STATUS`` codes used here and what they mean.
OBS_STATUSES: dict[str, str] = {
    "A": "actual",
    "P": "provisional",
    "E": "estimate",
    "F": "forecast",
    "T": "target",
}
#: Statuses that count as measured values (not forecasts or targets).
ACTUAL_STATUSES = frozenset({"A", "P", "E"})
#: Flows: exports, imports, total trade (turnover), or not applicable.
FLOWS: dict[str, str] = {"X": "exports", "M": "imports", "T": "total trade", "_Z": "not applicable"}
#: Frequencies and the period format each expects.
FREQS: dict[str, str] = {"A": "YYYY", "Q": "YYYY-Qn", "M": "YYYY-MM"}
#: Whose statistics a bilateral figure is: the reporting country's own, or the partner's mirror.
REPORTER_SIDES = ("reporter", "mirror")
#: Kinds of source, best first: the rank decides the "best available source" in claim checks.
SOURCE_KINDS: tuple[str, ...] = (
    "statistics",
    "official",
    "company",
    "international",
    "analyst",
    "press",
    "essay",
)
#: Kinds of target.
TARGET_KINDS = ("official target", "forecast", "aspiration")
#: How a claim states its value.
#: How a claim states its figure (English msgids: the brief and the CLI show them translated).
CLAIM_COMPARATORS = (N_("about"), N_("more than"), N_("at least"), N_("at most"), N_("less than"))
#: SDMX code for "not applicable" (counterpart area or flow of a non-bilateral indicator).
NOT_APPLICABLE = "_Z"

_PERIOD = {
    "A": re.compile(r"\d{4}"),
    "Q": re.compile(r"\d{4}-Q[1-4]"),
    "M": re.compile(r"\d{4}-(0[1-9]|1[0-2])"),
}
_AREA = re.compile(r"_Z|[A-Z0-9][A-Z0-9_+]{1,15}")
_PUBLISHED = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")
_CODE = re.compile(r"[a-z0-9][a-z0-9_.\-]{0,99}")


def _require(condition: bool, name: str, expected: str, got: object) -> None:
    if not condition:
        msg = f"field {name!r}: expected {expected}, got {got!r}"
        raise DataError(msg)


_CODE_RULES = {
    "code": (_CODE, "a lower-case code of letters, digits, '.', '_' or '-'"),
    "area": (_AREA, "an upper-case area code (ISO 3166-1 alpha-3, a group such as EAEU, or _Z)"),
}


def _check_pattern(value: str, name: str, kind: str) -> None:
    pattern, expected = _CODE_RULES[kind]
    _require(isinstance(value, str) and pattern.fullmatch(value) is not None, name, expected, value)


def _check_code(value: str, name: str) -> None:
    _check_pattern(value, name, "code")


def _check_area(value: str, name: str) -> None:
    _check_pattern(value, name, "area")


def _check_date(value: str, name: str) -> None:
    if value:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            _require(False, name, "an ISO date YYYY-MM-DD or empty", value)


def _check_partial_date(value: str, name: str) -> None:
    _require(
        not value or _PUBLISHED.fullmatch(value) is not None,
        name,
        "YYYY, YYYY-MM or YYYY-MM-DD",
        value,
    )


def period_sort_key(period: str) -> tuple[int, int]:
    """Sort key of a period: (year, sub-period), quarters and months ordered within the year.

    Examples
    --------
    >>> sorted(["2024-Q2", "2023", "2024-Q1"], key=period_sort_key)
    ['2023', '2024-Q1', '2024-Q2']
    """
    year = int(period[:4])
    rest = period[5:]
    if not rest:
        return (year, 0)
    return (year, int(rest[1:]) * 3 if rest.startswith("Q") else int(rest))


@dataclass(frozen=True, slots=True)
class Source:
    """Who published a figure: producer, title, URL, publication date, licence and citation.

    ``kind`` ranks sources for claim checks (see :data:`SOURCE_KINDS`, best first).

    Examples
    --------
    >>> Source(id="wdi", producer="World Bank", title="World Development Indicators",
    ...        kind="statistics").rank
    0
    """

    id: str
    producer: str
    title: str
    kind: str
    url: str = ""
    published: str = ""
    licence: str = ""
    citation: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        """Check the fields; a bad one raises :class:`~eurasia.errors.DataError` naming it."""
        _check_code(self.id, "id")
        _require(bool(self.producer.strip()), "producer", "a non-empty name", self.producer)
        _require(bool(self.title.strip()), "title", "a non-empty title", self.title)
        _require(self.kind in SOURCE_KINDS, "kind", f"one of {SOURCE_KINDS}", self.kind)
        _check_partial_date(self.published, "published")

    @property
    def rank(self) -> int:
        """0 for the most authoritative kind (statistics), larger for weaker kinds."""
        return SOURCE_KINDS.index(self.kind)

    @property
    def label(self) -> str:
        """Short citation: producer, title and year when known."""
        year = f", {self.published[:4]}" if self.published else ""
        return f"{self.producer}, {self.title}{year}"

    @property
    def checked(self) -> bool:
        """False when the note starts with ``unchecked:`` (its figures not yet read in the source).

        Like ``estimate:`` for a made value, ``unchecked:`` says that whoever added the source could
        not read the publication itself; claim checks that rest on such a figure say so.

        Examples
        --------
        >>> Source(id="s", producer="P", title="T", kind="company",
        ...        note="unchecked: no copy of the update was at hand").checked
        False
        """
        return not self.note.lower().startswith("unchecked:")


@dataclass(frozen=True, slots=True)
class Indicator:
    """What is measured: code, name, unit and topic, with a definition.

    Examples
    --------
    >>> Indicator(code="energy.uranium_production", name="Uranium production", unit="tU",
    ...           topic="energy").code
    'energy.uranium_production'
    """

    code: str
    name: str
    unit: str
    topic: str
    description: str = ""
    unit_mult: int = 0

    def __post_init__(self) -> None:
        """Check the fields; a bad one raises :class:`~eurasia.errors.DataError` naming it."""
        _check_code(self.code, "code")
        _require(bool(self.name.strip()), "name", "a non-empty name", self.name)
        _require(bool(self.unit.strip()), "unit", "a non-empty unit", self.unit)
        _check_code(self.topic, "topic")


@dataclass(frozen=True, slots=True)
class Observation:
    """One value of one indicator for one area, counterpart, flow and period, from one source."""

    indicator: str
    ref_area: str
    period: str
    value: float
    unit: str
    source_id: str
    counterpart_area: str = NOT_APPLICABLE
    flow: str = NOT_APPLICABLE
    freq: str = "A"
    unit_mult: int = 0
    reporter_side: str = "reporter"
    definition_note: str = ""
    obs_status: str = "A"
    source_locator: str = ""
    date_accessed: str = ""
    vintage: str = ""

    def __post_init__(self) -> None:
        """Check the fields; a bad one raises :class:`~eurasia.errors.DataError` naming it."""
        # One pass of cheap tests on the hot path (imports build many); messages only on failure.
        if not (
            _CODE.fullmatch(self.indicator)
            and _AREA.fullmatch(self.ref_area)
            and _AREA.fullmatch(self.counterpart_area)
            and self.freq in _PERIOD
            and isinstance(self.period, str)
            and _PERIOD[self.freq].fullmatch(self.period)
            and type(self.value) is float
            and math.isfinite(self.value)
            and self.unit.strip()
            and len(self.unit) <= 100
            and len(self.vintage) <= 40
            and _CODE.fullmatch(self.source_id)
            and self.flow in FLOWS
            and type(self.unit_mult) is int
            and -12 <= self.unit_mult <= 15
            and self.reporter_side in REPORTER_SIDES
            and self.obs_status in OBS_STATUSES
        ):
            self._explain()
        if self.date_accessed:
            _check_date(self.date_accessed, "date_accessed")

    def _explain(self) -> None:
        if isinstance(self.value, int) and not isinstance(self.value, bool):
            object.__setattr__(self, "value", float(self.value))  # accept 3 for 3.0
        _check_code(self.indicator, "indicator")
        _check_area(self.ref_area, "ref_area")
        _check_area(self.counterpart_area, "counterpart_area")
        _require(self.freq in FREQS, "freq", f"one of {sorted(FREQS)}", self.freq)
        _require(
            isinstance(self.period, str) and _PERIOD[self.freq].fullmatch(self.period) is not None,
            "period",
            f"{FREQS[self.freq]} for freq {self.freq!r}",
            self.period,
        )
        _require(
            isinstance(self.value, float) and math.isfinite(self.value),
            "value",
            "a finite number",
            self.value,
        )
        _require(0 < len(self.unit.strip()) <= 100, "unit", "1-100 characters", self.unit)
        _require(len(self.vintage) <= 40, "vintage", "at most 40 characters", self.vintage)
        _check_code(self.source_id, "source_id")
        _require(self.flow in FLOWS, "flow", f"one of {sorted(FLOWS)}", self.flow)
        _require(
            isinstance(self.unit_mult, int) and -12 <= self.unit_mult <= 15,
            "unit_mult",
            "an integer power of ten in [-12, 15]",
            self.unit_mult,
        )
        _require(
            self.reporter_side in REPORTER_SIDES,
            "reporter_side",
            f"one of {REPORTER_SIDES}",
            self.reporter_side,
        )
        _require(
            self.obs_status in OBS_STATUSES,
            "obs_status",
            f"one of {sorted(OBS_STATUSES)}",
            self.obs_status,
        )

    @property
    def scaled_value(self) -> float:
        """``value × 10**unit_mult`` in the base unit."""
        return self.value * 10.0**self.unit_mult

    @property
    def year(self) -> int:
        """Calendar year of the period."""
        return int(self.period[:4])

    @property
    def status_label(self) -> str:
        """Readable observation status (actual, provisional, estimate, forecast, target)."""
        return OBS_STATUSES[self.obs_status]

    @property
    def series_key(self) -> tuple[str, str, str, str]:
        """What the value measures: (indicator, ref_area, counterpart_area, flow)."""
        return (self.indicator, self.ref_area, self.counterpart_area, self.flow)

    @property
    def key(self) -> tuple[str, ...]:
        """Natural key: one value a series, period, side, source, vintage and status."""
        return (
            *self.series_key,
            self.freq,
            self.period,
            self.reporter_side,
            self.source_id,
            self.vintage,
            self.obs_status,
        )


@dataclass(frozen=True, slots=True)
class Membership:
    """An area's membership of a group from ``start`` until ``end`` (exclusive; None = ongoing)."""

    area: str
    start: dt.date
    end: dt.date | None = None

    def __post_init__(self) -> None:
        """Check the fields; a bad one raises :class:`~eurasia.errors.DataError` naming it."""
        _check_area(self.area, "area")
        _require(
            self.end is None or self.end > self.start,
            "end",
            f"a date after start {self.start}",
            self.end,
        )

    def active_on(self, day: dt.date) -> bool:
        """Whether the area was a member on ``day``."""
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class AreaGroup:
    """A defined group of areas (EU27, EAEU, CA5, GCC) with dated membership.

    Examples
    --------
    >>> eaeu = AreaGroup("EAEU", "Eurasian Economic Union", "eaeu-treaty", (
    ...     Membership("RUS", dt.date(2015, 1, 1)), Membership("ARM", dt.date(2015, 1, 2))))
    >>> eaeu.members_on(dt.date(2015, 1, 1))
    ('RUS',)
    """

    code: str
    name: str
    source_id: str
    members: tuple[Membership, ...] = field(default=())

    def __post_init__(self) -> None:
        """Check the fields; a bad one raises :class:`~eurasia.errors.DataError` naming it."""
        _check_area(self.code, "code")
        _check_code(self.source_id, "source_id")

    def members_on(self, day: dt.date) -> tuple[str, ...]:
        """Member areas on ``day``, sorted."""
        return tuple(sorted({m.area for m in self.members if m.active_on(day)}))

    def members_in_year(self, year: int) -> tuple[str, ...]:
        """Members at the end of ``year`` (31 December), the convention for annual figures."""
        return self.members_on(dt.date(year, 12, 31))


@dataclass(frozen=True, slots=True)
class Target:
    """A stated goal or projection for an indicator, with its kind, document and what it supersedes.

    Examples
    --------
    >>> Target(id="t1", indicator="transit.cargo", ref_area="KAZ", target_period="2029",
    ...        target_value=67.0, unit="t", unit_mult=6, kind="official target",
    ...        source_id="s").target_year
    2029
    """

    id: str
    indicator: str
    ref_area: str
    target_period: str
    target_value: float
    unit: str
    kind: str
    source_id: str
    unit_mult: int = 0
    counterpart_area: str = NOT_APPLICABLE
    flow: str = NOT_APPLICABLE
    baseline_period: str = ""
    baseline_value: float | None = None
    policy_document: str = ""
    stated_on: str = ""
    supersedes: str = ""
    definition_note: str = ""

    def __post_init__(self) -> None:
        """Check the fields; a bad one raises :class:`~eurasia.errors.DataError` naming it."""
        _check_code(self.id, "id")
        _check_code(self.indicator, "indicator")
        _check_area(self.ref_area, "ref_area")
        _require(
            _PERIOD["A"].fullmatch(self.target_period) is not None,
            "target_period",
            "YYYY",
            self.target_period,
        )
        _require(math.isfinite(self.target_value), "target_value", "a number", self.target_value)
        _require(self.kind in TARGET_KINDS, "kind", f"one of {TARGET_KINDS}", self.kind)
        _check_code(self.source_id, "source_id")
        _check_partial_date(self.stated_on, "stated_on")
        if self.supersedes:
            _check_code(self.supersedes, "supersedes")
            _require(self.supersedes != self.id, "supersedes", "another target's id", self.id)

    @property
    def target_year(self) -> int:
        """The year by which the target is to be reached."""
        return int(self.target_period)


@dataclass(frozen=True, slots=True)
class Claim:
    """A figure stated in a text (the essay), to be checked against the best other source.

    ``comparator`` says how the value is stated ("about a quarter" → ``about`` 25); ``tolerance``
    is the relative margin within which another source's value still supports it.
    """

    id: str
    quote: str
    indicator: str
    ref_area: str
    period: str
    value: float
    unit: str
    comparator: str
    source_id: str
    unit_mult: int = 0
    counterpart_area: str = NOT_APPLICABLE
    flow: str = NOT_APPLICABLE
    tolerance: float = 0.1
    obs_status: str = "A"
    note: str = ""

    def __post_init__(self) -> None:
        """Check the fields; a bad one raises :class:`~eurasia.errors.DataError` naming it."""
        _check_code(self.id, "id")
        _require(self.obs_status in OBS_STATUSES, "obs_status", "A, P, E, F or T", self.obs_status)
        _require(bool(self.quote.strip()), "quote", "the quoted text", self.quote)
        _check_code(self.indicator, "indicator")
        _check_area(self.ref_area, "ref_area")
        _check_area(self.counterpart_area, "counterpart_area")
        _require(_PERIOD["A"].fullmatch(self.period) is not None, "period", "YYYY", self.period)
        _require(
            self.comparator in CLAIM_COMPARATORS,
            "comparator",
            f"one of {CLAIM_COMPARATORS}",
            self.comparator,
        )
        _require(0 <= self.tolerance < 1, "tolerance", "a fraction in [0, 1)", self.tolerance)
        _check_code(self.source_id, "source_id")
