"""Institutions (制度): categories and items."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from redrider.core.models import RegionOwned

from ..choices import InstitutionStatus
from .base import InheritedScopeManager, upload_to


class InstitutionCategory(RegionOwned):
    """制度类别: a category of a region's institution-building plan (Chengdu has 3)."""

    number = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("名称"), max_length=128)

    objects: ClassVar[InheritedScopeManager] = InheritedScopeManager()

    class Meta:
        verbose_name = _("制度类别")
        verbose_name_plural = _("制度类别")
        ordering = ["region_code", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["region_code", "number"], name="workplan_category_number"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Institution(RegionOwned):
    """制度: one institution of the plan, moving planned → drafted → issued.

    Contract: `region_code` is the category's. Once `issued` it carries the issuing body, the
    date and the document (the database refuses an issued row without them) and never moves
    again; a revision is a new item.
    """

    category = models.ForeignKey(
        InstitutionCategory,
        on_delete=models.PROTECT,
        related_name="institutions",
        verbose_name=_("类别"),
    )
    number = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("名称"), max_length=200)
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=InstitutionStatus.choices,
        default=InstitutionStatus.PLANNED,
        db_index=True,
    )
    due_date = models.DateField(_("计划完成"), null=True, blank=True)
    drafted_on = models.DateField(_("起草日期"), null=True, blank=True)
    issuing_body = models.CharField(_("印发单位"), max_length=200, blank=True)
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    document_number = models.CharField(_("文号"), max_length=64, blank=True)
    document = models.FileField(_("文件"), upload_to=upload_to, blank=True, max_length=200)
    document_name = models.CharField(_("文件名"), max_length=200, blank=True)

    objects: ClassVar[InheritedScopeManager] = InheritedScopeManager()

    class Meta:
        verbose_name = _("制度")
        verbose_name_plural = _("制度")
        ordering = ["region_code", "category__number", "number"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=InstitutionStatus.ISSUED)
                | (Q(issued_on__isnull=False) & ~Q(issuing_body="") & ~Q(document="")),
                name="workplan_issued_has_document",
            )
        ]

    def __str__(self) -> str:
        return self.title
