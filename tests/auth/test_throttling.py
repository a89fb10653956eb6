"""Login throttling (issue 18, finding 7): a guesser is slowed per (username, address) and per
address, and nobody can lock a real user out of their account by failing on purpose."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from eurasia.auth.ratelimit import LoginPolicy, TooManyAttemptsError
from eurasia.auth.users import authenticate
from eurasia.errors import AuthError
from tests.auth.conftest import PASSWORD

T0 = datetime(2026, 5, 1, 9, tzinfo=UTC)
POLICY = LoginPolicy()


def _fail(db: Session, *, username: str, client: str, now: datetime) -> None:
    with pytest.raises(AuthError) as info:
        authenticate(db, username=username, password="nope nope nope", client=client, now=now)
    assert not isinstance(info.value, TooManyAttemptsError)


def test_many_failures_from_an_attacker_do_not_lock_the_real_user_out(
    db: Session, people: dict[str, int]
) -> None:
    # before: five failures from anywhere locked 'eli' for 15 minutes, from every address
    now = T0
    for _ in range(POLICY.free_failures + 3):
        _fail(db, username="eli", client="198.51.100.9", now=now)
        now += POLICY.backoff_max
    assert authenticate(db, username="eli", password=PASSWORD, client="203.0.113.5", now=now)


def test_the_pair_backs_off_exponentially_and_says_when_to_retry(
    db: Session, people: dict[str, int]
) -> None:
    now = T0
    for _ in range(POLICY.free_failures):
        _fail(db, username="eli", client="198.51.100.9", now=now)
    _fail(db, username="eli", client="198.51.100.9", now=now)  # the first that costs a delay
    for expected in (2, 4, 8):
        with pytest.raises(TooManyAttemptsError, match="for user 'eli'") as info:
            authenticate(db, username="eli", password=PASSWORD, client="198.51.100.9", now=now)
        assert info.value.status_code == 429
        assert info.value.retry_after == expected
        now += timedelta(seconds=expected)
        _fail(db, username="eli", client="198.51.100.9", now=now)
    # the correct password is also refused while waiting: the delay is not an oracle
    with pytest.raises(TooManyAttemptsError):
        authenticate(db, username="eli", password=PASSWORD, client="198.51.100.9", now=now)
    now += timedelta(seconds=16)
    assert authenticate(db, username="eli", password=PASSWORD, client="198.51.100.9", now=now)


def test_success_clears_only_the_pair(db: Session, people: dict[str, int]) -> None:
    for _ in range(POLICY.free_failures + 1):
        _fail(db, username="eli", client="198.51.100.9", now=T0)
    authenticate(db, username="eli", password=PASSWORD, client="203.0.113.5", now=T0)
    with pytest.raises(TooManyAttemptsError):
        authenticate(db, username="eli", password=PASSWORD, client="198.51.100.9", now=T0)


def test_one_address_spraying_many_usernames_is_stopped(
    db: Session, people: dict[str, int]
) -> None:
    for i in range(POLICY.max_failures_per_client):
        _fail(db, username=f"guess{i}", client="6.6.6.6", now=T0)
    with pytest.raises(TooManyAttemptsError, match=r"from address 6\.6\.6\.6"):
        authenticate(db, username="ada", password=PASSWORD, client="6.6.6.6", now=T0)
    assert authenticate(db, username="ada", password=PASSWORD, client="1.1.1.1", now=T0)
    later = T0 + POLICY.window + timedelta(seconds=1)
    assert authenticate(db, username="ada", password=PASSWORD, client="6.6.6.6", now=later)


def test_ipv6_hosts_of_one_network_count_together(db: Session, people: dict[str, int]) -> None:
    for i in range(POLICY.max_failures_per_client):
        _fail(db, username=f"guess{i}", client=f"2001:db8::{i + 1:x}", now=T0)
    with pytest.raises(TooManyAttemptsError, match="2001:db8::/64"):
        authenticate(db, username="ada", password=PASSWORD, client="2001:db8::ffff", now=T0)


def test_policy_is_configurable(db: Session, people: dict[str, int]) -> None:
    strict = LoginPolicy(free_failures=0, backoff_base=timedelta(minutes=1))
    with pytest.raises(AuthError):
        authenticate(
            db, username="eli", password="nope nope nope", client="c", policy=strict, now=T0
        )
    with pytest.raises(TooManyAttemptsError) as info:
        authenticate(db, username="eli", password=PASSWORD, client="c", policy=strict, now=T0)
    assert info.value.retry_after == 60
