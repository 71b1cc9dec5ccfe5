"""The weekly digest: each owner gets exactly their late and due-soon tasks."""

from __future__ import annotations

import datetime as dt

import pytest

from redrider.core.gateways import get_gateway
from redrider.workplan import services
from redrider.workplan.models import Notification
from redrider.workplan.tasks import workplan_digest_weekly

from .factories import at_shanghai, measure, task

pytestmark = pytest.mark.django_db

MONDAY = at_shanghai(2026, 6, 15, 8, 0)  # the digest's morning


def test_the_digest_lists_exactly_the_owners_late_and_due_soon_tasks(
    clock, county_officer, other_county_officer, instructor
):
    # given, on Monday 15 June, tasks owned by the Jinjiang officer …
    clock(MONDAY)
    m = measure()
    late = task("510104", of=m, owner=county_officer, due=dt.date(2026, 6, 10), progress=30)
    late_old = task("510104", of=m, owner=county_officer, due=dt.date(2026, 3, 1))
    today = task("510104", of=m, owner=county_officer, due=dt.date(2026, 6, 15))
    sunday = task("510104", of=m, owner=county_officer, due=dt.date(2026, 6, 21))
    # … which must not appear: done, due beyond the week, or someone else's
    task("510104", of=m, owner=county_officer, due=dt.date(2026, 6, 1), progress=100)
    task("510104", of=m, owner=county_officer, due=dt.date(2026, 6, 16), progress=100)
    task("510104", of=m, owner=county_officer, due=dt.date(2026, 6, 22))
    task("510104", of=m, owner=instructor, due=dt.date(2026, 6, 1))
    task("510107", of=m, owner=other_county_officer, due=dt.date(2026, 6, 12))
    # when the weekly digest runs
    sent = services.digest_send()
    # then the Jinjiang officer's notice lists exactly those four, late first
    notice = Notification.objects.get(user=county_officer)
    assert notice.payload["late"] == [late_old.pk, late.pk]
    assert notice.payload["due_soon"] == [today.pk, sunday.pk]
    assert "逾期 2 项" in notice.title and "7 日内到期 2 项" in notice.title
    assert "已逾期 5 天" in notice.body
    # and every other owner got only their own
    assert Notification.objects.get(user=instructor).payload["due_soon"] == []
    assert Notification.objects.get(user=other_county_officer).payload["late"] != [late.pk]
    assert sent == 3


def test_a_task_without_an_owner_goes_to_the_officers_of_exactly_its_region(
    clock, county_officer, prefecture_officer
):
    clock(MONDAY)
    t = task("510104", due=dt.date(2026, 6, 12))
    services.digest_send()
    assert Notification.objects.get(user=county_officer).payload["late"] == [t.pk]
    assert not Notification.objects.filter(user=prefecture_officer).exists()


def test_no_digest_for_owners_with_nothing_late_or_due(clock, county_officer):
    clock(MONDAY)
    task("510104", owner=county_officer, due=dt.date(2026, 9, 1))
    assert services.digest_send() == 0
    assert not Notification.objects.exists()


def test_the_weekly_task_sends_through_the_gateway(
    clock, county_officer, django_capture_on_commit_callbacks
):
    # given a late task
    clock(MONDAY)
    task("510104", owner=county_officer, due=dt.date(2026, 6, 1))
    outbox = get_gateway().outbox
    before = len(outbox)
    # when the django-tasks task runs (immediate backend in tests)
    with django_capture_on_commit_callbacks(execute=True):
        result = workplan_digest_weekly.enqueue()
    # then one digest went out through the message gateway
    assert result.return_value == 1
    sent = outbox[before:]
    assert [m.template for m in sent] == ["workplan_digest"]
    assert sent[0].to == f"user:{county_officer.pk}"


def test_the_digest_api_shows_my_own(clock, api, county_officer):
    clock(MONDAY)
    t = task("510104", owner=county_officer, due=dt.date(2026, 6, 1))
    body = api(county_officer).get("/api/v1/workplan/digest").json()
    assert [x["id"] for x in body["late"]] == [t.pk] and body["due_soon"] == []
