"""Points pages: the rider's balance, history, rewards and benefits; the staff overview with funds,
rules, catalogue, orders and benefit applications; the station host's fulfilment page."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from redrider.core.errors import DomainError
from redrider.web.context import focus_code
from redrider.web.decorators import staff_required

from . import selectors, services
from .choices import RuleCode
from .models import Entry


@login_required
def rider_home(request):
    user = request.user
    return render(request, "points/rider_home.html", {
        "balance": selectors.rider_balance(user=user),
        "movements": Entry.objects.filter(account__user=user).select_related("transaction").order_by("-id")[:5],
        "catalogue": selectors.rider_catalogue(user=user)[:50],
        "orders": selectors.rider_orders(user=user)[:20],
        "benefits": services.benefits_for_rider(user=user) if user.role == "rider" else [],
        "applications": {a.benefit_id: a for a in selectors.rider_applications(user=user)},
        "key_seed": uuid.uuid4().hex,
    })


@login_required
def rider_history(request):
    qs = Entry.objects.filter(account__user=request.user).select_related("transaction").order_by("-id")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "points/rider_history.html", {"page": page,
                                                          "balance": selectors.rider_balance(user=request.user)})


def _int(value, default=0):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@staff_required
def console_overview(request):
    user, region = request.user, focus_code(request)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "rule":
                services.rule_set(actor=user, region_code=request.POST.get("region_code", ""),
                                  code=request.POST.get("code", ""), name=request.POST.get("name", ""),
                                  points=_int(request.POST.get("points")),
                                  monthly_cap=_int(request.POST.get("monthly_cap")))
            elif action == "decide":
                services.benefit_decide(actor=user, application_id=_int(request.POST.get("id")),
                                        approve=request.POST.get("approve") == "1",
                                        note=request.POST.get("note", ""))
            elif action == "cancel_order":
                services.points_order_cancel(actor=user, order_id=_int(request.POST.get("id")),
                                             reason=request.POST.get("note", "") or "工作人员取消")
        except DomainError as exc:
            messages.error(request, exc.detail)
        else:
            messages.success(request, "已保存 / saved")
        return redirect("points:console_overview")
    return render(request, "points/console_overview.html", {
        "funds": selectors.fund_list(user=user, region=region)[:50],
        "rules": selectors.rule_list(user=user, region=region)[:100],
        "transactions": selectors.transaction_list(user=user, region=region)[:30],
        "items": selectors.item_list(user=user, region=region)[:100],
        "orders": selectors.order_list(user=user, region=region)[:50],
        "applications": selectors.application_list(user=user, region=region)[:50],
        "benefits": selectors.benefit_list(user=user, region=region)[:50],
        "rule_codes": RuleCode.choices, "focus": region,
    })


@staff_required
def host_fulfil(request):
    """The station host types (or scans) the rider's pickup code and hands the goods over."""
    done = None
    if request.method == "POST":
        try:
            done = services.points_order_fulfil(actor=request.user, pickup_code=request.POST.get("code", ""))
        except DomainError as exc:
            messages.error(request, exc.detail)
    pending = selectors.order_list(user=request.user, status="pending")[:50] \
        if request.user.role != "station_host" else \
        selectors.order_list(user=request.user, status="pending").filter(item__station__hosts=request.user)[:50]
    return render(request, "points/host_fulfil.html", {"done": done, "pending": pending})
