"""One implementation of the programme and project resources, which differ only in their types.

A programme and a project are both records with an id, an optional owner and fields checked by
the domain (:func:`eurasia.agenda.seed.programme_from_record`,
:func:`~eurasia.agenda.seed.project_from_record`). :class:`Records` reads, creates, replaces and
deletes them through the store's functions for the kind; the route modules
(:mod:`.programmes`, :mod:`.projects`) only declare the endpoints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel
from sqlalchemy.orm import Session

from eurasia.auth.roles import Principal, ensure_can_edit

__all__ = ["Records"]

R = TypeVar("R")
R_contra = TypeVar("R_contra", contravariant=True)
P = TypeVar("P", bound=BaseModel)


class _Create(Protocol[R_contra]):
    """The store's ``create_<kind>`` function."""

    def __call__(
        self, session: Session, record: R_contra, /, *, origin: str, owner_id: int | None
    ) -> Any: ...


class _Update(Protocol[R_contra]):
    """The store's ``update_<kind>`` function."""

    def __call__(self, session: Session, record: R_contra, /, *, origin: str) -> Any: ...


@dataclass(frozen=True)
class Records(Generic[R, P]):
    """The resource of one kind of record (programmes or projects).

    Parameters
    ----------
    what
        The kind's name in messages, e.g. ``"programme"``.
    public
        The response schema, read from a record's attributes.
    from_record
        Builds a checked record from a request body's fields and its id.
    list_all, get, create, update, delete, owner
        The store's functions for the kind.
    """

    what: str
    public: type[P]
    from_record: Callable[[dict[str, Any]], R]
    list_all: Callable[[Session], list[R]]
    get: Callable[[Session, str], R]
    create: _Create[R]
    update: _Update[R]
    delete: Callable[[Session, str], None]
    owner: Callable[[Session, str], int | None]

    def as_public(self, record: R) -> P:
        """The API's view of ``record``."""
        return self.public.model_validate(record, from_attributes=True)

    def read_all(self, session: Session) -> list[P]:
        """Every record of the kind, by id."""
        return [self.as_public(r) for r in self.list_all(session)]

    def read(self, session: Session, record_id: str) -> P:
        """One record (:class:`~eurasia.errors.NotFoundError` if there is none)."""
        return self.as_public(self.get(session, record_id))

    def editable(self, session: Session, record_id: str, user: Principal) -> str:
        """``record_id``, if the record exists and ``user`` may change it.

        Raises
        ------
        NotFoundError
            If there is no such record.
        PermissionDeniedError
            If ``user`` may not edit it (not its owner, an admin, or an editor of unowned data).
        """
        owner = self.owner(session, record_id)
        ensure_can_edit(user, owner_id=owner, what=f"{self.what} {record_id!r}")
        return record_id

    def add(self, session: Session, record_id: str, body: BaseModel, user: Principal) -> P:
        """Create a record from ``body``, owned by ``user`` (a ConflictError if the id is taken)."""
        record = self.from_record({**body.model_dump(), "id": record_id})
        self.create(session, record, origin=f"user:{user.username}", owner_id=user.id)
        return self.as_public(record)

    def replace(self, session: Session, record_id: str, body: BaseModel, user: Principal) -> P:
        """Replace the fields of the record ``record_id`` with those of ``body``."""
        record = self.from_record({**body.model_dump(), "id": record_id})
        self.update(session, record, origin=f"user:{user.username}")
        return self.as_public(record)
