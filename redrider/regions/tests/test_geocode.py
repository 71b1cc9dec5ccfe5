"""Reverse geocoding: a point in any of the three coordinate systems → the right county."""

import pytest

from redrider.geo.crs import InvalidPoint, UnknownCRS, from_wgs84
from redrider.regions.geocode import county_code_at
from redrider.regions.loader import read_rows

ROWS = read_rows()
PREFECTURES = sorted(
    r["code"] for r in ROWS if r["code"].startswith("51") and r["level"] == "prefecture"
)


def known_point(prefecture: str) -> tuple[str, float, float]:
    """The seat of the prefecture's first county-level unit: a point known to lie in that unit."""
    county = min((r for r in ROWS if r["parent_code"] == prefecture), key=lambda r: r["code"])
    return county["code"], float(county["lat"]), float(county["lng"])


def test_there_is_one_known_point_for_each_of_the_21_prefectures():
    assert len(PREFECTURES) == 21


@pytest.mark.parametrize("crs", ["wgs84", "gcj02", "bd09"])
@pytest.mark.parametrize("prefecture", PREFECTURES)
def test_known_point_lands_in_its_county_in_every_crs(prefecture, crs):
    # given a county seat, expressed in the asked coordinate system
    code, lat, lng = known_point(prefecture)
    qlat, qlng = from_wgs84(lat, lng, crs)
    # when
    found = county_code_at(qlat, qlng, crs)
    # then
    assert found == code


def test_gcj02_point_read_as_wgs84_can_land_elsewhere_near_a_border():
    # Jinjiang's seat shifted by the GCJ-02 offset and *misread* as WGS-84 is ~500 m off:
    # the conversion matters. We only check the offset is applied (the points differ).
    code, lat, lng = known_point("510100")
    glat, glng = from_wgs84(lat, lng, "gcj02")
    assert (glat, glng) != (lat, lng)
    assert county_code_at(glat, glng, "gcj02") == code


def test_point_outside_china_has_no_county():
    assert county_code_at(48.8566, 2.3522) is None  # Paris


@pytest.mark.parametrize(
    "lat,lng", [(float("nan"), 104.0), (30.0, float("inf")), (91.0, 104.0), (30.0, -181.0)]
)
def test_invalid_point_is_refused(lat, lng):
    with pytest.raises(InvalidPoint):
        county_code_at(lat, lng)


def test_unknown_crs_is_refused():
    with pytest.raises(UnknownCRS):
        county_code_at(30.6, 104.0, "mars")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query,code",
    [
        ({"lat": "30.6", "lng": "104.0", "crs": "mars"}, "unknown_crs"),
        ({"lat": "nan", "lng": "104.0"}, "invalid_point"),
        ({"lat": "95", "lng": "104.0"}, "invalid_point"),
        ({"lat": "abc", "lng": "104.0"}, "invalid_point"),
    ],
)
def test_locate_api_answers_422_for_bad_input(client, query, code):
    response = client.get("/api/v1/regions/locate", query)
    assert response.status_code == 422
    assert response.json()["code"] == code


@pytest.mark.django_db
def test_locate_api_names_the_county(client):
    code, lat, lng = known_point("510100")
    body = client.get("/api/v1/regions/locate", {"lat": lat, "lng": lng}).json()
    assert body["region_code"] == code


def test_bulk_geocoding_agrees_with_one_by_one():
    import random

    from redrider.regions.geocode import county_codes_at

    # given points around Sichuan's seats, and one far out at sea
    rng = random.Random(3)
    seats = [r for r in ROWS if r["code"].startswith("51") and r["level"] == "county"]
    points = [
        (float(s["lat"]) + rng.gauss(0, 0.05), float(s["lng"]) + rng.gauss(0, 0.05)) for s in seats
    ]
    points.append((20.0, 130.0))
    # when
    codes = county_codes_at([p[0] for p in points], [p[1] for p in points])
    # then
    assert [c or None for c in codes] == [county_code_at(lat, lng) for lat, lng in points]
    assert codes[-1] == ""
