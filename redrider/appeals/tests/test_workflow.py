"""The workflow table applied by `appeal_transition`: legal paths, illegal steps, who may act."""

from __future__ import annotations

import pytest

from redrider.appeals.choices import AppealAction, AppealStatus
from redrider.appeals.models import Appeal, AppealEvent
from redrider.appeals.tests.factories import make_appeal
from redrider.appeals.workflow import RIDER, TRANSITIONS, is_legal
from redrider.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _step(api, user, appeal, action, **extra):
    return api(user).post(
        f"/api/v1/appeals/{appeal.pk}/transitions",
        {"action": action, "note": extra.pop("note", "处理说明"), **extra},
    )


def test_a_case_goes_from_submitted_to_confirmed_with_a_timeline_and_audit_rows(
    rider, county_officer, api
):
    # given a case filed by the rider in Jinjiang
    appeal = make_appeal(rider=rider)
    # when the officer accepts, starts and resolves it and the rider confirms with 4 stars
    for action in ("accept", "start", "resolve"):
        assert _step(api, county_officer, appeal, action).status_code == 200
    response = _step(api, rider, appeal, "confirm", satisfaction=4, note="")
    # then
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "confirmed"
    assert body["satisfaction"] == 4
    steps = [(e["action"], e["to_status"]) for e in body["timeline"]]
    assert steps == [
        ("submit", "submitted"),
        ("accept", "accepted"),
        ("start", "in_progress"),
        ("resolve", "resolved"),
        ("confirm", "confirmed"),
    ]
    assert [e["actor"] for e in body["timeline"]][1:4] == [county_officer.label] * 3
    audited = AuditEvent.objects.filter(object_type="Appeal", object_id=str(appeal.pk))
    assert sorted(audited.values_list("action", flat=True)) == sorted(
        ["appeal.accept", "appeal.start", "appeal.resolve", "appeal.confirm"]
    )
    appeal.refresh_from_db()
    assert appeal.accepted_at and appeal.resolved_at and appeal.closed_at


def test_a_rider_reopens_a_resolved_case_and_it_returns_to_the_handler(rider, county_officer, api):
    # given
    appeal = make_appeal(rider=rider, status="resolved")
    # when
    body = _step(api, rider, appeal, "reopen", note="门卫还是不让进").json()
    # then
    assert body["status"] == "in_progress"
    assert body["timeline"][-1]["note"] == "门卫还是不让进"
    assert "resolve" in api(county_officer).get(f"/api/v1/appeals/{appeal.pk}").json()["actions"]


ILLEGAL = [(s, a) for s in AppealStatus.values for a in AppealAction.values if not is_legal(s, a)]


@pytest.mark.parametrize(("status", "action"), ILLEGAL, ids=[f"{s}-{a}" for s, a in ILLEGAL])
def test_every_illegal_transition_answers_409_and_changes_nothing(
    status, action, rider, county_officer, api
):
    # given a case in `status`, the actor who would take `action` and a valid merge target
    appeal = make_appeal(rider=rider, status=status)
    target = make_appeal(rider=rider)
    actor = rider if TRANSITIONS[action].by == RIDER else county_officer
    before = Appeal.objects.filter(pk=appeal.pk).values().get()
    events = AppealEvent.objects.count()
    audits = AuditEvent.objects.count()
    # when
    response = _step(api, actor, appeal, action, into=target.pk, satisfaction=5)
    # then
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "illegal_transition"
    assert Appeal.objects.filter(pk=appeal.pk).values().get() == before
    assert AppealEvent.objects.count() == events
    assert AuditEvent.objects.count() == audits


def test_the_table_has_exactly_the_designed_legal_steps():
    # then
    legal = {(s, a) for s in AppealStatus.values for a in AppealAction.values if is_legal(s, a)}
    assert legal == {
        ("submitted", "accept"),
        ("accepted", "start"),
        ("accepted", "resolve"),
        ("in_progress", "resolve"),
        ("resolved", "confirm"),
        ("resolved", "reopen"),
        ("confirmed", "reopen"),
        *{(s, a) for s in ("submitted", "accepted", "in_progress") for a in ("reject", "merge")},
    }


