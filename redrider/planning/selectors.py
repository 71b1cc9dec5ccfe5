"""Planning reads: the region asked for (within scope), coverage reports, demand sets, plans."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from redrider.core.errors import NotFound, PermissionDenied
from redrider.core.scoping import NATIONAL_CODE
from redrider.regions import tree
from redrider.regions.models import Region
from redrider.regions.selectors import check_code

from . import analysis
from .models import DemandSet, SitePlan


def region_for(*, user, region_code: str | None) -> Region:
    """The region to analyse: given (six digits, within the user's scope) or the user's own.

    Another region answers 404 (as any object outside the scope does); users with no region
    scope (riders, auditors) 403.
    """
    scope = tree.user_region(user)
    if scope is None:
        raise PermissionDenied()
    code = check_code(region_code) if region_code else scope
    if code == NATIONAL_CODE:
        raise NotFound("行政区划", "region")
    if not tree.within(code, scope):
        raise NotFound("行政区划", "region")
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise NotFound("行政区划", "region")
    return region


def demand_set_list(*, user, region_code: str | None = None) -> QuerySet[DemandSet]:
    qs = DemandSet.objects.visible_to(user)
    if region_code:
        qs = qs.in_region(region_code)
    return qs.order_by("-created_at", "-id")


def demand_set_get(*, user, id: int) -> DemandSet:
    found = DemandSet.objects.visible_to(user).filter(pk=id).first()
    if found is None:
        raise NotFound("需求数据集", "demand set")
    return found


def demand_set_usable(*, user, id: int, region: Region) -> DemandSet:
    """A set the user may draw demand from for `region`: one they can see, or one made for a
    region containing theirs (a province-wide set; only the points inside `region` are read)."""
    found = DemandSet.objects.filter(pk=id).first()
    scope = tree.user_region(user) or ""
    if found is None or not (
        tree.within(found.region_code, scope) or tree.within(region.code, found.region_code)
    ):
        raise NotFound("需求数据集", "demand set")
    return found


def demand_sets_in(*, region: Region) -> list[dict[str, Any]]:
    """The active sets that have points inside the region, with how many (for the page)."""
    from django.db.models import Count, Sum

    rows = (
        analysis.demand_queryset(region.code)
        .values("demand_set_id", "demand_set__name", "demand_set__source")
        .annotate(points=Count("id"), weight=Sum("weight"))
        .order_by("demand_set_id")
    )
    return [
        {
            "id": r["demand_set_id"],
            "name": r["demand_set__name"],
            "source": r["demand_set__source"],
            "points": r["points"],
            "weight": r["weight"],
        }
        for r in rows
    ]


def coverage_report(
    *,
    user,
    region_code: str | None,
    radius_m: Any = None,
    minutes: Any = None,
    speed_kmh: Any = None,
    detour: Any = None,
    open_at: Any = None,
    demand_set: int | None = None,
    time_window_min: float | None = None,
    hotspots: int = 50,
    include_stations: bool = False,
) -> dict[str, Any]:
    """How well the region's open stations keep the promise to its riders' demand.

    Returns the promise, `covered_share` (of demand weight), weighted `median_m`/`p90_m` to the
    nearest station that counts (null beyond 50 km), station spacing inside the region, the
    heaviest uncovered H3 cells and, on request, the stations used.
    """
    region = region_for(user=user, region_code=region_code)
    promise = analysis.promise_from(
        radius_m=radius_m, minutes=minutes, speed_kmh=speed_kmh, detour=detour
    )
    at = analysis.parse_open_at(open_at)
    set_id = None
    if demand_set is not None:
        set_id = demand_set_usable(user=user, id=demand_set, region=region).pk
    demand = analysis.load_demand(region.code, set_id, open_at=at, time_window_min=time_window_min)
    stations = analysis.load_stations(region=region, demand=demand, open_at=at)
    figures, _mask = analysis.coverage_figures(
        demand=demand,
        facilities=stations.points,
        radius_m=promise.radius_m,
        region_stations=stations.in_region(region.code),
        h3_res=analysis.h3_resolution_for(region),
        hotspot_limit=max(0, min(hotspots, 500)),
    )
    body: dict[str, Any] = {
        "region_code": region.code,
        "region_name": region.name,
        **promise.as_dict(),
        "open_at": at.isoformat() if at else None,
        "station_count": len(stations.points),
        "stations_closed_at_open_at": stations.excluded_closed,
        **figures,
    }
    if include_stations:
        body["stations"] = [
            {"id": sid, "lat": la, "lng": lo}
            for sid, la, lo in zip(
                stations.ids[:5000],
                stations.points.lat[:5000].tolist(),
                stations.points.lng[:5000].tolist(),
                strict=True,
            )
        ]
    return body


def plan_list(*, user, region_code: str | None = None) -> QuerySet[SitePlan]:
    qs = SitePlan.objects.visible_to(user)
    if region_code:
        qs = qs.in_region(region_code)
    return qs.order_by("-created_at", "-id")


def plan_get(*, user, id: int) -> SitePlan:
    found = SitePlan.objects.visible_to(user).filter(pk=id).first()
    if found is None:
        raise NotFound("选址方案", "site plan")
    return found


def plan_sites(plan: SitePlan) -> list[dict[str, Any]]:
    return [
        {
            "rank": s.rank,
            "lat": s.lat,
            "lng": s.lng,
            "gain": s.gain,
            "gain_weight": s.gain_weight,
            "source": s.source,
            "label": s.label,
            "county_code": s.county_code,
        }
        for s in plan.sites.order_by("rank")
    ]
