"""Account writes: sign-in with audit, API tokens, account creation."""

from __future__ import annotations

import secrets
from datetime import timedelta

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone

from redrider.core.audit import audit_record
from redrider.core.errors import DomainError
from redrider.core.models import AuditEvent

from .backends import phone_index, resolve_username, rider_username
from .choices import Role
from .models import ApiToken, User


# Fresh instances on every refusal: raising one shared exception object would keep growing its
# traceback for the life of the process.
def locked() -> DomainError:
    return DomainError(
        "account_locked",
        "登录失败次数过多，账号已锁定 30 分钟",
        "too many failed sign-ins: this account is locked for 30 minutes",
        status=429,
    )


def bad_credentials() -> DomainError:
    return DomainError(
        "invalid_credentials", "用户名或密码错误", "wrong user name or password", status=401
    )


def auth_sign_in(*, request, username: str, password: str) -> User:
    """Check credentials, honouring the per-name lockout; audit success and failure.

    Raises `locked()` (429) while the name is locked — even for the right password — and
    `bad_credentials()` (401) otherwise. Returns the active user on success.
    """
    name = resolve_username(username)
    credentials = {"username": username}
    if AxesProxyHandler.is_locked(request, credentials):
        audit_record(
            actor=None,
            actor_label=name,
            action="auth.login",
            result="denied",
            detail={"reason": "locked"},
        )
        raise locked()
    user = authenticate(request, username=username, password=password)
    if user is None:
        locked_now = getattr(request, "axes_locked_out", False)
        audit_record(
            actor=None,
            actor_label=name,
            action="auth.login",
            result=AuditEvent.Result.DENIED if locked_now else AuditEvent.Result.FAILED,
            detail={"reason": "locked" if locked_now else "bad_credentials"},
        )
        raise locked() if locked_now else bad_credentials()
    audit_record(actor=user, action="auth.login", obj=user, region_code=user.scope_code)
    return user


def token_issue(*, user: User) -> str:
    """Create a bearer token for `user`; only its digest is stored. Returns the raw token."""
    raw = secrets.token_urlsafe(32)
    now = timezone.now()
    lifetime = (
        timedelta(hours=12) if user.is_staff_role else timedelta(days=settings.RIDER_TOKEN_DAYS)
    )
    ApiToken.objects.create(
        user=user, digest=ApiToken.digest_of(raw), last_used_at=now, expires_at=now + lifetime
    )
    return raw


def token_authenticate(*, raw: str) -> User | None:
    """The active user behind a bearer token, or None when unknown, expired or idle too long.

    Staff tokens also end after STAFF_IDLE_SECONDS without use, like staff sessions.
    """
    token = ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_of(raw)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    idle = (now - token.last_used_at).total_seconds()
    if now >= token.expires_at or (token.user.is_staff_role and idle > settings.STAFF_IDLE_SECONDS):
        return None
    if idle > 60:  # write at most once a minute per token
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def rider_account_create(
    *, actor, phone: str, password: str | None, display_name: str = "", username: str | None = None
) -> User:
    """Create (or return) the account of a rider identified by a normalised mobile number."""
    user, created = User.objects.get_or_create(
        phone_index=phone_index(phone),
        defaults={
            "role": Role.RIDER,
            "display_name": display_name,
            "username": username or rider_username(phone),
        },
    )
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        audit_record(actor=actor, action="account.create_rider", obj=user)
    return user
