"""Work meetings and their decisions."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from redrider.core.models import RegionOwned

from ..choices import MeetingKind
from .base import InheritedScopeManager, upload_to


class Meeting(RegionOwned):
    """工作会议: a party-group meeting, video work conference or area promotion meeting.

    Contract: `region_code` is the convening body's region (its level is the meeting's level);
    attendees are organisations (names) and staff accounts; `minutes` is the filed record. The
    regions below see it too: they carry out its decisions (their tasks link back to it).
    """

    kind = models.CharField(_("类型"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    held_on = models.DateField(_("日期"), db_index=True)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    attendee_orgs = models.JSONField(_("参会单位"), default=list, blank=True)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("参会人员")
    )
    summary = models.TextField(_("会议内容"), blank=True)
    minutes = models.FileField(_("会议纪要"), upload_to=upload_to, blank=True, max_length=200)
    minutes_name = models.CharField(_("纪要文件名"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("记录人"),
    )

    objects: ClassVar[InheritedScopeManager] = InheritedScopeManager()

    class Meta:
        verbose_name = _("工作会议")
        verbose_name_plural = _("工作会议")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


class MeetingDecision(models.Model):
    """会议决定: one numbered decision of a meeting; it may have created tasks (`tasks`)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("会议")
    )
    number = models.PositiveSmallIntegerField(_("序号"))
    text = models.CharField(_("决定事项"), max_length=1000)

    class Meta:
        verbose_name = _("会议决定")
        verbose_name_plural = _("会议决定")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="workplan_decision_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:40]}"
