"""Campaigns: creating with quotas, ranking into the public notice, objections, publishing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from redrider.core.errors import Conflict
from redrider.core.models import AuditEvent
from redrider.honours import services
from redrider.honours.models import Campaign, Exemplar, Nomination, Objection, Quota, Score

from .factories import (
    CRITERIA_FULL,
    assign,
    make_campaign,
    make_nomination,
    make_seat,
    put_on_notice,
)

pytestmark = pytest.mark.django_db


def scored(campaign, region_code: str, total_each: int, seat):
    n = make_nomination(campaign, region_code=region_code)
    assign(seat, n)
    Score.objects.create(
        nomination=n,
        juror=seat,
        **dict.fromkeys(CRITERIA_FULL, total_each // 4),
    )
    return n


# --- creating -----------------------------------------------------------------------------------


def campaign_body(**changes):
    d = timezone.localdate()
    body = {
        "name": "2026年度“红骑手”评选",
        "year": 2026,
        "region_code": "510100",
        "nomination_opens_on": str(d),
        "nomination_closes_on": str(d + dt.timedelta(days=10)),
        "scoring_opens_on": str(d + dt.timedelta(days=11)),
        "scoring_closes_on": str(d + dt.timedelta(days=20)),
        "quotas": {"510104": 3, "510107": 2},
    }
    return {**body, **changes}


def test_an_officer_creates_a_campaign_with_quotas_per_region(prefecture_officer, api):
    # when the Chengdu officer creates a campaign with quotas for two districts
    response = api(prefecture_officer).post("/api/v1/honours/campaigns", campaign_body())
    # then it answers 201 with the quotas and its phase
    assert response.status_code == 201, response.content
    body = response.json()
    assert {q["region_code"]: q["seats"] for q in body["quotas"]} == {"510104": 3, "510107": 2}
    assert body["phase"] == "nomination" and body["status"] == "open"


@pytest.mark.parametrize(
    "changes, code",
    [
        ({"quotas": {"510700": 3}}, "quota_outside_campaign"),
        ({"quotas": {"510104": 0}}, "quota_invalid"),
        ({"quotas": {"510100": 3, "510104": 1}}, "quota_nested"),
        ({"quotas": {"519999": 3}}, "unknown_region"),
        ({"nomination_closes_on": "2020-01-01"}, "dates_out_of_order"),
        ({"notice_working_days": 0}, "notice_days_invalid"),
    ],
)
def test_bad_campaigns_are_refused_and_nothing_is_written(prefecture_officer, api, changes, code):
    # when a campaign with bad quotas or dates is posted
    response = api(prefecture_officer).post("/api/v1/honours/campaigns", campaign_body(**changes))
    # then it answers 422 with the reason, and no campaign or quota exists
    assert response.status_code == 422, response.content
    assert response.json()["code"] == code
    assert not Campaign.objects.exists() and not Quota.objects.exists()


def test_a_county_officer_cannot_create_a_campaign_for_the_prefecture(county_officer, api):
    response = api(county_officer).post("/api/v1/honours/campaigns", campaign_body())
    assert response.status_code == 404
    assert not Campaign.objects.exists()


# --- the notice ---------------------------------------------------------------------------------


def test_opening_the_notice_ranks_within_each_quota_and_never_exceeds_it(province_admin):
    # given a Chengdu quota of 2 and five scored nominations, and two in Mianyang (quota 1)
    campaign = make_campaign(quotas={"510100": 2, "510700": 1}, phase="ranking")
    chengdu, mianyang = (
        make_seat(campaign, region_code="510100"),
        make_seat(campaign, region_code="510700"),
    )
    cd = [scored(campaign, "510104", t, chengdu) for t in (60, 96, 80, 88, 72)]
    my = [scored(campaign, "510703", t, mianyang) for t in (84, 92)]
    # when the province opens the notice
    services.campaign_notice_open(actor=province_admin, campaign=campaign)
    # then per quota exactly the seats are on notice, the best ones, in rank order
    on_notice = set(Nomination.objects.filter(status="on_notice").values_list("pk", flat=True))
    assert on_notice == {cd[1].pk, cd[3].pk, my[1].pk}
    cd[1].refresh_from_db()
    assert (cd[1].rank, float(cd[1].total)) == (1, 96.0)
    campaign.refresh_from_db()
    assert campaign.status == "notice" and campaign.notice_ends_at > campaign.notice_starts_at


def test_the_notice_lasts_the_working_days_and_skips_the_weekend(province_admin):
    # given a campaign with a 5-working-day notice, opened on a Friday morning in Shanghai
    campaign = make_campaign(phase="ranking", notice_working_days=5)
    today = timezone.localdate()
    day = today + dt.timedelta(days=(4 - today.weekday()) % 7 or 7)
    friday = dt.datetime.combine(day, dt.time(9), tzinfo=dt.timezone(dt.timedelta(hours=8)))
    # when the notice opens
    services.campaign_notice_open(actor=province_admin, campaign=campaign, now=friday)
    # then it ends the next Friday at the same time (Saturday and Sunday do not count)
    campaign.refresh_from_db()
    end = timezone.localtime(campaign.notice_ends_at)
    assert (end.date(), end.hour) == (day + dt.timedelta(days=7), 9)


def test_the_notice_cannot_open_while_scoring_is_still_on(province_admin):
    campaign = make_campaign(phase="scoring")
    with pytest.raises(Conflict) as raised:
        services.campaign_notice_open(actor=province_admin, campaign=campaign)
    assert raised.value.code == "scoring_not_closed"
    campaign.refresh_from_db()
    assert campaign.status == "open"


# --- publishing ---------------------------------------------------------------------------------


def test_publishing_before_the_notice_ends_answers_409_and_writes_nothing(province_admin, api):
    # given a campaign whose notice is still running, with a nomination on it
    campaign = put_on_notice(make_campaign(phase="ranking"))
    make_nomination(campaign, status="on_notice", rank=1)
    audit_before = AuditEvent.objects.count()
    # when the province tries to publish
    response = api(province_admin).post(f"/api/v1/honours/campaigns/{campaign.pk}/publish")
    # then 409, and nothing changed: no title, still on notice, no audit row
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "notice_not_ended"
    campaign.refresh_from_db()
    assert campaign.status == "notice"
    assert not Exemplar.objects.exists()
    assert AuditEvent.objects.count() == audit_before


def test_publishing_after_the_notice_records_the_title_on_each_rider(province_admin, api):
    # given a notice that has ended with two nominations on it
    campaign = put_on_notice(make_campaign(phase="ranking"), ended=True)
    a = make_nomination(campaign, status="on_notice", rank=1)
    b = make_nomination(campaign, status="on_notice", rank=2)
    # when the province publishes
    response = api(province_admin).post(f"/api/v1/honours/campaigns/{campaign.pk}/publish")
    # then both riders carry the title and the honour list shows them
    assert response.status_code == 200, response.content
    assert response.json()["honoured"] == 2 and response.json()["campaign"]["status"] == "published"
    assert set(Exemplar.objects.values_list("rider_id", flat=True)) == {a.rider_id, b.rider_id}
    listed = api().get("/api/v1/honours/exemplars", campaign=campaign.pk).json()
    assert listed["count"] == 2


def test_the_final_list_never_exceeds_a_quota_even_if_too_many_were_on_notice(province_admin):
    # given a quota of 2 but (by a data error) three nominations on notice
    campaign = put_on_notice(make_campaign(phase="ranking", quotas={"510100": 2}), ended=True)
    for rank in (1, 2, 3):
        make_nomination(campaign, status="on_notice", rank=rank)
    # when publishing, then the third is refused with 409 and the whole publish rolls back
    with pytest.raises(Conflict) as raised:
        services.campaign_publish(actor=province_admin, campaign=campaign)
    assert raised.value.code == "quota_exceeded"
    assert not Exemplar.objects.exists()
    campaign.refresh_from_db()
    assert campaign.status == "notice"


def test_a_county_officer_cannot_publish_the_provinces_list(county_officer, api):
    campaign = put_on_notice(make_campaign(phase="ranking"), ended=True)
    make_nomination(campaign, status="on_notice", rank=1)
    response = api(county_officer).post(f"/api/v1/honours/campaigns/{campaign.pk}/publish")
    assert response.status_code == 404
    assert not Exemplar.objects.exists()


# --- objections ---------------------------------------------------------------------------------


def test_an_open_objection_blocks_that_title_until_it_is_decided(province_admin, api):
    # given two nominations on notice, one with an objection received during the notice
    campaign = put_on_notice(make_campaign(phase="ranking"))
    clean = make_nomination(campaign, status="on_notice", rank=1)
    disputed = make_nomination(campaign, status="on_notice", rank=2)
    me = api(province_admin)
    response = me.post(
        f"/api/v1/honours/nominations/{disputed.pk}/objections",
        {"source": "letter", "summary": "反映其曾有交通违章"},
    )
    assert response.status_code == 201, response.content
    objection_id = response.json()["id"]
    # when the notice ends and the list is published
    campaign.notice_ends_at = timezone.now() - dt.timedelta(minutes=1)
    campaign.save()
    published = me.post(f"/api/v1/honours/campaigns/{campaign.pk}/publish").json()
    # then only the undisputed rider has the title; the disputed one is held
    assert (published["honoured"], published["held"]) == (1, 1)
    assert list(Exemplar.objects.values_list("nomination_id", flat=True)) == [clean.pk]
    # when the objection is investigated, the title is still held
    me.post(f"/api/v1/honours/objections/{objection_id}/decision", {"action": "investigate"})
    assert not Exemplar.objects.filter(nomination=disputed).exists()
    # when it is dismissed with a finding, the title is granted
    response = me.post(
        f"/api/v1/honours/objections/{objection_id}/decision",
        {"action": "dismiss", "finding": "经核实违章已处理"},
    )
    assert response.status_code == 200, response.content
    assert Exemplar.objects.filter(nomination=disputed).exists()
    disputed.refresh_from_db()
    assert disputed.status == "honoured"


def test_an_upheld_objection_takes_the_nomination_off_the_list(province_admin):
    campaign = put_on_notice(make_campaign(phase="ranking"))
    n = make_nomination(campaign, status="on_notice", rank=1)
    objection = services.objection_record(
        actor=province_admin, nomination=n, source="phone", summary="事迹不实"
    )
    services.objection_decide(
        actor=province_admin, objection=objection, action="uphold", finding="经核实事迹不实"
    )
    n.refresh_from_db()
    assert n.status == "disqualified"
    campaign.notice_ends_at = timezone.now() - dt.timedelta(minutes=1)
    campaign.save()
    assert services.campaign_publish(actor=province_admin, campaign=campaign)["honoured"] == 0


@pytest.mark.parametrize(
    "start, action, finding",
    [
        ("dismissed", "investigate", ""),
        ("upheld", "dismiss", "x"),
        ("received", "dismiss", ""),  # a decision needs its finding (422)
        ("received", "archive", ""),
    ],
)
def test_an_illegal_objection_step_changes_nothing(province_admin, api, start, action, finding):
    campaign = put_on_notice(make_campaign(phase="ranking"))
    n = make_nomination(campaign, status="on_notice", rank=1)
    objection = Objection.objects.create(
        nomination=n, source="letter", summary="x", status=start, received_at=timezone.now()
    )
    response = api(province_admin).post(
        f"/api/v1/honours/objections/{objection.pk}/decision",
        {"action": action, "finding": finding},
    )
    assert response.status_code in (409, 422), response.content
    objection.refresh_from_db()
    assert objection.status == start


def test_an_objection_after_the_notice_has_ended_is_refused(province_admin, api):
    campaign = put_on_notice(make_campaign(phase="ranking"), ended=True)
    n = make_nomination(campaign, status="on_notice", rank=1)
    response = api(province_admin).post(
        f"/api/v1/honours/nominations/{n.pk}/objections", {"source": "letter", "summary": "晚了"}
    )
    assert response.status_code == 409 and response.json()["code"] == "notice_ended"
    assert not Objection.objects.exists()
