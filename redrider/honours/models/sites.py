"""Demonstration sites (党建示范点, “党建强 发展强”): candidates, assessments and their history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from redrider.core.models import RegionOwned

from ..choices import AssessmentKind, AssessmentResult, SiteKind, SiteStatus


class DemoSite(RegionOwned):
    """党建示范点: a company party organisation, guidance station or warm station that was put
    forward, assessed and (perhaps) named.

    Exactly one of the three links matches `kind`. `status` changes only through
    `services.site_assess`, which writes a `SiteStatusChange` for every move, so the history keeps
    every state. `named_year` is the year of the naming round; the last re-review (回头看) is
    mirrored in `last_review_year` / `last_review_result` for lists.
    """

    name = models.CharField(_("名称"), max_length=128)
    kind = models.CharField(_("类别"), max_length=24, choices=SiteKind.choices, db_index=True)
    party_organisation = models.ForeignKey(
        "orgs.PartyOrganisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    guidance_station = models.ForeignKey(
        "orgs.GuidanceStation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    station = models.ForeignKey(
        "stations.Station", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=SiteStatus.choices,
        default=SiteStatus.CANDIDATE,
        db_index=True,
    )
    named_year = models.PositiveSmallIntegerField(_("命名年度"), null=True, blank=True)
    last_review_year = models.PositiveSmallIntegerField(_("最近回头看年度"), null=True, blank=True)
    last_review_result = models.CharField(
        _("最近回头看结果"), max_length=12, choices=AssessmentResult.choices, blank=True
    )
    next_review_due = models.DateField(_("下次回头看"), null=True, blank=True)

    class Meta:
        verbose_name = _("党建示范点")
        verbose_name_plural = _("党建示范点")
        ordering = ["region_code", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        kind=SiteKind.PARTY_ORGANISATION,
                        guidance_station__isnull=True,
                        station__isnull=True,
                    )
                    | models.Q(
                        kind=SiteKind.GUIDANCE_STATION,
                        party_organisation__isnull=True,
                        station__isnull=True,
                    )
                    | models.Q(
                        kind=SiteKind.WARM_STATION,
                        party_organisation__isnull=True,
                        guidance_station__isnull=True,
                    )
                ),
                name="honours_site_link_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SiteAssessment(RegionOwned):
    """One assessment of a site against the checklist: a naming (命名评定) or a re-review (回头看).

    `scores` holds {checklist key: points}; `total` their sum (0–100); `result` what it decided.
    """

    site = models.ForeignKey(DemoSite, on_delete=models.PROTECT, related_name="assessments")
    kind = models.CharField(_("类别"), max_length=8, choices=AssessmentKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    scores = models.JSONField(_("分项得分"), default=dict)
    total = models.PositiveSmallIntegerField(_("总分"))
    result = models.CharField(_("结论"), max_length=12, choices=AssessmentResult.choices)
    evidence = models.TextField(_("佐证材料说明"), blank=True)
    note = models.CharField(_("意见"), max_length=500, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_at = models.DateTimeField(_("评定时间"))

    class Meta:
        verbose_name = _("示范点评定")
        verbose_name_plural = _("示范点评定")
        ordering = ["-assessed_at", "-id"]
        indexes = [models.Index(fields=["kind", "year"], name="honours_assess_kind_year")]

    def __str__(self) -> str:
        return f"{self.site_id} {self.kind} {self.year} {self.result}"


class SiteEvidencePhoto(models.Model):
    """A photo backing an assessment (signage, venue, ledger), re-encoded without EXIF/GPS."""

    assessment = models.ForeignKey(SiteAssessment, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to="honours/sites/")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.image.name or ""


class SiteStatusChange(models.Model):
    """The history of a site: one row per status move, never updated or deleted."""

    site = models.ForeignKey(DemoSite, on_delete=models.CASCADE, related_name="history")
    assessment = models.ForeignKey(
        SiteAssessment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(_("原状态"), max_length=12, blank=True)
    to_status = models.CharField(_("新状态"), max_length=12)
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.site_id} {self.from_status}→{self.to_status}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("site history is append-only")
        super().save(*args, **kwargs)

    @property
    def from_label(self) -> str:
        return str(SiteStatus(self.from_status).label) if self.from_status else ""

    @property
    def to_label(self) -> str:
        return str(SiteStatus(self.to_status).label)
