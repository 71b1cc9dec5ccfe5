"""The Django side of coverage analysis: turning rows into arrays for `redrider.geo`.

Everything here reads; nothing writes. Shared by the selectors (coverage reports), the plan
runner (services) and the `plan_sites` command.

The promise. A "5-minute service circle" is turned into a straight-line radius by
`redrider.geo.coverage.travel_radius_m`: minutes / 60 x speed / detour. Defaults:

* 16 km/h - 《电动自行车安全技术规范》 GB 17761-2018 caps e-bike design speed at 25 km/h, and
  delivery e-bikes in city traffic average about 15-18 km/h with stops (the figure planners use
  for a rider's "15-minute circle");
* detour factor 1.3 - the usual ratio of street-network distance to straight-line distance in
  Chinese cities (studies of urban circuity give ~1.2-1.4);
* 5 minutes - Ziyang's published "5-minute service circle" (资阳 96 stations).

So the default circle is 5/60 x 16,000 / 1.3 = 1,026 m. A policy circle ("within 1,500 m",
Guangyuan's spacing) is given directly as `radius_m` instead.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import h3
import numpy as np
from django.utils import timezone

from redrider.core.errors import InvalidInput
from redrider.core.schemas import MAX_YEAR, MIN_YEAR
from redrider.geo.coverage import Points, WeightedPoints, coverage, spacing, uncovered_cells
from redrider.geo.coverage import travel_radius_m as _travel_radius_m
from redrider.geo.planning import grid_candidates
from redrider.orgs.models import Office
from redrider.regions import tree
from redrider.regions.geocode import county_codes_at
from redrider.regions.models import Region
from redrider.riders.models import Company
from redrider.stations.models import Station
from redrider.stations.nearby import is_open

from .choices import CandidateSource
from .models import DemandPoint

SHANGHAI = ZoneInfo("Asia/Shanghai")

DEFAULT_MINUTES = 5.0
DEFAULT_SPEED_KMH = 16.0
DEFAULT_DETOUR = 1.3
# A service circle wider than 50 km is no longer a rider's walk-in station: refuse it.
MAX_RADIUS_M = 50_000.0
MAX_MINUTES = 120.0
# Stations farther than this from every demand point of the region are not loaded, so nearest
# distances above it are reported as "beyond" rather than as a number.
NEAREST_HORIZON_M = 50_000.0
MAX_GRID_CANDIDATES = 20_000
MAX_CUSTOM_CANDIDATES = 5_000
MAX_K = 500


@dataclass(frozen=True)
class Promise:
    """A service promise as a straight-line radius, with the travel-time terms it came from."""

    radius_m: float
    minutes: float | None = None
    speed_kmh: float | None = None
    detour: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "radius_m": self.radius_m,
            "minutes": self.minutes,
            "speed_kmh": self.speed_kmh,
            "detour": self.detour,
        }


def _number(value: Any, field: str) -> float:
    try:
        out = float(value)
    except (TypeError, ValueError):
        raise InvalidInput(
            f"invalid_{field}", f"{field} 必须是数字", f"{field} must be a number", field=field
        ) from None
    if not math.isfinite(out):
        raise InvalidInput(
            f"invalid_{field}", f"{field} 必须是有限数", f"{field} must be finite", field=field
        )
    return out


def promise_from(
    *, radius_m: Any = None, minutes: Any = None, speed_kmh: Any = None, detour: Any = None
) -> Promise:
    """Validate a promise: either `radius_m`, or `minutes` (+ optional speed and detour).

    With neither, the default 5-minute circle. Raises `InvalidInput` (422) for a radius <= 0 or
    over 50 km, minutes <= 0 or over 120, speed outside 1-60 km/h, detour outside 1-3.
    """
    if radius_m not in (None, "") and minutes not in (None, ""):
        raise InvalidInput(
            "ambiguous_promise", "服务半径与分钟数只能给一个", "give radius_m or minutes, not both"
        )
    if radius_m not in (None, ""):
        r = _number(radius_m, "radius_m")
        if not 0 < r <= MAX_RADIUS_M:
            raise InvalidInput(
                "invalid_radius",
                f"服务半径须大于 0 且不超过 {MAX_RADIUS_M:.0f} 米",
                f"radius_m must be > 0 and at most {MAX_RADIUS_M:.0f}",
                field="radius_m",
            )
        return Promise(radius_m=r)
    m = DEFAULT_MINUTES if minutes in (None, "") else _number(minutes, "minutes")
    s = DEFAULT_SPEED_KMH if speed_kmh in (None, "") else _number(speed_kmh, "speed_kmh")
    d = DEFAULT_DETOUR if detour in (None, "") else _number(detour, "detour")
    if not 0 < m <= MAX_MINUTES:
        raise InvalidInput(
            "invalid_minutes",
            f"服务圈分钟数须大于 0 且不超过 {MAX_MINUTES:.0f}",
            f"minutes must be > 0 and at most {MAX_MINUTES:.0f}",
            field="minutes",
        )
    if not 1 <= s <= 60:
        raise InvalidInput(
            "invalid_speed",
            "速度须在 1–60 公里/小时之间",
            "speed_kmh must be 1-60",
            field="speed_kmh",
        )
    if not 1 <= d <= 3:
        raise InvalidInput(
            "invalid_detour", "绕行系数须在 1–3 之间", "detour must be 1-3", field="detour"
        )
    r = _travel_radius_m(m, s, d)
    if r > MAX_RADIUS_M:
        raise InvalidInput(
            "invalid_radius",
            "服务圈过大（超过 50 公里）",
            "the service circle is over 50 km",
            field="minutes",
        )
    return Promise(radius_m=r, minutes=m, speed_kmh=s, detour=d)


def parse_open_at(value: Any, *, now: dt.datetime | None = None) -> dt.datetime | None:
    """`HH:MM` (today in Asia/Shanghai) or an ISO datetime (naive = Asia/Shanghai) → aware
    datetime, or None for empty. Raises `InvalidInput` for anything else."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=SHANGHAI)
    text = str(value).strip()
    bad = InvalidInput(
        "invalid_open_at",
        f"开放时刻格式无效：{text}（应为 HH:MM）",
        f"open_at must be HH:MM or an ISO datetime, got {text}",
        field="open_at",
    )
    if len(text) <= 5 and ":" in text:
        try:
            hh, mm = (int(p) for p in text.split(":"))
            clock = dt.time(hh, mm)
        except ValueError:
            raise bad from None
        today = (now or timezone.now()).astimezone(SHANGHAI).date()
        return dt.datetime.combine(today, clock, tzinfo=SHANGHAI)
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        raise bad from None
    # A moment the time-zone arithmetic or the database cannot hold is bad input, not a 500.
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise bad
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=SHANGHAI)


