"""Console pages of the work plan: the board, tasks (report from a desk or a phone), meetings,
institutions, the Excel ledger and the scoped file downloads.

Thin: read through `board`/`selectors`, write through `services`; a refusal shows its message
on the page with the refusal's status and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from redrider.accounts.policy import can
from redrider.core.errors import DomainError
from redrider.regions import tree
from redrider.web.context import focus_code
from redrider.web.decorators import staff_required

from . import board, clock, exports, selectors, services, sources, workflow
from .choices import EvidenceKind, InstitutionStatus, MeetingKind, ProgressSource, TaskStatus
from .files import Upload
from .models import Evidence, Institution, Meeting


def _region(request) -> str | None:
    return request.GET.get("region") or focus_code(request)


def _int(value) -> int | None:
    return int(value) if value not in (None, "") and str(value).isdigit() else None


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _not_found(request):
    return render(request, "web/not_found.html", status=404)


def _refused(request, exc: DomainError):
    messages.error(request, exc.detail)
    return exc.status


def viewer_required(view):
    """Staff who may see the work plan (officers and instructors); others get 403."""

    @staff_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can(request.user, "workplan.view"):
            return render(request, "web/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


@viewer_required
def console_board(request):
    """The board (挂图作战): measure × region matrix, late and due-soon lists, timeline."""
    plan = _int(request.GET.get("plan"))
    try:
        matrix = board.matrix(user=request.user, region_code=_region(request), plan=plan)
        alerts = board.alerts(user=request.user, region_code=matrix["region_code"])
        bars = board.timeline(user=request.user, region_code=matrix["region_code"], plan=plan)
    except DomainError:
        return _not_found(request)
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
                (c, tree.name_of(c)) for c in tree.lineage(code) if _region_visible(request, c)
            ],
        },
    )


def _region_visible(request, code: str) -> bool:
    try:
        selectors.region_for(user=request.user, region_code=code)
    except DomainError:
        return False
    return True


@viewer_required
def console_tasks(request):
    g = request.GET
    filters = {
        "region_code": _region(request),
        "measure": _int(g.get("measure")),
        "overdue": True if g.get("overdue") == "1" else None,
        "due_soon": True if g.get("due_soon") == "1" else None,
        "status": g.get("status") or None,
        "mine": g.get("mine") == "1",
    }
    try:
        qs = selectors.task_list(user=request.user, **filters)
        measures = selectors.measure_list(user=request.user, region_code=filters["region_code"])
    except DomainError:
        return _not_found(request)
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


def _task_page(request, task_id: int, status: int = 200):
    try:
        task = selectors.task_get(user=request.user, id=task_id)
    except DomainError:
        return _not_found(request)
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
            "parent_visible": task.parent_id is not None and _task_visible(request, task.parent_id),
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
        return _task_page(request, task_id, status=_refused(request, exc))
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
            object_id=_int(p.get("object_id")),
        )
    except DomainError as exc:
        return _task_page(request, task_id, status=_refused(request, exc))
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
            due_date=_date(p.get("due_date")),
            weight=_int(p.get(f"weight_{code}")) or 1,
        )
        for code in p.getlist("regions")
    ]
    try:
        services.task_split(actor=request.user, task_id=task_id, parts=parts)
    except DomainError as exc:
        return _task_page(request, task_id, status=_refused(request, exc))
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
        return _task_page(request, task_id, status=_refused(request, exc))
    return redirect("workplan:task", task_id=task_id)


@staff_required
def ledger_export(request):
    if not can(request.user, "workplan.export"):
        return render(request, "web/forbidden.html", status=403)
    try:
        data = exports.ledger_xlsx(
            user=request.user, region_code=_region(request), plan=_int(request.GET.get("plan"))
        )
    except DomainError:
        return _not_found(request)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"workplan-{_region(request)}-{clock.today():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# ---------------------------------------------------------------- meetings


@viewer_required
def console_meetings(request):
    status = 200
    code = _region(request)
    if request.method == "POST":
        p = request.POST
        try:
            meeting = services.meeting_create(
                actor=request.user,
                region_code=p.get("region") or code or "",
                kind=p.get("kind", ""),
                title=p.get("title", ""),
                held_on=_date(p.get("held_on")) or clock.today(),
                place=p.get("place", ""),
                attendee_orgs=[
                    o.strip() for o in p.get("attendee_orgs", "").split("、") if o.strip()
                ],
                summary=p.get("summary", ""),
                decisions=[d.strip() for d in p.get("decisions", "").splitlines() if d.strip()],
            )
        except DomainError as exc:
            status = _refused(request, exc)
        else:
            return redirect("workplan:meeting", meeting_id=meeting.pk)
    try:
        qs = selectors.meeting_list(
            user=request.user, region_code=code, kind=request.GET.get("kind") or None
        )
    except DomainError:
        return _not_found(request)
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
        return _not_found(request)
    regions = [meeting.region_code, *tree.children(meeting.region_code)]
    return render(
        request,
        "workplan/meeting.html",
        {
            "meeting": meeting,
            "may_record": can(request.user, "workplan.meeting", meeting),
            "measures": selectors.measure_list(user=request.user, region_code=meeting.region_code),
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
    due = _date(p.get("due_date"))
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
            measure_id=_int(p.get("measure")),
            tasks=specs,
        )
    except DomainError as exc:
        return _meeting_page(request, meeting_id, status=_refused(request, exc))
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
        return _meeting_page(request, meeting_id, status=_refused(request, exc))
    return redirect("workplan:meeting", meeting_id=meeting_id)


# ---------------------------------------------------------------- institutions


@viewer_required
def console_institutions(request):
    try:
        categories = list(selectors.category_list(user=request.user, region_code=_region(request)))
    except DomainError:
        return _not_found(request)
    for c in categories:
        c.items = [
            (i, workflow.next_statuses(i.status), can(request.user, "workplan.institution", i))
            for i in c.institutions.all()
        ]
    return render(
        request,
        "workplan/institutions.html",
        {
            "categories": categories,
            "labels": dict(InstitutionStatus.choices),
            "today": clock.today(),
        },
    )


@viewer_required
@require_POST
def institution_transition(request, institution_id: int):
    p = request.POST
    upload = request.FILES.get("document")
    try:
        services.institution_transition(
            actor=request.user,
            institution_id=institution_id,
            status=p.get("status", ""),
            issuing_body=p.get("issuing_body", ""),
            issued_on=_date(p.get("issued_on")),
            document_number=p.get("document_number", ""),
            upload=Upload(upload.name, upload.read()) if upload else None,
        )
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, _("状态已更新"))
    return redirect(reverse("workplan:institutions") + f"#institution-{institution_id}")


# ---------------------------------------------------------------- files


def _file(request, field, name: str):
    if not field:
        return _not_found(request)
    return FileResponse(field.open("rb"), as_attachment=True, filename=name or field.name)


@viewer_required
def evidence_file(request, evidence_id: int):
    found = Evidence.objects.filter(pk=evidence_id).select_related("task").first()
    if found is None or not _task_visible(request, found.task_id):
        return _not_found(request)
    return _file(request, found.file, found.file_name)


def _task_visible(request, task_id: int) -> bool:
    try:
        selectors.task_get(user=request.user, id=task_id)
    except DomainError:
        return False
    return True


@viewer_required
def minutes_file(request, meeting_id: int):
    try:
        meeting: Meeting = selectors.meeting_get(user=request.user, id=meeting_id)
    except DomainError:
        return _not_found(request)
    return _file(request, meeting.minutes, meeting.minutes_name)


@viewer_required
def institution_file(request, institution_id: int):
    try:
        item: Institution = selectors.institution_get(user=request.user, id=institution_id)
    except DomainError:
        return _not_found(request)
    return _file(request, item.document, item.document_name)
