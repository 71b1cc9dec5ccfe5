"""Activities (活动): themed events and training classes, sign-ups with a waiting list, QR
check-in at the venue, attendance, volunteer hours and certificates."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from redrider.core.models import RegionOwned

from .choices import ActivityStatus, CertificateKind, SignupStatus, Theme


def new_checkin_token() -> str:
    return secrets.token_urlsafe(16)


class Activity(RegionOwned):
    """活动: one themed activity, training class or volunteer service in a county.

    Contract: `starts_at` < `ends_at`; riders check in between `starts_at − CHECKIN_EARLY` and
    `ends_at` with the venue QR code, which carries `checkin_token` (secret, rotatable). When
    `signup_required`, only confirmed riders may check in; otherwise a walk-in check-in signs up
    and attends at once. `capacity` 0 means unlimited. `volunteer_hours` are credited on
    attendance; `certificate_kind` is issued on attendance (e.g. first-aid).
    """

    title = models.CharField(_("名称"), max_length=128)
    theme = models.CharField(_("主题"), max_length=16, choices=Theme.choices, db_index=True)
    description = models.TextField(_("内容"), blank=True)
    organiser = models.CharField(_("主办单位"), max_length=128)
    committee = models.ForeignKey(
        "orgs.Committee",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
        verbose_name=_("主办党委"),
    )
    starts_at = models.DateTimeField(_("开始时间"), db_index=True)
    ends_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=255)
    lat = models.FloatField(_("纬度（WGS-84）"))
    lng = models.FloatField(_("经度（WGS-84）"))
    capacity = models.PositiveIntegerField(_("名额"), default=0)
    signup_required = models.BooleanField(_("需报名"), default=True)
    volunteer_hours = models.DecimalField(
        _("志愿时长（小时）"), max_digits=5, decimal_places=1, default=0
    )
    certificate_kind = models.CharField(
        _("颁发证书"), max_length=16, choices=CertificateKind.choices, blank=True
    )
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=ActivityStatus.choices,
        default=ActivityStatus.PUBLISHED,
        db_index=True,
    )
    checkin_token = models.CharField(max_length=32, unique=True, default=new_checkin_token)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        ordering = ["-starts_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Signup(RegionOwned):
    """报名: one rider on one activity (confirmed, waiting, cancelled or attended).

    `region_code` is the activity's. One row per rider and activity; re-signing after a
    cancellation reuses it and joins the end of the queue (`queued_at`).
    """

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="signups")
    rider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="activity_signups",
        verbose_name=_("骑手"),
    )
    status = models.CharField(_("状态"), max_length=12, choices=SignupStatus.choices, db_index=True)
    queued_at = models.DateTimeField(_("排队时间"))
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    hours = models.DecimalField(_("志愿时长"), max_digits=5, decimal_places=1, default=0)
    points_awarded = models.PositiveIntegerField(_("获得积分"), default=0)
    award_transaction_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("活动报名")
        verbose_name_plural = _("活动报名")
        ordering = ["queued_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "rider"], name="activities_one_signup"),
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.rider}"


class Certificate(RegionOwned):
    """证书: recorded on a rider when they attend a certifying activity (e.g. 急救培训)."""

    rider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("骑手"),
    )
    kind = models.CharField(_("类型"), max_length=16, choices=CertificateKind.choices)
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="certificates"
    )
    issued_at = models.DateTimeField(_("颁发时间"))

    class Meta:
        verbose_name = _("证书")
        verbose_name_plural = _("证书")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["rider", "kind", "activity"], name="activities_one_certificate"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.rider}"
