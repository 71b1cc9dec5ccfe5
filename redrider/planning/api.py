"""Planning API: coverage of a region for a promise, demand sets, site plans.

Thin: parse, call one selector or service, shape the answer. Errors are DomainErrors mapped once
by the API to `{"detail", "code"}` (a region outside the scope answers 404).
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import File, Form, Router
from ninja.files import UploadedFile

from redrider.accounts.api_auth import AUTH
from redrider.core.api import Limit, ObjectId, Offset, page
from redrider.regions.types import RegionFilter

from . import selectors, services
from .models import DemandSet, SitePlan
from .schemas import DemandSetPatch, PlanIn, RegionIn, SyntheticIn

router = Router(tags=["planning"], auth=AUTH)


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


@router.get("/coverage")
def coverage(
    request: HttpRequest,
    region: RegionFilter = None,
    radius_m: float | None = None,
    minutes: float | None = None,
    speed_kmh: float | None = None,
    detour: float | None = None,
    open_at: str | None = None,
    demand_set: ObjectId | None = None,
    time_window_min: float | None = None,
    hotspots: int = 50,
    include_stations: bool = False,
):
    return selectors.coverage_report(
        user=request.auth,
        region_code=region,
        radius_m=radius_m,
        minutes=minutes,
        speed_kmh=speed_kmh,
        detour=detour,
        open_at=open_at,
        demand_set=demand_set,
        time_window_min=time_window_min,
        hotspots=hotspots,
        include_stations=include_stations,
    )


@router.get("/plans")
def plans(request: HttpRequest, region: RegionFilter = None, limit: Limit = 50, offset: Offset = 0):
    qs = selectors.plan_list(user=request.auth, region_code=region)
    return page(qs, limit=limit, offset=offset, serialise=plan_out)


@router.post("/plans", response={201: dict})
def plan_create(request: HttpRequest, body: PlanIn):
    plan = services.plan_create(
        actor=request.auth, region_code=body.region, **body.dict(exclude={"region"})
    )
    return 201, plan_out(plan, sites=True)


@router.get("/plans/{int:id}")
def plan_detail(request: HttpRequest, id: ObjectId):
    return plan_out(selectors.plan_get(user=request.auth, id=id), sites=True)


@router.delete("/plans/{int:id}", response={204: None})
def plan_delete(request: HttpRequest, id: ObjectId):
    services.plan_delete(actor=request.auth, plan_id=id)
    return 204, None


@router.get("/demand-sets")
def demand_sets(
    request: HttpRequest, region: RegionFilter = None, limit: Limit = 50, offset: Offset = 0
):
    qs = selectors.demand_set_list(user=request.auth, region_code=region)
    return page(qs, limit=limit, offset=offset, serialise=demand_set_out)


@router.get("/demand-sets/{int:id}")
def demand_set_detail(request: HttpRequest, id: ObjectId):
    return demand_set_out(selectors.demand_set_get(user=request.auth, id=id))


@router.patch("/demand-sets/{int:id}")
def demand_set_patch(request: HttpRequest, id: ObjectId, body: DemandSetPatch):
    return demand_set_out(
        services.demand_set_set_active(actor=request.auth, demand_set_id=id, active=body.active)
    )


@router.post("/demand-sets/upload", response={201: dict})
def demand_set_upload(
    request: HttpRequest,
    file: UploadedFile = File(...),  # noqa: B008
    region: RegionFilter = Form(None),  # noqa: B008
    name: str = Form(""),  # noqa: B008
    crs: str = Form("wgs84"),
):  # noqa: B008
    created = services.demand_set_import(
        actor=request.auth,
        region_code=region,
        name=name,
        filename=file.name or "",
        content=file.read(),
        crs=crs,
    )
    return 201, demand_set_out(created)


@router.post("/demand-sets/platform", response={201: dict})
def demand_set_platform(request: HttpRequest, body: RegionIn):
    return 201, demand_set_out(
        services.demand_set_from_platform(actor=request.auth, region_code=body.region)
    )


@router.post("/demand-sets/synthetic", response={201: dict})
def demand_set_synthetic(request: HttpRequest, body: SyntheticIn):
    created = services.demand_set_generate(
        actor=request.auth,
        region_code=body.region,
        points=body.points,
        seed=body.seed,
        name=body.name,
    )
    return 201, demand_set_out(created)
