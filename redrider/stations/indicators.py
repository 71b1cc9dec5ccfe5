"""The warm-station network's indicators (千个驿站) for the dashboard."""

from __future__ import annotations

import datetime as dt

from django.db.models import Avg
from django.utils import timezone

from .choices import CorrectionStatus, StationStatus, StationType
from .models import Checkin, Correction, Station

TITLE = "千个驿站"

LABELS = {
    "stations": "暖心驿站",
    "stations_open": "正常开放驿站",
    "stations_caring_shop": "爱心商铺",
    "stations_shared_hive": "共享蜂巢",
    "stations_avg_stars": "平均星级",
    "station_checkins_30d": "近30天签到人次",
    "station_corrections_pending": "待审核纠错",
}

TREND_LABELS = {"station_checkins": "驿站签到人次"}


def indicators(*, user, region_code: str) -> dict[str, float | int | None]:
    stations = (
        Station.objects.visible_to(user)
        .in_region(region_code)
        .exclude(status=StationStatus.RETIRED)
    )
    since = timezone.now() - dt.timedelta(days=30)
    stars = stations.aggregate(avg=Avg("star_rating"))["avg"]
    return {
        "stations": stations.count(),
        "stations_open": stations.filter(status=StationStatus.OPEN).count(),
        "stations_caring_shop": stations.filter(type=StationType.CARING_SHOP).count(),
        "stations_shared_hive": stations.filter(type=StationType.SHARED_HIVE).count(),
        "stations_avg_stars": round(stars, 2) if stars is not None else None,
        "station_checkins_30d": Checkin.objects.filter(station__in=stations, at__gte=since).count(),
        "station_corrections_pending": Correction.objects.visible_to(user)
        .in_region(region_code)
        .filter(status=CorrectionStatus.PENDING)
        .count(),
    }


def series(*, user, region_code: str) -> dict:
    """Dated rows for the dashboard's monthly trends: key → (queryset, date field)."""
    stations = Station.objects.visible_to(user).in_region(region_code)
    return {"station_checkins": (Checkin.objects.filter(station__in=stations), "at")}
