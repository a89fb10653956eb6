"""Scenarios.

The schema, parsing YAML files, applying a scenario to a network, running it, run summaries and
their comparison, and resilience (N-1, Monte Carlo).

Modules: ``schema``, ``values``, ``parsing``, ``apply``, ``running``, ``summary``, ``resilience``.
"""
