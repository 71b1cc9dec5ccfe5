"""Benefits (惠骑政策): a region's policies with eligibility rules, and riders' applications."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from redrider.core.models import RegionOwned

from ..choices import ApplicationStatus


class Benefit(RegionOwned):
    """惠骑政策: e.g. 宜宾 housing-fund loan subsidy up to ¥400,000 for ≥ 6 months paid in.

    `conditions` is a list of checks over rider data, all of which must hold
    (`points.eligibility` evaluates them and explains each):
    `{"field": "housing_fund_months", "op": ">=", "value": 6}`,
    `{"certificate": "first_aid"}`, `{"exemplar": true}`, `{"points_at_least": 500}`.
    Riders in the region (and under it) see the benefit.
    """

    name = models.CharField(_("名称"), max_length=128)
    summary = models.TextField(_("政策内容"), blank=True)
    provider = models.CharField(_("提供单位"), max_length=128, blank=True)
    max_amount_yuan = models.DecimalField(
        _("最高金额（元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    conditions = models.JSONField(_("申请条件"), default=list, blank=True)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("惠骑政策")
        verbose_name_plural = _("惠骑政策")
        ordering = ["region_code", "name"]

    def __str__(self) -> str:
        return self.name


class BenefitApplication(RegionOwned):
    """政策申请: a rider's application; staff of the benefit's region decide.

    `eligibility` is the snapshot of the checks (and their reasons) at the time of applying.
    One open (submitted or approved) application per rider and benefit.
    """

    benefit = models.ForeignKey(Benefit, on_delete=models.PROTECT, related_name="applications")
    rider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="benefit_applications",
        verbose_name=_("骑手"),
    )
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
        db_index=True,
    )
    eligibility = models.JSONField(_("资格核验"), default=list, blank=True)
    note = models.CharField(_("审核意见"), max_length=255, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("政策申请")
        verbose_name_plural = _("政策申请")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["benefit", "rider"],
                condition=models.Q(status__in=["submitted", "approved"]),
                name="points_one_open_application",
            ),
        ]
