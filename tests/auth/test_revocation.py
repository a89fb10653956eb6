"""Revocation that revokes (issue 18, finding 6): a password change or reset, disabling an
account and a role change end every session and revoke every API token; a login rotates the
session and a user's sessions are capped."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eurasia.auth.credentials import (
    MAX_SESSIONS_PER_USER,
    issue_api_token,
    open_session,
    session_user,
    token_user,
)
from eurasia.auth.roles import Role
from eurasia.auth.users import get_user, set_password, update_user
from eurasia.store.accounts import User, WebSession

NEW_PASSWORD = "another long passphrase"

CHANGES: dict[str, Callable[[Session, User], object]] = {
    "password reset": lambda db, u: set_password(db, u, NEW_PASSWORD),
    "disable": lambda db, u: update_user(db, u, is_active=False),
    "role change": lambda db, u: update_user(db, u, role=Role.VIEWER),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_change_ends_sessions_and_revokes_tokens(
    db: Session, people: dict[str, int], change: str
) -> None:
    user = get_user(db, people["eli"])
    cookies = [open_session(db, user), open_session(db, user)]
    _, secret = issue_api_token(db, user, name="script")
    CHANGES[change](db, user)
    update_user(db, user, is_active=True)  # re-enabling must not revive anything
    assert [session_user(db, c) for c in cookies] == [None, None]
    assert token_user(db, secret) is None


def test_unrelated_changes_keep_credentials(db: Session, people: dict[str, int]) -> None:
    user = get_user(db, people["eli"])
    cookie = open_session(db, user)
    _, secret = issue_api_token(db, user, name="script")
    update_user(db, user, display_name="Eli E.", role=Role.EDITOR, is_active=True)
    assert session_user(db, cookie) is not None
    assert token_user(db, secret) is not None


def test_other_users_keep_their_credentials(db: Session, people: dict[str, int]) -> None:
    other = get_user(db, people["vic"])
    cookie = open_session(db, other)
    set_password(db, get_user(db, people["eli"]), NEW_PASSWORD)
    assert session_user(db, cookie) is not None


def test_login_rotates_the_presented_session(db: Session, people: dict[str, int]) -> None:
    user = get_user(db, people["eli"])
    first = open_session(db, user)
    second = open_session(db, user, replaces=first)
    assert session_user(db, first) is None
    assert session_user(db, second) is not None


def test_sessions_per_user_are_capped_oldest_first(db: Session, people: dict[str, int]) -> None:
    user = get_user(db, people["eli"])
    t0 = datetime(2026, 3, 1, 8, tzinfo=UTC)
    cookies = [
        open_session(db, user, now=t0 + timedelta(minutes=i))
        for i in range(MAX_SESSIONS_PER_USER + 2)
    ]
    now = t0 + timedelta(hours=1)
    alive = [session_user(db, c, now=now) is not None for c in cookies]
    assert alive == [False, False] + [True] * MAX_SESSIONS_PER_USER
    count = db.scalar(select(func.count()).where(WebSession.user_id == user.id))
    assert count == MAX_SESSIONS_PER_USER
