"""``/api/agenda/programmes``: education and training programmes (codes checked against ISCO-08
and ISCED-F 2013); writes need the editor role and the right to edit the programme.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response, status

from eurasia.agenda.model import Programme
from eurasia.agenda.seed import programme_from_record
from eurasia.api.routes.agenda.records import Records
from eurasia.api.schemas.agenda import (
    ProgrammeCreate,
    ProgrammeListPublic,
    ProgrammePublic,
    ProgrammeUpdate,
)
from eurasia.http.deps import SessionDep
from eurasia.http.security import EditorUser
from eurasia.store import agenda as repo

__all__ = ["PROGRAMMES", "router"]

router = APIRouter(prefix="/api/agenda/programmes", tags=["agenda"])

PROGRAMMES: Records[Programme, ProgrammePublic] = Records(
    what="programme",
    public=ProgrammePublic,
    from_record=programme_from_record,
    list_all=repo.list_programmes,
    get=repo.get_programme,
    create=repo.create_programme,
    update=repo.update_programme,
    delete=repo.delete_programme,
    owner=repo.programme_owner,
)


def editable_programme(
    programme_id: Annotated[str, Path(description="programme id")],
    session: SessionDep,
    user: EditorUser,
) -> str:
    """The programme's id, if it exists and the caller may change it."""
    return PROGRAMMES.editable(session, programme_id, user)


EditableId = Annotated[str, Depends(editable_programme)]


@router.get("", response_model=ProgrammeListPublic)
def list_programmes(session: SessionDep) -> ProgrammeListPublic:
    """Education and training programmes."""
    data = PROGRAMMES.read_all(session)
    return ProgrammeListPublic(data=data, count=len(data))


@router.get("/{programme_id}", response_model=ProgrammePublic)
def read_programme(programme_id: str, session: SessionDep) -> ProgrammePublic:
    """One programme."""
    return PROGRAMMES.read(session, programme_id)


@router.post("", response_model=ProgrammePublic, status_code=status.HTTP_201_CREATED)
def create_programme(
    body: ProgrammeCreate, session: SessionDep, user: EditorUser
) -> ProgrammePublic:
    """Create a programme owned by the caller (editor role); 409 if the id is taken."""
    return PROGRAMMES.add(session, body.id, body, user)


@router.put("/{programme_id}", response_model=ProgrammePublic)
def update_programme(
    body: ProgrammeUpdate, session: SessionDep, user: EditorUser, programme_id: EditableId
) -> ProgrammePublic:
    """Replace a programme's fields (its owner, an admin, or any editor if unowned)."""
    return PROGRAMMES.replace(session, programme_id, body, user)


@router.delete("/{programme_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_programme(session: SessionDep, programme_id: EditableId) -> Response:
    """Delete a programme."""
    PROGRAMMES.delete(session, programme_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
