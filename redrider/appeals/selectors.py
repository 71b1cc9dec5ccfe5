"""Appeal and tip-off reads. Staff reads start from `visible_to(user)`; riders read their own
rows through the `rider_*` selectors (riders see nothing region-owned)."""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import Counter

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from redrider.accounts.policy import is_rider
from redrider.core.errors import InvalidInput, NotFound
from redrider.geo.index import PointIndex
from redrider.regions import tree

from .choices import (
    CATEGORY_RULES,
    OPEN_STATUSES,
    SOLVED_STATUSES,
    AppealCategory,
    AppealStatus,
    TipoffOutcome,
)
from .hotspots import CasePoint, Hotspot, hotspots_group
from .models import Appeal, AppealNotification, AppealPhoto, Tipoff
from .routing import point_parse
from .services.appeals import overdue_q

_RELATED = ("assigned_office", "assigned_committee", "rider")


def appeal_list(
    *,
    user,
    region: str | None = None,
    status: str | None = None,
    category: str | None = None,
    overdue: bool | None = None,
    escalated: bool | None = None,
    queue: bool = False,
    now: dt.datetime | None = None,
) -> QuerySet[Appeal]:
    """Staff work queue: visible cases, narrowed by region, status, category, overdue, escalated.

    `status="open"` means submitted, accepted or in progress. `queue=True` keeps only cases the
    user may act on now (their county's own, plus escalated cases whose handling level is theirs).
    """
    qs = (
        Appeal.objects.visible_to(user)
        .select_related(*_RELATED)
        .annotate(supporter_count=Count("supporters", distinct=True))
    )
    if region:
        qs = qs.in_region(region)
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    now = now or timezone.now()
    if overdue is True:
        qs = qs.filter(overdue_q(now))
    elif overdue is False:
        qs = qs.exclude(overdue_q(now))
    if escalated is True:
        qs = qs.filter(escalation_level__gt=0)
    elif escalated is False:
        qs = qs.filter(escalation_level=0)
    if queue:
        scope = tree.user_region(user)
        # Acting needs the handling level at or above the user's own (policy `appeals.handle`):
        # the user's own region or one of its ancestors.
        qs = qs.filter(handling_code__in=tree.lineage(scope) if scope else [])
    return qs.order_by("-submitted_at", "-id")


def appeal_get(*, user, id: int) -> Appeal:
    """A case for staff (visible_to) or for a rider (their own or one they joined); 404 else."""
    if is_rider(user):
        appeal = rider_appeal_list(user=user).filter(pk=id).first()
    else:
        appeal = Appeal.objects.visible_to(user).select_related(*_RELATED).filter(pk=id).first()
    if appeal is None:
        raise NotFound("诉求", "appeal")
    return appeal


def appeal_photo_get(*, user, id: int) -> AppealPhoto:
    """A case photo for staff who can see the case or for the rider who filed it; 404 else.

    Riders who joined the case ("me too") see its public part only, never its photos.
    """
    photo = AppealPhoto.objects.select_related("appeal").filter(pk=id).first()
    if photo is None:
        raise NotFound("照片", "photo")
    if is_rider(user):
        if photo.appeal.rider_id != user.pk:
            raise NotFound("照片", "photo")
    elif not Appeal.objects.visible_to(user).filter(pk=photo.appeal_id).exists():
        raise NotFound("照片", "photo")
    return photo


def rider_appeal_list(*, user) -> QuerySet[Appeal]:
    """A rider's own cases and those they joined with "me too", newest first."""
    joined = Appeal.objects.filter(supporters__rider=user).values("pk")
    return (
        Appeal.objects.filter(Q(rider=user) | Q(pk__in=joined))
        .select_related(*_RELATED)
        .annotate(supporter_count=Count("supporters", distinct=True))
        .order_by("-submitted_at", "-id")
    )


def appeals_nearby_open(
    *, lat, lng, crs: str = "wgs84", category: str, limit: int = 10
) -> list[tuple[Appeal, float]]:
    """Open cases of `category` within the category's radius of the point, nearest first.

    What a rider sees before filing, to join one instead ("me too"). Read by riders across
    county lines on purpose: a compound gate on a border is one problem. Returns no rider data.
    """
    if category not in AppealCategory.values:
        raise InvalidInput("unknown_category", "诉求类别无效", "unknown appeal category")
    wlat, wlng, _county = point_parse(lat, lng, crs)
    radius = CATEGORY_RULES[category].radius_m
    # A bounding box in degrees (generous at Sichuan's latitudes) trims the candidates; the
    # exact great-circle radius is decided by the index.
    dlat = radius / 111_000 * 1.5
    dlng = dlat / max(math.cos(math.radians(wlat)), 0.2)
    rows = list(
        Appeal.objects.filter(
            category=category,
            status__in=OPEN_STATUSES,
            lat__range=(wlat - dlat, wlat + dlat),
            lng__range=(wlng - dlng, wlng + dlng),
        ).annotate(supporter_count=Count("supporters", distinct=True))
    )
    if not rows:
        return []
    by_id = {a.pk: a for a in rows}
    index = PointIndex([a.pk for a in rows], [a.lat for a in rows], [a.lng for a in rows])
    hits = index.radius_query(wlat, wlng, radius)[:limit]
    return [(by_id[h.id], h.distance_m) for h in hits]


