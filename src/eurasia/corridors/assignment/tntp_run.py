r"""From TNTP files to a checked equilibrium in one call: :func:`assign_tntp`.

Reads a network and a trips file, honours their metadata (first-through-node rule, ``<TOLL
FACTOR>`` and ``<DISTANCE FACTOR>`` in generalized cost), solves the equilibrium (Algorithm B by
default), re-checks the flows (signed gap and conservation, :func:`check_flows`) and, when asked,
writes them as a TNTP flow file. ``eurasia assign NET TRIPS`` is the same call on the command line.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "two_net.tntp").write_text(
...     "<NUMBER OF ZONES> 2\n<NUMBER OF NODES> 2\n<FIRST THRU NODE> 1\n<NUMBER OF LINKS> 2\n"
...     "<END OF METADATA>\n1 2 10 1 10 1 1 0 0 1 ;\n1 2 10 1 15 1 1 0 0 1 ;\n")
>>> _ = (folder / "two_trips.tntp").write_text(
...     "<NUMBER OF ZONES> 2\n<END OF METADATA>\nOrigin 1\n 2 : 10;\n")
>>> run = assign_tntp(folder / "two_net.tntp", folder / "two_trips.tntp", relative_gap=1e-12,
...                   out=folder / "two_flow.tntp")
>>> run.result.total_flow.round(9).tolist(), run.check.conserved
([8.0, 2.0], True)
>>> (folder / "two_flow.tntp").read_text().splitlines()[1]
'1\t2\t8.0\t18.0'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from eurasia.corridors.assignment.bush import assign_bush
from eurasia.corridors.assignment.check import FlowCheck, check_flows
from eurasia.corridors.assignment.equilibrium import (
    AssignmentResult,
    IterationRecord,
    Method,
    TrafficClass,
    assign,
    result_to_tntp_flows,
)
from eurasia.corridors.assignment.network import AssignmentNetwork
from eurasia.corridors.io.tntp import TntpNetwork, TntpTrips, read_net, read_trips
from eurasia.corridors.io.tntp_tables import write_flows
from eurasia.errors import DataError

__all__ = ["TntpRun", "assign_tntp"]


@dataclass(frozen=True)
class TntpRun:
    """An equilibrium of a TNTP case and its independent re-check.

    Attributes
    ----------
    network
        The assignment network built from the network file.
    traffic
        The one traffic class: the trips with the file's toll and distance factors.
    result
        The solver's result (flows, objective, gaps, per-iteration history).
    check
        Signed gap and flow conservation of ``result``, measured again.
    """

    network: AssignmentNetwork
    traffic: TrafficClass
    result: AssignmentResult
    check: FlowCheck


def assign_tntp(
    net: str | Path | TntpNetwork,
    trips: str | Path | TntpTrips,
    *,
    method: Method = "b",
    relative_gap: float = 1e-8,
    max_iterations: int | None = None,
    out: str | Path | None = None,
    progress: Callable[[IterationRecord], None] | None = None,
) -> TntpRun:
    """Solve the user equilibrium of a TNTP network and trips file.

    Parameters
    ----------
    net, trips
        Paths of a ``*_net.tntp`` and a ``*_trips.tntp`` file, or the files already read.
    method
        ``"b"`` (Algorithm B, default) or any method of :func:`assign`, e.g. ``"bfw"``.
    relative_gap
        Target relative gap.
    max_iterations
        Iteration cap (default: 1000 for ``"b"``, 5000 for the Frank-Wolfe methods).
    out
        Where to write the flows as a TNTP flow file (From, To, Volume, Cost); not written when
        ``None``.
    progress
        Called with each iteration's record (Algorithm B only; other methods report at the end).

    Returns
    -------
    TntpRun

    Raises
    ------
    DataError
        If a file is missing or malformed, or the trips have more zones than the network.
    NoRouteError
        If some OD pair with demand has no path.
    """
    tn = net if isinstance(net, TntpNetwork) else read_net(net)
    tt = trips if isinstance(trips, TntpTrips) else read_trips(trips)
    network = AssignmentNetwork.from_tntp(tn)
    if tt.n_zones != network.n_zones:
        msg = (
            f"trips: {tt.n_zones} zones, but the network has <NUMBER OF ZONES> "
            f"{network.n_zones}; the two files must describe the same zones"
        )
        raise DataError(msg)
    traffic = TrafficClass(
        "all", tt.matrix, toll_factor=tn.toll_factor, distance_factor=tn.distance_factor
    )
    cap = max_iterations if max_iterations is not None else (1000 if method == "b" else 5000)
    if method == "b":
        result = assign_bush(
            network, [traffic], relative_gap=relative_gap, max_iterations=cap, progress=progress
        )
    else:
        result = assign(
            network, [traffic], method=method, relative_gap=relative_gap, max_iterations=cap
        )
        if progress is not None:
            for record in result.history:
                progress(record)
    check = check_flows(network, [traffic], result.class_flow)
    if out is not None:
        write_flows(result_to_tntp_flows(network, result), out)
    return TntpRun(network, traffic, result, check)
