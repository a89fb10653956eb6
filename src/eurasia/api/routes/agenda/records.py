"""One implementation of the programme and project resources, which differ only in their types.

A programme and a project are both records with an id, an optional owner and fields checked by
the domain (:func:`eurasia.agenda.seed.programme_from_record`,
:func:`~eurasia.agenda.seed.project_from_record`). :class:`Records` reads, creates, replaces and
deletes them through the store of the kind (:data:`eurasia.store.agenda.PROGRAMMES`,
:data:`~eurasia.store.agenda.PROJECTS`); :func:`records_router` registers the five endpoints of a
kind (list, read, create, replace, delete), and the route modules (:mod:`.programmes`,
:mod:`.projects`) only name the kind's store, schemas and operation descriptions.

This module does not postpone annotations (no ``from __future__ import annotations``): FastAPI
reads the endpoints' annotations, and those of :func:`records_router` name the kind's schemas,
known only when it runs.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

from fastapi import APIRouter, Depends, Path, Response, status
from pydantic import BaseModel
from sqlalchemy.orm import Session

from eurasia.agenda.model import Programme, Project
from eurasia.api.schemas.listing import Listing
from eurasia.auth.roles import Principal, ensure_can_edit
from eurasia.http.deps import SessionDep
from eurasia.http.security import EditorUser
from eurasia.store.agenda import RecordStore

__all__ = ["Operations", "Records", "records_router"]

R = TypeVar("R", Programme, Project)
P = TypeVar("P", bound=BaseModel)


@dataclass(frozen=True)
class Records(Generic[R, P]):
    """The resource of one kind of record (programmes or projects).

    Parameters
    ----------
    store
        The store of the kind; its name (``store.what``, e.g. ``"programme"``) names the kind in
        messages, paths and operation ids.
    from_record
        Builds a checked record from a request body's fields and its id.
    public
        The response schema, read from a record's attributes.
    create, update
        Request bodies of POST and PUT.
    listing
        Response of the list: ``data`` (the public records) and ``count``.
    """

    store: RecordStore[R, Any]
    from_record: Callable[[dict[str, Any]], R]
    public: type[P]
    create: type[BaseModel]
    update: type[BaseModel]
    listing: type[Listing[P]]

    @property
    def what(self) -> str:
        """The kind's name, e.g. ``"programme"``."""
        return self.store.what

    def as_public(self, record: R) -> P:
        """The API's view of ``record``."""
        return self.public.model_validate(record, from_attributes=True)

    def read_all(self, session: Session) -> list[P]:
        """Every record of the kind, by id."""
        return [self.as_public(r) for r in self.store.list_all(session)]

    def read(self, session: Session, record_id: str) -> P:
        """One record (:class:`~eurasia.errors.NotFoundError` if there is none)."""
        return self.as_public(self.store.get(session, record_id))

    def editable(self, session: Session, record_id: str, user: Principal) -> str:
        """``record_id``, if the record exists and ``user`` may change it.

        Raises
        ------
        NotFoundError
            If there is no such record.
        PermissionDeniedError
            If ``user`` may not edit it (not its owner, an admin, or an editor of unowned data).
        """
        owner = self.store.owner(session, record_id)
        ensure_can_edit(user, owner_id=owner, what=f"{self.what} {record_id!r}")
        return record_id

    def add(self, session: Session, body: BaseModel, user: Principal) -> P:
        """Create a record from ``body`` (with its id), owned by ``user``.

        A ConflictError if the id is taken.
        """
        record = self.from_record(body.model_dump())
        self.store.create(session, record, origin=f"user:{user.username}", owner_id=user.id)
        return self.as_public(record)

    def replace(self, session: Session, record_id: str, body: BaseModel, user: Principal) -> P:
        """Replace the fields of the record ``record_id`` with those of ``body``."""
        record = self.from_record({**body.model_dump(), "id": record_id})
        self.store.update(session, record, origin=f"user:{user.username}")
        return self.as_public(record)


#: Status of a success other than 200.
_STATUS = {"POST": status.HTTP_201_CREATED, "DELETE": status.HTTP_204_NO_CONTENT}


@dataclass(frozen=True)
class Operations:
    """The OpenAPI descriptions of a kind's five operations (read is ``One <kind>.``)."""

    list_all: str
    create: str
    replace: str
    delete: str


def records_router(records: Records[R, P], texts: Operations) -> APIRouter:
    """The router of ``/api/agenda/<kind>s``: list, read, create, replace and delete records.

    Operation ids, summaries and the path parameter ``<kind>_id`` are those the hand-written
    routes had: ``list_<kind>s``, ``read_<kind>``, ``create_<kind>``, ``update_<kind>`` and
    ``delete_<kind>``.

    Parameters
    ----------
    records
        The kind's implementation and schemas.
    texts
        Descriptions of the operations.
    """
    what = records.what
    plural = f"{what}s"
    listing = records.listing
    router = APIRouter(prefix=f"/api/agenda/{plural}", tags=["agenda"])
    RecordId = Annotated[str, Path(alias=f"{what}_id")]  # noqa: N806 - a type alias
    DescribedId = Annotated[str, Path(alias=f"{what}_id", description=f"{what} id")]  # noqa: N806

    def editable(record_id: DescribedId, session: SessionDep, user: EditorUser) -> str:
        """The record's id, if it exists and the caller may change it."""
        return records.editable(session, record_id, user)

    EditableId = Annotated[str, Depends(editable)]  # noqa: N806 - a type alias

    def list_all(session: SessionDep) -> BaseModel:
        data = records.read_all(session)
        return listing.of(data)

    def read(record_id: RecordId, session: SessionDep) -> P:
        return records.read(session, record_id)

    def add(body: BaseModel, session: SessionDep, user: EditorUser) -> P:
        return records.add(session, body, user)

    def replace(body: BaseModel, session: SessionDep, user: EditorUser, record_id: EditableId) -> P:
        return records.replace(session, record_id, body, user)

    def delete(session: SessionDep, record_id: EditableId) -> Response:
        records.store.delete(session, record_id)
        return Response(status_code=status.HTTP_204_NO_CONTENT)

    # FastAPI validates and documents a request body by its parameter's annotation
    add.__annotations__["body"] = records.create
    replace.__annotations__["body"] = records.update
    item = f"/{{{what}_id}}"
    operations: list[tuple[str, str, Callable[..., Any], str, str, type[BaseModel] | None]] = [
        ("GET", "", list_all, f"list_{plural}", texts.list_all, listing),
        ("GET", item, read, f"read_{what}", f"One {what}.", records.public),
        ("POST", "", add, f"create_{what}", texts.create, records.public),
        ("PUT", item, replace, f"update_{what}", texts.replace, records.public),
        ("DELETE", item, delete, f"delete_{what}", texts.delete, None),
    ]
    for method, path, endpoint, name, description, response in operations:
        router.add_api_route(
            path,
            endpoint,
            methods=[method],
            name=name,
            description=description,
            response_model=response,
            status_code=_STATUS.get(method),
        )
    return router
