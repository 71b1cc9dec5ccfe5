"""Constructed instances for the planning tests: demand, stations, brute-force references."""

from __future__ import annotations

import itertools
import math

import numpy as np

from redrider.geo.distance import haversine_m_array
from redrider.planning.models import DemandPoint, DemandSet

JINJIANG = "510104"
# A corner of Jinjiang (成都市锦江区): the box -500..3,500 m north and east of it lies inside.
LAT0, LNG0 = 30.58, 104.10
M_PER_DEG = 111_195.0


def offset(north_m: float, east_m: float) -> tuple[float, float]:
    """The point `north_m` north and `east_m` east of the corner."""
    return (LAT0 + north_m / M_PER_DEG, LNG0 + east_m / (M_PER_DEG * math.cos(math.radians(LAT0))))


def make_demand(
    points: list[tuple[float, float, float]], code: str = JINJIANG, active: bool = True
) -> DemandSet:
    """A demand set of (lat, lng, weight) points, all owned by county `code`."""
    demand_set = DemandSet.objects.create(
        region_code=code,
        name="测试需求",
        source="upload",
        active=active,
        point_count=len(points),
        total_weight=sum(p[2] for p in points),
    )
    DemandPoint.objects.bulk_create(
        DemandPoint(demand_set=demand_set, region_code=code, lat=la, lng=lo, weight=w)
        for la, lo, w in points
    )
    return demand_set


_station_no = itertools.count(1)


def make_station(
    lat: float, lng: float, *, hours: str = "24/7", status: str = "open", code: str = JINJIANG
):
    from redrider.stations.models import Station

    n = next(_station_no)
    return Station.objects.create(
        code=f"T-PLAN-{n:05d}",
        name=f"测试驿站{n}",
        lat=lat,
        lng=lng,
        region_code=code,
        opening_hours=hours,
        status=status,
    )


def brute_share(
    points: list[tuple[float, float, float]], sites: list[tuple[float, float]], radius_m: float
) -> float:
    """Covered share of demand weight by checking every (demand, site) pair."""
    if not sites:
        return 0.0
    d = np.asarray(points, dtype=float)
    s = np.asarray(sites, dtype=float)
    dist = haversine_m_array(d[:, 0:1], d[:, 1:2], s[:, 0], s[:, 1])
    covered = (dist <= radius_m).any(axis=1)
    return float(d[covered, 2].sum() / d[:, 2].sum())


def brute_nearest(
    points: list[tuple[float, float, float]], sites: list[tuple[float, float]]
) -> np.ndarray:
    d = np.asarray(points, dtype=float)
    s = np.asarray(sites, dtype=float)
    return haversine_m_array(d[:, 0:1], d[:, 1:2], s[:, 0], s[:, 1]).min(axis=1)


def weighted_lower_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    """Smallest value v with weight(values <= v) >= q * total, by sorting (the reference)."""
    order = np.argsort(values)
    cum = np.cumsum(weights[order])
    for i, c in zip(order, cum, strict=True):
        if c >= q * weights.sum() - 1e-9:
            return float(values[i])
    return float(values[order[-1]])
