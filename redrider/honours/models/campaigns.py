"""Selection campaigns (评选活动): quotas, nominations with evidence, jurors and their scores,
the public notice with objections, and the title recorded on the rider (Exemplar)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from redrider.core.models import RegionOwned, TimeStamped
from redrider.core.scoping import RegionScopedQuerySet, scope_prefix, user_scope_code
from redrider.regions import tree

from ..choices import (
    CRITERION_MAX,
    CampaignStatus,
    NominationStatus,
    NominatorKind,
    ObjectionSource,
    ObjectionStatus,
    RecordKind,
)


class CampaignQuerySet(RegionScopedQuerySet):
    """A campaign concerns its whole region: staff below the organiser see it too.

    `visible_to(user)`: campaigns inside the user's region *and* those whose region contains it
    (a county officer sees the province's campaign, never a neighbouring county's).
    """

    def visible_to(self, user):
        code = user_scope_code(user)
        if code is None:
            return self.none()
        prefix = scope_prefix(code)
        if not prefix:
            return self
        above = [*tree.ancestors(code), code]
        return self.filter(Q(region_code__startswith=prefix) | Q(region_code__in=above))


class Campaign(RegionOwned):
    """评选活动: one yearly selection (e.g. 2026 “红骑手”) organised by a region.

    Dates: nominations are taken from `nomination_opens_on` to `nomination_closes_on` and scored
    from `scoring_opens_on` to `scoring_closes_on` (Asia/Shanghai days, inclusive). Status moves
    only through services: open → notice (`campaign_notice_open` ranks every quota region and
    sets `notice_ends_at` N working days on) → published (`campaign_publish`, never before
    `notice_ends_at`). The title granted is `title`.
    """

    name = models.CharField(_("名称"), max_length=128)
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    title = models.CharField(_("授予称号"), max_length=32, default="红骑手")
    description = models.TextField(_("说明"), blank=True)
    nomination_opens_on = models.DateField(_("提名开始"))
    nomination_closes_on = models.DateField(_("提名截止"))
    scoring_opens_on = models.DateField(_("评审开始"))
    scoring_closes_on = models.DateField(_("评审截止"))
    notice_working_days = models.PositiveSmallIntegerField(_("公示期（工作日）"), default=5)
    objection_contact = models.CharField(_("异议受理方式"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=CampaignStatus.choices,
        default=CampaignStatus.OPEN,
        db_index=True,
    )
    notice_starts_at = models.DateTimeField(_("公示开始"), null=True, blank=True)
    notice_ends_at = models.DateTimeField(_("公示结束"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # A wider visible_to than the base class's (see CampaignQuerySet).
    objects = CampaignQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("评选活动")
        verbose_name_plural = _("评选活动")
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nomination_opens_on__lte=models.F("nomination_closes_on"))
                & Q(scoring_opens_on__lte=models.F("scoring_closes_on"))
                & Q(nomination_opens_on__lte=models.F("scoring_opens_on")),
                name="honours_campaign_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Quota(models.Model):
    """名额: how many titles a region (usually a prefecture) may receive in a campaign.

    A nomination counts against the deepest quota region that contains the rider's county.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="quotas")
    region_code = models.CharField(_("行政区划代码"), max_length=6)
    seats = models.PositiveIntegerField(_("名额"))

    class Meta:
        verbose_name = _("名额")
        verbose_name_plural = _("名额")
        ordering = ["region_code"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "region_code"], name="honours_one_quota")
        ]

    def __str__(self) -> str:
        return f"{self.region_code}: {self.seats}"


