"""Engines, sessions and migrations for the store.

SQLite runs in WAL mode with foreign keys on; PostgreSQL is used as given by URL. Migrations are
Alembic revisions shipped inside the package; each pillar owns a branch rooted at the foundation
revision, so ``upgrade`` always targets ``heads``.

Examples
--------
>>> engine = make_engine("sqlite://")
>>> upgrade(engine)
>>> sorted(current_revisions(engine)) == sorted(head_revisions())
True
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import DataError as DatabaseValueError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from eurasia.errors import ConfigError, ConflictError, DataError, StoreError

__all__ = [
    "current_revisions",
    "head_revisions",
    "make_engine",
    "ping",
    "session_scope",
    "upgrade",
]

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine for ``url`` with eurasia's connection settings.

    Parameters
    ----------
    url
        SQLAlchemy URL. ``sqlite://`` (in memory) shares one connection across threads.
    **kwargs
        Passed to :func:`sqlalchemy.create_engine`.

    Raises
    ------
    ConfigError
        If the URL does not parse or names an unsupported backend.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        msg = f"EURASIA_DATABASE_URL={url!r} is not a database URL: {exc}"
        raise ConfigError(msg) from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            kwargs.setdefault("poolclass", StaticPool)
        kwargs.setdefault("connect_args", {"check_same_thread": False, "timeout": 30})
        if parsed.database not in (None, "", ":memory:"):
            folder = Path(parsed.database).expanduser().parent
            if not folder.is_dir():
                msg = f"EURASIA_DATABASE_URL: directory {folder} of the SQLite file does not exist"
                raise ConfigError(msg)
        engine = create_engine(parsed, **kwargs)
        event.listen(engine, "connect", _sqlite_on_connect)
        return engine
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        kwargs.setdefault("pool_pre_ping", True)
        return create_engine(parsed, **kwargs)
    msg = f"EURASIA_DATABASE_URL uses backend {backend!r}; expected 'sqlite' or 'postgresql'"
    raise ConfigError(msg)


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def ping(engine: Engine) -> None:
    """Open a connection and run ``SELECT 1``.

    Raises
    ------
    StoreError
        Naming the database (password hidden) and the driver's reason.
    """
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except SQLAlchemyError as exc:
        where = engine.url.render_as_string(hide_password=True)
        reason = str(exc.orig if isinstance(exc, OperationalError) else exc).strip().splitlines()
        msg = f"database {where} is unreachable: {reason[0] if reason else type(exc).__name__}"
        raise StoreError(msg) from None


def _alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


@functools.cache
def head_revisions() -> frozenset[str]:
    """Revision ids of every migration branch head shipped with this version."""
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    return frozenset(script.get_heads())


def current_revisions(engine: Engine) -> frozenset[str]:
    """Revision ids the database is at (empty if never migrated)."""
    ping(engine)
    with engine.connect() as conn:
        return frozenset(MigrationContext.configure(conn).get_current_heads())


def upgrade(engine: Engine) -> None:
    """Migrate the database to the latest revision of every branch; a no-op when current.

    Raises
    ------
    StoreError
        If the database is unreachable or a migration fails.
    """
    ping(engine)
    if current_revisions(engine) == head_revisions():
        return
    try:
        command.upgrade(_alembic_config(engine), "heads")
    except SQLAlchemyError as exc:
        msg = f"migration failed on {engine.url.render_as_string(hide_password=True)}: {exc}"
        raise StoreError(msg) from None


@contextlib.contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """Open a session that commits on success and rolls back on any error (all or nothing).

    A value the database refuses (too long for its column, a NUL byte in PostgreSQL text) is a
    :class:`~eurasia.errors.DataError`, and a write that collides with stored data (a concurrent
    insert of the same key) a :class:`~eurasia.errors.ConflictError`, with the database's reason.

    Examples
    --------
    >>> from sqlalchemy import text
    >>> with session_scope(make_engine("sqlite://")) as session:
    ...     session.execute(text("SELECT 1")).scalar()
    1
    """
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    session = factory()
    try:
        yield session
        session.commit()
    except DatabaseValueError as exc:
        session.rollback()
        reason = str(exc.orig or exc).strip().splitlines()[0]
        msg = f"a value does not fit the database ({reason}); nothing was written"
        raise DataError(msg) from None
    except IntegrityError as exc:
        session.rollback()
        reason = " ".join(str(exc.orig or exc).split())
        msg = f"the write conflicts with stored data, perhaps a concurrent change ({reason}); nothing was written, try again"
        raise ConflictError(msg) from None
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
