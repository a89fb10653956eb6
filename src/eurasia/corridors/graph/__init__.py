"""Path kernels on CSR arrays.

The binary heap, Dijkstra, constrained and ``k`` shortest paths, and exact Pareto sets by label
setting (numba, with pure-Python references).

Modules: ``csr``, ``heap``, ``dijkstra``, ``constrained``, ``kshortest``, ``pareto``.
"""
