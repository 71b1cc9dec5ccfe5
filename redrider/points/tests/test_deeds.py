"""Points for deeds done below the points app: attendance and founded tip-offs, credited once
each after the deed's transaction commits (the points app listens to their domain events)."""

from __future__ import annotations

import logging

import pytest

from redrider.activities.services import checkin_record, signup_create
from redrider.activities.tests.test_activities import make_activity
from redrider.appeals.models import TipoffReward
from redrider.appeals.tests.factories import make_rider, make_tipoff
from redrider.core.events import TipoffFounded, deliver
from redrider.core.models import AuditEvent
from redrider.points import listeners
from redrider.points.models import Transaction
from redrider.points.services import tipoff_rewards_settle
from redrider.points.services.ledger import balance_of
from redrider.points.tests.factories import fund, new_rider, rule

pytestmark = pytest.mark.django_db


@pytest.fixture
def funded(db):
    fund("510000", yuan=10_000)
    rule("activity_checkin", points=20)
    rule("volunteer_hour", points=10)


# --- attendance → points -------------------------------------------------------------------


def test_checking_in_earns_points_for_attendance_and_hours_once(
    county_officer, funded, django_capture_on_commit_callbacks
):
    # given a signed-up rider at a 2-hour first-aid class
    activity = make_activity(county_officer, hours=2)
    rider = new_rider()
    signup_create(actor=rider, activity_id=activity.pk)
    assert balance_of(rider) == 0
    # when the rider checks in twice (a double tap), each committing
    with django_capture_on_commit_callbacks(execute=True):
        first = checkin_record(actor=rider, token=activity.checkin_token)
    with django_capture_on_commit_callbacks(execute=True):
        again = checkin_record(actor=rider, token=activity.checkin_token)
    # then 20 for the check-in and 2 × 10 for the hours arrive once, stored on the sign-up
    first.refresh_from_db()
    assert first.pk == again.pk and first.points_awarded == 40
    assert balance_of(rider) == 40
    assert Transaction.objects.filter(rider=rider, kind="award").count() == 2


def test_attendance_that_never_commits_earns_nothing(county_officer, funded):
    # given a check-in inside a transaction that does not commit (the test's own)
    activity = make_activity(county_officer, signup_required=False)
    rider = new_rider()
    # when
    checkin_record(actor=rider, token=activity.checkin_token)
    # then no points moved
    assert balance_of(rider) == 0 and not Transaction.objects.filter(rider=rider).exists()


def test_a_walk_in_check_in_earns_the_themes_points(
    county_officer, funded, django_capture_on_commit_callbacks
):
    # given a safety talk open to all
    activity = make_activity(county_officer, theme="safety", signup_required=False)
    rider = new_rider()
    # when
    with django_capture_on_commit_callbacks(execute=True):
        signup = checkin_record(actor=rider, token=activity.checkin_token)
    # then
    assert signup.status == "attended" and balance_of(rider) == 20


def test_replaying_the_attendance_event_pays_nothing_more(
    county_officer, funded, django_capture_on_commit_callbacks
):
    # given a credited check-in
    activity = make_activity(county_officer, signup_required=False)
    rider = new_rider()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        checkin_record(actor=rider, token=activity.checkin_token)
    # when its event is delivered again (a retry by hand)
    callbacks[0]()
    # then the ledger still holds one award
    assert balance_of(rider) == 20
    assert Transaction.objects.filter(rider=rider, kind="award").count() == 1


@pytest.mark.django_db(transaction=True)
def test_check_in_through_the_api_answers_with_the_points_credited_after_commit(
    county_officer, rider, api
):
    # given a funded rule and a walk-in activity, with real commits (no test transaction)
    fund("510000", yuan=10_000)
    rule("activity_checkin", points=20)
    activity = make_activity(county_officer, signup_required=False)
    me = api(rider)
    # when the rider checks in, and the client retries with the same key
    first = me.post(
        "/api/v1/activities/checkins", {"token": activity.checkin_token}, idempotency_key="c1"
    )
    replay = me.post(
        "/api/v1/activities/checkins", {"token": activity.checkin_token}, idempotency_key="c1"
    )
    # then the answer already carries the points the listener credited on commit
    assert first.status_code == 201 and first.json()["points_awarded"] == 20
    assert replay.json() == first.json()
    assert me.get("/api/v1/points/balance").json() == {"balance": 20}


