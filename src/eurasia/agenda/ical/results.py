r"""What an import returns: the events, the notes on each interpretation, what was left out."""

from __future__ import annotations

from dataclasses import dataclass

from eurasia.agenda.model import Event


@dataclass(frozen=True)
class _AtLine:
    """Something said about a calendar component: the line it starts at and its label."""

    line: int
    component: str

    @property
    def where(self) -> str:
        """The component's place, ``line N, COMPONENT``, that the message starts with."""
        return f"line {self.line}, {self.component}"


@dataclass(frozen=True)
class ImportNote(_AtLine):
    """One interpretation applied while reading a calendar."""

    property: str
    message: str

    def __str__(self) -> str:
        """Return the problem as ``line N, COMPONENT, PROPERTY: message``."""
        return f"{self.where}, {self.property}: {self.message}"


@dataclass(frozen=True)
class RejectedEvent(_AtLine):
    """An event left out by a partial import, with the line and the reason."""

    reason: str

    def __str__(self) -> str:
        """Return ``line N, VEVENT UID=…: reason``."""
        return f"{self.where}: {self.reason}"


@dataclass(frozen=True)
class ImportResult:
    r"""Events read from a calendar and the interpretations applied to get them.

    ``rejected`` lists the events a partial import left out (always empty otherwise);
    ``cancelled`` the ``UID``\s (``UID/RECURRENCE-ID`` for one instance) that an iTIP
    ``METHOD:CANCEL`` message cancels without carrying the event itself.
    """

    events: tuple[Event, ...]
    notes: tuple[ImportNote, ...]
    rejected: tuple[RejectedEvent, ...] = ()
    cancelled: tuple[str, ...] = ()
