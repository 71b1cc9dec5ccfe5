"""Rider self-registration on the H5 pages: one-time SMS codes and the account + record (or a
claim of a census record that waits for its county, see `claims`)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from redrider.accounts.models import User
from redrider.accounts.phone import normalise_phone
from redrider.accounts.services import rider_account_create
from redrider.core.audit import audit_record
from redrider.core.errors import Conflict, DomainError, InvalidInput
from redrider.core.gateways import Message, get_gateway
from redrider.regions.models import Region

from ..choices import ClaimStatus, RiderKind, RiderSource
from ..identity import IdentityError, check_id_number, id_index, name_index, phone_index
from ..models import Platform, RegistrationClaim, Rider, SmsCode
from .claims import claim_pending, claim_submit
from .riders import CONSENT_VERSION

CODE_LIFE = dt.timedelta(minutes=5)
PHONE_GAP = dt.timedelta(seconds=60)  # one code a minute per phone
PHONE_PER_HOUR = 5
IP_PER_HOUR = 20
MAX_ATTEMPTS = 5


# Fresh instances on every refusal: a shared exception object would collect one traceback per
# raise for the life of the process, keeping every frame (passwords, ID numbers) alive with it.
def too_many() -> DomainError:
    return DomainError(
        "sms_rate_limited",
        "验证码发送过于频繁，请稍后再试",
        "too many codes requested: try again later",
        status=429,
    )


def bad_code() -> DomainError:
    return DomainError(
        "invalid_code", "验证码错误或已过期", "the code is wrong or has expired", status=422
    )


def _phone(raw: str) -> str:
    phone = normalise_phone(raw or "")
    if phone is None:
        raise InvalidInput("invalid_phone", "手机号无效", "invalid mobile number")
    return phone


def _code_hash(index: str, code: str) -> str:
    key = (settings.BLIND_INDEX_KEY + ":sms:" + index).encode()
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def sms_code_send(*, phone: str, ip: str | None, purpose: str = "register") -> SmsCode:
    """Send a 6-digit code to `phone` through the configured gateway.

    Rate limits (429 when exceeded, nothing sent): one per phone a minute, five per phone an
    hour, twenty per IP an hour. Only a keyed hash of the code is stored; it lives 5 minutes.
    """
    phone = _phone(phone)
    index = phone_index(phone)
    now = timezone.now()
    hour_ago = now - dt.timedelta(hours=1)
    recent = SmsCode.objects.filter(phone_index=index, created_at__gte=hour_ago)
    if recent.filter(created_at__gte=now - PHONE_GAP).exists() or recent.count() >= PHONE_PER_HOUR:
        audit_record(
            actor=None, action="rider.sms_code", result="denied", detail={"why": "phone_rate"}
        )
        raise too_many()
    if ip and SmsCode.objects.filter(ip=ip, created_at__gte=hour_ago).count() >= IP_PER_HOUR:
        audit_record(
            actor=None, action="rider.sms_code", result="denied", detail={"why": "ip_rate"}
        )
        raise too_many()
    code = f"{secrets.randbelow(10**6):06d}"
    row = SmsCode.objects.create(
        phone_index=index,
        purpose=purpose,
        code_hash=_code_hash(index, code),
        ip=ip,
        expires_at=now + CODE_LIFE,
    )
    transaction.on_commit(
        lambda: get_gateway().send(
            Message(to=phone, template="sms_code", params={"code": code, "minutes": 5})
        )
    )
    audit_record(actor=None, action="rider.sms_code", obj=row)
    return row


def sms_code_verify(*, phone: str, code: str, purpose: str = "register") -> None:
    """Consume the phone's latest live code if `code` matches; 422 otherwise.

    Single use: a matched code is marked used in the same statement that checks it is unused,
    so two requests racing with one code cannot both pass. Five wrong tries burn the code.
    """
    index = phone_index(phone)
    now = timezone.now()
    row = (
        SmsCode.objects.filter(
            phone_index=index, purpose=purpose, used_at__isnull=True, expires_at__gt=now
        )
        .order_by("-created_at")
        .first()
    )
    if row is None or row.attempts >= MAX_ATTEMPTS:
        raise bad_code()
    if not hmac.compare_digest(row.code_hash, _code_hash(index, str(code or "").strip())):
        SmsCode.objects.filter(pk=row.pk).update(attempts=row.attempts + 1)
        raise bad_code()
    if SmsCode.objects.filter(pk=row.pk, used_at__isnull=True).update(used_at=now) != 1:
        raise bad_code()


@dataclass(frozen=True)
class Registration:
    """What a registration came to: an account linked to a record, or a claim waiting for the
    census record's county (then `user` and `rider` are None)."""

    user: User | None = None
    rider: Rider | None = None
    claim: RegistrationClaim | None = None

    @property
    def pending(self) -> bool:
        return self.claim is not None


