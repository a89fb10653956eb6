"""Freight routes on a network.

The query, route search (best, alternatives, Pareto), the route types and their explanation.

Modules: ``types``, ``query``, ``build``, ``search``, ``explain``.
"""
