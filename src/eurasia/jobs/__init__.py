"""Services the interfaces share: work that outlives one call, with plain arguments.

:mod:`eurasia.jobs.scenario_runs` checks a scenario, records a queued run and executes it to its
stored summary; ``POST /api/scenarios/runs`` and the scenario pages both call it, so a run started
from either is the same job. Jobs may use :mod:`eurasia.store`; they import nothing from
:mod:`eurasia.http`, :mod:`eurasia.api`, :mod:`eurasia.web` or :mod:`eurasia.cli`.
"""
