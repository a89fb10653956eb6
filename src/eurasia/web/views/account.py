"""Sign in, sign out, and the account page with the user's API tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from eurasia.auth.credentials import (
    close_session,
    issue_api_token,
    list_api_tokens,
    revoke_api_token,
)
from eurasia.auth.ratelimit import TooManyAttemptsError
from eurasia.auth.users import get_user
from eurasia.errors import AuthError, DataError, EurasiaError
from eurasia.http.deps import SessionDep, SettingsDep
from eurasia.http.security import (
    SESSION_COOKIE,
    clear_session_cookie,
    set_session_cookie,
    sign_in,
)
from eurasia.web.templating import render
from eurasia.web.views.common import PageDep, PageRequest, gettext_for, safe_next

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.get("/login", response_class=HTMLResponse)
def login_page(page: PageDep, next: str = "/") -> Response:
    """Render the sign-in form (signed-in users go straight on)."""
    if page.user is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    context = {"next": safe_next(next), "error": None, "username": ""}
    return page.render("login.html", context)


@router.post("/login", response_class=HTMLResponse)
def login_submit(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Check the credentials; on success set the session cookie and go on to ``next``."""
    _ = gettext_for(request)
    try:
        _account, token = sign_in(request, session, settings, username=username, password=password)
    except TooManyAttemptsError:
        error = _("Too many failed sign-in attempts. Wait a few minutes and try again.")
        status = 429
    except AuthError:
        error = _("Wrong username or password, or the account is disabled.")
        status = 401
    else:
        response = RedirectResponse(safe_next(next), status_code=303)
        set_session_cookie(response, token, request=request, settings=settings)
        return response
    context = {"next": safe_next(next), "error": error, "username": username}
    return render(request, "login.html", context, user=None, settings=settings, status_code=status)


@router.post("/logout")
def logout(page: PageDep) -> Response:
    """End the session (the form carries the CSRF token) and go home."""
    cookie = page.request.cookies.get(SESSION_COOKIE)
    if cookie:
        close_session(page.session, cookie)
    response = RedirectResponse("/", status_code=303)
    clear_session_cookie(response, request=page.request, settings=page.settings)
    return response


def _account(
    page: PageRequest,
    *,
    new_token: str | None = None,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    if isinstance(user := page.signed_in(), Response):
        return user
    tokens = list_api_tokens(page.session, user_id=user.id)
    context = {"tokens": tokens, "new_token": new_token, "error": error}
    return page.render("account.html", context, status_code=status_code)


@router.get("/account", response_class=HTMLResponse)
def account_page(page: PageDep) -> Response:
    """Render the signed-in user's role and API tokens."""
    return _account(page)


@router.post("/account/tokens", response_class=HTMLResponse)
def create_token(page: PageDep, name: Annotated[str, Form(max_length=200)]) -> Response:
    """Create an API token and show it once."""
    if isinstance(user := page.signed_in(), Response):
        return user
    try:
        owner = get_user(page.session, user.id)
        _row, secret = issue_api_token(page.session, owner, name=name)
    except DataError as exc:
        return _account(page, error=str(exc), status_code=422)
    return _account(page, new_token=secret)


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(token_id: int, page: PageDep) -> Response:
    """Revoke one of the user's tokens (admins: anyone's)."""
    if isinstance(user := page.signed_in(), Response):
        return user
    try:
        revoke_api_token(page.session, token_id, by=user)
    except EurasiaError as exc:
        return page.error(exc)
    return RedirectResponse("/account#tokens", status_code=303)
