"""The mechanics every change of progress shares: one dated report per change, status from
progress, the roll-up up every level, and reading an indicator. Used by the task, evidence and
indicator services; nothing here checks permissions (the callers do)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from redrider.accounts.models import User
from redrider.accounts.policy import require
from redrider.core.errors import Conflict

from .. import clock, selectors, sources
from ..choices import ProgressSource, ReportSource, TaskStatus
from ..models import Task, TaskReport


def write_report(
    task: Task,
    *,
    actor: User | None,
    source: str,
    before: tuple[int, str],
    note: str = "",
    at: dt.datetime | None = None,
) -> TaskReport:
    """Append the dated report of one change (the task already holds its new figures)."""
    return TaskReport.objects.create(
        task=task,
        at=at or timezone.now(),
        reported_by=actor if getattr(actor, "pk", None) else None,
        source=source,
        progress_before=before[0],
        progress=task.progress,
        status_before=before[1],
        status=task.status,
        note=note[:1000],
    )


def status_for(progress: int, previous: str) -> str:
    """100 is done, anything above 0 under way; 0 stays planned unless work had started."""
    if progress == 100:
        return TaskStatus.DONE
    if progress > 0:
        return TaskStatus.IN_PROGRESS
    return TaskStatus.PLANNED if previous == TaskStatus.PLANNED else TaskStatus.IN_PROGRESS


def set_progress(task: Task, progress: int, status: str | None = None) -> None:
    """Progress, status and completion date together (the database insists done ⇔ 100)."""
    task.progress = progress
    task.status = status or status_for(progress, task.status)
    task.done_on = (task.done_on or clock.today()) if task.status == TaskStatus.DONE else None


def locked(actor: User, task_id: int) -> Task:
    """The task, locked for the caller's transaction; 404 outside the actor's region."""
    selectors.task_get(user=actor, id=task_id)  # 404 outside the actor's region
    return Task.objects.select_for_update().select_related("measure__plan").get(pk=task_id)


def rollup_from(task: Task, *, actor: User | None) -> None:
    """Bring every ancestor's progress up to its children's weighted roll-up, nearest first."""
    parent_id = task.parent_id
    while parent_id is not None:
        parent = Task.objects.select_for_update().get(pk=parent_id)
        rows = list(parent.children.values_list("progress", "weight"))
        value = selectors.rollup(rows)
        if value != parent.progress or parent.progress_source != ProgressSource.CHILDREN:
            before = (parent.progress, parent.status)
            parent.progress_source = ProgressSource.CHILDREN
            set_progress(parent, value)
            parent.save()
            if before != (parent.progress, parent.status):
                write_report(parent, actor=actor, source=ReportSource.ROLLUP, before=before)
        parent_id = parent.parent_id


def sync_indicator(task: Task, *, reader) -> bool:
    """Re-read the indicator and store the progress it gives; True when anything changed."""
    keys = [k for k in (task.indicator_key, task.indicator_base_key) if k]
    values = sources.read(user=reader, region_code=task.region_code, keys=keys)
    progress, figure = sources.progress_from(
        values.get(task.indicator_key),
        values.get(task.indicator_base_key) if task.indicator_base_key else None,
        task.indicator_target,
        ratio=bool(task.indicator_base_key),
    )
    if progress == task.progress and figure == task.indicator_value:
        return False
    before = (task.progress, task.status)
    set_progress(task, progress)
    task.indicator_value = figure
    task.reported_at = timezone.now()
    task.save()
    if before != (task.progress, task.status):
        write_report(
            task,
            actor=reader if isinstance(reader, User) else None,
            source=ReportSource.INDICATOR,
            before=before,
            note=f"{sources.labels().get(task.indicator_key, task.indicator_key)}：{figure}",
        )
        rollup_from(task, actor=None)
    return True


@transaction.atomic
def task_sync_indicator(*, actor: User, task_id: int) -> Task:
    """Re-read an indicator task's figure now (anyone who may report on it)."""
    task = locked(actor, task_id)
    require(actor, "workplan.report", task, hide=False)
    if task.progress_source != ProgressSource.INDICATOR:
        raise Conflict("not_indicator_task", "该任务不按指标计算进度", "not an indicator task")
    sync_indicator(task, reader=actor)
    return task


def tasks_sync_indicators() -> int:
    """Re-read every indicator task (the daily job); returns how many changed."""
    changed = 0
    for task_id in Task.objects.filter(progress_source=ProgressSource.INDICATOR).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            task = Task.objects.select_for_update().get(pk=task_id)
            changed += sync_indicator(task, reader=sources.PLATFORM_READER)
    return changed
