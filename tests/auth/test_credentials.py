"""Sessions and API tokens: lifetimes, revocation, ownership; and the accounts schema."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, MetaData, select
from sqlalchemy.orm import Session

from eurasia.auth.credentials import (
    SESSION_LIFETIME,
    close_session,
    issue_api_token,
    list_api_tokens,
    open_session,
    revoke_api_token,
    session_user,
    token_user,
)
from eurasia.auth.roles import Principal, Role
from eurasia.auth.users import get_user, update_user
from eurasia.errors import DataError, NotFoundError, PermissionDeniedError
from eurasia.store.accounts import ApiToken, WebSession
from eurasia.store.tables import Base

ACCOUNT_TABLES = {"users", "api_tokens", "web_sessions", "login_attempts"}


def test_session_lives_until_expiry_and_logout(db: Session, people: dict[str, int]) -> None:
    t0 = datetime(2026, 3, 1, 8, tzinfo=UTC)
    token = open_session(db, get_user(db, people["eli"]), now=t0)
    assert token.startswith("ess_")
    assert db.scalar(select(WebSession.token_hash)) != token
    user = session_user(db, token, now=t0 + timedelta(hours=1))
    assert user is not None
    assert user.username == "eli"
    assert session_user(db, token, now=t0 + SESSION_LIFETIME) is None
    close_session(db, token)
    assert session_user(db, token, now=t0) is None
    assert session_user(db, "ess_forged", now=t0) is None


def test_disabled_user_loses_sessions_and_tokens(db: Session, people: dict[str, int]) -> None:
    user = get_user(db, people["vic"])
    token = open_session(db, user)
    _, secret = issue_api_token(db, user, name="script")
    update_user(db, user, is_active=False)
    assert session_user(db, token) is None
    assert token_user(db, secret) is None


def test_api_token_expiry_revocation_and_last_use(db: Session, people: dict[str, int]) -> None:
    t0 = datetime(2026, 3, 1, 8, tzinfo=UTC)
    owner = get_user(db, people["eli"])
    row, secret = issue_api_token(
        db, owner, name="import", expires_at=t0 + timedelta(days=1), now=t0
    )
    assert secret.startswith("eat_")
    assert row.prefix == secret[:10]
    assert db.scalar(select(ApiToken.token_hash)) != secret
    assert token_user(db, secret, now=t0 + timedelta(hours=2)) is not None
    assert row.last_used_at is not None
    assert token_user(db, secret, now=t0 + timedelta(days=2)) is None
    by = Principal(owner.id, owner.username, "", Role.EDITOR)
    revoke_api_token(db, row.id, by=by)
    assert token_user(db, secret, now=t0 + timedelta(hours=3)) is None


def test_only_owner_or_admin_revokes(db: Session, people: dict[str, int]) -> None:
    row, _ = issue_api_token(db, get_user(db, people["eli"]), name="mine")
    viewer = Principal(people["vic"], "vic", "", Role.VIEWER)
    with pytest.raises(PermissionDeniedError, match="of another user"):
        revoke_api_token(db, row.id, by=viewer)
    admin = Principal(people["ada"], "ada", "", Role.ADMIN)
    assert revoke_api_token(db, row.id, by=admin).revoked_at is not None
    with pytest.raises(NotFoundError):
        revoke_api_token(db, 12345, by=admin)


def test_token_rules_and_listing(db: Session, people: dict[str, int]) -> None:
    user = get_user(db, people["eli"])
    with pytest.raises(DataError, match="token name"):
        issue_api_token(db, user, name="  ")
    with pytest.raises(DataError, match="not in the future"):
        issue_api_token(db, user, name="x", expires_at=datetime(2000, 1, 1, tzinfo=UTC))
    issue_api_token(db, user, name="a")
    issue_api_token(db, get_user(db, people["vic"]), name="b")
    assert [t.name for t in list_api_tokens(db, user_id=user.id)] == ["a"]
    assert len(list_api_tokens(db)) == 2


def test_migration_matches_table_definitions(engine: Engine) -> None:
    mine = MetaData(naming_convention=Base.metadata.naming_convention)
    for name in ACCOUNT_TABLES:
        Base.metadata.tables[name].to_metadata(mine)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, mine)
    ours = [d for d in diff if _table_of(d) in ACCOUNT_TABLES]
    assert ours == []


def _table_of(entry: object) -> str | None:
    item = entry[0] if isinstance(entry, list) else entry
    assert isinstance(item, tuple)
    if item[0].startswith(("modify_", "add_column", "remove_column")):
        return str(item[2])
    obj = item[1]
    return getattr(getattr(obj, "table", obj), "name", None)
