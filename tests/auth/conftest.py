"""Fixtures for accounts tests: a migrated store session with one user of each role."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from eurasia.auth.roles import Role
from eurasia.auth.users import create_user
from eurasia.store.db import session_scope

PASSWORD = "correct horse battery"


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    """A session on a migrated store (both backends), committed at the end."""
    with session_scope(engine) as session:
        yield session


@pytest.fixture
def people(db: Session) -> dict[str, int]:
    """User ids of ``ada`` (admin), ``eli`` (editor) and ``vic`` (viewer)."""
    ids = {}
    for name, role in (("ada", Role.ADMIN), ("eli", Role.EDITOR), ("vic", Role.VIEWER)):
        ids[name] = create_user(db, username=name, password=PASSWORD, role=role).id
    return ids
