"""Census and liaison indicators (底数摸排 · 直接联系) for the dashboard."""

from __future__ import annotations

from .selectors import liaison_counts, rider_counts

TITLE = "骑手底数与直接联系"

LABELS = {
    "riders": "骑手",
    "riders_active": "在岗骑手",
    "riders_party_members": "党员骑手",
    "companies": "配送企业/站点",
    "companies_linked": "联系企业",
    "liaison_visits": "指导走访",
    "problems_raised": "反映问题",
    "problems_solved": "解决问题",
}

# Trend-only keys (monthly counts, not headline figures).
TREND_LABELS = {"riders_joined": "新入职骑手", "riders_left": "离职骑手"}


def indicators(*, user, region_code: str) -> dict[str, int | None]:
    counts = rider_counts(user=user, region=region_code)
    liaison = liaison_counts(user=user, region=region_code, by="county")
    total = {
        k: sum(row[k] for row in liaison)
        for k in ("companies", "linked", "visits", "problems", "solved")
    }
    return {
        "riders": counts["total"],
        "riders_active": counts["active"],
        # A count of party members is shown only to those who may see political status.
        "riders_party_members": counts.get("party"),
        "companies": total["companies"],
        "companies_linked": total["linked"],
        "liaison_visits": total["visits"],
        "problems_raised": total["problems"],
        "problems_solved": total["solved"],
    }


def series(*, user, region_code: str) -> dict:
    """Dated rows for the dashboard's monthly trends: key → (queryset, date field)."""
    from .selectors import _riders_for

    riders = _riders_for(user).in_region(region_code)
    return {
        "riders_joined": (riders.filter(joined_on__isnull=False), "joined_on"),
        "riders_left": (riders.filter(left_on__isnull=False), "left_on"),
    }
