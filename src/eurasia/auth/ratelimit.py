"""Login throttling that slows a guesser without letting anyone lock a real user out.

Failed logins live in the store (table ``login_attempts``), so the limits hold across several API
workers. Two rules apply, neither of them a lockout of the account itself:

* **Per (username, address) backoff.** After :attr:`LoginPolicy.free_failures` failures of one
  username from one address, that address must wait before trying that username again: the
  delay doubles with each further failure, from :attr:`LoginPolicy.backoff_base` up to
  :attr:`LoginPolicy.backoff_max`. The real user, signing in from their own address, is not
  slowed by someone else's failures; a success clears the pair.
* **Per address limit.** At most :attr:`LoginPolicy.max_failures_per_client` failures from one
  address within :attr:`LoginPolicy.window`, whatever the usernames (stops spraying one password
  over many accounts). IPv6 addresses count by their /64 network, which one host usually holds.

A guesser spread over many addresses is bounded by the password rule instead
(:data:`eurasia.auth.passwords.MIN_GUESSES`: a million guesses at the per-address rate takes
hundreds of address-days); see ``docs/security.md``.

Examples
--------
>>> policy = LoginPolicy()
>>> [policy.delay_after(n).total_seconds() for n in range(1, 8)]
[0.0, 0.0, 0.0, 2.0, 4.0, 8.0, 16.0]
>>> client_key("2001:db8::1"), client_key("203.0.113.7"), client_key("unknown")
('2001:db8::/64', '203.0.113.7', 'unknown')
"""

from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from eurasia.auth.clock import as_utc
from eurasia.errors import AuthError
from eurasia.settings import Settings
from eurasia.store.accounts import LoginAttempt

__all__ = [
    "Attempt",
    "LoginPolicy",
    "TooManyAttemptsError",
    "check_login_allowed",
    "clear_failures",
    "client_key",
    "record_failure",
]


@dataclass(frozen=True, kw_only=True)
class LoginPolicy:
    """The throttling parameters (settings ``EURASIA_LOGIN_*``)."""

    #: Failures of one username from one address before the backoff starts.
    free_failures: int = 3
    #: The first delay once the backoff has started; it doubles with each further failure.
    backoff_base: timedelta = timedelta(seconds=2)
    #: The longest delay between two attempts of one username from one address.
    backoff_max: timedelta = timedelta(minutes=15)
    #: Failures allowed from one address within :attr:`window`, whatever the username.
    max_failures_per_client: int = 20
    #: How long a failure counts.
    window: timedelta = timedelta(minutes=15)

    @classmethod
    def from_settings(cls, settings: Settings) -> LoginPolicy:
        """Return the policy of ``EURASIA_LOGIN_*``.

        Examples
        --------
        >>> LoginPolicy.from_settings(Settings(login_free_failures=1)).free_failures
        1
        """
        return cls(
            free_failures=settings.login_free_failures,
            backoff_base=timedelta(seconds=settings.login_backoff_seconds),
            backoff_max=timedelta(seconds=settings.login_backoff_max_seconds),
            max_failures_per_client=settings.login_max_failures_per_ip,
            window=timedelta(seconds=settings.login_window_seconds),
        )

    def delay_after(self, failures: int) -> timedelta:
        """How long the pair waits after its ``failures``-th failure within the window."""
        extra = failures - self.free_failures
        if extra <= 0:
            return timedelta(0)
        doublings = min(extra - 1, 40)
        seconds = self.backoff_base.total_seconds() * math.pow(2, doublings)
        return min(timedelta(seconds=seconds), self.backoff_max)


class TooManyAttemptsError(AuthError, status_code=429, title="Too many login attempts"):
    """Too many failed logins from this address (for this username, or at all); retry later."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        #: Seconds until the next attempt may succeed (the HTTP ``Retry-After`` value).
        self.retry_after = retry_after


def client_key(host: str) -> str:
    """Return the address a failure is counted against: IPv4 as is, IPv6 by its /64 network."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host[:64]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def _refuse(what: str, wait: timedelta) -> TooManyAttemptsError:
    seconds = max(1, math.ceil(wait.total_seconds()))
    msg = f"too many failed logins {what}; try again in {seconds} second(s)"
    return TooManyAttemptsError(msg, retry_after=seconds)


@dataclass(frozen=True)
class Attempt:
    """One login attempt: the username tried, the client's address and when."""

    username: str
    client: str
    at: datetime


def check_login_allowed(
    session: Session, attempt: Attempt, *, policy: LoginPolicy | None = None
) -> None:
    """Raise if this address must wait before trying this username (or any) again.

    Raises
    ------
    TooManyAttemptsError
        Saying which limit applies and in how many seconds to retry.
    """
    policy = policy or LoginPolicy()
    username, now = attempt.username, attempt.at
    key = client_key(attempt.client)
    since = now - policy.window
    count, oldest = session.execute(
        select(func.count(), func.min(LoginAttempt.at)).where(
            LoginAttempt.client == key, LoginAttempt.at > since
        )
    ).one()
    if count >= policy.max_failures_per_client:
        raise _refuse(f"from address {key}", as_utc(oldest) + policy.window - now)
    pair, latest = session.execute(
        select(func.count(), func.max(LoginAttempt.at)).where(
            LoginAttempt.username == username,
            LoginAttempt.client == key,
            LoginAttempt.at > now - policy.backoff_max - policy.window,
        )
    ).one()
    wait = as_utc(latest) + policy.delay_after(pair) - now if pair else timedelta(0)
    if wait > timedelta(0):
        raise _refuse(f"for user {username!r} from address {key}", wait)


def record_failure(
    session: Session, attempt: Attempt, *, policy: LoginPolicy | None = None
) -> None:
    """Count one failed login, and forget failures too old to matter to any rule."""
    policy = policy or LoginPolicy()
    key = client_key(attempt.client)
    session.add(LoginAttempt(username=attempt.username[:64], client=key, at=attempt.at))
    horizon = attempt.at - policy.backoff_max - policy.window
    session.execute(delete(LoginAttempt).where(LoginAttempt.at <= horizon))


def clear_failures(session: Session, *, username: str, client: str) -> None:
    """Forget the failures of ``username`` from ``client`` (after a successful login there).

    Failures of the same username from other addresses stay: a guesser's backoff does not end
    because the real user signed in elsewhere.
    """
    session.execute(
        delete(LoginAttempt).where(
            LoginAttempt.username == username, LoginAttempt.client == client_key(client)
        )
    )
