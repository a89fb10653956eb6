"""Accounts API: log in and out, who am I, API tokens, and user administration (admins)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response, status

from eurasia.api.schemas.accounts import (
    LoginRequest,
    SessionPublic,
    TokenCreate,
    TokenCreated,
    TokenPublic,
    TokensPublic,
    UserCreate,
    UserPublic,
    UsersPublic,
    UserUpdate,
)
from eurasia.auth.credentials import (
    close_session,
    issue_api_token,
    list_api_tokens,
    revoke_api_token,
)
from eurasia.auth.roles import Role
from eurasia.auth.tokens import csrf_token, digest
from eurasia.auth.users import (
    create_user,
    get_user,
    list_users,
    set_password,
    update_user,
)
from eurasia.http.deps import SessionDep, SettingsDep
from eurasia.http.security import (
    SESSION_COOKIE,
    AdminUser,
    CurrentUser,
    ViewerUser,
    clear_session_cookie,
    set_session_cookie,
    sign_in,
)
from eurasia.store.accounts import ApiToken, User

__all__ = ["router"]

router = APIRouter(prefix="/api/auth", tags=["auth"])


@router.post("/login", response_model=SessionPublic)
def login(
    body: LoginRequest,
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
) -> SessionPublic:
    """Check credentials and start a browser session (cookie); throttled per user and address.

    Answers 401 for wrong credentials, 403 for a cross-site or ``Origin: null`` login, and 429
    (with ``Retry-After``) while this address must wait. A session cookie sent along is ended.
    """
    user, token = sign_in(
        request, session, settings, username=body.username, password=body.password
    )
    set_session_cookie(response, token, request=request, settings=settings)
    return SessionPublic(
        user=UserPublic.model_validate(user),
        csrf_token=csrf_token(settings.secret_key, digest(token)),
    )


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    _user: CurrentUser,
) -> None:
    """End the browser session (needs the CSRF token when signed in)."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        close_session(session, cookie)
    clear_session_cookie(response, request=request, settings=settings)


@router.get("/me", response_model=SessionPublic)
def me(
    request: Request, user: ViewerUser, session: SessionDep, settings: SettingsDep
) -> SessionPublic:
    """The caller and, for a browser session, its CSRF token."""
    row = get_user(session, user.id)
    cookie = request.cookies.get(SESSION_COOKIE) if user.via == "session" else None
    token = csrf_token(settings.secret_key, digest(cookie)) if cookie else None
    return SessionPublic(user=UserPublic.model_validate(row), csrf_token=token)


@router.get("/tokens", response_model=TokensPublic)
def tokens(user: ViewerUser, session: SessionDep, all_users: bool = False) -> TokensPublic:
    """The caller's API tokens (admins: everyone's with ``all_users=true``)."""
    owner = None if all_users and user.has_role(Role.ADMIN) else user.id
    rows = list_api_tokens(session, user_id=owner)
    return TokensPublic.of([TokenPublic.model_validate(r) for r in rows])


@router.post("/tokens", response_model=TokenCreated, status_code=status.HTTP_201_CREATED)
def new_token(body: TokenCreate, user: ViewerUser, session: SessionDep) -> TokenCreated:
    """Create an API token for the caller, with the caller's role."""
    expires = (
        datetime.now(UTC) + timedelta(days=body.expires_in_days) if body.expires_in_days else None
    )
    row, secret = issue_api_token(
        session, get_user(session, user.id), name=body.name, expires_at=expires
    )
    return TokenCreated(**TokenPublic.model_validate(row).model_dump(), token=secret)


@router.delete("/tokens/{token_id}", response_model=TokenPublic)
def revoke_token(
    token_id: Annotated[int, Path(ge=1)], user: ViewerUser, session: SessionDep
) -> ApiToken:
    """Revoke an API token (its owner or an admin)."""
    return revoke_api_token(session, token_id, by=user)


@router.get("/users", response_model=UsersPublic)
def users(_admin: AdminUser, session: SessionDep) -> UsersPublic:
    """Every user (admins only)."""
    rows = list_users(session)
    return UsersPublic.of([UserPublic.model_validate(r) for r in rows])


@router.post("/users", response_model=UserPublic, status_code=status.HTTP_201_CREATED)
def add_user(body: UserCreate, _admin: AdminUser, session: SessionDep) -> User:
    """Create a user (admins only); 409 if the username is taken."""
    return create_user(
        session,
        username=body.username,
        password=body.password,
        role=body.role,
        display_name=body.display_name,
    )


@router.patch("/users/{user_id}", response_model=UserPublic)
def change_user(
    user_id: Annotated[int, Path(ge=1)], body: UserUpdate, _admin: AdminUser, session: SessionDep
) -> User:
    """Change a user's role, display name, active flag or password (admins only)."""
    row = get_user(session, user_id)
    update_user(
        session, row, role=body.role, is_active=body.is_active, display_name=body.display_name
    )
    if body.password is not None:
        set_password(session, row, body.password)
    return row
