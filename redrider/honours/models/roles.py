"""The riders' initiative (倡议书) and the four roles riders take up."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from redrider.core.models import RegionOwned

from ..choices import RiderRole


class Pledge(RegionOwned):
    """倡议书签名: a rider signed the “红骑手 跟党走” initiative on the phone (once).

    `region_code` is the rider's county when signing (roles are counted there); `language` the
    page language they read it in; `version` the letter's text version.
    """

    rider = models.OneToOneField(
        "riders.Rider", on_delete=models.CASCADE, related_name="pledge", verbose_name=_("骑手")
    )
    version = models.CharField(_("倡议书版本"), max_length=16)
    language = models.CharField(_("语言"), max_length=8)
    signed_name = models.CharField(_("签名"), max_length=32)
    signed_at = models.DateTimeField(_("签署时间"))

    class Meta:
        verbose_name = _("倡议书签名")
        verbose_name_plural = _("倡议书签名")
        ordering = ["-signed_at"]

    def __str__(self) -> str:
        return f"{self.rider_id} {self.signed_at:%Y-%m-%d}"


class RoleTaking(RegionOwned):
    """A rider acting as 引导员 / 宣传员 / 监督员 / 信息员 (at most once per role).

    Only the fact of the role is kept: a 信息员's tip-offs live in the appeals app behind the
    informant rule, never here.
    """

    rider = models.ForeignKey(
        "riders.Rider", on_delete=models.CASCADE, related_name="roles", verbose_name=_("骑手")
    )
    role = models.CharField(_("角色"), max_length=16, choices=RiderRole.choices)
    since = models.DateTimeField(_("开始时间"))

    class Meta:
        verbose_name = _("骑手角色")
        verbose_name_plural = _("骑手角色")
        ordering = ["rider", "role"]
        constraints = [
            models.UniqueConstraint(fields=["rider", "role"], name="honours_one_role_per_rider")
        ]

    def __str__(self) -> str:
        return f"{self.rider_id} {self.role}"