def region_bbox_prefix(region: Region) -> str:
    return tree.prefix(region.code)


def county_codes(lat: np.ndarray, lng: np.ndarray) -> np.ndarray:
    """The county code containing each point ("" outside China), vectorised."""
    return county_codes_at(lat, lng)


# ---------------------------------------------------------------- demand


def demand_queryset(region_code: str, demand_set_id: int | None = None):
    qs = DemandPoint.objects.in_region(region_code)
    if demand_set_id is not None:
        return qs.filter(demand_set_id=demand_set_id)
    return qs.filter(demand_set__active=True)


def load_demand(
    region_code: str,
    demand_set_id: int | None = None,
    *,
    open_at: dt.datetime | None = None,
    time_window_min: float | None = None,
) -> WeightedPoints:
    """Demand points of the region (active sets, or one set) as `WeightedPoints`.

    With `open_at` and `time_window_min`, only points whose Asia/Shanghai time of day lies within
    that many minutes of `open_at`'s (points without a time always count): "who needs a station
    around 14:00".
    """
    qs = demand_queryset(region_code, demand_set_id)
    if open_at is not None and time_window_min:
        rows = list(qs.values_list("lat", "lng", "weight", "at"))
        target = open_at.astimezone(SHANGHAI)
        t_min = target.hour * 60 + target.minute
        keep = []
        for la, lo, w, at in rows:
            if at is not None:
                local = at.astimezone(SHANGHAI)
                diff = abs(local.hour * 60 + local.minute - t_min)
                if min(diff, 1440 - diff) > time_window_min:
                    continue
            keep.append((la, lo, w))
        arr = np.asarray(keep, dtype=np.float64).reshape(-1, 3)
    else:
        arr = np.asarray(list(qs.values_list("lat", "lng", "weight")), dtype=np.float64).reshape(
            -1, 3
        )
    return WeightedPoints(arr[:, 0], arr[:, 1], arr[:, 2])


# ---------------------------------------------------------------- stations


@dataclass(frozen=True)
class StationSet:
    """Existing stations that count: open (status), open at `open_at` when given."""

    points: Points
    ids: list[int]
    region_codes: list[str]
    excluded_closed: int  # status open but closed at open_at by their hours

    def in_region(self, code: str) -> Points:
        mask = np.asarray([tree.within(c, code) for c in self.region_codes], dtype=bool)
        return Points(self.points.lat[mask], self.points.lng[mask])


