"""``/api/agenda/programmes``: education and training programmes (codes checked against ISCO-08
and ISCED-F 2013); writes need the editor role and the right to edit the programme.
"""

from __future__ import annotations

from eurasia.agenda.model import Programme
from eurasia.agenda.seed import programme_from_record
from eurasia.api.routes.agenda.records import Operations, Records, records_router
from eurasia.api.schemas.agenda import (
    ProgrammeCreate,
    ProgrammeListPublic,
    ProgrammePublic,
    ProgrammeUpdate,
)
from eurasia.store import agenda as repo

__all__ = ["PROGRAMMES", "router"]

PROGRAMMES: Records[Programme, ProgrammePublic] = Records(
    store=repo.PROGRAMMES,
    from_record=programme_from_record,
    public=ProgrammePublic,
    create=ProgrammeCreate,
    update=ProgrammeUpdate,
    listing=ProgrammeListPublic,
)

router = records_router(
    PROGRAMMES,
    Operations(
        list_all="Education and training programmes.",
        create="Create a programme owned by the caller (editor role); 409 if the id is taken.",
        replace="Replace a programme's fields (its owner, an admin, or any editor if unowned).",
        delete="Delete a programme.",
    ),
)
