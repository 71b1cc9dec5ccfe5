"""Points indicators: what riders earned and redeemed, and benefit applications."""

from __future__ import annotations

from django.db.models import Sum

from redrider.regions.rollup import grouped

from .choices import OrderStatus, TransactionKind
from .models import BenefitApplication, RedemptionOrder, Transaction

TITLE = "积分与惠骑"

LABELS = {
    "points_awarded": "发放积分",
    "points_redeemed": "兑换积分",
    "redemption_orders": "兑换订单",
    "redemption_orders_fulfilled": "已领取订单",
    "benefit_applications": "惠骑政策申请",
}

TREND_LABELS = {"point_awards": "积分发放（笔）"}


def indicators(*, user, region_code: str) -> dict[str, int]:
    tx = Transaction.objects.visible_to(user).in_region(region_code)
    orders = RedemptionOrder.objects.visible_to(user).in_region(region_code)
    return {
        "points_awarded": tx.filter(kind=TransactionKind.AWARD).aggregate(n=Sum("amount"))["n"]
        or 0,
        "points_redeemed": tx.filter(kind=TransactionKind.REDEMPTION).aggregate(n=Sum("amount"))[
            "n"
        ]
        or 0,
        "redemption_orders": orders.count(),
        "redemption_orders_fulfilled": orders.filter(status=OrderStatus.FULFILLED).count(),
        "benefit_applications": BenefitApplication.objects.visible_to(user)
        .in_region(region_code)
        .count(),
    }


def series(*, user, region_code: str) -> dict:
    """Dated rows for the dashboard's monthly trends: key → (queryset, date field)."""
    tx = Transaction.objects.visible_to(user).in_region(region_code)
    return {
        "point_awards": (tx.filter(kind=TransactionKind.AWARD), "created_at"),
        "redemption_orders": (
            RedemptionOrder.objects.visible_to(user).in_region(region_code),
            "created_at",
        ),
    }


def indicators_many(*, user, parent_code: str, region_codes: list[str]) -> dict[str, dict]:
    """`indicators` for sibling regions at once: one grouped query per model."""
    from django.db.models import Count, Q

    tx = grouped(
        Transaction.objects.visible_to(user).in_region(parent_code),
        region_codes,
        awarded=Sum("amount", filter=Q(kind=TransactionKind.AWARD)),
        redeemed=Sum("amount", filter=Q(kind=TransactionKind.REDEMPTION)),
    )
    orders = grouped(
        RedemptionOrder.objects.visible_to(user).in_region(parent_code),
        region_codes,
        n=Count("id"),
        fulfilled=Count("id", filter=Q(status=OrderStatus.FULFILLED)),
    )
    applications = grouped(
        BenefitApplication.objects.visible_to(user).in_region(parent_code),
        region_codes,
        n=Count("id"),
    )
    return {
        code: {
            "points_awarded": tx[code]["awarded"],
            "points_redeemed": tx[code]["redeemed"],
            "redemption_orders": orders[code]["n"],
            "redemption_orders_fulfilled": orders[code]["fulfilled"],
            "benefit_applications": applications[code]["n"],
        }
        for code in region_codes
    }
