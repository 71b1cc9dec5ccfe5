"""Warm stations (暖心驿站): the registry, check-ins, corrections and yearly reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from redrider.core.models import RegionOwned
from redrider.core.pii import EncryptedTextField, mask_phone

from .choices import CorrectionKind, CorrectionStatus, StationStatus, StationType


class Station(RegionOwned):
    """暖心驿站: a place where riders rest, drink, heat food and charge.

    Contract: `lat`/`lng` are WGS-84 (input in other systems is converted by the services);
    `region_code` is the county containing the point, found by reverse geocoding
    (`redrider.regions.geocode.county_code_at`), never typed. `services` is a list of
    `choices.Service` codes; `opening_hours` is valid OpenStreetMap `opening_hours` syntax.
    `code` is the station's QR identity, unique and never reused. Writes go through
    `stations.services`, which also bump `StationIndexVersion` so every process rebuilds its
    nearest-station index.
    """

    # A station host sees the stations they host (DESIGN §4 rule 8).
    host_lookup = "hosts"

    code = models.CharField(_("驿站编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=128)
    type = models.CharField(
        _("类型"), max_length=24, choices=StationType.choices, default=StationType.OTHER
    )
    host_organisation = models.CharField(_("建设/承办单位或商户"), max_length=128, blank=True)
    manager_name = models.CharField(_("负责人"), max_length=64, blank=True)
    contact_phone = EncryptedTextField(_("联系电话"), blank=True, default="")
    address = models.CharField(_("地址"), max_length=255, blank=True)
    lat = models.FloatField(_("纬度（WGS-84）"))
    lng = models.FloatField(_("经度（WGS-84）"))
    # H3 resolution-7 cell (~1.2 km edge) of the point: lets SQL narrow by area if ever needed.
    h3_cell = models.CharField(_("H3 网格"), max_length=16, blank=True, db_index=True)
    services = models.JSONField(_("服务项目"), default=list, blank=True)
    # Bit i set = the i-th code of choices.SERVICE_ORDER offered; kept in step with `services` by
    # the services module so the nearest-station index loads without parsing JSON per row.
    services_mask = models.PositiveIntegerField(default=0, editable=False)
    services_note = models.CharField(_("其他服务"), max_length=255, blank=True)
    opening_hours = models.CharField(_("开放时间"), max_length=255, default="24/7")
    capacity = models.PositiveIntegerField(_("可容纳人数"), null=True, blank=True)
    area_m2 = models.PositiveIntegerField(_("面积（平方米）"), null=True, blank=True)
    status = models.CharField(
        _("运行状态"),
        max_length=20,
        choices=StationStatus.choices,
        default=StationStatus.OPEN,
        db_index=True,
    )
    star_rating = models.PositiveSmallIntegerField(_("星级"), null=True, blank=True)
    last_verified = models.DateField(_("最近核实日期"), null=True, blank=True)
    hosts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="hosted_stations",
        verbose_name=_("驿站管理员账号"),
    )
    # Rows made by `seed_demo --scale national` for benchmarks: never real stations.
    is_synthetic = models.BooleanField(_("合成数据"), default=False, db_index=True)

    class Meta:
        verbose_name = _("暖心驿站")
        verbose_name_plural = _("暖心驿站")
        ordering = ["region_code", "id"]
        # The nearest-station index reads the stations changed since its base (stations.nearby).
        indexes = [models.Index(fields=["updated_at"], name="station_updated_at")]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @property
    def contact_phone_masked(self) -> str:
        """138****5678: what lists and pages show without the PII permission."""
        return mask_phone(self.contact_phone or "")


class StationIndexVersion(models.Model):
    """One row whose `token` every station write replaces (in the same transaction).

    Each app process keeps an in-memory nearest-station index tagged with the token it was
    built from; one cheap primary-key read per request tells it whether to rebuild, so the
    index stays right across restarts and several processes. A random token rather than a
    counter: a rolled-back transaction can never make an old number mean new data.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.CharField(max_length=32, default="initial")

    class Meta:
        verbose_name = _("驿站索引版本")
        verbose_name_plural = _("驿站索引版本")

    def __str__(self) -> str:
        return self.token


