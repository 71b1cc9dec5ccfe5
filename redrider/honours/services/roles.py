"""Riders' initiative (倡议书) signatures and the four roles."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction

from redrider.accounts.policy import require
from redrider.core.audit import audit_record
from redrider.core.errors import Conflict, InvalidInput
from redrider.riders.models import Rider
from redrider.riders.selectors import rider_profile_for_user

from ..choices import RiderRole
from ..models import Pledge, RoleTaking
from ..pledge import LETTER_VERSION
from .common import now_or, text


def _own_record(actor) -> Rider:
    require(actor, "honours.sign_pledge")
    rider = rider_profile_for_user(actor)
    if rider is None:
        raise Conflict("not_registered", "请先完成骑手注册", "register as a rider first")
    return rider


def _roles_check(roles: list[str]) -> list[str]:
    unknown = [r for r in roles if r not in RiderRole.values]
    if unknown:
        raise InvalidInput(
            "unknown_role",
            "角色无效（可选：引导员、宣传员、监督员、信息员）",
            f"unknown role: {', '.join(unknown)}",
            allowed=list(RiderRole.values),
        )
    return list(dict.fromkeys(roles))


@transaction.atomic
def pledge_sign(
    *,
    actor,
    signed_name: str,
    language: str,
    roles: list[str] | None = None,
    now: dt.datetime | None = None,
) -> Pledge:
    """The rider signs the initiative on the phone, choosing roles at the same time.

    Before: the actor is a registered rider (409), has not signed yet (409), the language is one
    of the interface's and the signature given (422), the roles known (422). After: the pledge in
    the rider's county, one `RoleTaking` per role, an audit row.
    """
    now = now_or(now)
    rider = _own_record(actor)
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise InvalidInput("unknown_language", "语言无效", "unknown language")
    name = text(signed_name, zh="签名", en="signature", limit=32)
    chosen = _roles_check(roles or [])
    if Pledge.objects.filter(rider=rider).exists():
        raise Conflict("already_signed", "您已签署倡议书", "you have already signed")
    try:
        with transaction.atomic():
            pledge = Pledge.objects.create(
                rider=rider,
                region_code=rider.region_code,
                version=LETTER_VERSION,
                language=language,
                signed_name=name,
                signed_at=now,
            )
    except IntegrityError:
        raise Conflict("already_signed", "您已签署倡议书", "you have already signed") from None
    RoleTaking.objects.bulk_create(
        [RoleTaking(rider=rider, region_code=rider.region_code, role=r, since=now) for r in chosen]
    )
    audit_record(actor=actor, action="honours.pledge_sign", obj=pledge)
    return pledge


@transaction.atomic
def role_take(*, actor, role: str, now: dt.datetime | None = None) -> RoleTaking:
    """Take up a role (idempotent). Before: signed the initiative (409), role known (422)."""
    rider = _own_record(actor)
    _roles_check([role])
    if not Pledge.objects.filter(rider=rider).exists():
        raise Conflict("pledge_required", "请先签署倡议书", "sign the initiative first")
    taking, created = RoleTaking.objects.get_or_create(
        rider=rider,
        role=role,
        defaults={"region_code": rider.region_code, "since": now_or(now)},
    )
    if created:
        audit_record(actor=actor, action="honours.role_take", obj=taking)
    return taking


@transaction.atomic
def role_drop(*, actor, role: str) -> bool:
    """Give up a role. Answers whether the rider held it."""
    rider = _own_record(actor)
    _roles_check([role])
    deleted, _ = RoleTaking.objects.filter(rider=rider, role=role).delete()
    if deleted:
        audit_record(actor=actor, action="honours.role_drop", obj=rider, detail={"role": role})
    return bool(deleted)
