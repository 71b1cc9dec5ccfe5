"""Instances for planning: candidate grids and deterministic synthetic demand.

Demand for delivery riders clusters around county seats and business districts, thinning out with
distance; ``synthetic_demand`` draws such a cloud from Gaussian clusters. It stands in for real
order or GPS density in demos, tests and benchmarks, and is a pure function of its arguments.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy.spatial import cKDTree

from redrider.geo.coverage import Points, WeightedPoints
from redrider.geo.distance import EARTH_RADIUS_M, arc_m_to_chord, to_unit_vectors

__all__ = ["grid_candidates", "synthetic_demand"]

_M_PER_DEG_LAT = math.pi * EARTH_RADIUS_M / 180.0
BBox = tuple[float, float, float, float]


def synthetic_demand(
    centres: Sequence[tuple[float, float, float]],
    n: int,
    seed: int,
    *,
    sigma_m: float = 3000.0,
    weight_sigma: float = 0.5,
) -> WeightedPoints:
    """``n`` demand points around ``centres`` = [(lat, lng, weight), ...].

    Each point picks a centre with probability proportional to the centre's weight and lands at a
    2-D Gaussian offset of ``sigma_m`` metres per axis. Point weights are log-normal with mean 1
    (``weight_sigma`` = spread; 0 gives all ones), standing in for uneven order density.
    The same arguments always give the same points. Raises ``ValueError`` for bad arguments.
    """
    if n < 0:
        raise ValueError(f"n must be non-negative, got {n}")
    if n and not centres:
        raise ValueError("at least one centre is needed")
    if not sigma_m >= 0.0 or not weight_sigma >= 0.0:
        raise ValueError("sigma_m and weight_sigma must be non-negative")
    rng = np.random.default_rng(seed)
    if n == 0:
        return WeightedPoints(np.empty(0), np.empty(0), np.empty(0))
    c = np.asarray(centres, dtype=np.float64).reshape(-1, 3)
    if np.any(c[:, 2] < 0) or c[:, 2].sum() <= 0:
        raise ValueError("centre weights must be non-negative with a positive sum")
    which = rng.choice(c.shape[0], size=n, p=c[:, 2] / c[:, 2].sum())
    offsets = rng.normal(0.0, sigma_m, size=(n, 2))
    lat0 = c[which, 0]
    lat = np.clip(lat0 + offsets[:, 0] / _M_PER_DEG_LAT, -89.9, 89.9)
    cos_lat = np.maximum(np.cos(np.radians(lat0)), 1e-6)
    lng = c[which, 1] + offsets[:, 1] / (_M_PER_DEG_LAT * cos_lat)
    lng = (lng + 180.0) % 360.0 - 180.0
    # Log-normal with E[w] = 1: mu = -sigma^2 / 2.
    weight = rng.lognormal(-(weight_sigma**2) / 2.0, weight_sigma, size=n)
    return WeightedPoints(lat, lng, weight)


def grid_candidates(
    area: BBox | WeightedPoints,
    spacing_m: float,
    *,
    near_demand_m: float | None = None,
) -> Points:
    """Candidate sites on a grid of ``spacing_m`` metres.

    ``area`` is a bounding box ``(min_lat, min_lng, max_lat, max_lng)`` or demand points (their
    bounding box is used). With demand, only grid nodes with some demand within
    ``near_demand_m`` (default: ``spacing_m``) are kept, so that a province-wide grid does not
    fill mountains and lakes with useless candidates. Rows are ``spacing_m`` apart in latitude;
    within each row nodes are ``spacing_m`` apart at that row's latitude. Boxes crossing the
    antimeridian are not supported.
    """
    if not spacing_m > 0.0:
        raise ValueError(f"spacing_m must be positive, got {spacing_m!r}")
    demand = area if isinstance(area, WeightedPoints) else None
    if demand is not None:
        if len(demand) == 0:
            return Points(np.empty(0), np.empty(0))
        box = (
            float(demand.lat.min()),
            float(demand.lng.min()),
            float(demand.lat.max()),
            float(demand.lng.max()),
        )
    else:
        box = area  # type: ignore[assignment]
    min_lat, min_lng, max_lat, max_lng = box
    if not (min_lat <= max_lat and min_lng <= max_lng):
        raise ValueError(f"bad bounding box {box}")
    step_lat = spacing_m / _M_PER_DEG_LAT
    rows = min_lat + step_lat * np.arange(int(math.floor((max_lat - min_lat) / step_lat)) + 1)
    lats: list[np.ndarray] = []
    lngs: list[np.ndarray] = []
    for row_lat in rows.tolist():
        step_lng = spacing_m / (_M_PER_DEG_LAT * max(math.cos(math.radians(row_lat)), 1e-6))
        count = int(math.floor((max_lng - min_lng) / step_lng)) + 1
        lngs.append(min_lng + step_lng * np.arange(count))
        lats.append(np.full(count, row_lat))
    lat = np.concatenate(lats) if lats else np.empty(0)
    lng = np.concatenate(lngs) if lngs else np.empty(0)
    if demand is not None and lat.shape[0]:
        reach = spacing_m if near_demand_m is None else near_demand_m
        tree = cKDTree(to_unit_vectors(demand.lat, demand.lng))
        d, _ = tree.query(
            to_unit_vectors(lat, lng), k=1, distance_upper_bound=arc_m_to_chord(reach) * 1.000001
        )
        keep = np.isfinite(d)
        lat, lng = lat[keep], lng[keep]
    return Points(lat, lng)
