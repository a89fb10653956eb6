"""One exception tree for the whole package.

Every error eurasia raises on purpose derives from :class:`EurasiaError` and also from the builtin
that fits, so callers may catch either. Messages name the bad input (file, line, field, variable)
and what was expected. Each class states, in its class line, the HTTP status the API answers with
and the title of the problem document (:meth:`EurasiaError.__init_subclass__` stores them).

Examples
--------
>>> from eurasia.errors import DataError, EurasiaError
>>> try:
...     raise DataError("nodes.csv line 3, field 'lat': expected a number in [-90, 90], got 'x'")
... except ValueError as exc:
...     isinstance(exc, EurasiaError)
True
>>> DataError.status_code, DataError.title
(422, 'Invalid data')
"""

from __future__ import annotations

__all__ = [
    "AuthError",
    "BudgetExceededError",
    "ConfigError",
    "ConflictError",
    "DataError",
    "EurasiaError",
    "LabelBudgetError",
    "NoRouteError",
    "NotFoundError",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "StoreError",
    "TooManyRequestsError",
]


class EurasiaError(Exception):
    """Base class of every error raised on purpose by eurasia."""

    #: HTTP status the API answers with when this error escapes a request.
    status_code: int = 500
    #: Short title for RFC 9457 problem documents.
    title: str = "Internal error"

    def __init_subclass__(cls, *, status_code: int | None = None, title: str | None = None) -> None:
        """Store the ``status_code`` and ``title`` a subclass names in its class line.

        A subclass that names neither keeps its parent's.
        """
        super().__init_subclass__()
        if status_code is not None:
            cls.status_code = status_code
        if title is not None:
            cls.title = title

    def __str__(self) -> str:
        """Return the message as given (``KeyError`` would quote it), else the title."""
        # KeyError quotes its message with repr(); keep messages readable for every subclass.
        return str(self.args[0]) if self.args else self.title


class ConfigError(EurasiaError, ValueError, status_code=500, title="Configuration error"):
    """A setting (``EURASIA_*`` variable, path or URL) is malformed or unusable.

    The status stays 500: a bad setting is the operator's fault, not the client's.
    """


class DataError(EurasiaError, ValueError, status_code=422, title="Invalid data"):
    """Input data (file, record, field or request body) is malformed or inconsistent."""


class NotFoundError(EurasiaError, KeyError, status_code=404, title="Not found"):
    """A named object (node, indicator, event, …) does not exist.

    A ``KeyError`` too, whose ``str()`` is the message without the quotes ``KeyError`` adds.
    """


class UnknownPlaceError(NotFoundError):
    """A place name matches no node; ``query`` is what was typed, ``suggestions`` the closest ids.

    Examples
    --------
    >>> exc = UnknownPlaceError("unknown place 'Dostik'", query="Dostik", suggestions=("kz-dostyk",))
    >>> isinstance(exc, KeyError), exc.suggestions
    (True, ('kz-dostyk',))
    """

    def __init__(self, message: str, *, query: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.query = query
        self.suggestions = suggestions

    def __reduce__(self) -> tuple[object, ...]:
        return (_unknown_place, (str(self), self.query, self.suggestions))


def _unknown_place(message: str, query: str, suggestions: tuple[str, ...]) -> UnknownPlaceError:
    return UnknownPlaceError(message, query=query, suggestions=suggestions)


class ConflictError(EurasiaError, ValueError, status_code=409, title="Conflict"):
    """The request conflicts with existing state (duplicate id, stale version)."""


class NoRouteError(EurasiaError, LookupError, status_code=422, title="No route"):
    """No path connects origin and destination under the given constraints."""


class LabelBudgetError(EurasiaError, RuntimeError, status_code=422, title="Label budget exceeded"):
    """A multi-criteria search needed more labels than its budget allows."""


class StoreError(EurasiaError, RuntimeError, status_code=503, title="Store unavailable"):
    """The database is unreachable, unmigrated or refused an operation.

    503 rather than 500: the request may succeed once the database is back or migrated.
    """


class AuthError(EurasiaError, PermissionError, status_code=401, title="Not authenticated"):
    """The request is not authenticated (missing or invalid credentials)."""


class PermissionDeniedError(EurasiaError, PermissionError, status_code=403, title="Forbidden"):
    """The authenticated user may not perform this action on this object."""


class PayloadTooLargeError(EurasiaError, ValueError, status_code=413, title="Payload too large"):
    """A request body, uploaded file or fetched document is larger than its limit."""


class BudgetExceededError(
    EurasiaError, RuntimeError, status_code=422, title="Work budget exceeded"
):
    """A request would cost more work than its budget (e.g. instances in an agenda window)."""


class TooManyRequestsError(EurasiaError, RuntimeError, status_code=429, title="Too many requests"):
    """A per-user quota is used up (e.g. scenario runs queued at once); retry later."""
