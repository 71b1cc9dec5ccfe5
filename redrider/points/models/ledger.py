"""The append-only double-entry points ledger (积分台账)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.query import ModelIterable
from django.utils.translation import gettext_lazy as _

from redrider.core.models import RegionOwned
from redrider.core.scoping import RegionScopedQuerySet

from ..choices import AccountKind, TransactionKind


class AppendOnlyQuerySet(models.QuerySet):
    """Ledger rows are inserted, never changed or deleted: corrections are reversals."""

    def update(self, **kwargs):
        raise TypeError("ledger rows are append-only")

    def delete(self):
        raise TypeError("ledger rows are append-only")


class AppendOnlyRegionQuerySet(AppendOnlyQuerySet, RegionScopedQuerySet):  # type: ignore[override]
    """Append-only rows that also belong to a region (`visible_to`, `in_region`)."""


def redact(tx: Transaction) -> Transaction:
    """Blank what would link a confidential transaction to a person: its rider, its source (which
    names the tip-off) and its idempotency key (which does too). In place; returns `tx`.

    A redacted instance cannot be written back: transactions are never saved twice.
    """
    if tx.confidential:
        tx.rider = None
        tx.source = ""
        tx.idempotency_key = None
        tx.redacted = True
    return tx


class _RedactedIterable(ModelIterable):
    def __iter__(self):
        for tx in super().__iter__():
            yield redact(tx)


class TransactionQuerySet(AppendOnlyRegionQuerySet):  # type: ignore[override]
    def redacted(self) -> TransactionQuerySet:
        """Every instance this queryset yields is `redact`ed (DESIGN §4 rule 7): what staff
        selectors hand to serializers, pages and exports."""
        clone = self.all()
        clone._iterable_class = _RedactedIterable
        return clone

    def without_confidential(self) -> TransactionQuerySet:
        return self.filter(confidential=False)


class Account(models.Model):
    """积分账户: one per rider, one per fund, plus the issuance, redemption and expiry accounts.

    Contract: `balance` is a cache of the sum of this account's entries, changed only by
    `points.services.ledger` in the same database transaction that inserts the entries, with a
    conditional update that refuses to go below zero (except the issuance account).
    `ledger_check` proves the cache equals the sum.
    """

    kind = models.CharField(_("类型"), max_length=12, choices=AccountKind.choices, db_index=True)
    # Unique name of system and fund accounts ("issuance", "redemption", "fund:<id>"), rider:<id>.
    code = models.CharField(_("账户编码"), max_length=64, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="points_account",
        verbose_name=_("骑手"),
    )
    name = models.CharField(_("名称"), max_length=128, blank=True)
    balance = models.BigIntegerField(_("余额"), default=0)
    created_at = models.DateTimeField(_("开户时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("积分账户")
        verbose_name_plural = _("积分账户")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(balance__gte=0) | models.Q(kind=AccountKind.ISSUANCE),
                name="points_account_balance_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.code


class Fund(RegionOwned):
    """积分基金: a region's budget that pays awards (e.g. 新都 丰行侠 ¥1M in points).

    Contract: `account` holds what is left; `budget_points` is the total ever granted to it
    from the issuance account (each grant is a ledger transaction).
    """

    name = models.CharField(_("名称"), max_length=128)
    account = models.OneToOneField(Account, on_delete=models.PROTECT, related_name="fund")
    budget_yuan = models.DecimalField(_("预算（元）"), max_digits=12, decimal_places=2, default=0)
    budget_points = models.BigIntegerField(_("预算（积分）"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("积分基金")
        verbose_name_plural = _("积分基金")
        ordering = ["region_code", "name"]

    def __str__(self) -> str:
        return self.name


class EarningRule(RegionOwned):
    """积分规则: how many points one event earns in a region, with a monthly cap per rider.

    `code` is a `choices.RuleCode` value, optionally narrowed by a suffix
    (`activity_checkin.first_aid`). The rule of the most specific region wins (county over
    prefecture over province); a narrowed code falls back to its plain code. `monthly_cap` (0 =
    none) bounds the points one rider earns from this rule in one calendar month (Asia/Shanghai).
    `fund` pays the awards; blank means the nearest active fund up the region tree.
    """

    code = models.CharField(_("规则编码"), max_length=64)
    name = models.CharField(_("名称"), max_length=128)
    points = models.PositiveIntegerField(_("积分"))
    monthly_cap = models.PositiveIntegerField(_("每月上限"), default=0)
    fund = models.ForeignKey(
        Fund,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rules",
        verbose_name=_("支付基金"),
    )
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("积分规则")
        verbose_name_plural = _("积分规则")
        ordering = ["region_code", "code"]
        constraints = [
            models.UniqueConstraint(fields=["region_code", "code"], name="points_rule_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.points}）"


class Transaction(RegionOwned):
    """积分流水: one balanced movement of points; its entries sum to zero.

    Append-only. `rule` and `source` say why points moved ("activity:12", "tipoff:7",
    "order:3"); `reverses` points at the transaction this one mirrors (each at most once).
    `idempotency_key` (unique when set) makes a retried award or redemption a no-op.
    `region_code` is where the movement happened (the activity's, the item's county).
    `confidential` is set by the service that posts the movement when it derives from a
    confidential person (a founded tip-off's informant, DESIGN §4 rule 7), and a reversal keeps
    its original's: staff reads then carry neither the rider nor the source (`redact`), and only
    the policy's `points.reveal_confidential` links it to a person, each look audited.
    """

    kind = models.CharField(
        _("类型"), max_length=12, choices=TransactionKind.choices, db_index=True
    )
    rule = models.ForeignKey(
        EarningRule,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transactions",
        verbose_name=_("规则"),
    )
    rule_code = models.CharField(_("规则编码"), max_length=64, blank=True)
    source = models.CharField(_("来源"), max_length=64, blank=True, db_index=True)
    memo = models.CharField(_("说明"), max_length=255, blank=True)
    rider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="points_transactions",
        verbose_name=_("骑手"),
    )
    amount = models.BigIntegerField(_("积分"), default=0)  # points moved (always ≥ 0)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("经办人"),
    )
    reverses = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
        verbose_name=_("冲正对象"),
    )
    idempotency_key = models.CharField(max_length=160, null=True, blank=True, unique=True)
    confidential = models.BooleanField(_("保密来源"), default=False, db_index=True)

    # Narrows RegionOwned's manager: same reads, plus the append-only guard and `redacted()`.
    objects = TransactionQuerySet.as_manager()  # type: ignore[assignment,misc]

    # True on an instance whose rider and source were blanked by `redact` (never stored).
    redacted = False

    class Meta:
        verbose_name = _("积分流水")
        verbose_name_plural = _("积分流水")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["rider", "rule_code", "created_at"])]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("ledger rows are append-only")
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} {self.amount}"

    @property
    def shown_source(self) -> str:
        """The source as its own rider may read it: empty when confidential (a line in their
        history never carries the tip-off's number)."""
        return "" if self.confidential else self.source


class Entry(models.Model):
    """分录: one signed amount on one account; a transaction's entries sum to zero."""

    transaction = models.ForeignKey(Transaction, on_delete=models.PROTECT, related_name="entries")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries")
    amount = models.BigIntegerField(_("金额"))  # + credit to the account, − debit
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("分录")
        verbose_name_plural = _("分录")
        constraints = [
            models.CheckConstraint(condition=~models.Q(amount=0), name="points_entry_not_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id}: {self.amount:+d}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("ledger rows are append-only")
        super().save(*args, **kwargs)
