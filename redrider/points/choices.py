"""Choices of the points ledger, rewards and benefits."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# 1 point is worth ¥0.10: a fund's budget in yuan becomes budget × 10 points.
POINTS_PER_YUAN = 10


class AccountKind(models.TextChoices):
    RIDER = "rider", _("骑手账户")  # one per rider; never negative
    FUND = "fund", _("积分基金")  # a budget (e.g. 丰行侠 ¥1M) that pays awards; never negative
    ISSUANCE = "issuance", _("积分发行")  # where budgets come from: the only account below zero
    REDEMPTION = "redemption", _("兑换核销")  # the sink that receives redeemed points
    EXPIRY = "expiry", _("积分过期")  # the sink that receives expired points


# Only the issuance account may go below zero (it mirrors every budget ever granted).
NEGATIVE_ALLOWED = {AccountKind.ISSUANCE}

# Sink accounts keep no cached balance: their balance is the sum of their entries. Every
# redemption credits the redemption sink, so a cached, locked balance there made the sink row a
# global hot spot that serialised all redemptions. A sink is never debited except by the exact
# mirror of an earlier credit (a reversal, at most one per transaction), so its derived balance
# cannot go below zero and it needs neither a lock nor a check. Their `balance` column stays 0.
DERIVED_BALANCE = {AccountKind.REDEMPTION, AccountKind.EXPIRY}


class TransactionKind(models.TextChoices):
    GRANT = "grant", _("基金拨付")  # issuance → fund (a budget or a top-up)
    AWARD = "award", _("积分奖励")  # fund → rider, names its rule and source
    REDEMPTION = "redemption", _("积分兑换")  # rider → redemption sink
    EXPIRY = "expiry", _("积分过期")  # rider → expiry sink
    REVERSAL = "reversal", _("冲正")  # the exact mirror of an earlier transaction


class RuleCode(models.TextChoices):
    """Conventional earning-rule codes; `activity_checkin.<theme>` narrows by theme."""

    ACTIVITY_CHECKIN = "activity_checkin", _("活动签到")
    VOLUNTEER_HOUR = "volunteer_hour", _("志愿服务（每小时）")
    TIPOFF_FOUNDED = "tipoff_founded", _("线索查实")
    EXEMPLAR_TITLE = "exemplar_title", _("获评典型")
    MANUAL = "manual", _("人工奖励")


# Rules whose awards derive from a confidential person and are posted only by the service that
# knows it (a tip-off's verification): a hand-made award under one would let its monthly cap say
# whether some rider was rewarded for a tip-off this month.
CONFIDENTIAL_RULES = {RuleCode.TIPOFF_FOUNDED}


class ItemKind(models.TextChoices):
    GOODS = "goods", _("驿站实物")  # picked up at a station
    MERCHANT = "merchant", _("商户兑换")  # picked up at a partner merchant
    RENT_VOUCHER = "rent_voucher", _("房租抵扣券")  # rent offset at a partner apartment


class OrderStatus(models.TextChoices):
    PENDING = "pending", _("待领取")  # points taken, goods waiting at the pickup place
    FULFILLED = "fulfilled", _("已领取")  # the host scanned the pickup code
    CANCELLED = "cancelled", _("已取消")  # the rider or staff cancelled; points and stock returned
    EXPIRED = "expired", _("已过期")  # not picked up in time; points and stock returned


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待审核")  # the rider applied
    APPROVED = "approved", _("已批准")  # staff approved
    REJECTED = "rejected", _("未通过")  # staff rejected, with a note
