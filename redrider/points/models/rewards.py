"""Rewards (积分兑换): catalogue items with ledger-held stock, and redemption orders."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from redrider.core.models import RegionOwned

from ..choices import ItemKind, OrderStatus
from .ledger import AppendOnlyQuerySet, Transaction


class CatalogueItem(RegionOwned):
    """兑换商品: goods at a station or merchant, or a rent-offset voucher, priced in points.

    Contract: `stock` is a cache of the sum of the item's `StockMovement` rows, changed only by
    `points.services.rewards` with a conditional update that never goes below zero.
    `per_rider_limit` (0 = none) bounds the quantity one rider holds in open or fulfilled
    orders; the item can be redeemed only inside [`valid_from`, `valid_until`].
    """

    # A station host sees the items picked up at their station (and restocks them).
    host_lookup = "station__hosts"

    name = models.CharField(_("名称"), max_length=128)
    kind = models.CharField(
        _("类型"), max_length=16, choices=ItemKind.choices, default=ItemKind.GOODS
    )
    description = models.CharField(_("说明"), max_length=255, blank=True)
    # Where goods are picked up: a warm station (its hosts fulfil), or a named merchant/apartment.
    station = models.ForeignKey(
        "stations.Station",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="catalogue_items",
        verbose_name=_("领取驿站"),
    )
    merchant_name = models.CharField(_("商户/公寓"), max_length=128, blank=True)
    cost = models.PositiveIntegerField(_("所需积分"))
    stock = models.IntegerField(_("库存"), default=0)
    per_rider_limit = models.PositiveIntegerField(_("每人限兑"), default=0)
    valid_from = models.DateTimeField(_("开始时间"), null=True, blank=True)
    valid_until = models.DateTimeField(_("截止时间"), null=True, blank=True)
    # Days the rider has to pick up an order before it expires and is reversed.
    pickup_days = models.PositiveSmallIntegerField(_("领取期限（天）"), default=14)
    active = models.BooleanField(_("上架"), default=True)

    class Meta:
        verbose_name = _("兑换商品")
        verbose_name_plural = _("兑换商品")
        ordering = ["region_code", "cost", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stock__gte=0), name="points_item_stock_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RedemptionOrder(RegionOwned):
    """兑换订单: points taken from a rider for `quantity` of an item, picked up with a code.

    Contract: a pending order holds its points in the redemption sink (`transaction`) and its
    stock out of the item; cancel or expiry writes `reversal` (the mirror transaction) and a
    returning stock movement. `pickup_code` is unique; the host fulfils by entering it.
    """

    # A station host sees the orders to be picked up at their station, nothing else of the ledger.
    host_lookup = "item__station__hosts"

    rider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="redemption_orders",
        verbose_name=_("骑手"),
    )
    item = models.ForeignKey(
        CatalogueItem, on_delete=models.PROTECT, related_name="orders", verbose_name=_("商品")
    )
    quantity = models.PositiveIntegerField(_("数量"))
    points = models.PositiveIntegerField(_("积分"))
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=OrderStatus.choices,
        default=OrderStatus.PENDING,
        db_index=True,
    )
    pickup_code = models.CharField(_("取货码"), max_length=12, unique=True)
    transaction = models.OneToOneField(Transaction, on_delete=models.PROTECT, related_name="order")
    reversal = models.OneToOneField(
        Transaction, null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_order"
    )
    expires_at = models.DateTimeField(_("领取截止"))
    closed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("经办人"),
    )

    class Meta:
        verbose_name = _("兑换订单")
        verbose_name_plural = _("兑换订单")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.item} × {self.quantity}"


class StockMovement(models.Model):
    """库存流水: one signed change of an item's stock (restock, redemption, return). Append-only."""

    item = models.ForeignKey(CatalogueItem, on_delete=models.PROTECT, related_name="movements")
    delta = models.IntegerField(_("变动"))
    reason = models.CharField(_("原因"), max_length=16)  # restock / redeem / return
    order = models.ForeignKey(
        RedemptionOrder, null=True, blank=True, on_delete=models.PROTECT, related_name="movements"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(delta=0), name="points_stock_delta_not_zero"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.delta:+d} {self.reason}"
