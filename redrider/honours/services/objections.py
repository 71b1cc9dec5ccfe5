"""Objections to the public notice (公示异议): received, investigated, decided."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from redrider.accounts.policy import require
from redrider.core.audit import audit_record
from redrider.core.errors import Conflict, InvalidInput

from ..choices import (
    OBJECTION_STEPS,
    OPEN_OBJECTION,
    CampaignStatus,
    NominationStatus,
    ObjectionSource,
    ObjectionStatus,
)
from ..models import Nomination, Objection
from .campaigns import title_grant
from .common import now_or, text


@transaction.atomic
def objection_record(
    *,
    actor,
    nomination: Nomination,
    source: str,
    summary: str,
    now: dt.datetime | None = None,
) -> Objection:
    """Record an objection received during the notice period.

    Before: the actor handles objections for the nomination's region (404 otherwise); the
    nomination is on notice and the notice has not ended (409); the source is known and the
    summary given (422). After: a `received` objection, which holds the title until decided.
    The objector is not recorded by name (they may ask for that protection).
    """
    now = now_or(now)
    require(actor, "honours.handle_objections", nomination)
    campaign = nomination.campaign
    if campaign.status != CampaignStatus.NOTICE or nomination.status != NominationStatus.ON_NOTICE:
        raise Conflict("not_on_notice", "该提名不在公示中", "this nomination is not on notice")
    if campaign.notice_ends_at is not None and now >= campaign.notice_ends_at:
        raise Conflict("notice_ended", "公示期已结束", "the notice period has ended")
    if source not in ObjectionSource.values:
        raise InvalidInput("unknown_source", "异议来源无效", "unknown source")
    summary = text(summary, zh="异议内容", en="summary", limit=1000)
    objection = Objection.objects.create(
        nomination=nomination,
        source=source,
        summary=summary,
        received_at=now,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="honours.objection_record",
        obj=objection,
        region_code=nomination.region_code,
    )
    return objection


@transaction.atomic
def objection_decide(
    *,
    actor,
    objection: Objection,
    action: str,
    finding: str = "",
    now: dt.datetime | None = None,
) -> Objection:
    """Move an objection along its table (`choices.OBJECTION_STEPS`).

    `investigate` marks it under investigation; `uphold` and `dismiss` decide it and need the
    finding (422). An illegal step answers 409 and changes nothing. Upheld: the nomination is
    disqualified. Dismissed: if the list is already published and no other objection is open,
    the title is granted now (within the quota).
    """
    now = now_or(now)
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    nomination = (
        Nomination.objects.select_for_update()
        .select_related("campaign", "rider")
        .get(pk=objection.nomination_id)
    )
    require(actor, "honours.handle_objections", nomination)
    target = OBJECTION_STEPS.get((objection.status, action))
    if target is None:
        raise Conflict(
            "illegal_step",
            f"异议当前为“{objection.get_status_display()}”，不能执行该操作",
            f"cannot {action} an objection that is {objection.status}",
        )
    decided = target in (ObjectionStatus.UPHELD, ObjectionStatus.DISMISSED)
    finding = text(finding, zh="调查核实情况", en="finding", limit=1000, required=decided)
    objection.status = target
    objection.finding = finding or objection.finding
    if decided:
        objection.decided_at, objection.decided_by = now, actor
    objection.save()
    if target == ObjectionStatus.UPHELD and nomination.status == NominationStatus.ON_NOTICE:
        nomination.status = NominationStatus.DISQUALIFIED
        nomination.save(update_fields=["status", "updated_at"])
    elif (
        target == ObjectionStatus.DISMISSED
        and nomination.campaign.status == CampaignStatus.PUBLISHED
        and nomination.status == NominationStatus.ON_NOTICE
        and not nomination.objections.filter(status__in=OPEN_OBJECTION).exists()
    ):
        title_grant(actor=actor, nomination=nomination, now=now)
    audit_record(
        actor=actor,
        action=f"honours.objection_{action}",
        obj=objection,
        region_code=nomination.region_code,
    )
    return objection
