"""Liveness and readiness: database reachability and migration revision."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from eurasia import __version__
from eurasia.api.schemas.health import HealthPublic
from eurasia.errors import StoreError
from eurasia.http.deps import EngineDep
from eurasia.store.db import current_revisions, head_revisions

__all__ = ["router"]

router = APIRouter(tags=["health"])


@router.get(
    "/health",
    response_model=HealthPublic,
    responses={503: {"model": HealthPublic, "description": "Database down or not migrated"}},
)
def health(engine: EngineDep) -> JSONResponse:
    """Report whether the database is reachable and migrated to this version's revisions."""
    backend = engine.dialect.name
    try:
        revisions = current_revisions(engine)
    except StoreError as exc:
        body = HealthPublic(
            status="unavailable",
            version=__version__,
            database="unreachable",
            database_backend=backend,
            migration_revisions=[],
            migrations_current=False,
            detail=str(exc),
        )
        return JSONResponse(body.model_dump(), status_code=503)
    current = revisions == head_revisions()
    body = HealthPublic(
        status="ok" if current else "degraded",
        version=__version__,
        database="reachable",
        database_backend=backend,
        migration_revisions=sorted(revisions),
        migrations_current=current,
        detail=None if current else "database not migrated: run `eurasia db upgrade`",
    )
    return JSONResponse(body.model_dump(), status_code=200 if current else 503)
