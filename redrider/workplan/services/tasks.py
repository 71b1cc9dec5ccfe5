"""Task writes: create, change, report progress, split among regions. Every change of progress
or status leaves a dated report (`progress.write_report`) and rolls up to every ancestor."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from redrider.accounts.models import User
from redrider.accounts.policy import require
from redrider.core.audit import audit_record
from redrider.core.errors import Conflict, InvalidInput
from redrider.regions import tree

from .. import selectors, sources
from ..choices import ProgressSource, ReportSource, TaskStatus
from ..models import Measure, MeetingDecision, Milestone, Task
from .common import check_not_before, check_owner, check_progress, check_region, check_text
from .progress import locked, rollup_from, set_progress, sync_indicator, write_report

MAX_WEIGHT = 10_000
MAX_PARTS = 200


@dataclass(frozen=True)
class IndicatorSpec:
    """Follow `key` (over `base_key` in percent, when given) until it reaches `target`."""

    key: str
    target: float
    base_key: str = ""


@dataclass(frozen=True)
class TaskSpec:
    """What a new task needs besides its measure (a split part, a meeting decision's task)."""

    region_code: str
    title: str = ""
    owner_org: str = ""
    due_date: dt.date | None = None
    owner_id: int | None = None
    weight: int = 1
    description: str = ""


def _check_weight(weight: object) -> int:
    if isinstance(weight, bool) or not isinstance(weight, int) or not 1 <= weight <= MAX_WEIGHT:
        raise InvalidInput(
            "invalid_weight", f"权重须为 1–{MAX_WEIGHT} 的整数", f"weight must be 1–{MAX_WEIGHT}"
        )
    return weight


def _check_due(measure: Measure, due: dt.date | None, starts_on: dt.date | None = None) -> dt.date:
    if due is None:
        raise InvalidInput("due_date_required", "请填写完成时限", "a due date is required")
    check_not_before(
        due,
        measure.plan.starts_on,
        code="due_before_plan",
        zh="完成时限不能早于实施方案的开始日期",
        en="the due date is before the plan starts",
    )
    if starts_on is not None and starts_on > due:
        raise InvalidInput(
            "start_after_due", "开始日期不能晚于完成时限", "the start date is after the due date"
        )
    return due


def _check_indicator(spec: IndicatorSpec) -> None:
    for key in filter(None, (spec.key, spec.base_key)):
        if not sources.is_known(key):
            raise InvalidInput("unknown_indicator", f"未知指标：{key}", f"unknown indicator: {key}")
    if not spec.target or spec.target <= 0 or (spec.base_key and spec.target > 100):
        raise InvalidInput(
            "invalid_target",
            "目标值须大于 0（比例类指标不超过 100）",
            "the target must be above 0 (at most 100 for a percentage)",
        )


@transaction.atomic
def task_create(
    *,
    actor: User,
    measure_id: int,
    region_code: str,
    title: str,
    owner_org: str,
    due_date: dt.date | None,
    owner_id: int | None = None,
    starts_on: dt.date | None = None,
    weight: int = 1,
    description: str = "",
    milestones: Sequence[tuple[str, dt.date]] = (),
    indicator: IndicatorSpec | None = None,
    parent: Task | None = None,
    decision: MeetingDecision | None = None,
) -> Task:
    """Assign a task of a visible measure to a region inside both the actor's scope (403) and
    the measure's plan region (422), due no earlier than the plan starts (422).

    After: the task exists with progress 0 (or its indicator's figure), a `created` report and
    an audit row. Nothing is written when any check fails.
    """
    measure = selectors.measure_get(user=actor, id=measure_id)
    code = check_region(actor, region_code)
    if not tree.within(code, measure.region_code):
        raise InvalidInput(
            "region_outside_plan",
            f"{tree.name_of(code)}不在该举措的实施范围内",
            f"{code} is outside the region of the measure's plan",
        )
    task = Task(
        measure=measure,
        region_code=code,
        parent=parent,
        decision=decision,
        title=check_text(title, field_zh="任务名称", field_en="title", max_length=200),
        owner_org=check_text(owner_org, field_zh="责任单位", field_en="owner_org", max_length=128),
        description=check_text(
            description, field_zh="要求", field_en="description", max_length=4000, required=False
        ),
        weight=_check_weight(weight),
        starts_on=starts_on,
        created_by=actor,
    )
    require(actor, "workplan.plan", task, hide=False)
    task.due_date = _check_due(measure, due_date, starts_on)
    task.owner = check_owner(owner_id, code)
    checked_milestones = []
    for name, day in milestones:
        check_not_before(
            day,
            measure.plan.starts_on,
            code="milestone_before_plan",
            zh="节点时限不能早于实施方案的开始日期",
            en="a milestone is due before the plan starts",
        )
        checked_milestones.append(
            Milestone(
                title=check_text(name, field_zh="节点", field_en="milestone", max_length=200),
                due_date=day,
            )
        )
    if indicator is not None:
        _check_indicator(indicator)
        task.progress_source = ProgressSource.INDICATOR
        task.indicator_key = indicator.key
        task.indicator_base_key = indicator.base_key
        task.indicator_target = indicator.target
    task.save()
    for m in checked_milestones:
        m.task = task
    Milestone.objects.bulk_create(checked_milestones)
    note = f"由会议决定创建：{decision.meeting.title}" if decision else ""
    write_report(task, actor=actor, source=ReportSource.CREATED, before=(0, task.status), note=note)
    audit_record(
        actor=actor, action="workplan.task_create", obj=task, detail={"measure": measure.pk}
    )
    if indicator is not None:
        sync_indicator(task, reader=actor)
    return task


@transaction.atomic
def task_update(
    *,
    actor: User,
    task_id: int,
    title: str | None = None,
    owner_org: str | None = None,
    owner_id: int | None = None,
    clear_owner: bool = False,
    due_date: dt.date | None = None,
    weight: int | None = None,
    description: str | None = None,
) -> Task:
    """Change a task's wording, owner, due date or weight (officers of its region). A new weight
    moves the parent's roll-up at once."""
    task = locked(actor, task_id)
    require(actor, "workplan.plan", task, hide=False)
    changed: dict[str, object] = {}
    if title is not None:
        task.title = check_text(title, field_zh="任务名称", field_en="title", max_length=200)
        changed["title"] = task.title
    if owner_org is not None:
        task.owner_org = check_text(
            owner_org, field_zh="责任单位", field_en="owner_org", max_length=128
        )
        changed["owner_org"] = task.owner_org
    if owner_id is not None or clear_owner:
        task.owner = None if clear_owner else check_owner(owner_id, task.region_code)
        changed["owner"] = task.owner_id
    if due_date is not None:
        _check_due(task.measure, due_date, task.starts_on)
        changed["due_date"] = due_date.isoformat()
        task.due_date = due_date
    if description is not None:
        task.description = check_text(
            description, field_zh="要求", field_en="description", max_length=4000, required=False
        )
    if weight is not None:
        task.weight = _check_weight(weight)
        changed["weight"] = task.weight
    task.save()
    audit_record(actor=actor, action="workplan.task_update", obj=task, detail=changed)
    if weight is not None and task.parent_id:
        rollup_from(task, actor=actor)
    return task


@transaction.atomic
def task_report_progress(
    *, actor: User, task_id: int, progress: object, note: str = "", status: str | None = None
) -> Task:
    """Report progress (0–100, else 422) on a task in the actor's region (404 elsewhere).

    100 marks it done; `status` may say so explicitly (done needs 100, planned needs 0). Tasks
    whose progress comes from sub-tasks or an indicator refuse manual reports (409). After: a
    dated report row, an audit row, and every ancestor's roll-up brought up to date.
    """
    task = locked(actor, task_id)
    require(actor, "workplan.report", task, hide=False)
    value = check_progress(progress)
    note = check_text(note, field_zh="说明", field_en="note", max_length=1000, required=False)
    if task.progress_source != ProgressSource.MANUAL:
        raise Conflict(
            "progress_not_manual",
            "该任务的进度由下级任务或指标自动计算，不能手工填报",
            "this task's progress comes from its sub-tasks or an indicator",
        )
    if status is not None:
        if status not in TaskStatus.values:
            raise InvalidInput("invalid_status", f"未知状态：{status}", f"unknown status: {status}")
        if (status == TaskStatus.DONE) != (value == 100) or (
            status == TaskStatus.PLANNED and value != 0
        ):
            raise InvalidInput(
                "status_progress_mismatch",
                "状态与进度不符（已完成须为 100，未开始须为 0）",
                "status and progress disagree (done needs 100, planned needs 0)",
            )
    before = (task.progress, task.status)
    set_progress(task, value, status)
    task.reported_at = timezone.now()
    task.save()
    write_report(task, actor=actor, source=ReportSource.MANUAL, before=before, note=note)
    audit_record(
        actor=actor,
        action="workplan.task_progress",
        obj=task,
        detail={"from": before[0], "to": task.progress, "status": task.status},
    )
    rollup_from(task, actor=actor)
    return task


@transaction.atomic
def task_split(*, actor: User, task_id: int, parts: Sequence[TaskSpec]) -> list[Task]:
    """Split a task among regions strictly under its own (each inside the actor's scope).

    Each part inherits the measure, and by default the title and due date; its owner
    organisation is required. After: the children exist and the parent's progress is their
    weighted roll-up from now on. All parts or none.
    """
    parent = locked(actor, task_id)
    require(actor, "workplan.plan", parent, hide=False)
    if parent.progress_source == ProgressSource.INDICATOR:
        raise Conflict(
            "indicator_task", "按指标计算进度的任务不能拆分", "an indicator task cannot be split"
        )
    if not parts or len(parts) > MAX_PARTS:
        raise InvalidInput(
            "invalid_parts", f"请给出 1–{MAX_PARTS} 项下级任务", f"give 1–{MAX_PARTS} parts"
        )
    codes = [p.region_code for p in parts]
    if len(set(codes)) != len(codes):
        raise InvalidInput("duplicate_region", "下级任务的地区重复", "a region appears twice")
    for code in codes:
        if code == parent.region_code or not tree.within(code, parent.region_code):
            raise InvalidInput(
                "split_region_not_below",
                f"{tree.name_of(code)}不在{tree.name_of(parent.region_code)}之下",
                f"{code} is not under {parent.region_code}",
            )
    children = [
        task_create(
            actor=actor,
            measure_id=parent.measure_id,
            region_code=p.region_code,
            title=p.title or parent.title,
            owner_org=p.owner_org,
            due_date=p.due_date or parent.due_date,
            owner_id=p.owner_id,
            weight=p.weight,
            description=p.description or parent.description,
            parent=parent,
        )
        for p in parts
    ]
    before = (parent.progress, parent.status)
    parent.progress_source = ProgressSource.CHILDREN
    set_progress(parent, selectors.rollup(list(parent.children.values_list("progress", "weight"))))
    parent.save()
    write_report(
        parent,
        actor=actor,
        source=ReportSource.ROLLUP,
        before=before,
        note=f"拆分为 {len(children)} 项下级任务",
    )
    audit_record(
        actor=actor,
        action="workplan.task_split",
        obj=parent,
        detail={"children": [c.pk for c in children]},
    )
    rollup_from(parent, actor=actor)
    return children
