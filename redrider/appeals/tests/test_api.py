"""Filing through the API: the answer, Idempotency-Key replays, bad input, "me too", notices."""

from __future__ import annotations

import json

import pytest

from redrider.appeals.models import Appeal, AppealNotification, AppealSupporter
from redrider.appeals.tests.factories import make_appeal, make_rider
from redrider.core.gateways import get_gateway
from redrider.core.models import AuditEvent

pytestmark = pytest.mark.django_db

CHUNXI = {"lat": 30.6570, "lng": 104.0810}  # Chunxi Road, Jinjiang (WGS-84)


def _body(**overrides):
    return {
        "category": "enter_compound",
        "description": "东门不让电动车进",
        **CHUNXI,
        "crs": "wgs84",
        **overrides,
    }


def test_filing_answers_201_with_id_status_region_and_deadline(rider, jinjiang_office, api):
    # when
    response = api(rider).post("/api/v1/appeals", _body())
    # then
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "submitted"
    assert body["region_code"] == "510104"
    assert body["assigned_org"]["id"] == jinjiang_office.pk
    assert body["accept_due_at"] > body["submitted_at"]
    assert Appeal.objects.get(pk=body["id"]).rider == rider
    assert AuditEvent.objects.filter(action="appeal.create", object_id=str(body["id"])).count() == 1


def test_a_replayed_idempotency_key_returns_the_original_answer_and_writes_nothing(rider, api):
    # given one filing with a key
    client = api(rider)
    first = client.post("/api/v1/appeals", _body(), idempotency_key="k-1")
    # when the phone retries with the same key
    again = client.post("/api/v1/appeals", _body(), idempotency_key="k-1")
    # then
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert Appeal.objects.count() == 1
    assert AuditEvent.objects.filter(action="appeal.create").count() == 1


def test_the_same_key_with_another_body_is_refused(rider, api):
    # given
    client = api(rider)
    client.post("/api/v1/appeals", _body(), idempotency_key="k-2")
    # when
    response = client.post("/api/v1/appeals", _body(description="另一件事"), idempotency_key="k-2")
    # then
    assert response.status_code == 422
    assert Appeal.objects.count() == 1


BAD = {
    "unknown category": _body(category="aliens"),
    "outside China (Tokyo)": _body(lat=35.68, lng=139.69),
    "out of range": _body(lat=95.0),
    "unknown crs": _body(crs="mars"),
    "empty text": _body(description=""),
    "blank text": _body(description="   "),
    "10,000-character text": _body(description="门" * 10_000),
    "missing point": {"category": "parking", "description": "x"},
}


@pytest.mark.parametrize("payload", BAD.values(), ids=BAD.keys())
def test_bad_input_answers_422_with_a_message_and_writes_nothing(payload, rider, api):
    # when
    response = api(rider).post("/api/v1/appeals", payload)
    # then
    assert response.status_code == 422, response.content
    assert " / " in response.json()["detail"]  # Chinese first, English too
    assert Appeal.objects.count() == 0
    assert not AuditEvent.objects.filter(action="appeal.create").exists()


def test_a_nan_point_answers_422(rider, client):
    # given a raw body with NaN (what a broken GPS reading serialises to)
    from redrider.accounts.services import token_issue

    raw = json.dumps(_body(lat=float("nan")))
    # when
    response = client.post(
        "/api/v1/appeals",
        raw,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token_issue(user=rider)}",
    )
    # then
    assert response.status_code == 422
    assert Appeal.objects.count() == 0


def test_a_replayed_refusal_stays_a_refusal(rider, api):
    # given a refused filing with a key
    client = api(rider)
    first = client.post("/api/v1/appeals", _body(category="aliens"), idempotency_key="k-3")
    # when
    again = client.post("/api/v1/appeals", _body(category="aliens"), idempotency_key="k-3")
    # then
    assert first.status_code == again.status_code == 422
    assert Appeal.objects.count() == 0


def test_staff_cannot_file_an_appeal(county_officer, api):
    # then
    assert api(county_officer).post("/api/v1/appeals", _body()).status_code == 403
    assert Appeal.objects.count() == 0


