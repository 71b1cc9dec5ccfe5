"""Jurors see and score only what is assigned to them: 404 otherwise, 422 outside 0–25, 409
outside the scoring window or before the conflict-of-interest declaration."""

from __future__ import annotations

import pytest

from redrider.core.models import AuditEvent
from redrider.honours.models import Assignment, Juror, Score

from .factories import (
    CRITERIA_FULL,
    assign,
    make_campaign,
    make_juror_account,
    make_nomination,
    make_seat,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    """A campaign in scoring with two Jinjiang nominations; the juror has only the first."""
    campaign = make_campaign(phase="scoring")
    mine = make_nomination(campaign)
    other = make_nomination(campaign)
    seat = make_seat(campaign)
    assign(seat, mine)
    return campaign, seat, mine, other


def score_url(n) -> str:
    return f"/api/v1/honours/nominations/{n.pk}/scores"


def test_a_juror_scores_an_assigned_nomination(setup, api):
    _c, seat, mine, _other = setup
    # when the juror sends the four criteria
    response = api(seat.user).post(
        score_url(mine), {"scores": CRITERIA_FULL, "comment": "事迹突出"}
    )
    # then the score is stored with its total, and audited
    assert response.status_code == 200, response.content
    assert response.json()["total"] == 80
    assert Score.objects.get(nomination=mine, juror=seat).total == 80
    assert AuditEvent.objects.filter(action="honours.score", object_id=str(mine.pk)).exists()


def test_a_juror_gets_404_for_a_nomination_not_assigned_to_them(setup, api):
    _c, seat, _mine, other = setup
    me = api(seat.user)
    # when the juror reads or scores someone else's nomination
    read = me.get(f"/api/v1/honours/nominations/{other.pk}")
    write = me.post(score_url(other), {"scores": CRITERIA_FULL})
    # then both answer 404 and no score is written
    assert (read.status_code, write.status_code) == (404, 404)
    assert not Score.objects.filter(nomination=other).exists()


def test_a_juror_lists_only_their_assigned_nominations(setup, api):
    _c, seat, mine, _other = setup
    body = api(seat.user).get("/api/v1/honours/nominations").json()
    assert [item["id"] for item in body["items"]] == [mine.pk] and body["count"] == 1


def test_a_recused_nomination_disappears_for_the_juror(setup, api):
    _c, seat, mine, _other = setup
    me = api(seat.user)
    # when the juror declares a conflict of interest on it
    response = me.post(
        f"/api/v1/honours/jurors/{seat.pk}/declaration",
        {"conflicts": [{"nomination_id": mine.pk, "reason": "同一站点同事"}]},
    )
    assert response.status_code == 200, response.content
    # then it is 404 to them from now on
    assert me.get(f"/api/v1/honours/nominations/{mine.pk}").status_code == 404
    assert me.post(score_url(mine), {"scores": CRITERIA_FULL}).status_code == 404
    assert Assignment.objects.get(juror=seat, nomination=mine).recused


@pytest.mark.parametrize(
    "bad",
    [
        {**CRITERIA_FULL, "dedicated": 26},
        {**CRITERIA_FULL, "serves_society": -1},
        {**CRITERIA_FULL, "loves_party_country": 100},
    ],
)
def test_a_score_outside_0_to_25_answers_422_and_writes_nothing(setup, api, bad):
    _c, seat, mine, _other = setup
    response = api(seat.user).post(score_url(mine), {"scores": bad})
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "score_out_of_range"
    assert not Score.objects.exists()


def test_a_missing_criterion_answers_422(setup, api):
    _c, seat, mine, _other = setup
    scores = {k: v for k, v in CRITERIA_FULL.items() if k != "dedicated"}
    response = api(seat.user).post(score_url(mine), {"scores": scores})
    assert response.status_code == 422
    assert not Score.objects.exists()


@pytest.mark.parametrize("phase", ["nomination", "ranking"])
def test_scoring_outside_the_window_answers_409(api, phase):
    # given a nomination assigned to a juror in a campaign not in its scoring window
    campaign = make_campaign(phase=phase)
    n = make_nomination(campaign)
    seat = make_seat(campaign)
    assign(seat, n)
    # when the juror scores, then 409 and nothing is written
    response = api(seat.user).post(score_url(n), {"scores": CRITERIA_FULL})
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "scoring_closed"
    assert not Score.objects.exists()


def test_scoring_before_the_declaration_answers_409(api):
    campaign = make_campaign(phase="scoring")
    n = make_nomination(campaign)
    seat = make_seat(campaign, declared=False)
    assign(seat, n)
    response = api(seat.user).post(score_url(n), {"scores": CRITERIA_FULL})
    assert response.status_code == 409 and response.json()["code"] == "declaration_required"


def test_staff_see_every_nomination_of_their_region_and_all_scores(setup, county_officer, api):
    _c, seat, mine, other = setup
    Score.objects.create(nomination=mine, juror=seat, **CRITERIA_FULL)
    body = api(county_officer).get("/api/v1/honours/nominations").json()
    assert {i["id"] for i in body["items"]} == {mine.pk, other.pk}
    detail = api(county_officer).get(f"/api/v1/honours/nominations/{mine.pk}").json()
    assert [s["total"] for s in detail["scores"]] == [80]


def test_an_officer_appoints_a_juror_and_assigns_nominations_of_their_region(
    setup, prefecture_officer, api
):
    campaign, _seat, mine, other = setup
    account = make_juror_account()
    me = api(prefecture_officer)
    # when the Chengdu officer appoints the juror for Jinjiang and assigns both nominations
    seat = me.post(
        "/api/v1/honours/jurors",
        {"campaign": campaign.pk, "user_id": account.pk, "region_code": "510104"},
    )
    assert seat.status_code == 201, seat.content
    assigned = me.post(
        f"/api/v1/honours/jurors/{seat.json()['id']}/assignments",
        {"nomination_ids": [mine.pk, other.pk]},
    )
    # then the juror has them
    assert assigned.status_code == 200, assigned.content
    assert assigned.json()["added"] == 2 and assigned.json()["juror"]["assigned"] == 2


def test_assigning_a_nomination_outside_the_jurors_region_writes_nothing(province_admin, api):
    # given a juror for Jinjiang and a nomination in Wuhou
    campaign = make_campaign(phase="scoring")
    jinjiang = make_nomination(campaign)
    wuhou = make_nomination(campaign, region_code="510107")
    seat = make_seat(campaign)
    # when both are assigned at once
    response = api(province_admin).post(
        f"/api/v1/honours/jurors/{seat.pk}/assignments",
        {"nomination_ids": [jinjiang.pk, wuhou.pk]},
    )
    # then 422 and not even the Jinjiang one was assigned
    assert (
        response.status_code == 422 and response.json()["code"] == "nomination_outside_juror_region"
    )
    assert not Assignment.objects.exists()


def test_only_juror_accounts_can_be_appointed(setup, prefecture_officer, county_officer, api):
    campaign, *_ = setup
    response = api(prefecture_officer).post(
        "/api/v1/honours/jurors",
        {"campaign": campaign.pk, "user_id": county_officer.pk, "region_code": "510104"},
    )
    assert response.status_code == 422 and response.json()["code"] == "not_a_juror"
    assert Juror.objects.count() == 1


def test_a_juror_account_opens_the_desk_and_nothing_of_the_region(db):
    # given a juror account scoped to Jinjiang and a superuser
    from redrider.accounts.models import User
    from redrider.accounts.policy import can

    juror = make_juror_account()
    boss = User.objects.create_superuser("root-honours", password="pw-test-1234")
    # then the juror has the desk and scores, but reads no region's rows as staff would
    assert can(juror, "honours.jury_desk") and can(juror, "honours.score")
    assert not can(juror, "honours.view_nominations") and not can(juror, "web.console")
    # and a superuser is not a juror (their console is the region's, not an empty desk)
    assert not can(boss, "honours.jury_desk")
