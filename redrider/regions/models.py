from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import Level


class Region(models.Model):
    """行政区划: one node of the GB/T 2260 tree (province, prefecture or county-level unit).

    `code` is the six-digit GB/T 2260 code; `lat`/`lng` the seat of government in WGS-84.
    The tree is reference data loaded from `data/regions-cn.csv`, never edited by users.
    """

    code = models.CharField(_("代码"), max_length=6, primary_key=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.CharField(_("级别"), max_length=12, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("上级"),
    )
    lat = models.FloatField(_("驻地纬度"))
    lng = models.FloatField(_("驻地经度"))

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="region_unique_name_in_parent")
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"
