"""“我也遇到了”: only open cases of the same category near the rider, and a joiner reads only
the public part of the case."""

from __future__ import annotations

import json

import pytest

from redrider.appeals.models import AppealPhoto, AppealSupporter
from redrider.appeals.services import appeal_transition
from redrider.appeals.tests.conftest import jpeg_bytes, upload
from redrider.appeals.tests.factories import make_appeal, make_rider
from redrider.core.models import AuditEvent

pytestmark = pytest.mark.django_db

CHUNXI = {"lat": 30.6570, "lng": 104.0810}  # Chunxi Road, Jinjiang (WGS-84)
WUHOU = {"lat": 30.6420, "lng": 104.0430}  # Wuhou, about 4 km west-south-west


def _near(**extra):
    """A gate case about 55 m north of Chunxi Road (enter_compound's radius is 150 m)."""
    return make_appeal(lat=CHUNXI["lat"] + 0.0005, lng=CHUNXI["lng"], **extra)


def test_a_rider_cannot_join_a_far_away_case_in_another_county(rider, api):
    # given an open case in Wuhou and a rider standing on Chunxi Road
    far = make_appeal(region_code="510107", **WUHOU)
    me = api(rider)
    # when the rider joins it by id
    joined = me.post(f"/api/v1/appeals/{far.pk}/me-too", {**CHUNXI, "crs": "wgs84"})
    # then 404, nothing joined, and the case stays unreadable
    assert joined.status_code == 404
    assert not AppealSupporter.objects.exists()
    assert not AuditEvent.objects.filter(action="appeal.me_too").exists()
    assert me.get(f"/api/v1/appeals/{far.pk}").status_code == 404


def test_far_closed_other_category_and_missing_cases_all_answer_the_same_404(rider, api):
    # given a far case, a closed one on the spot, a parking case on the spot, and no case 10^9
    far = make_appeal(region_code="510107", **WUHOU)
    closed = _near(status="rejected")
    parking = make_appeal(category="parking", **CHUNXI)
    me = api(rider)
    # when
    answers = [
        me.post(f"/api/v1/appeals/{far.pk}/me-too", CHUNXI),
        me.post(f"/api/v1/appeals/{closed.pk}/me-too", CHUNXI),
        me.post(f"/api/v1/appeals/{parking.pk}/me-too", {**CHUNXI, "category": "enter_compound"}),
        me.post("/api/v1/appeals/1000000000/me-too", CHUNXI),
    ]
    # then one answer for all: nothing tells them apart
    assert [a.status_code for a in answers] == [404] * 4
    assert len({a.content for a in answers}) == 1
    assert not AppealSupporter.objects.exists()


def test_the_radius_is_the_one_the_category_defines(rider, api):
    # given two stair cases (radius 100 m) about 80 m and 130 m north of the rider
    inside = make_appeal(category="go_upstairs", lat=CHUNXI["lat"] + 0.00072, lng=CHUNXI["lng"])
    outside = make_appeal(category="go_upstairs", lat=CHUNXI["lat"] + 0.00117, lng=CHUNXI["lng"])
    me = api(rider)
    # when / then
    assert me.post(f"/api/v1/appeals/{inside.pk}/me-too", CHUNXI).status_code == 200
    assert me.post(f"/api/v1/appeals/{outside.pk}/me-too", CHUNXI).status_code == 404


def test_joining_needs_the_riders_position(rider, api):
    # given
    near = _near()
    me = api(rider)
    # when the position is missing, not a number, or in an unknown crs
    answers = [
        me.post(f"/api/v1/appeals/{near.pk}/me-too", {}),
        me.post(f"/api/v1/appeals/{near.pk}/me-too", {"lat": "x", "lng": 104.08}),
        me.post(f"/api/v1/appeals/{near.pk}/me-too", {**CHUNXI, "crs": "foo"}),
    ]
    # then 422 each, nothing joined
    assert [a.status_code for a in answers] == [422, 422, 422]
    assert not AppealSupporter.objects.exists()


