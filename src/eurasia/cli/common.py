"""Helpers shared by the CLI command groups: consoles, settings, engine."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from rich.console import Console
from sqlalchemy import Engine

from eurasia.settings import Settings, get_settings
from eurasia.store.db import make_engine

__all__ = ["console", "engine_from_settings", "err_console", "settings_checked"]

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
