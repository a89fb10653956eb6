"""Store tables of the indicators observatory, and reading and writing them as domain objects.

Tables are prefixed ``indicator_``. Observations carry an ``origin`` (``bundled`` or ``import``):
reloading the bundled data replaces only bundled rows; an import replaces the rows of the same
indicator, source and vintage (re-importing a release replaces it, another release sits beside it).
Writes run in the caller's session, so a failure leaves nothing behind.

Values added through the API or the web forms record the user who added them (``owner_id``);
bundled values and file imports by an operator have none. Who may replace which stored value is
decided above the store (:mod:`eurasia.auth.ownership`), from :func:`stored_owners`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import (
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    delete,
    func,
    insert,
    or_,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from eurasia.errors import DataError
from eurasia.indicators.bundled import BUNDLED_FILES, bundled_observatory
from eurasia.indicators.model import (
    AreaGroup,
    Claim,
    Indicator,
    Membership,
    Observation,
    Source,
    Target,
)
from eurasia.indicators.observatory import Observatory
from eurasia.store.loaders import BundledDataset
from eurasia.store.tables import Base

__all__ = [
    "BUNDLED_ORIGIN",
    "ClaimRow",
    "GroupMemberRow",
    "GroupRow",
    "IndicatorRow",
    "ObservationRow",
    "SourceRow",
    "TargetRow",
    "bundled_dataset",
    "count_observations",
    "list_indicators",
    "load_observatory",
    "read_observations",
    "save_observatory",
    "stored_owners",
    "write_bundled",
]

BUNDLED_ORIGIN = "bundled"
IMPORT_ORIGIN = "import"


class SourceRow(Base):
    """A source of figures."""

    __tablename__ = "indicator_sources"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    producer: Mapped[str] = mapped_column(String(300))
    title: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(20))
    url: Mapped[str] = mapped_column(String(1000), default="")
    published: Mapped[str] = mapped_column(String(10), default="")
    licence: Mapped[str] = mapped_column(String(100), default="")
    citation: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")


class IndicatorRow(Base):
    """An indicator definition."""

    __tablename__ = "indicator_indicators"

    code: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    unit: Mapped[str] = mapped_column(String(100))
    topic: Mapped[str] = mapped_column(String(100), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    unit_mult: Mapped[int] = mapped_column(Integer, default=0)


class _FigureColumns:
    """The columns every stored figure has: the series it is about, its unit and its source.

    Observations, targets and claims each state a figure of one series (indicator, area,
    counterpart area and flow, :attr:`~eurasia.indicators.model.Observation.series_key`) in a unit
    scaled by ``10**unit_mult``, citing a source; their tables get these columns from here.
    """

    indicator: Mapped[str] = mapped_column(ForeignKey("indicator_indicators.code"))
    ref_area: Mapped[str] = mapped_column(String(16))
    counterpart_area: Mapped[str] = mapped_column(String(16))
    flow: Mapped[str] = mapped_column(String(2))
    unit: Mapped[str] = mapped_column(String(100))
    unit_mult: Mapped[int] = mapped_column(Integer)
    source_id: Mapped[str] = mapped_column(ForeignKey("indicator_sources.id"))


#: The columns that identify an observation (:attr:`Observation.key`), unique in the table.
_KEY_FIELDS = (
    "indicator",
    "ref_area",
    "counterpart_area",
    "flow",
    "freq",
    "period",
    "reporter_side",
    "source_id",
    "vintage",
    "obs_status",
)


class ObservationRow(_FigureColumns, Base):
    """One value (see :class:`eurasia.indicators.model.Observation`)."""

    __tablename__ = "indicator_observations"
    __table_args__ = (
        UniqueConstraint(*_KEY_FIELDS, name="uq_indicator_observations_key"),
        Index("ix_indicator_observations_series", "indicator", "ref_area", "counterpart_area"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    period: Mapped[str] = mapped_column(String(7))
    freq: Mapped[str] = mapped_column(String(1))
    value: Mapped[float] = mapped_column(Float)
    reporter_side: Mapped[str] = mapped_column(String(8))
    definition_note: Mapped[str] = mapped_column(Text)
    obs_status: Mapped[str] = mapped_column(String(1))
    # values are looked up by source (imports replace a source's vintage): indexed here only
    source_id: Mapped[str] = mapped_column(ForeignKey("indicator_sources.id"), index=True)
    source_locator: Mapped[str] = mapped_column(Text)
    date_accessed: Mapped[str] = mapped_column(String(10))
    vintage: Mapped[str] = mapped_column(String(40))
    origin: Mapped[str] = mapped_column(String(20), index=True)
    owner_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True, default=None)


class GroupRow(Base):
    """An area group (EU27, EAEU, CA5, GCC)."""

    __tablename__ = "indicator_groups"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    source_id: Mapped[str] = mapped_column(ForeignKey("indicator_sources.id"))


class GroupMemberRow(Base):
    """An area's dated membership of a group."""

    __tablename__ = "indicator_group_members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    group_code: Mapped[str] = mapped_column(
        ForeignKey("indicator_groups.code", ondelete="CASCADE"), index=True
    )
    area: Mapped[str] = mapped_column(String(16))
    start: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


