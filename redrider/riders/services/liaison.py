"""Companies and the direct-contact mechanism (直接联系机制): liaisons, visits, problems."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from redrider.accounts.models import User
from redrider.accounts.policy import Place, can
from redrider.core.audit import audit_record
from redrider.core.errors import Conflict, InvalidInput, PermissionDenied
from redrider.regions import tree
from redrider.regions.models import Region
from redrider.regions.types import known_region

from ..choices import CompanyKind, ProblemCategory, ProblemStatus
from ..models import Company, Platform, Problem, Visit
from ..workflow import PROBLEM_FLOW


def _require_writer(actor: User, region_code: str) -> None:
    """403 unless `actor` may work the liaison mechanism in `region_code` (`riders.liaison`);
    422 for a code the tree does not have."""
    known_region(region_code, field="region_code")
    if not can(actor, "riders.liaison", Place(region_code)):
        raise PermissionDenied()


@transaction.atomic
def company_create(
    *,
    actor: User,
    name: str,
    kind: str,
    region_code: str,
    platform_code: str = "",
    parent: Company | None = None,
    lat: float | None = None,
    lng: float | None = None,
    address: str = "",
    party_organisation=None,
) -> Company:
    """Register a platform branch, a delivery firm or a delivery site in a county of the actor's
    scope. A site's point must lie in that county's province (checked by the caller's parse)."""
    if not Region.objects.filter(code=region_code, level="county").exists():
        raise InvalidInput("unknown_county", "区县不存在", "unknown county")
    _require_writer(actor, region_code)
    name = (name or "").strip()
    if not name or len(name) > 128 or name[:1] in "=+-@":
        raise InvalidInput("invalid_name", "名称无效", "invalid name")
    if kind not in CompanyKind.values:
        raise InvalidInput("invalid_kind", "企业类别无效", "invalid company kind")
    platform = Platform.objects.filter(code=platform_code).first() if platform_code else None
    if platform_code and platform is None:
        raise InvalidInput("unknown_platform", "平台不存在", "unknown platform")
    if Company.objects.filter(region_code=region_code, kind=kind, name=name).exists():
        raise Conflict(
            "duplicate_company",
            "该区县已有同名企业",
            "a company with this name exists in the county",
        )
    company = Company.objects.create(
        name=name,
        kind=kind,
        region_code=region_code,
        platform=platform,
        parent=parent,
        lat=lat,
        lng=lng,
        address=address[:255],
        party_organisation=party_organisation,
    )
    audit_record(actor=actor, action="company.create", obj=company)
    return company


@transaction.atomic
def company_liaison_assign(*, actor: User, company: Company, liaison) -> Company:
    """Link a committee member (a staff account whose scope covers the company) to it."""
    _require_writer(actor, company.region_code)
    if liaison is not None:
        scope = tree.user_region(liaison)
        if (
            not liaison.is_staff_role
            or scope is None
            or not tree.within(company.region_code, scope)
        ):
            raise InvalidInput(
                "invalid_liaison",
                "联系委员须为管辖该企业所在区域的工作人员",
                "the liaison must be staff covering the company's region",
            )
    before = company.liaison_id
    company.liaison = liaison
    company.liaison_since = timezone.localdate() if liaison else None
    company.save(update_fields=["liaison", "liaison_since", "updated_at"])
    audit_record(
        actor=actor,
        action="company.liaison",
        obj=company,
        detail={"from": before, "to": liaison.pk if liaison else None},
    )
    return company


@transaction.atomic
def visit_record(
    *,
    actor: User,
    company: Company,
    on: dt.date,
    topics: str,
    notes: str = "",
    visitor=None,
    problems: list[dict] | None = None,
) -> Visit:
    """Log a visit to a company, with the problems raised (each tracked with a status).

    `problems`: [{"category", "description"}]. The date cannot be in the future.
    """
    _require_writer(actor, company.region_code)
    topics = (topics or "").strip()
    if not topics or len(topics) > 255:
        raise InvalidInput("invalid_topics", "请填写走访主题", "topics are required")
    if on > timezone.localdate():
        raise InvalidInput(
            "invalid_date", "走访日期不能在未来", "the visit date cannot be in the future"
        )
    visitor = visitor or actor
    visit = Visit.objects.create(
        region_code=company.region_code,
        company=company,
        visitor=visitor,
        visitor_name=visitor.label,
        on=on,
        topics=topics,
        notes=notes[:5000],
        recorded_by=actor,
    )
    rows = []
    for p in problems or []:
        category = p.get("category")
        description = str(p.get("description") or "").strip()
        if category not in ProblemCategory.values or not description or len(description) > 500:
            raise InvalidInput("invalid_problem", "问题的类别或描述无效", "invalid problem")
        rows.append(
            Problem(
                region_code=company.region_code,
                visit=visit,
                company=company,
                category=category,
                description=description,
            )
        )
    Problem.objects.bulk_create(rows)
    audit_record(actor=actor, action="visit.record", obj=visit, detail={"problems": len(rows)})
    return visit


@transaction.atomic
def problem_transition(
    *, actor: User, problem: Problem, status: str, resolution: str = ""
) -> Problem:
    """Move a problem along open → in progress → solved/closed (409 for any other step).
    Solving or closing needs a resolution note. A problem raised as an appeal follows its
    appeal and cannot be moved by hand (409)."""
    _require_writer(actor, problem.region_code)
    if problem.appeal_id:
        raise Conflict(
            "problem_follows_appeal",
            f"该问题已转为诉求 #{problem.appeal_id}，状态随诉求办理变化",
            "this problem became an appeal; its status follows the appeal",
        )
    step = PROBLEM_FLOW.check(
        problem.status,
        status,
        refuse=lambda _status: Conflict(
            "invalid_transition", "问题状态不能这样变更", "this status change is not allowed"
        ),
    )
    if step.note_required and not resolution.strip():
        raise InvalidInput("resolution_required", "请填写处理结果", "a resolution is required")
    before = problem.status
    PROBLEM_FLOW.move(problem, status)
    problem.resolution = resolution.strip()[:500] or problem.resolution
    problem.solved_on = timezone.localdate() if status == ProblemStatus.SOLVED else None
    problem.save(update_fields=["status", "resolution", "solved_on", "updated_at"])
    audit_record(
        actor=actor, action="problem.status", obj=problem, detail={"from": before, "to": status}
    )
    return problem
