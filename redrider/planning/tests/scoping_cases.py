"""How the suite-wide scoping test builds and finds each region-owned model of this app."""

from redrider.core.testing import ScopeCase
from redrider.planning.models import DemandPoint, DemandSet, SitePlan


def demand_set(code):
    return DemandSet.objects.create(region_code=code, name=f"{code} 需求", source="upload")


def demand_point(code):
    return DemandPoint.objects.create(
        demand_set=demand_set(code), region_code=code, lat=30.65, lng=104.08, weight=1.0
    )


def site_plan(code):
    return SitePlan.objects.create(
        region_code=code, radius_m=1000.0, k=1, candidate_sources=["grid"]
    )


CASES = [
    ScopeCase(
        DemandSet,
        demand_set,
        "/api/v1/planning/demand-sets",
        lambda o: f"/api/v1/planning/demand-sets/{o.pk}",
    ),
    ScopeCase(DemandPoint, demand_point, None, None),
    ScopeCase(
        SitePlan, site_plan, "/api/v1/planning/plans", lambda o: f"/api/v1/planning/plans/{o.pk}"
    ),
]
