from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from redrider.accounts.pages import FOCUS_KEY, focus_code, staff_required
from redrider.accounts.policy import can
from redrider.core.errors import DomainError
from redrider.core.scoping import code_within, user_scope_code
from redrider.regions import tree

from . import selectors
from .exports import indicators_xlsx
from .models import FiledReport
from .registry import groups, labels


@staff_required
def console_indicators(request):
    wanted = request.GET.get("region")
    scope = user_scope_code(request.user)
    if wanted and not (tree.is_known(wanted) and scope is not None and code_within(wanted, scope)):
        return render(request, "web/not_found.html", status=404)
    if wanted and wanted != focus_code(request):
        # Drilling down moves the console's region: the menu and the breadcrumb say where the
        # officer now is, and every other page follows.
        request.session[FOCUS_KEY] = wanted
        return redirect(request.path)
    code = focus_code(request)
    try:
        parent = selectors.indicators_for(user=request.user, region_code=code)
        children = selectors.indicators_children(user=request.user, region_code=code)
    except DomainError:
        return render(request, "web/not_found.html", status=404)
    names = labels()
    rows = [(k, names.get(k, k), v) for k, v in parent["indicators"].items()]
    chart = {
        "regions": [c["name"] for c in children["items"]],
        "series": {
            k: [c["indicators"].get(k, 0) for c in children["items"]] for k in parent["indicators"]
        },
        "labels": {k: names.get(k, k) for k in parent["indicators"]},
        "trendLabels": names,
        # The trend's last month is still running: the chart marks it "so far".
        "month": timezone.localdate().strftime("%Y-%m"),
    }
    return render(
        request,
        "dashboard/indicators.html",
        {
            "groups": groups(parent["indicators"]),
            "parent": parent,
            "children": children,
            "rows": rows,
            "keys": list(parent["indicators"]),
            "chart": chart,
        },
    )


CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _attachment(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[filename.rsplit(".", 1)[-1]])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_required
def filed_download(request, pk: int):
    """A filed report of a region the officer may take reports of (404 otherwise)."""
    found = FiledReport.objects.visible_to(request.user).filter(pk=pk).first()
    if found is None or not can(request.user, "dashboard.report", found):
        return render(request, "web/not_found.html", status=404)
    return _attachment(bytes(found.content), found.filename)


@staff_required
def indicators_export(request):
    code = request.GET.get("region") or focus_code(request)
    try:
        parent = selectors.indicators_for(user=request.user, region_code=code)
        children = selectors.indicators_children(user=request.user, region_code=code)
    except DomainError:
        return render(request, "web/not_found.html", status=404)
    data = indicators_xlsx(parent=parent, children=children, labels=labels())
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="indicators-{parent["region_code"]}.xlsx"'
    )
    return response
