"""Users: creation rules, authentication, roles and the last-admin guard."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from eurasia.auth.passwords import verify_password
from eurasia.auth.roles import Principal, Role, can_edit, ensure_can_edit, parse_role
from eurasia.auth.users import authenticate, create_user, get_user, set_password, update_user
from eurasia.errors import AuthError, ConflictError, DataError, NotFoundError, PermissionDeniedError
from eurasia.store.accounts import User
from tests.auth.conftest import PASSWORD


def test_password_is_stored_as_argon2id_hash(db: Session, people: dict[str, int]) -> None:
    user = get_user(db, people["eli"])
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    assert verify_password(user.password_hash, PASSWORD)


@pytest.mark.parametrize(
    ("username", "password", "match"),
    [
        ("A", PASSWORD, "username 'A'"),
        ("has space", PASSWORD, "username"),
        ("newuser", "short", "at least 10"),
        ("longusername", "LongUserName", "differ from the username"),
    ],
)
def test_create_user_rejects_bad_input(
    db: Session, username: str, password: str, match: str
) -> None:
    with pytest.raises(DataError, match=match):
        create_user(db, username=username, password=password, role=Role.VIEWER)


def test_duplicate_username_is_a_conflict(db: Session, people: dict[str, int]) -> None:
    with pytest.raises(ConflictError, match="'eli' is already taken"):
        create_user(db, username="ELI", password=PASSWORD, role=Role.VIEWER)


def test_authenticate_is_case_insensitive_on_username(db: Session, people: dict[str, int]) -> None:
    user = authenticate(db, username=" Eli ", password=PASSWORD, client="10.0.0.1")
    assert user.id == people["eli"]
    assert user.last_login_at is not None


@pytest.mark.parametrize(
    ("username", "password"), [("eli", "wrong password!"), ("nobody", PASSWORD)]
)
def test_wrong_credentials_give_one_message(
    db: Session, people: dict[str, int], username: str, password: str
) -> None:
    with pytest.raises(AuthError, match="invalid username or password"):
        authenticate(db, username=username, password=password, client="c")


def test_disabled_user_cannot_log_in(db: Session, people: dict[str, int]) -> None:
    update_user(db, get_user(db, people["vic"]), is_active=False)
    with pytest.raises(AuthError):
        authenticate(db, username="vic", password=PASSWORD, client="c")


def test_last_admin_cannot_be_demoted_or_disabled(db: Session, people: dict[str, int]) -> None:
    admin = get_user(db, people["ada"])
    with pytest.raises(ConflictError, match="last active admin"):
        update_user(db, admin, role=Role.EDITOR)
    with pytest.raises(ConflictError, match="last active admin"):
        update_user(db, admin, is_active=False)
    update_user(db, get_user(db, people["eli"]), role=Role.ADMIN)
    update_user(db, admin, role=Role.VIEWER)
    assert db.scalar(select(User.role).where(User.username == "ada")) == "viewer"


def test_set_password_replaces_hash(db: Session, people: dict[str, int]) -> None:
    user = get_user(db, people["vic"])
    set_password(db, user, "another long passphrase")
    assert authenticate(db, username="vic", password="another long passphrase", client="c")
    with pytest.raises(AuthError):
        authenticate(db, username="vic", password=PASSWORD, client="c")


def test_missing_user_is_not_found(db: Session) -> None:
    with pytest.raises(NotFoundError, match="user 999"):
        get_user(db, 999)


def test_roles_and_object_level_rules() -> None:
    admin = Principal(1, "ada", "", Role.ADMIN)
    editor = Principal(2, "eli", "", Role.EDITOR)
    viewer = Principal(3, "vic", "", Role.VIEWER)
    assert can_edit(admin, owner_id=2)
    assert can_edit(editor, owner_id=2)
    assert can_edit(editor, owner_id=None)
    assert not can_edit(editor, owner_id=1)
    assert not can_edit(viewer, owner_id=3)
    assert not can_edit(None, owner_id=None)
    with pytest.raises(PermissionDeniedError, match="needs editor"):
        ensure_can_edit(viewer, owner_id=3, what="event 'x'")
    with pytest.raises(DataError, match="role 'boss'"):
        parse_role("boss")