def test_a_rider_sees_open_cases_of_the_same_category_nearby_and_joins_one(rider, api):
    # given an open gate case 60 m away, one 2 km away, a parking case on the spot, a closed one
    near = make_appeal(lat=CHUNXI["lat"] + 0.0005, lng=CHUNXI["lng"] + 0.0001)
    make_appeal(lat=CHUNXI["lat"] + 0.02, lng=CHUNXI["lng"])
    make_appeal(category="parking", **CHUNXI)
    make_appeal(status="confirmed", **CHUNXI)
    client = api(rider)
    # when
    found = client.get("/api/v1/appeals/nearby", category="enter_compound", **CHUNXI).json()
    joined = client.post(f"/api/v1/appeals/{near.pk}/me-too", CHUNXI)
    twice = client.post(f"/api/v1/appeals/{near.pk}/me-too", CHUNXI)
    # then
    assert [item["id"] for item in found["items"]] == [near.pk]
    assert 40 < found["items"][0]["distance_m"] < 80
    assert "rider" not in found["items"][0]
    assert joined.status_code == 200 and joined.json()["supporters"] == 1
    assert twice.json()["created"] is False
    assert AppealSupporter.objects.filter(appeal=near).count() == 1
    mine = client.get("/api/v1/appeals").json()
    assert [item["id"] for item in mine["items"]] == [near.pk]


def test_nearby_accepts_gcj02_coordinates(rider, api):
    # given
    from redrider.geo.crs import from_wgs84

    near = make_appeal(**CHUNXI)
    glat, glng = from_wgs84(CHUNXI["lat"], CHUNXI["lng"], "gcj02")
    # when
    found = (
        api(rider)
        .get("/api/v1/appeals/nearby", category="enter_compound", lat=glat, lng=glng, crs="gcj02")
        .json()
    )
    # then
    assert [item["id"] for item in found["items"]] == [near.pk]
    assert found["items"][0]["distance_m"] < 1


def test_joining_a_closed_case_is_refused(rider, api):
    # given
    closed = make_appeal(status="rejected")
    # then
    assert api(rider).post(f"/api/v1/appeals/{closed.pk}/me-too", CHUNXI).status_code == 404


def test_a_rider_lists_only_their_own_cases_and_staff_fields_stay_hidden(rider, api):
    # given
    mine = make_appeal(rider=rider)
    make_appeal(rider=make_rider())
    # when
    body = api(rider).get("/api/v1/appeals").json()
    # then
    assert [i["id"] for i in body["items"]] == [mine.pk]
    assert body["count"] == 1
    assert "rider" not in body["items"][0]


def test_staff_steps_notify_the_rider_in_page_and_through_the_gateway(
    rider, county_officer, api, django_capture_on_commit_callbacks
):
    # given
    appeal = make_appeal(rider=rider)
    outbox = get_gateway().outbox
    sent = len(outbox)
    # when (the message leaves only once the step commits)
    with django_capture_on_commit_callbacks(execute=True):
        api(county_officer).post(
            f"/api/v1/appeals/{appeal.pk}/transitions", {"action": "accept", "note": "已联系物业"}
        )
    # then
    notices = api(rider).get("/api/v1/appeals/notifications", unread=True).json()
    assert notices["count"] == 1
    assert "已受理" in notices["items"][0]["text"]
    assert [m.template for m in outbox[sent:]] == ["appeal_accept"]
    assert outbox[-1].to == f"user:{rider.pk}"
    api(rider).post("/api/v1/appeals/notifications/read", {})
    assert not AppealNotification.objects.filter(user=rider, read_at__isnull=True).exists()


def test_queue_filters_by_status_category_and_overdue(county_officer, api):
    # given
    import datetime as dt

    from django.utils import timezone

    late = make_appeal(accept_due_at=timezone.now() - dt.timedelta(hours=1))
    make_appeal(category="parking")
    make_appeal(status="confirmed")
    client = api(county_officer)
    # then
    assert [i["id"] for i in client.get("/api/v1/appeals", overdue=True).json()["items"]] == [
        late.pk
    ]
    assert client.get("/api/v1/appeals", category="parking").json()["count"] == 1
    assert client.get("/api/v1/appeals", status="open").json()["count"] == 2
    assert client.get("/api/v1/appeals", status="confirmed").json()["count"] == 1
