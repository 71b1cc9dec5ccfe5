"""Brands and publicity: 红骑手 and its city sub-brands, stories in three languages, videos,
handbooks and leaflets, and where they were shown (placements)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from redrider.core.models import RegionOwned

from ..choices import AssetKind, PlacementKind, StoryStatus


class Brand(RegionOwned):
    """党建品牌: 红骑手 (the province's) or a city's sub-brand (小牛哥 for 锦江, 温小爱 for 温江...).

    A rider's own brand is the most specific one whose region contains their county. Public:
    anyone may read brands, their published stories and assets.
    """

    name = models.CharField(_("名称"), max_length=32)
    slug = models.SlugField(_("标识"), max_length=32, unique=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_brands",
        verbose_name=_("上级品牌"),
    )
    motto = models.CharField(_("口号"), max_length=64, blank=True)
    description = models.TextField(_("简介"), blank=True)
    description_bo = models.TextField(_("简介（藏文）"), blank=True)
    description_en = models.TextField(_("简介（英文）"), blank=True)
    colour = models.CharField(_("主色"), max_length=7, default="#c8161d")
    logo = models.FileField(_("标识图"), upload_to="honours/brands/", blank=True)

    class Meta:
        verbose_name = _("党建品牌")
        verbose_name_plural = _("党建品牌")
        ordering = ["region_code", "id"]

    def __str__(self) -> str:
        return self.name


class Story(RegionOwned):
    """A story (典型事迹/品牌故事) in Chinese, with Tibetan and English when written.

    Pages show the reader's language and fall back to Chinese. A story may tell of an exemplar.
    """

    brand = models.ForeignKey(
        Brand, null=True, blank=True, on_delete=models.SET_NULL, related_name="stories"
    )
    exemplar = models.ForeignKey(
        "honours.Exemplar", null=True, blank=True, on_delete=models.SET_NULL, related_name="stories"
    )
    title = models.CharField(_("标题"), max_length=120)
    body = models.TextField(_("正文"))
    title_bo = models.CharField(_("标题（藏文）"), max_length=240, blank=True)
    body_bo = models.TextField(_("正文（藏文）"), blank=True)
    title_en = models.CharField(_("标题（英文）"), max_length=200, blank=True)
    body_en = models.TextField(_("正文（英文）"), blank=True)
    photo = models.FileField(_("配图"), upload_to="honours/stories/", blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=StoryStatus.choices, default=StoryStatus.DRAFT
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("宣传故事")
        verbose_name_plural = _("宣传故事")
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def localised(self, language: str) -> tuple[str, str]:
        """(title, body) in `language` when written, else the Chinese."""
        if language == "bo" and self.body_bo:
            return self.title_bo or self.title, self.body_bo
        if language == "en" and self.body_en:
            return self.title_en or self.title, self.body_en
        return self.title, self.body


class Asset(RegionOwned):
    """宣传品: a video (uploaded or linked), a handbook, a compilation or a bilingual leaflet (PDF).

    Uploaded files were checked to be what their kind declares (MP4/WebM, PDF) before storing;
    a leaflet generated from a story keeps the link to it.
    """

    kind = models.CharField(_("类别"), max_length=12, choices=AssetKind.choices, db_index=True)
    title = models.CharField(_("标题"), max_length=120)
    brand = models.ForeignKey(
        Brand, null=True, blank=True, on_delete=models.SET_NULL, related_name="assets"
    )
    story = models.ForeignKey(
        Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="leaflets"
    )
    file = models.FileField(_("文件"), upload_to="honours/assets/", blank=True)
    content_type = models.CharField(_("文件类型"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("大小"), default=0)
    url = models.URLField(_("链接"), blank=True)
    description = models.CharField(_("说明"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("宣传品")
        verbose_name_plural = _("宣传品")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(file="", url=""), name="honours_asset_has_file_or_url"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Placement(RegionOwned):
    """宣传投放: where the programme was shown — a newspaper, an ad window, an e-screen, a
    landmark screen (泸州 酒城乐园摩天轮), online — with dates."""

    kind = models.CharField(_("载体"), max_length=16, choices=PlacementKind.choices)
    where = models.CharField(_("投放位置/媒体"), max_length=128)
    asset = models.ForeignKey(
        Asset, null=True, blank=True, on_delete=models.SET_NULL, related_name="placements"
    )
    brand = models.ForeignKey(
        Brand, null=True, blank=True, on_delete=models.SET_NULL, related_name="placements"
    )
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("宣传投放")
        verbose_name_plural = _("宣传投放")
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.where}"
