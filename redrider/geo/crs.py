"""Coordinate reference systems used by Chinese map services: WGS-84, GCJ-02 and BD-09.

* WGS-84 is what GPS receivers and Tianditu give; the platform stores every coordinate in it.
* GCJ-02 ("Mars coordinates") is what Amap, Tencent maps and WeChat's location API give. It is
  WGS-84 with a deliberately obfuscated, position-dependent offset of a few hundred metres.
* BD-09 is Baidu's further transform of GCJ-02.

The formulas are the widely published ones (the same as the eviltransform and coordtransform
projects): the Krasovsky semi-major axis ``a = 6378245.0`` and eccentricity squared
``ee = 0.00669342162296594323`` for GCJ-02, and ``x_pi = pi * 3000 / 180`` for BD-09.

Contracts:

* Every function takes and returns ``(lat, lng)`` in that order, in decimal degrees.
* Forward transforms (WGS-84 -> GCJ-02 -> BD-09) reproduce the published algorithm exactly.
* GCJ-02 -> WGS-84 is solved by fixed-point iteration, so that ``wgs84_to_gcj02`` of the answer
  lands within ``1e-9`` degrees of the input (about 0.1 mm), not by the common one-step
  approximation that is off by up to a few metres.
* BD-09 -> GCJ-02 starts from the published closed form and refines it the same way, so that
  ``gcj02_to_bd09`` of the answer is within ``1e-9`` degrees of the input (the closed form alone
  is off by up to 2e-6 degrees, 0.2 m); ``bd09_to_gcj02_published`` keeps the closed form.
* BD-09 -> WGS-84 goes through GCJ-02.
* Outside the rough bounding box of China used by those projects, GCJ-02 equals WGS-84. BD-09's
  own step is applied everywhere, as Baidu does.
* The ``*_array`` versions take anything numpy can broadcast and return float64 arrays; they
  agree with the scalar functions to floating-point rounding.
"""

from __future__ import annotations

import math
from typing import Final, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "SUPPORTED_CRS",
    "CRSName",
    "InvalidPoint",
    "UnknownCRS",
    "bd09_to_gcj02",
    "bd09_to_gcj02_array",
    "bd09_to_gcj02_published",
    "bd09_to_wgs84",
    "from_wgs84",
    "from_wgs84_array",
    "gcj02_to_bd09",
    "gcj02_to_bd09_array",
    "gcj02_to_wgs84",
    "gcj02_to_wgs84_array",
    "out_of_china",
    "to_wgs84",
    "to_wgs84_array",
    "validate_point",
    "wgs84_to_bd09",
    "wgs84_to_gcj02",
    "wgs84_to_gcj02_array",
]

FloatArray = NDArray[np.float64]
CRSName = Literal["wgs84", "gcj02", "bd09"]
SUPPORTED_CRS: Final[frozenset[str]] = frozenset({"wgs84", "gcj02", "bd09"})

# Krasovsky 1940 ellipsoid, as in the published GCJ-02 algorithm.
_A: Final = 6378245.0
_EE: Final = 0.00669342162296594323
_X_PI: Final = math.pi * 3000.0 / 180.0

# The rough bounding box of China that eviltransform and coordtransform use.
_LNG_MIN, _LNG_MAX = 72.004, 137.8347
_LAT_MIN, _LAT_MAX = 0.8293, 55.8271

# Fixed-point iteration for the inverse: the offset's derivative is ~1e-4, so each step gains about
# four digits; 1e-9 degrees is reached in three or four steps and 30 is a generous safety cap.
_INVERSE_TOL: Final = 1e-9
_INVERSE_MAX_ITER: Final = 30


class UnknownCRS(ValueError):
    """A coordinate system name other than ``wgs84``, ``gcj02`` or ``bd09``."""


class InvalidPoint(ValueError):
    """A coordinate that is NaN, infinite or outside [-90, 90] x [-180, 180]."""


def validate_point(lat: float, lng: float) -> None:
    """Check that ``(lat, lng)`` is a finite point on the globe.

    Raises ``InvalidPoint`` when either value is NaN or infinite, when ``lat`` is outside
    [-90, 90] or when ``lng`` is outside [-180, 180]; returns ``None`` otherwise.
    """
    try:
        flat, flng = float(lat), float(lng)
    except (TypeError, ValueError) as exc:
        raise InvalidPoint(f"coordinates must be numbers, got {lat!r}, {lng!r}") from exc
    if not (math.isfinite(flat) and math.isfinite(flng)):
        raise InvalidPoint(f"coordinates must be finite, got ({flat}, {flng})")
    if not -90.0 <= flat <= 90.0:
        raise InvalidPoint(f"latitude {flat} is outside [-90, 90]")
    if not -180.0 <= flng <= 180.0:
        raise InvalidPoint(f"longitude {flng} is outside [-180, 180]")


