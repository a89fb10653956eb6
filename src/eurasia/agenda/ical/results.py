r"""What an import returns: the events, the notes on each interpretation, what was left out."""

from __future__ import annotations

from dataclasses import dataclass

from eurasia.agenda.model import Event


@dataclass(frozen=True)
class ImportNote:
    """One interpretation applied while reading a calendar."""

    line: int
    component: str
    property: str
    message: str

    def __str__(self) -> str:
        """Return the problem as ``line N, COMPONENT, PROPERTY: message``."""
        return f"line {self.line}, {self.component}, {self.property}: {self.message}"


@dataclass(frozen=True)
class RejectedEvent:
    """An event left out by a partial import, with the line and the reason."""

    line: int
    component: str
    reason: str

    def __str__(self) -> str:
        """Return ``line N, VEVENT UID=…: reason``."""
        return f"line {self.line}, {self.component}: {self.reason}"


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
