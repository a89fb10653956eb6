"""Editing pages for programmes and projects: create, edit and delete with inline validation.

Editors create programmes and projects (owned by them) and edit their own ones and the unowned
bundled ones; admins edit anything. Codes are checked against ISCO-08 and ISCED-F as they are
typed (:mod:`eurasia.web.programme_forms`); the store checks them again on save.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from eurasia.agenda.classifications import isced_fields
from eurasia.agenda.model import PROGRAMME_MODES, slugify
from eurasia.api.deps import SessionDep, SettingsDep
from eurasia.api.security import CurrentUser
from eurasia.auth.roles import Principal, Role, can_edit, ensure_can_edit, ensure_role
from eurasia.errors import EurasiaError
from eurasia.settings import Settings
from eurasia.store import agenda as repo
from eurasia.web.programme_forms import PROGRAMME_FIELDS, PROJECT_FIELDS, ProgrammeForm, ProjectForm
from eurasia.web.templating import render
from eurasia.web.views.common import error_page, gettext_for, login_redirect

__all__ = ["record_permissions", "router"]

router = APIRouter(prefix="/agenda", include_in_schema=False)
LIST_PAGE = "/agenda/programmes"


def record_permissions(session: Session, user: Principal | None) -> dict[str, Any]:
    """What the user may do on the programmes page: create, and which records to edit."""

    def editable(owners: dict[str, int | None]) -> set[str]:
        return {key for key, owner in owners.items() if can_edit(user, owner_id=owner)}

    return {
        "can_create_records": user is not None and user.has_role(Role.EDITOR),
        "editable_programmes": editable(repo.programme_owners(session)),
        "editable_projects": editable(repo.project_owners(session)),
    }


def _refusal(request: Request, user: Principal | None, settings: Settings) -> Response | None:
    """A login redirect or an error page unless the user is an editor."""
    if user is None:
        return login_redirect(request)
    try:
        ensure_role(user, Role.EDITOR)
    except EurasiaError as exc:
        return error_page(request, exc, user=user, settings=settings)
    return None


def _new_id(session: Session, table: type[Any], title: str, fallback: str) -> str:
    base = slugify(title)[:90] or fallback
    candidate, n = base, 1
    while session.get(table, candidate) is not None:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _saved(record_id: str) -> RedirectResponse:
    return RedirectResponse(f"{LIST_PAGE}?saved={quote(record_id)}#records", status_code=303)


def _checked(
    request: Request,
    user: Principal,
    settings: Settings,
    data: dict[str, str],
    errors: dict[str, str],
    *,
    prefix: str,
    names: tuple[str, ...],
) -> HTMLResponse:
    touched = {k for k, v in data.items() if v}
    shown = {k: v for k, v in errors.items() if k in touched or k == "form"}
    context = {"errors": shown, "fields": names, "prefix": prefix}
    return render(request, "agenda/_record_checked.html", context, user=user, settings=settings)


# --------------------------------------------------------------------------- programmes


def _programme_page(
    request: Request,
    user: Principal,
    settings: Settings,
    form: ProgrammeForm,
    errors: dict[str, str],
    *,
    programme_id: str | None,
    status_code: int = 200,
) -> HTMLResponse:
    action = f"/agenda/programmes/{programme_id}/edit" if programme_id else "/agenda/programmes/new"
    context = {
        "form": form,
        "errors": errors,
        "action": action,
        "record_id": programme_id,
        "prefix": "pg",
        "modes": PROGRAMME_MODES,
        "isced": isced_fields(),
    }
    return render(
        request,
        "agenda/programme_edit.html",
        context,
        user=user,
        settings=settings,
        status_code=status_code,
    )


def _own_programme(session: Session, user: Principal, programme_id: str) -> None:
    owner = repo.programme_owner(session, programme_id)
    ensure_can_edit(user, owner_id=owner, what=f"programme {programme_id!r}")


@router.get("/programmes/new", response_class=HTMLResponse)
def new_programme(request: Request, settings: SettingsDep, user: CurrentUser) -> Response:
    """The empty programme form (editors)."""
    refused = _refusal(request, user, settings)
    if refused is not None or user is None:
        return refused or login_redirect(request)
    return _programme_page(request, user, settings, ProgrammeForm(), {}, programme_id=None)


@router.post("/programmes/check", response_class=HTMLResponse)
async def check_programme(request: Request, settings: SettingsDep, user: CurrentUser) -> Response:
    """Inline validation of the programme form (nothing is saved)."""
    refused = _refusal(request, user, settings)
    if refused is not None or user is None:
        return refused or login_redirect(request)
    data = {k: str(v) for k, v in (await request.form()).items()}
    form = ProgrammeForm.from_mapping(data)
    _p, errors = form.to_programme(programme_id="check", gettext=gettext_for(request))
    return _checked(request, user, settings, data, errors, prefix="pg", names=PROGRAMME_FIELDS)


def _store_error(exc: EurasiaError, gettext: Callable[[str], str]) -> dict[str, str]:
    return {"form": f"{gettext('Not saved:')} {exc}"}


@router.post("/programmes/new", response_class=HTMLResponse)
async def create_programme(
    request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> Response:
    """Create the programme (owned by the editor) and go back to the list."""
    refused = _refusal(request, user, settings)
    if refused is not None or user is None:
        return refused or login_redirect(request)
    gettext = gettext_for(request)
    form = ProgrammeForm.from_mapping(await request.form())
    new_id = _new_id(session, repo.AgendaProgramme, form.title, "programme")
    programme, errors = form.to_programme(programme_id=new_id, gettext=gettext)
    if programme is not None:
        try:
            repo.create_programme(
                session, programme, origin=f"user:{user.username}", owner_id=user.id
            )
        except EurasiaError as exc:
            errors = _store_error(exc, gettext)
        else:
            return _saved(new_id)
    return _programme_page(
        request, user, settings, form, errors, programme_id=None, status_code=422
    )


@router.get("/programmes/{programme_id}/edit", response_class=HTMLResponse)
def edit_programme(
    programme_id: str,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
) -> Response:
    """The form of an existing programme (its owner, an admin, or any editor if unowned)."""
    if user is None:
        return login_redirect(request)
    try:
        _own_programme(session, user, programme_id)
        form = ProgrammeForm.from_programme(repo.get_programme(session, programme_id))
    except EurasiaError as exc:
        return error_page(request, exc, user=user, settings=settings)
    return _programme_page(request, user, settings, form, {}, programme_id=programme_id)


@router.post("/programmes/{programme_id}/edit", response_class=HTMLResponse)
async def update_programme(
    programme_id: str,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
) -> Response:
    """Save the changed programme (its source citation stays)."""
    if user is None:
        return login_redirect(request)
    try:
        _own_programme(session, user, programme_id)
        old = repo.get_programme(session, programme_id)
    except EurasiaError as exc:
        return error_page(request, exc, user=user, settings=settings)
    gettext = gettext_for(request)
    form = ProgrammeForm.from_mapping(await request.form())
    programme, errors = form.to_programme(
        programme_id=programme_id, source=old.source, gettext=gettext
    )
    if programme is not None:
        try:
            repo.update_programme(session, programme, origin=f"user:{user.username}")
        except EurasiaError as exc:
            errors = _store_error(exc, gettext)
        else:
            return _saved(programme_id)
    return _programme_page(
        request, user, settings, form, errors, programme_id=programme_id, status_code=422
    )


@router.post("/programmes/{programme_id}/delete", response_class=HTMLResponse)
def delete_programme(
    programme_id: str,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
) -> Response:
    """Delete the programme and go back to the list."""
    if user is None:
        return login_redirect(request)
    try:
        _own_programme(session, user, programme_id)
        repo.delete_programme(session, programme_id)
    except EurasiaError as exc:
        return error_page(request, exc, user=user, settings=settings)
    return RedirectResponse(f"{LIST_PAGE}#records", status_code=303)


# --------------------------------------------------------------------------- projects


def _project_page(
    request: Request,
    user: Principal,
    settings: Settings,
    form: ProjectForm,
    errors: dict[str, str],
    *,
    project_id: str | None,
    status_code: int = 200,
) -> HTMLResponse:
    action = f"/agenda/projects/{project_id}/edit" if project_id else "/agenda/projects/new"
    context = {
        "form": form,
        "errors": errors,
        "action": action,
        "record_id": project_id,
        "prefix": "pj",
    }
    return render(
        request,
        "agenda/project_edit.html",
        context,
        user=user,
        settings=settings,
        status_code=status_code,
    )


def _own_project(session: Session, user: Principal, project_id: str) -> None:
    owner = repo.project_owner(session, project_id)
    ensure_can_edit(user, owner_id=owner, what=f"project {project_id!r}")


@router.get("/projects/new", response_class=HTMLResponse)
def new_project(request: Request, settings: SettingsDep, user: CurrentUser) -> Response:
    """The empty project form (editors)."""
    refused = _refusal(request, user, settings)
    if refused is not None or user is None:
        return refused or login_redirect(request)
    return _project_page(request, user, settings, ProjectForm(), {}, project_id=None)


@router.post("/projects/check", response_class=HTMLResponse)
async def check_project(request: Request, settings: SettingsDep, user: CurrentUser) -> Response:
    """Inline validation of the project form (nothing is saved)."""
    refused = _refusal(request, user, settings)
    if refused is not None or user is None:
        return refused or login_redirect(request)
    data = {k: str(v) for k, v in (await request.form()).items()}
    form = ProjectForm.from_mapping(data)
    _p, errors = form.to_project(project_id="check", gettext=gettext_for(request))
    return _checked(request, user, settings, data, errors, prefix="pj", names=PROJECT_FIELDS)


@router.post("/projects/new", response_class=HTMLResponse)
async def create_project(
    request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> Response:
    """Create the project (owned by the editor) and go back to the list."""
    refused = _refusal(request, user, settings)
    if refused is not None or user is None:
        return refused or login_redirect(request)
    gettext = gettext_for(request)
    form = ProjectForm.from_mapping(await request.form())
    new_id = _new_id(session, repo.AgendaProject, form.title, "project")
    project, errors = form.to_project(project_id=new_id, gettext=gettext)
    if project is not None:
        try:
            repo.create_project(session, project, origin=f"user:{user.username}", owner_id=user.id)
        except EurasiaError as exc:
            errors = _store_error(exc, gettext)
        else:
            return _saved(new_id)
    return _project_page(request, user, settings, form, errors, project_id=None, status_code=422)


@router.get("/projects/{project_id}/edit", response_class=HTMLResponse)
def edit_project(
    project_id: str,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
) -> Response:
    """The form of an existing project (its owner, an admin, or any editor if unowned)."""
    if user is None:
        return login_redirect(request)
    try:
        _own_project(session, user, project_id)
        form = ProjectForm.from_project(repo.get_project(session, project_id))
    except EurasiaError as exc:
        return error_page(request, exc, user=user, settings=settings)
    return _project_page(request, user, settings, form, {}, project_id=project_id)


@router.post("/projects/{project_id}/edit", response_class=HTMLResponse)
async def update_project(
    project_id: str,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
) -> Response:
    """Save the changed project and its needs (its source citation stays)."""
    if user is None:
        return login_redirect(request)
    try:
        _own_project(session, user, project_id)
        old = repo.get_project(session, project_id)
    except EurasiaError as exc:
        return error_page(request, exc, user=user, settings=settings)
    gettext = gettext_for(request)
    form = ProjectForm.from_mapping(await request.form())
    project, errors = form.to_project(project_id=project_id, source=old.source, gettext=gettext)
    if project is not None:
        try:
            repo.update_project(session, project, origin=f"user:{user.username}")
        except EurasiaError as exc:
            errors = _store_error(exc, gettext)
        else:
            return _saved(project_id)
    return _project_page(
        request, user, settings, form, errors, project_id=project_id, status_code=422
    )


@router.post("/projects/{project_id}/delete", response_class=HTMLResponse)
def delete_project(
    project_id: str,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
) -> Response:
    """Delete the project with its needs and go back to the list."""
    if user is None:
        return login_redirect(request)
    try:
        _own_project(session, user, project_id)
        repo.delete_project(session, project_id)
    except EurasiaError as exc:
        return error_page(request, exc, user=user, settings=settings)
    return RedirectResponse(f"{LIST_PAGE}#records", status_code=303)
