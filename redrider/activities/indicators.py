"""Activity indicators (十项举措: six themes, trainings, riders in local governance)."""

from __future__ import annotations

from django.db.models import Count, Q, Sum

from redrider.regions.tree import child_of

from .choices import SignupStatus, Theme
from .models import Activity, Signup

SIX_THEMES = [
    Theme.MAJOR_EVENT,
    Theme.FIRST_AID,
    Theme.HEALTH_CLINIC,
    Theme.SAFETY,
    Theme.CARE,
    Theme.GOVERNANCE,
]

TITLE = "活动与培训"

LABELS = {
    "activities": "六大党建活动（场次）",
    "trainings": "学习培训班（期）",
    # Hours are given for every kind of activity; "volunteer services" are the activities held
    # as volunteer service, which may be none while riders have many volunteer hours.
    "volunteer_services": "志愿服务专场活动（场次）",
    "activity_attendances": "参加活动（人次）",
    "governance_riders": "参与基层治理骑手",
    "volunteer_hours": "参加各类活动的志愿时长（小时）",
}


def indicators(*, user, region_code: str) -> dict[str, int | float]:
    activities = Activity.objects.visible_to(user).in_region(region_code)
    by_theme = activities.aggregate(
        six=Count("id", filter=Q(theme__in=SIX_THEMES)),
        training=Count("id", filter=Q(theme=Theme.TRAINING)),
        volunteer=Count("id", filter=Q(theme=Theme.VOLUNTEER)),
    )
    attended = (
        Signup.objects.visible_to(user).in_region(region_code).filter(status=SignupStatus.ATTENDED)
    )
    hours = attended.aggregate(h=Sum("hours"))["h"]
    return {
        "activities": by_theme["six"],
        "trainings": by_theme["training"],
        "volunteer_services": by_theme["volunteer"],
        "activity_attendances": attended.count(),
        "governance_riders": attended.filter(activity__theme=Theme.GOVERNANCE)
        .values("rider_id")
        .distinct()
        .count(),
        "volunteer_hours": float(hours or 0),
    }


def series(*, user, region_code: str) -> dict:
    """Dated rows for the dashboard's monthly trends: key → (queryset, date field)."""
    return {
        "activities": (Activity.objects.visible_to(user).in_region(region_code), "starts_at"),
        "activity_attendances": (
            Signup.objects.visible_to(user)
            .in_region(region_code)
            .filter(status=SignupStatus.ATTENDED),
            "checked_in_at",
        ),
    }


def indicators_many(*, user, parent_code: str, region_codes: list[str]) -> dict[str, dict]:
    """`indicators` for sibling regions at once (grouped queries over the parent region)."""
    out: dict[str, dict] = {
        code: {
            "activities": 0,
            "trainings": 0,
            "volunteer_services": 0,
            "activity_attendances": 0,
            "governance_riders": 0,
            "volunteer_hours": 0.0,
        }
        for code in region_codes
    }
    themes = (
        Activity.objects.visible_to(user)
        .in_region(parent_code)
        .order_by()
        .values("region_code", "theme")
        .annotate(n=Count("id"))
    )
    for row in themes:
        child = child_of(row["region_code"], region_codes)
        if child is None:
            continue
        if row["theme"] in SIX_THEMES:
            out[child]["activities"] += row["n"]
        elif row["theme"] == Theme.TRAINING:
            out[child]["trainings"] += row["n"]
        elif row["theme"] == Theme.VOLUNTEER:
            out[child]["volunteer_services"] += row["n"]
    attended = (
        Signup.objects.visible_to(user).in_region(parent_code).filter(status=SignupStatus.ATTENDED)
    )
    for row in attended.order_by().values("region_code").annotate(n=Count("id"), h=Sum("hours")):
        child = child_of(row["region_code"], region_codes)
        if child:
            out[child]["activity_attendances"] += row["n"]
            out[child]["volunteer_hours"] += float(row["h"] or 0)
    # Distinct riders per child: a rider attending in two counties counts once in each.
    governance: dict[str, set] = {code: set() for code in region_codes}
    pairs = attended.filter(activity__theme=Theme.GOVERNANCE).values_list("region_code", "rider_id")
    for code, rider_id in pairs.distinct():
        child = child_of(code, region_codes)
        if child:
            governance[child].add(rider_id)
    for code in region_codes:
        out[code]["governance_riders"] = len(governance[code])
    return out
