"""Work-plan reads. Every one starts from `visible_to(user)`: another region's task answers 404
and never appears in a list, a count, the board or an export."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import BooleanField, Case, Prefetch, Q, QuerySet, Value, When

from redrider.accounts.policy import is_officer
from redrider.core.errors import InvalidInput, NotFound, PermissionDenied
from redrider.regions import tree

from . import clock
from .choices import ESCALATE_AGAIN_AFTER_DAYS, TaskStatus
from .models import (
    Institution,
    InstitutionCategory,
    Measure,
    Meeting,
    Notification,
    Plan,
    Task,
)


def region_for(*, user, region_code: str | None) -> str:
    """The region asked about: a known node (422 otherwise) inside the user's scope (404
    otherwise); the user's own scope when none is given. Users with no region scope get 403."""
    scope = tree.user_region(user)
    if scope is None:
        raise PermissionDenied()
    code = region_code or scope
    if not tree.is_known(code):
        raise InvalidInput("unknown_region", f"未知的行政区划：{code}", f"unknown region: {code}")
    if not tree.within(code, scope):
        raise NotFound("行政区划", "region")
    return code


def overdue_q(today: dt.date) -> Q:
    """Overdue: due before today (Asia/Shanghai) and not done."""
    return Q(due_date__lt=today) & ~Q(status=TaskStatus.DONE)


def due_soon_q(today: dt.date) -> Q:
    """Due soon: not done, due between today and the end of the due-soon window."""
    return Q(due_date__gte=today, due_date__lte=clock.due_soon_until(today)) & ~Q(
        status=TaskStatus.DONE
    )


