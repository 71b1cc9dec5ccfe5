"""API shapes of the rider census: inputs and answers as ninja Schemas, and the functions that
shape objects into answers.

Every rider output is masked (name, ID number, phone); political status is included only for
accounts with `can_view_political_status` (the operations answering riders leave out the fields
a caller may not see: `exclude_unset`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.urls import reverse
from ninja import Field, Schema

from redrider.core.schemas import (
    NOT_BLANK,
    CrsName,
    Day,
    Latitude,
    Longitude,
    Timestamp,
    described,
    matching,
    one_of,
)
from redrider.regions.types import RegionCode, RegionFilter

from .choices import (
    ClaimStatus,
    CompanyKind,
    ExportStatus,
    Gender,
    ImportStatus,
    PoliticalStatus,
    ProblemCategory,
    ProblemStatus,
    QuestionKind,
    RiderKind,
    RiderStatus,
    SurveyStatus,
)
from .models import Company, ImportJob, Problem, RegistrationClaim, Rider, Survey, Visit


def _text(max_length: int, *, required: bool = False):
    if required:
        return described(minLength=1, maxLength=max_length, pattern=NOT_BLANK)
    return described(maxLength=max_length)


class RevealIn(Schema):
    reason: Annotated[str, _text(500, required=True)]


class CompanyIn(Schema):
    name: Annotated[str, _text(128, required=True)]
    kind: Annotated[str, one_of(CompanyKind)]
    region_code: RegionCode
    platform: str = Field("", description="a platform code, e.g. meituan")
    lat: Latitude | None = None
    lng: Longitude | None = None
    crs: CrsName = "wgs84"
    address: Annotated[str, _text(255)] = ""


class LiaisonIn(Schema):
    user_id: int | None = Field(description="the committee member's account; null unlinks")


class ProblemIn(Schema):
    category: Annotated[str, one_of(ProblemCategory)]
    description: Annotated[str, _text(500, required=True)]


class VisitIn(Schema):
    company_id: int
    on: Day = Field(description="the day of the visit, not in the future")
    topics: Annotated[str, _text(255, required=True)]
    notes: str = ""
    problems: list[ProblemIn] = []


class ProblemTransitionIn(Schema):
    status: Annotated[str, one_of(ProblemStatus)]
    resolution: Annotated[str, _text(500)] = ""


class QuestionIn(Schema):
    kind: Annotated[str, one_of(QuestionKind)]
    text: Annotated[str, _text(255, required=True)]
    options: list[str] = []
    required: bool = True
    scale_max: int = 5
    min_value: float | None = None
    max_value: float | None = None


class SurveyIn(Schema):
    title: Annotated[str, _text(128, required=True)]
    intro: str = ""
    region_code: RegionFilter = None
    open_now: bool = False
    questions: list[QuestionIn]


class SurveyStatusIn(Schema):
    status: Annotated[str, one_of(SurveyStatus)]


class ResponseIn(Schema):
    answers: dict[str, int | float | str | list[int] | None] = Field(
        description="question id → the answer: an option index, indexes, a number or text"
    )


class SmsCodeIn(Schema):
    phone: Annotated[str, described("a mainland mobile number", pattern="^1[3-9][0-9]{9}$")]


class RegistrationIn(Schema):
    phone: Annotated[str, described("a mainland mobile number", pattern="^1[3-9][0-9]{9}$")]
    code: Annotated[str, described("the code sent by text message", pattern="^[0-9]{6}$")]
    name: Annotated[str, _text(64, required=True)]
    id_number: Annotated[str, described("a resident ID number (GB 11643)")]
    region_code: str = Field(description="the county where the rider works")
    platforms: list[str]
    kind: Annotated[str, one_of(RiderKind)] = "full_time"
    password: str
    consent: bool


# --- answers ----------------------------------------------------------------------------------


class RiderOut(Schema):
    """A census record, masked. The political fields appear only for accounts allowed to see
    them (`can_view_political_status`)."""

    id: int
    region_code: str
    name: str = Field(description="masked")
    id_number: str = Field(description="masked")
    phone: str = Field(description="masked")
    gender: Annotated[str, one_of(Gender)]
    birth_year: int
    platforms: list[str]
    kind: Annotated[str, one_of(RiderKind)]
    company: str | None
    site: str | None
    status: Annotated[str, one_of(RiderStatus)]
    joined_on: dt.date | None
    left_on: dt.date | None
    housing_fund_months: int
    consent_at: Timestamp | None
    registered: bool = Field(description="the rider has an account")
    political_status: Annotated[str, one_of(PoliticalStatus)] | None = None
    mobile_party_member: bool | None = None
    community_organisation: str | None = None


class RevealOut(Schema):
    """The plaintext a permitted officer asked to see (audited with the reason)."""

    name: str
    id_number: str
    phone: str


class LiaisonOut(Schema):
    id: int
    name: str


class CompanyOut(Schema):
    id: int
    name: str
    kind: Annotated[str, one_of(CompanyKind)]
    region_code: str
    platform: str | None
    parent_id: int | None
    lat: float | None
    lng: float | None
    address: str
    party_organisation: str | None
    liaison: LiaisonOut | None
    liaison_since: dt.date | None


class VisitOut(Schema):
    id: int
    region_code: str
    company_id: int
    company: str
    on: dt.date
    visitor: str
    topics: str
    notes: str
    problem_count: int | None


class ProblemOut(Schema):
    id: int
    region_code: str
    visit_id: int | None
    company: str
    category: Annotated[str, one_of(ProblemCategory)]
    description: str
    status: Annotated[str, one_of(ProblemStatus)]
    resolution: str
    solved_on: dt.date | None
    appeal_id: int | None


class VisitDetailOut(VisitOut):
    problems: list[ProblemOut]


class LiaisonCountOut(Schema):
    region_code: str
    name: str
    companies: int
    linked: int = Field(description="companies linked to a committee member")
    visits: int
    problems: int
    solved: int


class LiaisonCountsOut(Schema):
    items: list[LiaisonCountOut]


class QuestionOut(Schema):
    id: int
    position: int
    kind: Annotated[str, one_of(QuestionKind)]
    text: str
    options: list[str]
    required: bool
    scale_max: int
    min_value: float | None
    max_value: float | None


class SurveyOut(Schema):
    id: int
    region_code: str
    title: str
    intro: str
    status: Annotated[str, one_of(SurveyStatus)]
    token: str = Field(description="the survey link's capability (for the poster's QR code)")
    responses: int | None


class SurveyDetailOut(SurveyOut):
    questions: list[QuestionOut]


class QuestionStatsOut(Schema):
    """One question's answers: `counts` per option (single, multiple) or per score (rating),
    `counts_by_region` (single, multiple), `mean`/`min`/`max` (rating, number), `texts` (text,
    up to 50)."""

    id: int
    position: int
    kind: Annotated[str, one_of(QuestionKind)]
    text: str
    options: list[str]
    answered: int
    by_region: dict[str, int]
    counts: list[int] | None = None
    counts_by_region: dict[str, list[int]] | None = None
    mean: float | None = None
    min: float | None = None
    max: float | None = None
    texts: list[str] | None = None


class SurveyStatsOut(Schema):
    survey: int
    title: str
    responses: int
    by_region: dict[str, int]
    questions: list[QuestionStatsOut]
    scope: str = Field(description="the region prefix the statistics cover, empty for all")


class SurveyAnsweredOut(Schema):
    id: int
    survey: int


class ImportJobOut(Schema):
    id: int
    region_code: str
    filename: str
    size: int
    dry_run: bool
    status: Annotated[str, one_of(ImportStatus)]
    phase: str
    total: int
    processed: int
    percent: int
    error_count: int
    summary: dict
    message: str
    created_at: Timestamp
    finished_at: Timestamp | None


class ImportJobDetailOut(ImportJobOut):
    errors: list[dict] = Field(description="the first 500 bad rows, each with its reasons")


class ExportJobOut(Schema):
    id: int
    region_code: str
    unmasked: bool
    status: Annotated[str, one_of(ExportStatus)]
    total: int
    processed: int
    percent: int
    message: str
    created_at: Timestamp
    finished_at: Timestamp | None
    expires_at: Timestamp | None
    download_url: str | None


class SmsSentOut(Schema):
    sent: bool
    expires_in: int = Field(description="seconds the code stays valid")


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
    status: Annotated[str, matching(RiderStatus)] = ""
    kind: Annotated[str, matching(RiderKind)] = ""
    platform: str = ""
    political_status: Annotated[str, matching(PoliticalStatus)] = ""
    unmasked: bool = False
    reason: str = ""


def export_job_out(j) -> dict:
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
    rider: RiderOut


class RegistrationPendingOut(Schema):
    """A registration waiting for the census record's county: no account yet."""

    status: Annotated[str, one_of(ClaimStatus)]
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
    status: Annotated[str, one_of(ClaimStatus)]
    region_code: str  # the census record's county, whose officers decide
    requested_region_code: str
    claimant_name: str  # masked
    claimant_phone: str  # masked
    name_matches: bool
    kind: str
    platforms: list[str]
    record: ClaimRecordOut
    submitted_at: Timestamp
    decided_at: Timestamp | None
    decided_by: str
    decision_note: str


class ClaimListOut(Schema):
    items: list[ClaimOut]
    count: int


class ClaimDecisionIn(Schema):
    decision: Annotated[str, one_of(["confirm", "reject"])]
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
