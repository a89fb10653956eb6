r"""Text field types of request schemas.

Lengths from :data:`eurasia.settings.TEXT_LIMITS`, and no character that ends a line where a line
must not end (issue 18).

A single-line field (a title, a name, a code) may hold no control character at all: CR and LF
would end an iCalendar content line or an HTTP header the value is written into, and the others
have no business in a name. Free text (descriptions, notes) may hold tabs and line breaks, which
every writer escapes, but no other control character. A URL is ``http(s)://`` without spaces or
control characters. These types are for *input* models only: what was stored before the rules
is still shown, never refused on the way out.

Examples
--------
>>> from pydantic import TypeAdapter, ValidationError
>>> TypeAdapter(SingleLine).validate_python("Astana Forum")
'Astana Forum'
>>> try:
...     TypeAdapter(Url).validate_python("https://example.org/\r\nX-EVIL: 1")
... except ValidationError as exc:
...     print(exc.errors()[0]["type"])
string_pattern_mismatch
"""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

from eurasia.settings import TEXT_LIMITS, Settings

__all__ = ["MAX_ITEMS", "MAX_RRULES", "Code", "FreeText", "Name", "SingleLine", "Title", "Url"]

_SINGLE_LINE = r"^[^\x00-\x1f\x7f]*$"
_FREE_TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"

#: One line of text, at most a name's length.
SingleLine = Annotated[str, StringConstraints(max_length=TEXT_LIMITS["name"], pattern=_SINGLE_LINE)]
#: A title (events, programmes, projects).
Title = Annotated[
    str, StringConstraints(min_length=1, max_length=TEXT_LIMITS["title"], pattern=_SINGLE_LINE)
]
#: A name (venue, city, organiser, provider).
Name = SingleLine
#: An identifier (UID, source id, code).
Code = Annotated[str, StringConstraints(max_length=255, pattern=_SINGLE_LINE)]
#: Free text with line breaks.
FreeText = Annotated[
    str, StringConstraints(max_length=TEXT_LIMITS["description"], pattern=_FREE_TEXT)
]
#: An http(s) link.
Url = Annotated[
    str,
    StringConstraints(
        max_length=TEXT_LIMITS["url"], pattern=r"^[Hh][Tt][Tt][Pp][Ss]?://[^\x00-\x20\x7f]+$"
    ),
]
#: At most this many items in a list field.
MAX_ITEMS = TEXT_LIMITS["list"]
#: RRULEs a request may carry (the store enforces ``EURASIA_MAX_RRULES_PER_EVENT`` too).
MAX_RRULES = Settings.model_fields["max_rrules_per_event"].default
