"""Milestones and evidence (佐证材料) on a task: text, a checked file, or a link to one of the
platform's own records in the task's region."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from redrider.accounts.models import User
from redrider.accounts.policy import require
from redrider.activities.models import Activity
from redrider.core.audit import audit_record
from redrider.core.errors import InvalidInput, NotFound
from redrider.regions import tree
from redrider.riders.models import Visit
from redrider.stations.models import Station

from .. import clock, files
from ..choices import EvidenceKind
from ..models import Evidence, Milestone, TaskReport
from .common import check_not_before, check_text
from .progress import locked


@transaction.atomic
def milestone_add(*, actor: User, task_id: int, title: str, due_date: dt.date) -> Milestone:
    task = locked(actor, task_id)
    require(actor, "workplan.plan", task, hide=False)
    check_not_before(
        due_date,
        task.measure.plan.starts_on,
        code="milestone_before_plan",
        zh="节点时限不能早于实施方案的开始日期",
        en="a milestone is due before the plan starts",
    )
    milestone = Milestone.objects.create(
        task=task,
        title=check_text(title, field_zh="节点", field_en="milestone", max_length=200),
        due_date=due_date,
    )
    audit_record(
        actor=actor, action="workplan.milestone_add", obj=task, detail={"id": milestone.pk}
    )
    return milestone


@transaction.atomic
def milestone_mark(*, actor: User, milestone_id: int, done: bool) -> Milestone:
    """Tick a milestone done (today, Asia/Shanghai) or open it again."""
    milestone = Milestone.objects.filter(pk=milestone_id).first()
    if milestone is None:
        raise NotFound("节点", "milestone")
    task = locked(actor, milestone.task_id)
    require(actor, "workplan.report", task, hide=False)
    milestone.done_on = clock.today() if done else None
    milestone.save(update_fields=["done_on"])
    audit_record(
        actor=actor,
        action="workplan.milestone_mark",
        obj=task,
        detail={"id": milestone.pk, "done": done},
    )
    return milestone


LINKS = {
    EvidenceKind.ACTIVITY: (Activity, "activity", "活动", "activity"),
    EvidenceKind.STATION: (Station, "station", "驿站", "station"),
    EvidenceKind.VISIT: (Visit, "visit", "走访记录", "visit"),
}


@transaction.atomic
def evidence_add(
    *,
    actor: User,
    task_id: int,
    kind: str,
    text: str = "",
    upload: files.Upload | None = None,
    object_id: int | None = None,
    report: TaskReport | None = None,
) -> Evidence:
    """Attach evidence to a task the actor may report on: a text, a file (checked, photos
    re-encoded) or one of the platform's records visible to the actor and inside the task's
    region (404 when not visible, 422 when elsewhere)."""
    task = locked(actor, task_id)
    require(actor, "workplan.report", task, hide=False)
    text = check_text(text, field_zh="说明", field_en="text", max_length=1000, required=False)
    evidence = Evidence(task=task, kind=kind, text=text, added_by=actor, report=report)
    if kind == EvidenceKind.TEXT:
        check_text(text, field_zh="说明", field_en="text", max_length=1000)
    elif kind == EvidenceKind.FILE:
        if upload is None:
            raise InvalidInput("file_required", "请选择文件", "a file is required")
        checked = files.check(upload)
        evidence.file_name = checked.display_name
        evidence.file.save(checked.content.name or "upload", checked.content, save=False)
    elif kind in LINKS:
        model, field, zh, en = LINKS[EvidenceKind(kind)]
        found = model.objects.visible_to(actor).filter(pk=object_id).first()
        if found is None:
            raise NotFound(zh, en)
        if not tree.within(found.region_code, task.region_code):
            raise InvalidInput(
                "evidence_outside_region",
                f"该{zh}不在任务所在地区",
                f"the {en} is outside the task's region",
            )
        setattr(evidence, field, found)
    else:
        raise InvalidInput(
            "invalid_kind", f"未知的材料类型：{kind}", f"unknown evidence kind: {kind}"
        )
    evidence.save()
    audit_record(
        actor=actor,
        action="workplan.evidence_add",
        obj=task,
        detail={"kind": kind, "id": evidence.pk},
    )
    return evidence
