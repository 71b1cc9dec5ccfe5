"""Rider records: unmasked views and exports (permission + reason + audit), status, consent."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from redrider.accounts.models import User
from redrider.accounts.policy import is_rider
from redrider.core.audit import audit_record
from redrider.core.errors import DomainError, InvalidInput, PermissionDenied

from ..choices import PoliticalStatus, RiderStatus
from ..models import Rider

CONSENT_VERSION = "2025-1"


def _require_pii(actor: User, reason: str, rider=None, action: str = "rider.reveal") -> str:
    reason = (reason or "").strip()
    if not getattr(actor, "can_view_pii", False):
        audit_record(
            actor=actor,
            action=action,
            obj=rider,
            result="denied",
            detail={"reason": reason[:200], "why": "no_permission"},
        )
        raise PermissionDenied(
            "没有查看完整身份证号和手机号的权限", "you may not see full ID and phone numbers"
        )
    if len(reason) < 4:
        raise InvalidInput(
            "reason_required",
            "请说明查看原因（至少4个字）",
            "state why you need the full numbers (4 characters or more)",
        )
    return reason[:500]


def rider_reveal(*, actor: User, rider: Rider, reason: str) -> dict:
    """The full name, ID number and phone of one rider the actor can already see.

    Pre: `actor.can_view_pii` and a stated reason; otherwise 403 / 422 and a denied audit row.
    Post: an audit row `rider.reveal` with the reason; returns the plaintext values.
    """
    reason = _require_pii(actor, reason, rider)
    audit_record(actor=actor, action="rider.reveal", obj=rider, detail={"reason": reason})
    return {"name": rider.name, "id_number": rider.id_number, "phone": rider.phone}


@transaction.atomic
def rider_status_set(*, actor: User, rider: Rider, status: str, on: dt.date | None = None) -> Rider:
    """Mark a rider as having left (with the date) or as back at work. Audited."""
    if status not in RiderStatus.values:
        raise InvalidInput("invalid_status", "状态无效", "invalid status")
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise InvalidInput("invalid_date", "日期不能在未来", "the date cannot be in the future")
    before = rider.status
    rider.status = status
    if status == RiderStatus.LEFT:
        rider.left_on = on
    else:
        rider.left_on = None
        rider.joined_on = on if before == RiderStatus.LEFT else rider.joined_on
    rider.save(update_fields=["status", "left_on", "joined_on", "updated_at"])
    audit_record(
        actor=actor, action="rider.status", obj=rider, detail={"from": before, "to": status}
    )
    return rider


@transaction.atomic
def rider_consent_record(*, actor: User, rider: Rider, channel: str = "h5") -> Rider:
    """Record the rider's consent to the processing of their data (version, time, channel)."""
    if actor is not None and rider.user_id and actor.pk != rider.user_id and is_rider(actor):
        raise PermissionDenied()
    rider.consent_version = CONSENT_VERSION
    rider.consent_at = timezone.now()
    rider.consent_channel = channel[:16]
    rider.save(update_fields=["consent_version", "consent_at", "consent_channel", "updated_at"])
    audit_record(
        actor=actor,
        action="rider.consent",
        obj=rider,
        detail={"version": CONSENT_VERSION, "channel": channel},
    )
    return rider


@transaction.atomic
def rider_consent_withdraw(*, actor: User, rider: Rider) -> Rider:
    """The rider withdraws consent (PIPL art. 15, 47): recorded with the time and audited.

    Pre: `actor` is the rider behind the record (403 otherwise). Post: `consent_withdrawn_at`
    set, consent fields cleared; name, ID number and phone erased (ciphertext of ""), their
    name/phone blind indexes cleared, political status, mobile-party flag and community
    organisation reset. Kept: the `id_index` keyed hash (so the same person is not counted
    twice), gender, birth year, working county, platforms, kind, status: the census counts stay
    right. From then on the rider is left out of exports and is offered no surveys.
    """
    if actor is None or rider.user_id is None or actor.pk != rider.user_id:
        raise PermissionDenied("只能撤回本人的授权", "only the rider may withdraw their consent")
    if rider.consent_withdrawn_at is not None:
        return rider
    rider.consent_withdrawn_at = timezone.now()
    rider.consent_version = ""
    rider.consent_at = None
    rider.consent_channel = ""
    rider.name = ""
    rider.id_number = ""
    rider.phone = ""
    rider.name_index = ""
    rider.phone_index = ""
    rider.political_status = PoliticalStatus.MASSES
    rider.mobile_party_member = False
    rider.community_organisation = ""
    rider.save()
    audit_record(actor=actor, action="rider.consent_withdraw", obj=rider)
    return rider


def political_label(user, rider: Rider) -> str | None:
    """The political status as shown to `user`: None without the permission."""
    if not getattr(user, "can_view_political_status", False):
        return None
    return str(PoliticalStatus(rider.political_status).label)


__all__ = ["DomainError"]
