from __future__ import annotations

from ninja import Query, Router, Schema

from redrider.core.api import parse_point

from . import selectors
from .geocode import county_code_at
from .schemas import LocateOut, RegionOut

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


class LocateIn(Schema):
    lat: str
    lng: str
    crs: str = "wgs84"


@router.get("/locate", response=LocateOut, auth=None)
def locate(request, q: Query[LocateIn]):
    """Reverse geocoding: which county-level unit contains a point."""
    lat, lng = parse_point(q.lat, q.lng, q.crs)
    code = county_code_at(lat, lng)
    region = selectors.Region.objects.filter(code=code).first() if code else None
    return {"region_code": code, "name": region.name if region else None}


@router.get("/{code}", response=RegionOut, auth=None)
def region_detail(request, code: str):
    return region_out(selectors.region_get(code=code))


@router.get("/{code}/children", response={200: dict}, auth=None)
def region_children(request, code: str):
    items = [region_out(r) for r in selectors.region_children(code=code)]
    return {"items": items, "count": len(items)}
