"""Helpers shared by the page handlers.

What a handler is given (:class:`PageRequest`), translation in Python code, redirects, error
pages, and the values of optional form fields.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from eurasia.agenda.model import slugify
from eurasia.auth.roles import Principal, Role, ensure_role
from eurasia.errors import DataError, EurasiaError
from eurasia.http.deps import SessionDep, SettingsDep
from eurasia.http.security import CurrentUser
from eurasia.settings import Settings
from eurasia.web.i18n import translations
from eurasia.web.templating import locale_of, render

__all__ = [
    "PageDep",
    "PageRequest",
    "editor_refusal",
    "error_page",
    "free_id",
    "gettext_for",
    "login_redirect",
    "network_year",
    "optional_whole",
    "page_request",
    "safe_next",
    "shown_errors",
    "translated",
]


def gettext_for(request: Request) -> Callable[[str], str]:
    """Return the ``gettext`` function of the request's language."""
    return translations(locale_of(request)).gettext


def translated(words: Mapping[str, str], gettext: Callable[[str], str]) -> dict[str, str]:
    """Return each code of a vocabulary with its label in the reader's language.

    Examples
    --------
    >>> translated({"rail": "Rail", "sea": "Sea"}, str.upper)
    {'rail': 'RAIL', 'sea': 'SEA'}
    """
    return {code: gettext(text) for code, text in words.items()}


def safe_next(value: str | None) -> str:
    """Return a local path to go to after login (anything else becomes ``/``).

    Examples
    --------
    >>> safe_next("/agenda?month=2026-05"), safe_next("https://evil.example/"), safe_next("//x")
    ('/agenda?month=2026-05', '/', '/')
    """
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


def login_redirect(request: Request) -> RedirectResponse:
    """Send an anonymous user to the login page, coming back here afterwards."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


def error_page(
    request: Request, exc: EurasiaError, *, user: Principal | None, settings: Settings
) -> HTMLResponse:
    """Render an HTML page for an error, with the error's status code."""
    return render(
        request,
        "error.html",
        {"title": exc.title, "detail": str(exc)},
        user=user,
        settings=settings,
        status_code=exc.status_code,
    )


def editor_refusal(request: Request, user: Principal | None, settings: Settings) -> Response | None:
    """Return a login redirect or an error page unless the user is an editor (``None`` if they are)."""
    if user is None:
        return login_redirect(request)
    try:
        ensure_role(user, Role.EDITOR)
    except EurasiaError as exc:
        return error_page(request, exc, user=user, settings=settings)
    return None


@dataclass(frozen=True)
class PageRequest:
    """What a page handler works with: the request, the store session, the settings and the user.

    Handlers take it as one dependency (:data:`PageDep`) and hand it on to the helpers that
    render, refuse or look a record up for them. ``user`` is ``None`` for an anonymous reader.
    """

    request: Request
    session: Session
    settings: Settings
    user: Principal | None

    def render(self, name: str, context: dict[str, Any], *, status_code: int = 200) -> HTMLResponse:
        """Render template ``name`` for this request and its user (:func:`render`)."""
        return render(
            self.request,
            name,
            context,
            user=self.user,
            settings=self.settings,
            status_code=status_code,
        )

    def error(self, exc: EurasiaError) -> HTMLResponse:
        """Render the page of an error, with its status code (:func:`error_page`)."""
        return error_page(self.request, exc, user=self.user, settings=self.settings)

    def signed_in(self) -> Principal | RedirectResponse:
        """Return the signed-in user, or the redirect that sends an anonymous reader to log in."""
        return self.user if self.user is not None else login_redirect(self.request)

    def editor(self) -> Principal | Response:
        """Return the signed-in editor, or the answer for anyone else (login redirect, 403 page)."""
        refused = editor_refusal(self.request, self.user, self.settings)
        if refused is not None or self.user is None:
            return refused or login_redirect(self.request)
        return self.user


def page_request(
    request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> PageRequest:
    """Return a handler's :class:`PageRequest` (the dependency behind :data:`PageDep`)."""
    return PageRequest(request, session, settings, user)


#: A page handler's request, session, settings and user, as one FastAPI dependency.
PageDep = Annotated[PageRequest, Depends(page_request)]


def free_id(
    session: Session, table: type[Any], title: str, *, fallback: str, limit: int | None = None
) -> str:
    """Return a primary key of ``table`` not yet taken, from the slug of ``title``.

    The slug is cut to ``limit`` characters (``fallback`` if empty); ``-2``, ``-3`` … are
    appended while the key is taken.
    """
    base = slugify(title)[:limit] or fallback
    candidate, n = base, 1
    while session.get(table, candidate) is not None:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def shown_errors(data: Mapping[str, Any], errors: dict[str, str]) -> dict[str, str]:
    """Return the errors inline validation shows: those of filled-in fields, and the form-wide one.

    Examples
    --------
    >>> shown_errors({"title": "x", "city": ""}, {"title": "t", "city": "c", "form": "f"})
    {'title': 't', 'form': 'f'}
    """
    touched = {k for k, v in data.items() if v}
    return {k: v for k, v in errors.items() if k in touched or k == "form"}


def optional_whole(
    value: str, refusal: str, *, low: int = 0, high: int | None = None
) -> int | None:
    """Return the whole number typed in an optional form field, ``None`` when it is blank.

    Anything else, or a number below ``low`` or above ``high``, raises a :class:`DataError`
    saying ``refusal`` (the message in the reader's language).

    Examples
    --------
    >>> optional_whole("", "no"), optional_whole("4", "no"), optional_whole(" 2027", "no", high=2100)
    (None, 4, 2027)
    >>> optional_whole("many", "Most transfers: give a whole number.")
    Traceback (most recent call last):
    ...
    eurasia.errors.DataError: Most transfers: give a whole number.
    """
    text = value.strip()
    if not text:
        return None
    if not text.isdecimal() or int(text) < low or (high is not None and int(text) > high):
        raise DataError(refusal)
    return int(text)


def network_year(value: str, gettext: Callable[[str], str]) -> int | None:
    """Return the optional year a form asks for the network as of, ``None`` when it is blank.

    A year from 2000 to 2100; anything else raises a :class:`DataError` in the reader's language.

    Examples
    --------
    >>> network_year("", str), network_year("2027", str)
    (None, 2027)
    >>> network_year("1999", str)
    Traceback (most recent call last):
    ...
    eurasia.errors.DataError: Year “1999”: give a year between 2000 and 2100, or nothing.
    """
    msg = gettext("Year “%(year)s”: give a year between 2000 and 2100, or nothing.")
    return optional_whole(value, msg % {"year": value}, low=2000, high=2100)
