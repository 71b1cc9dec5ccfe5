"""Where an appeal or tip-off goes: the county of its pin, then the office or committee there."""

from __future__ import annotations

import math
from dataclasses import dataclass

from redrider.core.api import parse_point
from redrider.core.errors import InvalidInput
from redrider.geo.distance import haversine_m
from redrider.orgs.models import Committee, Office
from redrider.regions.geocode import county_code_at

from .choices import RouteTo


@dataclass(frozen=True)
class Route:
    """A routed pin: WGS-84 point, county, and the office or committee that takes the case."""

    lat: float
    lng: float
    county_code: str
    office: Office | None
    committee: Committee | None


def point_parse(lat, lng, crs: str) -> tuple[float, float, str]:
    """A valid WGS-84 point inside China and its county, or 422 (NaN, out of range, abroad)."""
    wlat, wlng = parse_point(lat, lng, crs)
    county = county_code_at(wlat, wlng)
    if county is None:
        raise InvalidInput("outside_china", "位置不在中国境内", "the point is outside China")
    return wlat, wlng, county


def nearest_office(county_code: str, lat: float, lng: float) -> Office | None:
    """The office of the county whose guidance station is nearest the point (great-circle).

    Only offices that host a guidance station and have coordinates qualify; a county has a few
    dozen at most, so a scan is exact and cheap.
    """
    offices = Office.objects.filter(
        region_code=county_code,
        guidance_station__isnull=False,
        lat__isnull=False,
        lng__isnull=False,
    ).order_by("id")
    best, best_d = None, math.inf
    for office in offices:
        if office.lat is None or office.lng is None:  # excluded by the query; keeps mypy honest
            continue
        d = haversine_m(lat, lng, office.lat, office.lng)
        if d < best_d:
            best, best_d = office, d
    return best


def county_committee(county_code: str) -> Committee | None:
    return Committee.objects.filter(region_code=county_code, level="county").order_by("id").first()


def route(lat, lng, crs: str, route_to: str) -> Route:
    """Route a pin given in any supported crs for a category that goes to `route_to`.

    The preferred body is tried first and the other is the fallback, so a county without a
    committee still reaches its nearest office (and vice versa); both may be None in a county
    with neither, and then the county's officers handle it directly.
    """
    wlat, wlng, county = point_parse(lat, lng, crs)
    office = committee = None
    if route_to == RouteTo.OFFICE:
        office = nearest_office(county, wlat, wlng)
        if office is None:
            committee = county_committee(county)
    else:
        committee = county_committee(county)
        if committee is None:
            office = nearest_office(county, wlat, wlng)
    return Route(wlat, wlng, county, office, committee)
