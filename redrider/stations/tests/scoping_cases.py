"""How the suite-wide scoping test builds and finds each region-owned model of this app."""

from redrider.core.testing import ScopeCase
from redrider.stations.models import Station

# Seats of government of the two test counties (WGS-84), so the row is where its code says.
POINTS = {"510104": (30.6570, 104.0810), "510107": (30.6420, 104.0430)}


def station(code):
    lat, lng = POINTS.get(code, (30.66, 104.06))
    return Station.objects.create(region_code=code, code=f"T{code}-{Station.objects.count() + 1}",
                                  name=f"{code}测试驿站", lat=lat, lng=lng)


CASES = [
    ScopeCase(Station, station, None, None),
]
