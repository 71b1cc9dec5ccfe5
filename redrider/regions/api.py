from __future__ import annotations

from ninja import Query, Router

from . import selectors
from .geocode import county_code_at
from .schemas import LocateIn, LocateOut, RegionCodePath, RegionListOut, RegionOut

router = Router(tags=["regions"])


def region_out(r) -> dict:
    return {
        "code": r.code,
        "name": r.name,
        "level": r.level,
        "parent_code": r.parent_id,
        "lat": r.lat,
        "lng": r.lng,
    }


@router.get("/locate", response=LocateOut, auth=None)
def locate(request, q: Query[LocateIn]):
    """Reverse geocoding: which county-level unit contains a point."""
    lat, lng = q.wgs84
    code = county_code_at(lat, lng)
    region = selectors.region_find(code=code)
    return {"region_code": code, "name": region.name if region else None}


@router.get("/{code}", response=RegionOut, auth=None)
def region_detail(request, code: RegionCodePath):
    return region_out(selectors.region_get(code=code))


@router.get("/{code}/children", response=RegionListOut, auth=None)
def region_children(request, code: RegionCodePath):
    items = [region_out(r) for r in selectors.region_children(code=code)]
    return {"items": items, "count": len(items)}
