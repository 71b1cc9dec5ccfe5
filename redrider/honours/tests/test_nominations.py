"""Nominations: by staff, by riders, with evidence photos and links to the rider's record —
and a founded tip-off among them never shows the informant to someone without the right."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from PIL import Image

from conftest import RIDER_PHONE
from redrider.appeals.tests.conftest import jpeg_bytes, upload
from redrider.appeals.tests.factories import make_appeal, make_tipoff
from redrider.core.models import AuditEvent
from redrider.honours.models import Nomination, NominationPhoto, NominationRecord
from redrider.riders.tests.factories import make_company, make_rider

from .factories import assign, make_campaign, make_nomination, make_seat

pytestmark = pytest.mark.django_db


def body(campaign, rider, **changes):
    return {
        "campaign": campaign.pk,
        "rider_id": rider.pk,
        "nominator_kind": "organisation",
        "nominator_label": "锦江区“小个专”综合党委",
        "headline": "暴雨夜护送老人回家",
        "story": "多年坚持志愿服务。",
        **changes,
    }


def test_a_county_officer_nominates_a_rider_of_their_county(county_officer, api):
    # given an open campaign taking nominations and a Jinjiang rider
    campaign = make_campaign(phase="nomination")
    rider = make_rider("510104", name="李四光")
    # when the county officer nominates them for a company of the county
    company = make_company("510104", name="锦江顺达配送")
    response = api(county_officer).post(
        "/api/v1/honours/nominations",
        body(campaign, rider, nominator_kind="company", company_id=company.pk),
    )
    # then the nomination exists against the Chengdu quota, with the company as nominator
    assert response.status_code == 201, response.content
    n = Nomination.objects.get()
    assert (n.quota_region, n.nominator_label, n.display_name) == (
        "510100",
        "锦江顺达配送",
        "李四光",
    )
    assert "id_number" not in response.json() and "phone" not in response.json()


def test_a_second_nomination_of_the_same_rider_in_one_campaign_is_refused(county_officer, api):
    campaign = make_campaign(phase="nomination")
    rider = make_rider("510104")
    me = api(county_officer)
    assert me.post("/api/v1/honours/nominations", body(campaign, rider)).status_code == 201
    audit_before = AuditEvent.objects.count()
    # when the same rider is nominated again
    response = me.post("/api/v1/honours/nominations", body(campaign, rider, story="又一次"))
    # then 409 with a clear reason, and nothing more is written
    assert response.status_code == 409 and response.json()["code"] == "already_nominated"
    assert "不能重复提名" in response.json()["detail"]
    assert Nomination.objects.count() == 1
    assert AuditEvent.objects.count() == audit_before


def test_a_nominee_outside_the_nominators_region_is_refused(county_officer, api):
    # given a Wuhou rider and a Jinjiang officer
    campaign = make_campaign(phase="nomination")
    rider = make_rider("510107")
    # when the officer nominates them
    response = api(county_officer).post("/api/v1/honours/nominations", body(campaign, rider))
    # then 404 (the rider is not theirs to see) with a clear message; nothing written
    assert response.status_code == 404 and response.json()["code"] == "nominee_outside_region"
    assert not Nomination.objects.exists()


def test_nominations_are_taken_only_in_the_nomination_window(county_officer, api):
    campaign = make_campaign(phase="ranking")
    response = api(county_officer).post(
        "/api/v1/honours/nominations", body(campaign, make_rider("510104"))
    )
    assert response.status_code == 409 and response.json()["code"] == "nomination_closed"
    assert not Nomination.objects.exists()


def test_a_rider_nominates_themselves_and_a_fellow_rider_of_their_county(rider, api):
    # given the signed-in rider's census record in Jinjiang and a colleague there
    make_rider("510104", phone=RIDER_PHONE, user=rider, name="王五")
    colleague = make_rider("510104", phone="13912345678", name="赵六")
    campaign = make_campaign(phase="nomination")
    me = api(rider)
    # when they nominate themselves, then the colleague by phone
    own = me.post(
        "/api/v1/honours/nominations/mine", {"campaign": campaign.pk, "story": "我的事迹"}
    )
    peer = me.post(
        "/api/v1/honours/nominations/mine",
        {"campaign": campaign.pk, "peer_phone": "13912345678", "story": "他的事迹"},
    )
    # then both nominations exist with their kinds
    assert (own.status_code, peer.status_code) == (201, 201), peer.content
    kinds = dict(Nomination.objects.values_list("rider_id", "nominator_kind"))
    assert kinds[colleague.pk] == "peers" and "self" in kinds.values()


def test_a_rider_cannot_nominate_a_rider_of_another_county(rider, api):
    make_rider("510104", phone=RIDER_PHONE, user=rider)
    make_rider("510107", phone="13912345679")
    campaign = make_campaign(phase="nomination")
    response = api(rider).post(
        "/api/v1/honours/nominations/mine",
        {"campaign": campaign.pk, "peer_phone": "13912345679", "story": "x"},
    )
    assert response.status_code == 422 and response.json()["code"] == "nominee_outside_region"
    assert not Nomination.objects.exists()


# --- evidence photos ----------------------------------------------------------------------------


def test_an_evidence_photo_is_stored_without_its_gps(county_officer, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    n = make_nomination(make_campaign(phase="nomination"))
    response = upload(
        client, county_officer, f"/api/v1/honours/nominations/{n.pk}/photos", jpeg_bytes(gps=True)
    )
    assert response.status_code == 201, response.content
    with NominationPhoto.objects.get().image.open("rb") as f:
        assert len(Image.open(io.BytesIO(f.read())).getexif()) == 0


def test_an_upload_that_is_not_an_image_answers_422_and_stores_nothing(
    county_officer, client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    n = make_nomination(make_campaign(phase="nomination"))
    # when a text file is sent declared as a JPEG
    response = upload(
        client,
        county_officer,
        f"/api/v1/honours/nominations/{n.pk}/photos",
        b"<html>not a photo</html>",
        name="deeds.jpg",
    )
    # then 422, no row and no file
    assert response.status_code == 422 and response.json()["code"] == "photo_type"
    assert not NominationPhoto.objects.exists()
    assert not list(tmp_path.rglob("*.jpg"))


# --- links to the rider's record and the informant rule ----------------------------------------


@pytest.fixture
def informant_nominee(rider):
    """A Jinjiang rider whose record holds a solved appeal and a founded tip-off, nominated."""
    census = make_rider("510104", phone=RIDER_PHONE, user=rider)
    make_appeal(rider=rider, status="resolved", resolved_at=timezone.now())
    tipoff = make_tipoff(
        informant=rider, status="closed", outcome="founded", verified_at=timezone.now()
    )
    campaign = make_campaign(phase="scoring")
    n = make_nomination(campaign, rider=census)
    from redrider.honours.services.nominations import records_link

    records_link(nomination=n)
    return n, tipoff


def kinds_in(response) -> set[str]:
    return {r["kind"] for r in response.json()["records"]}


def test_the_nomination_links_to_the_riders_own_record(informant_nominee):
    n, _tipoff = informant_nominee
    assert set(NominationRecord.objects.filter(nomination=n).values_list("kind", flat=True)) == {
        "appeal",
        "tipoff",
    }


def test_a_founded_tip_off_is_hidden_from_an_officer_without_the_informant_permission(
    informant_nominee, county_officer, api, client
):
    n, tipoff = informant_nominee
    # when a Jinjiang officer without the permission reads the nomination (API and page)
    response = api(county_officer).get(f"/api/v1/honours/nominations/{n.pk}")
    client.force_login(county_officer)
    page = client.get(f"/honours/nominations/{n.pk}/").content.decode()
    # then the appeal shows, the tip-off does not, and nothing hints at it
    assert response.status_code == 200
    assert kinds_in(response) == {"appeal"}
    assert "线索" not in str(response.json()["records"])
    assert "属实违法线索" not in page and "属实的违法线索" not in page
    assert not AuditEvent.objects.filter(action="tipoff.informant_view").exists()


def test_a_juror_never_sees_the_tip_off(informant_nominee, api):
    n, _tipoff = informant_nominee
    seat = make_seat(n.campaign)
    assign(seat, n)
    response = api(seat.user).get(f"/api/v1/honours/nominations/{n.pk}")
    assert response.status_code == 200 and kinds_in(response) == {"appeal"}


def test_the_public_honour_list_never_carries_evidence(informant_nominee, api):
    body = api().get("/api/v1/honours/exemplars").json()
    assert "records" not in str(body) and "tipoff" not in str(body)


def test_an_officer_with_the_informant_permission_sees_it_and_the_look_is_audited(
    informant_nominee, province_admin, api
):
    n, tipoff = informant_nominee
    # given the province admin may see informants (can_view_pii)
    response = api(province_admin).get(f"/api/v1/honours/nominations/{n.pk}")
    # then the tip-off is listed, and the look is audited against the tip-off only
    assert kinds_in(response) == {"appeal", "tipoff"}
    row = AuditEvent.objects.get(action="tipoff.informant_view")
    assert (row.object_type, row.object_id) == ("Tipoff", str(tipoff.pk))
    assert str(n.pk) not in str(row.detail)
