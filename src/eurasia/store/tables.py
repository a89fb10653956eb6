"""The declarative base shared by every pillar's tables, and the foundation's own tables.

Pillar tables live in ``store/<pillar>.py`` and register on :data:`Base.metadata`;
:func:`existing_row` is how their repositories load a row that must be there.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy import DateTime, Integer, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from eurasia.errors import NotFoundError

__all__ = ["Base", "DataLoad", "existing_row", "utcnow"]

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Return the current time, timezone-aware UTC."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base with a stable constraint naming convention (for migrations)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class DataLoad(Base):
    """One bundled dataset loaded into the store, with the checksum of what was loaded.

    ``eurasia db load`` skips a dataset whose checksum is unchanged, so loading is idempotent.
    """

    __tablename__ = "data_loads"

    dataset: Mapped[str] = mapped_column(String(100), primary_key=True)
    checksum: Mapped[str] = mapped_column(String(64))
    rows: Mapped[int] = mapped_column(Integer)
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


_Row = TypeVar("_Row", bound=Base)


def existing_row(session: Session, table: type[_Row], key: str | int, what: str) -> _Row:
    """Return the row of ``table`` whose primary key is ``key``.

    Parameters
    ----------
    session
        The caller's session.
    table
        The mapped table class.
    key
        The primary key value.
    what
        The row's kind as the message names it (``"event"``, ``"user"``).

    Raises
    ------
    NotFoundError
        ``<what> <key!r> does not exist`` if there is no such row.

    Examples
    --------
    >>> from sqlalchemy import create_engine
    >>> engine = create_engine("sqlite://")
    >>> Base.metadata.create_all(engine, tables=[DataLoad.__table__])
    >>> with Session(engine) as s:
    ...     s.add(DataLoad(dataset="agenda", checksum="0" * 64, rows=3))
    ...     existing_row(s, DataLoad, "agenda", "dataset").rows
    3
    >>> with Session(engine) as s:
    ...     existing_row(s, DataLoad, "corridors", "dataset")
    Traceback (most recent call last):
    ...
    eurasia.errors.NotFoundError: dataset 'corridors' does not exist
    >>> engine.dispose()
    """
    row = session.get(table, key)
    if row is None:
        msg = f"{what} {key!r} does not exist"
        raise NotFoundError(msg)
    return row