class TargetRow(_FigureColumns, Base):
    """A target (see :class:`eurasia.indicators.model.Target`)."""

    __tablename__ = "indicator_targets"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    target_period: Mapped[str] = mapped_column(String(4))
    target_value: Mapped[float] = mapped_column(Float)
    kind: Mapped[str] = mapped_column(String(20))
    baseline_period: Mapped[str] = mapped_column(String(7))
    baseline_value: Mapped[float | None] = mapped_column(Float, nullable=True)
    policy_document: Mapped[str] = mapped_column(Text)
    stated_on: Mapped[str] = mapped_column(String(10))
    supersedes: Mapped[str] = mapped_column(String(100))
    definition_note: Mapped[str] = mapped_column(Text)


class ClaimRow(_FigureColumns, Base):
    """A claimed figure to check (see :class:`eurasia.indicators.model.Claim`)."""

    __tablename__ = "indicator_claims"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    quote: Mapped[str] = mapped_column(Text)
    period: Mapped[str] = mapped_column(String(4))
    value: Mapped[float] = mapped_column(Float)
    comparator: Mapped[str] = mapped_column(String(20))
    tolerance: Mapped[float] = mapped_column(Float)
    obs_status: Mapped[str] = mapped_column(String(1))
    note: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)


_SOURCE_FIELDS = ("producer", "title", "kind", "url", "published", "licence", "citation", "note")
_INDICATOR_FIELDS = ("name", "unit", "topic", "description", "unit_mult")
_OBS_FIELDS = tuple(Observation.__dataclass_fields__)
_TARGET_FIELDS = tuple(Target.__dataclass_fields__)
_CLAIM_FIELDS = tuple(Claim.__dataclass_fields__)


def _upsert_sources_and_indicators(session: Session, observatory: Observatory) -> None:
    for source in observatory.sources.values():
        row = session.get(SourceRow, source.id) or SourceRow(id=source.id)
        for name in _SOURCE_FIELDS:
            setattr(row, name, getattr(source, name))
        session.add(row)
    for indicator in observatory.indicators.values():
        existing = session.get(IndicatorRow, indicator.code)
        if existing is not None and indicator.topic in ("imported", "sdmx") and existing.topic:
            continue  # a plain import knows less about an indicator than the store does
        ind_row = existing or IndicatorRow(code=indicator.code)
        for name in _INDICATOR_FIELDS:
            setattr(ind_row, name, getattr(indicator, name))
        session.add(ind_row)
    session.flush()


def _obs_dict(obs: Observation, origin: str, owner_id: int | None = None) -> dict[str, Any]:
    values = {name: getattr(obs, name) for name in _OBS_FIELDS}
    values["origin"] = origin
    values["owner_id"] = owner_id
    return values


def _check_references(session: Session, observatory: Observatory) -> None:
    cited = {o.source_id for o in observatory.observations}
    unknown = cited - set(observatory.sources)
    if unknown:
        stored = set(session.scalars(select(SourceRow.id).where(SourceRow.id.in_(unknown))))
        missing = sorted(unknown - stored)
        if missing:
            msg = (
                f"source(s) {', '.join(missing)} are not known: add them first (a sources CSV "
                "with id, producer, title, kind) — a number without a source is not stored"
            )
            raise DataError(msg)


