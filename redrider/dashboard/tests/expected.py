"""Every indicator counted the plain way, in Python over the rows, from its written definition —
independent of the definitions' querysets and of the rollups — for a region and a period."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable

from django.utils import timezone

from redrider.activities.models import Activity, Signup
from redrider.appeals.models import Appeal, Tipoff
from redrider.honours.models import DemoSite, Exemplar, Pledge, RoleTaking, SiteAssessment
from redrider.orgs.models import (
    Committee,
    GuidanceStation,
    Instructor,
    LeadingGroup,
    PartyOrganisation,
)
from redrider.points.models import BenefitApplication, RedemptionOrder, Transaction
from redrider.regions import tree
from redrider.regions.figures import SHANGHAI
from redrider.riders.models import Company, Problem, Rider, Visit
from redrider.stations.models import Checkin, Correction, Station
from redrider.workplan.models import Institution, InstitutionCategory, Measure, Meeting, Task

SIX = {"major_event", "first_aid", "health_clinic", "safety", "care", "governance"}
OPEN = {"submitted", "accepted", "in_progress"}
SOLVED = {"resolved", "confirmed"}


def sh(moment: dt.datetime | None) -> dt.date | None:
    return None if moment is None else moment.astimezone(SHANGHAI).date()


class Ask:
    """A region (code) and a period (a, b: days or None)."""

    def __init__(self, code: str, a: dt.date | None, b: dt.date | None):
        self.code, self.a, self.b = code, a, b
        self.prefix = tree.prefix(code)

    def mine(self, model, path: str = "region_code"):
        return model.objects.filter(**{f"{path}__startswith": self.prefix})

    def flow(self, day: dt.date | None) -> bool:
        return (
            day is not None
            and (self.a is None or day >= self.a)
            and (self.b is None or day <= self.b)
        )

    def stock(self, day: dt.date | None) -> bool:
        return day is not None and (self.b is None or day <= self.b)


def n(rows) -> int:
    return sum(1 for _ in rows)


def _stars(q: Ask):
    stars = [
        s.star_rating
        for s in q.mine(Station)
        if s.status != "retired" and s.star_rating is not None and q.stock(sh(s.created_at))
    ]
    return round(sum(stars) / len(stars), 2) if stars else None


def _median(q: Ask, end: str):
    hours = []
    for a in q.mine(Appeal):
        if q.flow(sh(a.submitted_at)) and getattr(a, end) and a.accepted_at is not None:
            later = getattr(a, end)
            if later >= a.submitted_at:
                hours.append((later - a.submitted_at).total_seconds() / 3600)
    return round(statistics.median(hours), 1) if hours else None


def _median_resolve(q: Ask):
    hours = [
        (a.resolved_at - a.submitted_at).total_seconds() / 3600
        for a in q.mine(Appeal)
        if q.flow(sh(a.submitted_at)) and a.resolved_at and a.resolved_at >= a.submitted_at
    ]
    return round(statistics.median(hours), 1) if hours else None


def _satisfaction(q: Ask):
    scores = [
        a.satisfaction
        for a in q.mine(Appeal)
        if q.flow(sh(a.submitted_at)) and a.satisfaction is not None
    ]
    return round(sum(scores) / len(scores), 2) if scores else None


def _attended(q: Ask):
    for s in q.mine(Signup).select_related("activity"):
        if s.status == "attended" and q.flow(sh(s.checked_in_at or s.activity.starts_at)):
            yield s


def _net(q: Ask, kind: str) -> int:
    total = 0
    for t in q.mine(Transaction).select_related("reverses"):
        if not q.flow(sh(t.created_at)):
            continue
        if t.kind == kind:
            total += t.amount
        elif t.kind == "reversal" and t.reverses and t.reverses.kind == kind:
            total -= t.amount
    return total


def _round(q: Ask) -> int | None:
    years = [
        y
        for y in SiteAssessment.objects.values_list("year", flat=True)
        if q.b is None or y <= q.b.year
    ]
    return max(years) if years else None


def _sites(q: Ask, kind: str | None = None) -> int:
    year = _round(q)
    return n(
        s
        for s in q.mine(DemoSite)
        if year is not None and s.named_year == year and (kind is None or s.kind == kind)
    )


def _reviewed(q: Ask) -> int:
    year = _round(q)
    return len({a.site_id for a in q.mine(SiteAssessment) if a.kind == "review" and a.year == year})


def _stock(model, **match) -> Callable[[Ask], int]:
    return lambda q: n(
        o
        for o in q.mine(model)
        if q.stock(sh(o.created_at)) and all(getattr(o, k) == v for k, v in match.items())
    )


def _rider_day(r: Rider):
    return r.joined_on or sh(r.created_at)


def _appeal_flow(q: Ask, test=lambda a: True) -> int:
    return n(a for a in q.mine(Appeal) if q.flow(sh(a.submitted_at)) and test(a))


def _overdue(a: Appeal) -> bool:
    now = timezone.now()
    if a.status == "submitted":
        return a.accept_due_at < now
    return a.status in ("accepted", "in_progress") and bool(
        a.resolve_due_at and a.resolve_due_at < now
    )


def _by_category(category: str):
    return lambda q: _appeal_flow(q, lambda a: a.category == category)


def _by_role(role: str):
    return lambda q: n(r for r in q.mine(RoleTaking) if r.role == role and q.stock(sh(r.since)))


def _today() -> dt.date:
    return timezone.localtime(timezone.now(), SHANGHAI).date()


EXPECTED: dict[str, Callable[[Ask], object]] = {
    # 一个体系
    "committees": _stock(Committee),
    "rider_committees": _stock(Committee, kind="rider"),
    "leading_groups": _stock(LeadingGroup),
    "guidance_stations": _stock(GuidanceStation),
    "guidance_stations_standard": lambda q: n(
        g
        for g in q.mine(GuidanceStation)
        if q.stock(sh(g.created_at))
        and g.signage_on
        and g.rules_on
        and g.staffing_on
        and g.ledger_on
    ),
    "instructors": _stock(Instructor),
    "company_party_organisations": _stock(PartyOrganisation),
    # census and liaison
    "riders": lambda q: n(r for r in q.mine(Rider) if q.stock(_rider_day(r))),
    "riders_active": lambda q: n(
        r for r in q.mine(Rider) if r.status == "active" and q.stock(_rider_day(r))
    ),
    "riders_party_members": lambda q: n(
        r
        for r in q.mine(Rider)
        if r.political_status in ("member", "probationary") and q.stock(_rider_day(r))
    ),
    "riders_joined": lambda q: n(r for r in q.mine(Rider) if q.flow(r.joined_on)),
    "riders_left": lambda q: n(r for r in q.mine(Rider) if q.flow(r.left_on)),
    "companies": _stock(Company),
    "companies_linked": lambda q: n(
        c for c in q.mine(Company) if c.liaison_id and q.stock(sh(c.created_at))
    ),
    "liaison_visits": lambda q: n(v for v in q.mine(Visit) if q.flow(v.on)),
    "problems_raised": lambda q: n(
        p for p in q.mine(Problem).select_related("visit") if q.flow(p.visit.on)
    ),
    "problems_solved": lambda q: n(
        p
        for p in q.mine(Problem).select_related("visit")
        if p.status == "solved" and q.flow(p.solved_on or p.visit.on)
    ),
    # stations
    "stations": lambda q: n(
        s for s in q.mine(Station) if s.status != "retired" and q.stock(sh(s.created_at))
    ),
    "stations_open": _stock(Station, status="open"),
    "stations_caring_shop": lambda q: n(
        s
        for s in q.mine(Station)
        if s.status != "retired" and s.type == "caring_shop" and q.stock(sh(s.created_at))
    ),
    "stations_shared_hive": lambda q: n(
        s
        for s in q.mine(Station)
        if s.status != "retired" and s.type == "shared_hive" and q.stock(sh(s.created_at))
    ),
    "stations_avg_stars": _stars,
    "station_checkins": lambda q: n(
        c for c in q.mine(Checkin, "station__region_code") if q.flow(c.day)
    ),
    "station_corrections_pending": _stock(Correction, status="pending"),
    # appeals
    "appeals": lambda q: _appeal_flow(q),
    "appeals_open": lambda q: n(
        a for a in q.mine(Appeal) if a.status in OPEN and q.stock(sh(a.submitted_at))
    ),
    "appeals_solved": lambda q: n(
        a
        for a in q.mine(Appeal)
        if a.status in SOLVED and a.resolved_at and q.flow(sh(a.resolved_at))
    ),
    "appeals_overdue": lambda q: _appeal_flow(q, _overdue),
    "appeals_escalated": lambda q: _appeal_flow(q, lambda a: a.escalation_level > 0),
    "appeals_median_hours_to_accept": lambda q: _median(q, "accepted_at"),
    "appeals_median_hours_to_resolve": _median_resolve,
    "appeals_satisfaction": _satisfaction,
    "tipoffs": lambda q: n(t for t in q.mine(Tipoff) if q.flow(sh(t.submitted_at))),
    "tipoffs_founded": lambda q: n(
        t for t in q.mine(Tipoff) if t.outcome == "founded" and q.flow(sh(t.submitted_at))
    ),
    **{
        f"appeals_{c}": _by_category(c)
        for c in (
            "enter_compound",
            "go_upstairs",
            "parking",
            "charging",
            "rest",
            "meals",
            "rights",
            "traffic_safety",
            "other",
        )
    },
    # activities
    "activities": lambda q: n(
        a
        for a in q.mine(Activity)
        if a.theme in SIX and a.status != "cancelled" and q.flow(sh(a.starts_at))
    ),
    "trainings": lambda q: n(
        a
        for a in q.mine(Activity)
        if a.theme == "training" and a.status != "cancelled" and q.flow(sh(a.starts_at))
    ),
    "volunteer_services": lambda q: n(
        a
        for a in q.mine(Activity)
        if a.theme == "volunteer" and a.status != "cancelled" and q.flow(sh(a.starts_at))
    ),
    "activity_attendances": lambda q: n(_attended(q)),
    "governance_riders": lambda q: len(
        {s.rider_id for s in _attended(q) if s.activity.theme == "governance"}
    ),
    "volunteer_hours": lambda q: float(sum(s.hours for s in _attended(q))),
    # points
    "points_awarded": lambda q: _net(q, "award"),
    "points_redeemed": lambda q: _net(q, "redemption"),
    "point_awards": lambda q: n(
        t for t in q.mine(Transaction) if t.kind == "award" and q.flow(sh(t.created_at))
    ),
    "redemption_orders": lambda q: n(
        o for o in q.mine(RedemptionOrder) if q.flow(sh(o.created_at))
    ),
    "redemption_orders_fulfilled": lambda q: n(
        o for o in q.mine(RedemptionOrder) if o.status == "fulfilled" and q.flow(sh(o.created_at))
    ),
    "benefit_applications": lambda q: n(
        b for b in q.mine(BenefitApplication) if q.flow(sh(b.created_at))
    ),
    # honours
    "exemplars": lambda q: n(e for e in q.mine(Exemplar) if q.flow(sh(e.honoured_at))),
    "demo_sites_new": lambda q: _sites(q),
    "demo_sites_new_rider_orgs": lambda q: _sites(q, "party_organisation"),
    "demo_sites_rereviewed": _reviewed,
    "pledges_signed": lambda q: n(p for p in q.mine(Pledge) if q.stock(sh(p.signed_at))),
    **{
        key: _by_role(role)
        for key, role in (
            ("roles_guides", "guide"),
            ("roles_publicists", "publicist"),
            ("roles_supervisors", "supervisor"),
            ("roles_informants", "informant"),
        )
    },
    # work plan
    "measures": lambda q: Measure.objects.filter(
        region_code__in=[q.code, *tree.ancestors(q.code)]
    ).count(),
    "measure_tasks": _stock(Task),
    "measure_tasks_done": lambda q: n(
        t for t in q.mine(Task) if t.status == "done" and q.stock(t.done_on or sh(t.created_at))
    ),
    "measure_tasks_overdue": lambda q: n(
        t
        for t in q.mine(Task)
        if t.status != "done" and t.due_date < _today() and q.stock(t.due_date)
    ),
    "meetings": lambda q: n(
        m for m in q.mine(Meeting) if m.kind == "party_group" and q.flow(m.held_on)
    ),
    "meetings_all": lambda q: n(m for m in q.mine(Meeting) if q.flow(m.held_on)),
    "institutions": _stock(Institution),
    "institutions_issued": lambda q: n(
        i
        for i in q.mine(Institution)
        if i.status == "issued" and q.stock(i.issued_on or sh(i.created_at))
    ),
    "institution_categories": lambda q: n(
        c
        for c in q.mine(InstitutionCategory)
        if c.institutions.exists() and q.stock(sh(c.created_at))
    ),
}
