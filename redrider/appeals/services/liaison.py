"""Liaison problems that became appeals (转为诉求): filing them, and their status following the case.

A problem is raised during a company visit (the census app, `riders`); the appeals app sits above
it in the layers, so it is the one that turns a problem into a case and keeps the problem's stored
status in step with the case (listening to its own `AppealStatusChanged`, `appeals/listeners.py`).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from redrider.accounts.models import User
from redrider.accounts.policy import can
from redrider.core.audit import audit_record
from redrider.core.errors import Conflict, InvalidInput, PermissionDenied
from redrider.riders.choices import ProblemStatus
from redrider.riders.models import Problem

from ..choices import SOLVED_STATUSES, AppealStatus
from ..models import Appeal
from .appeals import appeal_create_for_liaison


def appeal_status_to_problem(appeal_status: str | None) -> str:
    """The status a problem shows once it became an appeal: solved when the appeal is resolved
    or confirmed, closed when it was refused, in progress otherwise (merged cases included:
    the case they joined carries on)."""
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
def problem_raise_appeal(*, actor: User, problem: Problem, category: str = "") -> Problem:
    """转为诉求: file an appeal for a problem raised during a liaison visit.

    Pre: `actor` may write the problem's region (403); the problem is open or in progress and
    not yet an appeal (409); `category` is an appeal category (default: the problem's own;
    422 otherwise); the company, its parent firm or one of its delivery sites has a point (422).
    Post: an appeal filed by the officer (`appeal_create_for_liaison`) at that point with the
    problem's description; `problem.appeal_id` set, its status in progress and from then on
    stored from the appeal's (`appeal_status_to_problem`) each time the case moves; audit
    `problem.appeal`.
    """
    if not can(actor, "riders.liaison", problem):
        raise PermissionDenied()
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


def problems_follow_appeals(*, appeal_ids: list[int] | None = None) -> int:
    """Store on each problem that became an appeal the status its appeal now implies (solved on
    the day the case was resolved); returns how many problems changed.

    Idempotent: a problem already in step is left alone. Run for one case after each of its
    steps (the `AppealStatusChanged` listener) and for all of them by the daily run
    (`redrider escalate_appeals`), which repairs any step whose listener failed.
    """
    linked = Problem.objects.filter(appeal_id__isnull=False)
    if appeal_ids is not None:
        linked = linked.filter(appeal_id__in=appeal_ids)
    problems = list(linked.only("id", "status", "appeal_id", "region_code"))
    cases: dict[int, tuple[str | None, dt.datetime | None]] = {
        pk: (status, resolved_at)
        for pk, status, resolved_at in Appeal.objects.filter(
            pk__in={p.appeal_id for p in problems}
        ).values_list("pk", "status", "resolved_at")
    }
    changed = 0
    for p in problems:
        status, resolved_at = cases.get(p.appeal_id or 0, (None, None))
        target = appeal_status_to_problem(status)
        if p.status == target:
            continue
        solved_on: dt.date | None = None
        if target == ProblemStatus.SOLVED and resolved_at:
            solved_on = timezone.localtime(resolved_at).date()
        Problem.objects.filter(pk=p.pk).update(
            status=target, solved_on=solved_on, updated_at=timezone.now()
        )
        audit_record(
            actor=None,
            action="problem.status",
            obj=p,
            detail={"from": p.status, "to": target, "via": "appeal", "appeal": p.appeal_id},
        )
        changed += 1
    return changed
