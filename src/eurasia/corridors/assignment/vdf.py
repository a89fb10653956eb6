"""Volume-delay functions: BPR travel time, its derivative and its integral, per link.

The Bureau of Public Roads function, with per-link parameters as in TNTP files::

    t(v) = t0 * (1 + alpha * (v / c) ** beta)

Its integral from 0 to ``v`` is the link term of the Beckmann objective; its derivative is the
diagonal Hessian the conjugate Frank-Wolfe directions need. Capacity-limited nodes (crossings,
ports, ferries) use the same function on the node's own link of an expanded graph.

Examples
--------
>>> bpr = BPR.from_arrays([10.0], [100.0], [0.15], [4.0])
>>> float(bpr.time(np.array([100.0]))[0])
11.5
>>> float(bpr.integral(np.array([100.0]))[0])   # 10 * (100 + 0.15 * 100 / 5)
1030.0
>>> float(bpr.derivative(np.array([100.0]))[0])  # 10 * 0.15 * 4 / 100
0.06
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from eurasia.corridors.assignment.arrays import check_finite_nonnegative
from eurasia.corridors.graph.types import FloatArray
from eurasia.errors import DataError

__all__ = ["BPR"]


@dataclass(frozen=True)
class BPR:
    """BPR volume-delay function with per-link free-flow time, capacity, alpha and beta.

    Attributes
    ----------
    free_flow_time
        ``t0`` per link (>= 0).
    capacity
        ``c`` per link (> 0 wherever ``alpha > 0``).
    alpha, beta
        Per-link BPR parameters (TNTP's ``B`` and ``Power``), both >= 0.
    """

    free_flow_time: FloatArray
    capacity: FloatArray
    alpha: FloatArray
    beta: FloatArray

    @classmethod
    def from_arrays(
        cls,
        free_flow_time: npt.ArrayLike,
        capacity: npt.ArrayLike,
        alpha: npt.ArrayLike,
        beta: npt.ArrayLike,
        *,
        where: str = "links",
    ) -> BPR:
        """Validate and build; scalars broadcast to the length of ``free_flow_time``.

        Parameters
        ----------
        free_flow_time, capacity, alpha, beta
            Per-link values (or scalars).
        where
            Names the input in error messages.

        Raises
        ------
        DataError
            Naming the first bad link: a negative or non-finite value, or a capacity that is
            not positive on a congestible link (``alpha > 0``).

        Examples
        --------
        >>> BPR.from_arrays([1.0, 2.0], [10.0, -1.0], 0.15, 4)
        Traceback (most recent call last):
        ...
        eurasia.errors.DataError: links[1]: capacity must be > 0 where alpha > 0, got -1.0
        """
        t0 = np.atleast_1d(np.asarray(free_flow_time, dtype=np.float64))
        n = t0.shape[0]
        values = {"free_flow_time": t0}
        for name, raw in (("capacity", capacity), ("alpha", alpha), ("beta", beta)):
            arr = np.asarray(raw, dtype=np.float64)
            values[name] = np.broadcast_to(arr, (n,)).copy() if arr.ndim == 0 else arr
        for name, arr in values.items():
            if arr.shape != (n,):
                msg = f"{where}: {name} has shape {arr.shape}, expected ({n},)"
                raise DataError(msg)
            if name != "capacity":
                check_finite_nonnegative(arr, where, name)
        cap = values["capacity"]
        congestible = values["alpha"] > 0
        bad = np.flatnonzero(congestible & ~(np.isfinite(cap) & (cap > 0)))
        if bad.size:
            i = int(bad[0])
            msg = f"{where}[{i}]: capacity must be > 0 where alpha > 0, got {float(cap[i])!r}"
            raise DataError(msg)
        return cls(t0, cap, values["alpha"], values["beta"])

    @property
    def n_links(self) -> int:
        """Number of links."""
        return int(self.free_flow_time.shape[0])

    def _ratio(self, flow: FloatArray) -> FloatArray:
        safe = np.where(self.alpha > 0, self.capacity, 1.0)
        return np.maximum(flow, 0.0) / safe

    def time(self, flow: FloatArray) -> FloatArray:
        """Travel time at ``flow`` (one value a link)."""
        ratio = self._ratio(flow)
        return self.free_flow_time * (1.0 + self.alpha * _power(ratio, self.beta))

    def derivative(self, flow: FloatArray) -> FloatArray:
        """``dt/dv`` at ``flow``; 0 where ``beta == 0`` or ``alpha == 0``."""
        ratio = self._ratio(flow)
        safe = np.where(self.alpha > 0, self.capacity, 1.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            out = self.free_flow_time * self.alpha * self.beta / safe * _power(ratio, self.beta - 1)
        return np.where(self.beta > 0, np.nan_to_num(out, nan=0.0, posinf=0.0), 0.0)

    def integral(self, flow: FloatArray) -> FloatArray:
        """``∫_0^flow t(s) ds`` per link (the Beckmann objective term)."""
        v = np.maximum(flow, 0.0)
        ratio = self._ratio(v)
        safe = np.where(self.alpha > 0, self.capacity, 1.0)
        return self.free_flow_time * (
            v + self.alpha * safe / (self.beta + 1.0) * _power(ratio, self.beta + 1.0)
        )

    def subset(self, links: npt.NDArray[np.int64]) -> BPR:
        """Return the function restricted to ``links`` (an index array)."""
        return BPR(
            self.free_flow_time[links], self.capacity[links], self.alpha[links], self.beta[links]
        )


def _power(base: FloatArray, exponent: FloatArray) -> FloatArray:
    """Return ``base ** exponent`` with fast paths for the common integer powers."""
    first = float(exponent[0]) if exponent.size else 0.0
    if exponent.size and np.all(exponent == first):
        if first == 4.0:
            sq = base * base
            return sq * sq
        if first == 5.0:
            sq = base * base
            return sq * sq * base
        if first == 3.0:
            return base * base * base
        if first == 2.0:
            return base * base
        if first == 1.0:
            return base.copy()
        if first == 0.0:
            return np.ones_like(base)
    with np.errstate(divide="ignore"):
        return np.power(base, exponent)
