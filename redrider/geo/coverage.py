"""How well a set of facilities (warm stations) covers weighted demand (where riders are).

Demand is a cloud of weighted points: each point stands for some amount of rider presence (orders,
GPS pings, riders living there ...). A demand point is *covered* when some facility is within
``radius_m`` of it by great-circle distance. The usual radius comes from ``travel_radius_m``: a
"5-minute service circle" at riding speed, shrunk by a detour factor to a straight-line radius.

Distance statistics (``median_m``, ``p90_m``) are *weighted* by default: "half of the demand
weight has a facility within median_m". With ``weighted=False`` every point counts once. Both use
the lower (inverted-CDF) quantile, so the reported distance is always one that some demand point
actually has.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import h3
import numpy as np
from numpy.typing import ArrayLike, NDArray

from redrider.geo.crs import InvalidPoint
from redrider.geo.distance import chord_to_arc_m
from redrider.geo.index import RADIUS_SLACK_M, PointIndex

__all__ = [
    "CoverageResult",
    "Points",
    "SpacingStats",
    "UncoveredCell",
    "WeightedPoints",
    "coverage",
    "spacing",
    "travel_radius_m",
    "uncovered_cells",
    "weighted_quantile",
]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


def _coords(lat: ArrayLike, lng: ArrayLike) -> tuple[FloatArray, FloatArray]:
    la = np.ascontiguousarray(np.asarray(lat, dtype=np.float64).ravel())
    lo = np.ascontiguousarray(np.asarray(lng, dtype=np.float64).ravel())
    if la.shape != lo.shape:
        raise ValueError("lat and lng must have the same length")
    ok = np.isfinite(la) & np.isfinite(lo) & (np.abs(la) <= 90.0) & (np.abs(lo) <= 180.0)
    if not np.all(ok):
        bad = int(np.flatnonzero(~ok)[0])
        raise InvalidPoint(f"point at position {bad} ({la[bad]}, {lo[bad]}) is not valid")
    return la, lo


@dataclass(frozen=True)
class Points:
    """Plain points (facilities, candidate sites), WGS-84 degrees, validated on construction."""

    lat: FloatArray
    lng: FloatArray

    def __init__(self, lat: ArrayLike, lng: ArrayLike) -> None:
        la, lo = _coords(lat, lng)
        object.__setattr__(self, "lat", la)
        object.__setattr__(self, "lng", lo)

    def __len__(self) -> int:
        return int(self.lat.shape[0])

    def index(self) -> PointIndex:
        """A ``PointIndex`` whose ids are the positions 0..N-1."""
        return PointIndex(np.arange(len(self), dtype=np.int64), self.lat, self.lng)


@dataclass(frozen=True)
class WeightedPoints:
    """Demand points with non-negative finite weights (default 1.0 each)."""

    lat: FloatArray
    lng: FloatArray
    weight: FloatArray

    def __init__(self, lat: ArrayLike, lng: ArrayLike, weight: ArrayLike | None = None) -> None:
        la, lo = _coords(lat, lng)
        if weight is None:
            w = np.ones_like(la)
        else:
            w = np.ascontiguousarray(np.asarray(weight, dtype=np.float64).ravel())
        if w.shape != la.shape:
            raise ValueError("weight must have one value per point")
        if not np.all(np.isfinite(w) & (w >= 0.0)):
            raise ValueError("weights must be finite and non-negative")
        object.__setattr__(self, "lat", la)
        object.__setattr__(self, "lng", lo)
        object.__setattr__(self, "weight", w)

    def __len__(self) -> int:
        return int(self.lat.shape[0])

    @property
    def total(self) -> float:
        """Sum of the weights."""
        return float(self.weight.sum())


@dataclass(frozen=True)
class CoverageResult:
    """Outcome of ``coverage``.

    ``covered_share`` is covered weight / total weight (0.0 when the total is 0). ``nearest_m`` has
    one entry per demand point (``inf`` when there are no facilities); ``median_m`` and ``p90_m``
    are ``inf`` then too, and ``nan`` when there is no demand.
    """

    radius_m: float
    demand_total: float
    covered_weight: float
    covered_share: float
    covered_mask: BoolArray
    nearest_m: FloatArray
    median_m: float
    p90_m: float
    weighted: bool


class SpacingStats(NamedTuple):
    """Nearest-neighbour distances between facilities, in metres."""

    n: int
    min_m: float
    median_m: float
    mean_m: float
    p90_m: float


class UncoveredCell(NamedTuple):
    """An H3 cell holding uncovered demand: the cell, its centre and the uncovered weight."""

    cell: str
    lat: float
    lng: float
    weight: float


def travel_radius_m(minutes: float, speed_kmh: float = 16.0, detour: float = 1.3) -> float:
    """Straight-line radius reachable in ``minutes`` at ``speed_kmh`` on a road network whose
    routes are ``detour`` times longer than the straight line.

    ``minutes / 60 * speed_kmh * 1000 / detour``: the 5-minute circle at e-bike speed 16 km/h with
    detour 1.3 is about 1,026 m. Raises ``ValueError`` for negative minutes or non-positive speed
    or detour.
    """
    if not minutes >= 0.0:
        raise ValueError(f"minutes must be non-negative, got {minutes!r}")
    if not speed_kmh > 0.0 or not detour > 0.0:
        raise ValueError("speed_kmh and detour must be positive")
    return minutes / 60.0 * speed_kmh * 1000.0 / detour


def weighted_quantile(values: ArrayLike, weights: ArrayLike, q: float) -> float:
    """Lower weighted quantile: the smallest value ``v`` with weight(values <= v) >= q * total.

    With equal weights this is numpy's ``method="inverted_cdf"``. Returns ``nan`` for empty input
    or zero total weight; raises ``ValueError`` for ``q`` outside [0, 1].
    """
    if not 0.0 <= q <= 1.0:
        raise ValueError(f"q must be in [0, 1], got {q}")
    v = np.asarray(values, dtype=np.float64).ravel()
    w = np.asarray(weights, dtype=np.float64).ravel()
    total = float(w.sum())
    if v.shape[0] == 0 or total <= 0.0:
        return float("nan")
    order = np.argsort(v, kind="stable")
    cum = np.cumsum(w[order])
    # The tiny relative slack absorbs cumsum rounding (ten weights of 0.1 may sum to 0.4999...
    # at the fifth); zero weights are skipped so that q = 0 names a value that carries weight.
    target = q * total * (1.0 - 1e-12)
    i = int(np.searchsorted(cum, target, side="left"))
    while i < v.shape[0] - 1 and w[order[i]] == 0.0:
        i += 1
    return float(v[order[min(i, v.shape[0] - 1)]])


def coverage(
    demand: WeightedPoints,
    facilities: Points | PointIndex,
    radius_m: float,
    *,
    weighted: bool = True,
) -> CoverageResult:
    """Share of demand weight with a facility within ``radius_m`` (inclusive), plus the distance
    from every demand point to its nearest facility.

    ``facilities`` may be a prebuilt ``PointIndex`` (e.g. the live station index). Raises
    ``ValueError`` for a negative radius.
    """
    if not radius_m >= 0.0:
        raise ValueError(f"radius_m must be non-negative, got {radius_m!r}")
    index = facilities if isinstance(facilities, PointIndex) else facilities.index()
    nearest, _ = index.nearest_distance_m(demand.lat, demand.lng)
    covered = nearest <= radius_m + RADIUS_SLACK_M
    total = demand.total
    covered_weight = float(demand.weight[covered].sum())
    qw = demand.weight if weighted else np.ones_like(demand.weight)
    return CoverageResult(
        radius_m=float(radius_m),
        demand_total=total,
        covered_weight=covered_weight,
        covered_share=covered_weight / total if total > 0.0 else 0.0,
        covered_mask=covered,
        nearest_m=nearest,
        median_m=weighted_quantile(nearest, qw, 0.5),
        p90_m=weighted_quantile(nearest, qw, 0.9),
        weighted=weighted,
    )


def spacing(facilities: Points | PointIndex) -> SpacingStats | None:
    """Distance from each facility to its nearest other facility: min / median / mean / p90
    (lower quantiles, unweighted). ``None`` when there are fewer than two facilities.

    Co-located facilities count with distance 0, which is what a planner wants to see.
    """
    index = facilities if isinstance(facilities, PointIndex) else facilities.index()
    n = len(index)
    if n < 2 or index.tree is None:
        return None
    d, _ = index.tree.query(index.unit_vectors, k=2, workers=-1)
    nn = chord_to_arc_m(np.asarray(d)[:, 1])
    ones = np.ones_like(nn)
    return SpacingStats(
        n=n,
        min_m=float(nn.min()),
        median_m=weighted_quantile(nn, ones, 0.5),
        mean_m=float(nn.mean()),
        p90_m=weighted_quantile(nn, ones, 0.9),
    )


def uncovered_cells(
    demand: WeightedPoints, covered_mask: ArrayLike, h3_resolution: int
) -> list[UncoveredCell]:
    """Uncovered demand aggregated into H3 cells at ``h3_resolution`` (0..15), heaviest first
    (ties by cell id), each with its cell centre. Cells whose uncovered weight is 0 are left out.

    Resolution 8 cells are ~0.7 km^2 (edge ~0.5 km), a good grain for a city's gaps; 7 (~5 km^2)
    for a county. Raises ``ValueError`` for a mask of the wrong length or a bad resolution.
    """
    mask = np.asarray(covered_mask, dtype=bool).ravel()
    if mask.shape[0] != len(demand):
        raise ValueError("covered_mask must have one value per demand point")
    if not 0 <= h3_resolution <= 15:
        raise ValueError(f"h3_resolution must be in 0..15, got {h3_resolution}")
    idx = np.flatnonzero(~mask & (demand.weight > 0.0))
    totals: dict[str, float] = {}
    for la, lo, w in zip(
        demand.lat[idx].tolist(), demand.lng[idx].tolist(), demand.weight[idx].tolist(), strict=True
    ):
        cell = h3.latlng_to_cell(la, lo, h3_resolution)
        totals[cell] = totals.get(cell, 0.0) + w
    out = []
    for cell, w in totals.items():
        c_lat, c_lng = h3.cell_to_latlng(cell)
        out.append(UncoveredCell(cell, c_lat, c_lng, w))
    out.sort(key=lambda c: (-c.weight, c.cell))
    return out
