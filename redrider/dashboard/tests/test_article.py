"""The article, exactly (DESIGN §6): after `seed_demo --scale sichuan` the province's indicators
are the published figures — the demo's own extras inside them, not on top — and the prefectures
add up to the province for every additive key. A sichuan seed takes minutes: a slow test
(SLOW_TESTS=1); `seed_demo --scale small` is seeded by the normal run (tests/test_seed_demo.py)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from conftest import make_staff

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ARTICLE = {
    "guidance_stations": 1_034,
    "instructors": 1_842,
    "riders": 106_000,
    "riders_party_members": 745,
    "company_party_organisations": 33,
    "stations": 1_104,
    "activities": 517,
    "trainings": 263,
    "governance_riders": 8_809,
    "companies_linked": 1_307,
    "liaison_visits": 1_834,
    "problems_solved": 703,
    "exemplars": 437,
    "demo_sites_new": 30,
    "demo_sites_new_rider_orgs": 7,
    "demo_sites_rereviewed": 40,
    "measures": 11,
    "meetings": 8,
    # 1 province + 19 prefecture “小个专” + 11 riders' + 141 county committees; 1 + 17 groups
    "committees": 172,
    "rider_committees": 11,
    "leading_groups": 18,
}
CHENGDU = {"institutions": 18, "institution_categories": 3}


def test_after_a_sichuan_seed_the_province_gives_the_articles_figures(api):
    # given the Sichuan demo
    call_command("seed_demo", "--scale", "sichuan", stdout=io.StringIO())
    boss = make_staff(
        "t-article", "province_admin", "510000", can_view_pii=True, can_view_political_status=True
    )
    me = api(boss)
    # when the province's figures are asked for
    province = me.get("/api/v1/dashboard/indicators", region="510000").json()["indicators"]
    # then they are the article's, exactly
    assert {k: province[k] for k in ARTICLE} == ARTICLE
    chengdu = me.get("/api/v1/dashboard/indicators", region="510100").json()["indicators"]
    assert {k: chengdu[k] for k in CHENGDU} == CHENGDU
    # and the 21 prefectures add up to the province for every additive key
    definitions = me.get("/api/v1/dashboard/definitions").json()["items"]
    additive = [d["key"] for d in definitions if d["additive"]]
    body = me.get("/api/v1/dashboard/indicators/children", region="510000").json()
    children, own = body["items"], body["own"]["indicators"]
    assert len(children) == 21
    for key in additive:
        # (the province's own rows — its bureau's committee, meetings, tasks — are 本级)
        total = sum(c["indicators"][key] for c in children) + own[key]
        assert total == pytest.approx(province[key]), key
    # and the demo's figures of the article lie inside the prefectures, none at 本级
    for key in ("activities", "trainings", "stations", "riders", "exemplars"):
        assert own[key] == 0, key
    # and the map colours all 183 counties
    counties = me.get("/api/v1/dashboard/map", region="510000", key="riders").json()
    assert counties["count"] == 183
    assert sum(i["value"] for i in counties["items"]) == ARTICLE["riders"]
