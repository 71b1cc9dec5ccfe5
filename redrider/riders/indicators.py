"""Census and liaison indicators (底数摸排 · 直接联系) for the dashboard."""

from __future__ import annotations

from redrider.regions.tree import child_of

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


def indicators_many(*, user, parent_code: str, region_codes: list[str]) -> dict[str, dict]:
    """`indicators` for sibling regions at once: one grouped query per figure, not one per region.

    The dashboard's drill-down calls this for the children of `parent_code`; the numbers equal
    calling `indicators` for each child.
    """
    from django.db.models import Count, Q

    from .selectors import _riders_for

    out: dict[str, dict[str, int | None]] = {
        code: {
            "riders": 0,
            "riders_active": 0,
            "riders_party_members": 0,
            "companies": 0,
            "companies_linked": 0,
            "liaison_visits": 0,
            "problems_raised": 0,
            "problems_solved": 0,
        }
        for code in region_codes
    }
    rows = (
        _riders_for(user)
        .in_region(parent_code)
        .order_by()
        .values("region_code")
        .annotate(
            total=Count("id"),
            active=Count("id", filter=Q(status="active")),
            party=Count("id", filter=Q(political_status__in=["member", "probationary"])),
        )
    )
    for row in rows:
        child = child_of(row["region_code"], region_codes)
        if child:
            out[child]["riders"] += row["total"]
            out[child]["riders_active"] += row["active"]
            out[child]["riders_party_members"] += row["party"]
    names = {
        "companies": "companies",
        "linked": "companies_linked",
        "visits": "liaison_visits",
        "problems": "problems_raised",
        "solved": "problems_solved",
    }
    for row in liaison_counts(user=user, region=parent_code, by="county"):
        child = child_of(row["region_code"], region_codes)
        if child:
            for key, name in names.items():
                out[child][name] += row[key]
    if not getattr(user, "can_view_political_status", False):
        for values in out.values():
            values["riders_party_members"] = None
    return out


def series(*, user, region_code: str) -> dict:
    """Dated rows for the dashboard's monthly trends: key → (queryset, date field)."""
    from .selectors import _riders_for

    riders = _riders_for(user).in_region(region_code)
    return {
        "riders_joined": (riders.filter(joined_on__isnull=False), "joined_on"),
        "riders_left": (riders.filter(left_on__isnull=False), "left_on"),
    }
