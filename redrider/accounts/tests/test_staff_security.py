"""Staff security (issue 15 item 5): the TOTP second factor with recovery codes (riders
exempt), the staff password rules, and the separation of duties between the system admin, the
security admin and the auditor."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, make_staff
from redrider.accounts import policy
from redrider.accounts.models import User
from redrider.accounts.otp import has_device
from redrider.accounts.services import account_create, staff_create, user_grant
from redrider.core.errors import DomainError
from redrider.core.models import AuditEvent

pytestmark = pytest.mark.django_db

STRONG = "Ops-check-2024"


@pytest.fixture(autouse=True)
def no_throttle(settings):
    """django-otp delays the next try after a wrong code (1 s, 2 s, 4 s …); the tests here try a
    wrong code and the right one at once."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def code_of(device: TOTPDevice, drift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def enrolled(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def token(client, username, password=PASSWORD, otp=None):
    body = {"username": username, "password": password}
    if otp is not None:
        body["otp"] = otp
    return client.post("/api/v1/auth/token", body, content_type="application/json")


# --- Second factor: API tokens ---------------------------------------------------------------


def test_a_staff_token_needs_the_code_of_an_enrolled_device(client, county_officer):
    device = enrolled(county_officer)
    # without a code, with a wrong one, with the right one
    missing = token(client, "t-jinjiang")
    wrong = token(client, "t-jinjiang", otp="000000" if code_of(device) != "000000" else "111111")
    right = token(client, "t-jinjiang", otp=code_of(device))
    assert (missing.status_code, missing.json()["code"]) == (401, "otp_required")
    assert (wrong.status_code, wrong.json()["code"]) == (401, "otp_invalid")
    assert right.status_code == 200 and right.json()["token"]
    assert AuditEvent.objects.filter(action="auth.otp", result="failed").exists()


def test_riders_are_exempt_from_the_second_factor(client, rider):
    with override_settings(STAFF_OTP_REQUIRED=True):
        response = token(client, "13800000001")
    assert response.status_code == 200


@override_settings(STAFF_OTP_REQUIRED=True)
def test_staff_without_a_device_enrol_on_the_web_before_any_token(client, county_officer):
    response = token(client, "t-jinjiang")
    assert (response.status_code, response.json()["code"]) == (403, "otp_enrolment_required")


def test_a_recovery_code_works_once(client, county_officer):
    enrolled(county_officer)
    from redrider.accounts.otp import recovery_codes_renew

    codes = recovery_codes_renew(user=county_officer)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert token(client, "t-jinjiang", otp=codes[0]).status_code == 200
    assert token(client, "t-jinjiang", otp=codes[0]).json()["code"] == "otp_invalid"
    assert token(client, "t-jinjiang", otp=codes[1].upper()).status_code == 200


# --- Second factor: pages ----------------------------------------------------------------------


def sign_in(client, username, password=PASSWORD):
    return client.post("/login/", {"username": username, "password": password})


@override_settings(STAFF_OTP_REQUIRED=True)
def test_a_staff_account_without_a_device_enrols_at_sign_in_and_gets_recovery_codes(
    client, county_officer
):
    # when it signs in and asks for a console page
    sign_in(client, "t-jinjiang")
    page = client.get("/console/")
    # then it is sent to the enrolment page, which shows a QR code and the key
    assert page.status_code == 302 and page["Location"].startswith("/accounts/otp/setup/")
    setup = client.get(page["Location"])
    assert setup.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in setup.content.decode()
    # and the API, with the session, refuses too
    assert client.get("/api/v1/auth/me").json()["code"] == "otp_enrolment_required"
    # when it confirms with a wrong code, then with the app's code
    device = TOTPDevice.objects.get(user=county_officer, confirmed=False)
    bad = client.post("/accounts/otp/setup/", {"code": "12345"})
    assert bad.status_code == 401 and not has_device(county_officer)
    done = client.post("/accounts/otp/setup/", {"code": code_of(device), "next": "/console/"})
    # then it sees ten recovery codes once, and the console opens
    assert done.status_code == 200
    assert done.content.decode().count("<li><code>") == 10
    assert has_device(county_officer)
    assert client.get("/console/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.otp_enrol", result="ok").exists()


def test_an_enrolled_account_is_asked_for_its_code_after_the_password(client, county_officer):
    device = enrolled(county_officer)
    sign_in(client, "t-jinjiang")
    # the console is closed until the code
    first = client.get("/console/")
    assert first.status_code == 302 and first["Location"].startswith("/accounts/otp/verify/")
    assert client.get("/api/v1/auth/me").status_code == 401
    wrong = client.post("/accounts/otp/verify/", {"code": "000000", "next": "/console/"})
    assert wrong.status_code == 401 or code_of(device) == "000000"
    right = client.post("/accounts/otp/verify/", {"code": code_of(device), "next": "/console/"})
    assert right.status_code == 302 and right["Location"] == "/console/"
    assert client.get("/console/").status_code == 200


def test_five_wrong_codes_end_the_session(client, county_officer):
    device = enrolled(county_officer)
    sign_in(client, "t-jinjiang")
    wrong = "000000" if code_of(device) != "000000" else "111111"
    for _ in range(5):
        response = client.post("/accounts/otp/verify/", {"code": wrong})
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert client.get("/console/").status_code == 302
    assert "/login/" in client.get("/console/")["Location"]


