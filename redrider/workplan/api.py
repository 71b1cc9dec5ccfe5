"""Work-plan API (/api/v1/workplan/): measures, tasks and their progress, the board, meetings,
institutions, and each owner's digest.

Thin: check the viewer may see the work plan, call one selector or service, return it in its
declared schema. Refusals are DomainErrors mapped once to `{"detail", "code"}`.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Form, Router
from ninja.files import UploadedFile

from redrider.accounts.policy import require
from redrider.core.api import AUTH, page
from redrider.core.errors import NotFound

from . import board, selectors, services, sources
from .files import Upload
from .schemas import (
    AlertsOut,
    BoardOut,
    CategoryIn,
    CategoryListOut,
    CategoryOut,
    DecisionCreatedOut,
    DecisionIn,
    DigestOut,
    EvidenceIn,
    EvidenceOut,
    IndicatorSourceListOut,
    InstitutionIn,
    InstitutionListOut,
    InstitutionOut,
    MeasureIn,
    MeasureListOut,
    MeasureOut,
    MeetingIn,
    MeetingListOut,
    MeetingOut,
    MilestoneIn,
    MilestoneOut,
    NotificationListOut,
    NotificationOut,
    PlanIn,
    PlanListOut,
    PlanOut,
    ProgressIn,
    ReportOut,
    SplitIn,
    TaskDetailOut,
    TaskIn,
    TaskListOut,
    TaskOut,
    TaskPatch,
    TimelineOut,
)

router = Router(tags=["workplan"], auth=AUTH)


def viewer(request: HttpRequest):
    """The signed-in user, once the policy says they may see the work plan at all (403)."""
    require(request.auth, "workplan.view", hide=False)
    return request.auth


def _spec(part) -> services.TaskSpec:
    return services.TaskSpec(
        region_code=part.region,
        title=part.title,
        owner_org=part.owner_org,
        due_date=part.due_date,
        owner_id=part.owner_id,
        weight=part.weight,
        description=part.description,
    )


def _task(request: HttpRequest, task_id: int):
    return selectors.task_get(user=request.auth, id=task_id)


def _upload(file: UploadedFile) -> Upload:
    return Upload(name=file.name or "", content=file.read())


# ---------------------------------------------------------------- plans and measures


@router.get("/plans", response={200: PlanListOut})
def plans(request: HttpRequest, region: str | None = None, limit: int = 50, offset: int = 0):
    qs = selectors.plan_list(user=viewer(request), region_code=region)
    return page(qs, limit=limit, offset=offset, serialise=lambda p: p)


@router.post("/plans", response={201: PlanOut})
def plan_create(request: HttpRequest, body: PlanIn):
    return 201, services.plan_create(
        actor=viewer(request),
        region_code=body.region,
        title=body.title,
        starts_on=body.starts_on,
        ends_on=body.ends_on,
        issued_by=body.issued_by,
    )


@router.get("/plans/{int:id}", response={200: PlanOut})
def plan_detail(request: HttpRequest, id: int):
    return selectors.plan_get(user=viewer(request), id=id)


@router.get("/measures", response={200: MeasureListOut})
def measures(request: HttpRequest, region: str | None = None, plan: int | None = None):
    """The measures in force in the region (its own plans and those above), with the figures of
    the region's tasks: progress (0–100), tasks_total, tasks_overdue."""
    code, items = selectors.measures_with_figures(
        user=viewer(request), region_code=region, plan=plan
    )
    return {"region_code": code, "items": items, "count": len(items)}


@router.post("/measures", response={201: MeasureOut})
def measure_create(request: HttpRequest, body: MeasureIn):
    measure = services.measure_create(actor=viewer(request), **body.dict())
    code, items = selectors.measures_with_figures(
        user=request.auth, region_code=measure.region_code, plan=measure.plan_id
    )
    return 201, next(m for m in items if m["id"] == measure.pk)


@router.get("/measures/{int:id}", response={200: MeasureOut})
def measure_detail(request: HttpRequest, id: int, region: str | None = None):
    user = viewer(request)
    measure = selectors.measure_get(user=user, id=id)
    code, items = selectors.measures_with_figures(
        user=user, region_code=region, plan=measure.plan_id
    )
    found = next((m for m in items if m["id"] == measure.pk), None)
    if found is None:  # the measure is not in force in the region asked about
        raise NotFound("举措", "measure")
    return found


@router.get("/indicators", response={200: IndicatorSourceListOut})
def indicator_sources(request: HttpRequest):
    """The platform indicators a task may take its progress from."""
    viewer(request)
    items = [{"key": k, "label": v} for k, v in sources.labels().items()]
    return {"items": items, "count": len(items)}


# ---------------------------------------------------------------- tasks