def with_flags(qs: QuerySet[Task], today: dt.date) -> QuerySet[Task]:
    return qs.annotate(
        is_overdue=Case(
            When(overdue_q(today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        is_due_soon=Case(
            When(due_soon_q(today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


# ---------------------------------------------------------------- plans and measures


def plan_list(*, user, region_code: str | None = None) -> QuerySet[Plan]:
    qs = Plan.objects.visible_to(user)
    if region_code:
        qs = qs.applying_to(region_for(user=user, region_code=region_code))
    return qs.order_by("region_code", "-starts_on", "id")


def plan_get(*, user, id: int) -> Plan:
    found = Plan.objects.visible_to(user).filter(pk=id).first()
    if found is None:
        raise NotFound("实施方案", "plan")
    return found


def measure_list(
    *, user, region_code: str | None = None, plan: int | None = None
) -> QuerySet[Measure]:
    """The measures in force in the region: those of its own plans and of the plans above it."""
    code = region_for(user=user, region_code=region_code)
    qs = Measure.objects.visible_to(user).applying_to(code).select_related("plan")
    if plan is not None:
        qs = qs.filter(plan_id=plan)
    return qs.order_by("plan__region_code", "plan__starts_on", "plan_id", "number")


def measure_get(*, user, id: int) -> Measure:
    found = Measure.objects.visible_to(user).select_related("plan").filter(pk=id).first()
    if found is None:
        raise NotFound("举措", "measure")
    return found


def rollup(rows: list[tuple[int, int]]) -> int:
    """The weighted mean of (progress, weight) pairs, rounded down (0 when there are none).

    Rounded down so that 100 means every part is done: one unfinished part keeps it below 100.
    """
    total = sum(w for _p, w in rows)
    if not total:
        return 0
    return sum(p * w for p, w in rows) // total


def roots_within(tasks: list[dict[str, Any]], code: str) -> list[dict[str, Any]]:
    """The tasks that stand for themselves inside region `code`: those whose parent is not in it
    (a split task's children are already counted in their parent's roll-up)."""
    prefix = tree.prefix(code)
    return [
        t
        for t in tasks
        if t["parent_id"] is None or not (t["parent__region_code"] or "").startswith(prefix)
    ]


TASK_FIGURE_FIELDS = (
    "id",
    "measure_id",
    "parent_id",
    "parent__region_code",
    "region_code",
    "weight",
    "progress",
    "status",
    "due_date",
)


def task_rows(*, user, region_code: str, measures: list[int] | None = None) -> list[dict]:
    """The light rows (figures only) of every visible task in the region, in one query."""
    qs = Task.objects.visible_to(user).in_region(region_code)
    if measures is not None:
        qs = qs.filter(measure_id__in=measures)
    return list(qs.order_by().values(*TASK_FIGURE_FIELDS))


def figures(rows: list[dict[str, Any]], code: str, today: dt.date) -> dict[str, Any]:
    """Totals of a set of task rows in region `code`: progress (roll-up of its root tasks),
    how many tasks, done, overdue and due soon."""
    soon = clock.due_soon_until(today)
    open_rows = [r for r in rows if r["status"] != TaskStatus.DONE]
    return {
        "progress": rollup([(r["progress"], r["weight"]) for r in roots_within(rows, code)]),
        "tasks_total": len(rows),
        "tasks_done": len(rows) - len(open_rows),
        "tasks_overdue": sum(1 for r in open_rows if r["due_date"] < today),
        "tasks_due_soon": sum(1 for r in open_rows if today <= r["due_date"] <= soon),
    }


def measure_figures(
    *, user, region_code: str, measures: list[Measure], today: dt.date | None = None
) -> dict[int, dict[str, Any]]:
    """Each measure's figures over the visible tasks in the region (one query for all)."""
    today = today or clock.today()
    rows = task_rows(user=user, region_code=region_code, measures=[m.pk for m in measures])
    by_measure: dict[int, list[dict]] = {m.pk: [] for m in measures}
    for row in rows:
        by_measure[row["measure_id"]].append(row)
    return {pk: figures(r, region_code, today) for pk, r in by_measure.items()}


def measures_with_figures(
    *, user, region_code: str | None = None, plan: int | None = None, today: dt.date | None = None
) -> tuple[str, list[dict[str, Any]]]:
    """The region and its measures in force, each with its figures over the region's tasks."""
    code = region_for(user=user, region_code=region_code)
    measures = list(measure_list(user=user, region_code=code, plan=plan))
    numbers = measure_figures(user=user, region_code=code, measures=measures, today=today)
    return code, [measure_row(m, numbers[m.pk]) for m in measures]


def measure_row(measure: Measure, numbers: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": measure.pk,
        "plan_id": measure.plan_id,
        "number": measure.number,
        "title": measure.title,
        "owner": measure.owner_org,
        "region_code": measure.region_code,
        **numbers,
    }


# ---------------------------------------------------------------- tasks


def task_list(
    *,
    user,
    region_code: str | None = None,
    measure: int | None = None,
    plan: int | None = None,
    overdue: bool | None = None,
    due_soon: bool | None = None,
    status: str | None = None,
    mine: bool = False,
    parent: int | None = None,
    today: dt.date | None = None,
) -> QuerySet[Task]:
    """Visible tasks, filtered; each carries `is_overdue` and `is_due_soon`."""
    today = today or clock.today()
    qs = Task.objects.visible_to(user)
    if region_code:
        qs = qs.in_region(region_for(user=user, region_code=region_code))
    if measure is not None:
        qs = qs.filter(measure_id=measure)
    if plan is not None:
        qs = qs.filter(measure__plan_id=plan)
    if parent is not None:
        qs = qs.filter(parent_id=parent)
    if status:
        if status not in TaskStatus.values:
            raise InvalidInput("invalid_status", f"未知状态：{status}", f"unknown status: {status}")
        qs = qs.filter(status=status)
    if overdue is not None:
        qs = qs.filter(overdue_q(today)) if overdue else qs.exclude(overdue_q(today))
    if due_soon is not None:
        qs = qs.filter(due_soon_q(today)) if due_soon else qs.exclude(due_soon_q(today))
    if mine:
        qs = qs.filter(owned_by_q(user))
    qs = with_flags(qs, today).select_related("measure", "owner")
    return qs.order_by("due_date", "measure__number", "region_code", "id")


def task_get(*, user, id: int, today: dt.date | None = None) -> Task:
    found = (
        with_flags(Task.objects.visible_to(user), today or clock.today())
        .select_related("measure__plan", "owner", "parent", "decision__meeting")
        .filter(pk=id)
        .first()
    )
    if found is None:
        raise NotFound("任务", "task")
    return found


def task_detail(task: Task, *, user, today: dt.date | None = None) -> dict[str, Any]:
    """What the task page and the API detail show besides the task: its children (visible),
    milestones, evidence and the dated history of reports."""
    today = today or clock.today()
    children = list(
        with_flags(Task.objects.visible_to(user).filter(parent=task), today)
        .select_related("owner")
        .order_by("region_code", "id")
    )
    days_late = (today - task.due_date).days if task.status != TaskStatus.DONE else 0
    return {
        "escalated_to": escalation_target(task.region_code, days_late),
        "children": children,
        "milestones": list(task.milestones.all()),
        "evidence": list(
            task.evidence.select_related("activity", "station", "visit__company", "added_by")
        ),
        "reports": list(task.reports.select_related("reported_by")),
    }


def owned_by_q(user) -> Q:
    """Tasks a user answers for: named as owner, or — when a task names no one — assigned to
    exactly the region the user (an officer) is responsible for."""
    mine = Q(owner_id=user.pk)
    if is_officer(user):
        mine |= Q(owner__isnull=True, region_code=user.scope_code)
    return mine


def digest_for(*, user, today: dt.date | None = None) -> tuple[list[Task], list[Task]]:
    """The user's own late tasks and their tasks due soon (not done), nothing else."""
    today = today or clock.today()
    mine = Task.objects.visible_to(user).filter(owned_by_q(user)).select_related("measure")
    late = list(mine.filter(overdue_q(today)).order_by("due_date", "id"))
    soon = list(mine.filter(due_soon_q(today)).order_by("due_date", "id"))
    return late, soon


def escalation_target(region_code: str, days_late: int) -> str | None:
    """Where an overdue task's lateness is shown besides its own region: the parent region at
    once, the grandparent once it is `ESCALATE_AGAIN_AFTER_DAYS` late (督办 climbs a level)."""
    chain = tree.ancestors(region_code)
    if days_late < 1 or not chain:
        return None
    level = 1 if days_late >= ESCALATE_AGAIN_AFTER_DAYS else 0
    return chain[min(level, len(chain) - 1)]


def escalated_to(*, user, region_code: str, today: dt.date | None = None) -> list[tuple[Task, int]]:
    """Overdue tasks of the regions below that have escalated to `region_code`, with days late."""
    today = today or clock.today()
    below = (
        Task.objects.visible_to(user)
        .in_region(region_code)
        .exclude(region_code=region_code)
        .filter(overdue_q(today))
        .select_related("measure", "owner")
        .order_by("due_date", "id")
    )
    out = []
    for task in below:
        days = (today - task.due_date).days
        if escalation_target(task.region_code, days) == region_code:
            out.append((task, days))
    return out


# ---------------------------------------------------------------- meetings and institutions


def meeting_list(
    *, user, region_code: str | None = None, kind: str | None = None, year: int | None = None
) -> QuerySet[Meeting]:
    qs = Meeting.objects.visible_to(user)
    if region_code:
        qs = qs.concerning(region_for(user=user, region_code=region_code))
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(held_on__year=year)
    return qs.prefetch_related("decisions__tasks", "attendees").order_by("-held_on", "-id")


def meeting_get(*, user, id: int) -> Meeting:
    found = (
        Meeting.objects.visible_to(user)
        .prefetch_related("decisions__tasks", "attendees")
        .filter(pk=id)
        .first()
    )
    if found is None:
        raise NotFound("会议", "meeting")
    return found


def category_list(*, user, region_code: str | None = None) -> QuerySet[InstitutionCategory]:
    qs = InstitutionCategory.objects.visible_to(user)
    if region_code:
        qs = qs.concerning(region_for(user=user, region_code=region_code))
    return qs.prefetch_related(
        Prefetch("institutions", queryset=Institution.objects.order_by("number", "id"))
    ).order_by("region_code", "number")


def category_get(*, user, id: int) -> InstitutionCategory:
    found = InstitutionCategory.objects.visible_to(user).filter(pk=id).first()
    if found is None:
        raise NotFound("制度类别", "institution category")
    return found


def institution_list(
    *,
    user,
    region_code: str | None = None,
    category: int | None = None,
    status: str | None = None,
) -> QuerySet[Institution]:
    qs = Institution.objects.visible_to(user)
    if region_code:
        qs = qs.concerning(region_for(user=user, region_code=region_code))
    if category is not None:
        qs = qs.filter(category_id=category)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("category").order_by("region_code", "category__number", "number")


def institution_get(*, user, id: int) -> Institution:
    found = Institution.objects.visible_to(user).select_related("category").filter(pk=id).first()
    if found is None:
        raise NotFound("制度", "institution")
    return found


def notification_list(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(user_id=user.pk).order_by("-created_at", "-id")
