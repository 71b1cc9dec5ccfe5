from __future__ import annotations

from ninja import Router

from redrider.accounts.api_auth import AUTH
from redrider.regions.types import RegionFilter

from . import selectors

router = Router(tags=["dashboard"], auth=AUTH)


@router.get("/indicators")
def indicators(request, region: RegionFilter = None):
    """Every indicator of one region (default: the caller's scope)."""
    return selectors.indicators_for(user=request.auth, region_code=region)


@router.get("/indicators/children")
def indicators_children(request, region: RegionFilter = None):
    """Drill-down: the same indicators for each child region."""
    return selectors.indicators_children(user=request.auth, region_code=region)


@router.get("/trends")
def trends(request, region: RegionFilter = None, months: int = 12):
    """Monthly counts of each dated series (appeals, check-ins, activities, ...)."""
    return selectors.trends_for(user=request.auth, region_code=region, months=months)
