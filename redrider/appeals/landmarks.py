"""Places a rider can pin an appeal to without GPS, and a pin described in words.

Location is often denied inside WeChat. The appeal form then lets the rider tap the map or pick a
landmark they know: a warm station, a delivery site, or the seat of the county they work in.
Before and after filing, a pin is said in words — county, nearest landmark and its distance —
never as coordinates.

Delivery sites and stations are public places riders already go to (names and points only, no
personal data), so they are offered to every rider of the county.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from redrider.geo.distance import haversine_m
from redrider.regions import tree
from redrider.regions.geocode import county_code_at
from redrider.riders.choices import CompanyKind
from redrider.riders.models import Company
from redrider.riders.selectors import rider_profile_for_user
from redrider.stations import nearby

MAX_SITES = 12
MAX_STATIONS = 6


def _stations_near(lat: float, lng: float, limit: int, radius_m: float | None = None) -> list[dict]:
    hits = nearby.search(
        lat=lat, lng=lng, limit=limit, radius_m=radius_m, open_now=False, services_mask=0
    )
    rows = nearby.describe([h[0] for h in hits])
    return [
        {
            "kind": "station",
            "name": rows[pk]["name"],
            "lat": rows[pk]["lat"],
            "lng": rows[pk]["lng"],
        }
        for pk, _distance, _open in hits
        if pk in rows
    ]


def rider_landmarks(user) -> dict:
    """The rider's work county (code, name, seat) and landmarks in it to pin a case to.

    `{"county": {"code", "name", "lat", "lng"} | None, "items": [{"kind", "name", "lat", "lng"}]}`
    with kind `seat`, `station` or `site`; no county (a rider not in the census) gives no items.
    """
    rider = rider_profile_for_user(user)
    node = tree.tree().get(rider.region_code) if rider else None
    if node is None:
        return {"county": None, "items": []}
    seat = {
        "kind": "seat",
        "name": _("{county}政府驻地").format(county=node.name),
        "lat": node.lat,
        "lng": node.lng,
    }
    sites = [
        {"kind": "site", "name": name, "lat": lat, "lng": lng}
        for name, lat, lng in Company.objects.filter(
            kind=CompanyKind.DELIVERY_SITE,
            region_code=node.code,
            lat__isnull=False,
            lng__isnull=False,
        )
        .order_by("name")
        .values_list("name", "lat", "lng")[:MAX_SITES]
    ]
    stations = _stations_near(node.lat, node.lng, MAX_STATIONS)
    return {
        "county": {"code": node.code, "name": node.name, "lat": node.lat, "lng": node.lng},
        "items": [seat, *stations, *sites],
    }


def describe_point(lat: float, lng: float, county_code: str | None = None) -> dict:
    """A pin in words: `{"county", "landmark", "distance_m"}` (each None when unknown).

    The county is the one containing the point (give `county_code` when it is already known,
    as for a filed case); the landmark the nearest station within 5 km.
    """
    code = county_code or county_code_at(lat, lng)
    county = tree.name_of(code) if code else None
    if code and tree.parent_code(code):
        county = f"{tree.name_of(tree.parent_code(code))}{county}"
    found = _stations_near(lat, lng, 1, radius_m=5000)
    if not found:
        return {"county": county, "landmark": None, "distance_m": None}
    near = found[0]
    return {
        "county": county,
        "landmark": near["name"],
        "distance_m": round(haversine_m(lat, lng, near["lat"], near["lng"])),
    }
