from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from redrider.accounts.pages import focus_code, staff_required
from redrider.core.errors import DomainError

from . import selectors
from .exports import indicators_xlsx
from .registry import groups, labels


@staff_required
def console_indicators(request):
    code = request.GET.get("region") or focus_code(request)
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
