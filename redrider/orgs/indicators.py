"""The work system's indicators (一个体系) for the dashboard."""

from __future__ import annotations

from redrider.regions.rollup import grouped

from . import selectors
from .models import GuidanceStation

TITLE = "一个体系"

LABELS = {
    "committees": "综合党委",
    "rider_committees": "外卖配送员群体综合党委",
    "leading_groups": "领导小组",
    "guidance_stations": "党建指导站",
    "guidance_stations_standard": "四统一达标指导站",
    "instructors": "指导员",
    "company_party_organisations": "企业党组织",
}


def indicators(*, user, region_code: str) -> dict[str, int]:
    stations = selectors.guidance_station_list(user=user, region=region_code)
    committees = selectors.committee_list(user=user, region=region_code)
    return {
        "committees": committees.count(),
        "rider_committees": committees.filter(kind="rider").count(),
        "leading_groups": selectors.leading_group_list(user=user, region=region_code).count(),
        "guidance_stations": stations.count(),
        "guidance_stations_standard": stations.exclude(signage_on=None)
        .exclude(rules_on=None)
        .exclude(staffing_on=None)
        .exclude(ledger_on=None)
        .count(),
        "instructors": selectors.instructor_list(user=user, region=region_code).count(),
        "company_party_organisations": selectors.party_organisation_list(
            user=user, region=region_code
        ).count(),
    }


def indicators_many(*, user, parent_code: str, region_codes: list[str]) -> dict[str, dict]:
    """`indicators` for sibling regions at once: one grouped query per model."""
    from django.db.models import Count, Q

    def on(qs, **aggregates):
        return grouped(qs, region_codes, **aggregates)

    committees = on(
        selectors.committee_list(user=user, region=parent_code),
        n=Count("id"),
        rider=Count("id", filter=Q(kind="rider")),
    )
    groups = on(selectors.leading_group_list(user=user, region=parent_code), n=Count("id"))
    standard = Q(
        signage_on__isnull=False,
        rules_on__isnull=False,
        staffing_on__isnull=False,
        ledger_on__isnull=False,
    )
    stations = on(
        GuidanceStation.objects.visible_to(user).in_region(parent_code),
        n=Count("id"),
        standard=Count("id", filter=standard),
    )
    instructors = on(selectors.instructor_list(user=user, region=parent_code), n=Count("id"))
    parties = on(selectors.party_organisation_list(user=user, region=parent_code), n=Count("id"))
    return {
        code: {
            "committees": committees[code]["n"],
            "rider_committees": committees[code]["rider"],
            "leading_groups": groups[code]["n"],
            "guidance_stations": stations[code]["n"],
            "guidance_stations_standard": stations[code]["standard"],
            "instructors": instructors[code]["n"],
            "company_party_organisations": parties[code]["n"],
        }
        for code in region_codes
    }
