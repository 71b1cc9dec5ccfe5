"""Routing: a pin in any coordinate system → its county → the nearest office or the committee."""

from __future__ import annotations

import pytest

from redrider.appeals.tests.conftest import committee_in, office_at
from redrider.geo.crs import from_wgs84
from redrider.regions.models import Region

pytestmark = pytest.mark.django_db

# Five counties in four prefectures; each pin sits ~300 m from the county seat.
COUNTIES = ["510104", "510107", "510703", "511302", "510302"]
CRS = ["wgs84", "gcj02", "bd09"]


def _setup(code: str):
    seat = Region.objects.get(code=code)
    near = office_at(code, seat.lat + 0.003, seat.lng + 0.002, f"{code}近所")
    far = office_at(code, seat.lat - 0.03, seat.lng - 0.03, f"{code}远所")
    committee = committee_in(code)
    pin = (seat.lat + 0.0025, seat.lng + 0.0015)  # WGS-84, ~70 m from the near office
    return near, far, committee, pin


@pytest.mark.parametrize("crs", CRS)
@pytest.mark.parametrize("code", COUNTIES)
def test_appeal_routes_to_its_county_and_the_nearest_office_in_every_crs(code, crs, rider, api):
    # given two offices in the county and the pin given in the asked crs
    near, far, _committee, (lat, lng) = _setup(code)
    qlat, qlng = from_wgs84(lat, lng, crs)
    # when
    response = api(rider).post(
        "/api/v1/appeals",
        {
            "category": "enter_compound",
            "description": "小区东门不让进",
            "lat": qlat,
            "lng": qlng,
            "crs": crs,
        },
    )
    # then
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["region_code"] == code
    assert body["status"] == "submitted"
    assert body["assigned_org"] == {"kind": "office", "id": near.pk, "name": near.name}
    assert isinstance(body["id"], int)


@pytest.mark.parametrize("code", COUNTIES)
def test_rights_appeal_goes_to_the_county_committee(code, rider, api):
    # given
    _near, _far, committee, (lat, lng) = _setup(code)
    # when
    body = (
        api(rider)
        .post(
            "/api/v1/appeals",
            {"category": "rights", "description": "保险没交", "lat": lat, "lng": lng},
        )
        .json()
    )
    # then
    assert body["assigned_org"] == {"kind": "committee", "id": committee.pk, "name": committee.name}


def test_office_category_falls_back_to_the_committee_when_a_county_has_no_office(rider, api):
    # given a committee but no office in Wuhou
    committee = committee_in("510107")
    seat = Region.objects.get(code="510107")
    # when
    body = (
        api(rider)
        .post(
            "/api/v1/appeals",
            {"category": "parking", "description": "没地方停车", "lat": seat.lat, "lng": seat.lng},
        )
        .json()
    )
    # then
    assert body["assigned_org"]["kind"] == "committee"
    assert body["assigned_org"]["id"] == committee.pk


def test_offices_without_a_guidance_station_are_not_chosen(rider, api):
    # given the nearest office has no guidance station
    from redrider.orgs.models import Office

    seat = Region.objects.get(code="510104")
    Office.objects.create(region_code="510104", name="无指导站", lat=seat.lat, lng=seat.lng)
    station_office = office_at("510104", seat.lat + 0.01, seat.lng, "有指导站")
    # when
    body = (
        api(rider)
        .post(
            "/api/v1/appeals",
            {"category": "rest", "description": "没处休息", "lat": seat.lat, "lng": seat.lng},
        )
        .json()
    )
    # then
    assert body["assigned_org"]["id"] == station_office.pk
