"""Rider census reads; every staff read starts from `visible_to(user)`."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from redrider.accounts.models import User
from redrider.accounts.phone import normalise_phone
from redrider.accounts.policy import can
from redrider.core.errors import InvalidInput, NotFound
from redrider.core.scoping import NATIONAL_CODE, RegionScopedQuerySet
from redrider.regions import tree

from .choices import ClaimStatus, ProblemStatus, SurveyStatus
from .identity import id_index, name_index, phone_index
from .models import (
    Company,
    ExportJob,
    ImportJob,
    Problem,
    RegistrationClaim,
    Rider,
    Survey,
    Visit,
)


def can_read_census(user) -> bool:
    """Policy `riders.census`: station hosts and auditors do not see riders' records."""
    return can(user, "riders.census")


def _riders_for(user) -> RegionScopedQuerySet:
    if not can_read_census(user):
        return Rider.objects.none()
    return Rider.objects.visible_to(user)


def rider_profile_for_user(user) -> Rider | None:
    """The census record behind a rider's login account, or None (not a rider, or not linked).

    Other apps use this to learn a signed-in rider's working county, platforms and company.
    """
    if not getattr(user, "is_authenticated", False):
        return None
    return Rider.objects.select_related("company", "site").filter(user=user).first()


def rider_list(*, user, region: str | None = None, filters: dict | None = None) -> QuerySet[Rider]:
    """Riders the user may see, narrowed to `region` and the filters: status, kind, platform
    (code), company (id), q (an exact name, ID number or phone — matched by blind index), and
    political status (honoured only with `can_view_political_status`)."""
    f = filters or {}
    qs = _riders_for(user).select_related("company", "site").prefetch_related("platforms")
    if region:
        qs = qs.in_region(region)
    if f.get("status"):
        qs = qs.filter(status=f["status"])
    if f.get("kind"):
        qs = qs.filter(kind=f["kind"])
    if f.get("platform"):
        qs = qs.filter(platforms__code=f["platform"])
    if f.get("company"):
        qs = qs.filter(Q(company_id=f["company"]) | Q(site_id=f["company"]))
    if f.get("political_status") and getattr(user, "can_view_political_status", False):
        qs = qs.filter(political_status=f["political_status"])
    q = (f.get("q") or "").strip()
    if q:
        qs = qs.filter(
            Q(id_index=id_index(q.upper()))
            | Q(phone_index=phone_index(q))
            | Q(name_index=name_index(q))
        )
    find = (f.get("find") or "").strip()
    if find:
        kind, _sep, digest = find.partition(":")
        column = {"id": "id_index", "phone": "phone_index", "name": "name_index"}.get(kind)
        qs = qs.filter(**{column: digest}) if column else qs.none()
    return qs.order_by("region_code", "id")


def search_token(q: str) -> str:
    """A search as a keyed hash ("id:…", "phone:…", "name:…"), so the page's URL, the pager
    links and the server's access log never carry the ID number or phone that was typed."""
    q = "".join((q or "").split())
    if not q:
        return ""
    if len(q) == 18 and q[:17].isdigit():
        return "id:" + id_index(q.upper())
    phone = normalise_phone(q) if any(ch.isdigit() for ch in q) else None
    if phone:
        return "phone:" + phone_index(phone)
    return "name:" + name_index(q)


def rider_get(*, user, id: int) -> Rider:
    rider = _riders_for(user).select_related("company", "site").filter(pk=id).first()
    if rider is None:
        raise NotFound("骑手", "rider")
    return rider


def rider_counts(*, user, region: str | None = None) -> dict:
    """Head-counts for the registry page: active, left, party members (with the permission)."""
    qs = _riders_for(user)
    if region:
        qs = qs.in_region(region)
    counts = qs.aggregate(
        total=Count("id"),
        active=Count("id", filter=Q(status="active")),
        party=Count("id", filter=Q(political_status__in=["member", "probationary"])),
    )
    if not getattr(user, "can_view_political_status", False):
        counts.pop("party")
    return counts


def company_list(
    *, user, region: str | None = None, kind: str = "", q: str = "", linked: bool | None = None
) -> QuerySet[Company]:
    qs = Company.objects.visible_to(user).select_related(
        "platform", "liaison", "party_organisation"
    )
    if region:
        qs = qs.in_region(region)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(name__icontains=q)
    if linked is not None:
        qs = qs.filter(liaison__isnull=not linked)
    return qs.order_by("region_code", "name")


def company_get(*, user, id: int) -> Company:
    company = (
        Company.objects.visible_to(user).select_related("platform", "liaison").filter(pk=id).first()
    )
    if company is None:
        raise NotFound("企业", "company")
    return company


def visit_list(
    *, user, region: str | None = None, company: Company | None = None
) -> QuerySet[Visit]:
    qs = (
        Visit.objects.visible_to(user)
        .select_related("company")
        .annotate(problem_count=Count("problems"))
    )
    if region:
        qs = qs.in_region(region)
    if company is not None:
        qs = qs.filter(company=company)
    return qs.order_by("-on", "-id")


def visit_get(*, user, id: int) -> Visit:
    visit = Visit.objects.visible_to(user).select_related("company").filter(pk=id).first()
    if visit is None:
        raise NotFound("走访记录", "visit")
    return visit


def liaison_account_get(*, id: int) -> User:
    """An active account named as a company's liaison (422 `invalid_liaison` for any other id;
    `services.company_liaison_assign` checks that it may be one)."""
    account = User.objects.filter(pk=id, is_active=True).first()
    if account is None:
        raise InvalidInput("invalid_liaison", "账号不存在", "no such account")
    return account


