"""百位典型 indicators: exemplars, demonstration sites of the latest round, riders' initiative
and roles. Each figure is defined once, as a grouped count over a parent region; one region is
the parent with itself as the only child.

The latest round is the latest year in which any site was assessed (named or re-reviewed) —
a programme-wide fact, so a prefecture's figures add up to the province's.
"""

from __future__ import annotations

from django.db.models import Count, Max

from redrider.core.errors import NotFound
from redrider.core.scoping import code_within, user_scope_code

from .choices import AssessmentKind, RiderRole, SiteKind
from .models import DemoSite, Exemplar, Pledge, RoleTaking, SiteAssessment
from .services.common import known_region

TITLE = "百位典型"

ROLE_KEYS = {
    RiderRole.GUIDE: "roles_guides",
    RiderRole.PUBLICIST: "roles_publicists",
    RiderRole.SUPERVISOR: "roles_supervisors",
    RiderRole.INFORMANT: "roles_informants",
}

LABELS = {
    "exemplars": "“红骑手”先进典型（名）",
    "demo_sites_new": "新选树党建示范点（个）",
    "demo_sites_new_rider_orgs": "其中外卖配送员党组织（个）",
    "demo_sites_rereviewed": "示范点“回头看”（个）",
    "pledges_signed": "签署倡议书骑手",
    "roles_guides": "文明行为引导员",
    "roles_publicists": "城市形象宣传员",
    "roles_supervisors": "食品安全监督员",
    "roles_informants": "违法线索信息员",
}
KEYS = list(LABELS)


def latest_round() -> int | None:
    """The year of the latest assessment round (naming or re-review), programme-wide."""
    return SiteAssessment.objects.aggregate(y=Max("year"))["y"]


def _child(code: str, children: list[str]) -> str | None:
    for child in children:
        if code_within(code, child):
            return child
    return None


def _add(out: dict, rows, children: list[str], key: str, field: str = "region_code") -> None:
    for row in rows:
        child = _child(row[field], children)
        if child is not None:
            out[child][key] += row["n"]


def indicators_many(*, user, parent_code: str, region_codes: list[str]) -> dict[str, dict]:
    """The indicators of sibling regions under `parent_code`, in one grouped pass each."""
    out = {code: dict.fromkeys(KEYS, 0) for code in region_codes}

    def by_region(qs):
        return qs.in_region(parent_code).order_by().values("region_code").annotate(n=Count("id"))

    _add(out, by_region(Exemplar.objects.visible_to(user)), region_codes, "exemplars")
    year = latest_round()
    if year is not None:
        named = DemoSite.objects.visible_to(user).filter(named_year=year)
        _add(out, by_region(named), region_codes, "demo_sites_new")
        rider_orgs = named.filter(kind=SiteKind.PARTY_ORGANISATION)
        _add(out, by_region(rider_orgs), region_codes, "demo_sites_new_rider_orgs")
        reviewed = (
            SiteAssessment.objects.visible_to(user)
            .in_region(parent_code)
            .filter(kind=AssessmentKind.REVIEW, year=year)
            .order_by()
            .values("region_code")
            .annotate(n=Count("site_id", distinct=True))
        )
        _add(out, reviewed, region_codes, "demo_sites_rereviewed")
    _add(out, by_region(Pledge.objects.visible_to(user)), region_codes, "pledges_signed")
    roles = (
        RoleTaking.objects.visible_to(user)
        .in_region(parent_code)
        .order_by()
        .values("region_code", "role")
        .annotate(n=Count("id"))
    )
    for row in roles:
        child = _child(row["region_code"], region_codes)
        if child is not None and row["role"] in ROLE_KEYS:
            out[child][ROLE_KEYS[row["role"]]] += row["n"]
    return out


def indicators(*, user, region_code: str) -> dict[str, int]:
    return indicators_many(user=user, parent_code=region_code, region_codes=[region_code])[
        region_code
    ]


def series(*, user, region_code: str) -> dict:
    """Dated rows for the dashboard's monthly trends: key → (queryset, date field)."""
    return {
        "exemplars": (Exemplar.objects.visible_to(user).in_region(region_code), "honoured_at"),
        "pledges_signed": (Pledge.objects.visible_to(user).in_region(region_code), "signed_at"),
    }


def role_counts(*, user, region_code: str | None) -> dict:
    """Initiative signatures and riders in each role for a region the user can see (404
    outside their scope, 422 for an unknown code)."""
    scope = user_scope_code(user)
    if scope is None:
        raise NotFound("行政区划", "region")
    code = known_region(region_code) if region_code else scope
    if not code_within(code, scope):
        raise NotFound("行政区划", "region")
    figures = indicators(user=user, region_code=code)
    return {
        "region_code": code,
        "pledges": figures["pledges_signed"],
        "roles": {str(role): figures[key] for role, key in ROLE_KEYS.items()},
    }
