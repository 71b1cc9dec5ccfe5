"""Tasks: list, create, change, report progress, split, evidence and milestones."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import File, Form
from ninja.files import UploadedFile

from redrider.core.api import Limit, ObjectId, Offset, errors, page
from redrider.regions.types import RegionFilter

from .. import selectors, services
from ..schemas import (
    EvidenceIn,
    EvidenceOut,
    MilestoneIn,
    MilestoneOut,
    ProgressIn,
    ReportOut,
    SplitIn,
    TaskDetailOut,
    TaskIn,
    TaskListOut,
    TaskOut,
    TaskPatch,
)
from .base import router, task_answer, task_spec, upload_of, viewer


@router.get("/tasks", response={200: TaskListOut, **errors(403)})
def tasks(
    request: HttpRequest,
    region: RegionFilter = None,
    measure: ObjectId | None = None,
    plan: ObjectId | None = None,
    overdue: bool | None = None,
    due_soon: bool | None = None,
    status: str | None = None,
    mine: bool = False,
    parent: int | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
):
    """Tasks in the viewer's region; `overdue` = due before today (Asia/Shanghai), not done."""
    qs = selectors.task_list(
        user=viewer(request),
        region_code=region,
        measure=measure,
        plan=plan,
        overdue=overdue,
        due_soon=due_soon,
        status=status,
        mine=mine,
        parent=parent,
    )
    return page(qs, limit=limit, offset=offset, serialise=lambda t: t)


@router.post("/tasks", response={201: TaskOut, **errors(403, 404, 409)})
def task_create(request: HttpRequest, body: TaskIn):
    task = services.task_create(
        actor=viewer(request),
        measure_id=body.measure_id,
        region_code=body.region,
        title=body.title,
        owner_org=body.owner_org,
        due_date=body.due_date,
        owner_id=body.owner_id,
        starts_on=body.starts_on,
        weight=body.weight,
        description=body.description,
        milestones=[(m.title, m.due_date) for m in body.milestones],
        indicator=services.IndicatorSpec(**body.indicator.dict()) if body.indicator else None,
    )
    return 201, task_answer(request, task.pk)


@router.get("/tasks/{int:id}", response={200: TaskDetailOut, **errors(403)})
def task_detail(request: HttpRequest, id: ObjectId):
    task = selectors.task_get(user=viewer(request), id=id)
    task.detail = selectors.task_detail(task, user=request.auth)  # type: ignore[attr-defined]
    return task


@router.patch("/tasks/{int:id}", response={200: TaskOut, **errors(403, 404, 409)})
def task_update(request: HttpRequest, id: ObjectId, body: TaskPatch):
    services.task_update(actor=viewer(request), task_id=id, **body.dict())
    return task_answer(request, id)


@router.post("/tasks/{int:id}/progress", response={200: TaskOut, **errors(403, 404, 409)})
def task_progress(request: HttpRequest, id: ObjectId, body: ProgressIn):
    """Report progress (0–100, else 422) on a task in the viewer's region (else 404)."""
    services.task_report_progress(
        actor=viewer(request),
        task_id=id,
        progress=body.progress,
        note=body.note,
        status=body.status,
    )
    return task_answer(request, id)


@router.post("/tasks/{int:id}/split", response={201: TaskListOut, **errors(403, 404, 409)})
def task_split(request: HttpRequest, id: ObjectId, body: SplitIn):
    children = services.task_split(
        actor=viewer(request), task_id=id, parts=[task_spec(p) for p in body.parts]
    )
    qs = selectors.task_list(user=request.auth, parent=id)
    return 201, {"items": list(qs), "count": len(children)}


@router.post("/tasks/{int:id}/indicator-sync", response={200: TaskOut, **errors(403, 404, 409)})
def task_indicator_sync(request: HttpRequest, id: ObjectId):
    services.task_sync_indicator(actor=viewer(request), task_id=id)
    return task_answer(request, id)


@router.get("/tasks/{int:id}/history", response={200: list[ReportOut], **errors(403)})
def task_history(request: HttpRequest, id: ObjectId):
    task = selectors.task_get(user=viewer(request), id=id)
    return list(task.reports.select_related("reported_by"))


@router.post("/tasks/{int:id}/evidence", response={201: EvidenceOut, **errors(403, 404, 409)})
def evidence_add(request: HttpRequest, id: ObjectId, body: EvidenceIn):
    return 201, services.evidence_add(
        actor=viewer(request), task_id=id, kind=body.kind, text=body.text, object_id=body.object_id
    )


@router.post("/tasks/{int:id}/evidence/file", response={201: EvidenceOut, **errors(403, 404, 409)})
def evidence_file(
    request: HttpRequest,
    id: ObjectId,
    file: UploadedFile = File(...),  # noqa: B008
    text: str = Form(""),  # noqa: B008
):
    return 201, services.evidence_add(
        actor=viewer(request), task_id=id, kind="file", text=text, upload=upload_of(file)
    )


@router.post("/tasks/{int:id}/milestones", response={201: MilestoneOut, **errors(403, 404, 409)})
def milestone_add(request: HttpRequest, id: ObjectId, body: MilestoneIn):
    return 201, services.milestone_add(
        actor=viewer(request), task_id=id, title=body.title, due_date=body.due_date
    )


@router.post("/milestones/{int:id}/done", response={200: MilestoneOut, **errors(403, 404, 409)})
def milestone_done(request: HttpRequest, id: ObjectId, done: bool = True):
    return services.milestone_mark(actor=viewer(request), milestone_id=id, done=done)
