"""Platforms and companies (平台企业、第三方配送企业、配送站点)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from redrider.core.models import RegionOwned, TimeStamped

from ..choices import CompanyKind


class Platform(TimeStamped):
    """外卖平台: a delivery platform brand (美团, 饿了么 ...), national, not region-owned.

    `code` is the stable key used by imports and the API; `aliases` lists other spellings found
    in the lists that firms hand over (e.g. "美团外卖", "meituan").
    """

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=64, unique=True)
    aliases = models.JSONField(_("别名"), default=list, blank=True)

    class Meta:
        verbose_name = _("外卖平台")
        verbose_name_plural = _("外卖平台")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Company(RegionOwned):
    """企业: a platform branch, a third-party delivery firm or a delivery site in one county.

    A delivery site may belong to a firm (`parent`) and has a point (WGS-84). `liaison` is the
    committee member (a staff account) linked to the company under the direct-contact mechanism
    (直接联系机制); `party_organisation` its party organisation, if any.
    """

    name = models.CharField(_("名称"), max_length=128)
    kind = models.CharField(_("类别"), max_length=16, choices=CompanyKind.choices)
    platform = models.ForeignKey(
        Platform,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="companies",
        verbose_name=_("所属平台"),
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        verbose_name=_("上级企业"),
    )
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    address = models.CharField(_("地址"), max_length=255, blank=True)
    lat = models.FloatField(_("纬度"), null=True, blank=True)
    lng = models.FloatField(_("经度"), null=True, blank=True)
    party_organisation = models.ForeignKey(
        "orgs.PartyOrganisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="companies",
        verbose_name=_("党组织"),
    )
    liaison = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="liaison_companies",
        verbose_name=_("联系委员"),
    )
    liaison_since = models.DateField(_("联系起始日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        ordering = ["region_code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region_code", "kind", "name"], name="company_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name
