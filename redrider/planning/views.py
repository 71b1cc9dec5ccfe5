"""Staff planning page (覆盖规划) and the plan downloads."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from redrider.accounts.pages import focus_code, staff_required
from redrider.accounts.policy import can
from redrider.core.errors import DomainError

from . import analysis, exports, selectors
from .choices import DEFAULT_CANDIDATE_SOURCES, CandidateSource
from .models import SitePlan


@staff_required
def console_plan(request):
    """Pick a region, a promise, an open-at time and K; the page calls the JSON API to run the
    plan (following its progress when it runs in the background) and draws it. People the policy
    does not let plan (instructors, hosts) see the coverage only: no run button."""
    code = request.GET.get("region") or focus_code(request)
    try:
        region = selectors.region_for(user=request.user, region_code=code)
    except DomainError:
        return render(request, "web/not_found.html", status=404)
    plan = None
    if request.GET.get("plan", "").isdigit():
        try:
            plan = selectors.plan_get(user=request.user, id=int(request.GET["plan"]))
        except DomainError:
            return render(request, "web/not_found.html", status=404)
    context = {
        "region": region,
        "plans": selectors.plan_list(user=request.user, region_code=region.code)[:20],
        "demand_sets": selectors.demand_sets_in(region=region),
        "plan": plan,
        "can_plan": can(request.user, "planning.plan_create", SitePlan(region_code=region.code)),
        "defaults": {
            "minutes": analysis.DEFAULT_MINUTES,
            "speed_kmh": analysis.DEFAULT_SPEED_KMH,
            "detour": analysis.DEFAULT_DETOUR,
        },
        "sources": [
            (value, label, value in DEFAULT_CANDIDATE_SOURCES)
            for value, label in CandidateSource.choices
            if value != "custom"
        ],
        "config": {
            "region": region.code,
            "lat": region.lat,
            "lng": region.lng,
            "level": region.level,
            "plan": plan.pk if plan else None,
        },
    }
    return render(request, "planning/console_plan.html", context)


def _download(request, plan_id: int, kind: str):
    try:
        plan = selectors.plan_get(user=request.user, id=plan_id)
    except DomainError:
        return render(request, "web/not_found.html", status=404)
    if plan.status != "done":
        return render(request, "web/not_found.html", status=404)
    if kind == "xlsx":
        data = exports.plan_xlsx(plan)
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        data = exports.plan_docx(plan)
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    response = HttpResponse(data, content_type=mime)
    response["Content-Disposition"] = (
        f'attachment; filename="site-plan-{plan.region_code}-{plan.pk}.{kind}"'
    )
    return response


@staff_required
def plan_export_xlsx(request, plan_id: int):
    return _download(request, plan_id, "xlsx")


@staff_required
def plan_export_docx(request, plan_id: int):
    return _download(request, plan_id, "docx")
