"""Points indicators: what riders earned and redeemed, and benefit applications; each defined
once (regions/figures.py). Ledger figures are net of reversals: a reversal entry takes its
amount back on the day it was posted."""

from __future__ import annotations

from django.db.models import BigIntegerField, Case, F, Q, Sum, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from redrider.regions.figures import Tally, labels, values_for

from .choices import OrderStatus, TransactionKind
from .models import BenefitApplication, RedemptionOrder, Transaction

TITLE = _("积分与惠骑")


def _net(kind: str) -> dict:
    """The transactions of `kind`, less the reversals of such transactions."""
    reversal = Q(kind=TransactionKind.REVERSAL, reverses__kind=kind)
    value = Coalesce(
        Sum(
            Case(
                When(kind=kind, then="amount"),
                When(reversal, then=-F("amount")),
                output_field=BigIntegerField(),
            )
        ),
        0,
    )
    return dict(model=Transaction, where=Q(kind=kind) | reversal, value=value)


INDICATORS = [
    Tally(
        key="points_awarded",
        label=_("发放积分"),
        definition=_("期间内奖励给骑手的积分，减去同期冲正的奖励（按记账日期）。"),
        unit=_("分"),
        **_net(TransactionKind.AWARD),
    ),
    Tally(
        key="points_redeemed",
        label=_("兑换积分"),
        definition=_("期间内骑手兑换商品、房租券所用积分，减去同期因取消、过期冲正退回的积分。"),
        unit=_("分"),
        **_net(TransactionKind.REDEMPTION),
    ),
    Tally(
        key="point_awards",
        label=_("积分发放（笔）"),
        definition=_("期间内记账的积分奖励笔数（冲正不抵减笔数）。"),
        unit=_("笔"),
        model=Transaction,
        where=Q(kind=TransactionKind.AWARD),
    ),
    Tally(
        key="redemption_orders",
        label=_("兑换订单"),
        definition=_("下单时间在期间内的积分兑换订单（含已取消）。"),
        unit=_("单"),
        model=RedemptionOrder,
    ),
    Tally(
        key="redemption_orders_fulfilled",
        label=_("已领取订单"),
        definition=_("下单时间在期间内、当前已领取的兑换订单。"),
        unit=_("单"),
        model=RedemptionOrder,
        where=Q(status=OrderStatus.FULFILLED),
    ),
    Tally(
        key="benefit_applications",
        label=_("惠骑政策申请"),
        definition=_("提交时间在期间内的惠骑政策（如公积金贷款贴息）申请。"),
        unit=_("件"),
        model=BenefitApplication,
    ),
]

LABELS = labels(INDICATORS)


def indicators(*, user, region_code: str) -> dict:
    """Every figure of this app for one region (all time), read from the rows."""
    return values_for(INDICATORS, user=user, region_code=region_code)
