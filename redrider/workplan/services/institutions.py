"""Institution writes (制度建设): categories, items, and their planned → drafted → issued steps."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max

from redrider.accounts.models import User
from redrider.accounts.policy import require
from redrider.core.audit import audit_record
from redrider.core.errors import Conflict, InvalidInput

from .. import clock, files, selectors, workflow
from ..choices import InstitutionStatus
from ..models import Institution, InstitutionCategory
from .common import check_region, check_text


@transaction.atomic
def category_create(
    *, actor: User, region_code: str, title: str, number: int | None = None
) -> InstitutionCategory:
    """A category of the region's institution-building plan, numbered next when not given."""
    code = check_region(actor, region_code)
    category = InstitutionCategory(
        region_code=code,
        title=check_text(title, field_zh="类别名称", field_en="title", max_length=128),
    )
    require(actor, "workplan.institution", category, hide=False)
    existing = InstitutionCategory.objects.filter(region_code=code)
    if number is None:
        number = (existing.aggregate(n=Max("number"))["n"] or 0) + 1
    if existing.filter(number=number).exists():
        raise Conflict("duplicate_number", f"第 {number} 类已存在", f"category {number} exists")
    category.number = number
    category.save()
    audit_record(actor=actor, action="workplan.category_create", obj=category)
    return category


@transaction.atomic
def institution_create(
    *, actor: User, category_id: int, title: str, due_date: dt.date | None = None
) -> Institution:
    """A planned institution in a category of the actor's region, numbered next."""
    category = selectors.category_get(user=actor, id=category_id)
    require(actor, "workplan.institution", category, hide=False)
    number = (category.institutions.aggregate(n=Max("number"))["n"] or 0) + 1
    item = Institution.objects.create(
        category=category,
        region_code=category.region_code,
        number=number,
        title=check_text(title, field_zh="制度名称", field_en="title", max_length=200),
        due_date=due_date,
    )
    audit_record(actor=actor, action="workplan.institution_create", obj=item)
    return item


@transaction.atomic
def institution_transition(
    *,
    actor: User,
    institution_id: int,
    status: str,
    issuing_body: str = "",
    issued_on: dt.date | None = None,
    document_number: str = "",
    upload: files.Upload | None = None,
) -> Institution:
    """Move an institution along `workflow.TRANSITIONS` (409 for any other step).

    Issuing needs the document (already attached or sent now), the issuing body and the date,
    not in the future (422 otherwise). Every check runs before the document is stored, so a
    refused step writes nothing.
    """
    item = selectors.institution_get(user=actor, id=institution_id)
    require(actor, "workplan.institution", item, hide=False)
    if status not in InstitutionStatus.values:
        raise InvalidInput("invalid_status", f"未知状态：{status}", f"unknown status: {status}")
    if not workflow.is_legal(item.status, status):
        raise Conflict(
            "illegal_transition",
            f"不能从“{item.get_status_display()}”变为“{InstitutionStatus(status).label}”",
            f"cannot move from {item.status} to {status}",
        )
    checked = files.check(upload) if upload is not None else None
    before = item.status
    if status in workflow.NEEDS_DOCUMENT:
        if checked is None and not item.document:
            raise InvalidInput(
                "document_required", "印发制度须上传正式文件", "issuing needs the issued document"
            )
        item.issuing_body = check_text(
            issuing_body, field_zh="印发单位", field_en="issuing_body", max_length=200
        )
        if issued_on is None:
            raise InvalidInput("issued_on_required", "请填写印发日期", "the issue date is required")
        if issued_on > clock.today():
            raise InvalidInput("issued_in_future", "印发日期不能晚于今天", "issued in the future")
        item.issued_on = issued_on
        item.document_number = check_text(
            document_number,
            field_zh="文号",
            field_en="document_number",
            max_length=64,
            required=False,
        )
    elif status == InstitutionStatus.DRAFTED:
        item.drafted_on = clock.today()
    elif status == InstitutionStatus.PLANNED:
        item.drafted_on = None
    if checked is not None:
        item.document.save(checked.content.name or "document", checked.content, save=False)
        item.document_name = checked.display_name
    item.status = status
    item.save()
    audit_record(
        actor=actor,
        action="workplan.institution_transition",
        obj=item,
        detail={"from": before, "to": status},
    )
    return item
