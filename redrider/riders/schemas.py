"""API shapes of the rider census: inputs as ninja Schemas, outputs as plain dicts built here.

Every rider output is masked (name, ID number, phone); political status is included only for
accounts with `can_view_political_status`.
"""

from __future__ import annotations

import datetime as dt

from ninja import Schema

from redrider.regions.types import RegionCode, RegionFilter

from .models import Company, ImportJob, Problem, RegistrationClaim, Rider, Survey, Visit


class RevealIn(Schema):
    reason: str


class CompanyIn(Schema):
    name: str
    kind: str
    region_code: RegionCode
    platform: str = ""
    lat: float | None = None
    lng: float | None = None
    crs: str = "wgs84"
    address: str = ""


class LiaisonIn(Schema):
    user_id: int | None


class ProblemIn(Schema):
    category: str
    description: str


class VisitIn(Schema):
    company_id: int
    on: dt.date
    topics: str
    notes: str = ""
    problems: list[ProblemIn] = []


class ProblemTransitionIn(Schema):
    status: str
    resolution: str = ""


class QuestionIn(Schema):
    kind: str
    text: str
    options: list[str] = []
    required: bool = True
    scale_max: int = 5
    min_value: float | None = None
    max_value: float | None = None


class SurveyIn(Schema):
    title: str
    intro: str = ""
    region_code: RegionFilter = None
    open_now: bool = False
    questions: list[QuestionIn]


class SurveyStatusIn(Schema):
    status: str


class ResponseIn(Schema):
    answers: dict[str, int | float | str | list[int] | None]


class SmsCodeIn(Schema):
    phone: str


class RegistrationIn(Schema):
    phone: str
    code: str
    name: str
    id_number: str
    region_code: str
    platforms: list[str]
    kind: str = "full_time"
    password: str
    consent: bool


def rider_out(r: Rider, user) -> dict:
    out = {
        "id": r.pk,
        "region_code": r.region_code,
        "name": r.masked_name,
        "id_number": r.masked_id_number,
        "phone": r.masked_phone,
        "gender": r.gender,
        "birth_year": r.birth_year,
        "platforms": [p.code for p in r.platforms.all()],
        "kind": r.kind,
        "company": r.company.name if r.company_id else None,
        "site": r.site.name if r.site_id else None,
        "status": r.status,
        "joined_on": r.joined_on,
        "left_on": r.left_on,
        "housing_fund_months": r.housing_fund_months,
        "consent_at": r.consent_at,
        "registered": bool(r.user_id),
    }
    if getattr(user, "can_view_political_status", False):
        out["political_status"] = r.political_status
        out["mobile_party_member"] = r.mobile_party_member
        out["community_organisation"] = r.community_organisation
    return out


def company_out(c: Company) -> dict:
    return {
        "id": c.pk,
        "name": c.name,
        "kind": c.kind,
        "region_code": c.region_code,
        "platform": c.platform.code if c.platform_id else None,
        "parent_id": c.parent_id,
        "lat": c.lat,
        "lng": c.lng,
        "address": c.address,
        "party_organisation": c.party_organisation.name if c.party_organisation_id else None,
        "liaison": {"id": c.liaison_id, "name": c.liaison.label} if c.liaison_id else None,
        "liaison_since": c.liaison_since,
    }


def visit_out(v: Visit) -> dict:
    return {
        "id": v.pk,
        "region_code": v.region_code,
        "company_id": v.company_id,
        "company": v.company.name,
        "on": v.on,
        "visitor": v.visitor_name,
        "topics": v.topics,
        "notes": v.notes,
        "problem_count": getattr(v, "problem_count", None),
    }


def problem_out(p: Problem) -> dict:
    return {
        "id": p.pk,
        "region_code": p.region_code,
        "visit_id": p.visit_id,
        "company": p.company.name,
        "category": p.category,
        "description": p.description,
        "status": p.status,
        "resolution": p.resolution,
        "solved_on": p.solved_on,
        "appeal_id": p.appeal_id,
    }


