"""Traffic assignment.

The assignment network, all-or-nothing loading, equilibrium solvers, volume-delay functions, demand
matrices and the freight model with its commodity classes.

Modules: ``network``, ``loading``, ``equilibrium``, ``vdf``, ``demand``, ``freight``.
"""
