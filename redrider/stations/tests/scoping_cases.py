"""How the suite-wide scoping test builds and finds each region-owned model of this app."""

from redrider.core.testing import ScopeCase
from redrider.stations.models import Correction, Station

# Seats of government of the two test counties (WGS-84), so the row is where its code says.
POINTS = {"510104": (30.6570, 104.0810), "510107": (30.6420, 104.0430)}


def station(code):
    from redrider.stations.tests.factories import make_station

    lat, lng = POINTS.get(code, (30.66, 104.06))
    return make_station(region_code=code, lat=lat, lng=lng, name=f"{code}测试驿站")


def hosted_station(host):
    """A Jinjiang station kept by `host` (what a station host may see)."""
    found = station("510104")
    found.hosts.add(host)
    return found


def correction(code):
    return Correction.objects.create(
        station=station(code), region_code=code, kind="closed", note="关门了"
    )


CASES = [
    ScopeCase(
        Station,
        station,
        "/api/v1/stations",
        lambda o: f"/api/v1/stations/{o.pk}",
        at_station=hosted_station,
    ),
    ScopeCase(
        Correction,
        correction,
        "/api/v1/stations/corrections?status=",
        lambda o: f"/api/v1/stations/corrections/{o.pk}",
    ),
]
