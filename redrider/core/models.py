"""Shared kernel models: the timestamped base, the region-owned base, audit and idempotency."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .scoping import RegionScopedQuerySet


class TimeStamped(models.Model):
    """Abstract base: creation and last-change times, stored in UTC."""

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class RegionOwned(TimeStamped):
    """Abstract base for every row that belongs to a region.

    `region_code` is the GB/T 2260 code of the owning county (or a higher level for rows
    owned by a prefecture or the province). Every selector starts from
    `Model.objects.visible_to(user)`, which keeps rows under the user's scope prefix only.

    `host_lookup` (a class attribute, not a field) is the lookup from a row to the users hosting
    the station it happens at; None (the default) hides every row of the model from station
    hosts (DESIGN §4 rule 8).
    """

    host_lookup: ClassVar[str | None] = None

    region_code = models.CharField(_("行政区划代码"), max_length=6, db_index=True)

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):  # pragma: no cover - guard
        raise TypeError("audit rows are append-only")

    def delete(self):  # pragma: no cover - guard
        raise TypeError("audit rows are append-only")


class AuditEvent(models.Model):
    """审计日志: one security event or one change to people, money-like values or case states.

    Append-only: rows are only ever inserted (see `core.audit.audit_record`).
    """

    class Result(models.TextChoices):
        OK = "ok", _("成功")  # the action happened
        DENIED = "denied", _("拒绝")  # refused by a rule or permission
        FAILED = "failed", _("失败")  # attempted and failed (e.g. wrong password)

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("操作人"),
    )
    actor_label = models.CharField(_("操作人名称"), max_length=150, blank=True)
    action = models.CharField(_("动作"), max_length=64, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=64, blank=True)
    object_id = models.CharField(_("对象"), max_length=64, blank=True)
    region_code = models.CharField(_("行政区划代码"), max_length=6, blank=True, db_index=True)
    result = models.CharField(_("结果"), max_length=8, choices=Result.choices, default=Result.OK)
    ip = models.GenericIPAddressField(_("IP"), null=True, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    # The hash chain (core.audit_chain): each sealed row's place in the chain, the hash of the
    # row before it and its own hash over both and its content. Set once, shortly after commit.
    seq = models.BigIntegerField(_("链序号"), null=True, blank=True, unique=True, editable=False)
    # Database defaults: bulk writers (the census import) insert audit rows with raw SQL.
    prev_hash = models.CharField(max_length=64, blank=True, db_default="", editable=False)
    hash = models.CharField(max_length=64, blank=True, db_default="", editable=False)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.result}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("audit rows are append-only")
        super().save(*args, **kwargs)


class AuditChainHead(models.Model):
    """The end of the audit hash chain: the last sealed row's `seq` and `hash` (one row, pk 1).

    Sealing locks this row, so the chain grows one batch at a time whatever the number of app
    processes; `redrider audit_verify` walks the chain from the start to here.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("审计链")
        verbose_name_plural = _("审计链")

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash[:12]}"


class IdempotencyRecord(models.Model):
    """The stored answer to a POST made with an `Idempotency-Key` header.

    A replay with the same key and the same body gets the same status and body back; the
    same key with another body is refused with 422.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(max_length=64)
    key = models.CharField(max_length=128)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(default=0)
    response = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "scope", "key"], name="idempotency_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key}"
