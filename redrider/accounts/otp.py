"""The staff second factor: TOTP (django-otp) with one-time recovery codes; riders are exempt.

A staff account (and a superuser) signs in with its password, then a 6-digit code from an
authenticator app (RFC 6238, 30-second steps) — or one of ten recovery codes, each good once.
An account without a device enrols at its next sign-in when STAFF_OTP_REQUIRED (production):
scan the QR code, type one code, receive the recovery codes, shown once. Every step is audited.

The session's state (verified, which device) is django-otp's (`django_otp.login`,
OTPMiddleware); `StaffSecondFactorMiddleware` keeps an unverified staff session on these pages
until it is verified. API tokens for staff are issued only with a valid code
(`services.token_sign_in`).
"""

from __future__ import annotations

import base64

import segno
from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from redrider.core.audit import audit_record
from redrider.core.errors import DomainError
from redrider.core.models import AuditEvent

RECOVERY_CODES = 10
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery"


def has_device(user) -> bool:
    """A confirmed TOTP device (recovery codes alone do not count: they come with one)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def must_enrol(user) -> bool:
    return bool(
        getattr(settings, "STAFF_OTP_REQUIRED", True)
        and user.needs_second_factor
        and not has_device(user)
    )


def pending_device(user) -> TOTPDevice:
    """The unconfirmed TOTP device being enrolled (created on first call, kept until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=TOTP_NAME).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def qr_data_uri(device: TOTPDevice) -> str:
    """The enrolment QR code as an SVG data: URI (allowed by the CSP's img-src)."""
    svg = segno.make(device.config_url, error="m").svg_inline(scale=4)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def secret_words(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into an app without a camera."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def bad_code() -> DomainError:
    return DomainError("otp_invalid", "动态验证码错误", "the one-time code is wrong", status=401)


@transaction.atomic
def enrol_confirm(*, request, user, code: str) -> list[str]:
    """Confirm the pending TOTP device with a first code; returns the new recovery codes.

    Wrong code: 401 `otp_invalid`, nothing confirmed, a `failed` audit row. Right code: the
    device confirmed (any other TOTP device of the account removed), ten recovery codes
    replacing any earlier ones, the session verified, an `auth.otp_enrol` audit row.
    """
    device = pending_device(user)
    if not device.verify_token((code or "").strip()):
        audit_record(actor=user, action="auth.otp_enrol", obj=user, result=AuditEvent.Result.FAILED)
        raise bad_code()
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    otp_login(request, device)
    audit_record(actor=user, action="auth.otp_enrol", obj=user, region_code=user.scope_code)
    return codes


def verify(*, request, user, code: str) -> None:
    """Check a TOTP or recovery code for a signed-in staff session and mark it verified.

    A recovery code is used up by this. Wrong: 401 `otp_invalid` and a `failed` audit row.
    """
    device = match_token(user, (code or "").replace(" ", "").strip().lower())
    if device is None:
        audit_record(actor=user, action="auth.otp", obj=user, result=AuditEvent.Result.FAILED)
        raise bad_code()
    otp_login(request, device)
    audit_record(
        actor=user,
        action="auth.otp",
        obj=user,
        region_code=user.scope_code,
        detail={"recovery_code": isinstance(device, StaticDevice)},
    )


def check_code(*, user, code: str | None) -> None:
    """For API tokens: the account's code must match (401 `otp_required` / `otp_invalid`);
    an account that must enrol first is refused (403 `otp_enrolment_required`)."""
    if not user.needs_second_factor:
        return
    if not any(True for _ in devices_for_user(user, confirmed=True)):
        if must_enrol(user):
            raise DomainError(
                "otp_enrolment_required",
                "请先在网页上绑定动态验证码（身份验证器）",
                "set up the authenticator (one-time codes) on the web first",
                status=403,
            )
        return
    if not code:
        raise DomainError(
            "otp_required",
            "工作人员需要动态验证码（otp）",
            "staff need a one-time code (otp)",
            status=401,
        )
    if match_token(user, code.replace(" ", "").strip().lower()) is None:
        audit_record(actor=user, action="auth.otp", obj=user, result=AuditEvent.Result.FAILED)
        raise bad_code()


@transaction.atomic
def recovery_codes_renew(*, user) -> list[str]:
    """Ten new recovery codes (the old ones stop working); audited."""
    codes = _new_recovery_codes(user)
    audit_record(actor=user, action="auth.recovery_codes", obj=user, region_code=user.scope_code)
    return codes