def survey_out(s: Survey, *, with_questions: bool = False) -> dict:
    out = {
        "id": s.pk,
        "region_code": s.region_code,
        "title": s.title,
        "intro": s.intro,
        "status": s.status,
        "token": s.token,
        "responses": getattr(s, "response_count", None),
    }
    if with_questions:
        out["questions"] = [
            {
                "id": q.pk,
                "position": q.position,
                "kind": q.kind,
                "text": q.text,
                "options": q.options,
                "required": q.required,
                "scale_max": q.scale_max,
                "min_value": q.min_value,
                "max_value": q.max_value,
            }
            for q in s.questions.all()
        ]
    return out


def import_job_out(j: ImportJob, *, errors: bool = False) -> dict:
    out = {
        "id": j.pk,
        "region_code": j.region_code,
        "filename": j.filename,
        "size": j.size,
        "dry_run": j.dry_run,
        "status": j.status,
        "phase": j.phase,
        "total": j.total,
        "processed": j.processed,
        "percent": j.percent,
        "error_count": j.error_count,
        "summary": j.summary,
        "message": j.message,
        "created_at": j.created_at,
        "finished_at": j.finished_at,
    }
    if errors:
        out["errors"] = j.errors[:500]
    return out


class ExportIn(Schema):
    """A background export of the registry: the list's filters, and for the full export a reason."""

    region: str = ""
    status: str = ""
    kind: str = ""
    platform: str = ""
    political_status: str = ""
    unmasked: bool = False
    reason: str = ""


def export_job_out(j) -> dict:
    from django.urls import reverse

    return {
        "id": j.pk,
        "region_code": j.region_code,
        "unmasked": j.unmasked,
        "status": j.status,
        "total": j.total,
        "processed": j.processed,
        "percent": j.percent,
        "message": j.message,
        "created_at": j.created_at,
        "finished_at": j.finished_at,
        "expires_at": j.expires_at,
        "download_url": (
            reverse("riders:export_download", args=[j.pk])
            if j.status == "done" and j.file
            else None
        ),
    }


# ---- registration and claims of census records (typed outputs) --------------------------------


class RegistrationOut(Schema):
    """A registration that created or linked a record: the rider's token and masked record."""

    token: str
    rider: dict


class RegistrationPendingOut(Schema):
    """A registration waiting for the census record's county: no account yet."""

    status: str
    claim_id: int
    detail: str


class ClaimRecordOut(Schema):
    id: int
    region_code: str
    name: str  # masked
    phone: str  # masked
    registered: bool


class ClaimOut(Schema):
    id: int
    status: str
    region_code: str  # the census record's county, whose officers decide
    requested_region_code: str
    claimant_name: str  # masked
    claimant_phone: str  # masked
    name_matches: bool
    kind: str
    platforms: list[str]
    record: ClaimRecordOut
    submitted_at: dt.datetime
    decided_at: dt.datetime | None
    decided_by: str
    decision_note: str


class ClaimListOut(Schema):
    items: list[ClaimOut]
    count: int


class ClaimDecisionIn(Schema):
    decision: str  # "confirm" or "reject"
    note: str = ""


PENDING_DETAIL = (
    "该身份证号已在骑手底数中，手机号与登记的不一致：注册申请已提交区县工作人员核实，核实后短信通知您"
    " / this ID number is in the census with another phone: your registration waits for the "
    "county's review; you will get a text message"
)


def claim_out(c: RegistrationClaim) -> dict:
    rider = c.rider
    return {
        "id": c.pk,
        "status": c.status,
        "region_code": c.region_code,
        "requested_region_code": c.requested_region_code,
        "claimant_name": c.masked_name,
        "claimant_phone": c.masked_phone,
        "name_matches": c.name_matches,
        "kind": c.kind,
        "platforms": list(c.platforms),
        "record": {
            "id": rider.pk,
            "region_code": rider.region_code,
            "name": rider.masked_name,
            "phone": rider.masked_phone,
            "registered": bool(rider.user_id),
        },
        "submitted_at": c.created_at,
        "decided_at": c.decided_at,
        "decided_by": c.decided_by.label if c.decided_by_id else "",
        "decision_note": c.decision_note,
    }
