"""Rider self-registration: one-time SMS codes (single use, 5 minutes, rate-limited, hashed)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from redrider.accounts.models import User
from redrider.core.gateways import get_gateway
from redrider.riders.models import Rider, SmsCode
from redrider.riders.tests.factories import make_rider, new_id_number

pytestmark = pytest.mark.django_db

PHONE = "13955556666"


@pytest.fixture(autouse=True)
def outbox():
    gateway = get_gateway()
    gateway.outbox.clear()
    return gateway.outbox


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Ask for a code; the message goes out when the transaction commits (run here)."""

    def ask(api, phone=PHONE, ip="10.0.0.1"):
        with django_capture_on_commit_callbacks(execute=True):
            return api().post("/api/v1/riders/public/sms-codes", {"phone": phone}, REMOTE_ADDR=ip)

    return ask


def last_code(outbox) -> str:
    return outbox[-1].params["code"]


def registration(code, **extra):
    return {
        "phone": PHONE,
        "code": code,
        "name": "陈骑手",
        "id_number": new_id_number(),
        "region_code": "510104",
        "platforms": ["meituan", "eleme"],
        "kind": "crowd",
        "password": "long-enough-1",
        "consent": True,
        **extra,
    }


def test_a_rider_registers_with_an_sms_code_and_gets_an_account_and_a_record(send, api, outbox):
    # given
    assert send(api).status_code == 202
    # when
    response = api().post("/api/v1/riders/public/registrations", registration(last_code(outbox)))
    # then
    assert response.status_code == 201, response.content
    rider = Rider.objects.get()
    assert rider.user.role == "rider" and rider.phone == PHONE and rider.consent_at is not None
    assert sorted(p.code for p in rider.platforms.all()) == ["eleme", "meituan"]
    assert response.json()["rider"]["phone"] == "139****6666"
    # and the rider can sign in with the phone
    token = api().post("/api/v1/auth/token", {"username": PHONE, "password": "long-enough-1"})
    assert token.status_code == 200


def test_codes_are_single_use(send, api, outbox):
    # given a registered rider
    send(api)
    code = last_code(outbox)
    api().post("/api/v1/riders/public/registrations", registration(code))
    # when the same code is used again
    again = api().post(
        "/api/v1/riders/public/registrations", registration(code, id_number=new_id_number())
    )
    # then
    assert again.status_code == 422 and again.json()["code"] == "invalid_code"
    assert Rider.objects.count() == 1


def test_codes_expire_after_five_minutes(send, api, outbox):
    # given a code sent six minutes ago
    send(api)
    SmsCode.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    # when
    response = api().post("/api/v1/riders/public/registrations", registration(last_code(outbox)))
    # then
    assert response.status_code == 422
    assert not User.objects.filter(role="rider").exists()


def test_codes_are_stored_hashed_only(send, api, outbox):
    # when
    send(api)
    # then
    row = SmsCode.objects.get()
    assert (
        last_code(outbox) not in (row.code_hash, row.phone_index) and PHONE not in row.phone_index
    )


def test_codes_are_rate_limited_per_phone_and_per_ip(send, api, outbox):
    # when the same phone asks twice within a minute
    assert send(api).status_code == 202
    assert send(api).status_code == 429
    # when one IP asks for twenty phones
    codes = [send(api, phone=f"1395555{i:04d}", ip="10.9.9.9").status_code for i in range(21)]
    # then the twenty-first is refused
    assert codes[:20] == [202] * 20 and codes[20] == 429


def test_wrong_codes_are_refused_and_burn_the_code_after_five_tries(send, api, outbox):
    # given
    send(api)
    good = last_code(outbox)
    wrong = "000000" if good != "000000" else "111111"
    # when
    for _ in range(5):
        assert (
            api().post("/api/v1/riders/public/registrations", registration(wrong)).status_code
            == 422
        )
    # then even the right code no longer works
    assert api().post("/api/v1/riders/public/registrations", registration(good)).status_code == 422


