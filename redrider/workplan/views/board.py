"""The board (挂图作战), the task list and the Excel ledger."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from redrider.accounts.pages import staff_required
from redrider.accounts.policy import can
from redrider.core.errors import DomainError
from redrider.regions import tree

from .. import board, clock, exports, selectors
from ..choices import TaskStatus
from .base import (
    int_or_none,
    not_found,
    region_of,
    region_visible,
    viewer_required,
)


@viewer_required
def console_board(request):
    """The board (挂图作战): measure × region matrix, late and due-soon lists, timeline."""
    plan = int_or_none(request.GET.get("plan"))
    try:
        matrix = board.matrix(user=request.user, region_code=region_of(request), plan=plan)
        alerts = board.alerts(user=request.user, region_code=matrix["region_code"])
        bars = board.timeline(user=request.user, region_code=matrix["region_code"], plan=plan)
    except DomainError:
        return not_found(request)
    code = matrix["region_code"]
    digest = selectors.notification_list(user=request.user).first()
    return render(
        request,
        "workplan/board.html",
        {
            "matrix": matrix,
            "alerts": alerts,
            "timeline": {"items": bars, "today": clock.today().isoformat()},
            "plans": selectors.plan_list(user=request.user, region_code=code),
            "plan": plan,
            "digest": digest,
            "lineage": [
                (c, tree.name_of(c)) for c in tree.lineage(code) if region_visible(request, c)
            ],
        },
    )


@viewer_required
def console_tasks(request):
    g = request.GET
    filters = {
        "region_code": region_of(request),
        "measure": int_or_none(g.get("measure")),
        "overdue": True if g.get("overdue") == "1" else None,
        "due_soon": True if g.get("due_soon") == "1" else None,
        "status": g.get("status") or None,
        "mine": g.get("mine") == "1",
    }
    try:
        qs = selectors.task_list(user=request.user, **filters)
        measures = selectors.measure_list(user=request.user, region_code=filters["region_code"])
    except DomainError:
        return not_found(request)
    return render(
        request,
        "workplan/tasks.html",
        {
            "page": Paginator(qs, 50).get_page(g.get("page")),
            "measures": measures,
            "statuses": TaskStatus.choices,
            "filters": g,
        },
    )


@staff_required
def ledger_export(request):
    if not can(request.user, "workplan.export"):
        return render(request, "web/forbidden.html", status=403)
    try:
        data = exports.ledger_xlsx(
            user=request.user,
            region_code=region_of(request),
            plan=int_or_none(request.GET.get("plan")),
        )
    except DomainError:
        return not_found(request)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"workplan-{region_of(request)}-{clock.today():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
