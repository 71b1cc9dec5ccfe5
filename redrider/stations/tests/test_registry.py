"""The registry: creating, editing (staff vs host), scoping, personal data, corrections, reviews."""

from __future__ import annotations

import pytest
from django.db import connection

from redrider.core.models import AuditEvent
from redrider.geo.crs import from_wgs84
from redrider.stations import services
from redrider.stations.models import Correction, Station
from redrider.stations.tests.factories import make_station

JINJIANG_POINT = (30.6570, 104.0810)
WUHOU_POINT = (30.6420, 104.0430)


def create_body(**extra):
    body = {
        "name": "春熙路驿站",
        "lat": JINJIANG_POINT[0],
        "lng": JINJIANG_POINT[1],
        "type": "caring_shop",
        "services": ["water", "phone_charging"],
        "opening_hours": "Mo-Su 14:00-17:00",
        "contact_phone": "13912345678",
    }
    body.update(extra)
    return body


@pytest.mark.django_db
def test_creating_a_station_finds_its_county_from_the_point(api, county_officer):
    # when
    response = api(county_officer).post("/api/v1/stations", create_body())
    # then
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["region_code"] == "510104"
    assert body["code"].startswith("YZ510104")
    assert body["contact_phone"] == "139****5678"


@pytest.mark.django_db
def test_a_gcj02_point_is_stored_as_wgs84(api, county_officer):
    # given the station's WGS-84 point as Amap would give it
    g_lat, g_lng = from_wgs84(*JINJIANG_POINT, "gcj02")
    # when
    response = api(county_officer).post(
        "/api/v1/stations", create_body(lat=g_lat, lng=g_lng, crs="gcj02")
    )
    # then
    station = Station.objects.get(pk=response.json()["id"])
    assert (
        abs(station.lat - JINJIANG_POINT[0]) < 1e-7 and abs(station.lng - JINJIANG_POINT[1]) < 1e-7
    )


@pytest.mark.django_db
def test_the_contact_phone_is_encrypted_at_rest(api, county_officer):
    # given
    pk = api(county_officer).post("/api/v1/stations", create_body()).json()["id"]
    # when
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_phone FROM stations_station WHERE id = %s", [pk])
        raw = cursor.fetchone()[0]
    # then
    assert "13912345678" not in raw
    assert Station.objects.get(pk=pk).contact_phone == "13912345678"


