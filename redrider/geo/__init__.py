"""The geometric core of the platform: coordinate systems, distances, the nearest-station index,
coverage analysis and site planning.

Plain Python on numpy, scipy and h3, with no Django import, so it can be tested and benchmarked
alone. Coordinates are always ``(lat, lng)`` in that order, decimal degrees; stored coordinates
are WGS-84 and distances are great-circle metres.
"""

from redrider.geo.coverage import (
    CoverageResult,
    Points,
    SpacingStats,
    UncoveredCell,
    WeightedPoints,
    coverage,
    spacing,
    travel_radius_m,
    uncovered_cells,
)
from redrider.geo.crs import (
    SUPPORTED_CRS,
    InvalidPoint,
    UnknownCRS,
    from_wgs84,
    from_wgs84_array,
    to_wgs84,
    to_wgs84_array,
    validate_point,
)
from redrider.geo.distance import EARTH_RADIUS_M, haversine_m, haversine_m_array
from redrider.geo.index import MaskFn, Neighbour, PointIndex, brute_force_nearest

__all__ = [
    "EARTH_RADIUS_M",
    "SUPPORTED_CRS",
    "CoverageResult",
    "InvalidPoint",
    "MaskFn",
    "Neighbour",
    "PointIndex",
    "Points",
    "SpacingStats",
    "UncoveredCell",
    "UnknownCRS",
    "WeightedPoints",
    "brute_force_nearest",
    "coverage",
    "from_wgs84",
    "from_wgs84_array",
    "haversine_m",
    "haversine_m_array",
    "spacing",
    "to_wgs84",
    "to_wgs84_array",
    "travel_radius_m",
    "uncovered_cells",
    "validate_point",
]
