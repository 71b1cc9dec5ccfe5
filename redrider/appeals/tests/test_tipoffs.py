"""Tip-offs: the informant stays confidential, every look is audited, founded ones earn a reward."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Permission

from redrider.appeals.choices import TIPOFF_REWARD_POINTS
from redrider.appeals.models import Tipoff, TipoffReward
from redrider.appeals.tests.conftest import jpeg_bytes, upload
from redrider.appeals.tests.factories import make_rider, make_tipoff
from redrider.core.events import TipoffFounded
from redrider.core.models import AuditEvent

pytestmark = pytest.mark.django_db

BODY = {
    "category": "unlicensed",
    "description": "无证经营的幽灵外卖，后厨在居民楼里",
    "merchant_name": "好味道小炒",
    "platform": "meituan",
    "platform_shop": "好味道小炒（春熙店）",
    "merchant_address": "春熙路 1 号",
    "lat": 30.6570,
    "lng": 104.0810,
    "crs": "wgs84",
}


def _informant():
    return make_rider(7777)


def _all_answers(client, tipoff) -> list[str]:
    return [
        client.get("/api/v1/tipoffs", limit=500).content.decode(),
        client.get(f"/api/v1/tipoffs/{tipoff.pk}").content.decode(),
        client.get(f"/api/v1/tipoffs/{tipoff.pk}/informant").content.decode(),
    ]


def test_a_rider_files_a_tipoff_and_the_audit_row_does_not_name_them(rider, api):
    # when
    response = api(rider).post("/api/v1/tipoffs", BODY)
    # then
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["region_code"] == "510104"
    assert body["status"] == "submitted"
    row = AuditEvent.objects.get(action="tipoff.create")
    assert row.actor_id is None
    assert rider.username not in row.actor_label


@pytest.mark.parametrize(
    "persona",
    [
        "county_officer",
        "prefecture_officer",
        "instructor",
        "station_host",
        "auditor",
        "other_county_officer",
    ],
)
def test_the_informant_is_absent_from_every_answer_to_a_role_without_the_permission(
    persona, request, api
):
    # given a tip-off in Jinjiang by a named rider
    informant = _informant()
    tipoff = make_tipoff(informant=informant)
    user = request.getfixturevalue(persona)
    # when
    answers = _all_answers(api(user), tipoff)
    # then
    for text in answers:
        assert informant.label not in text
        assert informant.username not in text
        assert '"informant"' not in text
    assert not AuditEvent.objects.filter(action="tipoff.informant_view", result="ok").exists()


def test_another_rider_cannot_see_the_tipoff_at_all(rider, api):
    # given
    tipoff = make_tipoff(informant=_informant())
    # then
    assert api(rider).get(f"/api/v1/tipoffs/{tipoff.pk}").status_code == 404
    assert api(rider).get("/api/v1/tipoffs").json()["count"] == 0


def test_a_handler_with_can_view_pii_sees_the_informant_and_every_look_is_audited(
    province_admin, api
):
    # given
    informant = _informant()
    tipoff = make_tipoff(informant=informant)
    client = api(province_admin)
    # when the handler opens the tip-off twice and the list once
    first = client.get(f"/api/v1/tipoffs/{tipoff.pk}").json()
    client.get(f"/api/v1/tipoffs/{tipoff.pk}")
    listed = client.get("/api/v1/tipoffs").json()
    # then
    assert first["informant"] == {"id": informant.pk, "name": informant.label}
    assert "informant" not in listed["items"][0]
    views = AuditEvent.objects.filter(action="tipoff.informant_view", result="ok")
    assert views.count() == 2
    assert set(views.values_list("actor_id", flat=True)) == {province_admin.pk}
    assert json.dumps(list(views.values_list("detail", flat=True))).find(informant.label) == -1


def test_the_dedicated_permission_lets_a_county_handler_see_the_informant(county_officer, api):
    # given
    county_officer.user_permissions.add(
        Permission.objects.get(codename="view_tipoff_informant", content_type__app_label="appeals")
    )
    informant = _informant()
    tipoff = make_tipoff(informant=informant)
    # when
    body = api(county_officer).get(f"/api/v1/tipoffs/{tipoff.pk}").json()
    # then
    assert body["informant"]["id"] == informant.pk


def _verify(client, tipoff, outcome="founded", note="现场查实，已立案"):
    return client.post(
        f"/api/v1/tipoffs/{tipoff.pk}/verification", {"outcome": outcome, "note": note}
    )


def test_a_founded_tipoff_gets_a_pending_reward_and_announces_it_without_the_informant(
    county_officer, api, django_capture_on_commit_callbacks
):
    # given a tip-off being checked
    tipoff = make_tipoff(informant=_informant())
    client = api(county_officer)
    client.post(f"/api/v1/tipoffs/{tipoff.pk}/start")
    # when it is founded, and founded again
    with django_capture_on_commit_callbacks() as callbacks:
        done = _verify(client, tipoff)
    again = _verify(client, tipoff)
    # then closed with a pending reward keyed on the tip-off, announced once for the points app
    assert done.status_code == 200, done.content
    assert done.json()["outcome"] == "founded"
    assert done.json()["reward"] == {"points": TIPOFF_REWARD_POINTS, "status": "pending"}
    assert again.status_code == 409
    reward = TipoffReward.objects.get()
    assert reward.rider == tipoff.informant and reward.idempotency_key == f"tipoff:{tipoff.pk}"
    events = [cb.args[0] for cb in callbacks if getattr(cb, "args", None)]
    assert events == [TipoffFounded(tipoff_id=tipoff.pk, region_code="510104")]


def test_an_unfounded_tipoff_earns_nothing(county_officer, api, django_capture_on_commit_callbacks):
    # given
    tipoff = make_tipoff()
    # when
    with django_capture_on_commit_callbacks() as callbacks:
        api(county_officer).post(
            f"/api/v1/tipoffs/{tipoff.pk}/verification",
            {"outcome": "unfounded", "note": "查无此事"},
        )
    # then
    assert Tipoff.objects.get().outcome == "unfounded"
    assert not TipoffReward.objects.exists() and callbacks == []


@pytest.mark.parametrize(
    "payload",
    [
        {**BODY, "category": "spaceship"},
        {**BODY, "merchant_name": ""},
        {**BODY, "description": "x" * 10_000},
        {**BODY, "lat": 35.68, "lng": 139.69},
    ],
)
def test_bad_tipoffs_answer_422_and_write_nothing(payload, rider, api):
    # then
    assert api(rider).post("/api/v1/tipoffs", payload).status_code == 422
    assert not Tipoff.objects.exists()


def test_evidence_photos_lose_their_gps(rider, client, settings, tmp_path):
    # given
    settings.MEDIA_ROOT = tmp_path
    tipoff = make_tipoff(informant=rider)
    # when
    response = upload(client, rider, f"/api/v1/tipoffs/{tipoff.pk}/photos", jpeg_bytes(gps=True))
    # then
    assert response.status_code == 201
    from PIL import Image

    with tipoff.photos.get().image.open("rb") as f:
        assert len(Image.open(f).getexif()) == 0


def test_the_console_reveal_shows_the_informant_to_a_permitted_handler_and_audits_it(
    province_admin, county_officer, client
):
    # given
    informant = _informant()
    tipoff = make_tipoff(informant=informant)
    # when
    client.force_login(county_officer)
    hidden = client.get(f"/appeals/console/tipoffs/{tipoff.pk}/").content.decode()
    refused = client.post(f"/appeals/console/tipoffs/{tipoff.pk}/", {"op": "reveal"})
    client.force_login(province_admin)
    shown = client.post(f"/appeals/console/tipoffs/{tipoff.pk}/", {"op": "reveal"}).content.decode()
    # then
    assert informant.label not in hidden
    assert refused.status_code == 302
    assert informant.label in shown
    assert AuditEvent.objects.filter(action="tipoff.informant_view", result="ok").count() == 1
    assert AuditEvent.objects.filter(action="tipoff.informant_view", result="denied").count() == 1


def test_the_reward_admin_is_not_registered_because_it_names_the_informant():
    # given the admin site / then tip-off rewards (whose rider is the informant) have no admin
    from django.contrib import admin

    assert TipoffReward not in admin.site._registry
