r"""Fast reading of TNTP trips entries (``Origin o`` blocks of ``d : flow;`` pairs).

:func:`trip_entries` reads the body of a trips file (the text after ``<END OF METADATA>``) with a
compiled scanner that finds every token and checks the layout, then converts all numbers at once
with numpy, instead of a Python loop over lines and pairs. It accepts only what the line-by-line
parser of :func:`eurasia.corridors.io.tntp.parse_trips` accepts and answers ``None`` for anything
else (comments, a malformed pair, a fractional or out-of-range zone, a negative flow), so that
parser runs and names the line at fault.

Examples
--------
>>> o, d, flow = trip_entries("Origin 1\n  2 : 5.0;  3 : 1;\nOrigin 2\n 1 : 2.5;\n", 3)
>>> o.tolist(), d.tolist(), flow.tolist()
([1, 1, 2], [2, 3, 1], [5.0, 1.0, 2.5])
>>> trip_entries("Origin 1\n  2 : 5.0  3 : 1;\n", 3) is None  # a ';' is missing
True
"""

from __future__ import annotations

import numba
import numpy as np
import numpy.typing as npt

__all__ = ["trip_entries"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
ByteArray = npt.NDArray[np.uint8]

_SPACE, _TAB, _CR, _LF = 32, 9, 13, 10
_COLON, _SEMI, _TILDE = 58, 59, 126
_WIDEST = 40  # longest number token read here (longer ones go to the line parser)


@numba.njit(cache=True, inline="always")
def _blank(c: int) -> bool:
    return c in (_SPACE, _TAB, _CR)


@numba.njit(cache=True, inline="always")
def _word_char(c: int) -> bool:
    return not (c == _SPACE or c == _TAB or c == _CR or c == _LF or c == _COLON or c == _SEMI)  # noqa: SIM109


@numba.njit(cache=True)
def _scan(buf: ByteArray) -> tuple[int, IntArray, IntArray, IntArray]:  # noqa: C901 - a byte-level state machine, one branch a token kind; pragma: no cover
    """Token bounds (start, end) and kinds (0 origin, 1 destination, 2 flow); count or -1."""
    n = buf.size
    cap = n // 2 + 2
    start = np.empty(cap, dtype=np.int64)
    end = np.empty(cap, dtype=np.int64)
    kind = np.empty(cap, dtype=np.int64)
    k = 0
    i = 0
    line_start = True
    seen_origin = False
    while i < n:
        c = buf[i]
        if c == _LF:
            line_start = True
            i += 1
            continue
        if _blank(c):
            i += 1
            continue
        if c == _TILDE:
            return -1, start, end, kind
        if c == _SEMI:  # empty pairs between ';' are skipped, as the line parser does
            i += 1
            continue
        if line_start and i + 6 <= n and (buf[i] | 32) == 111 and (buf[i + 1] | 32) == 114:
            word = True
            for j, ch in enumerate((111, 114, 105, 103, 105, 110)):  # "origin"
                if (buf[i + j] | 32) != ch:
                    word = False
            if word:
                i += 6
                if i >= n or not _blank(buf[i]):
                    return -1, start, end, kind
                while i < n and _blank(buf[i]):
                    i += 1
                s = i
                while i < n and _word_char(buf[i]):
                    i += 1
                if i == s or i - s > _WIDEST:
                    return -1, start, end, kind
                start[k], end[k], kind[k] = s, i, 0
                k += 1
                while i < n and _blank(buf[i]):
                    i += 1
                if i < n and buf[i] != _LF:
                    return -1, start, end, kind
                seen_origin = True
                line_start = False
                continue
        line_start = False
        if not seen_origin:
            return -1, start, end, kind
        for part in (1, 2):  # destination ':' flow
            s = i
            while i < n and _word_char(buf[i]):
                i += 1
            if i == s or i - s > _WIDEST:
                return -1, start, end, kind
            start[k], end[k], kind[k] = s, i, part
            k += 1
            while i < n and _blank(buf[i]):
                i += 1
            if part == 1:
                if i >= n or buf[i] != _COLON:
                    return -1, start, end, kind
                i += 1
                while i < n and _blank(buf[i]):
                    i += 1
        if i < n and buf[i] != _SEMI and buf[i] != _LF:
            return -1, start, end, kind
    return k, start, end, kind


_POW10 = np.array([10.0**k for k in range(23)])


@numba.njit(cache=True)
def _decimal(buf: ByteArray, s: int, e: int) -> tuple[float, bool]:  # noqa: C901 - a byte-level number grammar, one branch a part; pragma: no cover
    """Return the double nearest a plain decimal token, when it is exact to compute.

    Clinger's fast path: an integer mantissa below 2**53 times a power of ten up to 22; else
    ``(0, False)``.
    """
    i = s
    negative = False
    if i < e and (buf[i] == 43 or buf[i] == 45):  # '+' '-'
        negative = buf[i] == 45
        i += 1
    mantissa = 0
    digits = 0
    scale = 0
    zeros = 0  # trailing zeros not yet in the mantissa
    dot = False
    while i < e:
        c = buf[i]
        if 48 <= c <= 57:
            digits += 1
            if c == 48:
                zeros += 1
            else:
                for _ in range(zeros):
                    mantissa *= 10
                    if mantissa >= 2**53:
                        return 0.0, False
                mantissa = mantissa * 10 + (c - 48)
                if mantissa >= 2**53:
                    return 0.0, False
                zeros = 0
            if dot:
                scale -= 1
        elif c == 46 and not dot:  # '.'
            dot = True
        else:
            break
        i += 1
    if digits == 0:
        return 0.0, False
    exponent = 0
    if i < e and (buf[i] | 32) == 101:  # 'e'
        i += 1
        sign = 1
        if i < e and (buf[i] == 43 or buf[i] == 45):
            sign = -1 if buf[i] == 45 else 1
            i += 1
        if i == e:
            return 0.0, False
        while i < e:
            c = buf[i]
            if not 48 <= c <= 57 or exponent > 10000:
                return 0.0, False
            exponent = exponent * 10 + (c - 48)
            i += 1
        exponent *= sign
    if i != e:
        return 0.0, False
    q = scale + zeros + exponent
    if mantissa == 0:
        value = 0.0
    elif 0 <= q <= 22:
        value = float(mantissa) * _POW10[q]
    elif -22 <= q < 0:
        value = float(mantissa) / _POW10[-q]
    else:
        return 0.0, False
    return (-value if negative else value), True


@numba.njit(cache=True)
def _numbers(
    buf: ByteArray, start: IntArray, end: IntArray, k: int
) -> tuple[FloatArray, IntArray]:  # pragma: no cover
    """Values of the first ``k`` tokens, and the tokens left for Python's ``float``."""
    values = np.empty(k)
    hard = np.empty(k, dtype=np.int64)
    n_hard = 0
    for t in range(k):
        values[t], ok = _decimal(buf, start[t], end[t])
        if not ok:
            hard[n_hard] = t
            n_hard += 1
    return values, hard[:n_hard]


def trip_entries(body: str, max_zone: int) -> tuple[IntArray, IntArray, FloatArray] | None:
    """Origins, destinations and flows of every pair in ``body``, or ``None`` if unsure.

    Parameters
    ----------
    body
        The text after ``<END OF METADATA>``.
    max_zone
        Largest zone number allowed.
    """
    buf = np.frombuffer(body.encode("utf-8"), dtype=np.uint8)
    k, start, end, kind = _scan(buf)
    if k < 0:
        return None
    kind = kind[:k]
    values, hard = _numbers(buf, start, end, k)
    if hard.size:  # 17-digit mantissas, exponents beyond the fast path, 'inf', '1_000', ...
        raw = buf.tobytes()
        words = [raw[start[t] : end[t]] for t in hard.tolist()]
        try:  # numpy parses bytes as Python's float does (correctly rounded)
            values[hard] = np.array(words, dtype=np.bytes_).astype(np.float64)
        except ValueError:
            try:
                values[hard] = [float(w) for w in words]
            except ValueError:
                return None
    origins = values[kind == 0]
    dest = values[kind == 1]
    flow = values[kind == 2]
    owner = np.cumsum(kind == 0)[kind == 1] - 1
    zones = np.concatenate([origins, dest])
    if not (
        np.all(zones == np.rint(zones))
        and np.all((zones >= 1) & (zones <= max_zone))
        and np.all(np.isfinite(flow) & (flow >= 0))
    ):
        return None
    return origins[owner].astype(np.int64), dest.astype(np.int64), flow
