"""Benefits (惠骑政策): staff publish them, riders apply, staff decide."""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from redrider.accounts.models import User
from redrider.accounts.policy import can
from redrider.core.audit import audit_record
from redrider.core.errors import Conflict, InvalidInput, NotFound
from redrider.regions import tree
from redrider.regions.models import Region
from redrider.riders.selectors import rider_profile_for_user

from ..choices import ApplicationStatus
from ..eligibility import evaluate, rider_facts, validate_conditions
from ..models import Benefit, BenefitApplication
from .ledger import require_staff_over


@transaction.atomic
def benefit_create(
    *,
    actor: User,
    name: str,
    region_code: str,
    summary: str = "",
    provider: str = "",
    max_amount_yuan: Decimal | None = None,
    conditions: list | None = None,
) -> Benefit:
    """Publish a benefit in a region (province/prefecture staff over it); conditions validated."""
    require_staff_over(actor, region_code, "points.administer")
    name = (name or "").strip()
    if not name or len(name) > 128 or not Region.objects.filter(code=region_code).exists():
        raise InvalidInput(
            "invalid_benefit", "政策名称或区划无效", "invalid benefit name or region"
        )
    try:
        conditions = validate_conditions(conditions or [])
    except ValueError as exc:
        raise InvalidInput(
            "invalid_conditions", f"申请条件无效：{exc}", f"invalid conditions: {exc}"
        ) from None
    if max_amount_yuan is not None and Decimal(max_amount_yuan) < 0:
        raise InvalidInput("invalid_amount", "金额不能为负", "amount must not be negative")
    benefit = Benefit.objects.create(
        name=name,
        region_code=region_code,
        summary=summary,
        provider=provider[:128],
        max_amount_yuan=max_amount_yuan,
        conditions=conditions,
    )
    audit_record(actor=actor, action="points.benefit_create", obj=benefit)
    return benefit


def benefit_region_for(user) -> str | None:
    """The county a rider works in (from the census), which decides the benefits they see."""
    profile = rider_profile_for_user(user)
    return getattr(profile, "region_code", None) or None


def benefits_for_rider(*, user) -> list[dict]:
    """Every active benefit that covers the rider's county, with eligibility and reasons."""
    facts = rider_facts(user)
    region = facts.region_code
    out = []
    for benefit in Benefit.objects.filter(active=True).order_by("region_code", "name"):
        if region and not tree.within(region, benefit.region_code):
            continue
        out.append({"benefit": benefit, **evaluate(benefit, facts)})
    return out


@transaction.atomic
def benefit_apply(*, actor: User, benefit_id: int) -> BenefitApplication:
    """A rider applies for a benefit they qualify for.

    422 when the rider does not meet the conditions (the reasons are returned); 409 when an open
    application exists; 404 for a benefit outside the rider's county.
    """
    if not can(actor, "points.redeem"):
        raise InvalidInput("not_a_rider", "只有骑手可以申请", "only riders apply")
    benefit = Benefit.objects.filter(pk=benefit_id, active=True).first()
    facts = rider_facts(actor)
    if benefit is None or (
        facts.region_code and not tree.within(facts.region_code, benefit.region_code)
    ):
        raise NotFound("惠骑政策", "benefit")
    result = evaluate(benefit, facts)
    if not result["eligible"]:
        unmet = "；".join(c["reason"] for c in result["checks"] if not c["met"])
        raise InvalidInput(
            "not_eligible",
            f"暂不符合申请条件：{unmet}",
            f"not eligible: {unmet}",
            checks=result["checks"],
        )
    try:
        with transaction.atomic():
            application = BenefitApplication.objects.create(
                benefit=benefit,
                rider=actor,
                region_code=facts.region_code or benefit.region_code,
                eligibility=result["checks"],
            )
    except IntegrityError:
        raise Conflict(
            "already_applied", "已有进行中的申请", "an application is already open"
        ) from None
    audit_record(actor=actor, action="points.benefit_apply", obj=application)
    return application


@transaction.atomic
def benefit_decide(
    *, actor: User, application_id: int, approve: bool, note: str = ""
) -> BenefitApplication:
    """Staff over the application's region approve or reject a submitted application (409 otherwise)."""
    scope = tree.user_region(actor)
    application = BenefitApplication.objects.select_for_update().filter(pk=application_id).first()
    if application is None or scope is None or not tree.within(application.region_code, scope):
        raise NotFound("政策申请", "application")
    require_staff_over(actor, application.region_code, "points.manage")
    if application.status != ApplicationStatus.SUBMITTED:
        raise Conflict("already_decided", "该申请已审核", "this application was already decided")
    note = (note or "").strip()
    if not approve and not note:
        raise InvalidInput("note_required", "不予通过须说明理由", "a rejection needs a reason")
    application.status = ApplicationStatus.APPROVED if approve else ApplicationStatus.REJECTED
    application.note, application.decided_by, application.decided_at = (
        note[:255],
        actor,
        timezone.now(),
    )
    application.save(update_fields=["status", "note", "decided_by", "decided_at", "updated_at"])
    audit_record(
        actor=actor, action="points.benefit_decide", obj=application, detail={"approve": approve}
    )
    return application


@transaction.atomic
def benefit_update(
    *,
    actor: User,
    benefit_id: int,
    name: str,
    summary: str = "",
    provider: str = "",
    max_amount_yuan: Decimal | None = None,
    conditions: list | None = None,
    active: bool = True,
) -> Benefit:
    """Edit a published benefit or withdraw it (`active` False); same rights and checks as
    `benefit_create`. Applications already made keep their eligibility snapshot. 404 outside the
    actor's region, 403 for other roles, 422 for bad input (nothing written); audited."""
    benefit = Benefit.objects.select_for_update().filter(pk=benefit_id).first()
    if benefit is None:
        raise NotFound("惠骑政策", "benefit")
    require_staff_over(actor, benefit.region_code, "points.administer")
    name = (name or "").strip()
    if not name or len(name) > 128:
        raise InvalidInput("invalid_benefit", "政策名称无效", "invalid benefit name")
    try:
        conditions = validate_conditions(conditions or [])
    except ValueError as exc:
        raise InvalidInput(
            "invalid_conditions", f"申请条件无效：{exc}", f"invalid conditions: {exc}"
        ) from None
    if max_amount_yuan is not None and Decimal(max_amount_yuan) < 0:
        raise InvalidInput("invalid_amount", "金额不能为负", "amount must not be negative")
    benefit.name, benefit.summary, benefit.provider = name, summary, provider[:128]
    benefit.max_amount_yuan, benefit.conditions, benefit.active = (
        max_amount_yuan,
        conditions,
        bool(active),
    )
    benefit.save()
    audit_record(
        actor=actor,
        action="points.benefit_update",
        obj=benefit,
        detail={"active": benefit.active, "conditions": len(conditions)},
    )
    return benefit
