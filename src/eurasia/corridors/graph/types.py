"""Array type aliases of the path kernels, the assignment and the rule layer (``corridors``).

Examples
--------
>>> import numpy as np
>>> ok: BoolArray = np.ones(3, dtype=np.bool_)
>>> ok.dtype
dtype('bool')
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["BoolArray", "FloatArray", "IntArray"]

#: Vertex and edge numbers, CSR offsets.
IntArray = npt.NDArray[np.int64]
#: Weights, costs, distances.
FloatArray = npt.NDArray[np.float64]
#: Masks (``True`` where use is allowed).
BoolArray = npt.NDArray[np.bool_]
