"""A task's page: report progress (from a desk or a phone), evidence, milestones, split."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from redrider.accounts.policy import can
from redrider.core.errors import DomainError
from redrider.regions import tree

from .. import clock, selectors, services, sources
from ..choices import EvidenceKind, ProgressSource
from ..files import Upload
from .base import (
    date_or_none,
    int_or_none,
    not_found,
    refused,
    task_visible,
    viewer_required,
)


def _task_page(request, task_id: int, status: int = 200):
    try:
        task = selectors.task_get(user=request.user, id=task_id)
    except DomainError:
        return not_found(request)
    today = clock.today()
    detail = selectors.task_detail(task, user=request.user, today=today)
    may_plan = can(request.user, "workplan.plan", task)
    children_regions = [(c, tree.name_of(c)) for c in tree.children(task.region_code)]
    return render(
        request,
        "workplan/task.html",
        {
            "task": task,
            **detail,
            "may_report": can(request.user, "workplan.report", task)
            and task.progress_source == ProgressSource.MANUAL,
            "may_evidence": can(request.user, "workplan.report", task),
            "may_plan": may_plan,
            "parent_visible": task.parent_id is not None and task_visible(request, task.parent_id),
            "may_split": may_plan
            and task.progress_source != ProgressSource.INDICATOR
            and children_regions,
            "children_regions": children_regions,
            "evidence_kinds": EvidenceKind.choices,
            "indicator_label": sources.labels().get(task.indicator_key, task.indicator_key),
            "today": today,
            "days_late": (today - task.due_date).days if task.is_overdue else 0,
        },
        status=status,
    )


@viewer_required
def console_task(request, task_id: int):
    return _task_page(request, task_id)


@viewer_required
@require_POST
def task_report(request, task_id: int):
    """Report progress, with an optional note and a piece of evidence in the same step."""
    p = request.POST
    try:
        progress = int(p.get("progress", ""))
    except ValueError:
        progress = -1  # refused by the service with its message
    try:
        services.task_report_progress(
            actor=request.user, task_id=task_id, progress=progress, note=p.get("note", "")
        )
    except DomainError as exc:
        return _task_page(request, task_id, status=refused(request, exc))
    upload = request.FILES.get("file")
    if upload is not None:
        try:
            services.evidence_add(
                actor=request.user,
                task_id=task_id,
                kind=EvidenceKind.FILE,
                text=p.get("note", ""),
                upload=Upload(upload.name, upload.read()),
            )
        except DomainError as exc:
            messages.error(request, exc.detail)
    messages.success(request, _("进度已更新"))
    return redirect("workplan:task", task_id=task_id)


@viewer_required
@require_POST
def task_evidence(request, task_id: int):
    p = request.POST
    kind = p.get("kind", "")
    upload = request.FILES.get("file")
    try:
        services.evidence_add(
            actor=request.user,
            task_id=task_id,
            kind=kind,
            text=p.get("text", ""),
            upload=Upload(upload.name, upload.read()) if upload else None,
            object_id=int_or_none(p.get("object_id")),
        )
    except DomainError as exc:
        return _task_page(request, task_id, status=refused(request, exc))
    messages.success(request, _("佐证材料已添加"))
    return redirect("workplan:task", task_id=task_id)


@viewer_required
@require_POST
def task_split(request, task_id: int):
    p = request.POST
    parts = [
        services.TaskSpec(
            region_code=code,
            owner_org=p.get(f"owner_org_{code}") or f"{tree.name_of(code)}市场监管局",
            due_date=date_or_none(p.get("due_date")),
            weight=int_or_none(p.get(f"weight_{code}")) or 1,
        )
        for code in p.getlist("regions")
    ]
    try:
        services.task_split(actor=request.user, task_id=task_id, parts=parts)
    except DomainError as exc:
        return _task_page(request, task_id, status=refused(request, exc))
    messages.success(request, _("已拆分为 %(n)d 项下级任务") % {"n": len(parts)})
    return redirect("workplan:task", task_id=task_id)


@viewer_required
@require_POST
def milestone_toggle(request, task_id: int, milestone_id: int):
    try:
        services.milestone_mark(
            actor=request.user, milestone_id=milestone_id, done=request.POST.get("done") == "1"
        )
    except DomainError as exc:
        return _task_page(request, task_id, status=refused(request, exc))
    return redirect("workplan:task", task_id=task_id)
