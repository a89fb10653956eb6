"""All pages of the web app as one router.

:func:`eurasia.http.app.create_app` mounts :data:`router`; page handlers live in
:mod:`eurasia.web.views`. The bundled assets the pages link to are served by
:mod:`eurasia.http.assets`.
"""

from __future__ import annotations

from fastapi import APIRouter

from eurasia.web.views import (
    account,
    agenda,
    corridors,
    energy,
    home,
    indicators,
    programmes,
    scenarios,
    validation,
)

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
router.include_router(home.router)
router.include_router(account.router)
router.include_router(agenda.router)
router.include_router(programmes.router)
router.include_router(corridors.router)
router.include_router(scenarios.router)
router.include_router(energy.router)
router.include_router(indicators.router)
router.include_router(validation.router)
