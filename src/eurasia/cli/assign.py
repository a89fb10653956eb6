"""``eurasia assign``: the user equilibrium of a TNTP network and trips file, re-checked.

Examples
--------
::

    eurasia assign SiouxFalls_net.tntp SiouxFalls_trips.tntp
    eurasia assign Anaheim_net.tntp Anaheim_trips.tntp --gap 1e-10 --out Anaheim_flow.tntp
    eurasia assign net.tntp trips.tntp --method bfw --gap 1e-5 --quiet
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from eurasia.cli.common import console
from eurasia.cli.i18n import _
from eurasia.corridors.assignment.equilibrium import IterationRecord
from eurasia.corridors.assignment.tntp_run import assign_tntp
from eurasia.errors import DataError

__all__ = ["assign_command"]

_METHODS = ("b", "bfw", "cfw", "fw", "msa")


def assign_command(
    net: Annotated[Path, typer.Argument(help="TNTP network file (*_net.tntp).")],
    trips: Annotated[Path, typer.Argument(help="TNTP trips file (*_trips.tntp).")],
    method: Annotated[
        str,
        typer.Option(help="Solver: b (Algorithm B, bush-based) or bfw (bi-conjugate Frank-Wolfe)."),
    ] = "b",
    gap: Annotated[float, typer.Option(help="Target relative gap.")] = 1e-8,
    max_iterations: Annotated[
        int | None, typer.Option(min=1, help="Iteration cap (default: 1000 for b, 5000 else).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="Write the link flows to this TNTP flow file.")
    ] = None,
    quiet: Annotated[bool, typer.Option(help="Print no line per iteration.")] = False,
) -> None:
    """Solve the user equilibrium of a TNTP case and re-check its gap and conservation."""
    if method not in _METHODS:
        msg = _("--method must be one of %(methods)s, got %(method)s") % {
            "methods": ", ".join(_METHODS),
            "method": repr(method),
        }
        raise DataError(msg)

    def show(record: IterationRecord) -> None:
        console.print(
            _("iteration %(iteration)d: relative gap %(gap)s, %(seconds)s s")
            % {
                "iteration": record.iteration,
                "gap": f"{record.relative_gap:.3e}",
                "seconds": f"{record.elapsed:.3f}",
            },
            highlight=False,
        )

    run = assign_tntp(
        net,
        trips,
        method=method,  # type: ignore[arg-type]
        relative_gap=gap,
        max_iterations=max_iterations,
        out=out,
        progress=None if quiet else show,
    )
    res, check = run.result, run.check
    console.print(
        _(
            "%(method)s: %(iterations)d iterations in %(seconds)s s, relative gap %(gap)s "
            "(target %(target)s, %(state)s), objective %(objective)s"
        )
        % {
            "method": res.method,
            "iterations": res.iterations,
            "seconds": f"{res.seconds:.2f}",
            "gap": f"{res.relative_gap:.3e}",
            "target": f"{gap:.0e}",
            "state": _("reached") if res.converged else _("not reached"),
            "objective": f"{res.objective:.10g}",
        },
        highlight=False,
    )
    if check.conserved:
        line = _("re-check: relative gap %(gap)s, demand conserved at every node") % {
            "gap": f"{check.relative_gap:.3e}"
        }
    else:
        line = _(
            "re-check: relative gap %(gap)s, demand NOT conserved: %(imbalance)s at node %(node)d"
        ) % {
            "gap": f"{check.relative_gap:.3e}",
            "imbalance": f"{check.imbalance:.6g}",
            "node": check.imbalance_node,
        }
    console.print(line, highlight=False)
    if out is not None:
        console.print(_("flows written to %(path)s") % {"path": out}, highlight=False)
    if not res.converged:
        raise typer.Exit(2)