class Nomination(RegionOwned):
    """提名: one rider put forward in one campaign (at most once: a unique constraint).

    `region_code` is the rider's county; `quota_region` the quota it counts against. The score
    fields (`total`, `rank`, `tie_note`) are frozen when the notice opens. `display_name` is the
    name the notice and the honour wall print; ID numbers and phones never leave the census.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="nominations")
    rider = models.ForeignKey(
        "riders.Rider", on_delete=models.PROTECT, related_name="nominations", verbose_name=_("骑手")
    )
    quota_region = models.CharField(_("名额区划"), max_length=6, db_index=True)
    nominator_kind = models.CharField(_("推荐方式"), max_length=16, choices=NominatorKind.choices)
    nominator_label = models.CharField(_("推荐单位/推荐人"), max_length=128, blank=True)
    company = models.ForeignKey(
        "riders.Company",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("推荐企业"),
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    display_name = models.CharField(_("公示姓名"), max_length=32)
    headline = models.CharField(_("事迹摘要"), max_length=120, blank=True)
    story = models.TextField(_("事迹材料"), max_length=4000)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=NominationStatus.choices,
        default=NominationStatus.SUBMITTED,
        db_index=True,
    )
    total = models.DecimalField(
        _("平均总分"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    rank = models.PositiveIntegerField(_("排名"), null=True, blank=True)
    tie_note = models.CharField(_("同分说明"), max_length=600, blank=True)
    submitted_at = models.DateTimeField(_("提名时间"), db_index=True)

    class Meta:
        verbose_name = _("提名")
        verbose_name_plural = _("提名")
        ordering = ["campaign", "quota_region", "rank", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "rider"], name="honours_one_nomination")
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.campaign_id})"


def _nomination_photo_path(instance, filename: str) -> str:
    return f"honours/nominations/{filename}"


class NominationPhoto(models.Model):
    """A photo of the rider's deeds, re-encoded as JPEG with every EXIF/GPS tag removed."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=_nomination_photo_path)
    caption = models.CharField(_("说明"), max_length=120, blank=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.image.name or ""


class NominationRecord(models.Model):
    """A link from a nomination to the rider's own record: an attended activity, a solved
    appeal, a founded tip-off.

    Tip-off links are confidential (the nominee was the informant): selectors show them only
    to someone who may see that tip-off's informant, and no count or label elsewhere reveals
    that one exists.
    """

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="records")
    kind = models.CharField(_("类别"), max_length=12, choices=RecordKind.choices)
    object_id = models.BigIntegerField()
    label = models.CharField(_("摘要"), max_length=200)
    occurred_at = models.DateTimeField(_("时间"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "-occurred_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "kind", "object_id"], name="honours_one_record_link"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"


class Juror(RegionOwned):
    """评审专家: a juror appointed to a campaign for a region (`region_code`).

    A juror sees and scores only the nominations assigned to them; `declared_at` is set once
    they have made their conflict-of-interest declaration, and nothing is scored before it.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="jurors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="juror_seats"
    )
    declared_at = models.DateTimeField(_("利益冲突声明时间"), null=True, blank=True)
    declaration = models.CharField(_("声明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("评审专家")
        verbose_name_plural = _("评审专家")
        ordering = ["campaign", "region_code", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "user"], name="honours_one_juror_seat")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.region_code}"


class Assignment(models.Model):
    """One nomination a juror must score. `recused`: the juror declared a conflict of interest
    (knows the rider, same employer...) and may neither see nor score it."""

    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="assignments")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="assignments")
    recused = models.BooleanField(_("回避"), default=False)
    recusal_reason = models.CharField(_("回避理由"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["juror", "nomination"], name="honours_one_assignment")
        ]

    def __str__(self) -> str:
        return f"{self.juror_id} → {self.nomination_id}"


class Score(TimeStamped):
    """A juror's score of one nomination: four criteria, each 0–25 (database-checked)."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="scores")
    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="scores")
    loves_party_country = models.PositiveSmallIntegerField(_("爱党爱国"))
    dedicated = models.PositiveSmallIntegerField(_("爱岗敬业"))
    takes_responsibility = models.PositiveSmallIntegerField(_("担当有为"))
    serves_society = models.PositiveSmallIntegerField(_("奉献社会"))
    comment = models.CharField(_("评语"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("评分")
        verbose_name_plural = _("评分")
        constraints = [
            models.UniqueConstraint(fields=["nomination", "juror"], name="honours_one_score"),
            models.CheckConstraint(
                condition=Q(loves_party_country__lte=CRITERION_MAX)
                & Q(dedicated__lte=CRITERION_MAX)
                & Q(takes_responsibility__lte=CRITERION_MAX)
                & Q(serves_society__lte=CRITERION_MAX),
                name="honours_score_within_scale",
            ),
        ]

    @property
    def total(self) -> int:
        return (
            self.loves_party_country
            + self.dedicated
            + self.takes_responsibility
            + self.serves_society
        )

    def __str__(self) -> str:
        return f"{self.nomination_id}: {self.total}"


class Objection(models.Model):
    """公示异议: an objection to a nomination on notice. While it is open (received or being
    investigated) the nomination gets no title; upheld removes it, dismissed lets it through."""

    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="objections")
    source = models.CharField(_("来源"), max_length=12, choices=ObjectionSource.choices)
    summary = models.CharField(_("异议内容"), max_length=1000)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=ObjectionStatus.choices,
        default=ObjectionStatus.RECEIVED,
        db_index=True,
    )
    received_at = models.DateTimeField(_("收到时间"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    finding = models.CharField(_("调查核实情况"), max_length=1000, blank=True)
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["received_at", "id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_status_display()}"


def _exemplar_photo_path(instance, filename: str) -> str:
    return f"honours/exemplars/{filename}"


class Exemplar(RegionOwned):
    """红骑手 (the title) recorded on a rider: one per published nomination.

    Public: the honour wall shows `display_name`, region, year, title, distinction and story —
    never an ID number or phone. `region_code` is the rider's county when honoured.
    """

    rider = models.ForeignKey(
        "riders.Rider", on_delete=models.PROTECT, related_name="titles", verbose_name=_("骑手")
    )
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="exemplars")
    nomination = models.OneToOneField(Nomination, on_delete=models.PROTECT, related_name="exemplar")
    year = models.PositiveSmallIntegerField(_("年度"), db_index=True)
    title = models.CharField(_("称号"), max_length=32)
    display_name = models.CharField(_("姓名"), max_length=32)
    distinction = models.CharField(_("其他荣誉"), max_length=120, blank=True)
    story = models.TextField(_("事迹"), blank=True)
    photo = models.FileField(upload_to=_exemplar_photo_path, blank=True)
    honoured_at = models.DateTimeField(_("授予时间"))

    class Meta:
        verbose_name = _("红骑手典型")
        verbose_name_plural = _("红骑手典型")
        ordering = ["-year", "region_code", "id"]

    def __str__(self) -> str:
        return f"{self.year} {self.title} {self.display_name}"
