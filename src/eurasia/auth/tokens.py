"""Random bearer secrets (session cookies, API tokens), their stored digests, and CSRF tokens.

A token is ``<prefix>_<43 url-safe characters>`` (256 random bits). The store keeps only its
SHA-256 digest. A CSRF token is an HMAC of the session digest under the secret key, so it is
bound to one session and cannot be forged without the key.

Examples
--------
>>> t = new_token("eat")
>>> t.startswith("eat_"), len(digest(t))
(True, 64)
>>> c = csrf_token("key", "abc")
>>> csrf_matches("key", "abc", c), csrf_matches("key", "abd", c)
(True, False)
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

__all__ = ["csrf_matches", "csrf_token", "digest", "new_token"]


def new_token(prefix: str) -> str:
    """Return a new random token ``<prefix>_<secret>`` with 256 bits of entropy."""
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def digest(token: str) -> str:
    """SHA-256 hex digest of ``token``, the form in which the store keeps it."""
    return hashlib.sha256(token.encode()).hexdigest()


def csrf_token(secret_key: str, session_digest: str) -> str:
    """Return the CSRF token of the session whose digest is ``session_digest``."""
    mac = hmac.new(secret_key.encode(), f"csrf:{session_digest}".encode(), hashlib.sha256)
    return mac.hexdigest()


def csrf_matches(secret_key: str, session_digest: str, candidate: str) -> bool:
    """Whether ``candidate`` is the CSRF token of that session (constant-time comparison)."""
    return hmac.compare_digest(csrf_token(secret_key, session_digest), candidate)