BAD_CREATE = [
    ({"opening_hours": "sometimes open"}, "invalid_opening_hours"),
    ({"opening_hours": "Mo-Su 09:00-21:00,20:00-22:00"}, "invalid_opening_hours"),
    ({"services": ["water", "sauna"]}, "unknown_service"),
    ({"lat": "north"}, "invalid_point"),
    ({"lat": 95}, "invalid_point"),
    ({"crs": "mercator"}, "unknown_crs"),
    ({"lat": 48.85, "lng": 2.35}, "outside_china"),
    ({"status": "sleeping"}, "invalid_status"),
    ({"contact_phone": "12"}, "invalid_phone"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("extra", "code"), BAD_CREATE, ids=[c for _e, c in BAD_CREATE])
def test_bad_station_input_is_refused_and_nothing_written(api, county_officer, extra, code):
    # when
    response = api(county_officer).post("/api/v1/stations", create_body(**extra))
    # then
    assert response.status_code == 422, response.content
    assert response.json()["code"] == code
    assert not Station.objects.exists()


@pytest.mark.django_db
def test_a_county_officer_cannot_create_a_station_in_another_county(api, county_officer):
    # when
    response = api(county_officer).post(
        "/api/v1/stations", create_body(lat=WUHOU_POINT[0], lng=WUHOU_POINT[1])
    )
    # then
    assert response.status_code == 403
    assert not Station.objects.exists()


@pytest.mark.django_db
def test_a_county_officer_sees_only_their_countys_stations(api, county_officer):
    # given
    mine = make_station(lat=JINJIANG_POINT[0], lng=JINJIANG_POINT[1], region_code="510104")
    theirs = make_station(lat=WUHOU_POINT[0], lng=WUHOU_POINT[1], region_code="510107")
    client = api(county_officer)
    # when
    listed = client.get("/api/v1/stations", limit=100).json()
    other_region = client.get("/api/v1/stations", region="510107").json()
    # then
    assert [it["id"] for it in listed["items"]] == [mine.pk] and listed["count"] == 1
    assert other_region == {"items": [], "count": 0}
    assert client.get(f"/api/v1/stations/{theirs.pk}").status_code == 404
    assert (
        client.patch(f"/api/v1/stations/{theirs.pk}", {"opening_hours": "24/7"}).status_code == 404
    )


@pytest.mark.django_db
def test_a_host_edits_hours_services_and_status_of_their_own_station(api, station_host):
    # given
    own = make_station(lat=30.657, lng=104.081, region_code="510104")
    own.hosts.add(station_host)
    # when
    response = api(station_host).patch(
        f"/api/v1/stations/{own.pk}",
        {"opening_hours": "Mo-Su 10:00-22:00", "services": ["water", "toilet"], "status": "broken"},
    )
    # then
    assert response.status_code == 200, response.content
    own.refresh_from_db()
    assert (own.opening_hours, own.services, own.status) == (
        "Mo-Su 10:00-22:00",
        ["water", "toilet"],
        "broken",
    )
    assert AuditEvent.objects.filter(action="station.update", object_id=str(own.pk)).exists()


@pytest.mark.django_db
def test_a_host_cannot_edit_another_station_even_in_their_county(api, station_host, client):
    # given
    own = make_station(lat=30.657, lng=104.081, region_code="510104")
    own.hosts.add(station_host)
    other = make_station(lat=30.650, lng=104.085, region_code="510104", opening_hours="24/7")
    # when
    response = api(station_host).patch(
        f"/api/v1/stations/{other.pk}", {"opening_hours": "Mo 10:00-11:00"}
    )
    client.force_login(station_host)
    page = client.post(
        f"/stations/console/{other.pk}/", {"opening_hours": "Mo 10:00-11:00", "status": "open"}
    )
    # then
    assert response.status_code == 404
    assert page.status_code == 404
    other.refresh_from_db()
    assert other.opening_hours == "24/7"


@pytest.mark.django_db
def test_a_host_cannot_change_the_name_or_point_of_their_station(api, station_host):
    # given
    own = make_station(lat=30.657, lng=104.081, region_code="510104", name="原名")
    own.hosts.add(station_host)
    # when
    response = api(station_host).patch(f"/api/v1/stations/{own.pk}", {"name": "新名"})
    # then
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.name == "原名"


@pytest.mark.django_db
def test_an_accepted_wrong_hours_report_updates_the_station_and_its_last_verified(
    api, rider, county_officer, other_county_officer
):
    # given
    station = make_station(lat=30.657, lng=104.081, region_code="510104", opening_hours="24/7")
    report = api(rider).post(
        f"/api/v1/stations/{station.pk}/corrections",
        {"kind": "wrong_hours", "opening_hours": "Mo-Fr 09:00-18:00", "note": "晚上不开"},
    )
    assert report.status_code == 201, report.content
    cid = report.json()["id"]
    # when the county reviews it (the neighbouring county cannot even see it)
    queue = api(county_officer).get("/api/v1/stations/corrections").json()
    hidden = api(other_county_officer).post(
        f"/api/v1/stations/corrections/{cid}/review", {"decision": "accept"}
    )
    accepted = api(county_officer).post(
        f"/api/v1/stations/corrections/{cid}/review", {"decision": "accept"}
    )
    again = api(county_officer).post(
        f"/api/v1/stations/corrections/{cid}/review", {"decision": "reject"}
    )
    # then
    assert [c["id"] for c in queue["items"]] == [cid]
    assert hidden.status_code == 404
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert again.status_code == 409
    station.refresh_from_db()
    assert station.opening_hours == "Mo-Fr 09:00-18:00"
    assert station.last_verified is not None


@pytest.mark.django_db
def test_a_report_with_malformed_hours_is_refused(api, rider):
    # given
    station = make_station(lat=30.657, lng=104.081)
    # when
    response = api(rider).post(
        f"/api/v1/stations/{station.pk}/corrections",
        {"kind": "wrong_hours", "opening_hours": "whenever"},
    )
    # then
    assert response.status_code == 422
    assert not Correction.objects.exists()


@pytest.mark.django_db
def test_a_yearly_review_can_demote_a_station(api, county_officer):
    # given a five-star station
    station = make_station(lat=30.657, lng=104.081, star_rating=5)
    # when this year's review scores it 3+3+3+3 = 12
    response = api(county_officer).post(
        f"/api/v1/stations/{station.pk}/reviews",
        {"year": 2026, "siting": 3, "building": 3, "function": 3, "service": 3},
    )
    twice = api(county_officer).post(
        f"/api/v1/stations/{station.pk}/reviews",
        {"year": 2026, "siting": 5, "building": 5, "function": 5, "service": 5},
    )
    # then
    assert response.status_code == 201
    assert response.json() == {
        "id": response.json()["id"],
        "year": 2026,
        "stars": 3,
        "previous_stars": 5,
    }
    assert twice.status_code == 409
    station.refresh_from_db()
    assert station.star_rating == 3


@pytest.mark.parametrize(
    ("scores", "stars"),
    [
        ((5, 5, 5, 5), 5),
        ((5, 5, 4, 4), 5),
        ((4, 4, 4, 3), 4),
        ((3, 3, 3, 3), 3),
        ((3, 2, 2, 2), 2),
        ((0, 0, 1, 0), 1),
    ],
)
def test_stars_follow_the_checklist_total(scores, stars):
    assert services.stars_from_scores(*scores) == stars


@pytest.mark.django_db
def test_sign_pdf_and_png_point_to_the_checkin_url(api, county_officer):
    # given
    station = make_station(lat=30.657, lng=104.081, name="春熙路驿站", services=["water"])
    client = api(county_officer)
    # when
    pdf = client.get(f"/api/v1/stations/{station.pk}/sign.pdf")
    png = client.get(f"/api/v1/stations/{station.pk}/sign.png")
    # then
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert f"/stations/c/{station.code}/".encode() in pdf.content
    assert b"STSong-Light" in pdf.content
    from io import BytesIO

    from PIL import Image

    image = Image.open(BytesIO(png.content))
    assert image.format == "PNG" and image.size == (1240, 1754)
