"""Great-circle distances on a spherical Earth, and the 3-D unit-vector view of (lat, lng).

The platform reports distances as great-circle (haversine) metres on a sphere of the IUGG mean
radius ``R = 6,371,008.8 m``. Against the WGS-84 ellipsoid that is off by at most ~0.5 %, far below
what matters for "which warm station is nearest".

The spatial index works on unit vectors: the straight-line (chord) distance ``c`` between two unit
vectors and the central angle ``theta`` satisfy ``c = 2 sin(theta / 2)``, which is strictly
increasing on [0, pi]. Ranking by chord is therefore exactly ranking by great-circle distance, and
a radius in metres maps to a chord radius one-to-one.

All angles in degrees, all distances in metres; argument order is always ``lat, lng``.
"""

from __future__ import annotations

import math
from typing import Final

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "EARTH_RADIUS_M",
    "arc_m_to_chord",
    "chord_to_arc_m",
    "haversine_m",
    "haversine_m_array",
    "to_unit_vectors",
    "unit_vector",
    "unit_vector_to_latlng",
]

FloatArray = NDArray[np.float64]

EARTH_RADIUS_M: Final = 6_371_008.8
_HALF_CIRCUMFERENCE_M: Final = math.pi * EARTH_RADIUS_M


def haversine_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres between two points given in degrees."""
    p1 = math.radians(lat1)
    p2 = math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lng2 - lng1)
    h = math.sin(dp / 2.0) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2.0) ** 2
    # Rounding can push h a hair outside [0, 1] for antipodal points.
    h = min(1.0, max(0.0, h))
    return 2.0 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def haversine_m_array(
    lat1: ArrayLike, lng1: ArrayLike, lat2: ArrayLike, lng2: ArrayLike
) -> FloatArray:
    """Vectorised ``haversine_m``; the four arguments broadcast against each other."""
    p1 = np.radians(np.asarray(lat1, dtype=np.float64))
    p2 = np.radians(np.asarray(lat2, dtype=np.float64))
    dl = np.radians(np.asarray(lng2, dtype=np.float64) - np.asarray(lng1, dtype=np.float64))
    h = np.sin((p2 - p1) / 2.0) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2.0) ** 2
    h = np.clip(h, 0.0, 1.0)
    out: FloatArray = 2.0 * EARTH_RADIUS_M * np.arcsin(np.sqrt(h))
    return out


def unit_vector(lat: float, lng: float) -> tuple[float, float, float]:
    """The point on the unit sphere (x towards lng 0 on the equator, z towards the north pole)."""
    p = math.radians(lat)
    lam = math.radians(lng)
    cp = math.cos(p)
    return cp * math.cos(lam), cp * math.sin(lam), math.sin(p)


def to_unit_vectors(lat: ArrayLike, lng: ArrayLike) -> FloatArray:
    """Vectorised ``unit_vector``: an ``(N, 3)`` float64 array for N points."""
    p = np.radians(np.asarray(lat, dtype=np.float64)).ravel()
    lam = np.radians(np.asarray(lng, dtype=np.float64)).ravel()
    cp = np.cos(p)
    out = np.empty((p.shape[0], 3), dtype=np.float64)
    out[:, 0] = cp * np.cos(lam)
    out[:, 1] = cp * np.sin(lam)
    out[:, 2] = np.sin(p)
    return out


def unit_vector_to_latlng(xyz: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Inverse of ``to_unit_vectors`` for an ``(N, 3)`` array (need not be exactly unit length)."""
    v = np.asarray(xyz, dtype=np.float64).reshape(-1, 3)
    lat = np.degrees(np.arctan2(v[:, 2], np.hypot(v[:, 0], v[:, 1])))
    lng = np.degrees(np.arctan2(v[:, 1], v[:, 0]))
    return lat, lng


def chord_to_arc_m(chord: ArrayLike) -> FloatArray:
    """Great-circle metres for a chord length on the unit sphere (clipped to [0, 2]).

    Returns a float64 array shaped like the input (0-d for a scalar; use ``float()`` on it).
    """
    c = np.clip(np.asarray(chord, dtype=np.float64), 0.0, 2.0)
    out: FloatArray = 2.0 * EARTH_RADIUS_M * np.arcsin(c / 2.0)
    return out


def arc_m_to_chord(arc_m: float) -> float:
    """Chord length on the unit sphere for a great-circle distance in metres.

    Distances of half the circumference or more map to 2 (the diameter): every point is then
    within reach. Raises ``ValueError`` for a negative or NaN distance.
    """
    if not arc_m >= 0.0:
        raise ValueError(f"distance must be a non-negative number of metres, got {arc_m!r}")
    if arc_m >= _HALF_CIRCUMFERENCE_M:
        return 2.0
    return 2.0 * math.sin(arc_m / (2.0 * EARTH_RADIUS_M))
