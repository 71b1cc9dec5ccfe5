"""Enumerations of the work plan (十项举措 · 挂图作战): tasks, meetings, institutions, evidence."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskStatus(models.TextChoices):
    PLANNED = "planned", _("未开始")  # assigned, no work reported yet
    IN_PROGRESS = "in_progress", _("推进中")  # some progress reported, not finished
    DONE = "done", _("已完成")  # finished: never overdue, progress 100


class ProgressSource(models.TextChoices):
    MANUAL = "manual", _("填报")  # the owner reports progress by hand
    INDICATOR = "indicator", _("指标")  # read from a platform indicator against a target
    CHILDREN = "children", _("下级汇总")  # split: the weighted roll-up of its sub-tasks


class ReportSource(models.TextChoices):
    MANUAL = "manual", _("填报")  # an officer reported on the console, a phone or the API
    INDICATOR = "indicator", _("指标同步")  # progress re-read from the indicator
    ROLLUP = "rollup", _("下级汇总")  # a sub-task moved, so the parent's roll-up moved
    CREATED = "created", _("创建")  # the task was created (by hand, a split or a decision)


class EvidenceKind(models.TextChoices):
    TEXT = "text", _("文字说明")  # a written account of what was done
    FILE = "file", _("附件")  # a document or photo (台账, 照片, 文件)
    ACTIVITY = "activity", _("活动")  # an activity held on the platform
    STATION = "station", _("驿站")  # a warm station built or upgraded
    VISIT = "visit", _("走访记录")  # a liaison visit to a company


class MeetingKind(models.TextChoices):
    PARTY_GROUP = "party_group", _("党组会")  # the bureau's party group studies the work
    VIDEO_CONFERENCE = "video_conference", _("视频工作会")  # a region-wide video work conference
    AREA_PROMOTION = "area_promotion", _("片区推进会")  # a promotion meeting for a group of areas


class InstitutionStatus(models.TextChoices):
    PLANNED = "planned", _("计划制定")  # on the institution-building plan, not drafted yet
    DRAFTED = "drafted", _("已起草")  # a draft exists, under review
    ISSUED = "issued", _("已印发")  # issued, with issuing body, date and document (final)


class NotificationKind(models.TextChoices):
    DIGEST = "digest", _("每周提醒")  # the weekly digest of late and due-soon tasks


# How far ahead "due soon" looks, in days including today: the board's amber and the weekly
# digest use the same window, so what the digest announces is what the board shows in amber.
DUE_SOON_DAYS = 7
# An overdue task shows on its parent region's board at once and on the grandparent's after
# this many days late (督办 climbs one level further).
ESCALATE_AGAIN_AFTER_DAYS = 14
