"""Plans, measures and the indicators a task may follow."""

from __future__ import annotations

from django.http import HttpRequest

from redrider.core.api import Limit, ObjectId, Offset, errors, page
from redrider.core.errors import NotFound
from redrider.regions.types import RegionFilter

from .. import selectors, services, sources
from ..schemas import (
    IndicatorSourceListOut,
    MeasureIn,
    MeasureListOut,
    MeasureOut,
    PlanIn,
    PlanListOut,
    PlanOut,
)
from .base import router, viewer


@router.get("/plans", response={200: PlanListOut, **errors(403)})
def plans(request: HttpRequest, region: RegionFilter = None, limit: Limit = 50, offset: Offset = 0):
    qs = selectors.plan_list(user=viewer(request), region_code=region)
    return page(qs, limit=limit, offset=offset, serialise=lambda p: p)


@router.post("/plans", response={201: PlanOut, **errors(403, 404, 409)})
def plan_create(request: HttpRequest, body: PlanIn):
    return 201, services.plan_create(
        actor=viewer(request),
        region_code=body.region,
        title=body.title,
        starts_on=body.starts_on,
        ends_on=body.ends_on,
        issued_by=body.issued_by,
    )


@router.get("/plans/{int:id}", response={200: PlanOut, **errors(403)})
def plan_detail(request: HttpRequest, id: ObjectId):
    return selectors.plan_get(user=viewer(request), id=id)


@router.get("/measures", response={200: MeasureListOut, **errors(403)})
def measures(request: HttpRequest, region: RegionFilter = None, plan: ObjectId | None = None):
    """The measures in force in the region (its own plans and those above), with the figures of
    the region's tasks: progress (0–100), tasks_total, tasks_overdue."""
    code, items = selectors.measures_with_figures(
        user=viewer(request), region_code=region, plan=plan
    )
    return {"region_code": code, "items": items, "count": len(items)}


@router.post("/measures", response={201: MeasureOut, **errors(403, 404, 409)})
def measure_create(request: HttpRequest, body: MeasureIn):
    measure = services.measure_create(actor=viewer(request), **body.dict())
    code, items = selectors.measures_with_figures(
        user=request.auth, region_code=measure.region_code, plan=measure.plan_id
    )
    return 201, next(m for m in items if m["id"] == measure.pk)


@router.get("/measures/{int:id}", response={200: MeasureOut, **errors(403)})
def measure_detail(request: HttpRequest, id: ObjectId, region: RegionFilter = None):
    user = viewer(request)
    measure = selectors.measure_get(user=user, id=id)
    code, items = selectors.measures_with_figures(
        user=user, region_code=region, plan=measure.plan_id
    )
    found = next((m for m in items if m["id"] == measure.pk), None)
    if found is None:  # the measure is not in force in the region asked about
        raise NotFound("举措", "measure")
    return found


@router.get("/indicators", response={200: IndicatorSourceListOut, **errors(403)})
def indicator_sources(request: HttpRequest):
    """The platform indicators a task may take its progress from."""
    viewer(request)
    items = [{"key": k, "label": v} for k, v in sources.labels().items()]
    return {"items": items, "count": len(items)}
