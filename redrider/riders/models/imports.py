"""Census imports (名单导入): one uploaded file, its validation and its commit."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from redrider.core.models import RegionOwned

from ..choices import ImportStatus


class ImportJob(RegionOwned):
    """名单导入任务: one uploaded xlsx/csv list of riders.

    `region_code` is the uploader's scope: every row must name a county inside it. The file lives
    under MEDIA_ROOT/imports until the job ends (it holds personal data, so it is deleted after a
    commit). `processed`/`total` drive the progress bar. `errors` lists each bad row as
    `{"row", "column", "code", "message"}` and never carries the full ID or phone. A job with
    `dry_run` never writes riders; a committed job writes every row or none.
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("上传人"),
    )
    file = models.FileField(_("文件"), upload_to="imports/", blank=True)
    filename = models.CharField(_("文件名"), max_length=255)
    size = models.PositiveIntegerField(_("大小"), default=0)
    dry_run = models.BooleanField(_("仅校验"), default=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    phase = models.CharField(_("阶段"), max_length=16, blank=True)
    total = models.PositiveIntegerField(_("总行数"), default=0)
    processed = models.PositiveIntegerField(_("已处理"), default=0)
    error_count = models.PositiveIntegerField(_("错误行数"), default=0)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    summary = models.JSONField(_("结果"), default=dict, blank=True)
    message = models.CharField(_("说明"), max_length=255, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("名单导入")
        verbose_name_plural = _("名单导入")
        ordering = ["-created_at", "-id"]

    @property
    def percent(self) -> int:
        if self.status in (ImportStatus.DONE, ImportStatus.VALID, ImportStatus.INVALID):
            return 100
        return int(100 * self.processed / self.total) if self.total else 0
