"""Creating, finding, changing and authenticating users in the store.

Examples
--------
>>> from eurasia.store.db import make_engine, session_scope, upgrade
>>> engine = make_engine("sqlite://")
>>> upgrade(engine)
>>> with session_scope(engine) as s:
...     user = create_user(s, username="amina", password="a long passphrase", role=Role.EDITOR)
...     authenticate(s, username="amina", password="a long passphrase", client="127.0.0.1").role
'editor'
>>> engine.dispose()
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eurasia.auth.credentials import revoke_credentials
from eurasia.auth.passwords import check_password, hash_password, needs_rehash, verify_password
from eurasia.auth.ratelimit import (
    Attempt,
    LoginPolicy,
    check_login_allowed,
    clear_failures,
    record_failure,
)
from eurasia.auth.roles import Principal, Role
from eurasia.errors import AuthError, ConflictError, DataError
from eurasia.store.accounts import User
from eurasia.store.tables import existing_row

__all__ = [
    "USERNAME_PATTERN",
    "authenticate",
    "count_admins",
    "create_user",
    "get_user",
    "list_users",
    "principal_of",
    "set_password",
    "update_user",
]

#: Usernames: 2–64 characters, lower-case letters, digits, dot, dash, underscore.
USERNAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")
# A hash verified against when the username is unknown, so both cases take the same time.
_DUMMY_HASH = hash_password("no such user, constant time")


def _check_username(username: str) -> str:
    name = username.strip().lower()
    if not USERNAME_PATTERN.fullmatch(name):
        msg = (
            f"username {username!r}: expected 2-64 characters of a-z, 0-9, '.', '-', '_' "
            "starting with a letter or digit"
        )
        raise DataError(msg)
    return name


def create_user(
    session: Session,
    *,
    username: str,
    password: str,
    role: Role,
    display_name: str = "",
) -> User:
    """Add a user with an argon2 hash of ``password``.

    Raises
    ------
    DataError
        If the username or password breaks the rules.
    ConflictError
        If the username is taken.
    """
    name = _check_username(username)
    check_password(password, username=name, context=[display_name])
    if session.scalar(select(User).where(User.username == name)) is not None:
        msg = f"username {name!r} is already taken"
        raise ConflictError(msg)
    user = User(
        username=name,
        display_name=display_name.strip()[:200] or name,
        password_hash=hash_password(password),
        role=str(role),
        is_active=True,
        created_at=datetime.now(UTC),
    )
    session.add(user)
    session.flush()
    return user


def get_user(session: Session, user_id: int) -> User:
    """Return the user with id ``user_id`` (NotFoundError if there is none)."""
    return existing_row(session, User, user_id, "user")


def list_users(session: Session) -> list[User]:
    """Every user, by username."""
    return list(session.scalars(select(User).order_by(User.username)))


def count_admins(session: Session) -> int:
    """How many active admins exist."""
    stmt = select(func.count()).where(User.role == str(Role.ADMIN), User.is_active.is_(True))
    return int(session.scalar(stmt) or 0)


def update_user(
    session: Session,
    user: User,
    *,
    role: Role | None = None,
    is_active: bool | None = None,
    display_name: str | None = None,
) -> User:
    """Change a user's role, active flag or display name.

    Disabling an account or changing its role ends its sessions and revokes its API tokens
    (:func:`eurasia.auth.credentials.revoke_credentials`): a credential carries the rights of the
    moment it was issued, and re-enabling the account does not bring it back.

    Raises
    ------
    ConflictError
        If the change would leave no active admin.
    """
    demoting = role is not None and role is not Role.ADMIN
    disabling = is_active is False
    was_admin = user.role == str(Role.ADMIN) and user.is_active
    if was_admin and (demoting or disabling) and count_admins(session) <= 1:
        msg = f"user {user.username!r} is the last active admin; make another admin first"
        raise ConflictError(msg)
    changes_role = role is not None and str(role) != user.role
    if changes_role or (disabling and user.is_active):
        revoke_credentials(session, user)
    if role is not None:
        user.role = str(role)
    if is_active is not None:
        user.is_active = is_active
    if display_name is not None:
        user.display_name = display_name.strip()[:200] or user.username
    session.flush()
    return user


def set_password(session: Session, user: User, password: str) -> None:
    """Replace a user's password (a change or an admin's reset) and revoke what the old one gave.

    Every browser session of the user ends and every API token is revoked; the caller opens a
    new session when the user changed their own password while signed in.

    Raises
    ------
    DataError
        If the password breaks the rules.
    """
    check_password(password, username=user.username, context=[user.display_name])
    user.password_hash = hash_password(password)
    revoke_credentials(session, user)
    session.flush()


def authenticate(
    session: Session,
    *,
    username: str,
    password: str,
    client: str,
    policy: LoginPolicy | None = None,
    now: datetime | None = None,
) -> User:
    """Return the active user with these credentials; failures are counted for throttling.

    A failed attempt is committed at once (with whatever ``session`` held), so that it counts
    even though the error then rolls back the caller's transaction.

    Raises
    ------
    TooManyAttemptsError
        If this address must wait before trying this username, or has too many recent failures
        (:mod:`eurasia.auth.ratelimit`; never a lockout of the account for everyone).
    AuthError
        If the credentials are wrong or the account is disabled (one message for all cases).
    """
    now = now or datetime.now(UTC)
    name = username.strip().lower()[:64]
    attempt = Attempt(name, client, now)
    check_login_allowed(session, attempt, policy=policy)
    user = session.scalar(select(User).where(User.username == name))
    ok = verify_password(user.password_hash if user else _DUMMY_HASH, password)
    if user is None or not ok or not user.is_active:
        record_failure(session, attempt, policy=policy)
        session.commit()  # the failure must count although the caller's transaction fails
        msg = "invalid username or password, or the account is disabled"
        raise AuthError(msg)
    clear_failures(session, username=name, client=client)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = now
    session.flush()
    return user


def principal_of(user: User, *, via: str = "session") -> Principal:
    """Return the :class:`Principal` for a stored user."""
    return Principal(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=Role(user.role),
        via=via,  # type: ignore[arg-type]
    )
