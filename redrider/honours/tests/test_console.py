"""The staff console runs a selection end to end without spreadsheets: a campaign is created with
its quotas, riders are nominated for a company or an organisation, evidence photos are added,
sites are assessed with photos, stories and placements are written — and every refusal is a
clear message with nothing written."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from redrider.honours.models import (
    Campaign,
    Nomination,
    NominationPhoto,
    Placement,
    Quota,
    SiteAssessment,
    SiteEvidencePhoto,
    Story,
)
from redrider.riders.tests.factories import make_rider

from .factories import make_brand, make_campaign, make_nomination, make_site
from .test_sites import FULL

pytestmark = pytest.mark.django_db


def jpeg(name="p.jpg") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def not_an_image() -> SimpleUploadedFile:
    return SimpleUploadedFile("x.jpg", b"MZ\x90\x00 not a photo", content_type="image/jpeg")


def page_text(response) -> str:
    return response.content.decode()


# --- Campaigns ---------------------------------------------------------------------------------

CAMPAIGN = {
    "name": "2027年度成都市“红骑手”评选",
    "year": "2027",
    "title": "红骑手",
    "nomination_opens_on": "2027-03-01",
    "nomination_closes_on": "2027-03-31",
    "scoring_opens_on": "2027-04-01",
    "scoring_closes_on": "2027-04-20",
    "notice_working_days": "5",
    "quota_510104": "3",
    "quota_510107": "2",
    "quota_510108": "",
    "objection_contact": "028-12345678",
}


def test_a_prefecture_officer_creates_a_campaign_with_quotas_from_the_console(
    client, prefecture_officer
):
    client.force_login(prefecture_officer)
    form = page_text(client.get("/honours/"))
    # the form offers a quota for each county of Chengdu
    assert 'name="quota_510104"' in form and 'name="quota_510107"' in form
    response = client.post("/honours/", CAMPAIGN)
    campaign = Campaign.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/honours/campaigns/{campaign.pk}/"
    )
    assert (campaign.region_code, campaign.year, campaign.notice_working_days) == (
        "510100",
        2027,
        5,
    )
    assert dict(Quota.objects.values_list("region_code", "seats")) == {"510104": 3, "510107": 2}


@pytest.mark.parametrize(
    "change, message",
    [
        ({"scoring_closes_on": "2027-02-01"}, "日期顺序不正确"),
        ({"nomination_opens_on": "2027-02-30"}, "请填写完整的日期"),
        ({"quota_510104": "三"}, "名额须为非负整数"),
        ({"notice_working_days": "0"}, "公示期须为 1–30 个工作日"),
        ({"name": ""}, "请填写名称"),
    ],
)
def test_a_bad_campaign_form_says_why_and_writes_nothing(
    change, message, client, prefecture_officer
):
    client.force_login(prefecture_officer)
    response = client.post("/honours/", {**CAMPAIGN, **change}, follow=True)
    assert message in page_text(response)
    assert not Campaign.objects.exists() and not Quota.objects.exists()


def test_a_county_officer_is_not_offered_the_form_for_the_prefecture(client, county_officer):
    client.force_login(county_officer)
    # the county officer's console is their county: the form makes a county campaign
    form = page_text(client.get("/honours/"))
    assert 'name="quota_510104"' in form and 'name="quota_510107"' not in form


# --- Staff nominations -------------------------------------------------------------------------


def nominate(client, campaign, **fields):
    body = {
        "phone": "13900000001",
        "nominator_kind": "organisation",
        "nominator_label": "锦江区“小个专”综合党委",
        "headline": "暴雨夜护送迷路老人回家",
        "story": "多年坚持志愿服务。",
        **fields,
    }
    return client.post(f"/honours/campaigns/{campaign.pk}/nominate", body, follow=True)


def test_an_officer_nominates_a_rider_found_by_phone(client, county_officer):
    campaign = make_campaign(phase="nomination")
    rider = make_rider("510104", phone="13900000001", name="周小海")
    client.force_login(county_officer)
    assert 'data-testid="nominate-form"' in page_text(
        client.get(f"/honours/campaigns/{campaign.pk}/")
    )
    response = nominate(client, campaign)
    nomination = Nomination.objects.get()
    assert (nomination.rider_id, nomination.nominator_kind) == (rider.pk, "organisation")
    assert response.redirect_chain[-1][0] == f"/honours/nominations/{nomination.pk}/"


def test_a_rider_elsewhere_or_unknown_is_the_same_refusal_and_nothing_is_written(
    client, county_officer
):
    campaign = make_campaign(phase="nomination")
    make_rider("510107", phone="13900000002")
    client.force_login(county_officer)
    elsewhere = nominate(client, campaign, phone="13900000002")
    unknown = nominate(client, campaign, phone="13900000009")
    for response in (elsewhere, unknown):
        assert "被提名骑手不存在或不在您的辖区" in page_text(response)
    assert not Nomination.objects.exists()


def test_a_second_nomination_of_the_same_rider_is_refused_from_the_console(client, county_officer):
    campaign = make_campaign(phase="nomination")
    make_rider("510104", phone="13900000001")
    client.force_login(county_officer)
    nominate(client, campaign)
    again = nominate(client, campaign, nominator_kind="organisation", nominator_label="另一组织")
    assert "不能重复提名" in page_text(again)
    assert Nomination.objects.count() == 1


def test_the_form_is_not_offered_outside_the_nomination_window(client, county_officer):
    campaign = make_campaign(phase="ranking")
    client.force_login(county_officer)
    assert 'data-testid="nominate-form"' not in page_text(
        client.get(f"/honours/campaigns/{campaign.pk}/")
    )


# --- Evidence photos ---------------------------------------------------------------------------


def test_evidence_photos_are_added_all_or_none(client, county_officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    nomination = make_nomination(make_campaign(phase="nomination"))
    client.force_login(county_officer)
    url = f"/honours/nominations/{nomination.pk}/photos"
    # one of the two is not a photo: nothing is stored, and the page says why
    refused = client.post(url, {"photos": [jpeg(), not_an_image()]}, follow=True)
    assert "照片" in page_text(refused) and not NominationPhoto.objects.exists()
    # two photos: both stored, and shown with the evidence
    client.post(url, {"photos": [jpeg("a.jpg"), jpeg("b.jpg")], "caption": "现场"})
    assert NominationPhoto.objects.filter(nomination=nomination).count() == 2
    shown = page_text(client.get(f"/honours/nominations/{nomination.pk}/"))
    assert shown.count("/honours/files/nominations/") >= 2


# --- Sites -------------------------------------------------------------------------------------


def assess_form(**extra):
    return {
        "kind": "review",
        "year": "2025",
        **{f"score_{k}": str(v) for k, v in FULL.items()},
        "evidence": "查阅台账",
        **extra,
    }


def test_a_re_review_with_photos_from_the_console(client, county_officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    site = make_site("510104", status="named", named_year=2023)
    client.force_login(county_officer)
    client.post(f"/honours/sites/{site.pk}/", assess_form(photos=[jpeg(), jpeg("b.jpg")]))
    assessment = SiteAssessment.objects.get(site=site)
    assert SiteEvidencePhoto.objects.filter(assessment=assessment).count() == 2
    page = page_text(client.get(f"/honours/sites/{site.pk}/"))
    # the history reads in words, the checklist by its short names
    assert "已命名 → <b>已命名</b>" in page and "组织健全 /20" in page
    assert "/honours/files/sites/" in page


def test_a_re_review_with_a_bad_photo_writes_nothing(client, county_officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    site = make_site("510104", status="named", named_year=2023)
    history = site.history.count()
    client.force_login(county_officer)
    response = client.post(
        f"/honours/sites/{site.pk}/", assess_form(photos=[jpeg(), not_an_image()]), follow=True
    )
    assert "照片" in page_text(response)
    site.refresh_from_db()
    assert site.status == "named" and not SiteAssessment.objects.exists()
    assert not SiteEvidencePhoto.objects.exists() and site.history.count() == history


# --- Publicity ---------------------------------------------------------------------------------


def test_an_officer_writes_a_story_under_their_brand_from_the_console(client, county_officer):
    brand = make_brand("510104", name="小牛哥")
    elsewhere = make_brand("510115", name="温小爱")
    client.force_login(county_officer)
    page = page_text(client.get("/honours/publicity/"))
    # the brand pickers offer the officer's own line of brands only
    assert f'<option value="{brand.pk}">' in page
    assert f'<option value="{elsewhere.pk}">' not in page
    client.post(
        "/honours/publicity/",
        {
            "action": "story",
            "region_code": "510104",
            "brand_id": str(brand.pk),
            "title": "牛市口的“先锋车手”",
            "body": "骑手们在送餐途中随手拍、随时报。",
            "body_bo": "བོད་ཡིག",
            "publish": "1",
        },
    )
    story = Story.objects.get()
    assert (story.brand_id, story.status, story.body_bo) == (brand.pk, "published", "བོད་ཡིག")


def test_a_placement_with_a_bad_date_or_another_citys_brand_writes_nothing(client, county_officer):
    elsewhere = make_brand("510115", name="温小爱")
    client.force_login(county_officer)
    body = {
        "action": "placement",
        "kind": "e_screen",
        "where": "春熙路电子屏",
        "region_code": "510104",
        "starts_on": "2026-05-01",
    }
    bad_date = client.post("/honours/publicity/", {**body, "ends_on": "2026-13-01"}, follow=True)
    assert "请填写完整的日期" in page_text(bad_date)
    other = client.post("/honours/publicity/", {**body, "brand_id": elsewhere.pk}, follow=True)
    assert "品牌不存在" in page_text(other)
    assert not Placement.objects.exists()
    client.post("/honours/publicity/", body)
    assert Placement.objects.count() == 1


# --- Languages ---------------------------------------------------------------------------------


def test_the_jurors_desk_offers_tibetan(client):
    from .factories import make_seat

    seat = make_seat(make_campaign(phase="scoring"))
    client.force_login(seat.user)
    assert '<option value="bo"' in page_text(client.get("/honours/jury/"))


def test_giving_up_a_role_is_not_signing_out(client, rider):
    from redrider.honours.models import Pledge, RoleTaking

    census = make_rider("510104", user=rider)
    Pledge.objects.create(
        rider=census,
        region_code="510104",
        version="2023",
        language="en",
        signed_name="周小海",
        signed_at=timezone.now(),
    )
    RoleTaking.objects.create(
        rider=census, region_code="510104", role="guide", since=timezone.now()
    )
    client.force_login(rider, backend="redrider.accounts.backends.PhoneOrUsernameBackend")
    page = page_text(client.get("/honours/rider/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "Give up" in page and "Sign out" not in page
