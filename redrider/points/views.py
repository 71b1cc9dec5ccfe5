"""Points pages: the rider's balance, history, rewards and benefits; the staff overview with funds,
rules, catalogue, orders and benefit applications; the station host's fulfilment page."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from redrider.accounts.pages import focus_code, staff_required
from redrider.accounts.policy import is_rider
from redrider.core.errors import DomainError, InvalidInput, NotFound
from redrider.geo.distance import haversine_m
from redrider.regions import tree
from redrider.riders.selectors import rider_profile_for_user

from . import selectors, services
from .choices import ItemKind, OrderStatus, RuleCode
from .entry_words import entries_in_words
from .models import Entry, RedemptionOrder

MAX_CATALOGUE = 100


def _catalogue_cards(user, balance: int) -> list[dict]:
    """The rider's catalogue as cards: each item with its place, its distance from the rider's
    work county seat (the page re-sorts by the phone's position when it has one) and, when it
    cannot be redeemed, the reason in words. Nearest first; items with no place last."""
    rider = rider_profile_for_user(user)
    seat = tree.tree().get(rider.region_code) if rider else None
    items = list(selectors.rider_catalogue(user=user)[:MAX_CATALOGUE])
    held = dict(
        RedemptionOrder.objects.filter(
            rider=user,
            item__in=[i.pk for i in items if i.per_rider_limit],
            status__in=[OrderStatus.PENDING, OrderStatus.FULFILLED],
        )
        .values("item")
        .annotate(n=Sum("quantity"))
        .values_list("item", "n")
    )
    cards = []
    for item in items:
        station = item.station
        distance = (
            haversine_m(seat.lat, seat.lng, station.lat, station.lng) if station and seat else None
        )
        reason, limit_reached = "", False
        if item.per_rider_limit and held.get(item.pk, 0) >= item.per_rider_limit:
            limit_reached = True
            reason = _("每人限兑 {n} 件，您已兑满").format(n=item.per_rider_limit)
        elif item.stock < 1:
            reason = _("已兑完，等待补货")
        elif item.cost > balance:
            reason = _("积分不足，还差 {n} 分").format(n=item.cost - balance)
        cards.append(
            {
                "item": item,
                "place": station.name if station else item.merchant_name,
                "lat": station.lat if station else None,
                "lng": station.lng if station else None,
                "distance_m": distance,
                "reason": reason,
                "limit_reached": limit_reached,
            }
        )
    far = float("inf")
    cards.sort(
        key=lambda c: (c["distance_m"] if c["distance_m"] is not None else far, c["item"].cost)
    )
    return cards


@login_required
def rider_home(request):
    user = request.user
    balance = selectors.rider_balance(user=user)
    movements = (
        Entry.objects.filter(account__user=user)
        .select_related("transaction")
        .order_by("-transaction__created_at", "-id")[:5]
    )
    return render(
        request,
        "points/rider_home.html",
        {
            "balance": balance,
            "movements": entries_in_words(movements),
            "catalogue": _catalogue_cards(user, balance),
            "orders": selectors.rider_orders(user=user).order_by("-created_at")[:20],
            "benefits": services.benefits_for_rider(user=user) if is_rider(user) else [],
            "applications": {a.benefit_id: a for a in selectors.rider_applications(user=user)},
        },
    )


@login_required
def rider_history(request):
    qs = selectors.rider_entries(user=request.user).order_by("-transaction__created_at", "-id")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "points/rider_history.html",
        {
            "page": page,
            "entries": entries_in_words(page.object_list),
            "balance": selectors.rider_balance(user=request.user),
        },
    )


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
                services.rule_set(
                    actor=user,
                    region_code=request.POST.get("region_code", ""),
                    code=request.POST.get("code", ""),
                    name=request.POST.get("name", ""),
                    points=_int(request.POST.get("points")),
                    monthly_cap=_int(request.POST.get("monthly_cap")),
                )
            elif action == "decide":
                services.benefit_decide(
                    actor=user,
                    application_id=_int(request.POST.get("id")),
                    approve=request.POST.get("approve") == "1",
                    note=request.POST.get("note", ""),
                )
            elif action == "cancel_order":
                services.points_order_cancel(
                    actor=user,
                    order_id=_int(request.POST.get("id")),
                    reason=request.POST.get("note", "") or "工作人员取消",
                )
        except DomainError as exc:
            messages.error(request, exc.detail)
        else:
            messages.success(request, "已保存 / saved")
        return redirect("points:console_overview")
    return render(
        request,
        "points/console_overview.html",
        {
            "funds": selectors.fund_list(user=user, region=region)[:50],
            "rules": selectors.rule_list(user=user, region=region)[:100],
            "transactions": selectors.transaction_list(user=user, region=region)[:30],
            "items": selectors.item_list(user=user, region=region)[:100],
            "orders": selectors.order_list(user=user, region=region)[:50],
            "applications": selectors.application_list(user=user, region=region)[:50],
            "benefits": selectors.benefit_list(user=user, region=region)[:50],
            "rule_codes": RuleCode.choices,
            "focus": region,
        },
    )


@staff_required
def host_fulfil(request):
    """The station host types (or scans) the rider's pickup code and hands the goods over."""
    done = None
    if request.method == "POST":
        try:
            done = services.points_order_fulfil(
                actor=request.user, pickup_code=request.POST.get("code", "")
            )
        except DomainError as exc:
            messages.error(request, exc.detail)
    # For a host, the selector already keeps the orders picked up at their stations only.
    pending = selectors.order_list(user=request.user, status="pending")[:50]
    return render(request, "points/host_fulfil.html", {"done": done, "pending": pending})


# --- Console forms: catalogue items (with stock top-ups) and benefits (with eligibility rules) ---


def _opt_int(value):
    """A form number: None when blank, the int when it parses, else the raw text (the service
    then answers 422 for it)."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        return value


def _opt_datetime(value, field: str):
    value = (value or "").strip()
    if not value:
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        raise InvalidInput(
            "invalid_datetime", f"时间格式无效：{field}", f"invalid date and time: {field}"
        )
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


def _form_error(request, template: str, context: dict, exc: DomainError):
    """Re-render the form with the refusal and its status (403/404/422); nothing was written."""
    return render(
        request, template, {**context, "error": exc.detail, "form": request.POST}, status=exc.status
    )


@staff_required
def console_item_form(request, id: int | None = None):
    """Create (no id) or edit a catalogue item. Stock is set once at creation and afterwards only
    topped up through the stock ledger (`console_item_restock`)."""
    user = request.user
    try:
        item = selectors.item_get(user=user, id=id) if id is not None else None
    except NotFound:
        raise Http404 from None
    context = {"item": item, "kinds": ItemKind.choices, "focus": focus_code(request)}
    if request.method != "POST":
        return render(request, "points/console_item_form.html", context)
    post = request.POST
    fields = {
        "name": post.get("name", ""),
        "cost": _opt_int(post.get("cost")),
        "description": post.get("description", ""),
        "merchant_name": post.get("merchant_name", ""),
        "per_rider_limit": _opt_int(post.get("per_rider_limit")) or 0,
        "pickup_days": _opt_int(post.get("pickup_days")) or 14,
    }
    try:
        for field in ("per_rider_limit", "pickup_days"):
            if not isinstance(fields[field], int) or fields[field] < 0:
                raise InvalidInput(
                    "invalid_number", f"{field} 须为非负整数", f"{field} must be a whole number ≥ 0"
                )
        fields["valid_from"] = _opt_datetime(post.get("valid_from"), "valid_from")
        fields["valid_until"] = _opt_datetime(post.get("valid_until"), "valid_until")
        if item is None:
            stock = _opt_int(post.get("stock")) or 0
            if not isinstance(stock, int):
                raise InvalidInput(
                    "invalid_stock", "库存须为非负整数", "stock must be a non-negative integer"
                )
            item = services.item_create(
                actor=user,
                region_code=post.get("region_code", "").strip(),
                kind=post.get("kind", ItemKind.GOODS),
                stock=stock,
                **fields,
            )
        else:
            item = services.item_update(
                actor=user, item_id=item.pk, active=post.get("active") == "1", **fields
            )
    except DomainError as exc:
        return _form_error(request, "points/console_item_form.html", context, exc)
    messages.success(request, "已保存 / saved")
    return redirect("points:console_item_edit", id=item.pk)


@staff_required
@require_POST
def console_item_restock(request, id: int):
    """Top up an item's stock: one `restock` stock movement (never a direct edit of the count)."""
    try:
        item = selectors.item_get(user=request.user, id=id)
    except NotFound:
        raise Http404 from None
    try:
        quantity = _opt_int(request.POST.get("quantity"))
        services.item_restock(actor=request.user, item_id=item.pk, quantity=quantity)
    except DomainError as exc:
        return _form_error(
            request,
            "points/console_item_form.html",
            {"item": item, "kinds": ItemKind.choices, "focus": focus_code(request)},
            exc,
        )
    messages.success(request, "已补货 / restocked")
    return redirect("points:console_item_edit", id=item.pk)


CONDITION_EXAMPLE = (
    '[{"field": "housing_fund_months", "op": ">=", "value": 6},\n'
    ' {"certificate": "first_aid"}, {"exemplar": true}, {"points_at_least": 500}]'
)


@staff_required
def console_benefit_form(request, id: int | None = None):
    """Publish (no id) or edit/withdraw a benefit with its eligibility rules (a JSON list of
    checks, validated by `eligibility.validate_conditions`)."""
    user = request.user
    try:
        benefit = selectors.benefit_get(user=user, id=id) if id is not None else None
    except NotFound:
        raise Http404 from None
    context = {
        "benefit": benefit,
        "focus": focus_code(request),
        "example": CONDITION_EXAMPLE,
        "conditions_text": json.dumps(benefit.conditions, ensure_ascii=False) if benefit else "[]",
    }
    if request.method != "POST":
        return render(request, "points/console_benefit_form.html", context)
    post = request.POST
    try:
        try:
            conditions = json.loads(post.get("conditions") or "[]")
        except json.JSONDecodeError as exc:
            raise InvalidInput(
                "invalid_conditions",
                f"申请条件不是有效的 JSON：{exc.msg}",
                f"conditions are not valid JSON: {exc.msg}",
            ) from None
        try:
            amount = (
                Decimal(post["max_amount_yuan"])
                if post.get("max_amount_yuan", "").strip()
                else None
            )
        except InvalidOperation:
            raise InvalidInput("invalid_amount", "金额无效", "invalid amount") from None
        fields = {
            "name": post.get("name", ""),
            "summary": post.get("summary", ""),
            "provider": post.get("provider", ""),
            "max_amount_yuan": amount,
            "conditions": conditions,
        }
        if benefit is None:
            benefit = services.benefit_create(
                actor=user, region_code=post.get("region_code", "").strip(), **fields
            )
        else:
            benefit = services.benefit_update(
                actor=user, benefit_id=benefit.pk, active=post.get("active") == "1", **fields
            )
    except DomainError as exc:
        return _form_error(
            request,
            "points/console_benefit_form.html",
            {**context, "conditions_text": post.get("conditions", "")},
            exc,
        )
    messages.success(request, "已发布 / published")
    return redirect("points:console_benefit_edit", id=benefit.pk)


@staff_required
def console_orders_xlsx(request):
    """Every redemption order of the region in focus (optionally one status), as a workbook."""
    from django.http import HttpResponse

    from .choices import OrderStatus
    from .exports import orders_xlsx

    status = request.GET.get("status", "")
    orders = selectors.order_list(
        user=request.user,
        region=focus_code(request),
        status=status if status in OrderStatus.values else "",
    ).order_by("id")
    response = HttpResponse(
        orders_xlsx(orders=orders),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="redemption-orders.xlsx"'
    return response


@staff_required
def console_ledger_xlsx(request):
    """The transactions of the region in focus (积分台账), oldest first, as a workbook; a
    confidential movement names neither rider nor source."""
    from django.http import HttpResponse

    from .exports import ledger_xlsx

    transactions = selectors.transaction_list(user=request.user, region=focus_code(request))
    response = HttpResponse(
        ledger_xlsx(transactions=transactions.order_by("id")),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="points-ledger.xlsx"'
    return response
