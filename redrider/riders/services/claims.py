"""Claims of census records (底数认领).

Registering with the ID number of a census record that has no account links the record only
when the registrant proves to be its person: the verified phone is the one on file (the phone
on file received the code). Otherwise the registration becomes a pending claim — nothing in the
record changes, no account is created — and an officer of the record's county confirms it (the
claimant's name must match the record's) or rejects it. Every step writes an audit row; the
phone on file is told that someone asked.
"""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from redrider.accounts.models import User
from redrider.accounts.policy import can
from redrider.accounts.services import rider_account_create
from redrider.core.audit import audit_record
from redrider.core.errors import Conflict, DomainError, InvalidInput, PermissionDenied
from redrider.core.gateways import Message, get_gateway
from redrider.regions import tree

from ..choices import ClaimStatus, RiderSource
from ..identity import name_index, phone_index
from ..models import Platform, RegistrationClaim, Rider
from .riders import CONSENT_VERSION

CONFIRM, REJECT = "confirm", "reject"


def claim_pending() -> DomainError:
    return Conflict(
        "claim_pending",
        "该手机号已有待核实的注册申请，请等待区县工作人员核实",
        "a registration from this phone is already waiting for review",
    )


def claim_submit(
    *,
    rider: Rider,
    phone: str,
    name: str,
    region_code: str,
    kind: str,
    platforms: list[str],
    password: str,
    ip: str | None,
) -> RegistrationClaim:
    """File a claim of `rider` (locked by the caller, no account, another phone on file).

    Pre: the phone was verified with an SMS code; the inputs were validated by the caller;
    no pending claim from this phone (409 `claim_pending`). Post: a pending claim owned by
    the record's county, an audit row `rider.claim_submit`, and a notice to the phone on file
    after commit. The census record is not touched.
    """
    index = phone_index(phone)
    if RegistrationClaim.objects.filter(phone_index=index, status=ClaimStatus.PENDING).exists():
        raise claim_pending()
    claim = RegistrationClaim.objects.create(
        region_code=rider.region_code,
        rider=rider,
        name=name,
        name_index=name_index(name),
        phone=phone,
        phone_index=index,
        name_matches=bool(rider.name_index) and rider.name_index == name_index(name),
        requested_region_code=region_code,
        kind=kind,
        platforms=sorted(set(platforms)),
        password_hash=make_password(password),
        consent_version=CONSENT_VERSION,
        consent_at=timezone.now(),
        ip=ip,
    )
    audit_record(
        actor=None,
        actor_label="registration",
        action="rider.claim_submit",
        obj=claim,
        detail={
            "rider": rider.pk,
            "name_matches": claim.name_matches,
            "requested_region": region_code,
        },
    )
    on_file = rider.phone
    if on_file:
        county = tree.name_of(rider.region_code)
        transaction.on_commit(
            lambda: get_gateway().send(
                Message(to=on_file, template="census_claim_notice", params={"county": county})
            )
        )
    return claim


def claim_decide(*, actor: User, claim: RegistrationClaim, decision: str, note: str = ""):
    """An officer of the record's county confirms or rejects a pending claim.

    Pre: `actor` may `riders.claim_decide` the claim (403 otherwise, audited as denied); the
    claim is pending (409); `decision` is confirm or reject (422). Confirming also needs the
    claimant's name to match the record's (409 `name_mismatch`), the record to have no account
    yet and the phone no rider behind it (409). Post, confirmed: an account for the verified
    phone with the claimant's chosen password, linked to the record; the record's phone,
    working county, kind, platforms and consent set from the claim; other pending claims of the
    record rejected; audit rows `rider.claim_confirm` and `rider.register`. Post, rejected:
    nothing in the record changes; audit row `rider.claim_reject`. The claimant is told either
    way (and so are the other claimants of a confirmed record). The stored password hash is
    wiped on any decision.
    """
    note = (note or "").strip()[:500]
    if decision not in (CONFIRM, REJECT):
        raise InvalidInput("invalid_decision", "请选择确认或驳回", "choose confirm or reject")
    if not can(actor, "riders.claim_decide", claim):
        audit_record(
            actor=actor,
            action=f"rider.claim_{decision}",
            obj=claim,
            result="denied",
            detail={"why": "not_allowed"},
        )
        raise PermissionDenied(
            "只有底数记录所在区县的工作人员可以核实", "only the record's county officers decide"
        )
    with transaction.atomic():
        claim = RegistrationClaim.objects.select_for_update().get(pk=claim.pk)
        rider = Rider.objects.select_for_update().get(pk=claim.rider_id)
        if claim.status != ClaimStatus.PENDING:
            raise Conflict("claim_decided", "该申请已处理", "this claim was already decided")
        if decision == CONFIRM:
            _confirm(actor=actor, claim=claim, rider=rider, note=note)
        else:
            _close(actor=actor, claim=claim, status=ClaimStatus.REJECTED, note=note)
    return claim


def _confirm(*, actor: User, claim: RegistrationClaim, rider: Rider, note: str) -> None:
    if not claim.name_matches:
        raise Conflict(
            "name_mismatch",
            "申请人姓名与底数记录不一致，不能确认：请驳回，核实后更正底数再让本人重新注册",
            "the claimant's name does not match the record: reject it",
        )
    if rider.user_id:
        raise Conflict(
            "already_registered", "该底数记录已有账号", "the record already has an account"
        )
    if Rider.objects.filter(user__phone_index=claim.phone_index).exists():
        raise Conflict("phone_registered", "该手机号已注册", "this phone is already registered")
    # An account already on this phone (verified by the claimant's code) keeps its password;
    # a new one gets the password the claimant chose.
    is_new = not User.objects.filter(phone_index=claim.phone_index).exists()
    user = rider_account_create(
        actor=actor, phone=claim.phone, password=None, display_name=rider.masked_name
    )
    if is_new:
        User.objects.filter(pk=user.pk).update(password=claim.password_hash)
    rider.user = user
    rider.phone, rider.phone_index = claim.phone, claim.phone_index
    rider.region_code, rider.kind = claim.requested_region_code, claim.kind
    rider.consent_version, rider.consent_at, rider.consent_channel = (
        claim.consent_version,
        claim.consent_at,
        "h5",
    )
    rider.save()
    rider.platforms.add(*Platform.objects.filter(code__in=claim.platforms))
    claim.user = user
    _close(actor=actor, claim=claim, status=ClaimStatus.CONFIRMED, note=note)
    audit_record(
        actor=actor,
        action="rider.register",
        obj=rider,
        detail={
            "linked_census": rider.source != RiderSource.SELF,
            "proof": "officer_confirmed",
            "claim": claim.pk,
        },
    )
    for other in rider.claims.filter(status=ClaimStatus.PENDING).exclude(pk=claim.pk):
        _close(actor=actor, claim=other, status=ClaimStatus.REJECTED, note="superseded")


def _close(*, actor: User, claim: RegistrationClaim, status: str, note: str) -> None:
    claim.status = status
    claim.decided_by = actor
    claim.decided_at = timezone.now()
    claim.decision_note = note
    claim.password_hash = ""
    claim.save()
    action = "rider.claim_confirm" if status == ClaimStatus.CONFIRMED else "rider.claim_reject"
    audit_record(actor=actor, action=action, obj=claim, detail={"rider": claim.rider_id})
    phone, template = claim.phone, f"census_claim_{status}"
    transaction.on_commit(lambda: get_gateway().send(Message(to=phone, template=template)))
