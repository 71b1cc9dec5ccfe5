"""Deadlines in working days, the daily escalation task and the two-week follow-up."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from redrider.appeals.models import Appeal
from redrider.appeals.tasks import appeals_escalate_daily, appeals_follow_up_daily
from redrider.appeals.tests.factories import make_appeal
from redrider.appeals.workdays import SHANGHAI, add_working_days
from redrider.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _local(y, m, d, h=10):
    return dt.datetime(y, m, d, h, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (_local(2026, 3, 2), 1, _local(2026, 3, 3)),  # Monday → Tuesday
        (_local(2026, 3, 6), 1, _local(2026, 3, 9)),  # Friday → Monday
        (_local(2026, 3, 7), 1, _local(2026, 3, 9)),  # Saturday → Monday
        (_local(2026, 3, 2), 15, _local(2026, 3, 23)),  # three working weeks
    ],
)
def test_deadlines_skip_weekends(start, days, due):
    assert add_working_days(start, days) == due


def test_deadlines_skip_configured_public_holidays_and_count_adjusted_workdays(settings):
    # given National Day week as holidays and the Sunday before it as a working day
    settings.APPEAL_PUBLIC_HOLIDAYS = [f"2026-10-0{d}" for d in range(1, 8)]
    settings.APPEAL_EXTRA_WORKDAYS = ["2026-09-27"]
    # then
    assert add_working_days(_local(2026, 9, 30), 1) == _local(2026, 10, 8)
    assert add_working_days(_local(2026, 9, 26), 1) == _local(2026, 9, 27)


def test_filing_sets_the_accept_deadline_in_working_days(rider, api):
    # given a Friday-evening filing is simulated through the service
    from redrider.appeals.services import appeal_create

    friday = _local(2026, 3, 6, 20)
    # when
    appeal = appeal_create(
        actor=rider, category="parking", description="没地方停", lat=30.657, lng=104.081, now=friday
    )
    # then
    assert appeal.accept_due_at == _local(2026, 3, 9, 20)


def test_an_overdue_case_is_escalated_to_the_parent_region_by_the_daily_task(
    prefecture_officer, api
):
    # given a Jinjiang case whose accept deadline passed, and one still in time
    late = make_appeal(accept_due_at=timezone.now() - dt.timedelta(hours=2))
    on_time = make_appeal(accept_due_at=timezone.now() + dt.timedelta(hours=2))
    # when the daily task runs (the immediate backend runs it now)
    result = appeals_escalate_daily.enqueue()
    # then
    assert result.return_value == 1
    late.refresh_from_db()
    on_time.refresh_from_db()
    assert late.handling_code == "510100"
    assert late.escalation_level == 1
    assert late.escalated_at is not None
    assert late.accept_due_at > timezone.now()  # a new window for the level above
    assert late.events.filter(action="escalate").count() == 1
    assert AuditEvent.objects.filter(action="appeal.escalate", object_id=str(late.pk)).count() == 1
    assert on_time.handling_code == "510104" and on_time.escalation_level == 0
    # and it is in the prefecture's queue, marked, and Chengdu may now act on it
    queue = api(prefecture_officer).get("/api/v1/appeals", queue=True, escalated=True).json()
    assert [i["id"] for i in queue["items"]] == [late.pk]
    assert queue["items"][0]["escalation_level"] == 1
    assert "accept" in queue["items"][0]["actions"]


def test_a_second_daily_run_does_not_escalate_again_within_the_new_window():
    # given
    make_appeal(accept_due_at=timezone.now() - dt.timedelta(hours=2))
    appeals_escalate_daily.enqueue()
    # when
    again = appeals_escalate_daily.enqueue()
    # then
    assert again.return_value == 0
    assert Appeal.objects.get().escalation_level == 1


def test_an_accepted_case_past_its_resolve_deadline_is_escalated_twice_up_to_the_province():
    # given an accepted case whose resolve deadline passed
    appeal = make_appeal(status="accepted", resolve_due_at=timezone.now() - dt.timedelta(days=1))
    later = timezone.now() + dt.timedelta(days=60)
    # when the task runs now and again two months later (deadline missed again)
    call_command("escalate_appeals", "--no-follow-ups")
    from redrider.appeals.services import appeals_escalate_overdue

    appeals_escalate_overdue(now=later)
    appeals_escalate_overdue(now=later + dt.timedelta(days=60))
    # then it stops at the province
    appeal.refresh_from_db()
    assert appeal.handling_code == "510000"
    assert appeal.escalation_level == 2


def test_the_county_officer_still_acts_after_escalation(county_officer, api):
    # given
    appeal = make_appeal(accept_due_at=timezone.now() - dt.timedelta(hours=2))
    appeals_escalate_daily.enqueue()
    # when
    response = api(county_officer).post(
        f"/api/v1/appeals/{appeal.pk}/transitions", {"action": "accept", "note": ""}
    )
    # then
    assert response.status_code == 200


def test_two_weeks_after_resolution_the_rider_is_asked_if_it_is_still_fixed(rider, api):
    # given a case confirmed 15 days after resolution, and one resolved yesterday
    old = make_appeal(
        rider=rider, status="confirmed", resolved_at=timezone.now() - dt.timedelta(days=15)
    )
    recent = make_appeal(
        rider=rider, status="resolved", resolved_at=timezone.now() - dt.timedelta(days=1)
    )
    # when
    asked = appeals_follow_up_daily.enqueue().return_value
    # then
    assert asked == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.follow_up_asked_at is not None
    assert recent.follow_up_asked_at is None
    notices = api(rider).get("/api/v1/appeals/notifications").json()["items"]
    assert [n["kind"] for n in notices] == ["follow_up"]
    assert appeals_follow_up_daily.enqueue().return_value == 0  # asked once only


def test_answering_no_to_the_follow_up_reopens_the_case(rider, api):
    # given
    appeal = make_appeal(
        rider=rider, status="confirmed", resolved_at=timezone.now() - dt.timedelta(days=15)
    )
    appeals_follow_up_daily.enqueue()
    # when
    response = api(rider).post(f"/api/v1/appeals/{appeal.pk}/follow-up", {"still_fixed": False})
    again = api(rider).post(f"/api/v1/appeals/{appeal.pk}/follow-up", {"still_fixed": True})
    # then
    assert response.status_code == 200
    assert response.json()["status"] == "in_progress"
    assert response.json()["follow_up"]["still_fixed"] is False
    assert again.status_code == 409


def test_answering_yes_keeps_the_case_closed(rider, api):
    # given
    appeal = make_appeal(
        rider=rider, status="confirmed", resolved_at=timezone.now() - dt.timedelta(days=15)
    )
    appeals_follow_up_daily.enqueue()
    # when
    body = api(rider).post(f"/api/v1/appeals/{appeal.pk}/follow-up", {"still_fixed": True}).json()
    # then
    assert body["status"] == "confirmed"
    assert body["follow_up"]["still_fixed"] is True