# --- founded tip-off → reward --------------------------------------------------------------


def _verify(client, tipoff, outcome="founded", note="现场查实，已立案"):
    return client.post(
        f"/api/v1/tipoffs/{tipoff.pk}/verification", {"outcome": outcome, "note": note}
    )


def test_a_founded_tipoff_is_credited_to_the_informants_points_once(
    county_officer, api, django_capture_on_commit_callbacks
):
    # given a province rule for founded tip-offs and a fund to pay it
    fund("510000", yuan=100_000)
    rule("tipoff_founded", points=50)
    tipoff = make_tipoff(informant=make_rider(7777))
    client = api(county_officer)
    # when
    client.post(f"/api/v1/tipoffs/{tipoff.pk}/start")
    with django_capture_on_commit_callbacks(execute=True):
        done = _verify(client, tipoff)
    again = _verify(client, tipoff)
    # then
    assert done.status_code == 200, done.content
    assert done.json()["outcome"] == "founded"
    reward = client.get(f"/api/v1/tipoffs/{tipoff.pk}").json()["reward"]
    assert reward == {"points": 50, "status": "awarded"}
    assert again.status_code == 409
    assert balance_of(tipoff.informant) == 50
    assert tipoff_rewards_settle() == 0
    assert balance_of(tipoff.informant) == 50


def test_without_a_points_rule_the_reward_stays_pending_and_is_credited_later(
    county_officer, api, django_capture_on_commit_callbacks
):
    # given no earning rule yet
    tipoff = make_tipoff(informant=make_rider(7777))
    # when the tip-off is founded
    with django_capture_on_commit_callbacks(execute=True):
        done = _verify(api(county_officer), tipoff)
    # then the verification stands and the reward waits
    assert done.status_code == 200
    reward = TipoffReward.objects.get()
    assert reward.status == "pending"
    assert reward.idempotency_key == f"tipoff:{tipoff.pk}"
    assert "tipoff_founded" in reward.last_error
    # and once the province sets a rule and a fund, the daily run credits it once
    fund("510000", yuan=100_000)
    rule("tipoff_founded", points=30)
    assert tipoff_rewards_settle() == 1
    assert tipoff_rewards_settle() == 0
    reward.refresh_from_db()
    assert (reward.status, reward.points) == ("awarded", 30)
    assert balance_of(tipoff.informant) == 30


def test_a_failing_listener_is_logged_and_audited_and_a_replay_pays_once(
    county_officer, api, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    # given a fund and rule, and a ledger that fails once
    fund("510000", yuan=100_000)
    rule("tipoff_founded", points=50)
    tipoff = make_tipoff(informant=make_rider(7777))
    real = listeners.tipoff_reward_settle

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(listeners, "tipoff_reward_settle", broken)
    # when the tip-off is founded
    with caplog.at_level(logging.ERROR, logger="redrider.events"):
        with django_capture_on_commit_callbacks(execute=True):
            done = _verify(api(county_officer), tipoff)
    # then the verification stands, the failure is loud, and nothing was paid
    assert done.status_code == 200
    assert "credit_tipoff_reward" in caplog.text and "TipoffFounded" in caplog.text
    failed = AuditEvent.objects.get(action="event.failed")
    assert failed.detail["tipoff_id"] == tipoff.pk and failed.result == "failed"
    assert balance_of(tipoff.informant) == 0
    # when the event is replayed twice once the ledger is back
    monkeypatch.setattr(listeners, "tipoff_reward_settle", real)
    event = TipoffFounded(tipoff_id=tipoff.pk, region_code=tipoff.region_code)
    assert deliver(event) == 0 and deliver(event) == 0
    # then the informant is paid once
    assert balance_of(tipoff.informant) == 50