def save_observatory(
    session: Session,
    observatory: Observatory,
    *,
    origin: str = IMPORT_ORIGIN,
    replace: str = "vintage",
    owner_id: int | None = None,
    keep_owners: dict[tuple[str, ...], int | None] | None = None,
) -> int:
    """Write an imported observatory fragment; returns the number of observations written.

    Sources and indicators are added or updated. Runs inside the caller's transaction.

    Parameters
    ----------
    session
        The caller's session.
    observatory
        Sources, indicators and observations to write.
    origin
        Recorded with each observation.
    replace
        ``vintage``: stored observations of the same indicator, source and vintage are replaced
        (a file import); ``keys``: only stored observations with the same natural key are
        (single values added through the API).
    owner_id
        The user recorded as owner of new values (``None``: an operator's import).
    keep_owners
        Owners to keep for replaced values, by natural key (an admin correcting someone's
        value leaves it theirs); other values get ``owner_id``.

    Raises
    ------
    DataError
        If an observation cites a source neither in the fragment nor in the store, or
        ``replace`` is unknown.
    """
    if replace not in ("vintage", "keys"):
        msg = f"replace={replace!r}: expected 'vintage' or 'keys'"
        raise DataError(msg)
    _check_references(session, observatory)
    _upsert_sources_and_indicators(session, observatory)
    if replace == "vintage":
        triples = {(o.indicator, o.source_id, o.vintage) for o in observatory.observations}
        for indicator, source_id, vintage in triples:
            session.execute(
                delete(ObservationRow).where(
                    ObservationRow.indicator == indicator,
                    ObservationRow.source_id == source_id,
                    ObservationRow.vintage == vintage,
                )
            )
    else:
        for obs in observatory.observations:
            session.execute(
                delete(ObservationRow).where(
                    *(getattr(ObservationRow, f) == getattr(obs, f) for f in _KEY_FIELDS)
                )
            )
    kept = keep_owners or {}
    rows = [_obs_dict(o, origin, kept.get(o.key, owner_id)) for o in observatory.observations]
    if rows:
        session.execute(insert(Base.metadata.tables[ObservationRow.__tablename__]), rows)
    return len(rows)


def stored_owners(
    session: Session, keys: Iterable[tuple[str, ...]]
) -> dict[tuple[str, ...], tuple[str, int | None]]:
    """``(origin, owner_id)`` of the stored observations with these natural keys.

    Keys are those of :attr:`eurasia.indicators.model.Observation.key`; absent keys are left out.
    """
    wanted = set(keys)
    if not wanted:
        return {}
    found: dict[tuple[str, ...], tuple[str, int | None]] = {}
    indicators = {k[0] for k in wanted}
    query = select(*_key_columns(), ObservationRow.origin, ObservationRow.owner_id).where(
        ObservationRow.indicator.in_(indicators),
        ObservationRow.ref_area.in_({k[1] for k in wanted}),
    )
    for row in session.execute(query):
        key = tuple(row[: len(_KEY_FIELDS)])
        if key in wanted:
            found[key] = (row.origin, row.owner_id)
    return found


def write_bundled(session: Session) -> int:
    """Replace the bundled rows with the bundled observatory; returns the rows written.

    Bundled observations whose key an import already holds are not written twice.
    """
    observatory = bundled_observatory()
    session.execute(delete(ObservationRow).where(ObservationRow.origin == BUNDLED_ORIGIN))
    session.execute(delete(ClaimRow))
    session.execute(delete(TargetRow))
    session.execute(delete(GroupMemberRow))
    session.execute(delete(GroupRow))
    _upsert_sources_and_indicators(session, observatory)
    imported = {
        tuple(r)
        for r in session.execute(
            select(*_key_columns()).where(
                ObservationRow.indicator.in_({o.indicator for o in observatory.observations})
            )
        )
    }
    rows = [_obs_dict(o, BUNDLED_ORIGIN) for o in observatory.observations if o.key not in imported]
    if rows:
        session.execute(insert(Base.metadata.tables[ObservationRow.__tablename__]), rows)
    # an indicator the bundle no longer has and no import uses would list with no values
    session.execute(
        delete(IndicatorRow).where(
            IndicatorRow.code.not_in(list(observatory.indicators)),
            IndicatorRow.code.not_in(select(ObservationRow.indicator).distinct()),
        )
    )
    for group in observatory.groups.values():
        session.add(GroupRow(code=group.code, name=group.name, source_id=group.source_id))
        session.flush()
        for member in group.members:
            session.add(
                GroupMemberRow(
                    group_code=group.code, area=member.area, start=member.start, end=member.end
                )
            )
    for target in observatory.targets.values():
        session.add(TargetRow(**{name: getattr(target, name) for name in _TARGET_FIELDS}))
    for position, claim in enumerate(observatory.claims.values()):
        values = {name: getattr(claim, name) for name in _CLAIM_FIELDS}
        session.add(ClaimRow(position=position, **values))
    session.flush()
    count = len(rows) + len(observatory.targets) + len(observatory.claims)
    return count + sum(len(g.members) for g in observatory.groups.values())


def _key_columns() -> list[Any]:
    return [getattr(ObservationRow, name) for name in _KEY_FIELDS]


