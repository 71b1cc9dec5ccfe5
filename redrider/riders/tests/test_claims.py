"""Claiming a census record (底数认领): an ID number alone never takes a record over.

The attack this closes: an unauthenticated registration with the attacker's own phone and code
and the ID number of an unregistered census rider replaced that rider's name and phone, moved
the record to another county and recorded consent in the victim's name.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import F

from redrider.accounts.models import User
from redrider.core.gateways import get_gateway
from redrider.core.models import AuditEvent
from redrider.riders.models import Platform, RegistrationClaim, Rider, SmsCode
from redrider.riders.tests.factories import make_rider, new_id_number

pytestmark = pytest.mark.django_db

ATTACKER = "13955556666"
ON_FILE = "13800009999"
REGISTER = "/api/v1/riders/public/registrations"


@pytest.fixture(autouse=True)
def outbox():
    gateway = get_gateway()
    gateway.outbox.clear()
    return gateway.outbox


@pytest.fixture
def census_rider(db):
    """王小明 in Wuhou's census list: no account yet, his own phone on file, no consent."""
    return make_rider(
        "510107",
        name="王小明",
        id_number=new_id_number(),
        phone=ON_FILE,
        platforms=[Platform.objects.get(code="meituan")],
    )


@pytest.fixture
def register(api, outbox, django_capture_on_commit_callbacks):
    """Ask for a code for `phone`, then register with it (messages go out on commit)."""

    def run(rider: Rider, *, phone=ATTACKER, name="陈骑手", region_code="510104", ip="10.0.0.1"):
        # earlier codes were asked for minutes ago (one code a minute per phone)
        SmsCode.objects.update(created_at=F("created_at") - dt.timedelta(minutes=2))
        with django_capture_on_commit_callbacks(execute=True):
            sent = api().post("/api/v1/riders/public/sms-codes", {"phone": phone}, REMOTE_ADDR=ip)
        assert sent.status_code == 202, sent.content
        code = outbox[-1].params["code"]
        with django_capture_on_commit_callbacks(execute=True):
            return api().post(
                REGISTER,
                {
                    "phone": phone,
                    "code": code,
                    "name": name,
                    "id_number": rider.id_number,
                    "region_code": region_code,
                    "platforms": ["eleme"],
                    "kind": "crowd",
                    "password": "long-enough-1",
                    "consent": True,
                },
                REMOTE_ADDR=ip,
            )

    return run


def snapshot(rider: Rider) -> dict:
    rider.refresh_from_db()
    return {
        "user": rider.user_id,
        "name": rider.name,
        "phone": rider.phone,
        "region_code": rider.region_code,
        "kind": rider.kind,
        "consent_at": rider.consent_at,
        "consent_version": rider.consent_version,
        "platforms": sorted(p.code for p in rider.platforms.all()),
    }


def test_an_id_number_and_another_phone_change_nothing_and_the_registration_waits(
    register, census_rider, outbox
):
    # given the census record as it stands
    before = snapshot(census_rider)
    # when a stranger registers with their own phone and code and the rider's ID number
    response = register(census_rider)
    # then the registration waits for review: no token, no account, the record untouched
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "pending" and "token" not in body
    assert snapshot(census_rider) == before
    assert not User.objects.filter(role="rider").exists()
    # and the claim waits in the record's county, with what the registrant asked for
    claim = RegistrationClaim.objects.get(pk=body["claim_id"])
    assert claim.region_code == "510107" and claim.requested_region_code == "510104"
    assert claim.status == "pending" and not claim.name_matches
    assert claim.password_hash and "long-enough-1" not in claim.password_hash
    # and the step is audited, and the phone on file is told someone asked
    assert AuditEvent.objects.filter(action="rider.claim_submit", object_id=str(claim.pk)).exists()
    notices = [m for m in outbox if m.template == "census_claim_notice"]
    assert [m.to for m in notices] == [ON_FILE]


def test_the_attacker_cannot_sign_in_with_the_phone_after_a_pending_claim(
    register, census_rider, api
):
    # given a pending claim
    register(census_rider)
    # when the registrant tries to sign in
    token = api().post("/api/v1/auth/token", {"username": ATTACKER, "password": "long-enough-1"})
    # then there is no account yet
    assert token.status_code == 401


