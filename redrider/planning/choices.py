"""Enumerations of coverage analysis and site planning (覆盖分析与选址规划)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DemandSource(models.TextChoices):
    PLATFORM = "platform", _("平台数据")  # check-ins, appeal pins, delivery sites gathered here
    UPLOAD = "upload", _("上传的订单/轨迹点")  # a csv/xlsx of order or GPS points
    SYNTHETIC = "synthetic", _("模拟需求")  # generated around county seats (demo, what-if)


class PlanStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")  # created, waiting for the worker
    RUNNING = "running", _("计算中")  # the solver is working; `progress` moves
    DONE = "done", _("已完成")  # sites and figures stored
    FAILED = "failed", _("失败")  # `error` says why; nothing else stored


class PlanMode(models.TextChoices):
    K_SITES = "k_sites", _("新增 K 个站点")  # where should the next K stations go
    TARGET = "target", _("达到目标覆盖率")  # fewest new stations to reach a coverage share


class CandidateSource(models.TextChoices):
    DELIVERY_SITE = "delivery_site", _("配送站点")  # riders already gather there
    OFFICE = "office", _("市场监管所")  # public premises that host stations today
    GRID = "grid", _("网格点")  # regular grid near demand, where no better list exists
    CUSTOM = "custom", _("自定义")  # points supplied with the request (e.g. willing merchants)


DEFAULT_CANDIDATE_SOURCES = [
    CandidateSource.DELIVERY_SITE.value,
    CandidateSource.OFFICE.value,
    CandidateSource.GRID.value,
]
