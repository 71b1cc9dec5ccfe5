"""Account writes: sign-in with audit, API tokens, account creation, and the grants of roles,
regions and personal-data permissions (only ever through `user_grant` / `staff_create`)."""

from __future__ import annotations

import secrets
from datetime import timedelta

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone

from redrider.core.audit import audit_record
from redrider.core.errors import Conflict, DomainError, InvalidInput, PermissionDenied
from redrider.core.models import AuditEvent
from redrider.regions import tree

from .backends import phone_index, resolve_username, rider_username
from .choices import DUTY_ROLES, GRANTABLE_ROLES, ROLE_LEVEL, Role
from .models import ApiToken, User
from .policy import can, holds_at_least, is_security_admin

# Roles that open the Django admin (`is_staff`): where accounts and back-office data are kept.
ADMIN_DOOR_ROLES = {Role.PROVINCE_ADMIN, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN}


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


def token_sign_in(*, request, username: str, password: str, otp: str = "") -> User:
    """`auth_sign_in`, then for staff the second factor (accounts.otp.check_code: 401
    `otp_required`/`otp_invalid`, 403 `otp_enrolment_required`) and the password's age (403
    `password_expired`: change it on the web). Riders: the password alone."""
    from .otp import check_code
    from .passwords import password_expired

    user = auth_sign_in(request=request, username=username, password=password)
    check_code(user=user, code=otp)
    if password_expired(user):
        raise DomainError(
            "password_expired",
            "密码已超过 90 天未更换，请先在网页上修改密码",
            "the password is older than 90 days: change it on the web first",
            status=403,
        )
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


GRANTED_FIELDS = ("role", "scope_code", "can_view_pii", "can_view_political_status", "is_staff")


def _grants(user: User) -> dict:
    return {name: getattr(user, name) for name in GRANTED_FIELDS}


def _grant_refusal(
    *, actor, role: str, scope_code: str, can_view_pii: bool, can_view_political_status: bool
) -> DomainError | None:
    """Why `actor` may not hand out this role, region and these permissions (None: they may).

    The target holds no more than the actor afterwards: a role ranked no higher, a region inside
    the actor's (a node of the tree that fits the role's level), no permission the actor lacks.
    The auditor reads the whole country's log, so only a superuser gives it.
    """
    if role not in GRANTABLE_ROLES:
        return InvalidInput("invalid_role", "角色无效", "invalid role")
    wanted = User(
        role=role,
        scope_code=scope_code,
        can_view_pii=can_view_pii,
        can_view_political_status=can_view_political_status,
    )
    if role in DUTY_ROLES:
        if scope_code:
            return InvalidInput(
                "invalid_scope",
                "审计员、系统管理员和安全管理员不设管辖区划",
                "auditors, system and security admins have no region",
            )
        if not getattr(actor, "is_superuser", False):
            return PermissionDenied(
                "只有超级管理员可以授予审计员、系统管理员或安全管理员角色",
                "only a superuser grants the auditor, system admin or security admin role",
            )
        return None
    level = ROLE_LEVEL.get(Role(role))
    if not tree.is_known(scope_code) or (level and tree.level_of(scope_code) != level):
        return InvalidInput(
            "invalid_scope", "管辖区划与角色不符", "the region does not fit the role"
        )
    # The security admin grants roles (separation of duties): any region, any permission; it
    # holds none of them itself, so "no more than one's own" is the officers' rule only.
    if not is_security_admin(actor) and not holds_at_least(actor, wanted):
        return PermissionDenied(
            "不能授予超出本人角色、管辖区划或权限的授权",
            "you may not grant more than your own role, region or permissions",
        )
    return None


