"""The work system (一个体系): committees, leading groups, offices, guidance stations, instructors."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from redrider.core.models import RegionOwned

from .choices import CommitteeKind, CompanyKind, InstructorKind, Level


class Committee(RegionOwned):
    """综合党委: a comprehensive party committee at province, prefecture or county level."""

    name = models.CharField(_("名称"), max_length=128)
    kind = models.CharField(_("类别"), max_length=16, choices=CommitteeKind.choices)
    level = models.CharField(_("层级"), max_length=12, choices=Level.choices)
    secretary = models.CharField(_("书记"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("综合党委")
        verbose_name_plural = _("综合党委")
        ordering = ["region_code", "kind"]

    def __str__(self) -> str:
        return self.name


class LeadingGroup(RegionOwned):
    """工作领导小组: the leading group that coordinates the programme in a region."""

    name = models.CharField(_("名称"), max_length=128)
    level = models.CharField(_("层级"), max_length=12, choices=Level.choices)
    leader = models.CharField(_("组长"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("领导小组")
        verbose_name_plural = _("领导小组")
        ordering = ["region_code"]

    def __str__(self) -> str:
        return self.name


class Office(RegionOwned):
    """市场监管所: a local market-supervision office; each hosts one guidance station."""

    name = models.CharField(_("名称"), max_length=128)
    address = models.CharField(_("地址"), max_length=255, blank=True)
    lat = models.FloatField(_("纬度"), null=True, blank=True)
    lng = models.FloatField(_("经度"), null=True, blank=True)

    class Meta:
        verbose_name = _("市场监管所")
        verbose_name_plural = _("市场监管所")
        ordering = ["region_code", "name"]

    def __str__(self) -> str:
        return self.name


class GuidanceStation(RegionOwned):
    """党建指导站: the guidance station in an office, with the four standard items.

    Each standard item (统一标牌、健全制度、配备人员、建立台账) is done when its date is set.
    """

    office = models.OneToOneField(
        Office,
        on_delete=models.CASCADE,
        related_name="guidance_station",
        verbose_name=_("所属市场监管所"),
    )
    name = models.CharField(_("名称"), max_length=128)
    signage_on = models.DateField(_("统一标牌"), null=True, blank=True)
    rules_on = models.DateField(_("健全制度"), null=True, blank=True)
    staffing_on = models.DateField(_("配备人员"), null=True, blank=True)
    ledger_on = models.DateField(_("建立台账"), null=True, blank=True)

    class Meta:
        verbose_name = _("党建指导站")
        verbose_name_plural = _("党建指导站")
        ordering = ["region_code", "name"]

    @property
    def standard_done(self) -> int:
        return sum(
            bool(d) for d in (self.signage_on, self.rules_on, self.staffing_on, self.ledger_on)
        )

    def __str__(self) -> str:
        return self.name


class Instructor(RegionOwned):
    """指导员: a full- or part-time instructor of one guidance station."""

    station = models.ForeignKey(
        GuidanceStation,
        on_delete=models.CASCADE,
        related_name="instructors",
        verbose_name=_("指导站"),
    )
    name = models.CharField(_("姓名"), max_length=64)
    kind = models.CharField(_("类别"), max_length=12, choices=InstructorKind.choices)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="instructor",
        verbose_name=_("账号"),
    )

    class Meta:
        verbose_name = _("指导员")
        verbose_name_plural = _("指导员")
        ordering = ["region_code", "name"]

    def __str__(self) -> str:
        return self.name


class PartyOrganisation(RegionOwned):
    """A party organisation in a platform, a third-party delivery firm or a delivery site."""

    name = models.CharField(_("名称"), max_length=128)
    company_name = models.CharField(_("企业名称"), max_length=128)
    company_kind = models.CharField(_("企业类别"), max_length=16, choices=CompanyKind.choices)
    members = models.PositiveIntegerField(_("党员人数"), default=0)
    committee = models.ForeignKey(
        Committee,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
        verbose_name=_("隶属综合党委"),
    )

    class Meta:
        verbose_name = _("企业党组织")
        verbose_name_plural = _("企业党组织")
        ordering = ["region_code", "name"]

    def __str__(self) -> str:
        return self.name


class WorkLedgerEntry(RegionOwned):
    """台账: a dated entry of work done at a guidance station. Corrections are new entries."""

    station = models.ForeignKey(
        GuidanceStation, on_delete=models.CASCADE, related_name="ledger", verbose_name=_("指导站")
    )
    on = models.DateField(_("日期"))
    category = models.CharField(_("类别"), max_length=32)
    summary = models.CharField(_("工作内容"), max_length=500)
    participants = models.PositiveIntegerField(_("参与人数"), default=0)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("记录人"),
    )

    class Meta:
        verbose_name = _("工作台账")
        verbose_name_plural = _("工作台账")
        ordering = ["-on", "-id"]
