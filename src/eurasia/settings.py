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
``EURASIA_TRUSTED_PROXIES`` Comma-separated addresses or networks of reverse proxies   empty: no proxy is
                           whose ``X-Forwarded-For``/``-Proto`` are believed (uvicorn   trusted
                           ``forwarded_allow_ips``); ``*`` trusts every peer
=========================  ==========================================================  =====================

Limits (issue 18; ``docs/security.md`` says what each one protects and how it is tested):

======================================  ===================================================  ===========
Variable                                Meaning                                              Default
======================================  ===================================================  ===========
``EURASIA_MAX_REQUEST_BYTES``           Largest request body (JSON, forms); a larger one is  1 MiB
                                        a 413, counted while it streams in, before parsing
``EURASIA_MAX_IMPORT_BYTES``            Largest uploaded or fetched file (calendar and       10 MiB
                                        indicator imports)
``EURASIA_MAX_RRULES_PER_EVENT``        RRULEs one event may carry                           10
``EURASIA_MAX_INSTANCES_PER_EVENT``     Instances one event contributes to one expansion     2 000
                                        (later ones in the window are left out)
``EURASIA_MAX_INSTANCES_PER_REQUEST``   Instances one request may expand in all; beyond it   20 000
                                        the request is a 422 asking for a narrower window
``EURASIA_MAX_PAGE_SIZE``               Most items in one page of ``/api/agenda/instances``  500
``EURASIA_MAX_QUEUED_RUNS_PER_USER``    Scenario runs one user may have queued or running    3
``EURASIA_MAX_SESSIONS_PER_USER``       Browser sessions one user holds; the oldest end      5
``EURASIA_LOGIN_FREE_FAILURES``         Failed logins of one user from one address before    3
                                        the backoff starts
``EURASIA_LOGIN_BACKOFF_SECONDS``       First backoff delay; it doubles with each failure    2
``EURASIA_LOGIN_BACKOFF_MAX_SECONDS``   Longest backoff delay                                900
``EURASIA_LOGIN_MAX_FAILURES_PER_IP``   Failed logins from one address (IPv6: /64) within    20
                                        the window, whatever the username
``EURASIA_LOGIN_WINDOW_SECONDS``        How long a failed login counts                       900
``EURASIA_FETCH_TIMEOUT_SECONDS``       Overall deadline of one outbound fetch (connect,     30
                                        redirects and body together)
``EURASIA_FETCH_MAX_REDIRECTS``         Redirects one outbound fetch follows                 5
======================================  ===================================================  ===========

Text fields have fixed lengths (:data:`TEXT_LIMITS`), the widths of the store's columns, and are
checked by the request schemas: a longer value is a 422, never a truncated or refused write.

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

__all__ = ["PLACEHOLDER_SECRETS", "TEXT_LIMITS", "Settings", "get_settings"]

#: Secret keys that are never accepted outside development.
PLACEHOLDER_SECRETS = frozenset({"", "change-me", "changeme", "secret", "dev"})


#: Longest accepted text, by kind of field (characters); request schemas use these.
TEXT_LIMITS = {
    "title": 200,  # event, programme and project titles (the store keeps 255 with room for ids)
    "name": 200,  # names of venues, cities, organisers, providers, tokens
    "url": 2000,  # links (RFC 9110 recommends supporting at least 8000; browsers use ~2000)
    "description": 20_000,  # free text: descriptions, notes, definition notes
    "code": 100,  # identifiers: sources, indicators, UIDs
    "list": 50,  # items in a list field (organisers, audiences, partner countries, dates)
}

_MIB = 1024 * 1024


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
    trusted_proxies: str = Field(
        default="", description="Reverse proxies whose forwarded headers are believed."
    )
    # limits (issue 18), documented in the module docstring and docs/security.md
    max_request_bytes: int = Field(default=1 * _MIB, ge=1024)
    max_import_bytes: int = Field(default=10 * _MIB, ge=1024)
    max_rrules_per_event: int = Field(default=10, ge=1, le=1000)
    max_instances_per_event: int = Field(default=2000, ge=10)
    max_instances_per_request: int = Field(default=20_000, ge=100)
    max_page_size: int = Field(default=500, ge=1, le=100_000)
    max_queued_runs_per_user: int = Field(default=3, ge=1)
    max_sessions_per_user: int = Field(default=5, ge=1)
    login_free_failures: int = Field(default=3, ge=0)
    login_backoff_seconds: float = Field(default=2.0, gt=0)
    login_backoff_max_seconds: float = Field(default=900.0, gt=0)
    login_max_failures_per_ip: int = Field(default=20, ge=1)
    login_window_seconds: float = Field(default=900.0, gt=0)
    fetch_timeout_seconds: float = Field(default=30.0, gt=0, le=3600)
    fetch_max_redirects: int = Field(default=5, ge=0, le=20)
    warm_up: bool = Field(
        default=True,
        description="Load the network and the route kernels in the background at start-up.",
    )

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @property
    def trusted_proxy_list(self) -> list[str]:
        """:attr:`trusted_proxies` split on commas, blanks dropped (uvicorn's format)."""
        return [p.strip() for p in self.trusted_proxies.split(",") if p.strip()]

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
    """Return settings from the environment, read once per process.

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
