from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render

from redrider.accounts.pages import focus_code, staff_required
from redrider.core.errors import DomainError

from . import selectors, services
from .choices import STANDARD_ITEMS

ORG_LISTS = {
    # kind → (title, selector, columns as (header, attribute))
    "committees": (
        "综合党委",
        selectors.committee_list,
        [
            ("名称", "name"),
            ("类别", "get_kind_display"),
            ("层级", "get_level_display"),
            ("书记", "secretary"),
            ("区划", "region_code"),
        ],
    ),
    "leading-groups": (
        "领导小组",
        selectors.leading_group_list,
        [
            ("名称", "name"),
            ("层级", "get_level_display"),
            ("组长", "leader"),
            ("区划", "region_code"),
        ],
    ),
    "instructors": (
        "指导员",
        selectors.instructor_list,
        [
            ("姓名", "name"),
            ("类别", "get_kind_display"),
            ("指导站", "station"),
            ("区划", "region_code"),
        ],
    ),
    "party-organisations": (
        "企业党组织",
        selectors.party_organisation_list,
        [
            ("名称", "name"),
            ("企业", "company_name"),
            ("企业类别", "get_company_kind_display"),
            ("党员人数", "members"),
            ("区划", "region_code"),
        ],
    ),
}


@staff_required
def org_list(request, kind: str):
    """One list of the work system (committees, groups, instructors, party organisations)."""
    if kind not in ORG_LISTS:
        return render(request, "web/not_found.html", status=404)
    title, selector, columns = ORG_LISTS[kind]
    qs = selector(user=request.user, region=focus_code(request))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = []
    for obj in page:
        cells = []
        for _header, attr in columns:
            value = getattr(obj, attr)
            cells.append(value() if callable(value) else value)
        rows.append(cells)
    return render(
        request,
        "orgs/org_list.html",
        {
            "title": title,
            "headers": [h for h, _a in columns],
            "rows": rows,
            "page": page,
            "kind": kind,
            "tabs": [(k, v[0]) for k, v in ORG_LISTS.items()],
        },
    )


@staff_required
def guidance_station_list(request):
    q = request.GET.get("q", "")
    qs = selectors.guidance_station_list(user=request.user, region=focus_code(request), q=q)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "orgs/guidance_stations.html",
        {
            "page": page,
            "q": q,
            "tabs": [(k, v[0]) for k, v in ORG_LISTS.items()],
        },
    )


@staff_required
def guidance_station_detail(request, pk: int):
    try:
        station = selectors.guidance_station_get(user=request.user, id=pk)
    except DomainError:
        return render(request, "web/not_found.html", status=404)
    if request.method == "POST":
        try:
            services.ledger_entry_create(
                actor=request.user,
                station=station,
                on=dt.date.fromisoformat(request.POST.get("on", "")),
                category=request.POST.get("category", ""),
                summary=request.POST.get("summary", ""),
                participants=int(request.POST.get("participants") or 0),
            )
        except (DomainError, ValueError) as exc:
            messages.error(
                request, getattr(exc, "detail", "日期或人数无效 / invalid date or number")
            )
        else:
            messages.success(request, "已记录 / saved")
        return redirect("orgs:guidance_station", pk=pk)
    ledger = list(selectors.ledger_list(user=request.user, station=station)[:200])
    for e in ledger:
        e.category_label = services.LEDGER_CATEGORIES.get(e.category, e.category)
    standard = [(label, getattr(station, f"{key}_on")) for key, label in STANDARD_ITEMS]
    return render(
        request,
        "orgs/guidance_station.html",
        {
            "station": station,
            "standard": standard,
            "ledger": ledger,
            "instructors": station.instructors.all(),
            "categories": services.LEDGER_CATEGORIES,
            "can_write": services.can_write(request.user, station),
        },
    )


@staff_required
def ledger_xlsx(request, pk: int):
    try:
        station = selectors.guidance_station_get(user=request.user, id=pk)
    except DomainError:
        return render(request, "web/not_found.html", status=404)
    data = services.ledger_export_xlsx(
        station=station, entries=selectors.ledger_list(user=request.user, station=station)
    )
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="ledger-{station.pk}.xlsx"'
    return response