def _expanded_box(demand: WeightedPoints, margin_m: float) -> tuple[float, float, float, float]:
    dlat = margin_m / 111_195.0
    lat0, lat1 = float(demand.lat.min()) - dlat, float(demand.lat.max()) + dlat
    cos = max(math.cos(math.radians(max(abs(lat0), abs(lat1)))), 0.05)
    dlng = margin_m / (111_195.0 * cos)
    return lat0, float(demand.lng.min()) - dlng, lat1, float(demand.lng.max()) + dlng


def load_stations(
    *, region: Region, demand: WeightedPoints, open_at: dt.datetime | None
) -> StationSet:
    """Stations that serve the region's demand: status "open" (retired, temporarily closed and
    broken ones never count), inside the demand's box widened by `NEAREST_HORIZON_M` (a station
    across a county border still serves riders near it), and open at `open_at` by their
    opening_hours when given. Without demand, the region's own stations."""
    qs = Station.objects.filter(status="open")
    if len(demand):
        lat0, lng0, lat1, lng1 = _expanded_box(demand, NEAREST_HORIZON_M)
        qs = qs.filter(lat__range=(lat0, lat1), lng__range=(lng0, lng1))
    else:
        qs = qs.in_region(region.code)
    rows = list(qs.order_by("id").values_list("id", "lat", "lng", "region_code", "opening_hours"))
    excluded = 0
    if open_at is not None:
        local = open_at.astimezone(SHANGHAI).replace(tzinfo=None)
        verdict: dict[str, bool] = {}
        kept = []
        for row in rows:
            pattern = row[4] or "24/7"
            if pattern not in verdict:
                verdict[pattern] = is_open(pattern, local)
            if verdict[pattern]:
                kept.append(row)
            else:
                excluded += 1
        rows = kept
    lat = np.asarray([r[1] for r in rows], dtype=np.float64)
    lng = np.asarray([r[2] for r in rows], dtype=np.float64)
    return StationSet(Points(lat, lng), [r[0] for r in rows], [r[3] for r in rows], excluded)


# ---------------------------------------------------------------- figures


def h3_resolution_for(region: Region) -> int:
    """Hotspot grain: resolution 8 (~0.7 km^2) for a county, 7 (~5 km^2) above it."""
    return 8 if region.level == "county" else 7


def _distance(value: float) -> float | None:
    if not math.isfinite(value) or value > NEAREST_HORIZON_M:
        return None
    return round(value, 1)


def hotspot_rows(
    demand: WeightedPoints, covered_mask: np.ndarray, resolution: int, limit: int
) -> list[dict[str, Any]]:
    """The heaviest uncovered H3 cells with their outline (for the map) and share of demand."""
    total = demand.total or 1.0
    rows = []
    for cell in uncovered_cells(demand, covered_mask, resolution)[:limit]:
        rows.append(
            {
                "cell": cell.cell,
                "lat": round(cell.lat, 6),
                "lng": round(cell.lng, 6),
                "weight": round(cell.weight, 3),
                "share": cell.weight / total,
                "boundary": [[round(a, 6), round(b, 6)] for a, b in h3.cell_to_boundary(cell.cell)],
            }
        )
    return rows


def coverage_figures(
    *,
    demand: WeightedPoints,
    facilities: Points,
    radius_m: float,
    region_stations: Points,
    h3_res: int,
    hotspot_limit: int = 50,
) -> tuple[dict[str, Any], np.ndarray]:
    """Covered share, nearest-station distances, spacing and hotspots, plus the covered mask.

    Distances beyond `NEAREST_HORIZON_M` are reported as null (`distance_beyond_m` says so).
    """
    result = coverage(demand, facilities, radius_m)
    stats = spacing(region_stations)
    figures = {
        "demand_total": result.demand_total,
        "demand_points": len(demand),
        "covered_weight": result.covered_weight,
        "covered_share": result.covered_share,
        "median_m": _distance(result.median_m),
        "p90_m": _distance(result.p90_m),
        "distance_beyond_m": NEAREST_HORIZON_M,
        "spacing": None
        if stats is None
        else {
            "n": stats.n,
            "min_m": round(stats.min_m, 1),
            "median_m": round(stats.median_m, 1),
            "mean_m": round(stats.mean_m, 1),
            "p90_m": round(stats.p90_m, 1),
        },
        "hotspots": hotspot_rows(demand, result.covered_mask, h3_res, hotspot_limit),
        "h3_resolution": h3_res,
    }
    return figures, result.covered_mask


# ---------------------------------------------------------------- candidates


