"""The initiative letter signed on the phone, the four roles on the rider's profile and counted
per region, and the rider's own sub-brand."""

from __future__ import annotations

import re

import pytest

from conftest import RIDER_PHONE
from redrider.honours.models import Pledge, RoleTaking
from redrider.riders.tests.factories import make_rider

from .factories import make_brand, make_exemplar, make_role, make_story

pytestmark = pytest.mark.django_db
TIBETAN = re.compile(r"[\u0f00-\u0fff]")


@pytest.fixture
def census(rider):
    return make_rider("510104", phone=RIDER_PHONE, user=rider, name="王小明")


def test_a_rider_signs_the_initiative_on_the_phone_and_takes_up_roles(rider, census, client):
    client.force_login(rider, backend="redrider.accounts.backends.PhoneOrUsernameBackend")
    # when the rider reads the letter and signs with two roles ticked
    page = client.get("/honours/rider/pledge/")
    assert page.status_code == 200 and "倡议书" in page.content.decode()
    response = client.post(
        "/honours/rider/pledge/",
        {"signed_name": "王小明", "roles": ["guide", "informant"]},
    )
    # then the signature and roles are kept in the rider's county
    assert response.status_code == 302
    pledge = Pledge.objects.get(rider=census)
    assert (pledge.region_code, pledge.language) == ("510104", "zh-hans")
    assert set(RoleTaking.objects.values_list("role", flat=True)) == {"guide", "informant"}
    # and the profile page shows them
    profile = client.get("/riders/h5/me/").content.decode()
    assert "文明行为引导员" in profile and "违法线索信息员" in profile


def test_the_letter_reads_in_tibetan_for_a_tibetan_phone(rider, census, client):
    client.force_login(rider, backend="redrider.accounts.backends.PhoneOrUsernameBackend")
    html = client.get("/honours/rider/pledge/", HTTP_ACCEPT_LANGUAGE="bo").content.decode()
    letter = re.search(r'data-testid="letter">(.*?)</article>', html, re.S).group(1)
    assert len(TIBETAN.findall(letter)) > 100
    assert "争当文明行为" not in letter


def test_signing_twice_is_refused(rider, census, api):
    me = api(rider)
    first = me.post("/api/v1/honours/pledge", {"signed_name": "王小明", "language": "zh-hans"})
    again = me.post("/api/v1/honours/pledge", {"signed_name": "王小明", "language": "zh-hans"})
    assert (first.status_code, again.status_code) == (201, 409)
    assert Pledge.objects.count() == 1


def test_an_unknown_role_is_refused_and_nothing_is_signed(rider, census, api):
    response = api(rider).post(
        "/api/v1/honours/pledge",
        {"signed_name": "王小明", "language": "zh-hans", "roles": ["guide", "sheriff"]},
    )
    assert response.status_code == 422 and response.json()["code"] == "unknown_role"
    assert not Pledge.objects.exists() and not RoleTaking.objects.exists()


def test_a_role_needs_the_signature_first(rider, census, api):
    response = api(rider).post("/api/v1/honours/roles", {"role": "supervisor"})
    assert response.status_code == 409 and response.json()["code"] == "pledge_required"


def test_roles_are_counted_per_region_within_the_scope(county_officer, other_county_officer, api):
    # given two 监督员 in Jinjiang and one 引导员 in Wuhou
    make_role("510104", "supervisor")
    make_role("510104", "supervisor")
    make_role("510107", "guide")
    # then Jinjiang's officer counts theirs only, and cannot ask for Wuhou
    mine = api(county_officer).get("/api/v1/honours/roles/counts").json()
    assert mine["roles"] == {"guide": 0, "publicist": 0, "supervisor": 2, "informant": 0}
    assert (
        api(county_officer).get("/api/v1/honours/roles/counts", region="510107").status_code == 404
    )


def test_the_profile_shows_the_riders_title(rider, census, client):
    exemplar = make_exemplar("510104")
    exemplar.rider = census
    exemplar.distinction = "暴雨夜护送老人回家"
    exemplar.save()
    client.force_login(rider, backend="redrider.accounts.backends.PhoneOrUsernameBackend")
    html = client.get("/riders/h5/me/").content.decode()
    title = re.search(r'data-testid="rider-title">(.*?)</p>', html, re.S).group(1)
    assert "红骑手" in title and str(exemplar.year) in title


def test_the_rider_sees_their_own_sub_brand_and_its_stories(rider, census, client):
    # given 红骑手 for the province and 小牛哥 for Jinjiang with a story
    parent = make_brand("510000", name="红骑手", slug="hqs")
    xiaoniu = make_brand("510104", name="小牛哥", slug="xng", parent=parent)
    make_story("510104", brand=xiaoniu, title="牛市口的先锋车手")
    make_brand("510107", name="别的品牌", slug="other", parent=parent)
    client.force_login(rider, backend="redrider.accounts.backends.PhoneOrUsernameBackend")
    html = client.get("/honours/rider/").content.decode()
    brand = re.search(r'data-testid="my-brand">(.*?)</section>', html, re.S).group(1)
    assert "小牛哥" in brand and "别的品牌" not in html
    assert "牛市口的先锋车手" in html