def bundled_dataset() -> BundledDataset:
    """Return the bundled indicators dataset for ``eurasia db load``."""
    return BundledDataset("indicators", BUNDLED_FILES, write_bundled)


def _to_observation(row: ObservationRow) -> Observation:
    return Observation(**{name: getattr(row, name) for name in _OBS_FIELDS})


def read_observations(
    session: Session,
    *,
    indicators: Iterable[str] | None = None,
    ref_area: str | None = None,
    counterpart_area: str | None = None,
    flow: str | None = None,
    source_id: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[Observation]:
    """Observations matching every filter, by indicator, area, counterpart, period and source."""
    query = select(ObservationRow)
    if indicators is not None:
        query = query.where(ObservationRow.indicator.in_(list(indicators)))
    for column, value in (
        (ObservationRow.ref_area, ref_area),
        (ObservationRow.counterpart_area, counterpart_area),
        (ObservationRow.flow, flow),
        (ObservationRow.source_id, source_id),
    ):
        if value is not None:
            query = query.where(column == value)
    query = query.order_by(
        ObservationRow.indicator,
        ObservationRow.ref_area,
        ObservationRow.counterpart_area,
        ObservationRow.period,
        ObservationRow.source_id,
        ObservationRow.id,
    ).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return [_to_observation(r) for r in session.scalars(query)]


def count_observations(session: Session, *, indicator: str | None = None) -> int:
    """Return the number of stored observations (of one indicator when given)."""
    query = select(func.count()).select_from(ObservationRow)
    if indicator is not None:
        query = query.where(ObservationRow.indicator == indicator)
    return int(session.scalar(query) or 0)


def list_indicators(
    session: Session, *, q: str | None = None, topic: str | None = None
) -> list[tuple[Indicator, int]]:
    """Return indicators with their observation counts, filtered by text (code or name) and topic."""
    counts = (
        select(ObservationRow.indicator, func.count().label("n"))
        .group_by(ObservationRow.indicator)
        .subquery()
    )
    query = select(IndicatorRow, counts.c.n).outerjoin(
        counts, counts.c.indicator == IndicatorRow.code
    )
    if q:
        pattern = f"%{q.lower()}%"
        query = query.where(
            or_(
                func.lower(IndicatorRow.code).like(pattern),
                func.lower(IndicatorRow.name).like(pattern),
            )
        )
    if topic:
        query = query.where(IndicatorRow.topic == topic)
    query = query.order_by(IndicatorRow.topic, IndicatorRow.code)
    return [
        (Indicator(**{n: getattr(row, n) for n in ("code", *_INDICATOR_FIELDS)}), int(n or 0))
        for row, n in session.execute(query)
    ]


def load_observatory(session: Session, *, indicators: Iterable[str] | None = None) -> Observatory:
    """Read sources, indicators, groups, targets, claims and observations into an Observatory.

    Parameters
    ----------
    session
        An open session on a migrated store.
    indicators
        Only read observations of these indicators (default: all).
    """
    observatory = Observatory()
    for source_row in session.scalars(select(SourceRow)):
        observatory.add_source(
            Source(id=source_row.id, **{n: getattr(source_row, n) for n in _SOURCE_FIELDS})
        )
    for ind_row in session.scalars(select(IndicatorRow)):
        observatory.add_indicator(
            Indicator(code=ind_row.code, **{n: getattr(ind_row, n) for n in _INDICATOR_FIELDS})
        )
    observatory.observations = read_observations(session, indicators=indicators)
    members: dict[str, list[Membership]] = {}
    for member in session.scalars(select(GroupMemberRow).order_by(GroupMemberRow.id)):
        members.setdefault(member.group_code, []).append(
            Membership(member.area, member.start, member.end)
        )
    for group in session.scalars(select(GroupRow)):
        observatory.add_group(
            AreaGroup(group.code, group.name, group.source_id, tuple(members.get(group.code, [])))
        )
    targets = [
        Target(**{n: getattr(row, n) for n in _TARGET_FIELDS})
        for row in session.scalars(select(TargetRow))
    ]
    while targets:  # a superseding target after what it supersedes
        ready = [t for t in targets if not t.supersedes or t.supersedes in observatory.targets]
        if not ready:
            observatory.add_target(targets[0])  # raises: supersedes an unknown target
        for target in ready:
            observatory.add_target(target)
        targets = [t for t in targets if t not in ready]
    for claim_row in session.scalars(select(ClaimRow).order_by(ClaimRow.position)):
        observatory.add_claim(Claim(**{n: getattr(claim_row, n) for n in _CLAIM_FIELDS}))
    return observatory
