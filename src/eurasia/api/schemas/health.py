"""Schema of ``/health``: database reachability and migration state."""

from __future__ import annotations

from pydantic import BaseModel

__all__ = ["HealthPublic"]


class HealthPublic(BaseModel):
    """Service health."""

    status: str
    version: str
    database: str
    database_backend: str
    migration_revisions: list[str]
    migrations_current: bool
    detail: str | None = None
