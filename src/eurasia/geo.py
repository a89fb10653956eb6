"""Geographic basics: great-circle distance, coordinate checks, ISO 3166 country codes.

Examples
--------
>>> round(great_circle_km(51.2277, 6.7735, 51.2277, 6.7735), 3)
0.0
>>> 600 < great_circle_km(43.24, 76.95, 51.17, 71.45) < 1000   # Almaty to Astana
True
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import pycountry

from eurasia.errors import DataError

__all__ = [
    "EARTH_RADIUS_KM",
    "check_coordinates",
    "check_country_code",
    "great_circle_km",
    "great_circle_km_array",
]

#: Mean Earth radius (IUGG), km.
EARTH_RADIUS_KM = 6371.0088


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in km between two points given in decimal degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def great_circle_km_array(
    lat1: npt.ArrayLike, lon1: npt.ArrayLike, lat2: npt.ArrayLike, lon2: npt.ArrayLike
) -> npt.NDArray[np.float64]:
    """Vectorised :func:`great_circle_km`.

    Examples
    --------
    >>> great_circle_km_array([0.0], [0.0], [0.0], [1.0]).round(1).tolist()
    [111.2]
    """
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(np.asarray(lon2, dtype=float) - np.asarray(lon1, dtype=float))
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a))), dtype=float)


def check_coordinates(lon: float, lat: float, *, where: str) -> None:
    """Raise :class:`DataError` unless ``lon`` and ``lat`` are finite and in range.

    Examples
    --------
    >>> check_coordinates(200.0, 10.0, where="nodes.csv line 2")
    Traceback (most recent call last):
    ...
    eurasia.errors.DataError: nodes.csv line 2, field 'lon': expected a longitude in [-180, 180], got 200.0
    """
    if not (math.isfinite(lon) and -180.0 <= lon <= 180.0):
        msg = f"{where}, field 'lon': expected a longitude in [-180, 180], got {lon!r}"
        raise DataError(msg)
    if not (math.isfinite(lat) and -90.0 <= lat <= 90.0):
        msg = f"{where}, field 'lat': expected a latitude in [-90, 90], got {lat!r}"
        raise DataError(msg)


def check_country_code(code: str, *, where: str) -> str:
    """Return ``code`` upper-cased if it is an ISO 3166-1 alpha-2 code, else raise DataError.

    Examples
    --------
    >>> check_country_code("kz", where="nodes.csv line 2")
    'KZ'
    """
    value = code.strip().upper()
    if len(value) != 2 or pycountry.countries.get(alpha_2=value) is None:
        msg = f"{where}, field 'country': expected an ISO 3166-1 alpha-2 code, got {code!r}"
        raise DataError(msg)
    return value
