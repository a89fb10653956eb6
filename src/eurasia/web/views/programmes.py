"""Programmes and projects: the matching page (filters, pages), and editing pages for both.

The matching page filters by field of education (an ISCED-F code and the fields under it),
country (name or code) and text, and shows matches and workforce gaps a page at a time. Loose
matches (only the ISCO-08 sub-major group shared) are listed and marked as not counted in the
share of workers a programme reaches.

Editors create programmes and projects (owned by them) and edit their own ones and the unowned
bundled ones; admins edit anything. Codes are checked against ISCO-08 and ISCED-F as they are
typed (:mod:`eurasia.web.programme_forms`); the store checks them again on save.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Annotated, Any, TypeVar
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from eurasia.agenda.classifications import (
    ISCED_CATEGORIES,
    isced_category,
    isced_codes,
    isced_title,
)
from eurasia.agenda.matching import Match, gap_report, match
from eurasia.agenda.model import PROGRAMME_MODES, Programme, Project
from eurasia.auth.roles import Principal, Role, can_edit, ensure_can_edit
from eurasia.errors import DataError, EurasiaError
from eurasia.store import agenda as repo
from eurasia.web.event_form import country_code
from eurasia.web.programme_forms import PROGRAMME_FIELDS, PROJECT_FIELDS, ProgrammeForm, ProjectForm
from eurasia.web.views.agenda import view_links
from eurasia.web.views.common import (
    PageDep,
    PageRequest,
    free_id,
    gettext_for,
    shown_errors,
)

__all__ = ["paginate", "record_permissions", "router"]

router = APIRouter(prefix="/agenda", include_in_schema=False)
LIST_PAGE = "/agenda/programmes"
#: Rows per page of the matches and of the workforce gaps.
MATCHES_PER_PAGE, GAPS_PER_PAGE = 10, 25
T = TypeVar("T")


def paginate(rows: Sequence[T], page: int, per_page: int) -> tuple[Sequence[T], int, int]:
    """Return the rows of ``page`` (1-based, past the end: the last page), the page and the count.

    Examples
    --------
    >>> paginate(list(range(25)), 3, 10)
    ([20, 21, 22, 23, 24], 3, 3)
    >>> paginate([], 4, 10), paginate(list(range(5)), 9, 2)
    (([], 1, 1), ([4], 3, 3))
    """
    pages = max(1, math.ceil(len(rows) / per_page))
    page = min(max(page, 1), pages)
    return rows[(page - 1) * per_page : page * per_page], page, pages


@dataclass(frozen=True)
class _RecordFilter:
    """What the programmes page keeps: a field of education, a country, a text."""

    field: str = ""
    country: str = ""
    text: str = ""

    def programme(self, p: Programme) -> bool:
        return (
            p.isced_field.startswith(self.field)
            and (not self.country or p.country == self.country)
            and self._has_text(p.title, p.provider, p.city)
        )

    def project(self, p: Project) -> bool:
        return (not self.country or p.country == self.country) and self._has_text(
            p.title, p.sector, p.city
        )

    def pair(
        self, m: Match, programmes: dict[str, Programme], projects: dict[str, Project]
    ) -> bool:
        """Whether a match is kept: its programme by field and country, either side by text."""
        p, j = programmes[m.programme_id], projects[m.project_id]
        return (
            p.isced_field.startswith(self.field)
            and (not self.country or self.country in (p.country, j.country))
            and (self._has_text(p.title, p.provider, p.city) or self._has_text(j.title, j.city))
        )

    def _has_text(self, *values: str | None) -> bool:
        needle = self.text.casefold()
        return not needle or any(needle in (v or "").casefold() for v in values)


def _record_filter(field: str, country: str, text: str) -> _RecordFilter:
    field = field.strip()
    if field and field not in isced_codes():
        msg = f"query 'field': {field!r} is not an ISCED-F 2013 field like 07 or 0713"
        raise DataError(msg)
    code = country_code(country) if country.strip() else ""
    if code is None:
        msg = f"query 'country': {country!r} is not a country name or ISO code like KZ"
        raise DataError(msg)
    return _RecordFilter(field=field, country=code, text=text.strip())


def _field_choices(programmes: list[Programme]) -> list[tuple[str, str]]:
    """ISCED-F fields of the programmes and the broad and narrow fields above them, by code."""
    codes = {p.isced_field[:n] for p in programmes for n in (2, 3, 4)} & isced_codes().keys()
    return [(c, isced_title(c)) for c in sorted(codes)]


def _isced_notes(programmes: list[Programme]) -> dict[str, tuple[str, str]]:
    """Each programme field's title and, for an ISCED-F coding category, what it matches as."""
    notes = {}
    for code in {p.isced_field for p in programmes}:
        category = isced_category(code)
        notes[code] = (isced_title(code), "" if category == "field" else ISCED_CATEGORIES[category])
    return notes


