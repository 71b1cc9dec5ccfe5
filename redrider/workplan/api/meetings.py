"""Meetings, minutes and decisions that create tasks."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import File
from ninja.files import UploadedFile

from redrider.core.api import Limit, ObjectId, Offset, errors, page
from redrider.core.schemas import Year
from redrider.regions.types import RegionFilter

from .. import selectors, services
from ..schemas import (
    DecisionCreatedOut,
    DecisionIn,
    MeetingIn,
    MeetingListOut,
    MeetingOut,
)
from .base import router, task_spec, upload_of, viewer


@router.get("/meetings", response={200: MeetingListOut, **errors(403)})
def meetings(
    request: HttpRequest,
    region: RegionFilter = None,
    kind: str | None = None,
    year: Year | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
):
    qs = selectors.meeting_list(user=viewer(request), region_code=region, kind=kind, year=year)
    return page(qs, limit=limit, offset=offset, serialise=lambda m: m)


@router.post("/meetings", response={201: MeetingOut, **errors(403, 404, 409)})
def meeting_create(request: HttpRequest, body: MeetingIn):
    meeting = services.meeting_create(
        actor=viewer(request), region_code=body.region, **body.dict(exclude={"region"})
    )
    return 201, selectors.meeting_get(user=request.auth, id=meeting.pk)


@router.get("/meetings/{int:id}", response={200: MeetingOut, **errors(403)})
def meeting_detail(request: HttpRequest, id: ObjectId):
    return selectors.meeting_get(user=viewer(request), id=id)


@router.post("/meetings/{int:id}/minutes", response={200: MeetingOut, **errors(403, 404, 409)})
def meeting_minutes(request: HttpRequest, id: ObjectId, file: UploadedFile = File(...)):  # noqa: B008
    services.meeting_attach_minutes(actor=viewer(request), meeting_id=id, upload=upload_of(file))
    return selectors.meeting_get(user=request.auth, id=id)


@router.post(
    "/meetings/{int:id}/decisions", response={201: DecisionCreatedOut, **errors(403, 404, 409)}
)
def decision_create(request: HttpRequest, id: ObjectId, body: DecisionIn):
    """A decision and the tasks it creates, in one step (all or nothing)."""
    decision, created = services.decision_create(
        actor=viewer(request),
        meeting_id=id,
        text=body.text,
        measure_id=body.measure_id,
        tasks=[task_spec(p) for p in body.tasks],
    )
    tasks = list(selectors.task_list(user=request.auth).filter(pk__in=[t.pk for t in created]))
    return 201, {"decision": decision, "tasks": tasks}