def _check_crs(crs: str) -> None:
    if crs not in SUPPORTED_CRS:
        raise UnknownCRS(f"unknown crs {crs!r}; expected one of wgs84, gcj02, bd09")


def out_of_china(lat: float, lng: float) -> bool:
    """True when the point is outside the rough China bounding box where GCJ-02 == WGS-84."""
    return not (_LNG_MIN <= lng <= _LNG_MAX and _LAT_MIN <= lat <= _LAT_MAX)


def _offset(lat: float, lng: float) -> tuple[float, float]:
    """The GCJ-02 offset ``(dlat, dlng)`` in degrees at WGS-84 point ``(lat, lng)``."""
    x = lng - 105.0
    y = lat - 35.0
    x_pi = x * math.pi
    y_pi = y * math.pi
    common = (20.0 * math.sin(6.0 * x_pi) + 20.0 * math.sin(2.0 * x_pi)) * 2.0 / 3.0
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    dlat += common
    dlat += (20.0 * math.sin(y_pi) + 40.0 * math.sin(y_pi / 3.0)) * 2.0 / 3.0
    dlat += (160.0 * math.sin(y_pi / 12.0) + 320.0 * math.sin(y_pi / 30.0)) * 2.0 / 3.0
    dlng = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    dlng += common
    dlng += (20.0 * math.sin(x_pi) + 40.0 * math.sin(x_pi / 3.0)) * 2.0 / 3.0
    dlng += (150.0 * math.sin(x_pi / 12.0) + 300.0 * math.sin(x_pi / 30.0)) * 2.0 / 3.0
    rad_lat = lat / 180.0 * math.pi
    magic = 1.0 - _EE * math.sin(rad_lat) ** 2
    sqrt_magic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sqrt_magic) * math.pi)
    dlng = (dlng * 180.0) / (_A / sqrt_magic * math.cos(rad_lat) * math.pi)
    return dlat, dlng


def wgs84_to_gcj02(lat: float, lng: float) -> tuple[float, float]:
    """WGS-84 -> GCJ-02, exactly the published algorithm; identity outside China."""
    if out_of_china(lat, lng):
        return lat, lng
    dlat, dlng = _offset(lat, lng)
    return lat + dlat, lng + dlng


def gcj02_to_wgs84(lat: float, lng: float) -> tuple[float, float]:
    """GCJ-02 -> WGS-84 by fixed-point iteration; identity outside China.

    Postcondition (inside China): ``wgs84_to_gcj02(*result)`` is within 1e-9 degrees of the input.
    """
    if out_of_china(lat, lng):
        return lat, lng
    wlat, wlng = lat, lng
    for _ in range(_INVERSE_MAX_ITER):
        glat, glng = wgs84_to_gcj02(wlat, wlng)
        err_lat, err_lng = lat - glat, lng - glng
        wlat += err_lat
        wlng += err_lng
        if abs(err_lat) < _INVERSE_TOL and abs(err_lng) < _INVERSE_TOL:
            break
    return wlat, wlng


def gcj02_to_bd09(lat: float, lng: float) -> tuple[float, float]:
    """GCJ-02 -> BD-09, exactly the published algorithm."""
    z = math.sqrt(lng * lng + lat * lat) + 0.00002 * math.sin(lat * _X_PI)
    theta = math.atan2(lat, lng) + 0.000003 * math.cos(lng * _X_PI)
    return z * math.sin(theta) + 0.006, z * math.cos(theta) + 0.0065


def bd09_to_gcj02_published(lat: float, lng: float) -> tuple[float, float]:
    """BD-09 -> GCJ-02 with the published closed form, which inverts ``gcj02_to_bd09`` only to
    about 2e-6 degrees (0.2 m)."""
    x = lng - 0.0065
    y = lat - 0.006
    z = math.sqrt(x * x + y * y) - 0.00002 * math.sin(y * _X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _X_PI)
    return z * math.sin(theta), z * math.cos(theta)


