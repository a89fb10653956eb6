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
    scenario_builder,
    scenario_files,
    scenarios,
    validation,
)

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
for _module in (
    home,
    account,
    agenda,
    programmes,
    corridors,
    scenarios,
    scenario_files,
    scenario_builder,
    energy,
    indicators,
    validation,
):
    router.include_router(_module.router)
