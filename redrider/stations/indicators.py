"""The warm-station network's indicators (千个驿站) for the dashboard."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, Sum
from django.utils import timezone

from redrider.regions.rollup import grouped

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
    rated = stations.aggregate(total=Sum("star_rating"), n=Count("star_rating"))
    return {
        "stations": stations.count(),
        "stations_open": stations.filter(status=StationStatus.OPEN).count(),
        "stations_caring_shop": stations.filter(type=StationType.CARING_SHOP).count(),
        "stations_shared_hive": stations.filter(type=StationType.SHARED_HIVE).count(),
        "stations_avg_stars": _average(rated["total"], rated["n"]),
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


def _average(total, n) -> float | None:
    # The same rounding for one region and for many (so the drill-down adds up).
    return round(total / n, 2) if n else None


def indicators_many(*, user, parent_code: str, region_codes: list[str]) -> dict[str, dict]:
    """`indicators` for sibling regions at once: one grouped query per model."""
    stations = (
        Station.objects.visible_to(user)
        .in_region(parent_code)
        .exclude(status=StationStatus.RETIRED)
    )
    since = timezone.now() - dt.timedelta(days=30)
    counts = grouped(
        stations,
        region_codes,
        n=Count("id"),
        open=Count("id", filter=Q(status=StationStatus.OPEN)),
        caring=Count("id", filter=Q(type=StationType.CARING_SHOP)),
        hive=Count("id", filter=Q(type=StationType.SHARED_HIVE)),
        stars=Sum("star_rating"),
        rated=Count("star_rating"),
    )
    checkins = grouped(
        Checkin.objects.filter(station__in=stations, at__gte=since),
        region_codes,
        field="station__region_code",
        n=Count("id"),
    )
    pending = grouped(
        Correction.objects.visible_to(user)
        .in_region(parent_code)
        .filter(status=CorrectionStatus.PENDING),
        region_codes,
        n=Count("id"),
    )
    return {
        code: {
            "stations": counts[code]["n"],
            "stations_open": counts[code]["open"],
            "stations_caring_shop": counts[code]["caring"],
            "stations_shared_hive": counts[code]["hive"],
            "stations_avg_stars": _average(counts[code]["stars"], counts[code]["rated"]),
            "station_checkins_30d": checkins[code]["n"],
            "station_corrections_pending": pending[code]["n"],
        }
        for code in region_codes
    }
