"""Background exports of the registry (导出任务): large selections are written by the worker."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from redrider.core.models import RegionOwned

from ..choices import ExportStatus


def _export_path(instance: ExportJob, filename: str) -> str:
    # A random directory per file: MEDIA_URL is served in development, so the path itself must
    # not be guessable; the download view is the only intended way to fetch it.
    return f"exports/{secrets.token_urlsafe(24)}/{filename}"


class ExportJob(RegionOwned):
    """导出任务: one export of the registry that was too large to write in the request.

    `region_code` is the creator's scope at the time of the request; `focus` and `filters` are
    the list's narrowing, replayed by the task through the creator's own selector (so the task
    can never see more than the creator). `unmasked` exports carry the stated `reason`. The file
    is stored under MEDIA_ROOT/exports/<random>/ and deleted after `expires_at` by
    `redrider riders_cleanup`; only the creator, or staff of the same scope holding the same
    permission, may download it.
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("导出人"),
    )
    focus = models.CharField(_("导出范围"), max_length=6, blank=True)
    filters = models.JSONField(_("筛选条件"), default=dict, blank=True)
    unmasked = models.BooleanField(_("完整信息"), default=False)
    reason = models.CharField(_("导出原因"), max_length=500, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    total = models.PositiveIntegerField(_("总行数"), default=0)
    processed = models.PositiveIntegerField(_("已处理"), default=0)
    file = models.FileField(_("文件"), upload_to=_export_path, blank=True, max_length=255)
    message = models.CharField(_("说明"), max_length=255, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    expires_at = models.DateTimeField(_("过期时间"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("导出任务")
        verbose_name_plural = _("导出任务")
        ordering = ["-created_at", "-id"]

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        return min(100, int(100 * self.processed / self.total)) if self.total else 0