@router.get("/programmes", response_class=HTMLResponse)
def programmes_page(
    page: PageDep,
    field: Annotated[str, Query(max_length=4)] = "",
    country: Annotated[str, Query(max_length=100)] = "",
    q: Annotated[str, Query(max_length=100)] = "",
    matches_page: Annotated[int, Query(alias="page", ge=1, le=10_000)] = 1,
    gaps_page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    """Programmes matched to projects (ISCO-08, ISCED-F, place, partners) and workforce gaps."""
    try:
        keep = _record_filter(field, country, q)
    except DataError as exc:
        return page.error(exc)
    session = page.session
    all_programmes = repo.list_programmes(session)
    programmes = {p.id: p for p in all_programmes}
    projects = {p.id: p for p in repo.list_projects(session)}
    matches = [
        m
        for m in match(programmes.values(), projects.values(), min_digits=2, min_score=0.0)
        if keep.pair(m, programmes, projects)
    ]
    by_place = replace(keep, text="")  # the gaps: every programme of the field and country
    gaps = gap_report(
        [p for p in all_programmes if by_place.programme(p)],
        [p for p in projects.values() if not keep.country or p.country == keep.country],
        min_digits=3,
    )
    shortfalls = [r for r in gaps.rows if r.shortfall > 0]
    shown, matches_page, pages = paginate(matches, matches_page, MATCHES_PER_PAGE)
    gap_rows, gaps_page, gap_pages = paginate(shortfalls, gaps_page, GAPS_PER_PAGE)
    filters = {
        k: v for k, v in (("field", keep.field), ("country", keep.country), ("q", keep.text)) if v
    }
    context = {
        "programmes": programmes,
        "projects": projects,
        "shown_programmes": [p for p in programmes.values() if keep.programme(p)],
        "shown_projects": [p for p in projects.values() if keep.project(p)],
        "matches": shown,
        "match_count": len(matches),
        "paging": {
            "page": matches_page,
            "pages": pages,
            "gaps_page": gaps_page,
            "gap_pages": gap_pages,
        },
        "gaps": gaps,
        "gap_rows": gap_rows,
        "gap_count": len(shortfalls),
        "filters": filters,
        "query": urlencode(filters),
        "fields": _field_choices(all_programmes),
        "isced_notes": _isced_notes(all_programmes),
        "view": "programmes",
        "views": view_links(date.today(), ""),
        **record_permissions(session, page.user),
    }
    return page.render("agenda/programmes.html", context)


def record_permissions(session: Session, user: Principal | None) -> dict[str, Any]:
    """Return what the user may do on the programmes page: create, and which records to edit."""

    def editable(owners: dict[str, int | None]) -> set[str]:
        return {key for key, owner in owners.items() if can_edit(user, owner_id=owner)}

    return {
        "can_create_records": user is not None and user.has_role(Role.EDITOR),
        "editable_programmes": editable(repo.programme_owners(session)),
        "editable_projects": editable(repo.project_owners(session)),
    }


def _saved(record_id: str) -> RedirectResponse:
    return RedirectResponse(f"{LIST_PAGE}?saved={quote(record_id)}#records", status_code=303)


def _checked(
    page: PageRequest,
    data: dict[str, str],
    errors: dict[str, str],
    *,
    prefix: str,
    names: tuple[str, ...],
) -> HTMLResponse:
    context = {"errors": shown_errors(data, errors), "fields": names, "prefix": prefix}
    return page.render("agenda/_record_checked.html", context)


@dataclass(frozen=True)
class _Kind:
    """How the pages edit one kind of record (programmes or projects)."""

    name: str
    prefix: str
    names: tuple[str, ...]
    table: type[Any]
    empty: Callable[[], Any]
    read: Callable[[Mapping[str, Any]], Any]
    convert: Callable[[Any, str, str | None, Callable[[str], str]], tuple[Any, dict[str, str]]]
    prefill: Callable[[Any], Any]
    owner: Callable[[Session, str], int | None]
    get: Callable[[Session, str], Any]
    create: Callable[..., Any]
    update: Callable[..., Any]
    delete: Callable[[Session, str], Any]
    extra: Callable[[], dict[str, Any]]

    def form_page(
        self,
        page: PageRequest,
        form: Any,
        errors: dict[str, str],
        *,
        record_id: str | None,
        status_code: int = 200,
    ) -> HTMLResponse:
        base = f"/agenda/{self.name}s"
        action = f"{base}/{record_id}/edit" if record_id else f"{base}/new"
        context = {
            "form": form,
            "errors": errors,
            "action": action,
            "record_id": record_id,
            "kind": self.name,
            "prefix": self.prefix,
            **self.extra(),
        }
        return page.render(f"agenda/{self.name}_edit.html", context, status_code=status_code)

    def save(
        self,
        page: PageRequest,
        form: Any,
        record_id: str,
        *,
        write: Callable[[Any], None],
        source: str | None,
        existing: bool = False,
    ) -> Response:
        """Write the form's record ``record_id`` and go back to the list, or show the form again.

        The form comes back (422) with the field errors of the conversion, or with the store's
        error when ``write`` raised. ``existing`` says that ``record_id`` is a stored record (the
        form is its edit page), not a new one.
        """
        gettext = gettext_for(page.request)
        record, errors = self.convert(form, record_id, source, gettext)
        if record is not None:
            try:
                write(record)
            except EurasiaError as exc:
                errors = _store_error(exc, gettext)
            else:
                return _saved(record_id)
        shown_id = record_id if existing else None
        return self.form_page(page, form, errors, record_id=shown_id, status_code=422)

    def owned(self, record_id: str, page: PageRequest) -> tuple[Principal, Any] | Response:
        """Return the user and the record if the user may edit it, else the page saying why not."""
        if isinstance(user := page.signed_in(), Response):
            return user
        try:
            owner = self.owner(page.session, record_id)
            ensure_can_edit(user, owner_id=owner, what=f"{self.name} {record_id!r}")
            return user, self.get(page.session, record_id)
        except EurasiaError as exc:
            return page.error(exc)


def _store_error(exc: EurasiaError, gettext: Callable[[str], str]) -> dict[str, str]:
    return {"form": f"{gettext('Not saved:')} {exc}"}


def _register(kind: _Kind) -> None:
    """Add the new/check/create/edit/update/delete pages of one kind of record to the router."""
    _register_new(kind)
    _register_existing(kind)


def _register_new(kind: _Kind) -> None:
    """Add the new/check/create pages of one kind of record to the router."""
    base = f"/{kind.name}s"

    @router.get(f"{base}/new", response_class=HTMLResponse)
    def new(page: PageDep) -> Response:
        """Render the empty form (editors)."""
        if isinstance(refused := page.editor(), Response):
            return refused
        return kind.form_page(page, kind.empty(), {}, record_id=None)

    @router.post(f"{base}/check", response_class=HTMLResponse)
    async def check(page: PageDep) -> Response:
        """Inline validation of the form (nothing is saved)."""
        if isinstance(refused := page.editor(), Response):
            return refused
        data = {k: str(v) for k, v in (await page.request.form()).items()}
        form = kind.read(data)
        _r, errors = kind.convert(form, "check", None, gettext_for(page.request))
        return _checked(page, data, errors, prefix=kind.prefix, names=kind.names)

    @router.post(f"{base}/new", response_class=HTMLResponse)
    async def create(page: PageDep) -> Response:
        """Create the record (owned by the editor) and go back to the list."""
        if isinstance(editor := page.editor(), Response):
            return editor
        form = kind.read(await page.request.form())
        new_id = free_id(page.session, kind.table, form.title, fallback=kind.name, limit=90)

        def write(record: Any) -> None:
            origin = f"user:{editor.username}"
            kind.create(page.session, record, origin=origin, owner_id=editor.id)

        return kind.save(page, form, new_id, write=write, source=None)


def _register_existing(kind: _Kind) -> None:
    """Add the edit/update/delete pages of an existing record of one kind to the router."""
    base = f"/{kind.name}s"

    @router.get(f"{base}/{{record_id}}/edit", response_class=HTMLResponse)
    def edit(record_id: str, page: PageDep) -> Response:
        """Render the form of an existing record (its owner, an admin, or any editor if unowned)."""
        if isinstance(owned := kind.owned(record_id, page), Response):
            return owned
        return kind.form_page(page, kind.prefill(owned[1]), {}, record_id=record_id)

    @router.post(f"{base}/{{record_id}}/edit", response_class=HTMLResponse)
    async def update(record_id: str, page: PageDep) -> Response:
        """Save the changed record (its source citation stays)."""
        if isinstance(owned := kind.owned(record_id, page), Response):
            return owned
        editor, old = owned
        form = kind.read(await page.request.form())

        def write(record: Any) -> None:
            kind.update(page.session, record, origin=f"user:{editor.username}")

        return kind.save(page, form, record_id, write=write, source=old.source, existing=True)

    @router.post(f"{base}/{{record_id}}/delete", response_class=HTMLResponse)
    def delete(record_id: str, page: PageDep) -> Response:
        """Delete the record (a project with its needs) and go back to the list."""
        if isinstance(owned := kind.owned(record_id, page), Response):
            return owned
        kind.delete(page.session, record_id)
        return RedirectResponse(f"{LIST_PAGE}#records", status_code=303)


def _named_kind(
    name: str, prefix: str, names: tuple[str, ...], table: type[Any], form: type[Any], **extra: Any
) -> _Kind:
    """Return a kind whose form and store functions are named like ``programme``/``project``.

    ``form.from_<name>``/``form.to_<name>`` and ``repo.get_<name>``, ``repo.<name>_owner``,
    ``repo.create_<name>`` … are looked up by ``name``; ``extra`` goes into the form's page.
    """

    def store(pattern: str) -> Any:
        return getattr(repo, pattern.format(name))

    def convert(record: Any, rid: str, source: str | None, gettext: Callable[[str], str]) -> Any:
        to_record = getattr(record, f"to_{name}")
        return to_record(**{f"{name}_id": rid}, source=source, gettext=gettext)

    return _Kind(
        name=name,
        prefix=prefix,
        names=names,
        table=table,
        empty=form,
        read=form.from_mapping,
        convert=convert,
        prefill=getattr(form, f"from_{name}"),
        owner=store("{}_owner"),
        get=store("get_{}"),
        create=store("create_{}"),
        update=store("update_{}"),
        delete=store("delete_{}"),
        extra=lambda: dict(extra),
    )


_register(
    _named_kind(
        "programme",
        "pg",
        PROGRAMME_FIELDS,
        repo.AgendaProgramme,
        ProgrammeForm,
        modes=PROGRAMME_MODES,
        isced=isced_codes(),
    )
)
_register(_named_kind("project", "pj", PROJECT_FIELDS, repo.AgendaProject, ProjectForm))
