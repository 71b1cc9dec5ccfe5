"""Warm stations (暖心驿站): the registry, check-ins, corrections and yearly reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from redrider.core.models import RegionOwned
from redrider.core.pii import EncryptedTextField, mask_phone

from .choices import StationStatus, StationType


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

    code = models.CharField(_("驿站编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=128)
    type = models.CharField(_("类型"), max_length=24, choices=StationType.choices,
                            default=StationType.OTHER)
    host_organisation = models.CharField(_("建设/承办单位或商户"), max_length=128, blank=True)
    manager_name = models.CharField(_("负责人"), max_length=64, blank=True)
    contact_phone = EncryptedTextField(_("联系电话"), blank=True, default="")
    address = models.CharField(_("地址"), max_length=255, blank=True)
    lat = models.FloatField(_("纬度（WGS-84）"))
    lng = models.FloatField(_("经度（WGS-84）"))
    # H3 resolution-7 cell (~1.2 km edge) of the point: lets SQL narrow by area if ever needed.
    h3_cell = models.CharField(_("H3 网格"), max_length=16, blank=True, db_index=True)
    services = models.JSONField(_("服务项目"), default=list, blank=True)
    services_note = models.CharField(_("其他服务"), max_length=255, blank=True)
    opening_hours = models.CharField(_("开放时间"), max_length=255, default="24/7")
    capacity = models.PositiveIntegerField(_("可容纳人数"), null=True, blank=True)
    area_m2 = models.PositiveIntegerField(_("面积（平方米）"), null=True, blank=True)
    status = models.CharField(_("运行状态"), max_length=20, choices=StationStatus.choices,
                              default=StationStatus.OPEN, db_index=True)
    star_rating = models.PositiveSmallIntegerField(_("星级"), null=True, blank=True)
    last_verified = models.DateField(_("最近核实日期"), null=True, blank=True)
    hosts = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="hosted_stations",
                                   verbose_name=_("驿站管理员账号"))
    # Rows made by `seed_demo --scale national` for benchmarks: never real stations.
    is_synthetic = models.BooleanField(_("合成数据"), default=False, db_index=True)

    class Meta:
        verbose_name = _("暖心驿站")
        verbose_name_plural = _("暖心驿站")
        ordering = ["region_code", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @property
    def contact_phone_masked(self) -> str:
        """138****5678: what lists and pages show without the PII permission."""
        return mask_phone(self.contact_phone or "")


class StationIndexVersion(models.Model):
    """One row whose `version` every station write bumps (in the same transaction).

    Each app process keeps an in-memory nearest-station index tagged with the version it was
    built from; one cheap primary-key read per request tells it whether to rebuild, so the
    index stays right across restarts and several processes.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("驿站索引版本")
        verbose_name_plural = _("驿站索引版本")
