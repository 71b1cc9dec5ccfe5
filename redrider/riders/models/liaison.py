"""Liaison (直接联系机制): committee members' visits to companies and the problems raised."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from redrider.core.models import RegionOwned

from ..choices import ProblemCategory, ProblemStatus


class Visit(RegionOwned):
    """走访记录: a dated visit of a committee member to a company (`region_code` = the company's)."""

    company = models.ForeignKey(
        "riders.Company", on_delete=models.CASCADE, related_name="visits", verbose_name=_("企业")
    )
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("走访人"),
    )
    visitor_name = models.CharField(_("走访人姓名"), max_length=64, blank=True)
    on = models.DateField(_("走访日期"))
    topics = models.CharField(_("走访主题"), max_length=255)
    notes = models.TextField(_("情况记录"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("记录人"),
    )

    class Meta:
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")
        ordering = ["-on", "-id"]


class Problem(RegionOwned):
    """走访中反映的问题: tracked until solved. The appeals app may later take it over
    (`appeal_id` then records the appeal it became, and the appeals app stores here the status
    the case implies each time it moves: it cannot be moved by hand any more)."""

    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, related_name="problems", verbose_name=_("走访记录")
    )
    company = models.ForeignKey(
        "riders.Company", on_delete=models.CASCADE, related_name="problems", verbose_name=_("企业")
    )
    category = models.CharField(_("类别"), max_length=16, choices=ProblemCategory.choices)
    description = models.CharField(_("问题描述"), max_length=500)
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=ProblemStatus.choices,
        default=ProblemStatus.OPEN,
        db_index=True,
    )
    resolution = models.CharField(_("处理结果"), max_length=500, blank=True)
    solved_on = models.DateField(_("解决日期"), null=True, blank=True)
    appeal_id = models.PositiveIntegerField(_("转为诉求"), null=True, blank=True)

    class Meta:
        verbose_name = _("走访问题")
        verbose_name_plural = _("走访问题")
        ordering = ["-created_at", "-id"]
