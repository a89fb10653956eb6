"""Fixtures for the indicators tests: the bundled observatory and small hand-built ones."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from eurasia.indicators.bundled import bundled_observatory
from eurasia.indicators.model import Indicator, Observation, Source
from eurasia.indicators.observatory import Observatory


@pytest.fixture(scope="session")
def bundled() -> Observatory:
    """The observatory shipped with the package (read once; tests must not change it)."""
    return bundled_observatory()


@pytest.fixture
def tiny() -> Callable[..., Observatory]:
    """Build an observatory of one indicator ``x`` from ``(period, value[, status])`` points."""

    def build(*points: tuple[object, ...], source_kind: str = "statistics") -> Observatory:
        obs = Observatory()
        obs.add_source(Source(id="s", producer="Stats", title="T", kind=source_kind))
        obs.add_indicator(Indicator(code="x", name="X", unit="t", topic="test"))
        obs.add_observations(
            Observation(
                indicator="x",
                ref_area="KAZ",
                period=str(p[0]),
                value=float(p[1]),  # type: ignore[arg-type]
                unit="t",
                source_id="s",
                obs_status=str(p[2]) if len(p) > 2 else "A",
            )
            for p in points
        )
        return obs

    return build
