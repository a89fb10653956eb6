"""Demand response: freight that would take too long is shifted to another mode or not served.

Static equilibrium otherwise serves every tonne at any cost. Here each OD pair of a traffic
class gets a dummy "not served" link from its origin to its destination whose cost is the
class's **threshold**: the generalized cost of the OD's best route on the uncongested network
plus a largest acceptable extra delay (:data:`MAX_EXTRA_DAYS`, in days, by commodity). At
equilibrium the OD's demand uses the network while its route costs less than the threshold and
the excess goes to the dummy link, so the solution reports served and unserved tonnes. This is
the excess-demand formulation of elastic demand (Sheffi 1985, *Urban Transportation Networks*,
ch. 6): a demand function that is fully inelastic up to the threshold and drops to zero above
it, solved as a fixed-demand equilibrium on the augmented network.

Thresholds (estimates):

* containers, 14 days: rail's time advantage over sea is about 25-35 days on the Northern route
  (16-18 days Chongqing-Duisburg against 40-55 by sea round the Cape) but only 5-20 days on the
  Middle Corridor (31-37 days, navisgroup-2025-08-27); two weeks of queueing on top of the
  uncongested route erase the Middle Corridor's advantage, and shippers book sea (or do not ship);
* bulk, 30 days: bulk carries a tenth of the value of time, and a month's queue means the
  contract goes to another origin, route or mode.

Examples
--------
>>> MAX_EXTRA_DAYS["containers"], MAX_EXTRA_DAYS["bulk"]
(14.0, 30.0)
>>> DemandResponse({"bulk": 10.0}).extra_hours("bulk"), DemandResponse().extra_hours("bulk")
(240.0, 720.0)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from eurasia.errors import DataError

__all__ = ["MAX_EXTRA_DAYS", "DemandResponse"]

#: Largest extra delay (days) over the uncongested route before freight is not served on the
#: network, by commodity (estimates, see the module docstring).
MAX_EXTRA_DAYS: Mapping[str, float] = {"containers": 14.0, "bulk": 30.0}


@dataclass(frozen=True)
class DemandResponse:
    """Thresholds of the demand response, in days of extra generalized cost by commodity.

    Parameters
    ----------
    max_extra_days
        Per commodity, replacing :data:`MAX_EXTRA_DAYS` for the commodities it names.

    Raises
    ------
    DataError
        A threshold that is negative or not finite.
    """

    max_extra_days: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Check the fields; a bad one raises :class:`~eurasia.errors.DataError` naming it."""
        for name, days in self.max_extra_days.items():
            value = float(days)
            if not (math.isfinite(value) and value >= 0):
                msg = f"demand_response.{name}.max_extra_days: expected a number >= 0, got {days!r}"
                raise DataError(msg)

    def extra_hours(self, commodity: str) -> float:
        """Hours of extra generalized cost a tonne of ``commodity`` accepts."""
        days = self.max_extra_days.get(commodity, MAX_EXTRA_DAYS.get(commodity))
        if days is None:
            msg = f"demand response: no threshold for commodity {commodity!r}"
            raise DataError(msg)
        return 24.0 * float(days)