@router.get("/tasks", response={200: TaskListOut})
def tasks(
    request: HttpRequest,
    region: str | None = None,
    measure: int | None = None,
    plan: int | None = None,
    overdue: bool | None = None,
    due_soon: bool | None = None,
    status: str | None = None,
    mine: bool = False,
    parent: int | None = None,
    limit: int = 100,
    offset: int = 0,
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


@router.post("/tasks", response={201: TaskOut})
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
    return 201, _task(request, task.pk)


@router.get("/tasks/{int:id}", response={200: TaskDetailOut})
def task_detail(request: HttpRequest, id: int):
    task = selectors.task_get(user=viewer(request), id=id)
    task.detail = selectors.task_detail(task, user=request.auth)  # type: ignore[attr-defined]
    return task


@router.patch("/tasks/{int:id}", response={200: TaskOut})
def task_update(request: HttpRequest, id: int, body: TaskPatch):
    services.task_update(actor=viewer(request), task_id=id, **body.dict())
    return _task(request, id)


@router.post("/tasks/{int:id}/progress", response={200: TaskOut})
def task_progress(request: HttpRequest, id: int, body: ProgressIn):
    """Report progress (0–100, else 422) on a task in the viewer's region (else 404)."""
    services.task_report_progress(
        actor=viewer(request),
        task_id=id,
        progress=body.progress,
        note=body.note,
        status=body.status,
    )
    return _task(request, id)


@router.post("/tasks/{int:id}/split", response={201: TaskListOut})
def task_split(request: HttpRequest, id: int, body: SplitIn):
    children = services.task_split(
        actor=viewer(request), task_id=id, parts=[_spec(p) for p in body.parts]
    )
    qs = selectors.task_list(user=request.auth, parent=id)
    return 201, {"items": list(qs), "count": len(children)}


@router.post("/tasks/{int:id}/indicator-sync", response={200: TaskOut})
def task_indicator_sync(request: HttpRequest, id: int):
    services.task_sync_indicator(actor=viewer(request), task_id=id)
    return _task(request, id)


@router.get("/tasks/{int:id}/history", response={200: list[ReportOut]})
def task_history(request: HttpRequest, id: int):
    task = selectors.task_get(user=viewer(request), id=id)
    return list(task.reports.select_related("reported_by"))


@router.post("/tasks/{int:id}/evidence", response={201: EvidenceOut})
def evidence_add(request: HttpRequest, id: int, body: EvidenceIn):
    return 201, services.evidence_add(
        actor=viewer(request), task_id=id, kind=body.kind, text=body.text, object_id=body.object_id
    )


@router.post("/tasks/{int:id}/evidence/file", response={201: EvidenceOut})
def evidence_file(
    request: HttpRequest,
    id: int,
    file: UploadedFile = File(...),  # noqa: B008
    text: str = Form(""),  # noqa: B008
):
    return 201, services.evidence_add(
        actor=viewer(request), task_id=id, kind="file", text=text, upload=_upload(file)
    )


@router.post("/tasks/{int:id}/milestones", response={201: MilestoneOut})
def milestone_add(request: HttpRequest, id: int, body: MilestoneIn):
    return 201, services.milestone_add(
        actor=viewer(request), task_id=id, title=body.title, due_date=body.due_date
    )


@router.post("/milestones/{int:id}/done", response={200: MilestoneOut})
def milestone_done(request: HttpRequest, id: int, done: bool = True):
    return services.milestone_mark(actor=viewer(request), milestone_id=id, done=done)


# ---------------------------------------------------------------- board


@router.get("/board", response={200: BoardOut})
def board_matrix(request: HttpRequest, region: str | None = None, plan: int | None = None):
    """Measure × region: each cell's progress, counts and state (late, soon, done, progress)."""
    return board.matrix(user=viewer(request), region_code=region, plan=plan)


@router.get("/board/alerts", response={200: AlertsOut})
def board_alerts(request: HttpRequest, region: str | None = None):
    data = board.alerts(user=viewer(request), region_code=region)
    data["escalated"] = [{"task": t, "days_late": d} for t, d in data["escalated"]]
    return data


@router.get("/board/timeline", response={200: TimelineOut})
def board_timeline(request: HttpRequest, region: str | None = None, measure: int | None = None):
    items = board.timeline(user=viewer(request), region_code=region, measure=measure)
    return {"items": items, "count": len(items)}


@router.get("/digest", response={200: DigestOut})
def digest(request: HttpRequest):
    """The viewer's own digest as of today: their late tasks and those due within 7 days."""
    d = services.digest_compose(user=viewer(request))
    return {"today": d.today, "late": d.late, "due_soon": d.soon}


@router.get("/notifications", response={200: NotificationListOut})
def notifications(request: HttpRequest, limit: int = 20, offset: int = 0):
    qs = selectors.notification_list(user=viewer(request))
    return page(qs, limit=limit, offset=offset, serialise=lambda n: n)


@router.post("/notifications/{int:id}/read", response={200: NotificationOut})
def notification_read(request: HttpRequest, id: int):
    found = selectors.notification_list(user=viewer(request)).filter(pk=id).first()
    if found is None:
        raise NotFound("提醒", "notification")
    if found.read_at is None:
        found.read_at = timezone.now()
        found.save(update_fields=["read_at"])
    return found


# ---------------------------------------------------------------- meetings


@router.get("/meetings", response={200: MeetingListOut})
def meetings(
    request: HttpRequest,
    region: str | None = None,
    kind: str | None = None,
    year: int | None = None,
    limit: int = 50,
    offset: int = 0,
):
    qs = selectors.meeting_list(user=viewer(request), region_code=region, kind=kind, year=year)
    return page(qs, limit=limit, offset=offset, serialise=lambda m: m)


@router.post("/meetings", response={201: MeetingOut})
def meeting_create(request: HttpRequest, body: MeetingIn):
    meeting = services.meeting_create(
        actor=viewer(request), region_code=body.region, **body.dict(exclude={"region"})
    )
    return 201, selectors.meeting_get(user=request.auth, id=meeting.pk)


@router.get("/meetings/{int:id}", response={200: MeetingOut})
def meeting_detail(request: HttpRequest, id: int):
    return selectors.meeting_get(user=viewer(request), id=id)


@router.post("/meetings/{int:id}/minutes", response={200: MeetingOut})
def meeting_minutes(request: HttpRequest, id: int, file: UploadedFile = File(...)):  # noqa: B008
    services.meeting_attach_minutes(actor=viewer(request), meeting_id=id, upload=_upload(file))
    return selectors.meeting_get(user=request.auth, id=id)


@router.post("/meetings/{int:id}/decisions", response={201: DecisionCreatedOut})
def decision_create(request: HttpRequest, id: int, body: DecisionIn):
    """A decision and the tasks it creates, in one step (all or nothing)."""
    decision, created = services.decision_create(
        actor=viewer(request),
        meeting_id=id,
        text=body.text,
        measure_id=body.measure_id,
        tasks=[_spec(p) for p in body.tasks],
    )
    tasks = list(selectors.task_list(user=request.auth).filter(pk__in=[t.pk for t in created]))
    return 201, {"decision": decision, "tasks": tasks}


# ---------------------------------------------------------------- institutions


@router.get("/institution-categories", response={200: CategoryListOut})
def categories(request: HttpRequest, region: str | None = None):
    items = list(selectors.category_list(user=viewer(request), region_code=region))
    return {"items": items, "count": len(items)}


@router.post("/institution-categories", response={201: CategoryOut})
def category_create(request: HttpRequest, body: CategoryIn):
    category = services.category_create(
        actor=viewer(request), region_code=body.region, title=body.title, number=body.number
    )
    return 201, selectors.category_list(user=request.auth).get(pk=category.pk)


@router.get("/institutions", response={200: InstitutionListOut})
def institutions(
    request: HttpRequest,
    region: str | None = None,
    category: int | None = None,
    status: str | None = None,
    limit: int = 100,
    offset: int = 0,
):
    """Institutions (制度): id, title, category, status (planned, drafted, issued)."""
    qs = selectors.institution_list(
        user=viewer(request), region_code=region, category=category, status=status
    )
    return page(qs, limit=limit, offset=offset, serialise=lambda i: i)


@router.post("/institutions", response={201: InstitutionOut})
def institution_create(request: HttpRequest, body: InstitutionIn):
    return 201, services.institution_create(actor=viewer(request), **body.dict())


@router.get("/institutions/{int:id}", response={200: InstitutionOut})
def institution_detail(request: HttpRequest, id: int):
    return selectors.institution_get(user=viewer(request), id=id)


@router.post("/institutions/{int:id}/transitions", response={200: InstitutionOut})
def institution_transition(
    request: HttpRequest,
    id: int,
    status: str = Form(...),  # noqa: B008
    issuing_body: str = Form(""),  # noqa: B008
    issued_on: dt.date | None = Form(None),  # noqa: B008
    document_number: str = Form(""),  # noqa: B008
    document: UploadedFile | None = File(None),  # noqa: B008
):
    """planned → drafted → issued (or planned → issued); issuing needs the document (sent here
    or attached before), the issuing body and the date. Multipart form."""
    return services.institution_transition(
        actor=viewer(request),
        institution_id=id,
        status=status,
        issuing_body=issuing_body,
        issued_on=issued_on,
        document_number=document_number,
        upload=_upload(document) if document is not None else None,
    )