class Checkin(models.Model):
    """签到: a rider scanned the station's QR sign.

    Contract (kept by `services.checkin_create`): at most one row per rider and station in any
    30 minutes; `day` is the Asia/Shanghai calendar day of `at`, the unit of daily counts.
    A check-in is a point of a rider's location track: after LOCATION_RETENTION_DAYS the rider
    is removed (`services.checkins_anonymise`) and only the station-and-time count remains.
    """

    station = models.ForeignKey(
        Station, on_delete=models.CASCADE, related_name="checkins", verbose_name=_("驿站")
    )
    rider = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="station_checkins",
        verbose_name=_("骑手"),
    )
    at = models.DateTimeField(_("签到时间"), db_index=True)
    day = models.DateField(_("日期"))

    class Meta:
        verbose_name = _("驿站签到")
        verbose_name_plural = _("驿站签到")
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["station", "day"], name="checkin_station_day"),
            models.Index(fields=["station", "at"], name="checkin_station_at"),
            models.Index(fields=["rider", "station", "at"], name="checkin_rider_station_at"),
        ]

    def __str__(self) -> str:
        return f"{self.station_id} {self.at:%Y-%m-%d %H:%M}"


class Correction(RegionOwned):
    """纠错: a rider's report that a station is closed, moved, has wrong hours or lacks a service.

    `region_code` is the station's county: the report waits in that county's queue. Accepting
    it (`services.correction_review`) applies the proposal and sets the station's last_verified.
    Proposed points are stored in WGS-84.
    """

    station = models.ForeignKey(
        Station, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("驿站")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("报告人"),
    )
    kind = models.CharField(_("类型"), max_length=20, choices=CorrectionKind.choices)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    proposed_opening_hours = models.CharField(_("建议开放时间"), max_length=255, blank=True)
    proposed_lat = models.FloatField(_("建议纬度"), null=True, blank=True)
    proposed_lng = models.FloatField(_("建议经度"), null=True, blank=True)
    missing_services = models.JSONField(_("缺失服务"), default=list, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=12,
        choices=CorrectionStatus.choices,
        default=CorrectionStatus.PENDING,
        db_index=True,
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("审核人"),
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.CharField(_("审核意见"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("驿站纠错")
        verbose_name_plural = _("驿站纠错")
        ordering = ["-created_at", "-id"]


class StationReview(models.Model):
    """年度复核: one year's standardisation review (选址 · 建设 · 功能 · 服务, each 0–5).

    `stars` is derived from the four scores and becomes the station's star rating, up or down.
    One review per station and year.
    """

    station = models.ForeignKey(
        Station, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("驿站")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    siting = models.PositiveSmallIntegerField(_("选址"))
    building = models.PositiveSmallIntegerField(_("建设"))
    function = models.PositiveSmallIntegerField(_("功能"))
    service = models.PositiveSmallIntegerField(_("服务"))
    stars = models.PositiveSmallIntegerField(_("星级"))
    previous_stars = models.PositiveSmallIntegerField(_("原星级"), null=True, blank=True)
    note = models.CharField(_("意见"), max_length=500, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("复核人"),
    )
    reviewed_on = models.DateField(_("复核日期"))

    class Meta:
        verbose_name = _("驿站年度复核")
        verbose_name_plural = _("驿站年度复核")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["station", "year"], name="station_review_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.station_id} {self.year} {self.stars}★"


class StationPhoto(models.Model):
    """驿站照片: re-encoded as JPEG on upload, so no EXIF or GPS tag survives."""

    station = models.ForeignKey(
        Station, on_delete=models.CASCADE, related_name="photos", verbose_name=_("驿站")
    )
    image = models.FileField(_("图片"), upload_to="stations/photos/%Y/%m/")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("驿站照片")
        verbose_name_plural = _("驿站照片")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.image.name or ""
