"""The ``eurasia`` command: version, db upgrade/load/status and one-line errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from eurasia import __version__
from eurasia.cli.main import main
from eurasia.settings import get_settings


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("EURASIA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("EURASIA_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"eurasia {__version__}"


def test_db_upgrade_twice_is_a_noop(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["db", "upgrade"]) == 0
    assert "migrated to" in capsys.readouterr().out
    assert (tmp_path / "data" / "eurasia.db").exists()
    assert main(["db", "upgrade"]) == 0
    assert "already at" in capsys.readouterr().out


def test_db_load_then_status(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "load"]) == 0
    assert main(["db", "status"]) == 0
    assert "up to date" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("EURASIA_DATABASE_URL", "oracle://x/y", "EURASIA_DATABASE_URL"),
        ("EURASIA_DATABASE_URL", "::::", "EURASIA_DATABASE_URL"),
        ("EURASIA_PORT", "eighty", "EURASIA_PORT"),
        ("EURASIA_DATA_DIR", "/proc/forbidden/dir", "EURASIA_DATA_DIR"),
        ("EURASIA_DATABASE_URL", "postgresql://u@127.0.0.1:1/db", "unreachable"),
    ],
)
def test_bad_settings_give_one_line_and_exit_1(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    variable: str,
    value: str,
    expected: str,
) -> None:
    monkeypatch.setenv(variable, value)
    get_settings.cache_clear()
    assert main(["db", "upgrade"]) == 1
    err = capsys.readouterr().err.strip()
    assert expected in err
    assert "Traceback" not in err
    assert err.startswith("error: ")


def test_placeholder_secret_refused_in_production(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("EURASIA_ENV", "production")
    monkeypatch.setenv("EURASIA_SECRET_KEY", "change-me")
    get_settings.cache_clear()
    assert main(["db", "upgrade"]) == 1
    assert "EURASIA_SECRET_KEY" in capsys.readouterr().err