@dataclass(frozen=True)
class Candidates:
    """Candidate sites with where each came from."""

    points: Points
    sources: list[str]
    labels: list[str]

    def __len__(self) -> int:
        return len(self.points)


def clean_custom_candidates(raw: Any) -> list[dict[str, Any]]:
    """[{lat, lng, label?}] validated (422 naming the first bad item)."""
    if raw in (None, ""):
        return []
    if not isinstance(raw, list) or len(raw) > MAX_CUSTOM_CANDIDATES:
        raise InvalidInput(
            "invalid_candidates",
            "自定义候选点须为不超过 5000 个的列表",
            "custom candidates must be a list of at most 5000 points",
        )
    out = []
    for i, item in enumerate(raw, start=1):
        try:
            la, lo = float(item["lat"]), float(item["lng"])
        except (TypeError, KeyError, ValueError):
            raise InvalidInput(
                "invalid_candidates",
                f"第 {i} 个候选点缺少数字 lat/lng",
                f"candidate {i} needs numeric lat/lng",
            ) from None
        if not (math.isfinite(la) and math.isfinite(lo) and -90 <= la <= 90 and -180 <= lo <= 180):
            raise InvalidInput(
                "invalid_candidates",
                f"第 {i} 个候选点坐标超出范围",
                f"candidate {i} is out of range",
            )
        out.append({"lat": la, "lng": lo, "label": str(item.get("label", ""))[:128]})
    return out


def grid_spacing_m(radius_m: float) -> float:
    """Half the service radius: fine enough that the best grid node is within a quarter radius
    of the best possible point, coarse enough to stay small."""
    return max(radius_m / 2.0, 100.0)


def load_candidates(
    *,
    region: Region,
    demand: WeightedPoints,
    radius_m: float,
    sources: list[str],
    custom: list[dict[str, Any]],
) -> Candidates:
    """Candidate sites inside the region from the chosen sources.

    Delivery sites (`riders.Company` of kind delivery_site with a point) and market-supervision
    offices (`orgs.Office` with a point) are premises that can really host a station; the grid
    (`geo.planning.grid_candidates`, half-radius spacing, widened until it has at most
    20,000 nodes, only near demand) fills the gaps; custom points come with the request. Grid
    and custom points outside the region are dropped.
    """
    lat: list[float] = []
    lng: list[float] = []
    src: list[str] = []
    lab: list[str] = []
    if CandidateSource.DELIVERY_SITE in sources:
        rows = (
            Company.objects.in_region(region.code)
            .filter(kind="delivery_site", lat__isnull=False, lng__isnull=False)
            .order_by("id")
            .values_list("lat", "lng", "name")
        )
        for la, lo, name in rows:
            lat.append(la)
            lng.append(lo)
            src.append("delivery_site")
            lab.append(name)
    if CandidateSource.OFFICE in sources:
        rows = (
            Office.objects.in_region(region.code)
            .filter(lat__isnull=False, lng__isnull=False)
            .order_by("id")
            .values_list("lat", "lng", "name")
        )
        for la, lo, name in rows:
            lat.append(la)
            lng.append(lo)
            src.append("office")
            lab.append(name)
    extra_lat: list[float] = []
    extra_lng: list[float] = []
    extra_src: list[str] = []
    extra_lab: list[str] = []
    if CandidateSource.GRID in sources and len(demand):
        step = grid_spacing_m(radius_m)
        grid = grid_candidates(demand, step, near_demand_m=radius_m)
        while len(grid) > MAX_GRID_CANDIDATES:
            step *= 1.5
            grid = grid_candidates(demand, step, near_demand_m=radius_m)
        extra_lat += grid.lat.tolist()
        extra_lng += grid.lng.tolist()
        extra_src += ["grid"] * len(grid)
        extra_lab += [""] * len(grid)
    if CandidateSource.CUSTOM in sources:
        for item in custom:
            extra_lat.append(item["lat"])
            extra_lng.append(item["lng"])
            extra_src.append("custom")
            extra_lab.append(item["label"])
    if extra_lat:
        codes = county_codes(np.asarray(extra_lat), np.asarray(extra_lng))
        prefix = tree.prefix(region.code)
        for i, code in enumerate(codes.tolist()):
            if code and code.startswith(prefix):
                lat.append(extra_lat[i])
                lng.append(extra_lng[i])
                src.append(extra_src[i])
                lab.append(extra_lab[i])
    return Candidates(
        Points(np.asarray(lat, dtype=np.float64), np.asarray(lng, dtype=np.float64)), src, lab
    )


def region_within(region_code: str, scope_code: str) -> bool:
    return tree.within(region_code, scope_code)
