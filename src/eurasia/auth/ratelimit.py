"""Login rate limiting: failed attempts counted per username and per client address.

Attempts live in the store (table ``login_attempts``), so the limit holds across several API
workers. Failures older than :data:`WINDOW` do not count; a successful login clears the user's.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from eurasia.auth.clock import as_utc
from eurasia.errors import AuthError
from eurasia.store.accounts import LoginAttempt

__all__ = [
    "MAX_FAILURES_PER_CLIENT",
    "MAX_FAILURES_PER_USERNAME",
    "WINDOW",
    "TooManyAttemptsError",
    "check_login_allowed",
    "clear_failures",
    "record_failure",
]

#: Failed logins allowed for one username within :data:`WINDOW`.
MAX_FAILURES_PER_USERNAME = 5
#: Failed logins allowed from one client address within :data:`WINDOW`, whatever the username.
MAX_FAILURES_PER_CLIENT = 20
#: How long a failed attempt counts.
WINDOW = timedelta(minutes=15)


class TooManyAttemptsError(AuthError):
    """Too many failed logins for this username or from this address; try again later."""

    status_code = 429
    title = "Too many login attempts"


def check_login_allowed(session: Session, *, username: str, client: str, now: datetime) -> None:
    """Raise if the username or the client has used up its failed attempts.

    Raises
    ------
    TooManyAttemptsError
        Saying which limit was reached and when to retry.
    """
    since = now - WINDOW
    for column, value, limit, what in (
        (LoginAttempt.username, username, MAX_FAILURES_PER_USERNAME, f"user {username!r}"),
        (LoginAttempt.client, client, MAX_FAILURES_PER_CLIENT, f"address {client}"),
    ):
        count, oldest = session.execute(
            select(func.count(), func.min(LoginAttempt.at)).where(
                column == value, LoginAttempt.at > since
            )
        ).one()
        if count >= limit:
            retry = as_utc(oldest) + WINDOW - now
            minutes = max(1, int(retry.total_seconds() // 60) + 1)
            msg = (
                f"too many failed logins for {what} ({count} in {int(WINDOW.total_seconds() // 60)}"
                f" minutes); try again in {minutes} minute(s)"
            )
            raise TooManyAttemptsError(msg)


def record_failure(session: Session, *, username: str, client: str, now: datetime) -> None:
    """Count one failed login, and forget failures older than the window."""
    session.add(LoginAttempt(username=username[:64], client=client[:64], at=now))
    session.execute(delete(LoginAttempt).where(LoginAttempt.at <= now - WINDOW))


def clear_failures(session: Session, *, username: str) -> None:
    """Forget the failed logins of ``username`` (after a successful one)."""
    session.execute(delete(LoginAttempt).where(LoginAttempt.username == username))
