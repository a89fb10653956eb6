"""One exception tree for the whole package.

Every error eurasia raises on purpose derives from :class:`EurasiaError` and also from the builtin
that fits, so callers may catch either. Messages name the bad input (file, line, field, variable)
and what was expected.

Examples
--------
>>> from eurasia.errors import DataError, EurasiaError
>>> try:
...     raise DataError("nodes.csv line 3, field 'lat': expected a number in [-90, 90], got 'x'")
... except ValueError as exc:
...     isinstance(exc, EurasiaError)
True
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

    def __str__(self) -> str:
        """Return the message as given (``KeyError`` would quote it), else the title."""
        # KeyError quotes its message with repr(); keep messages readable for every subclass.
        return str(self.args[0]) if self.args else self.title


class ConfigError(EurasiaError, ValueError):
    """A setting (``EURASIA_*`` variable, path or URL) is malformed or unusable."""

    status_code = 500
    title = "Configuration error"


class DataError(EurasiaError, ValueError):
    """Input data (file, record, field or request body) is malformed or inconsistent."""

    status_code = 422
    title = "Invalid data"


class NotFoundError(EurasiaError, KeyError):
    """A named object (node, indicator, event, …) does not exist."""

    status_code = 404
    title = "Not found"


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


class ConflictError(EurasiaError, ValueError):
    """The request conflicts with existing state (duplicate id, stale version)."""

    status_code = 409
    title = "Conflict"


class NoRouteError(EurasiaError, LookupError):
    """No path connects origin and destination under the given constraints."""

    status_code = 422
    title = "No route"


class LabelBudgetError(EurasiaError, RuntimeError):
    """A multi-criteria search needed more labels than its budget allows."""

    status_code = 422
    title = "Label budget exceeded"


class StoreError(EurasiaError, RuntimeError):
    """The database is unreachable, unmigrated or refused an operation."""

    status_code = 503
    title = "Store unavailable"


class AuthError(EurasiaError, PermissionError):
    """The request is not authenticated (missing or invalid credentials)."""

    status_code = 401
    title = "Not authenticated"


class PermissionDeniedError(EurasiaError, PermissionError):
    """The authenticated user may not perform this action on this object."""

    status_code = 403
    title = "Forbidden"


class PayloadTooLargeError(EurasiaError, ValueError):
    """A request body, uploaded file or fetched document is larger than its limit."""

    status_code = 413
    title = "Payload too large"


class BudgetExceededError(EurasiaError, RuntimeError):
    """A request would cost more work than its budget (e.g. instances in an agenda window)."""

    status_code = 422
    title = "Work budget exceeded"


class TooManyRequestsError(EurasiaError, RuntimeError):
    """A per-user quota is used up (e.g. scenario runs queued at once); retry later."""

    status_code = 429
    title = "Too many requests"