def test_a_second_claim_from_the_same_phone_waits_for_the_first(register, census_rider):
    # given a pending claim
    register(census_rider)
    # when the same phone claims another record
    other = make_rider("510107", name="李四", id_number=new_id_number(), phone="13800007777")
    again = register(other, ip="10.0.0.2")
    # then it is refused and audited
    assert again.status_code == 409 and again.json()["code"] == "claim_pending"
    assert RegistrationClaim.objects.count() == 1
    assert AuditEvent.objects.filter(
        action="rider.register", result="denied", detail__why="claim_pending"
    ).exists()


def test_a_record_that_already_has_an_account_answers_409_and_is_audited(
    register, census_rider, rider
):
    # given the record is linked to an account
    Rider.objects.filter(pk=census_rider.pk).update(user=rider)
    before = snapshot(census_rider)
    # when
    response = register(census_rider)
    # then
    assert response.status_code == 409 and response.json()["code"] == "already_registered"
    assert snapshot(census_rider) == before
    assert AuditEvent.objects.filter(
        action="rider.register", result="denied", object_id=str(census_rider.pk)
    ).exists()


def test_the_records_county_officer_confirms_a_claim_whose_name_matches(
    register, census_rider, api, other_county_officer, outbox, django_capture_on_commit_callbacks
):
    # given the rider himself registers from a new phone, with the name on record
    claim_id = register(census_rider, name="王小明").json()["claim_id"]
    officer = api(other_county_officer)  # Wuhou, the record's county
    listed = officer.get("/api/v1/riders/claims", status="pending").json()
    assert [c["id"] for c in listed["items"]] == [claim_id] and listed["count"] == 1
    assert listed["items"][0]["name_matches"] is True
    assert listed["items"][0]["record"]["phone"] == "138****9999"
    # when the officer, having checked the person, confirms
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(
            f"/api/v1/riders/claims/{claim_id}/decision",
            {"decision": "confirm", "note": "电话核实本人"},
        )
    # then the record is linked to a new account on the verified phone, working where he said
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "confirmed"
    after = snapshot(census_rider)
    assert after["user"] is not None and after["phone"] == ATTACKER
    assert after["region_code"] == "510104" and after["consent_at"] is not None
    assert after["name"] == "王小明" and after["platforms"] == ["eleme", "meituan"]
    # and he signs in with the phone and the password he chose
    token = api().post("/api/v1/auth/token", {"username": ATTACKER, "password": "long-enough-1"})
    assert token.status_code == 200
    # and every step is audited, the hash is gone, and he is told
    claim = RegistrationClaim.objects.get(pk=claim_id)
    assert claim.password_hash == "" and claim.decided_by == other_county_officer
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"rider.claim_submit", "rider.claim_confirm", "rider.register"} <= actions
    assert AuditEvent.objects.get(action="rider.register").detail["proof"] == "officer_confirmed"
    assert outbox[-1].to == ATTACKER and outbox[-1].template == "census_claim_confirmed"


def test_a_claim_whose_name_differs_cannot_be_confirmed_and_rejecting_it_changes_nothing(
    register, census_rider, api, other_county_officer
):
    # given a stranger's claim (another name)
    before = snapshot(census_rider)
    claim_id = register(census_rider).json()["claim_id"]
    officer = api(other_county_officer)
    # when the officer tries to confirm, then rejects
    confirm = officer.post(f"/api/v1/riders/claims/{claim_id}/decision", {"decision": "confirm"})
    reject = officer.post(
        f"/api/v1/riders/claims/{claim_id}/decision", {"decision": "reject", "note": "非本人"}
    )
    # then confirming is refused, the rejection stands, and the record never changed
    assert confirm.status_code == 409 and confirm.json()["code"] == "name_mismatch"
    assert reject.status_code == 200 and reject.json()["status"] == "rejected"
    assert snapshot(census_rider) == before
    assert not User.objects.filter(role="rider").exists()
    assert AuditEvent.objects.filter(action="rider.claim_reject", result="ok").exists()


