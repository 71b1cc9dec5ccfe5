"""Request bodies, query strings and answers of the planning API, and their shaping."""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Field, Schema

from redrider.core.api import ObjectId
from redrider.core.schemas import CrsName, IsoDateTime, described, one_of
from redrider.regions.types import RegionFilter

from . import selectors
from .analysis import MAX_K, MAX_MINUTES, MAX_RADIUS_M
from .choices import CandidateSource, DemandSource, PlanMode, PlanStatus
from .models import DemandSet, SitePlan
from .services import MAX_GENERATED, MAX_SEED

Radius = Annotated[float | None, described(exclusiveMinimum=0, maximum=MAX_RADIUS_M)]
Minutes = Annotated[float | None, described(exclusiveMinimum=0, maximum=MAX_MINUTES)]
Speed = Annotated[float | None, described("km/h", minimum=1, maximum=60)]
Detour = Annotated[float | None, described(minimum=1, maximum=3)]
OpenAt = Annotated[
    str | None,
    described("HH:MM (today, Asia/Shanghai) or an ISO 8601 moment in the years 1900–2099"),
]


class SitePlanIn(Schema):
    """A site plan: where the next `k` stations go, or the fewest to reach `target_share`."""

    region: RegionFilter = None
    k: Annotated[int | None, described(minimum=1, maximum=MAX_K)] = None
    target_share: Annotated[float | None, described(exclusiveMinimum=0, maximum=1)] = None
    radius_m: Radius = None
    minutes: Minutes = None
    speed_kmh: Speed = None
    detour: Detour = None
    open_at: OpenAt = None
    candidate_sources: list[Annotated[str, one_of(CandidateSource)]] | None = None
    custom_candidates: list[dict[str, Any]] | None = Field(
        None, description="[{lat, lng, label}] for the custom source"
    )
    demand_set: ObjectId | None = None
    time_limit_s: Annotated[float | None, described(exclusiveMinimum=0)] = None
    name: Annotated[str, described(maxLength=128)] = ""


class CoverageIn(Schema):
    radius_m: Radius = None
    minutes: Minutes = None
    speed_kmh: Speed = None
    detour: Detour = None
    open_at: OpenAt = None
    demand_set: ObjectId | None = None
    time_window_min: Annotated[float | None, described(exclusiveMinimum=0)] = None
    hotspots: int = Field(50, description="how many uncovered hotspots, 0–500 (others clamped)")
    include_stations: bool = False


class RegionIn(Schema):
    region: RegionFilter = None


class SyntheticIn(Schema):
    region: RegionFilter = None
    points: Annotated[int, described(minimum=1, maximum=MAX_GENERATED)] = 10_000
    seed: Annotated[int, described(minimum=0, maximum=MAX_SEED)] = 1
    name: Annotated[str, described(maxLength=128)] = ""


class DemandSetPatch(Schema):
    active: bool


class UploadForm(Schema):
    region: RegionFilter = None
    name: Annotated[str, described(maxLength=128)] = ""
    crs: CrsName = "wgs84"


# --- answers ----------------------------------------------------------------------------------


class DemandSetOut(Schema):
    id: int
    name: str
    region_code: str
    source: Annotated[str, one_of(DemandSource)]
    active: bool
    point_count: int
    total_weight: float
    detail: dict[str, Any]
    created_at: IsoDateTime


class PlannedSiteOut(Schema):
    rank: int
    lat: float
    lng: float
    gain: float
    gain_weight: float
    source: str
    label: str
    county_code: str


class SitePlanOut(Schema):
    id: int
    name: str
    region_code: str
    mode: Annotated[str, one_of(PlanMode)]
    status: Annotated[str, one_of(PlanStatus)]
    progress: int
    progress_note: str
    error: str
    radius_m: float
    minutes: float | None
    speed_kmh: float | None
    detour: float | None
    open_at: IsoDateTime | None
    k: int | None
    target_share: float | None
    candidate_sources: list[str]
    demand_total: float | None
    demand_points: int | None
    station_count: int | None
    candidate_count: int | None
    baseline_coverage: float | None
    coverage: float | None
    bound: float | None
    gap: float | None
    optimal: bool | None
    target_reached: bool | None
    solver: str
    seconds: float | None
    created_at: IsoDateTime


class SitePlanDetailOut(SitePlanOut):
    sites: list[PlannedSiteOut]
    figures: dict[str, Any] = Field(description="distance and spacing before and after")
    hotspots: list[dict[str, Any]] = Field(description="the uncovered hotspots before")


class SpacingOut(Schema):
    n: int
    min_m: float
    median_m: float
    mean_m: float
    p90_m: float


class HotspotCellOut(Schema):
    cell: str = Field(description="the H3 cell")
    lat: float
    lng: float
    weight: float
    share: float
    boundary: list[list[float]]


class StationPointOut(Schema):
    id: int
    lat: float
    lng: float


class CoverageOut(Schema):
    region_code: str
    region_name: str
    radius_m: float
    minutes: float | None
    speed_kmh: float | None
    detour: float | None
    open_at: IsoDateTime | None
    station_count: int
    stations_closed_at_open_at: int
    demand_total: float
    demand_points: int
    covered_weight: float
    covered_share: float
    median_m: float | None
    p90_m: float | None
    distance_beyond_m: float
    spacing: SpacingOut | None
    hotspots: list[HotspotCellOut]
    h3_resolution: int
    stations: list[StationPointOut] | None = None


def demand_set_out(s: DemandSet) -> dict:
    return {
        "id": s.pk,
        "name": s.name,
        "region_code": s.region_code,
        "source": s.source,
        "active": s.active,
        "point_count": s.point_count,
        "total_weight": s.total_weight,
        "detail": s.detail,
        "created_at": s.created_at.isoformat(),
    }


def plan_out(p: SitePlan, *, sites: bool = False) -> dict:
    out = {
        "id": p.pk,
        "name": p.name,
        "region_code": p.region_code,
        "mode": p.mode,
        "status": p.status,
        "progress": p.progress,
        "progress_note": p.progress_note,
        "error": p.error,
        "radius_m": p.radius_m,
        "minutes": p.minutes,
        "speed_kmh": p.speed_kmh,
        "detour": p.detour,
        "open_at": p.open_at.isoformat() if p.open_at else None,
        "k": p.k,
        "target_share": p.target_share,
        "candidate_sources": p.candidate_sources,
        "demand_total": p.demand_total,
        "demand_points": p.demand_points,
        "station_count": p.station_count,
        "candidate_count": p.candidate_count,
        "baseline_coverage": p.baseline_coverage,
        "coverage": p.coverage,
        "bound": p.bound,
        "gap": p.gap,
        "optimal": p.optimal,
        "target_reached": p.target_reached,
        "solver": p.solver,
        "seconds": p.seconds,
        "created_at": p.created_at.isoformat(),
    }
    if sites:
        out["sites"] = selectors.plan_sites(p)
        out["figures"] = p.figures
        out["hotspots"] = p.hotspots
    return out
