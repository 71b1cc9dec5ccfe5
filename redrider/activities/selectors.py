"""Activity reads. Staff start from `visible_to(user)`; riders read published activities and
their own sign-ups and certificates."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from redrider.core.errors import NotFound
from redrider.geo.distance import haversine_m

from .choices import ActivityStatus, SignupStatus
from .models import Activity, Certificate, Signup


def _counted(qs):
    return qs.annotate(
        confirmed_count=Count(
            "signups", filter=Q(signups__status__in=[SignupStatus.CONFIRMED, SignupStatus.ATTENDED])
        ),
        waiting_count=Count("signups", filter=Q(signups__status=SignupStatus.WAITLISTED)),
        attended_count=Count("signups", filter=Q(signups__status=SignupStatus.ATTENDED)),
    )


def activity_list(
    *, user, region: str | None = None, theme: str = "", q: str = ""
) -> QuerySet[Activity]:
    qs = Activity.objects.visible_to(user)
    if region:
        qs = qs.in_region(region)
    if theme:
        qs = qs.filter(theme=theme)
    if q:
        qs = qs.filter(title__icontains=q)
    return _counted(qs).order_by("-starts_at", "-id")


def activity_get(*, user, id: int) -> Activity:
    activity = activity_list(user=user).filter(pk=id).first()
    if activity is None:
        raise NotFound("活动", "activity")
    return activity


def attendance(*, activity: Activity) -> QuerySet[Signup]:
    """Sign-ups of one activity already fetched through `activity_get` (so in scope)."""
    return activity.signups.select_related("rider").order_by("status", "queued_at", "id")


def signup_list(
    *, user, region: str | None = None, activity_id: int | None = None
) -> QuerySet[Signup]:
    qs = Signup.objects.visible_to(user).select_related("activity", "rider")
    if region:
        qs = qs.in_region(region)
    if activity_id:
        qs = qs.filter(activity_id=activity_id)
    return qs.order_by("-id")


def signup_get(*, user, id: int) -> Signup:
    signup = signup_list(user=user).filter(pk=id).first()
    if signup is None:
        raise NotFound("报名", "sign-up")
    return signup


def certificate_list(*, user, region: str | None = None) -> QuerySet[Certificate]:
    qs = Certificate.objects.visible_to(user).select_related("rider", "activity")
    return qs.in_region(region) if region else qs


def certificate_get(*, user, id: int) -> Certificate:
    cert = certificate_list(user=user).filter(pk=id).first()
    if cert is None:
        raise NotFound("证书", "certificate")
    return cert


# --- riders ----------------------------------------------------------------------------------


def rider_upcoming(
    *,
    user,
    lat: float | None = None,
    lng: float | None = None,
    theme: str = "",
    limit: int = 20,
    radius_m: float | None = None,
) -> list[Activity]:
    """Published activities not yet over, nearest first when a point is given (else soonest),
    each with `distance_m` and `my_status` (the rider's sign-up status or None)."""
    qs = Activity.objects.filter(status=ActivityStatus.PUBLISHED, ends_at__gt=timezone.now())
    if theme:
        qs = qs.filter(theme=theme)
    rows = list(_counted(qs).order_by("starts_at", "id")[:2000])
    for a in rows:
        a.distance_m = (
            round(haversine_m(lat, lng, a.lat, a.lng))
            if lat is not None and lng is not None
            else None
        )
    if lat is not None and lng is not None:
        if radius_m:
            rows = [a for a in rows if a.distance_m <= radius_m]
        rows.sort(key=lambda a: (a.distance_m, a.starts_at))
    rows = rows[:limit]
    mine = dict(
        Signup.objects.filter(rider=user, activity__in=rows).values_list("activity_id", "status")
    )
    for a in rows:
        a.my_status = mine.get(a.pk)
    return rows


def rider_activity(*, user, id: int) -> Activity:
    activity = _counted(Activity.objects.filter(pk=id)).first()
    if activity is None:
        raise NotFound("活动", "activity")
    activity.my_status = (
        Signup.objects.filter(rider=user, activity=activity)
        .values_list("status", flat=True)
        .first()
    )
    return activity


def rider_activity_by_token(*, user, token: str) -> Activity:
    activity = _counted(Activity.objects.filter(checkin_token=token)).first() if token else None
    if activity is None:
        raise NotFound("签到码", "check-in code")
    signup = Signup.objects.filter(rider=user, activity=activity).first()
    activity.my_status = signup.status if signup else None
    activity.my_signup = signup
    return activity


def rider_signups(*, user) -> QuerySet[Signup]:
    return (
        Signup.objects.filter(rider=user)
        .select_related("activity")
        .order_by("-activity__starts_at")
    )


def rider_certificates(*, user) -> QuerySet[Certificate]:
    return Certificate.objects.filter(rider=user).select_related("activity")


def rider_volunteer_hours(*, user):
    from django.db.models import Sum

    return (
        Signup.objects.filter(rider=user, status=SignupStatus.ATTENDED).aggregate(h=Sum("hours"))[
            "h"
        ]
        or 0
    )
