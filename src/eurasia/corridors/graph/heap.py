"""A binary min-heap on two parallel arrays (keys, values), for the numba Dijkstra kernels.

The caller owns the arrays (sized to the number of pushes it can make) and the current size;
read the root (``keys[0]``, ``vals[0]``) before :func:`heap_pop`. Used by the shortest-path
kernels of :mod:`eurasia.corridors.graph.pareto` and the loading engine of
:mod:`eurasia.corridors.assignment.loading`.

Examples
--------
>>> import numpy as np
>>> keys, vals = np.empty(4), np.empty(4, dtype=np.int64)
>>> size = 0
>>> for key, val in [(3.0, 30), (1.0, 10), (2.0, 20)]:
...     size = heap_push(keys, vals, size, key, val)
>>> order = []
>>> while size:
...     order.append(int(vals[0]))
...     size = heap_pop(keys, vals, size)
>>> order
[10, 20, 30]
"""

from __future__ import annotations

import numba

from eurasia.corridors.graph.types import FloatArray, IntArray

__all__ = ["heap_pop", "heap_push"]


@numba.njit(cache=True, nogil=True, inline="always")
def _put(keys: FloatArray, vals: IntArray, i: int, key: float, val: int) -> None:
    keys[i] = key
    vals[i] = val


@numba.njit(cache=True, nogil=True, inline="always")
def heap_push(keys: FloatArray, vals: IntArray, size: int, key: float, val: int) -> int:
    """Insert ``(key, val)``; return the new size."""
    i = size
    while i > 0:
        parent = (i - 1) >> 1
        if keys[parent] <= key:
            break
        _put(keys, vals, i, keys[parent], vals[parent])
        i = parent
    _put(keys, vals, i, key, val)
    return size + 1


@numba.njit(cache=True, nogil=True, inline="always")
def heap_pop(keys: FloatArray, vals: IntArray, size: int) -> int:
    """Remove the root (read it before calling); return the new size."""
    size -= 1
    key = keys[size]
    val = vals[size]
    i = 0
    while True:
        child = 2 * i + 1
        if child >= size:
            break
        if child + 1 < size and keys[child + 1] < keys[child]:
            child += 1
        if keys[child] >= key:
            break
        _put(keys, vals, i, keys[child], vals[child])
        i = child
    _put(keys, vals, i, key, val)
    return size
