"""Another city's brand, asset or candidate answers exactly like a missing one.

Brands and assets are public on the public pages, but a write that names one by id is a
question about another region: for staff outside its region the answer is the 404 of an id that
does not exist, byte for byte, and nothing is written. A candidate (the party organisation,
guidance station or warm station put forward as a demonstration site) of another region — or one
the caller may see but not put forward — answers the same way.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from redrider.accounts.services import token_issue
from redrider.honours.models import Asset, DemoSite, Placement, Story
from redrider.orgs.models import GuidanceStation, Office
from redrider.stations.tests.factories import make_station

from .factories import make_brand, make_exemplar, make_party_org, make_story

pytestmark = pytest.mark.django_db

MISSING = 987_654_321
HOME, WENJIANG, ZIGONG = "510104", "510115", "510302"


def _asset(code: str) -> Asset:
    return Asset.objects.create(
        kind="video", title="微视频", region_code=code, url="https://v.example.org/1"
    )


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Story, Asset, Placement, DemoSite))


def _same_as_missing(send, foreign_id: int) -> None:
    """`send(id)` with the foreign id answers exactly what it answers with a missing one."""
    before = _counts()
    missing = send(MISSING)
    real = send(foreign_id)
    assert missing.status_code == 404, missing.content
    assert (real.status_code, real.content) == (missing.status_code, missing.content)
    assert _counts() == before  # nothing written


# --- Brands ----------------------------------------------------------------------------------


@pytest.mark.parametrize("where", [WENJIANG, ZIGONG])
def test_another_citys_brand_answers_like_a_missing_one_on_every_write(
    where, county_officer, api, client
):
    # given 温小爱, Wenjiang's sub-brand (or Zigong's 盐都骑手), and a Jinjiang officer
    brand = make_brand(where, name="温小爱")
    me = api(county_officer)
    asset = _asset(HOME)
    writes = {
        "story": lambda b: me.post(
            "/api/v1/honours/stories",
            {"region_code": HOME, "title": "故事", "body": "正文", "brand_id": b},
        ),
        "link": lambda b: me.post(
            "/api/v1/honours/assets/link",
            {
                "kind": "video",
                "title": "微视频",
                "region_code": HOME,
                "url": "https://v.example.org/2",
                "brand_id": b,
            },
        ),
        "upload": lambda b: client.post(
            "/api/v1/honours/assets",
            {
                "file": SimpleUploadedFile("h.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
                "kind": "handbook",
                "title": "手册",
                "region_code": HOME,
                "brand_id": b,
            },
            HTTP_AUTHORIZATION=f"Bearer {token_issue(user=county_officer)}",
        ),
        "placement": lambda b: me.post(
            "/api/v1/honours/placements",
            {
                "kind": "e_screen",
                "where": "春熙路电子屏",
                "region_code": HOME,
                "starts_on": "2026-05-01",
                "asset_id": asset.pk,
                "brand_id": b,
            },
        ),
    }
    # when each write names it, then each answers the 404 of a missing brand, nothing written
    for name, send in writes.items():
        _same_as_missing(send, brand.pk)
        assert send(MISSING).json()["code"] == "not_found", name


def test_the_province_and_own_brands_are_usable_and_a_wrong_region_is_explained(
    county_officer, prefecture_officer, api
):
    # given 红骑手 (province), 蓉城红骑手 (Chengdu), 小牛哥 (Jinjiang) and 温小爱 (Wenjiang)
    province = make_brand("510000", name="红骑手")
    chengdu = make_brand("510100", name="蓉城红骑手")
    jinjiang = make_brand(HOME, name="小牛哥")
    wenjiang = make_brand(WENJIANG, name="温小爱")

    def story(user, brand, region=HOME):
        return api(user).post(
            "/api/v1/honours/stories",
            {"region_code": region, "title": "故事", "body": "正文", "brand_id": brand.pk},
        )

    # then a Jinjiang story may carry the brands above it and its own
    for brand in (province, chengdu, jinjiang):
        response = story(county_officer, brand)
        assert response.status_code == 201, response.content
        assert response.json()["brand_id"] == brand.pk
    # and the Chengdu officer, who may see 温小爱, is told why it does not fit a Jinjiang story
    before = Story.objects.count()
    refused = story(prefecture_officer, wenjiang)
    assert refused.status_code == 422 and refused.json()["code"] == "brand_elsewhere"
    assert "品牌" in refused.json()["detail"]
    assert Story.objects.count() == before
    # while for the Jinjiang officer it simply does not exist
    assert story(county_officer, wenjiang).status_code == 404


# --- Assets ----------------------------------------------------------------------------------


@pytest.mark.parametrize("where", [WENJIANG, ZIGONG])
def test_another_citys_asset_answers_like_a_missing_one(where, county_officer, api):
    # given a Wenjiang video (public on the public pages)
    video = _asset(where)
    me = api(county_officer)

    def place(asset_id):
        return me.post(
            "/api/v1/honours/placements",
            {
                "kind": "e_screen",
                "where": "春熙路电子屏",
                "region_code": HOME,
                "starts_on": "2026-05-01",
                "asset_id": asset_id,
            },
        )

    # when a Jinjiang officer places it on a Jinjiang screen, then: a missing asset's 404
    _same_as_missing(place, video.pk)


def test_a_province_asset_may_be_placed_in_a_county_but_not_a_county_asset_elsewhere(
    county_officer, prefecture_officer, api
):
    handbook = _asset("510000")
    jinjiang = _asset(HOME)

    def place(user, asset, region):
        return api(user).post(
            "/api/v1/honours/placements",
            {
                "kind": "newspaper",
                "where": "成都日报",
                "region_code": region,
                "starts_on": "2026-05-01",
                "ends_on": "2026-05-31",
                "asset_id": asset.pk,
            },
        )

    placed = place(county_officer, handbook, HOME)
    assert placed.status_code == 201, placed.content
    assert placed.json()["asset_id"] == handbook.pk
    refused = place(prefecture_officer, jinjiang, WENJIANG)
    assert refused.status_code == 422 and refused.json()["code"] == "asset_elsewhere"
    assert Placement.objects.count() == 1


def test_an_exemplar_of_another_city_answers_like_a_missing_one(county_officer, api):
    exemplar = make_exemplar(WENJIANG)
    me = api(county_officer)
    _same_as_missing(
        lambda e: me.post(
            "/api/v1/honours/stories",
            {"region_code": HOME, "title": "故事", "body": "正文", "exemplar_id": e},
        ),
        exemplar.pk,
    )


# --- Candidates for demonstration sites ------------------------------------------------------


def _guidance_station(code: str) -> GuidanceStation:
    office = Office.objects.create(region_code=code, name=f"{code}市场监管所")
    return GuidanceStation.objects.create(office=office, region_code=code, name=f"{code}指导站")


CANDIDATES = {
    "party_organisation": make_party_org,
    "guidance_station": _guidance_station,
    "warm_station": lambda code: make_station(lat=30.6, lng=104.0, region_code=code),
}


@pytest.mark.parametrize("kind", sorted(CANDIDATES))
@pytest.mark.parametrize("where", [WENJIANG, ZIGONG])
def test_another_citys_candidate_answers_like_a_missing_one(kind, where, county_officer, api):
    candidate = CANDIDATES[kind](where)
    me = api(county_officer)
    _same_as_missing(
        lambda link: me.post("/api/v1/honours/sites", {"kind": kind, "link_id": link}),
        candidate.pk,
    )


def test_a_candidate_the_caller_sees_but_may_not_put_forward_answers_like_a_missing_one(
    station_host, auditor, api
):
    # given a warm station hosted by the station host (they see it, they may not propose it)
    station = make_station(lat=30.6, lng=104.0, region_code=HOME)
    station.hosts.add(station_host)
    for user in (station_host, auditor):
        me = api(user)
        _same_as_missing(
            lambda link, me=me: me.post(
                "/api/v1/honours/sites", {"kind": "warm_station", "link_id": link}
            ),
            station.pk,
        )


def test_the_officer_of_the_candidates_region_still_puts_it_forward(api, county_officer):
    org = make_party_org(HOME)
    created = api(county_officer).post(
        "/api/v1/honours/sites", {"kind": "party_organisation", "link_id": org.pk}
    )
    assert created.status_code == 201, created.content


def test_the_console_refuses_another_citys_candidate_without_writing(client, county_officer):
    org = make_party_org(WENJIANG)
    client.force_login(county_officer)
    response = client.post("/honours/sites/", {"link": f"party_organisation:{org.pk}"}, follow=True)
    assert response.status_code == 200
    assert "候选对象不存在" in response.content.decode()
    assert not DemoSite.objects.exists()


def test_a_story_of_another_city_is_not_published_by_the_console(client, county_officer):
    story = make_story(WENJIANG, status="draft")
    client.force_login(county_officer)
    client.post("/honours/publicity/", {"action": "publish", "story": story.pk})
    story.refresh_from_db()
    assert story.status == "draft"
