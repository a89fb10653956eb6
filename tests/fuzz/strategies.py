"""Hypothesis strategies and checks shared by the fuzz tests.

Every importer is fed two kinds of input: valid seed files bent by a few random *mutations*
(a token replaced by a hostile value, a span deleted, a line repeated, dropped or swapped, the
text truncated, bytes re-encoded) and plain random text or bytes. The property is always the same:
the importer returns a result or raises a documented :class:`~eurasia.errors.EurasiaError`; any other
exception, a warning (warnings are errors in this suite) or a hang (a deadline per example and a
pytest timeout per test) fails.

The number of examples is bounded for CI; ``EURASIA_FUZZ_SCALE=50 pytest tests/fuzz`` runs a
campaign fifty times longer with the same tests.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from typing import Any, TypeVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from eurasia.errors import EurasiaError

__all__ = [
    "HOSTILE_TOKENS",
    "SCALE",
    "documented",
    "fuzz_settings",
    "mutated",
    "mutated_bytes",
]

T = TypeVar("T")

#: Multiplier of every fuzz test's example count (3 by default; raise it for a campaign).
SCALE = max(1, int(os.environ.get("EURASIA_FUZZ_SCALE", "3")))

#: Values that broke parsers somewhere: non-finite and huge numbers, digits float() accepts but
#: people do not write, separators of every format met here, control and bidi characters, long
#: strings, markup of the other formats.
HOSTILE_TOKENS: tuple[str, ...] = (
    "",
    " ",
    "NaN",
    "nan",
    "inf",
    "-Infinity",
    "1e309",
    "-1e309",
    "1e-320",
    "-0",
    "0",
    "-1",
    "99999999999999999999999",
    "9" * 400,
    "1_000",
    "0x1F",
    "١٢٣",  # Arabic-Indic digits: float() and int() accept them
    "²",
    "Ⅻ",
    "\x00",
    "\ufeff",
    "\u202e",
    "\ud7ff",
    "𝟙𝟚",
    "ü",
    "Ä°",
    "A" * 5000,
    '"',
    '""',
    "'",
    ",",
    ";",
    ":",
    "~",
    "|",
    "\t",
    "\r",
    "\n",
    "\\",
    "{",
    "}",
    "[",
    "]",
    "null",
    "true",
    "<END OF METADATA>",
    "<NUMBER OF NODES> -5",
    "Origin 1",
    "BEGIN:VEVENT",
    "END:VEVENT",
    "END:VCALENDAR",
    "BEGIN:VTIMEZONE",
    "RRULE:FREQ=SECONDLY;INTERVAL=0",
    "RRULE:FREQ=YEARLY;BYYEARDAY=366;COUNT=99999999",
    "DTSTART:99991231T235959Z",
    "DTSTART;TZID=Mars/Olympus:20240101T000000",
    "TZID=",
    "0000-00-00",
    "2024-13-45",
    "2024-Q9",
    "99999",
    '{"type": "FeatureCollection"}',
    "DATAFLOW",
    "iso_code",
)

_TOKEN = re.compile(r"[^,;:\t \n\r|=\"{}\[\]]+")
_OPS = ("replace", "insert", "delete", "repeat_line", "drop_line", "swap_lines", "truncate")

_fragment = st.one_of(
    st.sampled_from(HOSTILE_TOKENS),
    st.text(max_size=16),
    st.text(alphabet=st.characters(codec="ascii"), max_size=8),
)
_op = st.tuples(
    st.sampled_from(_OPS),
    st.integers(min_value=0, max_value=2**31),
    st.integers(min_value=0, max_value=2**31),
    _fragment,
)


def _apply(text: str, op: tuple[str, int, int, str]) -> str:
    name, a, b, fragment = op
    if name == "replace":
        tokens = list(_TOKEN.finditer(text))
        if not tokens:
            return fragment
        m = tokens[a % len(tokens)]
        return text[: m.start()] + fragment + text[m.end() :]
    if name == "insert":
        at = a % (len(text) + 1)
        return text[:at] + fragment + text[at:]
    if name == "delete":
        if not text:
            return text
        at = a % len(text)
        return text[:at] + text[at + 1 + b % 64 :]
    if name == "truncate":
        return text[: a % (len(text) + 1)]
    lines = text.split("\n")
    i, j = a % len(lines), b % len(lines)
    if name == "repeat_line":
        lines.insert(j, lines[i])
    elif name == "drop_line":
        del lines[i]
    else:  # swap_lines
        lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def _mutate(seed: str, ops: list[tuple[str, int, int, str]]) -> str:
    for op in ops:
        seed = _apply(seed, op)
    return seed


def mutated(seed: str, *, max_ops: int = 4) -> st.SearchStrategy[str]:
    """Text made from ``seed`` by one to ``max_ops`` random mutations.

    Examples
    --------
    >>> from hypothesis import find
    >>> find(mutated("a,b\\n1,2\\n"), lambda t: "NaN" in t).count("NaN") >= 1
    True
    """
    return st.lists(_op, min_size=1, max_size=max_ops).map(lambda ops: _mutate(seed, ops))


def mutated_bytes(seed: str) -> st.SearchStrategy[bytes]:
    """Bytes of a mutated ``seed`` in UTF-8, or in an encoding a user might have saved it with,
    or raw random bytes."""
    encodings = ("utf-8", "utf-8-sig", "utf-16", "cp1251", "latin-1")

    def encode(text: str, encoding: str) -> bytes:
        return text.encode(encoding, errors="replace")

    return st.one_of(
        st.builds(encode, mutated(seed), st.sampled_from(encodings)),
        st.binary(max_size=512),
    )


def documented(call: Callable[..., T], *args: Any, **kwargs: Any) -> T | EurasiaError:
    """Call ``call``; return its result or the :class:`EurasiaError` it raised.

    Any other exception propagates, which is what fails a fuzz test.
    """
    try:
        return call(*args, **kwargs)
    except EurasiaError as exc:
        error = exc
    assert str(error).strip(), "a documented error must say what is wrong"
    return error


def fuzz_settings(*, examples: int = 60, deadline_s: float = 10.0) -> settings:
    """Bounded settings for one fuzz test: ``examples`` × :data:`SCALE` examples, ``deadline_s``
    each.

    The deadline is loose on purpose: it catches hangs and runaway work (an alias bomb, an
    unbounded recurrence), not slowness on a loaded CI machine.
    """
    return settings(
        max_examples=examples * SCALE,
        deadline=dt.timedelta(seconds=deadline_s),
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
            HealthCheck.filter_too_much,
        ],
    )
