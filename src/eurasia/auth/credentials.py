"""Browser sessions and API tokens: issuing, resolving and revoking them.

Revocation revokes: :func:`revoke_credentials` ends every browser session of a user and revokes
every API token, and :mod:`eurasia.auth.users` calls it whenever a password is set or reset, an
account is disabled or its role changes, so a credential issued before the change never works
after it (re-enabling an account does not revive them). A login rotates the session: the cookie
the browser presented is ended (:func:`open_session` with ``replaces``), and a user keeps at most
:data:`MAX_SESSIONS_PER_USER` sessions, the oldest ended first.

Examples
--------
>>> from eurasia.auth.roles import Role
>>> from eurasia.auth.users import create_user
>>> from eurasia.store.db import make_engine, session_scope, upgrade
>>> engine = make_engine("sqlite://")
>>> upgrade(engine)
>>> with session_scope(engine) as s:
...     user = create_user(s, username="ops", password="a long passphrase", role=Role.EDITOR)
...     row, secret = issue_api_token(s, user, name="nightly import")
...     cookie = open_session(s, user)
...     print(token_user(s, secret).username, revoke_credentials(s, user), token_user(s, secret))
ops 2 None
>>> engine.dispose()
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from eurasia.auth.clock import as_utc
from eurasia.auth.roles import Principal, Role
from eurasia.auth.tokens import digest, new_token
from eurasia.errors import DataError, PermissionDeniedError
from eurasia.store.accounts import ApiToken, User, WebSession
from eurasia.store.tables import existing_row

__all__ = [
    "API_TOKEN_PREFIX",
    "MAX_SESSIONS_PER_USER",
    "SESSION_LIFETIME",
    "SESSION_PREFIX",
    "close_session",
    "issue_api_token",
    "list_api_tokens",
    "open_session",
    "revoke_api_token",
    "revoke_credentials",
    "session_user",
    "token_user",
]

#: How long a browser session lasts after login.
SESSION_LIFETIME = timedelta(hours=12)
#: Browser sessions one user may hold at once (several devices); a new login ends the oldest.
MAX_SESSIONS_PER_USER = 5
SESSION_PREFIX = "ess"
API_TOKEN_PREFIX = "eat"


def open_session(
    session: Session,
    user: User,
    *,
    replaces: str | None = None,
    max_sessions: int = MAX_SESSIONS_PER_USER,
    now: datetime | None = None,
) -> str:
    """Start a browser session for ``user``; returns the cookie value (shown only here).

    Parameters
    ----------
    session
        The caller's database session.
    user
        Who signed in.
    replaces
        The session cookie the browser sent with the login, if any: it is ended, whoever it
        belonged to (session fixation and a stale session on a shared computer).
    max_sessions
        Sessions the user may hold; the oldest beyond this number (counting the new one) end.
    now
        The current time (tests).
    """
    now = now or datetime.now(UTC)
    token = new_token(SESSION_PREFIX)
    session.execute(delete(WebSession).where(WebSession.expires_at <= now))
    if replaces:
        close_session(session, replaces)
    live = list(
        session.scalars(
            select(WebSession.token_hash)
            .where(WebSession.user_id == user.id)
            .order_by(WebSession.created_at.desc(), WebSession.token_hash)
        )
    )
    stale = live[max(0, max_sessions - 1) :]
    if stale:
        session.execute(delete(WebSession).where(WebSession.token_hash.in_(stale)))
    session.add(
        WebSession(
            token_hash=digest(token),
            user_id=user.id,
            created_at=now,
            expires_at=now + SESSION_LIFETIME,
        )
    )
    session.flush()
    return token


def session_user(session: Session, token: str, *, now: datetime | None = None) -> User | None:
    """Return the active user of a live browser session, or ``None``."""
    now = now or datetime.now(UTC)
    row = session.get(WebSession, digest(token))
    if row is None or as_utc(row.expires_at) <= now:
        return None
    user = session.get(User, row.user_id)
    return user if user is not None and user.is_active else None


def close_session(session: Session, token: str) -> None:
    """End a browser session (logout); unknown tokens are ignored."""
    session.execute(delete(WebSession).where(WebSession.token_hash == digest(token)))


def revoke_credentials(session: Session, user: User, *, now: datetime | None = None) -> int:
    """End every browser session of ``user`` and revoke every API token; returns how many."""
    now = now or datetime.now(UTC)
    ended = session.execute(delete(WebSession).where(WebSession.user_id == user.id))
    tokens = list(
        session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        )
    )
    for row in tokens:
        row.revoked_at = now
    session.flush()
    return int(getattr(ended, "rowcount", 0) or 0) + len(tokens)


def issue_api_token(
    session: Session,
    user: User,
    *,
    name: str,
    expires_at: datetime | None = None,
    now: datetime | None = None,
) -> tuple[ApiToken, str]:
    """Create an API token for ``user``; returns the row and the secret (shown only here).

    Raises
    ------
    DataError
        If the name is empty or longer than 100 characters, or the expiry is in the past.
    """
    now = now or datetime.now(UTC)
    label = name.strip()
    if not 1 <= len(label) <= 100:
        msg = f"token name: expected 1-100 characters, got {len(label)}"
        raise DataError(msg)
    if expires_at is not None and as_utc(expires_at) <= now:
        msg = f"token expires_at {expires_at.isoformat()} is not in the future"
        raise DataError(msg)
    secret = new_token(API_TOKEN_PREFIX)
    row = ApiToken(
        user_id=user.id,
        name=label,
        token_hash=digest(secret),
        prefix=secret[:10],
        created_at=now,
        expires_at=expires_at,
    )
    session.add(row)
    session.flush()
    return row, secret


def token_user(session: Session, secret: str, *, now: datetime | None = None) -> User | None:
    """Return the active user owning a live API token (and note its use), or ``None``."""
    now = now or datetime.now(UTC)
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(secret)))
    if row is None or row.revoked_at is not None:
        return None
    if row.expires_at is not None and as_utc(row.expires_at) <= now:
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.is_active:
        return None
    row.last_used_at = now
    return user


def list_api_tokens(session: Session, *, user_id: int | None = None) -> list[ApiToken]:
    """Return API tokens of one user (or of everyone with ``user_id=None``), newest first."""
    stmt = select(ApiToken).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    if user_id is not None:
        stmt = stmt.where(ApiToken.user_id == user_id)
    return list(session.scalars(stmt))


def revoke_api_token(
    session: Session, token_id: int, *, by: Principal, now: datetime | None = None
) -> ApiToken:
    """Revoke a token; its owner or an admin may do so.

    Raises
    ------
    NotFoundError
        If there is no such token.
    PermissionDeniedError
        If ``by`` neither owns it nor is an admin.
    """
    row = existing_row(session, ApiToken, token_id, "API token")
    if row.user_id != by.id and not by.has_role(Role.ADMIN):
        msg = f"user {by.username!r} may not revoke API token {token_id} of another user"
        raise PermissionDeniedError(msg)
    if row.revoked_at is None:
        row.revoked_at = now or datetime.now(UTC)
    session.flush()
    return row
