"""Path kernels on CSR arrays.

The binary heap, Dijkstra, constrained and ``k`` shortest paths, and exact Pareto sets by label
setting (numba, with pure-Python references).

Modules: ``types`` (array aliases), ``csr``, ``heap``, ``kernels`` (shared numba steps),
``dijkstra``, ``constrained``, ``kshortest``, ``pareto``.
"""
