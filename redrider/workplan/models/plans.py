"""Plans, measures and tasks, with their milestones, dated reports and evidence."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from redrider.core.models import RegionOwned

from ..choices import EvidenceKind, ProgressSource, ReportSource, TaskStatus
from .base import InheritedScopeManager, upload_to


class Plan(RegionOwned):
    """实施方案: a region's implementation plan, e.g. the province's plan of 11 measures.

    Contract: `starts_on` <= `ends_on`; no task of the plan is due before `starts_on`. The
    plan's measures apply to every region under `region_code`.
    """

    title = models.CharField(_("名称"), max_length=200)
    issued_by = models.CharField(_("印发单位"), max_length=200, blank=True)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("创建人"),
    )

    objects: ClassVar[InheritedScopeManager] = InheritedScopeManager()

    class Meta:
        verbose_name = _("实施方案")
        verbose_name_plural = _("实施方案")
        ordering = ["region_code", "-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="workplan_plan_dates"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Measure(RegionOwned):
    """举措: one numbered measure of a plan (the province's 11), led by `owner_org`.

    Contract: `region_code` is the plan's; numbers are unique within a plan.
    """

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="measures", verbose_name=_("实施方案")
    )
    number = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("名称"), max_length=200)
    description = models.TextField(_("内容"), blank=True)
    owner_org = models.CharField(_("牵头单位"), max_length=128, blank=True)

    objects: ClassVar[InheritedScopeManager] = InheritedScopeManager()

    class Meta:
        verbose_name = _("举措")
        verbose_name_plural = _("举措")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="workplan_measure_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Task(RegionOwned):
    """任务: one piece of a measure assigned to a region and an owner organisation.

    Contract: 0 <= `progress` <= 100 and `status` is `done` exactly when `progress` is 100, so a
    done task is never overdue and a finished one is always marked done. A task with children
    (`progress_source` = children) takes its progress from them: the weighted mean of their
    progress by `weight`, rounded down. An indicator task reads its progress from
    `indicator_key` (over `indicator_base_key`, in percent, when set) against
    `indicator_target`. `due_date` is never before the plan starts; children lie in regions
    under their parent's. Overdue = `due_date` before today in Asia/Shanghai and not done.
    """

    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("举措")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("上级任务"),
    )
    title = models.CharField(_("任务"), max_length=200)
    description = models.TextField(_("要求"), blank=True)
    owner_org = models.CharField(_("责任单位"), max_length=128)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="workplan_tasks",
        verbose_name=_("责任人"),
    )
    starts_on = models.DateField(_("开始日期"), null=True, blank=True)
    due_date = models.DateField(_("完成时限"), db_index=True)
    weight = models.PositiveIntegerField(_("权重"), default=1)
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    status = models.CharField(
        _("状态"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.PLANNED
    )
    progress_source = models.CharField(
        _("进度来源"), max_length=12, choices=ProgressSource.choices, default=ProgressSource.MANUAL
    )
    indicator_key = models.CharField(_("指标"), max_length=64, blank=True)
    indicator_base_key = models.CharField(_("基数指标"), max_length=64, blank=True)
    indicator_target = models.FloatField(_("目标值"), null=True, blank=True)
    indicator_value = models.FloatField(_("最近读数"), null=True, blank=True)
    decision = models.ForeignKey(
        "MeetingDecision",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
        verbose_name=_("来源会议决定"),
    )
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    reported_at = models.DateTimeField(_("最近填报"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("创建人"),
    )

    class Meta:
        verbose_name = _("任务")
        verbose_name_plural = _("任务")
        ordering = ["measure__number", "region_code", "due_date", "id"]
        indexes = [
            models.Index(fields=["measure", "region_code"], name="workplan_task_measure_region"),
            models.Index(fields=["status", "due_date"], name="workplan_task_status_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="workplan_task_progress"
            ),
            models.CheckConstraint(condition=Q(weight__gte=1), name="workplan_task_weight"),
            models.CheckConstraint(
                condition=(Q(status=TaskStatus.DONE) & Q(progress=100))
                | (~Q(status=TaskStatus.DONE) & Q(progress__lt=100)),
                name="workplan_task_done_is_100",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    """节点: a dated step inside a task (e.g. 方案印发 → 挂牌 → 验收)."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("任务")
    )
    title = models.CharField(_("节点"), max_length=200)
    due_date = models.DateField(_("时限"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("节点")
        verbose_name_plural = _("节点")
        ordering = ["task", "due_date", "id"]

    def __str__(self) -> str:
        return self.title


class TaskReport(models.Model):
    """进度填报记录: one dated report on a task (who, when, from what to what, and why).

    Append-only: services insert one row for every change of progress or status, including
    the roll-ups and indicator reads that change it, so the history explains every figure.
    """

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="reports", verbose_name=_("任务")
    )
    at = models.DateTimeField(_("时间"), db_index=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("填报人"),
    )
    source = models.CharField(_("来源"), max_length=12, choices=ReportSource.choices)
    progress_before = models.PositiveSmallIntegerField(_("原进度"), default=0)
    progress = models.PositiveSmallIntegerField(_("进度"))
    status_before = models.CharField(_("原状态"), max_length=12, choices=TaskStatus.choices)
    status = models.CharField(_("状态"), max_length=12, choices=TaskStatus.choices)
    note = models.CharField(_("说明"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("进度填报记录")
        verbose_name_plural = _("进度填报记录")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.progress_before}→{self.progress}"


class Evidence(models.Model):
    """佐证材料: what shows the work was done — text, a file, or a link to the platform's own
    records (an activity, a station, a liaison visit) in the task's region."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("任务")
    )
    report = models.ForeignKey(
        TaskReport,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evidence",
        verbose_name=_("填报记录"),
    )
    kind = models.CharField(_("类型"), max_length=12, choices=EvidenceKind.choices)
    text = models.CharField(_("说明"), max_length=1000, blank=True)
    file = models.FileField(_("附件"), upload_to=upload_to, blank=True, max_length=200)
    file_name = models.CharField(_("文件名"), max_length=200, blank=True)
    activity = models.ForeignKey(
        "activities.Activity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("活动"),
    )
    station = models.ForeignKey(
        "stations.Station",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("驿站"),
    )
    visit = models.ForeignKey(
        "riders.Visit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("走访记录"),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("提交人"),
    )
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text or self.file_name or self.kind
