"""``/api/agenda/projects``: technology and infrastructure projects with their workforce needs
(ISCO-08 × headcount × year); writes need the editor role and the right to edit the project.
"""

from __future__ import annotations

from eurasia.agenda.model import Project
from eurasia.agenda.seed import project_from_record
from eurasia.api.routes.agenda.records import Operations, Records, records_router
from eurasia.api.schemas.agenda import (
    ProjectCreate,
    ProjectListPublic,
    ProjectPublic,
    ProjectUpdate,
)
from eurasia.store import agenda as repo

__all__ = ["PROJECTS", "router"]

PROJECTS: Records[Project, ProjectPublic] = Records(
    store=repo.PROJECTS,
    from_record=project_from_record,
    public=ProjectPublic,
    create=ProjectCreate,
    update=ProjectUpdate,
    listing=ProjectListPublic,
)

router = records_router(
    PROJECTS,
    Operations(
        list_all="Projects with their workforce needs.",
        create="Create a project with its workforce needs, owned by the caller; 409 if the id is taken.",
        replace="Replace a project's fields and needs (its owner, an admin, or any editor if unowned).",
        delete="Delete a project and its workforce needs.",
    ),
)
