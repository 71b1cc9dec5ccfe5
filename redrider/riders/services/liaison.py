"""Companies and the direct-contact mechanism (直接联系机制): liaisons, visits, problems."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from redrider.accounts.choices import STAFF_ROLES
from redrider.core.audit import audit_record
from redrider.core.errors import Conflict, InvalidInput, PermissionDenied
from redrider.core.scoping import code_within, user_scope_code
from redrider.regions.types import known_region

from ..choices import CompanyKind, ProblemCategory, ProblemStatus
from ..models import Company, Platform, Problem, Visit

WRITERS = {"province_admin", "prefecture_officer", "county_officer", "instructor"}


def _require_writer(actor, region_code: str) -> None:
    known_region(region_code, field="region_code")
    scope = user_scope_code(actor)
    if scope is None or actor.role not in WRITERS or not code_within(region_code, scope):
        raise PermissionDenied()


@transaction.atomic
def company_create(
    *,
    actor,
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
    from redrider.regions.models import Region

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
def company_liaison_assign(*, actor, company: Company, liaison) -> Company:
    """Link a committee member (a staff account whose scope covers the company) to it."""
    _require_writer(actor, company.region_code)
    if liaison is not None:
        scope = user_scope_code(liaison)
        if (
            liaison.role not in STAFF_ROLES
            or scope is None
            or not code_within(company.region_code, scope)
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
    actor,
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


TRANSITIONS: dict[str, set[str]] = {
    ProblemStatus.OPEN: {ProblemStatus.IN_PROGRESS, ProblemStatus.SOLVED, ProblemStatus.CLOSED},
    ProblemStatus.IN_PROGRESS: {ProblemStatus.SOLVED, ProblemStatus.CLOSED},
    ProblemStatus.SOLVED: {ProblemStatus.OPEN},  # reopened when it comes back
    ProblemStatus.CLOSED: {ProblemStatus.OPEN},
}


@transaction.atomic
def problem_transition(*, actor, problem: Problem, status: str, resolution: str = "") -> Problem:
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
    if status not in TRANSITIONS.get(problem.status, set()):
        raise Conflict(
            "invalid_transition", "问题状态不能这样变更", "this status change is not allowed"
        )
    if status in (ProblemStatus.SOLVED, ProblemStatus.CLOSED) and not resolution.strip():
        raise InvalidInput("resolution_required", "请填写处理结果", "a resolution is required")
    before = problem.status
    problem.status = status
    problem.resolution = resolution.strip()[:500] or problem.resolution
    problem.solved_on = timezone.localdate() if status == ProblemStatus.SOLVED else None
    problem.save(update_fields=["status", "resolution", "solved_on", "updated_at"])
    audit_record(
        actor=actor, action="problem.status", obj=problem, detail={"from": before, "to": status}
    )
    return problem


def appeal_status_to_problem(appeal_status: str | None) -> str:
    """The status a problem shows once it became an appeal: solved when the appeal is resolved
    or confirmed, closed when it was refused, in progress otherwise (merged cases included:
    the case they joined carries on)."""
    from redrider.appeals.choices import SOLVED_STATUSES, AppealStatus

    if appeal_status in SOLVED_STATUSES:
        return ProblemStatus.SOLVED
    if appeal_status == AppealStatus.REJECTED:
        return ProblemStatus.CLOSED
    return ProblemStatus.IN_PROGRESS


def _problem_point(problem: Problem) -> tuple[float, float]:
    company = problem.company
    for candidate in (company, company.parent):
        if candidate is not None and candidate.lat is not None and candidate.lng is not None:
            return float(candidate.lat), float(candidate.lng)
    site = company.children.filter(lat__isnull=False, lng__isnull=False).order_by("pk").first()
    if site is not None and site.lat is not None and site.lng is not None:
        return float(site.lat), float(site.lng)
    raise InvalidInput(
        "no_location",
        "该企业及其配送站点都没有位置，无法转为诉求",
        "neither the company nor its delivery sites have a location",
    )


@transaction.atomic
def problem_raise_appeal(*, actor, problem: Problem, category: str = "") -> Problem:
    """转为诉求: file an appeal for a problem raised during a visit, through the appeals app.

    Pre: `actor` may write the problem's region (403); the problem is open or in progress and
    not yet an appeal (409); `category` is an appeal category (default: the problem's own;
    422 otherwise); the company, its parent firm or one of its delivery sites has a point (422).
    Post: an appeal filed by the officer (`appeals.services.appeal_create_for_liaison`) at that
    point with the problem's description; `problem.appeal_id` set, its status in progress and
    from then on derived from the appeal (`appeal_status_to_problem`); audit `problem.appeal`.
    """
    from redrider.appeals.services import appeal_create_for_liaison

    _require_writer(actor, problem.region_code)
    # of=("self",): PostgreSQL refuses to lock the nullable side of the join to the parent firm.
    problem = (
        Problem.objects.select_for_update(of=("self",))
        .select_related("company__parent")
        .get(pk=problem.pk)
    )
    if problem.appeal_id:
        raise Conflict(
            "already_appeal",
            f"该问题已转为诉求 #{problem.appeal_id}",
            "this problem is already an appeal",
        )
    if problem.status not in (ProblemStatus.OPEN, ProblemStatus.IN_PROGRESS):
        raise Conflict(
            "problem_finished", "已解决或已关闭的问题不能转为诉求", "the problem is finished"
        )
    lat, lng = _problem_point(problem)
    appeal = appeal_create_for_liaison(
        actor=actor,
        category=category or problem.category,
        description=f"【走访反映·{problem.company.name}】{problem.description}"[:500],
        lat=lat,
        lng=lng,
        source={"problem": problem.pk, "company": problem.company_id},
    )
    before = problem.status
    problem.appeal_id = appeal.pk
    problem.status = ProblemStatus.IN_PROGRESS
    problem.save(update_fields=["appeal_id", "status", "updated_at"])
    audit_record(
        actor=actor,
        action="problem.appeal",
        obj=problem,
        detail={"appeal": appeal.pk, "category": appeal.category, "from": before},
    )
    return problem


def problems_follow_appeals(*, problems=None) -> int:
    """Store the appeal-derived status on problems whose appeal moved on (for the dashboard
    and anything else reading the column); returns the number of problems changed. Run by
    `redrider riders_cleanup`; pages and the API compute the status on read anyway."""
    from redrider.appeals.models import Appeal

    qs = problems if problems is not None else Problem.objects.all()
    linked = list(qs.filter(appeal_id__isnull=False).only("id", "status", "appeal_id"))
    statuses = dict(
        Appeal.objects.filter(pk__in=[p.appeal_id for p in linked]).values_list("pk", "status")
    )
    resolved = dict(
        Appeal.objects.filter(pk__in=[p.appeal_id for p in linked]).values_list("pk", "resolved_at")
    )
    changed = 0
    for p in linked:
        target = appeal_status_to_problem(statuses.get(p.appeal_id))
        if p.status != target:
            at = resolved.get(p.appeal_id)
            Problem.objects.filter(pk=p.pk).update(
                status=target,
                solved_on=timezone.localtime(at).date()
                if target == ProblemStatus.SOLVED and at
                else None,
                updated_at=timezone.now(),
            )
            audit_record(
                actor=None,
                action="problem.status",
                obj=p,
                detail={"from": p.status, "to": target, "via": "appeal", "appeal": p.appeal_id},
            )
            changed += 1
    return changed
