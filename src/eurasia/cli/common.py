"""Helpers shared by the CLI command groups: consoles, settings, engine and store sessions."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from rich.console import Console
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from eurasia.settings import Settings, get_settings
from eurasia.store.db import make_engine, session_scope, upgrade
from eurasia.store.loaders import load_bundled

__all__ = ["console", "engine_from_settings", "err_console", "settings_checked", "store_session"]

console = Console()
err_console = Console(stderr=True)


def settings_checked() -> Settings:
    """Settings from the environment, checked (raises ConfigError with a one-line reason)."""
    settings = get_settings()
    settings.check()
    return settings


@contextlib.contextmanager
def engine_from_settings() -> Iterator[Engine]:
    """An engine for the configured database, disposed when the command ends."""
    engine = make_engine(settings_checked().resolved_database_url)
    try:
        yield engine
    finally:
        engine.dispose()


@contextlib.contextmanager
def store_session(*, migrate: bool = True, load: bool = False) -> Iterator[Session]:
    """A session on the configured store, committed when the command's block succeeds.

    Parameters
    ----------
    migrate
        Migrate the database to this version first (a no-op when current).
    load
        Load the bundled datasets first (skipped when unchanged; needs ``migrate``).

    Yields
    ------
    Session
        Rolled back, and the engine disposed, if the block raises.

    Raises
    ------
    ConfigError
        If the settings are unusable.
    StoreError
        If the database cannot be reached or migrated.

    Examples
    --------
    >>> import os, tempfile
    >>> from sqlalchemy import text
    >>> os.environ["EURASIA_DATABASE_URL"] = "sqlite:///" + tempfile.mkdtemp() + "/doc.db"
    >>> get_settings.cache_clear()
    >>> with store_session() as session:
    ...     session.execute(text("select count(*) from users")).scalar()
    0
    >>> del os.environ["EURASIA_DATABASE_URL"]
    >>> get_settings.cache_clear()
    """
    with engine_from_settings() as engine:
        if migrate:
            upgrade(engine)
        if load:
            load_bundled(engine)
        with session_scope(engine) as session:
            yield session
