"""百位典型 indicators: exemplars, demonstration sites of the latest round, riders' initiative
and roles. Each figure is defined once, as a grouped count over a parent region; one region is
the parent with itself as the only child.

The latest round is the latest year in which any site was assessed (named or re-reviewed) —
a programme-wide fact, so a prefecture's figures add up to the province's.
"""

from __future__ import annotations

from django.db.models import Count, Max, Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from redrider.core.errors import NotFound
from redrider.core.scoping import code_within, user_scope_code
from redrider.regions.figures import STOCK, Computed, Tally, labels, region_filter, values_for

from .choices import AssessmentKind, RiderRole, SiteKind
from .models import DemoSite, Exemplar, Pledge, RoleTaking, SiteAssessment
from .services.common import known_region

TITLE = _("百位典型")

ROLE_KEYS = {
    RiderRole.GUIDE: "roles_guides",
    RiderRole.PUBLICIST: "roles_publicists",
    RiderRole.SUPERVISOR: "roles_supervisors",
    RiderRole.INFORMANT: "roles_informants",
}


def latest_round(until: int | None = None) -> int | None:
    """The year of the latest assessment round (naming or re-review), programme-wide; with
    `until`, the latest up to that year."""
    qs = SiteAssessment.objects.all()
    if until is not None:
        qs = qs.filter(year__lte=until)
    return qs.aggregate(y=Max("year"))["y"]


def _sites(count):
    """A figure of the latest round: `count(user, year)` gives a queryset of sites or
    assessments, counted per child region (the round is the programme's, so children add up)."""

    def compute(*, user, parent, children, period):
        year = latest_round(period.end.year if period.end else None)
        out = dict.fromkeys(children, 0)
        if year is None:
            return out
        qs, distinct = count(user, year)
        rows = (
            qs.filter(region_filter("region_code", parent))
            .order_by()
            .values("region_code")
            .annotate(n=Count("site_id" if distinct else "id", distinct=distinct))
        )
        for row in rows:
            child = _child(row["region_code"], children)
            if child is not None:
                out[child] += row["n"]
        return out

    return compute


def _named(user, year):
    return DemoSite.objects.visible_to(user).filter(named_year=year), False


def _named_rider_orgs(user, year):
    return _named(user, year)[0].filter(kind=SiteKind.PARTY_ORGANISATION), False


def _reviewed(user, year):
    qs = SiteAssessment.objects.visible_to(user).filter(kind=AssessmentKind.REVIEW, year=year)
    return qs, True


def _child(code: str, children: list[str]) -> str | None:
    for child in children:
        if code_within(code, child):
            return child
    return None


INDICATORS = [
    Tally(
        key="exemplars",
        label=_("“红骑手”先进典型（名）"),
        definition=_("授予时间在期间内的“红骑手”称号（按获评时骑手所在区域）。"),
        unit=_("名"),
        model=Exemplar,
        date="honoured_at",
    ),
    Computed(
        key="demo_sites_new",
        label=_("新选树党建示范点（个）"),
        definition=_("最近一轮评定（期末及以前最近的评定年度，全省统一）中新命名的党建示范点。"),
        unit=_("个"),
        compute=_sites(_named),
    ),
    Computed(
        key="demo_sites_new_rider_orgs",
        label=_("其中外卖配送员党组织（个）"),
        definition=_("最近一轮新命名的党建示范点中，类别为企业（外卖配送员）党组织的。"),
        unit=_("个"),
        compute=_sites(_named_rider_orgs),
    ),
    Computed(
        key="demo_sites_rereviewed",
        label=_("示范点“回头看”（个）"),
        definition=_("最近一轮评定中接受“回头看”复评的示范点（每个示范点只计一次）。"),
        unit=_("个"),
        compute=_sites(_reviewed),
    ),
    Tally(
        key="pledges_signed",
        label=_("签署倡议书骑手"),
        definition=_("截至期末在手机上签署“红骑手 跟党走”倡议书的骑手。"),
        unit=_("人"),
        model=Pledge,
        date="signed_at",
        period=STOCK,
    ),
    *[
        Tally(
            key=key,
            label=RiderRole(role).label,
            definition=format_lazy(
                _("截至期末担任“{role}”的骑手（按开始日期）。"), role=RiderRole(role).label
            ),
            unit=_("人"),
            model=RoleTaking,
            where=Q(role=role),
            date="since",
            period=STOCK,
        )
        for role, key in ROLE_KEYS.items()
    ],
]
KEYS = [i.key for i in INDICATORS]
LABELS = labels(INDICATORS)


def indicators(*, user, region_code: str) -> dict[str, int]:
    """Every figure of this app for one region (all time), read from the rows."""
    return values_for(INDICATORS, user=user, region_code=region_code)  # type: ignore[return-value]


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
