"""Pages: the rider's appeal tab (H5) and the staff console (queue, case, map, indicators,
tip-offs). Thin: parse, call a selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, When
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from redrider.accounts.pages import focus_code, staff_required
from redrider.accounts.policy import can, is_rider
from redrider.core.errors import DomainError
from redrider.core.files import private_file_response
from redrider.riders.selectors import problem_get

from . import landmarks, selectors, services
from .choices import CATEGORY_RULES, AppealCategory, AppealStatus, Platform, TipoffCategory
from .exports import appeals_xlsx
from .models import TipoffPhoto
from .schemas import appeal_out
from .workflow import STAFF, actions_from

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _not_found(request):
    return render(request, "web/not_found.html", status=404)


def _rider_only(view):
    @login_required
    def wrapper(request, *args, **kwargs):
        if not is_rider(request.user):
            return redirect("appeals:console_queue")
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _categories() -> list[dict]:
    return [
        {
            "key": c.value,
            "label": c.label,
            "responsible": CATEGORY_RULES[c].responsible,
            "accept_days": CATEGORY_RULES[c].accept_days,
            "resolve_days": CATEGORY_RULES[c].resolve_days,
        }
        for c in AppealCategory
    ]


@_rider_only
def rider_home(request):
    """File an appeal in under a minute; my cases; notices."""
    cases = list(selectors.rider_appeal_list(user=request.user)[:50])
    notices = list(selectors.rider_notifications(user=request.user, unread_only=True)[:10])
    return render(
        request,
        "appeals/rider_home.html",
        {
            "categories": _categories(),
            "cases": cases,
            "notices": notices,
            "places": landmarks.rider_landmarks(request.user),
        },
    )


@_rider_only
def rider_case(request, pk: int):
    try:
        appeal = selectors.appeal_get(user=request.user, id=pk)
    except DomainError:
        return _not_found(request)
    services.notifications_mark_read(
        actor=request.user,
        ids=list(appeal.notifications.filter(user=request.user).values_list("pk", flat=True)),
    )
    data = appeal_out(appeal, user=request.user, detail=True)
    return render(
        request,
        "appeals/rider_case.html",
        {
            "appeal": appeal,
            "data": data,
            "where": landmarks.describe_point(appeal.lat, appeal.lng, appeal.region_code),
            # A photo can follow the case until it closes (the service says when there are
            # too many).
            "can_add_photo": appeal.rider_id == request.user.pk
            and appeal.status
            not in (AppealStatus.CONFIRMED, AppealStatus.REJECTED, AppealStatus.MERGED),
            "follow_up_open": appeal.rider_id == request.user.pk
            and appeal.follow_up_asked_at
            and not appeal.follow_up_answered_at,
        },
    )


@_rider_only
def rider_tipoffs(request):
    return render(
        request,
        "appeals/rider_tipoffs.html",
        {
            "categories": TipoffCategory.choices,
            "platforms": Platform.choices,
            "tipoffs": list(selectors.rider_tipoff_list(user=request.user)[:50]),
            "places": {"county": landmarks.rider_landmarks(request.user)["county"]},
        },
    )


def _queue_filters(request) -> dict:
    get = request.GET
    flag = lambda name: True if get.get(name) == "1" else None  # noqa: E731
    return {
        "status": get.get("status") or None,
        "category": get.get("category") or None,
        "overdue": flag("overdue"),
        "escalated": flag("escalated"),
        "queue": get.get("queue") == "1",
    }


def _urgent_first(qs):
    """Open cases by their next deadline (overdue first, then soon due), then the closed ones,
    newest first: the queue is read from the top by an officer deciding what to do next."""
    due = Case(
        When(status=AppealStatus.SUBMITTED, then=F("accept_due_at")),
        When(
            status__in=[AppealStatus.ACCEPTED, AppealStatus.IN_PROGRESS], then=F("resolve_due_at")
        ),
        default=None,
    )
    closed = Case(
        When(
            status__in=[AppealStatus.SUBMITTED, AppealStatus.ACCEPTED, AppealStatus.IN_PROGRESS],
            then=0,
        ),
        default=1,
        output_field=IntegerField(),
    )
    return qs.annotate(next_due=due, is_closed=closed).order_by(
        "is_closed", F("next_due").asc(nulls_last=True), "-submitted_at", "-id"
    )


@staff_required
def console_queue(request):
    """The work queue of the region in focus, filtered by status, category, overdue."""
    filters = _queue_filters(request)
    qs = _urgent_first(
        selectors.appeal_list(user=request.user, region=focus_code(request), **filters)
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    now = timezone.now()
    for a in page:
        due = a.accept_due_at if a.status == AppealStatus.SUBMITTED else a.resolve_due_at
        a.is_overdue = a.status in ("submitted", "accepted", "in_progress") and due and due < now
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "appeals/console_queue.html",
        {
            "page": page,
            "filters": filters,
            "categories": AppealCategory.choices,
            "statuses": AppealStatus.choices,
            "query": query.urlencode(),
        },
    )


@staff_required
def console_case(request, pk: int):
    try:
        appeal = selectors.appeal_get(user=request.user, id=pk)
    except DomainError:
        return _not_found(request)
    if request.method == "POST":
        try:
            services.appeal_transition(
                actor=request.user,
                appeal=appeal,
                action=request.POST.get("action", ""),
                note=request.POST.get("note", ""),
                into=request.POST.get("into") or None,
            )
        except DomainError as exc:
            messages.error(request, exc.detail)
        else:
            messages.success(request, "已更新 / updated")
        return redirect("appeals:console_case", pk=pk)
    data = appeal_out(appeal, user=request.user, detail=True)
    return render(
        request,
        "appeals/console_case.html",
        {
            "appeal": appeal,
            "data": data,
            "actions": actions_from(appeal.status, STAFF)
            if can(request.user, "appeals.handle", appeal)
            else [],
            "rule": CATEGORY_RULES[appeal.category],
            "where": landmarks.describe_point(appeal.lat, appeal.lng, appeal.region_code),
        },
    )


@staff_required
def console_map(request):
    return render(
        request,
        "appeals/console_map.html",
        {"categories": AppealCategory.choices, "focus": focus_code(request) or ""},
    )


@staff_required
def console_export(request):
    filters = _queue_filters(request)
    qs = selectors.appeal_list(user=request.user, region=focus_code(request), **filters)
    response = HttpResponse(appeals_xlsx(qs), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="appeals.xlsx"'
    return response


@staff_required
def console_indicators(request):
    code = focus_code(request)
    if code is None:
        return render(request, "web/forbidden.html", status=403)
    data = selectors.appeal_indicators(user=request.user, region_code=code)
    by_category = [(AppealCategory(k).label, v) for k, v in data["by_category"].items()]
    by_status = [(AppealStatus(k).label, v) for k, v in data["by_status"].items()]
    return render(
        request,
        "appeals/console_indicators.html",
        {"data": data, "by_category": by_category, "by_status": by_status},
    )


@staff_required
def console_tipoffs(request):
    qs = selectors.tipoff_list(
        user=request.user, region=focus_code(request), status=request.GET.get("status") or None
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "appeals/console_tipoffs.html", {"page": page})


@staff_required
def console_tipoff(request, pk: int):
    try:
        tipoff = selectors.tipoff_get(user=request.user, id=pk)
    except DomainError:
        return _not_found(request)
    informant = None
    if request.method == "POST":
        op = request.POST.get("op")
        try:
            if op == "reveal":
                informant = services.tipoff_informant_reveal(actor=request.user, tipoff=tipoff)
            elif op == "start":
                services.tipoff_start(actor=request.user, tipoff=tipoff)
            else:
                services.tipoff_verify(
                    actor=request.user,
                    tipoff=tipoff,
                    outcome=request.POST.get("outcome", ""),
                    note=request.POST.get("note", ""),
                )
        except DomainError as exc:
            messages.error(request, exc.detail)
        if informant is None:
            return redirect("appeals:console_tipoff", pk=pk)
        tipoff = selectors.tipoff_get(user=request.user, id=pk)
    return render(
        request,
        "appeals/console_tipoff.html",
        {
            "tipoff": tipoff,
            "informant": informant,
            "may_reveal": can(request.user, "appeals.view_informant", tipoff),
            "may_handle": can(request.user, "appeals.tipoff_handle", tipoff),
        },
    )


@login_required
def photo(request, pk: int):
    """A case photo for the rider who filed the case or staff of its region."""
    try:
        item = selectors.appeal_photo_get(user=request.user, id=pk)
    except DomainError:
        raise Http404 from None
    return private_file_response(item.image, content_type="image/jpeg")


@login_required
def tipoff_photo(request, pk: int):
    item = TipoffPhoto.objects.filter(pk=pk).first()
    if item is None:
        raise Http404
    try:
        selectors.tipoff_get(user=request.user, id=item.tipoff_id)
    except DomainError:
        raise Http404 from None
    return private_file_response(item.image, content_type="image/jpeg")


# ---- liaison problems raised as appeals (the census app's problem lists post here) ----------


def _next_or(request, default: str) -> str:
    target = request.POST.get("next") or ""
    ok = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if ok else default


@staff_required
@require_POST
def problem_raise(request, pk: int):
    """转为诉求 from the problem lists (liaison page, company page)."""
    if not can(request.user, "riders.census"):
        return render(request, "web/forbidden.html", status=403)
    try:
        problem = problem_get(user=request.user, id=pk)
    except DomainError:
        return _not_found(request)
    try:
        problem = services.problem_raise_appeal(
            actor=request.user, problem=problem, category=request.POST.get("category", "")
        )
        messages.success(request, f"已转为诉求 #{problem.appeal_id} / raised as an appeal")
    except DomainError as exc:
        messages.error(request, exc.detail)
    return redirect(_next_or(request, reverse("riders:liaison")))
