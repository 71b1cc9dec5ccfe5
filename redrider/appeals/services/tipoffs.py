"""Tip-off writes: filing with a confidential informant, evidence, verification and the reward."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from redrider.accounts.models import User
from redrider.accounts.policy import can
from redrider.core.audit import audit_record
from redrider.core.errors import Conflict, InvalidInput, PermissionDenied
from redrider.core.events import TipoffFounded, announce
from redrider.core.photos import photo_attach

from ..choices import (
    TIPOFF_REWARD_POINTS,
    Platform,
    RouteTo,
    TipoffCategory,
    TipoffOutcome,
    TipoffStatus,
)
from ..models import Tipoff, TipoffPhoto, TipoffReward
from ..routing import route
from ..workflow import TIPOFF_FLOW
from .appeals import _require_rider, _text

# Audit rows about a tip-off never name the informant: auditors see that a tip-off was filed,
# not by whom. The link lives only on the tip-off row, behind `appeals.view_informant`.
CONFIDENTIAL = "confidential-informant"
MAX_PHOTOS = 6


@transaction.atomic
def tipoff_create(
    *,
    actor: User,
    category: str,
    description: str,
    merchant_name: str,
    platform: str = Platform.OTHER,
    platform_shop: str = "",
    merchant_address: str = "",
    lat,
    lng,
    crs: str = "wgs84",
) -> Tipoff:
    """File a tip-off about a merchant (线索). Before: `actor` is a rider, the category known,
    merchant name and description given, the point in China (422 otherwise, nothing written).
    After: a `submitted` tip-off in the merchant's county, routed to the nearest office; the
    audit row does not name the informant."""
    _require_rider(actor)
    if category not in TipoffCategory.values:
        raise InvalidInput(
            "unknown_category",
            "线索类别无效",
            "unknown tip-off category",
            allowed=list(TipoffCategory.values),
        )
    if platform not in Platform.values:
        raise InvalidInput("unknown_platform", "平台无效", "unknown platform")
    text = _text(
        description, field_zh="情况描述", field_en="description", limit=1000, required=True
    )
    name = _text(
        merchant_name, field_zh="商户名称", field_en="merchant name", limit=128, required=True
    )
    shop = _text(
        platform_shop, field_zh="平台店铺名", field_en="platform shop", limit=128, required=False
    )
    address = _text(
        merchant_address, field_zh="商户地址", field_en="address", limit=255, required=False
    )
    where = route(lat, lng, crs, RouteTo.OFFICE)
    tipoff = Tipoff.objects.create(
        informant=actor,
        category=category,
        description=text,
        merchant_name=name,
        platform=platform,
        platform_shop=shop,
        merchant_address=address,
        lat=where.lat,
        lng=where.lng,
        region_code=where.county_code,
        assigned_office=where.office,
        submitted_at=timezone.now(),
    )
    audit_record(
        actor=None,
        actor_label=CONFIDENTIAL,
        action="tipoff.create",
        obj=tipoff,
        detail={"category": category},
    )
    return tipoff


@transaction.atomic
def tipoff_photo_add(*, actor: User, tipoff: Tipoff, data: bytes) -> TipoffPhoto:
    """Evidence from the informant while the tip-off is open; re-encoded without EXIF/GPS."""
    if tipoff.informant_id != getattr(actor, "pk", None):
        raise PermissionDenied(
            "只能给自己的线索上传照片", "you may add photos to your own tip-offs only"
        )
    if tipoff.status == TipoffStatus.CLOSED:
        raise Conflict("tipoff_closed", "该线索已办结", "this tip-off is closed")
    photo = photo_attach(
        tipoff.photos,
        data=data,
        limit=MAX_PHOTOS,
        full=(f"每条线索最多 {MAX_PHOTOS} 张照片", f"at most {MAX_PHOTOS} photos per tip-off"),
    )
    audit_record(actor=None, actor_label=CONFIDENTIAL, action="tipoff.photo_add", obj=tipoff)
    return photo


def _require_handler(actor: User, tipoff: Tipoff) -> None:
    if not can(actor, "appeals.tipoff_handle", tipoff):
        raise PermissionDenied("您不是该线索的承办人", "you do not handle this tip-off")


@transaction.atomic
def tipoff_start(*, actor: User, tipoff: Tipoff) -> Tipoff:
    """A handler starts checking the merchant: submitted → verifying (409 from any other)."""
    _require_handler(actor, tipoff)
    tipoff = Tipoff.objects.select_for_update().get(pk=tipoff.pk)
    TIPOFF_FLOW.move(
        tipoff,
        "start",
        refuse=lambda _status: Conflict(
            "illegal_transition", "当前状态不能开始核查", "cannot start verifying now"
        ),
    )
    tipoff.handled_by = actor
    tipoff.save()
    audit_record(actor=actor, action="tipoff.start", obj=tipoff)
    return tipoff


def _reward(*, tipoff: Tipoff) -> TipoffReward:
    """The founded tip-off's reward, `pending` until the points ledger credits it (points listens
    to `TipoffFounded`; the idempotency key `tipoff:<id>` means it never pays twice)."""
    reward, _ = TipoffReward.objects.get_or_create(
        tipoff=tipoff,
        defaults={
            "rider": tipoff.informant,
            "points": TIPOFF_REWARD_POINTS,
            "idempotency_key": f"tipoff:{tipoff.pk}",
        },
    )
    announce(TipoffFounded(tipoff_id=tipoff.pk, region_code=tipoff.region_code))
    return reward


@transaction.atomic
def tipoff_verify(*, actor: User, tipoff: Tipoff, outcome: str, note: str) -> Tipoff:
    """Close a tip-off as founded or unfounded, with a note.

    Before: `actor` handles the tip-off's region (403); status submitted or verifying (409);
    outcome known and note given (422). After: closed with outcome; a founded tip-off has a
    pending `TipoffReward` and announces `TipoffFounded`: once committed, the points app credits
    it (rule `tipoff_founded`, idempotency key `tipoff:<id>`, so it never pays twice) or keeps
    it `pending` with the ledger's reason when the region has no rule or fund yet.
    """
    _require_handler(actor, tipoff)
    if outcome not in TipoffOutcome.values:
        raise InvalidInput(
            "unknown_outcome", "核查结果只能是属实或不属实", "outcome must be founded or unfounded"
        )
    note = _text(note, field_zh="核查说明", field_en="note", limit=1000, required=True)
    tipoff = Tipoff.objects.select_for_update().get(pk=tipoff.pk)
    TIPOFF_FLOW.move(
        tipoff,
        "verify",
        refuse=lambda _status: Conflict(
            "illegal_transition", "该线索已办结", "this tip-off is already closed"
        ),
    )
    tipoff.outcome = outcome
    tipoff.outcome_note = note
    tipoff.handled_by = actor
    tipoff.verified_at = timezone.now()
    tipoff.save()
    detail: dict = {"outcome": outcome}
    if outcome == TipoffOutcome.FOUNDED:
        reward = _reward(tipoff=tipoff)
        detail.update(reward_points=reward.points, reward_status=reward.status)
    audit_record(actor=actor, action="tipoff.verify", obj=tipoff, detail=detail)
    return tipoff


def tipoff_informant_reveal(*, actor: User, tipoff: Tipoff) -> dict:
    """The informant's identity for a permitted handler, with an audit row for every look.

    Raises 403 (and audits the refusal) for anyone else.
    """
    if not can(actor, "appeals.view_informant", tipoff):
        audit_record(actor=actor, action="tipoff.informant_view", obj=tipoff, result="denied")
        raise PermissionDenied("无权查看举报人身份", "you may not see the informant")
    informant = tipoff.informant
    audit_record(actor=actor, action="tipoff.informant_view", obj=tipoff)
    return {"id": informant.pk, "name": informant.label}