@override_settings(STAFF_OTP_REQUIRED=True)
def test_a_rider_signs_in_without_a_second_factor(client, rider):
    sign_in(client, "13800000001")
    assert client.get("/rider/me/").status_code == 200


# --- Passwords -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("Short-1a", False),  # 8 characters
        ("alllowercaseletters", False),  # one class
        ("lowercase12345", False),  # two classes
        ("Password12345", False),  # three classes but a common password
        ("Ops-check-2024", True),
        ("红骑手-station-2024", True),
    ],
)
def test_staff_passwords_follow_the_rules(password, ok):
    staff = User(username="someone", role="county_officer")
    if ok:
        validate_password(password, staff)
    else:
        with pytest.raises(ValidationError):
            validate_password(password, staff)


def test_a_riders_password_keeps_the_default_rules():
    validate_password("riderpass99", User(username="r", role="rider"))


def test_a_staff_password_older_than_90_days_must_be_changed_first(client, county_officer):
    county_officer.password_changed_at = timezone.now() - dt.timedelta(days=91)
    county_officer.save(update_fields=["password_changed_at"])
    # the API refuses a token
    refused = token(client, "t-jinjiang")
    assert (refused.status_code, refused.json()["code"]) == (403, "password_expired")
    # the pages lead to the password page until it is changed
    sign_in(client, "t-jinjiang")
    page = client.get("/console/")
    assert page["Location"].startswith("/accounts/password/")
    weak = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "weakpass12", "new_password2": "weakpass12"},
    )
    assert weak.status_code == 200  # refused with the rules shown
    changed = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": STRONG, "new_password2": STRONG},
    )
    assert changed.status_code == 302
    assert client.get("/console/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.password_change").exists()


# --- Separation of duties ------------------------------------------------------------------------


@pytest.fixture
def duties(db):
    root = User.objects.create_superuser("root", password="Root-pass-2024")
    made = {}
    for role in ("system_admin", "security_admin", "auditor"):
        user = make_staff(f"t-{role}", "pending", "")
        user_grant(actor=root, user=user, role=role, scope_code="")
        made[role] = User.objects.get(pk=user.pk)
    return made


def test_each_duty_holds_exactly_its_own_actions(duties):
    allowed = {
        role: {name for name in policy.ACTIONS if policy.can(user, name)}
        for role, user in duties.items()
    }
    assert allowed == {
        "system_admin": {"accounts.create", "accounts.manage"},
        "security_admin": {"accounts.grant"},
        "auditor": {"web.audit_log"},
    }


def test_the_system_admin_creates_accounts_without_any_role(duties, county_officer):
    sysadmin = duties["system_admin"]
    created = account_create(actor=sysadmin, username="new-staff", password=STRONG)
    assert (created.role, created.scope_code, created.can_view_pii) == ("pending", "", False)
    # but it grants nothing, not even through the officers' creation path
    with pytest.raises(DomainError):
        user_grant(actor=sysadmin, user=created, role="county_officer", scope_code="510104")
    with pytest.raises(DomainError):
        staff_create(
            actor=sysadmin,
            username="x2",
            password=STRONG,
            role="county_officer",
            scope_code="510104",
        )
    # and a weak password is refused
    with pytest.raises(DomainError) as weak:
        account_create(actor=sysadmin, username="weak", password="weakpass")
    assert weak.value.code == "weak_password"


def test_the_security_admin_grants_roles_but_creates_no_account(duties):
    secadmin = duties["security_admin"]
    pending = account_create(actor=duties["system_admin"], username="p1", password=STRONG)
    granted = user_grant(
        actor=secadmin, user=pending, role="county_officer", scope_code="510104", can_view_pii=True
    )
    assert (granted.role, granted.scope_code, granted.can_view_pii) == (
        "county_officer",
        "510104",
        True,
    )
    with pytest.raises(DomainError):
        account_create(actor=secadmin, username="p2", password=STRONG)
    # never a duty role, never a duty's account, never its own
    for role in ("auditor", "system_admin", "security_admin"):
        with pytest.raises(DomainError):
            user_grant(actor=secadmin, user=granted, role=role, scope_code="")
    with pytest.raises(DomainError):
        user_grant(
            actor=secadmin, user=duties["auditor"], role="county_officer", scope_code="510104"
        )
    with pytest.raises(DomainError):
        user_grant(actor=secadmin, user=secadmin, role="county_officer", scope_code="510104")


def test_neither_the_system_nor_the_security_admin_reads_the_audit_log(client, duties):
    for role in ("system_admin", "security_admin"):
        client.force_login(duties[role])
        assert client.get("/console/audit/").status_code == 403
        assert client.get("/admin/core/auditevent/").status_code in (302, 403)
    client.force_login(duties["auditor"])
    assert client.get("/console/audit/").status_code == 200


def test_the_system_admin_creates_accounts_in_the_admin(client, duties):
    client.force_login(duties["system_admin"])
    assert client.get("/admin/accounts/user/").status_code == 200
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "via-admin",
            "display_name": "新同事",
            "password1": STRONG,
            "password2": STRONG,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(username="via-admin").role == "pending"
