"""In-console notices to staff (the weekly digest)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import NotificationKind


class Notification(models.Model):
    """工作提醒: an in-console notice to a staff account (the weekly digest); the same text is
    sent through the message gateway once the write commits."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="workplan_notifications",
        verbose_name=_("接收人"),
    )
    kind = models.CharField(_("类型"), max_length=12, choices=NotificationKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    # Task ids by section ("late", "due_soon"), so the console can link each line.
    payload = models.JSONField(_("数据"), default=dict, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("工作提醒")
        verbose_name_plural = _("工作提醒")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title
