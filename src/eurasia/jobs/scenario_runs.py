"""Scenario runs as jobs: validate a request, queue a run, execute it and store the outcome.

A run request names a bundled scenario or carries scenario YAML text (whose ``extends`` and demand
may only name bundled files), optionally at another year. :func:`validate_run` checks it at once
against the bundled network, :func:`queue_run` records the queued job, and :func:`execute_run`
(a background task in the service, a process of its own in the crash tests) runs it and stores the
summary, or the error that ended it.

Examples
--------
>>> scenario, label = validate_run(scenario="baseline_2024")
>>> label, scenario.year >= 2020
('baseline_2024', True)
>>> validate_run(scenario="baseline", yaml="name: x")
Traceback (most recent call last):
...
eurasia.errors.DataError: give exactly one of 'scenario' (a bundled name) or 'yaml' (scenario text)
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from eurasia.corridors.io.dataset import load_network
from eurasia.corridors.scenarios.apply import apply_scenario
from eurasia.corridors.scenarios.parsing import (
    bundled_scenario_names,
    load_scenario,
    parse_scenario_text,
)
from eurasia.corridors.scenarios.running import run_scenario
from eurasia.corridors.scenarios.schema import Scenario
from eurasia.corridors.scenarios.summary import stored_summary
from eurasia.errors import DataError, EurasiaError, TooManyRequestsError
from eurasia.settings import get_settings
from eurasia.store import corridors as repo
from eurasia.store.db import session_scope

__all__ = ["ONE_SOURCE", "execute_run", "queue_run", "validate_run"]

log = logging.getLogger("eurasia.jobs.scenario_runs")

#: The rule a run request breaks when it names no scenario or two.
ONE_SOURCE = "give exactly one of 'scenario' (a bundled name) or 'yaml' (scenario text)"


def validate_run(
    *, scenario: str | None = None, yaml: str | None = None, year: int | None = None
) -> tuple[Scenario, str]:
    """Return the scenario a run request names and its label, checked against the bundled network.

    Parameters
    ----------
    scenario
        Name of a bundled scenario (see
        :func:`~eurasia.corridors.scenarios.parsing.bundled_scenario_names`).
    yaml
        Scenario YAML text instead; its ``extends`` and demand may name bundled files only.
    year
        Run the scenario at this year instead of its own.

    Returns
    -------
    tuple of Scenario and str
        The scenario to run and its label: the bundled name, or the YAML's ``name``.

    Raises
    ------
    DataError
        For none or both of ``scenario`` and ``yaml``, an unknown bundled name, or a problem in
        the scenario (naming the file and key path).

    Examples
    --------
    >>> validate_run(scenario="no-such-scenario")
    Traceback (most recent call last):
    ...
    eurasia.errors.DataError: scenario: no bundled scenario 'no-such-scenario'; available: ...
    """
    if (scenario is None) == (yaml is None):
        raise DataError(ONE_SOURCE)
    if scenario is not None:
        if scenario not in bundled_scenario_names():
            msg = (
                f"scenario: no bundled scenario {scenario!r}; "
                f"available: {', '.join(bundled_scenario_names())}"
            )
            raise DataError(msg)
        parsed = load_scenario(scenario)
        label = scenario
    else:
        parsed = parse_scenario_text(yaml or "", source="request.yaml", bundled_only=True)
        label = parsed.name
    if year is not None:
        parsed = parsed.at_year(year)
    apply_scenario(parsed, load_network())  # names file and key path of any problem
    return parsed, label


#: Runs created longer ago than this no longer count against a user's quota, even if a killed
#: job left them ``running`` (see docs/testing.md, known limits).
QUOTA_WINDOW = timedelta(hours=1)


def queue_run(
    session: Session,
    scenario: Scenario,
    *,
    label: str,
    yaml_text: str,
    user: str,
    max_queued: int | None = None,
) -> repo.ScenarioRunRow:
    """Record a queued run of ``scenario`` by ``user`` and commit it, so a job can pick it up.

    A user may have at most ``max_queued`` runs queued or running at once (default
    ``EURASIA_MAX_QUEUED_RUNS_PER_USER``): each run holds a worker for seconds to minutes.

    Parameters
    ----------
    session
        The caller's session; it is committed, since the job reads the row from its own.
    scenario
        The checked scenario (from :func:`validate_run`).
    label
        The run's label (from :func:`validate_run`).
    yaml_text
        The YAML text the run came from, or ``""`` for a bundled scenario.
    user
        Username of who started it.
    max_queued
        The user's quota of unfinished runs.

    Returns
    -------
    ScenarioRunRow
        The stored row, status ``queued``.

    Raises
    ------
    TooManyRequestsError
        If the user already has ``max_queued`` unfinished runs (started within
        :data:`QUOTA_WINDOW`).
    """
    quota = max_queued if max_queued is not None else get_settings().max_queued_runs_per_user
    since = datetime.now(UTC) - QUOTA_WINDOW
    unfinished = session.scalar(
        select(func.count()).where(
            repo.ScenarioRunRow.created_by == user,
            repo.ScenarioRunRow.status.in_(("queued", "running")),
            repo.ScenarioRunRow.created_at > since,
        )
    )
    if int(unfinished or 0) >= quota:
        msg = (
            f"user {user!r} has {unfinished} scenario runs queued or running; at most {quota} "
            "at once (EURASIA_MAX_QUEUED_RUNS_PER_USER): wait for one to finish"
        )
        raise TooManyRequestsError(msg)
    row = repo.create_run(
        session, scenario=label, yaml_text=yaml_text, year=scenario.year, user=user
    )
    session.commit()
    return row


def execute_run(engine: Engine, run_id: str, scenario: Scenario) -> None:
    """Run the queued job ``run_id`` to its end and store its summary, or the error.

    Parameters
    ----------
    engine
        The database the run is stored in; each step uses a session of its own.
    run_id
        Id of the queued run (from :func:`queue_run`).
    scenario
        The scenario to run.

    Notes
    -----
    Never raises for a failed run: a :class:`~eurasia.errors.EurasiaError` is stored as the run's
    error, and any other exception as ``internal error`` with the traceback in the log.
    """
    with session_scope(engine) as session:
        repo.start_run(session, run_id)
    try:
        outcome = run_scenario(scenario)
    except EurasiaError as exc:
        with session_scope(engine) as session:
            repo.fail_run(session, run_id, error=str(exc))
        return
    except Exception:  # a crash must still end the job; the log has the traceback
        log.exception("scenario run %s crashed", run_id)
        with session_scope(engine) as session:
            repo.fail_run(session, run_id, error="internal error; see the server log")
        return
    with session_scope(engine) as session:
        repo.finish_run(session, run_id, summary=stored_summary(outcome))