def problem_list(*, user, region: str | None = None, status: str = "") -> QuerySet[Problem]:
    """Problems in scope; `status` filters on the stored status (for a problem raised as an
    appeal, the appeals app stores the status its case implies each time the case moves)."""
    qs = Problem.objects.visible_to(user).select_related("company", "visit")
    if region:
        qs = qs.in_region(region)
    if status:
        qs = qs.filter(status=status)
    return qs


def problem_get(*, user, id: int) -> Problem:
    problem = Problem.objects.visible_to(user).select_related("company").filter(pk=id).first()
    if problem is None:
        raise NotFound("问题", "problem")
    return problem


def liaison_counts(*, user, region: str | None = None, by: str = "prefecture") -> list[dict]:
    """Per region (prefecture or county): companies, companies linked to a committee member,
    visits, problems raised and solved. Three grouped queries, whatever the number of regions."""

    def grouped(qs, **aggregates):
        if region:
            qs = qs.in_region(region)
        out: dict[str, dict] = {}
        for row in qs.values("region_code").annotate(**aggregates):
            code = row["region_code"]
            key = (tree.ancestor_at(code, "prefecture") or code) if by == "prefecture" else code
            bucket = out.setdefault(key, {})
            for name in aggregates:
                bucket[name] = bucket.get(name, 0) + row[name]
        return out

    companies = grouped(
        Company.objects.visible_to(user),
        companies=Count("id"),
        linked=Count("id", filter=Q(liaison__isnull=False)),
    )
    visits = grouped(Visit.objects.visible_to(user), visits=Count("id"))
    problems = grouped(
        Problem.objects.visible_to(user),
        problems=Count("id"),
        solved=Count("id", filter=Q(status=ProblemStatus.SOLVED)),
    )
    codes = sorted(set(companies) | set(visits) | set(problems))
    rows = []
    for code in codes:
        row = {
            "region_code": code,
            "name": tree.name_of(code),
            "companies": 0,
            "linked": 0,
            "visits": 0,
            "problems": 0,
            "solved": 0,
        }
        for part in (companies, visits, problems):
            row.update(part.get(code, {}))
        rows.append(row)
    return rows


def survey_list(*, user, region: str | None = None) -> QuerySet[Survey]:
    qs = Survey.objects.visible_to(user).annotate(
        response_count=Count("responses", distinct=True),
        question_count=Count("questions", distinct=True),
    )
    if region:
        qs = qs.in_region(region)
    return qs.order_by("-created_at", "-id")


def survey_get(*, user, id: int) -> Survey:
    survey = Survey.objects.visible_to(user).filter(pk=id).first()
    if survey is None:
        raise NotFound("问卷", "survey")
    return survey


def survey_for_rider(*, user, token: str) -> tuple[Survey, Rider | None]:
    """The open survey behind a link/QR token, for a signed-in rider working in its region."""
    survey = Survey.objects.filter(token=token).exclude(status=SurveyStatus.DRAFT).first()
    rider = rider_profile_for_user(user)
    if survey is None or (
        rider is not None
        and (
            not tree.within(rider.region_code, survey.region_code)
            or rider.consent_withdrawn_at is not None
        )
    ):
        raise NotFound("问卷", "survey")
    return survey, rider


def surveys_open_for_rider(*, rider: Rider) -> list[Survey]:
    """Open surveys whose region contains the rider's working county (none after the rider
    withdrew consent)."""
    if rider.consent_withdrawn_at is not None:
        return []
    # The rider's county, every region above it, and the whole country.
    codes = {*tree.lineage(rider.region_code), NATIONAL_CODE}
    return list(
        Survey.objects.filter(status=SurveyStatus.OPEN, region_code__in=codes).order_by("-id")
    )


def import_job_list(*, user) -> QuerySet[ImportJob]:
    return ImportJob.objects.visible_to(user).select_related("created_by").defer("errors")


def import_job_get(*, user, id: int) -> ImportJob:
    job = ImportJob.objects.visible_to(user).filter(pk=id).first()
    if job is None:
        raise NotFound("导入任务", "import")
    return job


def export_job_list(*, user) -> QuerySet[ExportJob]:
    if not can_read_census(user):
        return ExportJob.objects.none()
    return ExportJob.objects.visible_to(user)


def export_job_get(*, user, id: int) -> ExportJob:
    """A background export in the user's scope (404 otherwise; download rights are the
    service's `may_download`)."""
    job = export_job_list(user=user).filter(pk=id).first()
    if job is None:
        raise NotFound("导出任务", "export")
    return job


def claim_list(*, user, status: str = "") -> QuerySet[RegistrationClaim]:
    """Claims of census records of the user's region (officers), newest first; `status`
    narrows (an unknown status answers 422)."""
    if status and status not in ClaimStatus.values:
        raise InvalidInput("invalid_status", "状态无效", "invalid status")
    if not can(user, "riders.claim_read"):
        return RegistrationClaim.objects.none()
    qs = RegistrationClaim.objects.visible_to(user).select_related("rider", "decided_by")
    return qs.filter(status=status) if status else qs


def claim_get(*, user, id: int) -> RegistrationClaim:
    """One claim the user may read; another region's, or any for a non-officer, is a 404."""
    claim = claim_list(user=user).filter(pk=id).first()
    if claim is None:
        raise NotFound("认领申请", "claim")
    return claim
