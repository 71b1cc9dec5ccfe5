"""Activity pages: the rider's list, detail and QR check-in page; the staff console."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal, InvalidOperation

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from redrider.accounts.pages import focus_code, staff_required
from redrider.core.errors import DomainError

from . import selectors, services
from .choices import Theme


def _float(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


@login_required
def rider_home(request):
    lat, lng = _float(request.GET.get("lat")), _float(request.GET.get("lng"))
    if lat is None or lng is None or not (-90 <= lat <= 90 and -180 <= lng <= 180):
        lat = lng = None
    theme = request.GET.get("theme", "")
    upcoming = selectors.rider_upcoming(
        user=request.user, lat=lat, lng=lng, theme=theme if theme in Theme.values else "", limit=30
    )
    return render(
        request,
        "activities/rider_home.html",
        {
            "upcoming": upcoming,
            "themes": Theme.choices,
            "theme": theme,
            "located": lat is not None,
            "mine": selectors.rider_signups(user=request.user)[:10],
            "certificates": selectors.rider_certificates(user=request.user),
            "hours": selectors.rider_volunteer_hours(user=request.user),
        },
    )


@login_required
def rider_detail(request, pk: int):
    try:
        activity = selectors.rider_activity(user=request.user, id=pk)
    except DomainError:
        return render(request, "web/not_found.html", status=404)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "cancel":
                services.signup_cancel(actor=request.user, activity_id=pk)
                messages.success(request, "已取消报名 / sign-up cancelled")
            else:
                signup = services.signup_create(actor=request.user, activity_id=pk)
                messages.success(request, f"{signup.get_status_display()}")
        except DomainError as exc:
            messages.error(request, exc.detail)
        return redirect("activities:rider_detail", pk=pk)
    return render(request, "activities/rider_detail.html", {"a": activity})


@login_required
def rider_checkin(request, token: str):
    """The page the venue QR code opens: one tap checks in (the API call carries a key made here,
    so a double tap or a retry never earns twice)."""
    try:
        activity = selectors.rider_activity_by_token(user=request.user, token=token)
    except DomainError:
        return render(request, "web/not_found.html", status=404)
    return render(
        request,
        "activities/rider_checkin.html",
        {
            "a": activity,
            "token": token,
            "key": f"checkin-{activity.pk}-{uuid.uuid4().hex}",
        },
    )


@staff_required
def console_list(request):
    theme = request.GET.get("theme", "")
    qs = selectors.activity_list(
        user=request.user,
        region=focus_code(request),
        theme=theme if theme in Theme.values else "",
        q=request.GET.get("q", ""),
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "activities/console_list.html",
        {"page": page, "themes": Theme.choices, "theme": theme, "q": request.GET.get("q", "")},
    )


def _local(value: str):
    parsed = parse_datetime(value or "")
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


@staff_required
def console_create(request):
    form = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        try:
            activity = services.activity_create(
                actor=request.user,
                title=form.get("title", ""),
                theme=form.get("theme", ""),
                organiser=form.get("organiser", ""),
                starts_at=_local(form.get("starts_at")),
                ends_at=_local(form.get("ends_at")),
                place=form.get("place", ""),
                lat=float(form.get("lat") or "nan"),
                lng=float(form.get("lng") or "nan"),
                region_code=form.get("region_code", ""),
                capacity=int(form.get("capacity") or 0),
                signup_required=form.get("signup_required") == "on",
                volunteer_hours=Decimal(form.get("volunteer_hours") or "0"),
                description=form.get("description", ""),
            )
        except (DomainError, ValueError, InvalidOperation) as exc:
            messages.error(request, getattr(exc, "detail", "输入无效 / invalid input"))
        else:
            messages.success(request, "已发布 / published")
            return redirect("activities:console_detail", pk=activity.pk)
    start = timezone.localtime() + dt.timedelta(days=3)
    return render(
        request,
        "activities/console_create.html",
        {
            "themes": Theme.choices,
            "form": form,
            "default_region": focus_code(request),
            "default_start": start.strftime("%Y-%m-%dT09:00"),
            "default_end": start.strftime("%Y-%m-%dT11:00"),
        },
    )


@staff_required
def console_detail(request, pk: int):
    try:
        activity = selectors.activity_get(user=request.user, id=pk)
    except DomainError:
        return render(request, "web/not_found.html", status=404)
    if request.method == "POST" and request.POST.get("action") == "cancel":
        try:
            services.activity_cancel(actor=request.user, activity_id=pk)
            messages.success(request, "活动已取消 / cancelled")
        except DomainError as exc:
            messages.error(request, exc.detail)
        return redirect("activities:console_detail", pk=pk)
    url = request.build_absolute_uri(
        reverse("activities:rider_checkin", args=[activity.checkin_token])
    )
    return render(
        request,
        "activities/console_detail.html",
        {
            "a": activity,
            "checkin_url": url,
            "qr_svg": segno.make(url, error="m").svg_inline(scale=5),
            "attendance": list(selectors.attendance(activity=activity)[:500]),
        },
    )


@staff_required
def console_attendance_xlsx(request, pk: int):
    """The whole attendance list of one activity in scope, as a workbook."""
    from django.http import HttpResponse

    from .exports import attendance_xlsx

    try:
        activity = selectors.activity_get(user=request.user, id=pk)
    except DomainError:
        return render(request, "web/not_found.html", status=404)
    data = attendance_xlsx(activity=activity, signups=selectors.attendance(activity=activity))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="attendance-{activity.pk}.xlsx"'
    return response
