"""Who is calling: request dependencies for authentication, roles and CSRF protection.

Two kinds of credentials are accepted on every route:

* ``Authorization: Bearer eat_…`` — an API token for scripts (``eurasia users token``); no CSRF
  check, since browsers never attach it by themselves. An unknown, revoked or expired token is a
  401, never a silent anonymous request.
* the ``eurasia_session`` cookie set by ``POST /api/auth/login`` or the login page (HttpOnly,
  SameSite=Lax, Secure outside development). Unsafe methods (POST, PUT, PATCH, DELETE) carrying it
  must also send the session's CSRF token, in the ``X-CSRF-Token`` header or a ``csrf_token`` form
  field, and a cross-site ``Origin`` is refused.

Use the ``Annotated`` aliases in endpoint signatures::

    @router.post("/events")
    def create_event(body: EventCreate, user: EditorUser, session: SessionDep) -> EventPublic:
        ...  # user is a eurasia.auth.roles.Principal with role editor or admin

``CurrentUser`` is ``Principal | None`` (anonymous allowed); ``ViewerUser``, ``EditorUser`` and
``AdminUser`` answer 401 (AuthError) without credentials and 403 (PermissionDeniedError) with too
low a role. Object-level checks use :func:`eurasia.auth.roles.ensure_can_edit`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request, Response

from eurasia.auth.credentials import SESSION_LIFETIME, open_session, session_user, token_user
from eurasia.auth.ratelimit import LoginPolicy
from eurasia.auth.roles import Principal, Role, ensure_role
from eurasia.auth.tokens import csrf_matches, csrf_token, digest
from eurasia.auth.users import authenticate, principal_of
from eurasia.errors import AuthError, PermissionDeniedError
from eurasia.http.deps import SessionDep, SettingsDep
from eurasia.settings import Settings
from eurasia.store.accounts import User

__all__ = [
    "CSRF_FIELD",
    "CSRF_HEADER",
    "SESSION_COOKIE",
    "AdminUser",
    "CurrentUser",
    "EditorUser",
    "Principal",
    "Role",
    "ViewerUser",
    "check_same_origin",
    "clear_session_cookie",
    "client_address",
    "csrf_for_request",
    "get_current_user",
    "set_session_cookie",
    "sign_in",
]

SESSION_COOKIE = "eurasia_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _resolve_principal(request: Request, session: SessionDep) -> Principal | None:
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            msg = "Authorization header: expected 'Bearer <API token>'"
            raise AuthError(msg)
        user = token_user(session, secret.strip())
        if user is None:
            msg = "API token is unknown, revoked or expired, or its user is disabled"
            raise AuthError(msg)
        return principal_of(user, via="token")
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    user = session_user(session, cookie)
    return principal_of(user, via="session") if user is not None else None


def check_same_origin(request: Request) -> None:
    """Refuse an unsafe request whose ``Origin`` (or ``Referer``) names another host.

    Raises
    ------
    PermissionDeniedError
        Naming the foreign origin.
    """
    origin = request.headers.get("origin") or request.headers.get("referer")
    if not origin:
        return  # not a browser, or a same-origin request from an old one: cookies need CSRF
    if origin.strip().lower() == "null":  # sandboxed frames, data: and file: pages (login CSRF)
        msg = "request from an opaque origin ('Origin: null') refused"
        raise PermissionDeniedError(msg)
    host = urlsplit(origin).netloc
    if host and host != request.headers.get("host", request.url.netloc):
        msg = f"cross-site request from origin {origin!r} refused"
        raise PermissionDeniedError(msg)


async def get_current_user(
    request: Request,
    settings: SettingsDep,
    principal: Annotated[Principal | None, Depends(_resolve_principal)],
) -> Principal | None:
    """Return the caller, or ``None`` when anonymous; checks CSRF on cookie-authenticated writes.

    Raises
    ------
    AuthError
        For a malformed ``Authorization`` header or a bad API token.
    PermissionDeniedError
        For a cookie-authenticated unsafe request without a valid CSRF token, or cross-site.
    """
    if principal is None or principal.via != "session" or request.method in SAFE_METHODS:
        return principal
    check_same_origin(request)
    candidate = request.headers.get(CSRF_HEADER)
    content_type = request.headers.get("content-type", "")
    if candidate is None and content_type.startswith(_FORM_TYPES):
        value = (await request.form()).get(CSRF_FIELD)
        candidate = value if isinstance(value, str) else None
    cookie = request.cookies[SESSION_COOKIE]
    if not candidate or not csrf_matches(settings.secret_key, digest(cookie), candidate):
        msg = (
            f"CSRF token missing or invalid: send the session's token in the {CSRF_HEADER} "
            f"header or the {CSRF_FIELD!r} form field"
        )
        raise PermissionDeniedError(msg)
    return principal


def csrf_for_request(request: Request, secret_key: str) -> str | None:
    """Return the CSRF token for the request's session cookie, or ``None`` without one."""
    cookie = request.cookies.get(SESSION_COOKIE)
    return csrf_token(secret_key, digest(cookie)) if cookie else None


