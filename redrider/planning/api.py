"""Planning API: coverage of a region for a promise, demand sets, site plans.

Thin: parse, call one selector or service, shape the answer. Errors are DomainErrors mapped once
by the API to `{"detail", "code"}` (a region outside the scope answers 404).
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import File, Form, Query, Router
from ninja.files import UploadedFile

from redrider.accounts.api_auth import AUTH
from redrider.core.api import Limit, ObjectId, Offset, errors, page
from redrider.core.schemas import Paged
from redrider.regions.types import RegionFilter

from . import selectors, services
from .schemas import (
    CoverageIn,
    CoverageOut,
    DemandSetOut,
    DemandSetPatch,
    RegionIn,
    SitePlanDetailOut,
    SitePlanIn,
    SitePlanOut,
    SyntheticIn,
    UploadForm,
    demand_set_out,
    plan_out,
)

router = Router(tags=["planning"], auth=AUTH)


@router.get("/coverage", response={200: CoverageOut, **errors(403, 404)}, exclude_unset=True)
def coverage(request: HttpRequest, q: Query[CoverageIn], region: RegionFilter = None):
    return selectors.coverage_report(user=request.auth, region_code=region, **q.dict())


@router.get("/plans", response={200: Paged[SitePlanOut], **errors(403, 404)})
def plans(request: HttpRequest, region: RegionFilter = None, limit: Limit = 50, offset: Offset = 0):
    qs = selectors.plan_list(user=request.auth, region_code=region)
    return page(qs, limit=limit, offset=offset, serialise=plan_out)


@router.post("/plans", response={201: SitePlanDetailOut, **errors(403, 404)})
def plan_create(request: HttpRequest, body: SitePlanIn):
    plan = services.plan_create(
        actor=request.auth, region_code=body.region, **body.dict(exclude={"region"})
    )
    return 201, plan_out(plan, sites=True)


@router.get("/plans/{int:id}", response=SitePlanDetailOut)
def plan_detail(request: HttpRequest, id: ObjectId):
    return plan_out(selectors.plan_get(user=request.auth, id=id), sites=True)


@router.delete("/plans/{int:id}", response={204: None, **errors(403, 409)})
def plan_delete(request: HttpRequest, id: ObjectId):
    services.plan_delete(actor=request.auth, plan_id=id)
    return 204, None


@router.get("/demand-sets", response={200: Paged[DemandSetOut], **errors(403, 404)})
def demand_sets(
    request: HttpRequest, region: RegionFilter = None, limit: Limit = 50, offset: Offset = 0
):
    qs = selectors.demand_set_list(user=request.auth, region_code=region)
    return page(qs, limit=limit, offset=offset, serialise=demand_set_out)


@router.get("/demand-sets/{int:id}", response=DemandSetOut)
def demand_set_detail(request: HttpRequest, id: ObjectId):
    return demand_set_out(selectors.demand_set_get(user=request.auth, id=id))


@router.patch("/demand-sets/{int:id}", response={200: DemandSetOut, **errors(403)})
def demand_set_patch(request: HttpRequest, id: ObjectId, body: DemandSetPatch):
    return demand_set_out(
        services.demand_set_set_active(actor=request.auth, demand_set_id=id, active=body.active)
    )


@router.post("/demand-sets/upload", response={201: DemandSetOut, **errors(403, 404, 413)})
def demand_set_upload(
    request: HttpRequest,
    form: Form[UploadForm],
    file: UploadedFile = File(...),  # noqa: B008
):
    created = services.demand_set_import(
        actor=request.auth,
        region_code=form.region,
        name=form.name,
        filename=file.name or "",
        content=file.read(),
        crs=form.crs,
    )
    return 201, demand_set_out(created)


@router.post("/demand-sets/platform", response={201: DemandSetOut, **errors(403, 404)})
def demand_set_platform(request: HttpRequest, body: RegionIn):
    return 201, demand_set_out(
        services.demand_set_from_platform(actor=request.auth, region_code=body.region)
    )


@router.post("/demand-sets/synthetic", response={201: DemandSetOut, **errors(403, 404)})
def demand_set_synthetic(request: HttpRequest, body: SyntheticIn):
    created = services.demand_set_generate(
        actor=request.auth,
        region_code=body.region,
        points=body.points,
        seed=body.seed,
        name=body.name,
    )
    return 201, demand_set_out(created)
