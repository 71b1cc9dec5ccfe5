from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render

from redrider.core.errors import DomainError
from redrider.web.context import focus_code
from redrider.web.decorators import staff_required

from . import selectors, services
from .choices import STANDARD_ITEMS


@staff_required
def guidance_station_list(request):
    q = request.GET.get("q", "")
    qs = selectors.guidance_station_list(user=request.user, region=focus_code(request), q=q)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "orgs/guidance_stations.html", {"page": page, "q": q})


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
