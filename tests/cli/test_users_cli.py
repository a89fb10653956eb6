"""``eurasia users``: first admin, accounts, roles and API tokens from the command line."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from eurasia.auth.credentials import token_user
from eurasia.auth.users import authenticate
from eurasia.cli.main import main
from eurasia.settings import get_settings
from eurasia.store.db import make_engine, session_scope

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("EURASIA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("EURASIA_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_create_admin_then_log_in(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, PASSWORD + "\n")
    assert main(["users", "create-admin", "--username", "root1", "--password-stdin"]) == 0
    assert "created admin 'root1'" in capsys.readouterr().out
    engine = make_engine(get_settings().resolved_database_url)
    with session_scope(engine) as session:
        user = authenticate(session, username="root1", password=PASSWORD, client="cli-test")
        assert user.role == "admin"
    engine.dispose()


def test_errors_are_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, "short\n")
    assert main(["users", "create", "x1", "--password-stdin"]) == 1
    assert "at least 10 characters" in capsys.readouterr().err
    assert main(["users", "create", "x1", "--role", "boss", "--password-stdin"]) == 1
    assert "role 'boss' is unknown" in capsys.readouterr().err


def test_roles_tokens_and_revocation(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, PASSWORD + "\n")
    assert main(["users", "create", "ops", "--role", "editor", "--password-stdin"]) == 0
    assert main(["users", "set-role", "ops", "viewer"]) == 0
    assert main(["users", "token", "create", "ops", "--name", "etl"]) == 0
    capsys.readouterr()
    assert main(["users", "token", "create", "ops", "--name", "etl2"]) == 0
    secret = capsys.readouterr().out.strip()
    assert secret.startswith("eat_")
    engine = make_engine(get_settings().resolved_database_url)
    with session_scope(engine) as session:
        owner = token_user(session, secret)
        assert owner is not None
        assert owner.role == "viewer"
    assert main(["users", "token", "list", "ops"]) == 0
    listing = capsys.readouterr().out
    assert "etl2" in listing
    assert secret not in listing
    assert main(["users", "token", "revoke", "2"]) == 0
    with session_scope(engine) as session:
        assert token_user(session, secret) is None
    engine.dispose()
    assert main(["users", "list"]) == 0
    assert "ops" in capsys.readouterr().out
    assert main(["users", "set-role", "ghost", "admin"]) == 1
    assert "user 'ghost' does not exist" in capsys.readouterr().err
