"""Riders' appeals (诉求) with their timeline, "me too" supporters, photos and notifications,
and tip-offs (线索) with evidence photos and their pending rewards."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from redrider.core.models import RegionOwned

from .choices import (
    AppealCategory,
    AppealStatus,
    Platform,
    RewardStatus,
    TipoffCategory,
    TipoffOutcome,
    TipoffStatus,
)


class Appeal(RegionOwned):
    """诉求: one difficulty a rider reported at a place.

    `region_code` is the county the pin falls in (it never changes, so the county keeps the case
    in its queue); `handling_code` is the region whose queue must act now: the county at first,
    its parent after an escalation. Coordinates are WGS-84. Status changes only through
    `services.appeal_transition`, which also writes an `AppealEvent` and an audit row.
    """

    rider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="appeals",
        verbose_name=_("骑手"),
    )
    category = models.CharField(
        _("类别"), max_length=24, choices=AppealCategory.choices, db_index=True
    )
    description = models.CharField(_("问题描述"), max_length=500)
    lat = models.FloatField(_("纬度"))
    lng = models.FloatField(_("经度"))
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=AppealStatus.choices,
        default=AppealStatus.SUBMITTED,
        db_index=True,
    )
    assigned_office = models.ForeignKey(
        "orgs.Office",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appeals",
        verbose_name=_("承办市场监管所"),
    )
    assigned_committee = models.ForeignKey(
        "orgs.Committee",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appeals",
        verbose_name=_("承办综合党委"),
    )
    handling_code = models.CharField(_("当前承办区划"), max_length=6, db_index=True)
    escalation_level = models.PositiveSmallIntegerField(_("升级次数"), default=0)
    escalated_at = models.DateTimeField(_("升级时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), db_index=True)
    accept_due_at = models.DateTimeField(_("受理期限"))
    resolve_due_at = models.DateTimeField(_("办结期限"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_cases",
        verbose_name=_("合并至"),
    )
    satisfaction = models.PositiveSmallIntegerField(_("满意度"), null=True, blank=True)
    follow_up_asked_at = models.DateTimeField(_("回访时间"), null=True, blank=True)
    follow_up_still_fixed = models.BooleanField(_("回访：仍已解决"), null=True, blank=True)
    follow_up_answered_at = models.DateTimeField(_("回访答复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("诉求")
        verbose_name_plural = _("诉求")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["status", "category"]),
            models.Index(fields=["handling_code", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True)
                | models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="appeal_satisfaction_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_category_display()}"

    @property
    def assigned_org(self) -> dict | None:
        """The organisation handling the case, as the API shows it."""
        office, committee = self.assigned_office, self.assigned_committee
        if office is not None:
            return {"kind": "office", "id": office.pk, "name": office.name}
        if committee is not None:
            return {"kind": "committee", "id": committee.pk, "name": committee.name}
        return None


class AppealEvent(models.Model):
    """One step on a case's timeline: who did what, when, with which note. Append-only."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("时间"), db_index=True)
    action = models.CharField(_("动作"), max_length=24)
    from_status = models.CharField(_("原状态"), max_length=16, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(_("操作人"), max_length=150, blank=True)
    note = models.CharField(_("说明"), max_length=1000, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("诉求进程")
        verbose_name_plural = _("诉求进程")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.appeal_id} {self.action}"


class AppealSupporter(models.Model):
    """“我也遇到了”: another rider who hit the same problem and joined the case."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="supporters")
    rider = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["appeal", "rider"], name="appeal_supporter_once")
        ]

    def __str__(self) -> str:
        return f"{self.appeal_id} +{self.rider_id}"


def _photo_path(instance, filename: str) -> str:
    return f"appeals/{filename}"


class AppealPhoto(models.Model):
    """A photo of the problem, re-encoded as JPEG with every EXIF/GPS tag removed."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=_photo_path)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.image.name or ""


class AppealNotification(models.Model):
    """An in-page notice to a rider about their case (also sent through the message gateway)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appeal_notifications"
    )
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=24)
    text = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text


class Tipoff(RegionOwned):
    """线索: a rider's report of a food-safety or illegal-operation violation by a merchant.

    The informant is confidential: selectors and the API show `informant` only to handlers who
    may see it (policy `appeals.view_informant`), and every such view writes an audit row.
    """

    informant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="tipoffs",
        verbose_name=_("举报人"),
    )
    category = models.CharField(_("类别"), max_length=24, choices=TipoffCategory.choices)
    description = models.CharField(_("情况描述"), max_length=1000)
    merchant_name = models.CharField(_("商户名称"), max_length=128)
    platform = models.CharField(
        _("平台"), max_length=16, choices=Platform.choices, default=Platform.OTHER
    )
    platform_shop = models.CharField(_("平台店铺名"), max_length=128, blank=True)
    merchant_address = models.CharField(_("商户地址"), max_length=255, blank=True)
    lat = models.FloatField(_("纬度"))
    lng = models.FloatField(_("经度"))
    assigned_office = models.ForeignKey(
        "orgs.Office",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tipoffs",
        verbose_name=_("承办市场监管所"),
    )
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=TipoffStatus.choices,
        default=TipoffStatus.SUBMITTED,
        db_index=True,
    )
    outcome = models.CharField(
        _("核查结果"), max_length=12, choices=TipoffOutcome.choices, blank=True
    )
    outcome_note = models.CharField(_("核查说明"), max_length=1000, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("核查人"),
    )
    submitted_at = models.DateTimeField(_("提交时间"), db_index=True)
    verified_at = models.DateTimeField(_("核查时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("线索")
        verbose_name_plural = _("线索")
        ordering = ["-submitted_at", "-id"]
        permissions = [("view_tipoff_informant", _("可查看线索举报人身份"))]

    def __str__(self) -> str:
        return f"#{self.pk} {self.merchant_name}"


class TipoffPhoto(models.Model):
    """Evidence photo of a tip-off, re-encoded with EXIF/GPS removed."""

    tipoff = models.ForeignKey(Tipoff, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to="tipoffs/")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.image.name or ""


class TipoffReward(models.Model):
    """The reward a founded tip-off earns its informant.

    `status=pending` until the points ledger credits it; `idempotency_key` ("tipoff:<id>") is
    what the ledger is called with, so a tip-off never pays twice.
    """

    tipoff = models.OneToOneField(Tipoff, on_delete=models.CASCADE, related_name="reward")
    rider = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveIntegerField()
    status = models.CharField(
        max_length=12, choices=RewardStatus.choices, default=RewardStatus.PENDING
    )
    idempotency_key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    awarded_at = models.DateTimeField(null=True, blank=True)
    # Why the ledger has not credited it yet (no rule or fund in the region, monthly cap...).
    last_error = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("线索奖励")
        verbose_name_plural = _("线索奖励")

    def __str__(self) -> str:
        return f"{self.idempotency_key} {self.points} {self.status}"
