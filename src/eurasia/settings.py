"""All configuration, read once from ``EURASIA_*`` environment variables.

=========================  ==========================================================  =====================
Variable                   Meaning                                                     Default
=========================  ==========================================================  =====================
``EURASIA_DATABASE_URL``   SQLAlchemy URL of the store (``sqlite:///…`` or             SQLite file
                           ``postgresql+psycopg://…``)                                 ``eurasia.db`` in the
                                                                                       data directory
``EURASIA_DATA_DIR``       Directory for the embedded database, job results and        platform user data
                           caches; created when missing                                directory
``EURASIA_SECRET_KEY``     Key signing session cookies and CSRF tokens; a placeholder  ``change-me``
                           is refused unless ``EURASIA_ENV=development``
``EURASIA_ENV``            ``development`` or ``production``                           ``development``
``EURASIA_LOG_LEVEL``      ``DEBUG``, ``INFO``, ``WARNING`` or ``ERROR``               ``INFO``
``EURASIA_HOST``           Interface ``eurasia serve`` binds to                        ``127.0.0.1``
``EURASIA_PORT``           Port ``eurasia serve`` listens on                           ``8000``
=========================  ==========================================================  =====================

Examples
--------
>>> s = Settings(database_url="sqlite:///:memory:", data_dir="/tmp/eurasia-doctest")
>>> s.port
8000
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from eurasia.errors import ConfigError

__all__ = ["PLACEHOLDER_SECRETS", "Settings", "get_settings"]

#: Secret keys that are never accepted outside development.
PLACEHOLDER_SECRETS = frozenset({"", "change-me", "changeme", "secret", "dev"})


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("eurasia", appauthor=False))


class Settings(BaseSettings):
    """Runtime configuration; each field maps to ``EURASIA_<FIELD>``."""

    model_config = SettingsConfigDict(env_prefix="EURASIA_", extra="ignore")

    database_url: str = Field(default="", description="SQLAlchemy database URL.")
    data_dir: Path = Field(default_factory=_default_data_dir, description="Data directory.")
    secret_key: str = Field(default="change-me", description="Session and CSRF signing key.")
    env: Literal["development", "production"] = "development"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to ``eurasia.db`` in :attr:`data_dir`."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'eurasia.db'}"

    def check(self) -> None:
        """Verify the URL parses, the data directory is writable and the secret is real.

        Raises
        ------
        ConfigError
            Naming the variable or path and what is wrong.
        """
        url = self.resolved_database_url
        try:
            parsed = make_url(url)
        except ArgumentError as exc:
            msg = (
                f"EURASIA_DATABASE_URL={url!r} is not a database URL: {exc}; expected e.g. "
                "'sqlite:////path/eurasia.db' or 'postgresql+psycopg://user@host/db'"
            )
            raise ConfigError(msg) from None
        if parsed.get_backend_name() not in {"sqlite", "postgresql"}:
            msg = (
                f"EURASIA_DATABASE_URL uses backend {parsed.get_backend_name()!r}; "
                "expected 'sqlite' or 'postgresql'"
            )
            raise ConfigError(msg)
        ensure_writable_dir(self.data_dir, variable="EURASIA_DATA_DIR")
        if self.env != "development" and self.secret_key in PLACEHOLDER_SECRETS:
            msg = "EURASIA_SECRET_KEY is a placeholder; set a long random value outside development"
            raise ConfigError(msg)


def ensure_writable_dir(path: Path, *, variable: str) -> None:
    """Create ``path`` if needed and check it is a writable directory.

    Raises
    ------
    ConfigError
        If the directory cannot be created or written.

    Examples
    --------
    >>> import tempfile
    >>> ensure_writable_dir(Path(tempfile.mkdtemp()) / "new", variable="EURASIA_DATA_DIR")
    """
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        msg = f"{variable}: cannot create directory {path}: {exc.strerror or exc}"
        raise ConfigError(msg) from None
    if not path.is_dir() or not os.access(path, os.W_OK | os.X_OK):
        msg = f"{variable}: directory {path} is not writable"
        raise ConfigError(msg)


@functools.cache
def get_settings() -> Settings:
    """Settings from the environment, read once per process.

    Raises
    ------
    ConfigError
        If a variable does not parse (e.g. ``EURASIA_PORT=abc``).
    """
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "?"
        msg = f"EURASIA_{field.upper()}: {first['msg']} (got {first.get('input')!r})"
        raise ConfigError(msg) from None
