"""Roles, the authenticated principal, and the access rules every write endpoint applies.

Three roles, each including the one below: ``viewer`` reads everything public and non-public
(signed-in users only), ``editor`` also creates objects and edits the ones it owns (or that nobody
owns, such as bundled data), ``admin`` edits anything and manages users.

Examples
--------
>>> alice = Principal(id=1, username="alice", display_name="Alice", role=Role.EDITOR)
>>> alice.has_role(Role.VIEWER), alice.has_role(Role.ADMIN)
(True, False)
>>> can_edit(alice, owner_id=1), can_edit(alice, owner_id=2)
(True, False)
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Literal

from eurasia.errors import DataError, PermissionDeniedError

__all__ = [
    "Principal",
    "Role",
    "can_edit",
    "ensure_can_edit",
    "ensure_role",
    "parse_role",
    "shown_creator",
]


class Role(enum.StrEnum):
    """A user's role; later members include the rights of earlier ones."""

    VIEWER = "viewer"
    EDITOR = "editor"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        """0 for viewer, 1 for editor, 2 for admin."""
        return list(Role).index(self)


def parse_role(value: str) -> Role:
    """Return the :class:`Role` named ``value`` (case-insensitive).

    Raises
    ------
    DataError
        If ``value`` is not viewer, editor or admin.

    Examples
    --------
    >>> parse_role("Editor")
    <Role.EDITOR: 'editor'>
    """
    try:
        return Role(value.strip().lower())
    except ValueError:
        msg = f"role {value!r} is unknown; expected one of viewer, editor, admin"
        raise DataError(msg) from None


@dataclass(frozen=True)
class Principal:
    """Who is making a request: a signed-in user (by session cookie) or a script (by token)."""

    id: int
    username: str
    display_name: str
    role: Role
    via: Literal["session", "token", "cli"] = "session"

    def has_role(self, role: Role) -> bool:
        """Whether this principal's role is ``role`` or above."""
        return self.role.rank >= role.rank


def ensure_role(principal: Principal, role: Role) -> None:
    """Raise unless ``principal`` has ``role`` or above.

    Raises
    ------
    PermissionDeniedError
        Naming the user, their role and the role needed.

    Examples
    --------
    >>> ensure_role(Principal(1, "v", "", Role.VIEWER), Role.EDITOR)
    Traceback (most recent call last):
    ...
    eurasia.errors.PermissionDeniedError: user 'v' has role viewer; this needs editor or above
    """
    if not principal.has_role(role):
        msg = f"user {principal.username!r} has role {principal.role}; this needs {role} or above"
        raise PermissionDeniedError(msg)


def can_edit(principal: Principal | None, *, owner_id: int | None) -> bool:
    """Whether ``principal`` may change an object owned by ``owner_id`` (``None``: no owner).

    Admins edit anything; editors edit their own objects and unowned ones; viewers and
    anonymous users edit nothing.
    """
    if principal is None or not principal.has_role(Role.EDITOR):
        return False
    if principal.role is Role.ADMIN:
        return True
    return owner_id is None or owner_id == principal.id


def ensure_can_edit(principal: Principal, *, owner_id: int | None, what: str) -> None:
    """Raise unless ``principal`` may change ``what`` (e.g. ``"event 'astana-expo'"``).

    Raises
    ------
    PermissionDeniedError
        Naming the user and the object.

    Examples
    --------
    >>> ensure_can_edit(Principal(2, "bob", "", Role.EDITOR), owner_id=1, what="event 'x'")
    Traceback (most recent call last):
    ...
    eurasia.errors.PermissionDeniedError: user 'bob' may not change event 'x': it belongs to another user
    """
    if can_edit(principal, owner_id=owner_id):
        return
    ensure_role(principal, Role.EDITOR)
    msg = f"user {principal.username!r} may not change {what}: it belongs to another user"
    raise PermissionDeniedError(msg)


def shown_creator(viewer: Principal | None, created_by: str) -> str:
    """``created_by`` if ``viewer`` may see who made an object, else ``""``.

    Who started a scenario run is personal data: its creator and admins see it, nobody else.

    Examples
    --------
    >>> ann = Principal(1, "ann", "", Role.EDITOR)
    >>> shown_creator(ann, "ann"), shown_creator(ann, "bob"), shown_creator(None, "bob")
    ('ann', '', '')
    """
    if viewer is not None and (viewer.role is Role.ADMIN or viewer.username == created_by):
        return created_by
    return ""
