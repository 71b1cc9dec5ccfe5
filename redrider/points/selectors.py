"""Reads of the points app. Staff reads start from `visible_to(user)`; riders read their own rows
through the `rider_*` selectors, which filter by the rider and never by a region.

Staff reads of transactions are `redacted()`: a confidential movement (a tip-off's reward) comes
out without its rider and source, whoever asks, and filtering by rider never finds one (the
filter would otherwise say who was rewarded). The one way to link it to a person is the audited
`services.points_confidential_reveal`."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from redrider.core.errors import NotFound
from redrider.stations.models import Station

from .models import (
    Account,
    Benefit,
    BenefitApplication,
    CatalogueItem,
    EarningRule,
    Entry,
    Fund,
    RedemptionOrder,
    Transaction,
)


def _get(qs, id: int, zh: str, en: str):
    obj = qs.filter(pk=id).first()
    if obj is None:
        raise NotFound(zh, en)
    return obj


def _region(qs, region: str | None):
    return qs.in_region(region) if region else qs


# --- staff -----------------------------------------------------------------------------------


def fund_list(*, user, region: str | None = None) -> QuerySet[Fund]:
    return _region(Fund.objects.visible_to(user), region).select_related("account")


def fund_get(*, user, id: int) -> Fund:
    return _get(fund_list(user=user), id, "积分基金", "fund")


def rule_list(*, user, region: str | None = None) -> QuerySet[EarningRule]:
    return _region(EarningRule.objects.visible_to(user), region).select_related("fund")


def rule_get(*, user, id: int) -> EarningRule:
    return _get(rule_list(user=user), id, "积分规则", "earning rule")


def transaction_list(
    *, user, region: str | None = None, kind: str = "", rider_id: int | None = None
) -> QuerySet[Transaction]:
    """The transactions of the user's region, newest first, confidential ones redacted."""
    qs = _region(Transaction.objects.visible_to(user), region).select_related("rider", "rule")
    if kind:
        qs = qs.filter(kind=kind)
    if rider_id:
        qs = qs.filter(rider_id=rider_id).without_confidential()
    return qs.order_by("-created_at", "-id").redacted()


def transaction_get(*, user, id: int) -> Transaction:
    return _get(transaction_list(user=user), id, "积分流水", "transaction")


def item_list(*, user, region: str | None = None) -> QuerySet[CatalogueItem]:
    return _region(CatalogueItem.objects.visible_to(user), region).select_related("station")


def item_get(*, user, id: int) -> CatalogueItem:
    return _get(item_list(user=user), id, "兑换商品", "catalogue item")


def item_station_get(*, user, id: int) -> Station:
    """The station an item is picked up at: one the staff member sees (404 otherwise)."""
    return _get(Station.objects.visible_to(user), id, "驿站", "station")


def order_list(*, user, region: str | None = None, status: str = "") -> QuerySet[RedemptionOrder]:
    qs = _region(RedemptionOrder.objects.visible_to(user), region).select_related("item", "rider")
    return qs.filter(status=status) if status else qs


def order_get(*, user, id: int) -> RedemptionOrder:
    return _get(order_list(user=user), id, "兑换订单", "order")


def benefit_list(*, user, region: str | None = None) -> QuerySet[Benefit]:
    return _region(Benefit.objects.visible_to(user), region)


def benefit_get(*, user, id: int) -> Benefit:
    return _get(benefit_list(user=user), id, "惠骑政策", "benefit")


def application_list(
    *, user, region: str | None = None, status: str = ""
) -> QuerySet[BenefitApplication]:
    qs = _region(BenefitApplication.objects.visible_to(user), region).select_related(
        "benefit", "rider"
    )
    return qs.filter(status=status) if status else qs


def application_get(*, user, id: int) -> BenefitApplication:
    return _get(application_list(user=user), id, "政策申请", "application")


# --- riders ----------------------------------------------------------------------------------


def rider_balance(*, user) -> int:
    return Account.objects.filter(user=user).values_list("balance", flat=True).first() or 0


def rider_entries(*, user) -> QuerySet[Entry]:
    """Every change of the rider's own balance, newest first (templates and the API show the
    transaction's `shown_source`, never a confidential source)."""
    return Entry.objects.filter(account__user=user).select_related("transaction").order_by("-id")


def rider_catalogue(*, user, region: str | None = None) -> QuerySet[CatalogueItem]:
    """Items on offer now (active, inside their validity window), optionally near one region."""
    now = timezone.now()
    qs = (
        CatalogueItem.objects.filter(active=True)
        .filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=now),
            Q(valid_until__isnull=True) | Q(valid_until__gt=now),
        )
        .select_related("station")
    )
    return qs.in_region(region) if region else qs


def rider_orders(*, user) -> QuerySet[RedemptionOrder]:
    return RedemptionOrder.objects.filter(rider=user).select_related("item", "item__station")


def rider_applications(*, user) -> QuerySet[BenefitApplication]:
    return BenefitApplication.objects.filter(rider=user).select_related("benefit")
