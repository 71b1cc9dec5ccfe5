"""Plan and measure writes (实施方案、举措)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from redrider.accounts.models import User
from redrider.accounts.policy import require
from redrider.core.audit import audit_record
from redrider.core.errors import Conflict, InvalidInput

from .. import selectors
from ..models import Measure, Plan
from .common import check_region, check_text


@transaction.atomic
def plan_create(
    *,
    actor: User,
    region_code: str,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    issued_by: str = "",
) -> Plan:
    """A region's implementation plan (officers of that region or above); `starts_on` <=
    `ends_on` (422). Its measures will apply to every region under `region_code`."""
    code = check_region(actor, region_code)
    plan = Plan(
        region_code=code,
        title=check_text(title, field_zh="方案名称", field_en="title", max_length=200),
        issued_by=check_text(
            issued_by, field_zh="印发单位", field_en="issued_by", max_length=200, required=False
        ),
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor,
    )
    require(actor, "workplan.plan", plan, hide=False)
    if ends_on < starts_on:
        raise InvalidInput(
            "plan_dates", "结束日期不能早于开始日期", "the plan ends before it starts"
        )
    plan.save()
    audit_record(actor=actor, action="workplan.plan_create", obj=plan)
    return plan


@transaction.atomic
def measure_create(
    *,
    actor: User,
    plan_id: int,
    number: int,
    title: str,
    owner_org: str = "",
    description: str = "",
) -> Measure:
    """A numbered measure of a plan the actor may plan for; numbers are unique per plan (409)."""
    plan = selectors.plan_get(user=actor, id=plan_id)
    require(actor, "workplan.plan", plan, hide=False)
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= 999:
        raise InvalidInput("invalid_number", "序号须为 1–999", "the number must be 1–999")
    if plan.measures.filter(number=number).exists():
        raise Conflict("duplicate_number", f"第 {number} 项举措已存在", f"measure {number} exists")
    measure = Measure.objects.create(
        plan=plan,
        region_code=plan.region_code,
        number=number,
        title=check_text(title, field_zh="举措名称", field_en="title", max_length=200),
        owner_org=check_text(
            owner_org, field_zh="牵头单位", field_en="owner_org", max_length=128, required=False
        ),
        description=check_text(
            description, field_zh="内容", field_en="description", max_length=4000, required=False
        ),
    )
    audit_record(actor=actor, action="workplan.measure_create", obj=measure)
    return measure