def appeal_hotspots(
    *,
    user,
    region: str | None = None,
    category: str | None = None,
    status: str = "open",
    min_size: int = 2,
) -> list[Hotspot]:
    """Hotspots among the visible cases (open ones by default), for the staff map."""
    qs = Appeal.objects.visible_to(user)
    if region:
        qs = qs.in_region(region)
    if category:
        qs = qs.filter(category=category)
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    points = [
        CasePoint(pk, cat, la, ln, 1 + n)
        for pk, cat, la, ln, n in qs.annotate(n=Count("supporters")).values_list(
            "pk", "category", "lat", "lng", "n"
        )
    ]
    return hotspots_group(points, lambda c: CATEGORY_RULES[c].radius_m, min_size=min_size)


def _median_hours(pairs) -> float | None:
    values = [(b - a).total_seconds() / 3600 for a, b in pairs if a and b and b >= a]
    return round(statistics.median(values), 1) if values else None


def appeal_indicators(*, user, region_code: str, now: dt.datetime | None = None) -> dict:
    """Appeal indicators for one region within the user's scope (404 outside it).

    Keys: total, open, solved (resolved + confirmed), overdue, escalated, by_category,
    by_status, median_hours_to_accept, median_hours_to_resolve (from submission),
    satisfaction_avg, satisfaction_count, supporters, tipoffs, tipoffs_founded,
    tipoffs_rewards_pending.
    """
    scope = tree.user_region(user)
    if scope is None or not tree.within(region_code, scope):
        raise NotFound("区域", "region")
    now = now or timezone.now()
    qs = Appeal.objects.visible_to(user).in_region(region_code)
    # order_by() drops the model's default ordering, which would otherwise split the groups.
    by_status = Counter(
        {r["status"]: r["n"] for r in qs.order_by().values("status").annotate(n=Count("id"))}
    )
    by_category = {
        r["category"]: r["n"] for r in qs.order_by().values("category").annotate(n=Count("id"))
    }
    times = list(qs.values_list("submitted_at", "accepted_at", "resolved_at"))
    scores = list(qs.filter(satisfaction__isnull=False).values_list("satisfaction", flat=True))
    tipoffs = Tipoff.objects.visible_to(user).in_region(region_code)
    return {
        "region_code": region_code,
        "total": sum(by_status.values()),
        "open": sum(by_status.get(s, 0) for s in OPEN_STATUSES),
        "solved": sum(by_status.get(s, 0) for s in SOLVED_STATUSES),
        "overdue": qs.filter(overdue_q(now)).count(),
        "escalated": qs.filter(escalation_level__gt=0).count(),
        "by_status": {s: by_status.get(s, 0) for s in AppealStatus.values},
        "by_category": {c: by_category.get(c, 0) for c in AppealCategory.values},
        "median_hours_to_accept": _median_hours((s, a) for s, a, _r in times),
        "median_hours_to_resolve": _median_hours((s, r) for s, _a, r in times),
        "satisfaction_avg": round(sum(scores) / len(scores), 2) if scores else None,
        "satisfaction_count": len(scores),
        "supporters": qs.aggregate(n=Count("supporters"))["n"],
        "tipoffs": tipoffs.count(),
        "tipoffs_founded": tipoffs.filter(outcome=TipoffOutcome.FOUNDED).count(),
        "tipoffs_rewards_pending": tipoffs.filter(reward__status="pending").count(),
    }


def rider_notifications(*, user, unread_only: bool = False) -> QuerySet[AppealNotification]:
    qs = AppealNotification.objects.filter(user=user)
    return qs.filter(read_at__isnull=True) if unread_only else qs


def tipoff_list(
    *, user, region: str | None = None, status: str | None = None, category: str | None = None
) -> QuerySet[Tipoff]:
    qs = Tipoff.objects.visible_to(user).select_related("assigned_office", "reward")
    if region:
        qs = qs.in_region(region)
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    return qs.order_by("-submitted_at", "-id")


def tipoff_get(*, user, id: int) -> Tipoff:
    """A tip-off for staff (visible_to) or for its own informant; 404 otherwise."""
    if is_rider(user):
        tipoff = rider_tipoff_list(user=user).filter(pk=id).first()
    else:
        tipoff = tipoff_list(user=user).filter(pk=id).first()
    if tipoff is None:
        raise NotFound("线索", "tip-off")
    return tipoff


def rider_tipoff_list(*, user) -> QuerySet[Tipoff]:
    return (
        Tipoff.objects.filter(informant=user)
        .select_related("assigned_office", "reward")
        .order_by("-submitted_at", "-id")
    )
