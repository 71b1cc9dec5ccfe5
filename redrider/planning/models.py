"""Coverage analysis and site planning (覆盖分析与选址规划): rider demand and stored plans."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from redrider.core.models import RegionOwned

from .choices import DemandSource, PlanMode, PlanStatus


class DemandSet(RegionOwned):
    """需求数据集: one batch of weighted demand points (where riders are and need a station).

    Contract: `region_code` is the region the set was made for (a county, a prefecture or the
    province); every point of the set lies inside that region (imports refuse points outside
    it). `point_count` and `total_weight` are kept by the services that write the points.
    Only `active` sets count in coverage and planning by default, so an officer can switch a
    stale or duplicate batch off without deleting it.
    """

    name = models.CharField(_("名称"), max_length=128)
    source = models.CharField(_("来源"), max_length=16, choices=DemandSource.choices)
    active = models.BooleanField(_("启用"), default=True, db_index=True)
    point_count = models.PositiveIntegerField(_("点数"), default=0)
    total_weight = models.FloatField(_("总权重"), default=0.0)
    # How the set was made: file name, generator arguments, counts per platform source.
    detail = models.JSONField(_("说明"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("创建人"),
    )

    class Meta:
        verbose_name = _("需求数据集")
        verbose_name_plural = _("需求数据集")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.region_code}）"


class DemandPoint(RegionOwned):
    """需求点: a weighted point of rider presence (orders, GPS pings, check-ins, appeal pins).

    Contract: `lat`/`lng` WGS-84; `weight` finite and >= 0; `region_code` the county containing
    the point (reverse geocoded on write), so scoping by county holds point by point even for a
    province-wide set. `at` is the time of the order or ping when known (stored UTC).
    """

    demand_set = models.ForeignKey(
        DemandSet, on_delete=models.CASCADE, related_name="points", verbose_name=_("数据集")
    )
    lat = models.FloatField(_("纬度"))
    lng = models.FloatField(_("经度"))
    weight = models.FloatField(_("权重"), default=1.0)
    at = models.DateTimeField(_("时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("需求点")
        verbose_name_plural = _("需求点")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["region_code", "demand_set"], name="demandpoint_region_set")
        ]

    def __str__(self) -> str:
        return f"{self.lat:.5f},{self.lng:.5f} ×{self.weight:g}"


class SitePlan(RegionOwned):
    """选址方案: one run of the planner for a region and a service promise, kept for review.

    Contract: `region_code` is the planned region, within the creator's scope. The promise is
    `radius_m` (straight-line metres), derived from `minutes`/`speed_kmh`/`detour` when those are
    given. `open_at` (aware datetime) restricts existing stations to those open then. While
    `status` is queued/running only the parameters are meaningful; when `done`, the figures are
    filled and `sites` holds the chosen sites in the order chosen; when `failed`, `error` says
    why. Shares are fractions (0..1) of `demand_total`.
    """

    name = models.CharField(_("名称"), max_length=128, blank=True)
    mode = models.CharField(
        _("类型"), max_length=12, choices=PlanMode.choices, default=PlanMode.K_SITES
    )
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=PlanStatus.choices,
        default=PlanStatus.QUEUED,
        db_index=True,
    )
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    progress_note = models.CharField(_("进度说明"), max_length=128, blank=True)
    error = models.CharField(_("错误"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("创建人"),
    )
    # The promise and the question.
    radius_m = models.FloatField(_("服务半径（米）"))
    minutes = models.FloatField(_("服务圈（分钟）"), null=True, blank=True)
    speed_kmh = models.FloatField(_("骑行速度（公里/小时）"), null=True, blank=True)
    detour = models.FloatField(_("绕行系数"), null=True, blank=True)
    open_at = models.DateTimeField(_("开放时刻"), null=True, blank=True)
    k = models.PositiveIntegerField(_("新增站点数"), null=True, blank=True)
    target_share = models.FloatField(_("目标覆盖率"), null=True, blank=True)
    candidate_sources = models.JSONField(_("候选点来源"), default=list)
    custom_candidates = models.JSONField(_("自定义候选点"), default=list, blank=True)
    demand_set = models.ForeignKey(
        DemandSet,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("指定数据集"),
    )
    time_limit_s = models.FloatField(_("精确求解时限（秒）"), default=10.0)
    # Results.
    demand_total = models.FloatField(_("需求总权重"), null=True, blank=True)
    demand_points = models.PositiveIntegerField(_("需求点数"), null=True, blank=True)
    station_count = models.PositiveIntegerField(_("现有开放驿站数"), null=True, blank=True)
    candidate_count = models.PositiveIntegerField(_("候选点数"), null=True, blank=True)
    baseline_coverage = models.FloatField(_("现状覆盖率"), null=True, blank=True)
    coverage = models.FloatField(_("方案覆盖率"), null=True, blank=True)
    bound = models.FloatField(_("覆盖率上界（HiGHS 证明）"), null=True, blank=True)
    gap = models.FloatField(_("与上界差距"), null=True, blank=True)
    optimal = models.BooleanField(_("已证明最优"), null=True, blank=True)
    target_reached = models.BooleanField(_("达到目标"), null=True, blank=True)
    solver = models.CharField(_("求解方法"), max_length=32, blank=True)
    seconds = models.FloatField(_("用时（秒）"), null=True, blank=True)
    # Distance and spacing figures before/after, uncovered hotspots before: see services.plan_run.
    figures = models.JSONField(_("指标"), default=dict, blank=True)
    hotspots = models.JSONField(_("未覆盖热点"), default=list, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("选址方案")
        verbose_name_plural = _("选址方案")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name or f"方案 {self.pk}（{self.region_code}）"


class PlanSite(models.Model):
    """方案站点: one proposed site of a plan, in the order the planner chose it.

    `gain` is the share of total demand weight this site adds on top of the sites ranked before
    it (and the existing stations); `source` says what kind of candidate it was.
    """

    plan = models.ForeignKey(
        SitePlan, on_delete=models.CASCADE, related_name="sites", verbose_name=_("方案")
    )
    rank = models.PositiveIntegerField(_("序号"))
    lat = models.FloatField(_("纬度"))
    lng = models.FloatField(_("经度"))
    gain = models.FloatField(_("新增覆盖率"))
    gain_weight = models.FloatField(_("新增覆盖权重"))
    source = models.CharField(_("候选来源"), max_length=16)
    label = models.CharField(_("名称"), max_length=128, blank=True)
    county_code = models.CharField(_("所在区县"), max_length=6, blank=True)

    class Meta:
        verbose_name = _("方案站点")
        verbose_name_plural = _("方案站点")
        ordering = ["plan", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "rank"], name="plansite_unique_rank")
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.lat:.5f},{self.lng:.5f}"