def test_another_countys_officer_gets_404_and_changes_nothing(rider, other_county_officer, api):
    # given a Jinjiang case
    appeal = make_appeal(rider=rider)
    # when Wuhou's officer reads it and tries to accept it
    read = api(other_county_officer).get(f"/api/v1/appeals/{appeal.pk}")
    step = _step(api, other_county_officer, appeal, "accept")
    # then
    assert read.status_code == 404
    assert step.status_code == 404
    appeal.refresh_from_db()
    assert appeal.status == "submitted"


def test_a_transition_on_someone_elses_case_answers_404_to_a_rider(rider, api):
    # given a resolved case filed by another rider
    appeal = make_appeal(status="resolved")
    # when our rider tries to confirm it
    response = _step(api, rider, appeal, "confirm")
    # then
    assert response.status_code == 404
    appeal.refresh_from_db()
    assert appeal.status == "resolved"


def test_a_rider_cannot_take_staff_steps_on_their_own_case(rider, api):
    # given
    appeal = make_appeal(rider=rider)
    # when
    response = _step(api, rider, appeal, "accept")
    # then
    assert response.status_code == 403
    appeal.refresh_from_db()
    assert appeal.status == "submitted"


def test_staff_cannot_confirm_for_the_rider(county_officer, api):
    # given
    appeal = make_appeal(status="resolved")
    # when
    response = _step(api, county_officer, appeal, "confirm")
    # then
    assert response.status_code == 403


def test_the_level_above_acts_only_after_escalation(prefecture_officer, api):
    # given a Jinjiang case still at county level
    appeal = make_appeal()
    # when Chengdu tries to accept it, then the case is escalated to Chengdu and it tries again
    before = _step(api, prefecture_officer, appeal, "accept")
    Appeal.objects.filter(pk=appeal.pk).update(handling_code="510100", escalation_level=1)
    after = _step(api, prefecture_officer, appeal, "accept")
    # then
    assert before.status_code == 403
    assert after.status_code == 200
    assert after.json()["status"] == "accepted"


def test_rejecting_needs_a_reason(county_officer, api):
    # given
    appeal = make_appeal()
    # when
    response = _step(api, county_officer, appeal, "reject", note="  ")
    # then
    assert response.status_code == 422
    appeal.refresh_from_db()
    assert appeal.status == "submitted"


def test_unknown_action_answers_422(county_officer, api):
    # given
    appeal = make_appeal()
    # then
    assert _step(api, county_officer, appeal, "teleport").status_code == 422


def test_merging_closes_the_case_and_its_rider_stands_behind_the_target(county_officer, api):
    # given two cases about one gate
    source = make_appeal()
    target = make_appeal()
    # when
    response = _step(api, county_officer, source, "merge", into=target.pk)
    # then
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "merged"
    assert response.json()["merged_into"] == target.pk
    assert target.supporters.filter(rider=source.rider).exists()


@pytest.mark.parametrize("into", [None, "self", "other_category", "other_county"])
def test_merge_into_a_bad_target_is_refused_and_changes_nothing(into, county_officer, api):
    # given
    source = make_appeal()
    targets = {
        None: None,
        "self": source.pk,
        "other_category": make_appeal(category="parking").pk,
        "other_county": make_appeal(region_code="510107").pk,
    }
    # when
    response = _step(api, county_officer, source, "merge", into=targets[into])
    # then another county's case is invisible (404); the others are refused as bad input (422)
    assert response.status_code == (404 if into == "other_county" else 422), response.content
    source.refresh_from_db()
    assert source.status == "submitted"
    assert source.merged_into_id is None


def test_satisfaction_outside_1_to_5_is_refused(rider, api):
    # given
    appeal = make_appeal(rider=rider, status="resolved")
    # when
    response = _step(api, rider, appeal, "confirm", satisfaction=6)
    # then
    assert response.status_code == 422
    appeal.refresh_from_db()
    assert appeal.status == "resolved"
