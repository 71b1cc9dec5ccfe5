"""Meeting writes (党组会、视频工作会、片区推进会): the record, its minutes, its decisions — and
the tasks a decision creates, in the same step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Max

from redrider.accounts.choices import STAFF_ROLES
from redrider.accounts.models import User
from redrider.accounts.policy import require
from redrider.core.audit import audit_record
from redrider.core.errors import InvalidInput
from redrider.regions import tree

from .. import files, selectors
from ..choices import MeetingKind
from ..models import Meeting, MeetingDecision, Task
from .common import check_region, check_text
from .tasks import TaskSpec, task_create

MAX_ATTENDEE_ORGS = 100


def _attendees(actor: User, ids: Sequence[int]) -> list[User]:
    """Staff accounts inside the actor's own region (422 for anyone else, unnamed)."""
    if not ids:
        return []
    scope = tree.user_region(actor) or ""
    found = [
        u
        for u in User.objects.filter(pk__in=set(ids), is_active=True, role__in=STAFF_ROLES)
        if u.scope_code and tree.within(u.scope_code, scope)
    ]
    if len(found) != len(set(ids)):
        raise InvalidInput(
            "invalid_attendee",
            "参会人员须为本辖区的工作人员",
            "attendees must be staff accounts within your region",
        )
    return found


@transaction.atomic
def meeting_create(
    *,
    actor: User,
    region_code: str,
    kind: str,
    title: str,
    held_on: dt.date,
    place: str = "",
    attendee_orgs: Sequence[str] = (),
    attendee_ids: Sequence[int] = (),
    summary: str = "",
    decisions: Sequence[str] = (),
) -> Meeting:
    """Record a meeting convened in `region_code` (inside the actor's scope, 403 otherwise),
    with its attendees and (optionally) its decisions, numbered from 1."""
    code = check_region(actor, region_code)
    if kind not in MeetingKind.values:
        raise InvalidInput("invalid_kind", f"未知会议类型：{kind}", f"unknown meeting kind: {kind}")
    orgs = [
        check_text(o, field_zh="参会单位", field_en="attendee_org", max_length=128)
        for o in attendee_orgs
    ]
    if len(orgs) > MAX_ATTENDEE_ORGS:
        raise InvalidInput("too_many_orgs", "参会单位过多", "too many attending organisations")
    meeting = Meeting(
        region_code=code,
        kind=kind,
        title=check_text(title, field_zh="会议名称", field_en="title", max_length=200),
        held_on=held_on,
        place=check_text(place, field_zh="地点", field_en="place", max_length=200, required=False),
        attendee_orgs=orgs,
        summary=check_text(
            summary, field_zh="会议内容", field_en="summary", max_length=8000, required=False
        ),
        created_by=actor,
    )
    require(actor, "workplan.meeting", meeting, hide=False)
    people = _attendees(actor, attendee_ids)
    texts = [
        check_text(t, field_zh="决定事项", field_en="decision", max_length=1000) for t in decisions
    ]
    meeting.save()
    meeting.attendees.set(people)
    MeetingDecision.objects.bulk_create(
        [MeetingDecision(meeting=meeting, number=i, text=t) for i, t in enumerate(texts, 1)]
    )
    audit_record(actor=actor, action="workplan.meeting_create", obj=meeting)
    return meeting


@transaction.atomic
def meeting_attach_minutes(*, actor: User, meeting_id: int, upload: files.Upload) -> Meeting:
    """File the minutes (replacing an earlier file); checked before anything is stored."""
    meeting = selectors.meeting_get(user=actor, id=meeting_id)
    require(actor, "workplan.meeting", meeting, hide=False)
    checked = files.check(upload)
    meeting.minutes.save(checked.content.name or "minutes", checked.content, save=False)
    meeting.minutes_name = checked.display_name
    meeting.save(update_fields=["minutes", "minutes_name", "updated_at"])
    audit_record(actor=actor, action="workplan.meeting_minutes", obj=meeting)
    return meeting


@transaction.atomic
def decision_create(
    *,
    actor: User,
    meeting_id: int,
    text: str,
    measure_id: int | None = None,
    tasks: Sequence[TaskSpec] = (),
) -> tuple[MeetingDecision, list[Task]]:
    """Record a decision and create its tasks (under `measure_id`) in one step: the decision and
    every task, or nothing (any bad task — a region outside the actor's scope, a due date before
    the plan — refuses the whole decision)."""
    meeting = selectors.meeting_get(user=actor, id=meeting_id)
    require(actor, "workplan.meeting", meeting, hide=False)
    text = check_text(text, field_zh="决定事项", field_en="decision", max_length=1000)
    if tasks and measure_id is None:
        raise InvalidInput(
            "measure_required", "创建任务须指定所属举措", "tasks need the measure they belong to"
        )
    number = (meeting.decisions.aggregate(n=Max("number"))["n"] or 0) + 1
    decision = MeetingDecision.objects.create(meeting=meeting, number=number, text=text)
    created = (
        [
            task_create(
                actor=actor,
                measure_id=measure_id,
                region_code=spec.region_code,
                title=spec.title or text[:200],
                owner_org=spec.owner_org,
                due_date=spec.due_date,
                owner_id=spec.owner_id,
                weight=spec.weight,
                description=spec.description or text,
                decision=decision,
            )
            for spec in tasks
        ]
        if measure_id is not None
        else []
    )
    audit_record(
        actor=actor,
        action="workplan.decision_create",
        obj=meeting,
        detail={"decision": decision.pk, "tasks": [t.pk for t in created]},
    )
    return decision, created