def test_registration_links_the_census_record_whose_phone_on_file_received_the_code(
    send, api, outbox
):
    # given the rider is already in an imported list, with this very phone
    listed = make_rider("510107", id_number=(number := new_id_number()), phone=PHONE)
    send(api)
    # when
    response = api().post(
        "/api/v1/riders/public/registrations", registration(last_code(outbox), id_number=number)
    )
    # then one record, now linked to the new account, working where the rider said
    assert response.status_code == 201, response.content
    listed.refresh_from_db()
    assert Rider.objects.count() == 1 and listed.user is not None
    assert listed.region_code == "510104" and listed.consent_at is not None
    from redrider.core.models import AuditEvent

    row = AuditEvent.objects.get(action="rider.register", object_id=str(listed.pk))
    assert row.detail == {"linked_census": True, "proof": "phone_on_file"}


@pytest.mark.parametrize(
    "change, code",
    [
        ({"consent": False}, "consent_required"),
        ({"id_number": "510104199001011235"}, "id_checksum"),
        ({"region_code": "519999"}, "unknown_county"),
        ({"platforms": ["nope"]}, "unknown_platform"),
        ({"password": "short"}, "weak_password"),
    ],
)
def test_bad_registrations_are_refused_and_nothing_is_written(send, api, outbox, change, code):
    # given
    send(api)
    body = registration(last_code(outbox), **change)
    if change.get("id_number") == "510104199001011235":
        from stdnum.cn import ric

        good = ric.calc_check_digit("51010419900101123" + "0")
        body["id_number"] = "51010419900101123" + ("1" if good != "1" else "2")
    # when
    response = api().post("/api/v1/riders/public/registrations", body)
    # then
    assert response.status_code == 422 and response.json()["code"] == code
    assert not Rider.objects.exists() and not User.objects.filter(role="rider").exists()


def test_the_sms_log_line_masks_the_phone(send, api, outbox, caplog):
    # when
    import logging

    caplog.set_level(logging.INFO)
    send(api)
    # then
    assert PHONE not in caplog.text


def test_the_h5_registration_page_registers_and_signs_in(send, client, outbox, api):
    # given
    assert client.get("/riders/h5/register/").status_code == 200
    send(api)
    body = registration(last_code(outbox))
    body["consent"] = "1"
    # when
    response = client.post("/riders/h5/register/", body, follow=True)
    # then
    assert response.redirect_chain[-1][0].endswith("/riders/h5/me/")
    assert "139****6666" in response.content.decode()


def test_the_registration_page_offers_every_province_and_sichuan_by_prefecture(client):
    # when a rider opens the registration page
    page = client.get("/riders/h5/register/").content.decode()
    # then every province is offered (their counties load on demand), and Sichuan's counties
    # are picked prefecture first (成都市 → 锦江区)
    assert 'value="110000"' in page and 'value="440000"' in page
    assert 'value="510100"' in page and 'value="510104"' in page


def _depth(tb) -> int:
    depth = 0
    while tb is not None:
        depth, tb = depth + 1, tb.tb_next
    return depth


def test_each_refused_code_raises_a_fresh_error_whose_traceback_does_not_grow():
    # given no live code for the phone
    from redrider.core.errors import DomainError
    from redrider.riders.services import sms_code_verify

    caught = []
    # when the same refusal is raised twice
    for _ in range(2):
        try:
            sms_code_verify(phone=PHONE, code="123456")
        except DomainError as exc:
            caught.append(exc)
    # then two distinct objects, and the second carries no frames of the first raise
    first, second = caught
    assert first is not second and first.code == second.code == "invalid_code"
    assert _depth(second.__traceback__) == _depth(first.__traceback__)


def test_each_rate_limit_refusal_is_a_fresh_error(send, api, outbox):
    # given a phone that has just been sent a code
    from redrider.core.errors import DomainError
    from redrider.riders.services import sms_code_send

    send(api)
    caught = []
    # when it asks again twice within the minute
    for _ in range(2):
        try:
            sms_code_send(phone=PHONE, ip="10.0.0.1")
        except DomainError as exc:
            caught.append(exc)
    # then each refusal is its own object with a traceback of one raise only
    first, second = caught
    assert first is not second and first.status == second.status == 429
    assert _depth(second.__traceback__) == _depth(first.__traceback__)