def bd09_to_gcj02(lat: float, lng: float) -> tuple[float, float]:
    """BD-09 -> GCJ-02: the published closed form refined by fixed-point iteration.

    Postcondition: ``gcj02_to_bd09(*result)`` is within 1e-9 degrees of the input, so a point
    sent out in BD-09 and sent back comes home to the same place (the closed form alone drifts by
    up to 0.2 m per round trip).
    """
    glat, glng = bd09_to_gcj02_published(lat, lng)
    for _ in range(_INVERSE_MAX_ITER):
        blat, blng = gcj02_to_bd09(glat, glng)
        err_lat, err_lng = lat - blat, lng - blng
        glat += err_lat
        glng += err_lng
        if abs(err_lat) < _INVERSE_TOL and abs(err_lng) < _INVERSE_TOL:
            break
    return glat, glng


def wgs84_to_bd09(lat: float, lng: float) -> tuple[float, float]:
    """WGS-84 -> BD-09 (through GCJ-02)."""
    return gcj02_to_bd09(*wgs84_to_gcj02(lat, lng))


def bd09_to_wgs84(lat: float, lng: float) -> tuple[float, float]:
    """BD-09 -> WGS-84 (through GCJ-02, with the iterative GCJ-02 inverse)."""
    return gcj02_to_wgs84(*bd09_to_gcj02(lat, lng))


def to_wgs84(lat: float, lng: float, crs: str) -> tuple[float, float]:
    """Convert a point given in ``crs`` to WGS-84.

    Validates the point first (``InvalidPoint``) and the crs name (``UnknownCRS``).
    """
    _check_crs(crs)
    validate_point(lat, lng)
    lat, lng = float(lat), float(lng)
    if crs == "gcj02":
        return gcj02_to_wgs84(lat, lng)
    if crs == "bd09":
        return bd09_to_wgs84(lat, lng)
    return lat, lng


def from_wgs84(lat: float, lng: float, crs: str) -> tuple[float, float]:
    """Convert a WGS-84 point to ``crs``; raises ``InvalidPoint`` / ``UnknownCRS`` like
    ``to_wgs84``."""
    _check_crs(crs)
    validate_point(lat, lng)
    lat, lng = float(lat), float(lng)
    if crs == "gcj02":
        return wgs84_to_gcj02(lat, lng)
    if crs == "bd09":
        return wgs84_to_bd09(lat, lng)
    return lat, lng


# ---------------------------------------------------------------------------------------------
# Vectorised versions. Same formulas on float64 arrays; points outside China pass through.
# ---------------------------------------------------------------------------------------------


def _as_arrays(lat: ArrayLike, lng: ArrayLike) -> tuple[FloatArray, FloatArray]:
    la, lo = np.broadcast_arrays(
        np.asarray(lat, dtype=np.float64), np.asarray(lng, dtype=np.float64)
    )
    return la.copy(), lo.copy()


def _in_china_array(lat: FloatArray, lng: FloatArray) -> NDArray[np.bool_]:
    return (lng >= _LNG_MIN) & (lng <= _LNG_MAX) & (lat >= _LAT_MIN) & (lat <= _LAT_MAX)


def _offset_array(lat: FloatArray, lng: FloatArray) -> tuple[FloatArray, FloatArray]:
    x = lng - 105.0
    y = lat - 35.0
    x_pi = x * np.pi
    y_pi = y * np.pi
    common = (20.0 * np.sin(6.0 * x_pi) + 20.0 * np.sin(2.0 * x_pi)) * 2.0 / 3.0
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    dlat = dlat + common
    dlat = dlat + (20.0 * np.sin(y_pi) + 40.0 * np.sin(y_pi / 3.0)) * 2.0 / 3.0
    dlat = dlat + (160.0 * np.sin(y_pi / 12.0) + 320.0 * np.sin(y_pi / 30.0)) * 2.0 / 3.0
    dlng = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    dlng = dlng + common
    dlng = dlng + (20.0 * np.sin(x_pi) + 40.0 * np.sin(x_pi / 3.0)) * 2.0 / 3.0
    dlng = dlng + (150.0 * np.sin(x_pi / 12.0) + 300.0 * np.sin(x_pi / 30.0)) * 2.0 / 3.0
    rad_lat = lat / 180.0 * np.pi
    magic = 1.0 - _EE * np.sin(rad_lat) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sqrt_magic) * np.pi)
    dlng = (dlng * 180.0) / (_A / sqrt_magic * np.cos(rad_lat) * np.pi)
    return dlat, dlng


