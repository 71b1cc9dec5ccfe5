"""The cockpit's API: definitions, indicators of a region and its children, the county map,
monthly trends and the filed reports. Every figure for any region and period (`from`, `to`:
Asia/Shanghai days, inclusive)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router

from redrider.accounts.api_auth import AUTH
from redrider.core.api import Limit, Offset, errors
from redrider.core.schemas import Day
from redrider.regions import tree

from . import reports, selectors
from .schemas import (
    ChildrenOut,
    DefinitionsOut,
    FiledReportListOut,
    IndicatorsOut,
    MapOut,
    TrendsOut,
)

router = Router(tags=["dashboard"], auth=AUTH)

REGION = Query(None, description="a region code (default: the caller's own region)")
FROM = Query(None, alias="from", description="first day, YYYY-MM-DD (Asia/Shanghai)")
TO = Query(None, alias="to", description="last day, YYYY-MM-DD (Asia/Shanghai)")
# (Named apart from `keys`: a parameter called so would shadow dict.keys inside ninja.)
KEYS = Query(None, alias="keys", description="indicator keys, comma-separated (default: all)")


def _keys(keys: str | None) -> list[str] | None:
    return [k.strip() for k in keys.split(",") if k.strip()] if keys else None


@router.get("/definitions", response={200: DefinitionsOut, **errors(403)})
def definitions(request: HttpRequest):
    """What each indicator counts and as of when, in the cockpit's order."""
    selectors.visible_region(user=request.auth, region_code=None)
    items = selectors.definitions()
    return {"items": items, "count": len(items)}


@router.get("/indicators", response={200: IndicatorsOut, **errors(403)}, by_alias=True)
def indicators(
    request: HttpRequest,
    region: str | None = REGION,
    date_from: Day | None = FROM,
    date_to: Day | None = TO,
    wanted: str | None = KEYS,
):
    """Every indicator of one region for a period (default: all time)."""
    period = selectors.period_of(date_from, date_to)
    return selectors.indicators_for(
        user=request.auth, region_code=region, period=period, keys=_keys(wanted)
    )


@router.get("/indicators/children", response={200: ChildrenOut, **errors(403)}, by_alias=True)
def indicators_children(
    request: HttpRequest,
    region: str | None = REGION,
    date_from: Day | None = FROM,
    date_to: Day | None = TO,
    wanted: str | None = KEYS,
):
    """Drill-down and rankings: the same indicators for each child region."""
    period = selectors.period_of(date_from, date_to)
    return selectors.indicators_children(
        user=request.auth, region_code=region, period=period, keys=_keys(wanted)
    )


@router.get("/map", response={200: MapOut, **errors(403)}, by_alias=True)
def indicator_map(
    request: HttpRequest,
    key: str,
    region: str | None = REGION,
    date_from: Day | None = FROM,
    date_to: Day | None = TO,
):
    """One indicator for every county of the region (the provinces for the whole country)."""
    period = selectors.period_of(date_from, date_to)
    return selectors.indicator_map(user=request.auth, region_code=region, key=key, period=period)


@router.get("/trends", response={200: TrendsOut, **errors(403)})
def trends(
    request: HttpRequest,
    region: str | None = REGION,
    months: int = 12,
    wanted: str | None = KEYS,
):
    """Each indicator month by month: a flow figure the month's count, a stock figure its
    level at the month's end (the last month is the running one)."""
    return selectors.trends_for(
        user=request.auth, region_code=region, months=months, keys=_keys(wanted)
    )


@router.get("/reports", response={200: FiledReportListOut, **errors(403)})
def filed_reports(
    request: HttpRequest,
    region: str | None = REGION,
    month: str | None = Query(None, description="YYYY-MM"),
    limit: Limit = 50,
    offset: Offset = 0,
):
    """The monthly reports and ledgers filed for the region and the regions below it."""
    qs = reports.filed_list(user=request.auth, region_code=region)
    if month:
        qs = qs.filter(month=reports.month_period(month)[0])
    rows = list(qs[offset : offset + limit])
    return {
        "items": [
            {
                "id": r.pk,
                "region_code": r.region_code,
                "name": tree.name_of(r.region_code),
                "month": r.month,
                "kind": r.kind,
                "filename": r.filename,
                "size": r.size,
                "created_at": r.created_at,
                "url": reverse("dashboard:filed_download", args=[r.pk]),
            }
            for r in rows
        ],
        "count": qs.count(),
    }
