"""A store for page tests: SQLite in a folder, migrated, loaded with the bundled data, with users."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from eurasia.auth.roles import Role
from eurasia.auth.users import create_user
from eurasia.settings import Settings
from eurasia.store.db import make_engine, session_scope, upgrade
from eurasia.store.loaders import load_bundled

__all__ = ["PASSWORD", "loaded_store"]

#: The password of every test user.
PASSWORD = "correct horse battery"


def loaded_store(folder: Path, users: Mapping[str, Role], **options: Any) -> Settings:
    """Settings of a store in ``folder`` with the bundled data and ``users`` (name → role).

    ``options`` are further :class:`~eurasia.settings.Settings` fields (e.g. ``env``).
    """
    url = f"sqlite:///{folder / 'eurasia.db'}"
    engine = make_engine(url)
    upgrade(engine)
    load_bundled(engine)
    with session_scope(engine) as session:
        for name, role in users.items():
            create_user(session, username=name, password=PASSWORD, role=role)
    engine.dispose()
    return Settings(database_url=url, data_dir=folder / "data", log_level="WARNING", **options)
