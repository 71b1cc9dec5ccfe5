"""Activities: sign-up and waiting list, check-in window, attendance and certificates.

The points attendance earns are the points app's (it listens to `AttendanceRecorded`):
see `points/tests/test_deeds.py`."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from redrider.accounts.tests.factories import make_rider_user
from redrider.activities.models import Certificate, Signup
from redrider.activities.services import (
    activity_create,
    checkin_record,
    signup_cancel,
    signup_create,
)
from redrider.core.errors import Conflict, InvalidInput, PermissionDenied
from redrider.core.events import AttendanceRecorded

pytestmark = pytest.mark.django_db


def new_rider(name: str = "骑手"):
    return make_rider_user(name=name)


def announced(callbacks) -> list:
    """The domain events the captured on-commit callbacks would deliver."""
    return [cb.args[0] for cb in callbacks if getattr(cb, "args", None)]


def make_activity(
    officer,
    *,
    capacity=2,
    starts_in=dt.timedelta(minutes=-5),
    hours=0,
    theme="first_aid",
    signup_required=True,
):
    start = timezone.now() + starts_in
    return activity_create(
        actor=officer,
        title="急救培训",
        theme=theme,
        organiser="锦江区市场监管局",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="春熙路",
        lat=30.657,
        lng=104.081,
        region_code="510104",
        capacity=capacity,
        volunteer_hours=hours,
        signup_required=signup_required,
    )


def test_the_waiting_list_fills_after_capacity_and_promotes_on_cancellation(county_officer):
    # given an activity with two places
    activity = make_activity(county_officer, capacity=2)
    a, b, c = new_rider("甲"), new_rider("乙"), new_rider("丙")
    # when three riders sign up
    statuses = [signup_create(actor=r, activity_id=activity.pk).status for r in (a, b, c)]
    # then the third waits, and takes the place freed by the first
    assert statuses == ["confirmed", "confirmed", "waitlisted"]
    signup_cancel(actor=a, activity_id=activity.pk)
    assert Signup.objects.get(activity=activity, rider=c).status == "confirmed"


def test_checking_in_twice_records_attendance_hours_and_certificate_and_announces_it_once(
    county_officer, django_capture_on_commit_callbacks
):
    # given a signed-up rider at a 2-hour first-aid class
    activity = make_activity(county_officer, hours=2)
    rider = new_rider()
    with django_capture_on_commit_callbacks() as signing_up:
        signup_create(actor=rider, activity_id=activity.pk)
    # when the rider checks in twice (a double tap)
    with django_capture_on_commit_callbacks() as checking_in:
        first = checkin_record(actor=rider, token=activity.checkin_token)
        again = checkin_record(actor=rider, token=activity.checkin_token)
    # then one attendance with its hours and a first-aid certificate, announced once
    assert first.pk == again.pk and first.status == "attended" and first.hours == 2
    assert Certificate.objects.filter(rider=rider, kind="first_aid").count() == 1
    assert announced(signing_up) == []
    assert announced(checking_in) == [
        AttendanceRecorded(
            signup_id=first.pk, activity_id=activity.pk, rider_id=rider.pk, region_code="510104"
        )
    ]


def test_check_in_outside_the_window_or_without_a_place_is_refused_and_writes_nothing(
    county_officer, django_capture_on_commit_callbacks
):
    # given a class tomorrow, and one now where the rider only waits
    later = make_activity(county_officer, starts_in=dt.timedelta(days=1))
    now_full = make_activity(county_officer, capacity=1)
    rider, other = new_rider(), new_rider()
    signup_create(actor=rider, activity_id=later.pk)
    signup_create(actor=other, activity_id=now_full.pk)
    signup_create(actor=rider, activity_id=now_full.pk)  # waitlisted
    # then both check-ins answer 409, nobody attended and nothing is announced
    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(Conflict) as too_early:
            checkin_record(actor=rider, token=later.checkin_token)
        with pytest.raises(Conflict) as waiting:
            checkin_record(actor=rider, token=now_full.checkin_token)
    assert (too_early.value.code, waiting.value.code) == ("outside_checkin_window", "not_signed_up")
    assert not Signup.objects.filter(rider=rider, status="attended").exists()
    assert announced(callbacks) == []


def test_a_walk_in_activity_accepts_check_in_without_sign_up(county_officer):
    # given a safety talk open to all
    activity = make_activity(county_officer, theme="safety", signup_required=False)
    rider = new_rider()
    # when
    signup = checkin_record(actor=rider, token=activity.checkin_token)
    # then
    assert signup.status == "attended" and signup.activity_id == activity.pk


def test_publishing_needs_a_county_in_scope_and_a_sane_window(county_officer, rider):
    start = timezone.now()
    base = dict(
        title="x", theme="safety", organiser="o", place="p", lat=30.0, lng=104.0, capacity=0
    )
    # then another county answers 404, a backwards window 422, and a rider 403
    from redrider.core.errors import NotFound

    with pytest.raises(NotFound):
        activity_create(
            actor=county_officer,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            region_code="510107",
            **base,
        )
    with pytest.raises(InvalidInput):
        activity_create(
            actor=county_officer,
            starts_at=start,
            ends_at=start - dt.timedelta(hours=1),
            region_code="510104",
            **base,
        )
    with pytest.raises(PermissionDenied):
        activity_create(
            actor=rider,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            region_code="510104",
            **base,
        )


def test_check_in_through_the_api_needs_a_key_and_replays_the_answer(county_officer, rider, api):
    # given
    activity = make_activity(county_officer, signup_required=False)
    me = api(rider)
    # when
    missing = me.post("/api/v1/activities/checkins", {"token": activity.checkin_token})
    first = me.post(
        "/api/v1/activities/checkins", {"token": activity.checkin_token}, idempotency_key="c1"
    )
    replay = me.post(
        "/api/v1/activities/checkins", {"token": activity.checkin_token}, idempotency_key="c1"
    )
    unknown = me.post("/api/v1/activities/checkins", {"token": "nope"}, idempotency_key="c2")
    # then
    assert missing.status_code == 400
    assert first.status_code == 201 and replay.json() == first.json()
    assert first.json()["status"] == "attended"
    assert unknown.status_code == 404


def test_upcoming_lists_nearest_first_with_my_status(county_officer, rider, api):
    # given two activities, one far away in Chengdu's north
    near = make_activity(county_officer, starts_in=dt.timedelta(days=1))
    start = timezone.now() + dt.timedelta(days=1)
    far = activity_create(
        actor=county_officer,
        title="远处",
        theme="care",
        organiser="o",
        place="p",
        lat=30.80,
        lng=104.10,
        region_code="510104",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )
    signup_create(actor=rider, activity_id=far.pk)
    # when
    body = api(rider).get("/api/v1/activities/upcoming", lat=30.657, lng=104.081).json()
    # then
    assert [i["id"] for i in body["items"]] == [near.pk, far.pk]
    assert body["items"][1]["my_status"] == "confirmed" and body["items"][0]["distance_m"] < 100
