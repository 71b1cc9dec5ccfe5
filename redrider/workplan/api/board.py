"""The board, the timeline, my digest and my notifications."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from redrider.core.api import Limit, ObjectId, Offset, errors, page
from redrider.core.errors import NotFound
from redrider.regions.types import RegionFilter

from .. import board, selectors, services
from ..schemas import (
    AlertsOut,
    BoardOut,
    DigestOut,
    NotificationListOut,
    NotificationOut,
    TimelineOut,
)
from .base import router, viewer


@router.get("/board", response={200: BoardOut, **errors(403)})
def board_matrix(request: HttpRequest, region: RegionFilter = None, plan: ObjectId | None = None):
    """Measure × region: each cell's progress, counts and state (late, soon, done, progress)."""
    return board.matrix(user=viewer(request), region_code=region, plan=plan)


@router.get("/board/alerts", response={200: AlertsOut, **errors(403)})
def board_alerts(request: HttpRequest, region: RegionFilter = None):
    data = board.alerts(user=viewer(request), region_code=region)
    data["escalated"] = [{"task": t, "days_late": d} for t, d in data["escalated"]]
    return data


@router.get("/board/timeline", response={200: TimelineOut, **errors(403)})
def board_timeline(
    request: HttpRequest, region: RegionFilter = None, measure: ObjectId | None = None
):
    items = board.timeline(user=viewer(request), region_code=region, measure=measure)
    return {"items": items, "count": len(items)}


@router.get("/digest", response={200: DigestOut, **errors(403)})
def digest(request: HttpRequest):
    """The viewer's own digest as of today: their late tasks and those due within 7 days."""
    d = services.digest_compose(user=viewer(request))
    return {"today": d.today, "late": d.late, "due_soon": d.soon}


@router.get("/notifications", response={200: NotificationListOut, **errors(403)})
def notifications(request: HttpRequest, limit: Limit = 20, offset: Offset = 0):
    qs = selectors.notification_list(user=viewer(request))
    return page(qs, limit=limit, offset=offset, serialise=lambda n: n)


@router.post(
    "/notifications/{int:id}/read", response={200: NotificationOut, **errors(403, 404, 409)}
)
def notification_read(request: HttpRequest, id: ObjectId):
    found = selectors.notification_list(user=viewer(request)).filter(pk=id).first()
    if found is None:
        raise NotFound("提醒", "notification")
    if found.read_at is None:
        found.read_at = timezone.now()
        found.save(update_fields=["read_at"])
    return found
