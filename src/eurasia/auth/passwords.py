"""Password hashing with argon2id (argon2-cffi, RFC 9106 low-memory profile) and password rules.

Examples
--------
>>> h = hash_password("correct horse battery")
>>> h.startswith("$argon2id$"), verify_password(h, "correct horse battery")
(True, True)
>>> verify_password(h, "wrong")
False
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from eurasia.errors import DataError

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "check_password",
    "hash_password",
    "needs_rehash",
    "verify_password",
]

#: Shortest password accepted (NIST SP 800-63B asks for at least 8).
MIN_PASSWORD_LENGTH = 10
_hasher = PasswordHasher()


def check_password(password: str, *, username: str = "") -> None:
    """Raise if ``password`` is too short, too long or equals the username.

    Raises
    ------
    DataError
        Saying which rule the password breaks.

    Examples
    --------
    >>> check_password("short")
    Traceback (most recent call last):
    ...
    eurasia.errors.DataError: password: expected at least 10 characters, got 5
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        msg = f"password: expected at least {MIN_PASSWORD_LENGTH} characters, got {len(password)}"
        raise DataError(msg)
    if len(password) > 1024:
        msg = f"password: expected at most 1024 characters, got {len(password)}"
        raise DataError(msg)
    if username and password.strip().lower() == username.strip().lower():
        msg = "password: must differ from the username"
        raise DataError(msg)


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` with a random salt (PHC string format)."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash``; a malformed hash never matches."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with weaker parameters than the current ones."""
    return _hasher.check_needs_rehash(password_hash)
