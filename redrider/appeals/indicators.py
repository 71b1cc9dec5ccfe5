"""Appeals and tip-offs indicators for the dashboard (flattened from `appeal_indicators`)."""

from __future__ import annotations

from .choices import AppealCategory
from .selectors import appeal_indicators

TITLE = "诉求与线索"

LABELS = {
    "appeals": "诉求总数",
    "appeals_open": "办理中诉求",
    "appeals_solved": "已解决诉求",
    "appeals_overdue": "超期诉求",
    "appeals_escalated": "已升级诉求",
    "appeals_median_hours_to_accept": "受理用时中位数（小时）",
    "appeals_median_hours_to_resolve": "解决用时中位数（小时）",
    "appeals_satisfaction": "平均满意度",
    "tipoffs": "线索",
    "tipoffs_founded": "查实线索",
    **{f"appeals_{c.value}": f"诉求：{c.label}" for c in AppealCategory},
}


def indicators(*, user, region_code: str) -> dict[str, float | int | None]:
    raw = appeal_indicators(user=user, region_code=region_code)
    values = {
        "appeals": raw["total"],
        "appeals_open": raw["open"],
        "appeals_solved": raw["solved"],
        "appeals_overdue": raw["overdue"],
        "appeals_escalated": raw["escalated"],
        "appeals_median_hours_to_accept": raw["median_hours_to_accept"],
        "appeals_median_hours_to_resolve": raw["median_hours_to_resolve"],
        "appeals_satisfaction": raw["satisfaction_avg"],
        "tipoffs": raw["tipoffs"],
        "tipoffs_founded": raw["tipoffs_founded"],
    }
    values.update({f"appeals_{k}": n for k, n in raw["by_category"].items()})
    return values


def series(*, user, region_code: str) -> dict:
    """Dated rows for the dashboard's monthly trends: key → (queryset, date field)."""
    from .models import Appeal

    appeals = Appeal.objects.visible_to(user).in_region(region_code)
    return {
        "appeals": (appeals, "submitted_at"),
        "appeals_solved": (appeals.filter(resolved_at__isnull=False), "resolved_at"),
    }
