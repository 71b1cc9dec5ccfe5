"""Meetings: the list, a meeting's page, decisions that create tasks, minutes."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from redrider.accounts.policy import can
from redrider.core.errors import DomainError
from redrider.regions import tree

from .. import clock, selectors, services
from ..choices import MeetingKind
from ..files import Upload
from ..models import Meeting
from .base import (
    date_or_none,
    int_or_none,
    not_found,
    refused,
    region_of,
    viewer_required,
)


@viewer_required
def console_meetings(request):
    status = 200
    code = region_of(request)
    if request.method == "POST":
        p = request.POST
        try:
            meeting = services.meeting_create(
                actor=request.user,
                region_code=p.get("region") or code or "",
                kind=p.get("kind", ""),
                title=p.get("title", ""),
                held_on=date_or_none(p.get("held_on")) or clock.today(),
                place=p.get("place", ""),
                attendee_orgs=[
                    o.strip() for o in p.get("attendee_orgs", "").split("、") if o.strip()
                ],
                summary=p.get("summary", ""),
                decisions=[d.strip() for d in p.get("decisions", "").splitlines() if d.strip()],
            )
        except DomainError as exc:
            status = refused(request, exc)
        else:
            return redirect("workplan:meeting", meeting_id=meeting.pk)
    try:
        qs = selectors.meeting_list(
            user=request.user, region_code=code, kind=request.GET.get("kind") or None
        )
    except DomainError:
        return not_found(request)
    return render(
        request,
        "workplan/meetings.html",
        {
            "page": Paginator(qs, 30).get_page(request.GET.get("page")),
            "kinds": MeetingKind.choices,
            "may_record": can(request.user, "workplan.meeting", Meeting(region_code=code or "")),
            "region_code": code,
            "filters": request.GET,
        },
        status=status,
    )


def _meeting_page(request, meeting_id: int, status: int = 200):
    try:
        meeting = selectors.meeting_get(user=request.user, id=meeting_id)
    except DomainError:
        return not_found(request)
    regions = [meeting.region_code, *tree.children(meeting.region_code)]
    may_record = can(request.user, "workplan.meeting", meeting)
    # The measures feed the decision form, which only a recorder sees; a county officer reading
    # the province's meeting (visible from below) has no scope over its region to list them in.
    measures = (
        selectors.measure_list(user=request.user, region_code=meeting.region_code)
        if may_record
        else []
    )
    return render(
        request,
        "workplan/meeting.html",
        {
            "meeting": meeting,
            "may_record": may_record,
            "measures": measures,
            "regions": [(c, tree.name_of(c)) for c in regions],
        },
        status=status,
    )


@viewer_required
def console_meeting(request, meeting_id: int):
    return _meeting_page(request, meeting_id)


@viewer_required
@require_POST
def meeting_decision(request, meeting_id: int):
    """A decision, and one task per chosen region under the chosen measure, in one step."""
    p = request.POST
    due = date_or_none(p.get("due_date"))
    specs = [
        services.TaskSpec(
            region_code=code,
            title=p.get("task_title", ""),
            owner_org=p.get("owner_org") or f"{tree.name_of(code)}市场监管局",
            due_date=due,
        )
        for code in p.getlist("regions")
    ]
    try:
        _decision, created = services.decision_create(
            actor=request.user,
            meeting_id=meeting_id,
            text=p.get("text", ""),
            measure_id=int_or_none(p.get("measure")),
            tasks=specs,
        )
    except DomainError as exc:
        return _meeting_page(request, meeting_id, status=refused(request, exc))
    messages.success(request, _("决定已记录，创建任务 %(n)d 项") % {"n": len(created)})
    return redirect("workplan:meeting", meeting_id=meeting_id)


@viewer_required
@require_POST
def meeting_minutes(request, meeting_id: int):
    upload = request.FILES.get("file")
    try:
        services.meeting_attach_minutes(
            actor=request.user,
            meeting_id=meeting_id,
            upload=Upload(upload.name, upload.read()) if upload else Upload("", b""),
        )
    except DomainError as exc:
        return _meeting_page(request, meeting_id, status=refused(request, exc))
    return redirect("workplan:meeting", meeting_id=meeting_id)