def wgs84_to_gcj02_array(lat: ArrayLike, lng: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Vectorised ``wgs84_to_gcj02``; returns new arrays ``(lat, lng)``."""
    la, lo = _as_arrays(lat, lng)
    inside = _in_china_array(la, lo)
    dlat, dlng = _offset_array(la, lo)
    la[inside] += dlat[inside]
    lo[inside] += dlng[inside]
    return la, lo


def gcj02_to_wgs84_array(lat: ArrayLike, lng: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Vectorised ``gcj02_to_wgs84`` (fixed-point iteration to 1e-9 degrees)."""
    g_lat, g_lng = _as_arrays(lat, lng)
    inside = _in_china_array(g_lat, g_lng)
    w_lat, w_lng = g_lat.copy(), g_lng.copy()
    if not inside.any():
        return w_lat, w_lng
    t_lat, t_lng = g_lat[inside], g_lng[inside]
    c_lat, c_lng = t_lat.copy(), t_lng.copy()
    for _ in range(_INVERSE_MAX_ITER):
        f_lat, f_lng = wgs84_to_gcj02_array(c_lat, c_lng)
        err_lat, err_lng = t_lat - f_lat, t_lng - f_lng
        c_lat += err_lat
        c_lng += err_lng
        if np.all(np.abs(err_lat) < _INVERSE_TOL) and np.all(np.abs(err_lng) < _INVERSE_TOL):
            break
    w_lat[inside] = c_lat
    w_lng[inside] = c_lng
    return w_lat, w_lng


def gcj02_to_bd09_array(lat: ArrayLike, lng: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Vectorised ``gcj02_to_bd09``."""
    la, lo = _as_arrays(lat, lng)
    z = np.sqrt(lo * lo + la * la) + 0.00002 * np.sin(la * _X_PI)
    theta = np.arctan2(la, lo) + 0.000003 * np.cos(lo * _X_PI)
    return z * np.sin(theta) + 0.006, z * np.cos(theta) + 0.0065


def bd09_to_gcj02_array(lat: ArrayLike, lng: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Vectorised ``bd09_to_gcj02`` (closed form refined to 1e-9 degrees)."""
    la, lo = _as_arrays(lat, lng)
    x = lo - 0.0065
    y = la - 0.006
    z = np.sqrt(x * x + y * y) - 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * _X_PI)
    g_lat, g_lng = z * np.sin(theta), z * np.cos(theta)
    for _ in range(_INVERSE_MAX_ITER):
        b_lat, b_lng = gcj02_to_bd09_array(g_lat, g_lng)
        err_lat, err_lng = la - b_lat, lo - b_lng
        g_lat += err_lat
        g_lng += err_lng
        if np.all(np.abs(err_lat) < _INVERSE_TOL) and np.all(np.abs(err_lng) < _INVERSE_TOL):
            break
    return g_lat, g_lng


def _validate_arrays(lat: FloatArray, lng: FloatArray) -> None:
    ok = np.isfinite(lat) & np.isfinite(lng) & (np.abs(lat) <= 90.0) & (np.abs(lng) <= 180.0)
    if not np.all(ok):
        first = int(np.flatnonzero(~ok.ravel())[0])
        raise InvalidPoint(
            f"point #{first} ({lat.ravel()[first]}, {lng.ravel()[first]}) is not a valid coordinate"
        )


def to_wgs84_array(lat: ArrayLike, lng: ArrayLike, crs: str) -> tuple[FloatArray, FloatArray]:
    """Vectorised ``to_wgs84``: validates every point and the crs, returns new arrays."""
    _check_crs(crs)
    la, lo = _as_arrays(lat, lng)
    _validate_arrays(la, lo)
    if crs == "gcj02":
        return gcj02_to_wgs84_array(la, lo)
    if crs == "bd09":
        return gcj02_to_wgs84_array(*bd09_to_gcj02_array(la, lo))
    return la, lo


def from_wgs84_array(lat: ArrayLike, lng: ArrayLike, crs: str) -> tuple[FloatArray, FloatArray]:
    """Vectorised ``from_wgs84``: validates every point and the crs, returns new arrays."""
    _check_crs(crs)
    la, lo = _as_arrays(lat, lng)
    _validate_arrays(la, lo)
    if crs == "gcj02":
        return wgs84_to_gcj02_array(la, lo)
    if crs == "bd09":
        return gcj02_to_bd09_array(*wgs84_to_gcj02_array(la, lo))
    return la, lo