def test_only_officers_of_the_records_county_see_and_decide_the_claim(
    register, census_rider, api, county_officer, prefecture_officer, instructor, station_host
):
    # given a claim of a Wuhou record
    claim_id = register(census_rider, name="王小明").json()["claim_id"]
    url = f"/api/v1/riders/claims/{claim_id}"
    # when Jinjiang's officer (the county the claimant asked for), an instructor and a host look
    outsiders = [api(u).get(url).status_code for u in (county_officer, instructor, station_host)]
    lists = [api(u).get("/api/v1/riders/claims").json()["count"] for u in (county_officer,)]
    # and Chengdu's prefecture officer, who sees it, tries to decide
    seen = api(prefecture_officer).get(url)
    decided = api(prefecture_officer).post(f"{url}/decision", {"decision": "confirm"})
    # then the outsiders get 404 and an empty list; the prefecture sees but may not decide
    assert outsiders == [404, 404, 404] and lists == [0]
    assert seen.status_code == 200 and decided.status_code == 403
    assert RegistrationClaim.objects.get().status == "pending"
    assert AuditEvent.objects.filter(action="rider.claim_confirm", result="denied").exists()


def test_a_decided_claim_cannot_be_decided_again(register, census_rider, api, other_county_officer):
    # given a rejected claim
    claim_id = register(census_rider).json()["claim_id"]
    officer = api(other_county_officer)
    officer.post(f"/api/v1/riders/claims/{claim_id}/decision", {"decision": "reject"})
    # when
    again = officer.post(f"/api/v1/riders/claims/{claim_id}/decision", {"decision": "confirm"})
    bad = officer.post(f"/api/v1/riders/claims/{claim_id}/decision", {"decision": "maybe"})
    # then
    assert again.status_code == 409 and again.json()["code"] == "claim_decided"
    assert bad.status_code == 422


def test_confirming_one_claim_rejects_the_records_other_pending_claims(
    register, census_rider, api, other_county_officer
):
    # given a stranger's claim and then the rider's own
    stranger = register(census_rider).json()["claim_id"]
    own = register(census_rider, phone="13966667777", name="王小明", ip="10.0.0.9").json()
    # when the rider's claim is confirmed
    api(other_county_officer).post(
        f"/api/v1/riders/claims/{own['claim_id']}/decision", {"decision": "confirm"}
    )
    # then the stranger's is closed as rejected
    assert RegistrationClaim.objects.get(pk=stranger).status == "rejected"
    assert snapshot(census_rider)["phone"] == "13966667777"


def test_the_console_lists_pending_claims_and_the_officer_decides_there(
    register, census_rider, client, other_county_officer
):
    # given a claim with the name on record
    claim_id = register(census_rider, name="王小明").json()["claim_id"]
    client.force_login(other_county_officer)
    # when the officer opens the list and the claim, then confirms
    listing = client.get("/riders/claims/")
    detail = client.get(f"/riders/claims/{claim_id}/")
    done = client.post(f"/riders/claims/{claim_id}/", {"decision": "confirm", "note": "核实"})
    # then the list shows it masked, the page offers the decision, and the record is linked
    html = listing.content.decode()
    assert listing.status_code == 200 and f"/riders/claims/{claim_id}/" in html
    assert ON_FILE not in html and ATTACKER not in html and "138****9999" in html
    assert detail.status_code == 200 and 'data-testid="decide"' in detail.content.decode()
    assert done.status_code == 302
    assert snapshot(census_rider)["user"] is not None


def test_the_console_claim_page_is_not_found_for_another_county(
    register, census_rider, client, county_officer
):
    # given
    claim_id = register(census_rider).json()["claim_id"]
    client.force_login(county_officer)
    # when / then
    assert client.get(f"/riders/claims/{claim_id}/").status_code == 404
    assert client.post(f"/riders/claims/{claim_id}/", {"decision": "reject"}).status_code == 404
    assert RegistrationClaim.objects.get().status == "pending"


def test_the_h5_page_tells_the_registrant_that_the_registration_waits(
    census_rider, client, api, outbox, django_capture_on_commit_callbacks
):
    # given a code for the stranger's phone
    with django_capture_on_commit_callbacks(execute=True):
        api().post("/api/v1/riders/public/sms-codes", {"phone": ATTACKER})
    before = snapshot(census_rider)
    # when the registration form is posted with the census rider's ID number
    response = client.post(
        "/riders/h5/register/",
        {
            "phone": ATTACKER,
            "code": outbox[-1].params["code"],
            "name": "陈骑手",
            "id_number": census_rider.id_number,
            "region_code": "510104",
            "platforms": ["eleme"],
            "kind": "crowd",
            "password": "long-enough-1",
            "consent": "1",
        },
    )
    # then the page says it waits, nobody is signed in, the record is untouched
    assert response.status_code == 202
    assert 'data-testid="pending"' in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert snapshot(census_rider) == before
