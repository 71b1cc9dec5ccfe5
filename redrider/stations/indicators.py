"""The warm-station network's indicators (千个驿站), each defined once (regions/figures.py)."""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from redrider.core.scoping import scope_prefix, user_scope_code
from redrider.regions.figures import STOCK, Ratio, Tally, labels, values_for

from .choices import CorrectionStatus, StationStatus, StationType
from .models import Checkin, Correction, Station

TITLE = _("千个驿站")

IN_SERVICE = ~Q(status=StationStatus.RETIRED)


def _checkins_for(user):
    """Check-ins at the stations of the user's region (a check-in has no region of its own)."""
    scope = user_scope_code(user)
    if scope is None:
        return Checkin.objects.none()
    return Checkin.objects.filter(station__region_code__startswith=scope_prefix(scope))


def _stations(**extra):
    return dict(model=Station, period=STOCK, **extra)


INDICATORS = [
    Tally(
        key="stations",
        label=_("暖心驿站"),
        definition=_("截至期末登记且未撤销的暖心驿站（按登记日期，撤销与否按当前状态）。"),
        unit=_("个"),
        **_stations(where=IN_SERVICE),
    ),
    Tally(
        key="stations_open",
        label=_("正常开放驿站"),
        definition=_("截至期末登记、当前状态为正常开放的驿站。"),
        unit=_("个"),
        **_stations(where=Q(status=StationStatus.OPEN)),
    ),
    Tally(
        key="stations_caring_shop",
        label=_("爱心商铺"),
        definition=_("截至期末登记且未撤销的爱心商铺类驿站。"),
        unit=_("个"),
        **_stations(where=IN_SERVICE & Q(type=StationType.CARING_SHOP)),
    ),
    Tally(
        key="stations_shared_hive",
        label=_("共享蜂巢"),
        definition=_("截至期末登记且未撤销的共享蜂巢类驿站。"),
        unit=_("个"),
        **_stations(where=IN_SERVICE & Q(type=StationType.SHARED_HIVE)),
    ),
    Tally(
        key="stations_stars_total",
        label=_("驿站星级合计"),
        definition=_("截至期末登记且未撤销、已评星的驿站星级之和。"),
        hidden=True,
        value=Sum("star_rating"),
        **_stations(where=IN_SERVICE & Q(star_rating__isnull=False)),
    ),
    Tally(
        key="stations_rated",
        label=_("已评星驿站"),
        definition=_("截至期末登记且未撤销、已评星的驿站。"),
        hidden=True,
        value=Count("pk"),
        **_stations(where=IN_SERVICE & Q(star_rating__isnull=False)),
    ),
    Ratio(
        key="stations_avg_stars",
        label=_("平均星级"),
        definition=_("已评星且未撤销驿站的平均星级（星级之和 ÷ 已评星驿站数，保留两位小数）。"),
        unit=_("星"),
        numerator="stations_stars_total",
        denominator="stations_rated",
        period=STOCK,
    ),
    Tally(
        key="station_checkins",
        label=_("驿站签到人次"),
        definition=_("期间内骑手在驿站扫码签到的人次（按驿站所在区域、上海时间日期）。"),
        unit=_("人次"),
        model=Checkin,
        rows=_checkins_for,
        date="day",
        region="station__region_code",
        depends=(Station,),
    ),
    Tally(
        key="station_corrections_pending",
        label=_("待审核纠错"),
        definition=_("截至期末提交、当前仍待审核的驿站信息纠错。"),
        unit=_("条"),
        model=Correction,
        where=Q(status=CorrectionStatus.PENDING),
        period=STOCK,
    ),
]

LABELS = labels(INDICATORS)


def indicators(*, user, region_code: str) -> dict:
    """Every figure of this app for one region (all time), read from the rows."""
    return values_for(INDICATORS, user=user, region_code=region_code)
