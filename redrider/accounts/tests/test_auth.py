"""Sign-in, tokens, lockout, idle timeout and their audit rows."""

import datetime as dt
import time

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from conftest import PASSWORD, RIDER_PHONE
from redrider.accounts.models import ApiToken
from redrider.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def token_for(client, username, password=PASSWORD):
    return client.post(
        "/api/v1/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
    )


def test_staff_gets_a_token_and_the_token_identifies_them(client, county_officer):
    # when
    response = token_for(client, county_officer.username)
    # then
    assert response.status_code == 200
    me = client.get("/api/v1/auth/me", HTTP_AUTHORIZATION=f"Bearer {response.json()['token']}")
    assert me.status_code == 200
    assert me.json()["scope_code"] == "510104"


def test_rider_signs_in_with_their_phone_number(client, rider):
    response = token_for(client, RIDER_PHONE)
    assert response.status_code == 200
    me = client.get("/api/v1/auth/me", HTTP_AUTHORIZATION=f"Bearer {response.json()['token']}")
    assert me.json()["role"] == "rider"


def test_rider_account_stores_no_plaintext_phone(rider):
    from redrider.accounts.models import User

    row = User.objects.filter(pk=rider.pk).values().get()
    assert not any(RIDER_PHONE in str(v) for v in row.values())


def test_wrong_password_answers_401_and_writes_a_failed_audit_row(client, county_officer):
    response = token_for(client, county_officer.username, "wrong")
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"
    row = AuditEvent.objects.filter(action="auth.login").latest("id")
    assert row.result == "failed"
    assert row.actor_label == county_officer.username


def test_successful_sign_in_writes_an_audit_row_with_actor_and_ip(client, county_officer):
    token_for(client, county_officer.username)
    row = AuditEvent.objects.filter(action="auth.login", result="ok").latest("id")
    assert row.actor == county_officer
    assert row.ip == "127.0.0.1"


@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer ", "Basic abc", "Token x"])
def test_wrong_token_answers_401(client, header):
    response = client.get("/api/v1/auth/me", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_five_failures_lock_the_name_even_for_the_right_password(
    client, county_officer, other_county_officer
):
    # given four failed attempts, and a fifth that locks the name
    for _ in range(4):
        assert token_for(client, county_officer.username, "wrong").status_code == 401
    assert token_for(client, county_officer.username, "wrong").status_code == 429
    # when the right password is tried
    response = token_for(client, county_officer.username)
    # then the name is locked
    assert response.status_code == 429
    assert response.json()["code"] == "account_locked"
    # and another name from the same address is unaffected
    assert token_for(client, other_county_officer.username).status_code == 200


def test_lock_lifts_by_itself_after_30_minutes(client, county_officer):
    from axes.models import AccessAttempt

    for _ in range(5):
        token_for(client, county_officer.username, "wrong")
    assert token_for(client, county_officer.username).status_code == 429
    # when 31 minutes pass
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=31))
    # then
    assert token_for(client, county_officer.username).status_code == 200


def test_page_login_is_locked_too(client, county_officer):
    for _ in range(5):
        client.post("/login/", {"username": county_officer.username, "password": "x"})
    response = client.post("/login/", {"username": county_officer.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "锁定" in response.content.decode()


def test_staff_session_ends_after_30_idle_minutes(client, county_officer):
    # given a signed-in officer
    assert (
        client.post(
            "/login/", {"username": county_officer.username, "password": PASSWORD}
        ).status_code
        == 302
    )
    assert client.get("/console/").status_code == 200
    # when the last request was 31 minutes ago
    session = client.session
    session["last_seen"] = time.time() - 31 * 60
    session.save()
    # then the next request is signed out and audited
    response = client.get("/console/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert AuditEvent.objects.filter(action="session.idle_timeout", actor=county_officer).exists()


def test_staff_session_survives_29_idle_minutes(client, county_officer):
    client.post("/login/", {"username": county_officer.username, "password": PASSWORD})
    session = client.session
    session["last_seen"] = time.time() - 29 * 60
    session.save()
    assert client.get("/console/").status_code == 200


def test_staff_token_expires_after_30_idle_minutes(client, county_officer):
    token = token_for(client, county_officer.username).json()["token"]
    ApiToken.objects.update(last_used_at=timezone.now() - dt.timedelta(minutes=31))
    assert client.get("/api/v1/auth/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_rider_token_survives_idle_hours(client, rider):
    token = token_for(client, RIDER_PHONE).json()["token"]
    ApiToken.objects.update(last_used_at=timezone.now() - dt.timedelta(hours=5))
    assert client.get("/api/v1/auth/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


def test_console_refuses_riders_and_sends_strangers_to_login(client, rider):
    assert client.get("/console/").status_code == 302
    client.force_login(rider)
    assert client.get("/console/").status_code == 403


def test_region_switcher_refuses_a_region_outside_the_scope(client, county_officer):
    client.force_login(county_officer)
    client.post("/console/region/", {"code": "510107"})
    assert client.session.get("region_focus") is None
    client.post("/console/region/", {"code": "510104"})
    assert client.session.get("region_focus") == "510104"


def test_a_request_that_changes_nothing_leaves_the_session_alone(client, county_officer):
    # given a signed-in officer, and a background request (the cockpit's map data) that has
    # read the session
    client.post("/login/", {"username": county_officer.username, "password": PASSWORD})
    assert client.get("/console/").status_code == 200
    background = RequestFactory().get("/api/v1/dashboard/map")
    background.session = client.session
    assert background.session.get("_auth_user_id")
    # when another request moves the officer's region meanwhile
    focus = client.session
    focus["focus_region"] = "510104"
    focus.save()
    # and the background request ends afterwards, having changed nothing
    SessionMiddleware(lambda r: HttpResponse()).process_response(background, HttpResponse())
    # then the region the officer chose is still there
    assert client.session.get("focus_region") == "510104"


def test_the_idle_stamp_moves_at_most_once_a_minute(client, county_officer):
    client.post("/login/", {"username": county_officer.username, "password": PASSWORD})
    session = client.session
    stamp = time.time() - 10
    session["last_seen"] = stamp
    session.save()
    client.get("/console/")
    assert client.session["last_seen"] == stamp
    session = client.session
    session["last_seen"] = time.time() - 61
    session.save()
    client.get("/console/")
    assert time.time() - client.session["last_seen"] < 30
