"""The envelope of every list response: ``data`` (the items) and ``count`` (how many).

A list schema subclasses :class:`Listing` with its item schema and keeps its own name and
docstring, which are its name and description in the OpenAPI document.

Examples
--------
>>> class NamesPublic(Listing[str]):
...     '''Names.'''
>>> NamesPublic.of(["a", "b"]).model_dump()
{'data': ['a', 'b'], 'count': 2}
>>> NamesPublic.model_json_schema()["title"], sorted(NamesPublic.model_json_schema()["properties"])
('NamesPublic', ['count', 'data'])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, Self, TypeVar

from pydantic import BaseModel

__all__ = ["Listing"]

T = TypeVar("T")


class Listing(BaseModel, Generic[T]):
    """Items of one schema and their number."""

    data: list[T]
    count: int

    @classmethod
    def of(cls, data: Sequence[T]) -> Self:
        """Return the listing of ``data`` (``count`` is its length)."""
        return cls(data=list(data), count=len(data))
