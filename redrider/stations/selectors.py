"""Reads of the warm-station registry. Staff reads start from `visible_to(user)` (for a station
host: the stations they host, nothing else); riders read public station facts through
`station_public_*`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from redrider.core.errors import InvalidInput, NotFound
from redrider.regions import tree

from .choices import SERVICE_BIT, CorrectionStatus, StationStatus
from .models import Checkin, Correction, Station, StationPhoto
from .services import CHECKIN_WINDOW, local_today


def _stations(user) -> QuerySet[Station]:
    return Station.objects.visible_to(user)


def station_list(
    *,
    user,
    region: str | None = None,
    q: str = "",
    status: str = "",
    type: str = "",
    service: str = "",
    star: Any = None,
) -> QuerySet[Station]:
    """The stations `user` may see, narrowed by region (a code within their scope), name/code/
    address text, status, type, one service code and star rating."""
    qs = _stations(user)
    if region:
        scope = tree.user_region(user)
        if not (len(region) == 6 and region.isdigit()):
            raise InvalidInput(
                "invalid_region", "区划代码须为 6 位数字", "region must be a 6-digit code"
            )
        # A host has no region scope: their own stations, narrowed to the region asked for.
        if scope is not None and not tree.within(region, scope):
            return qs.none()
        qs = qs.in_region(region)  # type: ignore[attr-defined]  # RegionScopedQuerySet
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__iexact=q) | Q(address__icontains=q))
    if status:
        qs = qs.filter(status=status)
    if type:
        qs = qs.filter(type=type)
    if service:
        bit = SERVICE_BIT.get(service)
        if bit is None:
            raise InvalidInput(
                "unknown_service", f"未知的服务项目：{service}", f"unknown service: {service}"
            )
        # Bit test in Python-free SQL is not portable; the mask values containing the bit are
        # few enough to enumerate over the distinct masks in the scope.
        masks = [m for m in qs.values_list("services_mask", flat=True).distinct() if m & bit]
        qs = qs.filter(services_mask__in=masks)
    if star not in (None, ""):
        qs = qs.filter(star_rating=int(star))
    return qs.order_by("region_code", "id")


def station_get(*, user, id: int) -> Station:
    """One station the user may see; another region's (or, for a host, another's) is 404."""
    found = _stations(user).filter(pk=id).first()
    if found is None:
        raise NotFound("驿站", "station")
    return found


def station_public_by_code(*, code: str) -> Station:
    """A station by its QR code, for the rider who scanned it (retired or unknown → 404)."""
    found = Station.objects.exclude(status=StationStatus.RETIRED).filter(code=code).first()
    if found is None:
        raise NotFound("驿站", "station")
    return found


def station_public_get(*, id: int) -> Station:
    """A searchable station by id for riders: public facts only are shown from it."""
    found = Station.objects.exclude(status=StationStatus.RETIRED).filter(pk=id).first()
    if found is None:
        raise NotFound("驿站", "station")
    return found


def station_photo_get(*, user, id: int) -> StationPhoto:
    """A station photo for someone who may see its station: staff of its region or its host
    (`station_get`), or any signed-in user when the station is public (not retired). 404
    otherwise, whether or not the photo exists."""
    photo = StationPhoto.objects.select_related("station").filter(pk=id).first()
    if photo is None:
        raise NotFound("照片", "photo")
    if _stations(user).filter(pk=photo.station_id).exists():
        return photo
    if getattr(user, "is_authenticated", False) and photo.station.status != StationStatus.RETIRED:
        return photo
    raise NotFound("照片", "photo")


def checkin_stats(*, station: Station, now: dt.datetime | None = None) -> dict[str, int]:
    """Today's count (Asia/Shanghai day) and the riders here now (distinct check-ins of the
    last 30 minutes)."""
    now = now or timezone.now()
    return {
        "today": Checkin.objects.filter(station=station, day=local_today(now)).count(),
        "here_now": Checkin.objects.filter(station=station, at__gt=now - CHECKIN_WINDOW)
        .values("rider")
        .distinct()
        .count(),
    }


def checkin_daily(*, station: Station, days: int = 14) -> list[dict]:
    """Check-ins per day for the last `days` days (oldest first, zero days included)."""
    today = local_today()
    start = today - dt.timedelta(days=days - 1)
    counts = dict(
        Checkin.objects.filter(station=station, day__gte=start)
        .values_list("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    return [
        {"day": start + dt.timedelta(days=i), "count": counts.get(start + dt.timedelta(days=i), 0)}
        for i in range(days)
    ]


def correction_list(
    *, user, status: str = "pending", region: str | None = None
) -> QuerySet[Correction]:
    """The correction queue of the user's region (hosts see none: the county reviews)."""
    qs = Correction.objects.visible_to(user).select_related("station", "reporter")
    if region:
        scope = tree.user_region(user)
        qs = qs.in_region(region) if scope and tree.within(region, scope) else qs.none()
    if status:
        if status not in CorrectionStatus.values:
            raise InvalidInput("invalid_status", f"状态无效：{status}", f"invalid status: {status}")
        qs = qs.filter(status=status)
    return qs


def correction_get(*, user, id: int) -> Correction:
    found = correction_list(user=user, status="").filter(pk=id).first()
    if found is None:
        raise NotFound("纠错", "correction")
    return found
