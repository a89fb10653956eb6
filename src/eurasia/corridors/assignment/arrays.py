"""Checks of the numeric arrays the assignment takes in: per link (times, tolls, costs), per OD pair.

Examples
--------
>>> import numpy as np
>>> check_finite_nonnegative(np.array([1.0, 0.0]), "links", "toll")
>>> check_finite_nonnegative(np.array([1.0, -2.0]), "links", "toll")
Traceback (most recent call last):
...
eurasia.errors.DataError: links[1]: toll must be finite and >= 0, got -2.0
>>> check_finite_nonnegative(np.array([[0.0, np.nan]]), "demand")
Traceback (most recent call last):
...
eurasia.errors.DataError: demand[0, 1] must be finite and >= 0, got nan
"""

from __future__ import annotations

import numpy as np

from eurasia.corridors.graph.types import FloatArray
from eurasia.errors import DataError

__all__ = ["check_finite_nonnegative"]


def check_finite_nonnegative(values: FloatArray, where: str, name: str | None = None) -> None:
    """Raise DataError at the first entry of ``values`` that is not finite or is negative.

    Parameters
    ----------
    values
        The array (any number of dimensions); the first bad entry is in row-major order.
    where
        What the array is part of, or the array itself: the message starts ``where[i]`` (``where[i,
        j]`` for a matrix).
    name
        The array, when ``where`` names what it belongs to: the message then reads
        ``where[i]: name must be ...``.

    Raises
    ------
    DataError
        ``<where>[<index>]: <name> must be finite and >= 0, got <value>`` (without ``: <name>``
        when ``name`` is not given).
    """
    bad = np.argwhere(~np.isfinite(values) | (values < 0))
    if not bad.size:
        return
    index = tuple(int(i) for i in bad[0])
    subject = f"{where}[{', '.join(map(str, index))}]" + ("" if name is None else f": {name}")
    msg = f"{subject} must be finite and >= 0, got {float(values[index])!r}"
    raise DataError(msg)
