"""assign_tntp: files to a checked equilibrium in one call; TNTP toll and distance factors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from eurasia.corridors.assignment.tntp_run import assign_tntp
from eurasia.corridors.io import tntp
from eurasia.errors import DataError

DATA = Path(__file__).parent / "data" / "siouxfalls" / "SiouxFalls"

TWO_ROUTES = """<NUMBER OF ZONES> 2
<NUMBER OF NODES> 2
<FIRST THRU NODE> 1
<NUMBER OF LINKS> 2
{extra}<END OF METADATA>
~ init term capacity length fft b power speed toll type ;
1 2 10 {length0} 10 1 1 0 {toll0} 1 ;
1 2 10 0 15 1 1 0 0 1 ;
"""
TRIPS = "<NUMBER OF ZONES> 2\n<END OF METADATA>\nOrigin 1\n 2 : 10;\n"


def write_case(
    folder: Path, *, extra: str = "", toll0: float = 0.0, length0: float = 0.0
) -> tuple[Path, Path]:
    net = folder / "two_net.tntp"
    net.write_text(TWO_ROUTES.format(extra=extra, toll0=toll0, length0=length0))
    trips = folder / "two_trips.tntp"
    trips.write_text(TRIPS)
    return net, trips


def test_factors_default_to_zero(tmp_path: Path) -> None:
    net, trips = write_case(tmp_path, toll0=5.0, length0=5.0)
    run = assign_tntp(net, trips, relative_gap=1e-12)
    assert run.traffic.toll_factor == 0.0
    assert run.result.total_flow == pytest.approx([8.0, 2.0], abs=1e-9)


@pytest.mark.parametrize(
    ("extra", "toll0", "length0"),
    [("<TOLL FACTOR> 1.0\n", 5.0, 0.0), ("<DISTANCE FACTOR> 0.5\n", 0.0, 10.0)],
)
def test_toll_and_distance_factors_enter_generalized_cost(
    tmp_path: Path, extra: str, toll0: float, length0: float
) -> None:
    # route 1 costs 10 (1 + x/10) + 5, route 2 costs 15 (1 + (10 - x)/10): x = 6, both 21
    net, trips = write_case(tmp_path, extra=extra, toll0=toll0, length0=length0)
    for method in ("b", "bfw"):
        run = assign_tntp(net, trips, method=method, relative_gap=1e-10)
        assert run.result.total_flow == pytest.approx([6.0, 4.0], abs=1e-6)
        assert run.check.conserved


def test_bad_factor_names_the_key(tmp_path: Path) -> None:
    net, trips = write_case(tmp_path, extra="<TOLL FACTOR> -2\n")
    with pytest.raises(DataError, match=r"<TOLL FACTOR> must be a finite number >= 0, got '-2'"):
        assign_tntp(net, trips)


def test_trips_must_match_the_zones(tmp_path: Path) -> None:
    net, _ = write_case(tmp_path)
    trips = tmp_path / "three_trips.tntp"
    trips.write_text("<NUMBER OF ZONES> 3\n<END OF METADATA>\nOrigin 1\n 3 : 1;\n")
    with pytest.raises(DataError, match="trips: 3 zones, but the network has <NUMBER OF ZONES> 2"):
        assign_tntp(net, trips)


def test_sioux_falls_in_one_call_with_progress(tmp_path: Path) -> None:
    seen: list[int] = []
    run = assign_tntp(
        tntp.read_net(f"{DATA}_net.tntp"), tntp.read_trips(f"{DATA}_trips.tntp"),
        relative_gap=1e-10, out=tmp_path / "f.tntp", progress=lambda r: seen.append(r.iteration),
    )  # fmt: skip
    assert run.result.converged
    assert seen == list(range(1, run.result.iterations + 1))
    assert abs(run.check.relative_gap - run.result.relative_gap) < 1e-13
    assert np.isclose(run.result.objective, 4231335.287, rtol=1e-9)