def client_address(request: Request) -> str:
    """Return the caller's address as the server sees it.

    ``X-Forwarded-For`` is believed only from the proxies in ``EURASIA_TRUSTED_PROXIES``: uvicorn
    rewrites the client address from it for those peers alone (``eurasia serve`` passes the
    setting as ``forwarded_allow_ips``; by default no peer is trusted), so the login limits
    cannot be dodged by sending the header.
    """
    return request.client.host if request.client else "unknown"


def sign_in(
    request: Request, session: SessionDep, settings: Settings, *, username: str, password: str
) -> tuple[User, str]:
    """Check credentials and open a session; returns the user and the new cookie value.

    The same for the API and the login page: a cross-site or opaque (``Origin: null``) login is
    refused (login CSRF), failures are throttled (:mod:`eurasia.auth.ratelimit` with the
    ``EURASIA_LOGIN_*`` policy), and the session cookie the browser sent is ended (rotation).

    Raises
    ------
    PermissionDeniedError
        For a cross-site login.
    TooManyAttemptsError
        When this address must wait.
    AuthError
        For wrong credentials or a disabled account.
    """
    check_same_origin(request)
    user = authenticate(
        session,
        username=username,
        password=password,
        client=client_address(request),
        policy=LoginPolicy.from_settings(settings),
    )
    token = open_session(
        session,
        user,
        replaces=request.cookies.get(SESSION_COOKIE),
        max_sessions=settings.max_sessions_per_user,
    )
    return user, token


def set_session_cookie(
    response: Response, token: str, *, request: Request, settings: Settings
) -> None:
    """Set the session cookie: HttpOnly, SameSite=Lax, Secure unless development over http."""
    secure = settings.env != "development" or request.url.scheme == "https"
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
    )


def clear_session_cookie(response: Response, *, request: Request, settings: Settings) -> None:
    """Remove the session cookie from the browser."""
    secure = settings.env != "development" or request.url.scheme == "https"
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=secure)


def _require(role: Role) -> Callable[[Principal | None], Principal]:
    def dependency(
        principal: Annotated[Principal | None, Depends(get_current_user)],
    ) -> Principal:
        if principal is None:
            msg = f"sign in (session cookie or 'Authorization: Bearer' API token); needs {role}"
            raise AuthError(msg)
        ensure_role(principal, role)
        return principal

    dependency.__name__ = f"require_{role}"
    return dependency


CurrentUser = Annotated[Principal | None, Depends(get_current_user)]
ViewerUser = Annotated[Principal, Depends(_require(Role.VIEWER))]
EditorUser = Annotated[Principal, Depends(_require(Role.EDITOR))]
AdminUser = Annotated[Principal, Depends(_require(Role.ADMIN))]
