"""``/api/agenda/projects``: technology and infrastructure projects with their workforce needs
(ISCO-08 × headcount × year); writes need the editor role and the right to edit the project.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response, status

from eurasia.agenda.model import Project
from eurasia.agenda.seed import project_from_record
from eurasia.api.routes.agenda.records import Records
from eurasia.api.schemas.agenda import (
    ProjectCreate,
    ProjectListPublic,
    ProjectPublic,
    ProjectUpdate,
)
from eurasia.http.deps import SessionDep
from eurasia.http.security import EditorUser
from eurasia.store import agenda as repo

__all__ = ["PROJECTS", "router"]

router = APIRouter(prefix="/api/agenda/projects", tags=["agenda"])

PROJECTS: Records[Project, ProjectPublic] = Records(
    what="project",
    public=ProjectPublic,
    from_record=project_from_record,
    list_all=repo.list_projects,
    get=repo.get_project,
    create=repo.create_project,
    update=repo.update_project,
    delete=repo.delete_project,
    owner=repo.project_owner,
)


def editable_project(
    project_id: Annotated[str, Path(description="project id")],
    session: SessionDep,
    user: EditorUser,
) -> str:
    """The project's id, if it exists and the caller may change it."""
    return PROJECTS.editable(session, project_id, user)


EditableId = Annotated[str, Depends(editable_project)]


@router.get("", response_model=ProjectListPublic)
def list_projects(session: SessionDep) -> ProjectListPublic:
    """Projects with their workforce needs."""
    data = PROJECTS.read_all(session)
    return ProjectListPublic(data=data, count=len(data))


@router.get("/{project_id}", response_model=ProjectPublic)
def read_project(project_id: str, session: SessionDep) -> ProjectPublic:
    """One project."""
    return PROJECTS.read(session, project_id)


@router.post("", response_model=ProjectPublic, status_code=status.HTTP_201_CREATED)
def create_project(body: ProjectCreate, session: SessionDep, user: EditorUser) -> ProjectPublic:
    """Create a project with its workforce needs, owned by the caller; 409 if the id is taken."""
    return PROJECTS.add(session, body.id, body, user)


@router.put("/{project_id}", response_model=ProjectPublic)
def update_project(
    body: ProjectUpdate, session: SessionDep, user: EditorUser, project_id: EditableId
) -> ProjectPublic:
    """Replace a project's fields and needs (its owner, an admin, or any editor if unowned)."""
    return PROJECTS.replace(session, project_id, body, user)


@router.delete("/{project_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_project(session: SessionDep, project_id: EditableId) -> Response:
    """Delete a project and its workforce needs."""
    PROJECTS.delete(session, project_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