def user_grant(
    *,
    actor,
    user: User,
    role: str,
    scope_code: str,
    can_view_pii: bool = False,
    can_view_political_status: bool = False,
) -> User:
    """Give a staff account its role, region and personal-data permissions — the only way they
    change (the admin shows them read-only).

    Pre: `actor` may `accounts.grant` this account: an officer, not the account itself, the
    account holding nothing the actor does not (`policy.holds_at_least`); the new grants are
    within the actor's own (see `_grant_refusal`); never superuser (no argument gives it).
    Refusals raise 403/422, change nothing and write a `denied` audit row (checked before the
    write's transaction, so the refusal's row stays). Post: the account's
    fields set (`is_staff`, the admin's door, follows the province-admin role) and an
    `account.grant` audit row with the grants before and after.
    """
    asked = {
        "role": role,
        "scope_code": scope_code,
        "can_view_pii": bool(can_view_pii),
        "can_view_political_status": bool(can_view_political_status),
    }
    refusal: DomainError | None = None
    if user.role == Role.RIDER and not user.is_staff_role:
        refusal = InvalidInput(
            "rider_account", "骑手账号不能授予工作人员角色", "a rider's account cannot be staff"
        )
    elif not can(actor, "accounts.grant", user):
        refusal = PermissionDenied(
            "不能修改本人、上级或超出本人权限的账号",
            "you may not change your own account or one holding more than you",
        )
    else:
        refusal = _grant_refusal(
            actor=actor,
            role=role,
            scope_code=scope_code,
            can_view_pii=bool(can_view_pii),
            can_view_political_status=bool(can_view_political_status),
        )
    if refusal is not None:
        audit_record(
            actor=actor,
            action="account.grant",
            obj=user,
            result=AuditEvent.Result.DENIED,
            region_code=user.scope_code,
            detail={"asked": asked, "code": refusal.code},
        )
        raise refusal
    with transaction.atomic():
        before = _grants(user)
        for name, value in asked.items():
            setattr(user, name, value)
        user.is_staff = role in ADMIN_DOOR_ROLES
        user.save(update_fields=[*GRANTED_FIELDS])
        audit_record(
            actor=actor,
            action="account.grant",
            obj=user,
            region_code=scope_code or before["scope_code"],
            detail={"before": before, "after": _grants(user)},
        )
    return user


def staff_create(
    *,
    actor,
    username: str,
    password: str,
    role: str,
    scope_code: str,
    display_name: str = "",
    can_view_pii: bool = False,
    can_view_political_status: bool = False,
) -> User:
    """Create a staff account, with the same limits as `user_grant`: a role, region and
    permissions within the actor's own (403/422 otherwise, audited as denied, nothing created);
    a user name not yet taken (409). Post: the account and an `account.create` audit row."""
    username = (username or "").strip()
    refusal: DomainError | None = None
    if not can(actor, "accounts.create") or not can(actor, "accounts.grant"):
        refusal = PermissionDenied()
    elif not username:
        refusal = InvalidInput("invalid_username", "用户名不能为空", "a user name is required")
    elif User.objects.filter(username=username).exists():
        refusal = Conflict("username_taken", "用户名已存在", "this user name is taken")
    else:
        refusal = _grant_refusal(
            actor=actor,
            role=role,
            scope_code=scope_code,
            can_view_pii=can_view_pii,
            can_view_political_status=can_view_political_status,
        ) or _password_refusal(password, User(username=username, role=role))
    if refusal is not None:
        audit_record(
            actor=actor,
            action="account.create",
            result=AuditEvent.Result.DENIED,
            region_code=scope_code if tree.is_known(scope_code) else "",
            detail={"role": role, "code": refusal.code},
        )
        raise refusal
    user = User(
        username=username,
        role=role,
        scope_code=scope_code,
        display_name=display_name,
        can_view_pii=can_view_pii,
        can_view_political_status=can_view_political_status,
        is_staff=role in ADMIN_DOOR_ROLES,
    )
    user.set_password(password)
    with transaction.atomic():
        user.save()
        audit_record(
            actor=actor,
            action="account.create",
            obj=user,
            region_code=scope_code,
            detail={"grants": _grants(user)},
        )
    return user


def _password_refusal(password: str, user: User) -> DomainError | None:
    """The staff password rules (accounts.passwords), as a 422 listing what is wrong."""
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    try:
        validate_password(password or "", user)
    except ValidationError as exc:
        text = "；".join(str(m) for m in exc.messages)
        return InvalidInput("weak_password", f"密码不符合要求：{text}", f"weak password: {text}")
    return None


def account_create(*, actor, username: str, password: str, display_name: str = "") -> User:
    """The system admin's account creation: a staff account holding no role (`pending`), no
    region and no permission until a security admin grants them (separation of duties).

    Pre: `actor` may `accounts.create`; the user name is free (409 otherwise); the password
    meets the staff rules (422). Refusals change nothing and write a `denied` audit row.
    Post: the account and an `account.create` audit row.
    """
    username = (username or "").strip()
    refusal: DomainError | None = None
    if not can(actor, "accounts.create"):
        refusal = PermissionDenied()
    elif not username:
        refusal = InvalidInput("invalid_username", "用户名不能为空", "a user name is required")
    elif User.objects.filter(username=username).exists():
        refusal = Conflict("username_taken", "用户名已存在", "this user name is taken")
    else:
        refusal = _password_refusal(password, User(username=username, role=Role.PENDING))
    if refusal is not None:
        audit_record(
            actor=actor,
            action="account.create",
            result=AuditEvent.Result.DENIED,
            detail={"role": Role.PENDING, "code": refusal.code},
        )
        raise refusal
    user = User(username=username, role=Role.PENDING, display_name=display_name)
    user.set_password(password)
    with transaction.atomic():
        user.save()
        audit_record(
            actor=actor, action="account.create", obj=user, detail={"grants": _grants(user)}
        )
    return user


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