def rider_register(
    *,
    phone: str,
    code: str,
    name: str,
    id_number: str,
    region_code: str,
    platforms: list[str],
    kind: str = RiderKind.FULL_TIME,
    password: str,
    consent: bool,
    ip: str | None = None,
) -> Registration:
    """A rider registers: verified phone, identity, working county, platforms, consent.

    Pre: a live SMS code for the phone; consent given; a valid ID number (stdnum); a known
    county; known platforms; a password of 8+ characters (422 otherwise, nothing written).

    - No census record with this ID number: a new record and a rider account (login with the
      phone).
    - A census record without an account whose phone on file is the verified phone (the phone
      on file received the code): the record is linked to a new account and takes the name,
      working county, kind, platforms and consent given here.
    - A census record without an account and another phone (or none) on file: nothing proves
      the registrant is its person. A pending `RegistrationClaim` is filed for an officer of the
      record's county (see `claims.claim_decide`); no account is created and the record is not
      touched. A second pending claim from the phone answers 409 `claim_pending`.
    - A census record that already has an account: 409 `already_registered`.

    Every outcome writes an audit row (`rider.register`, `rider.claim_submit`, or a denied
    `rider.register`).
    """
    phone = _phone(phone)
    name = (name or "").strip()
    if not consent:
        raise InvalidInput(
            "consent_required", "请阅读并同意个人信息处理规则", "consent is required"
        )
    if not 2 <= len(name) <= 32 or any(ch.isdigit() for ch in name):
        raise InvalidInput("invalid_name", "姓名无效", "invalid name")
    if len(password or "") < 8:
        raise InvalidInput(
            "weak_password", "密码至少8位", "the password needs 8 characters or more"
        )
    try:
        facts = check_id_number(id_number)
    except IdentityError as exc:
        raise InvalidInput(exc.code, exc.zh, exc.en) from None
    if not Region.objects.filter(code=region_code, level="county").exists():
        raise InvalidInput("unknown_county", "工作区县不存在", "unknown county")
    found = list(Platform.objects.filter(code__in=platforms or []))
    if not found or len(found) != len(set(platforms)):
        raise InvalidInput("unknown_platform", "请选择所在平台", "choose known platforms")
    if kind not in RiderKind.values:
        raise InvalidInput("invalid_kind", "类别无效", "invalid kind")
    sms_code_verify(phone=phone, code=code)
    refusal: tuple[DomainError, Rider | None] | None = None
    with transaction.atomic():
        rider = Rider.objects.select_for_update().filter(id_index=id_index(facts.number)).first()
        if rider is not None and rider.user_id:
            refusal = (
                Conflict(
                    "already_registered",
                    "该身份证号已注册，请直接登录",
                    "this ID number is already registered: sign in",
                ),
                rider,
            )
        elif rider is not None and not (
            rider.phone_index and rider.phone_index == phone_index(phone)
        ):
            if Rider.objects.filter(user__phone_index=phone_index(phone)).exists():
                refusal = (_phone_taken(), None)
            elif RegistrationClaim.objects.filter(
                phone_index=phone_index(phone), status=ClaimStatus.PENDING
            ).exists():
                refusal = (claim_pending(), rider)
            else:
                claim = claim_submit(
                    rider=rider,
                    phone=phone,
                    name=name,
                    region_code=region_code,
                    kind=kind,
                    platforms=[p.code for p in found],
                    password=password,
                    ip=ip,
                )
                return Registration(claim=claim)
        else:
            user, rider = _link_or_create(
                rider=rider,
                facts=facts,
                phone=phone,
                name=name,
                region_code=region_code,
                kind=kind,
                platforms=found,
                password=password,
            )
            return Registration(user=user, rider=rider)
    # Refusals are audited outside the rolled-back write, so their rows stay.
    error, about = refusal
    audit_record(
        actor=None,
        actor_label="registration",
        action="rider.register",
        obj=about,
        result="denied",
        detail={"why": error.code},
    )
    raise error


def _phone_taken() -> DomainError:
    return Conflict(
        "already_registered",
        "该手机号已注册，请直接登录",
        "this phone is already registered: sign in",
    )


def _link_or_create(
    *, rider: Rider | None, facts, phone, name, region_code, kind, platforms, password
) -> tuple[User, Rider]:
    """The account, and a new record or the census record whose phone on file is `phone`."""
    masked = name[0] + "*" * (len(name) - 1)
    user = rider_account_create(actor=None, phone=phone, password=password, display_name=masked)
    if Rider.objects.filter(user=user).exists():
        raise _phone_taken()
    now = timezone.now()
    proof = "phone_on_file" if rider is not None else "new_record"
    if rider is None:
        rider = Rider(
            id_number=facts.number,
            id_index=id_index(facts.number),
            gender=facts.gender,
            birth_year=facts.birth_year,
            source=RiderSource.SELF,
            joined_on=now.date(),
        )
    rider.user = user
    rider.name, rider.name_index = name, name_index(name)
    rider.phone, rider.phone_index = phone, phone_index(phone)
    rider.region_code, rider.kind = region_code, kind
    rider.consent_version, rider.consent_at, rider.consent_channel = CONSENT_VERSION, now, "h5"
    rider.save()
    rider.platforms.add(*platforms)
    audit_record(
        actor=user,
        action="rider.register",
        obj=rider,
        detail={"linked_census": rider.source != RiderSource.SELF, "proof": proof},
    )
    return user, rider