def test_a_gcj02_position_is_converted_before_the_distance_is_measured(rider, api):
    # given a case on the spot and the rider's position as a Chinese map app gives it
    from redrider.geo.crs import from_wgs84

    near = make_appeal(**CHUNXI)
    glat, glng = from_wgs84(CHUNXI["lat"], CHUNXI["lng"], "gcj02")
    # when
    joined = api(rider).post(
        f"/api/v1/appeals/{near.pk}/me-too", {"lat": glat, "lng": glng, "crs": "gcj02"}
    )
    # then
    assert joined.status_code == 200, joined.content


def test_a_joiner_sees_only_the_public_part_of_the_case(
    rider, county_officer, api, client, settings, tmp_path
):
    # given someone else's case near the rider, with a photo and a staff note naming people
    settings.MEDIA_ROOT = tmp_path
    owner = make_rider()
    case = _near(rider=owner)
    case.description = "东门保安王师傅不让进，电话13912345678"
    case.save(update_fields=["description"])
    upload(client, owner, f"/api/v1/appeals/{case.pk}/photos", jpeg_bytes())
    appeal_transition(actor=county_officer, appeal=case, action="accept", note="已联系物业张经理")
    photo = AppealPhoto.objects.get()
    me = api(rider)
    # when the rider joins it and reads it
    assert me.post(f"/api/v1/appeals/{case.pk}/me-too", CHUNXI).status_code == 200
    detail = me.get(f"/api/v1/appeals/{case.pk}").json()
    listed = me.get("/api/v1/appeals").json()["items"]
    client.force_login(rider)
    photo_page = client.get(f"/appeals/photos/{photo.pk}/")
    case_page = client.get(f"/appeals/rider/{case.pk}/").content.decode()
    # then: category, status, county, timeline in words ...
    assert detail["category"] == "enter_compound"
    assert detail["status"] == "accepted"
    assert detail["region_name"] == "锦江区"
    assert [e["text"] for e in detail["timeline"]][:4] == [
        "骑手提交了诉求",
        "补充了照片",
        "已受理",
        "又有骑手遇到了同样的问题",
    ]
    # ... and never the location, description, notes, names or photos
    text = json.dumps([detail, listed], ensure_ascii=False)
    for secret in ("王师傅", "13912345678", "张经理", owner.display_name, county_officer.username):
        assert secret not in text
        assert secret not in case_page
    for key in ("lat", "lng", "description", "photos", "rider", "handling_code"):
        assert key not in detail
    assert all(set(e) <= {"at", "action", "text", "to_status"} for e in detail["timeline"])
    assert photo_page.status_code == 404


def test_the_rider_who_filed_still_sees_the_whole_case(rider, api, client, settings, tmp_path):
    # given the rider's own case with a photo, joined by another rider
    settings.MEDIA_ROOT = tmp_path
    case = _near(rider=rider)
    upload(client, rider, f"/api/v1/appeals/{case.pk}/photos", jpeg_bytes())
    assert api(make_rider()).post(f"/api/v1/appeals/{case.pk}/me-too", CHUNXI).status_code == 200
    # when
    detail = api(rider).get(f"/api/v1/appeals/{case.pk}").json()
    # then
    assert detail["description"] == "测试诉求"
    assert detail["lat"] == pytest.approx(case.lat)
    assert len(detail["photos"]) == 1
    assert detail["supporters"] == 1
    client.force_login(rider)
    assert client.get(detail["photos"][0]["url"]).status_code == 200


def test_joining_your_own_case_is_a_conflict_and_staff_may_not_join(rider, county_officer, api):
    # given
    own = _near(rider=rider)
    other = _near()
    # then
    assert api(rider).post(f"/api/v1/appeals/{own.pk}/me-too", CHUNXI).status_code == 409
    assert api(county_officer).post(f"/api/v1/appeals/{other.pk}/me-too", CHUNXI).status_code == 403
    assert not AppealSupporter.objects.exists()
