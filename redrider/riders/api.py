"""The census API (/api/v1/riders/...): thin endpoints over selectors and services."""

from __future__ import annotations

from typing import Annotated

from django.conf import settings
from ninja import File, Form, Router
from ninja.files import UploadedFile

from redrider.accounts.api_auth import AUTH
from redrider.accounts.services import token_issue
from redrider.core.api import XLSX, Limit, ObjectId, Offset, errors, file_answer, page, parse_point
from redrider.core.context import current_ip
from redrider.core.errors import InvalidInput, NotFound, PermissionDenied
from redrider.core.files import private_file_response
from redrider.core.schemas import Paged, matching, one_of
from redrider.regions.types import RegionFilter

from . import schemas as s
from . import selectors, services
from .choices import (
    ClaimStatus,
    CompanyKind,
    PoliticalStatus,
    ProblemStatus,
    RiderKind,
    RiderStatus,
)
from .stats import survey_stats

router = Router(tags=["riders"], auth=AUTH)


def _staff(request):
    user = request.auth
    if not selectors.can_read_census(user):
        raise PermissionDenied()
    return user


@router.get("/riders", response=Paged[s.RiderOut], exclude_unset=True)
def rider_list(
    request,
    region: RegionFilter = None,
    status: Annotated[str, matching(RiderStatus)] = "",
    kind: Annotated[str, matching(RiderKind)] = "",
    platform: str = "",
    q: str = "",
    political_status: Annotated[str, matching(PoliticalStatus)] = "",
    limit: Limit = 50,
    offset: Offset = 0,
):
    user = request.auth
    qs = selectors.rider_list(
        user=user,
        region=region,
        filters={
            "status": status,
            "kind": kind,
            "platform": platform,
            "q": q,
            "political_status": political_status,
        },
    )
    return page(qs, limit=limit, offset=offset, serialise=lambda r: s.rider_out(r, user))


@router.get("/riders/{int:id}", response=s.RiderOut, exclude_unset=True)
def rider_detail(request, id: ObjectId):
    return s.rider_out(selectors.rider_get(user=request.auth, id=id), request.auth)


@router.post("/riders/{int:id}/reveal", response={200: s.RevealOut, **errors(403)})
def rider_reveal(request, id: ObjectId, payload: s.RevealIn):
    rider = selectors.rider_get(user=request.auth, id=id)
    return services.rider_reveal(actor=request.auth, rider=rider, reason=payload.reason)


@router.get("/me", response={200: s.RiderOut, **errors(404)}, exclude_unset=True)
def me(request):
    rider = selectors.rider_profile_for_user(request.auth)
    if rider is None:
        raise NotFound("骑手档案", "rider profile")
    return s.rider_out(rider, None)


@router.post("/me/consent", response={200: s.RiderOut, **errors(404)}, exclude_unset=True)
def me_consent(request):
    rider = selectors.rider_profile_for_user(request.auth)
    if rider is None:
        raise NotFound("骑手档案", "rider profile")
    return s.rider_out(services.rider_consent_record(actor=request.auth, rider=rider), None)


@router.post(
    "/me/consent/withdraw", response={200: s.RiderOut, **errors(403, 404)}, exclude_unset=True
)
def me_consent_withdraw(request):
    """The signed-in rider withdraws consent: personal fields erased, counts kept."""
    rider = selectors.rider_profile_for_user(request.auth)
    if rider is None:
        raise NotFound("骑手信息", "rider record")
    return s.rider_out(services.rider_consent_withdraw(actor=request.auth, rider=rider), None)


@router.get("/companies", response=Paged[s.CompanyOut])
def company_list(
    request,
    region: RegionFilter = None,
    kind: Annotated[str, matching(CompanyKind)] = "",
    q: str = "",
    limit: Limit = 50,
    offset: Offset = 0,
):
    qs = selectors.company_list(user=request.auth, region=region, kind=kind, q=q)
    return page(qs, limit=limit, offset=offset, serialise=s.company_out)


@router.get("/companies/{int:id}", response=s.CompanyOut)
def company_detail(request, id: ObjectId):
    return s.company_out(selectors.company_get(user=request.auth, id=id))


@router.post("/companies", response={201: s.CompanyOut, **errors(403, 409)})
def company_create(request, payload: s.CompanyIn):
    lat = lng = None
    if payload.lat is not None or payload.lng is not None:
        lat, lng = parse_point(payload.lat, payload.lng, payload.crs)
    company = services.company_create(
        actor=_staff(request),
        name=payload.name,
        kind=payload.kind,
        region_code=payload.region_code,
        platform_code=payload.platform,
        lat=lat,
        lng=lng,
        address=payload.address,
    )
    return 201, s.company_out(company)


@router.post("/companies/{int:id}/liaison", response={200: s.CompanyOut, **errors(403)})
def company_liaison(request, id: ObjectId, payload: s.LiaisonIn):
    company = selectors.company_get(user=request.auth, id=id)
    liaison = None
    if payload.user_id is not None:
        liaison = selectors.liaison_account_get(id=payload.user_id)
    return s.company_out(
        services.company_liaison_assign(actor=_staff(request), company=company, liaison=liaison)
    )


@router.get("/visits", response=Paged[s.VisitOut])
def visit_list(request, region: RegionFilter = None, limit: Limit = 50, offset: Offset = 0):
    return page(
        selectors.visit_list(user=request.auth, region=region),
        limit=limit,
        offset=offset,
        serialise=s.visit_out,
    )


@router.get("/visits/{int:id}", response=s.VisitDetailOut)
def visit_detail(request, id: ObjectId):
    visit = selectors.visit_get(user=request.auth, id=id)
    return {**s.visit_out(visit), "problems": [s.problem_out(p) for p in visit.problems.all()]}


@router.post("/visits", response={201: s.VisitDetailOut, **errors(403, 404)})
def visit_create(request, payload: s.VisitIn):
    company = selectors.company_get(user=request.auth, id=payload.company_id)
    visit = services.visit_record(
        actor=_staff(request),
        company=company,
        on=payload.on,
        topics=payload.topics,
        notes=payload.notes,
        problems=[p.dict() for p in payload.problems],
    )
    return 201, {**s.visit_out(visit), "problems": [s.problem_out(p) for p in visit.problems.all()]}


@router.get("/problems", response=Paged[s.ProblemOut])
def problem_list(
    request,
    region: RegionFilter = None,
    status: Annotated[str, matching(ProblemStatus)] = "",
    limit: Limit = 50,
    offset: Offset = 0,
):
    return page(
        selectors.problem_list(user=request.auth, region=region, status=status),
        limit=limit,
        offset=offset,
        serialise=s.problem_out,
    )


@router.get("/problems/{int:id}", response=s.ProblemOut)
def problem_detail(request, id: ObjectId):
    return s.problem_out(selectors.problem_get(user=request.auth, id=id))


@router.post("/problems/{int:id}/transitions", response={200: s.ProblemOut, **errors(403, 409)})
def problem_transition(request, id: ObjectId, payload: s.ProblemTransitionIn):
    problem = selectors.problem_get(user=request.auth, id=id)
    return s.problem_out(
        services.problem_transition(
            actor=_staff(request),
            problem=problem,
            status=payload.status,
            resolution=payload.resolution,
        )
    )


@router.get("/liaison/counts", response=s.LiaisonCountsOut)
def liaison_counts(
    request,
    region: RegionFilter = None,
    by: Annotated[
        str, matching(["prefecture", "county"], "prefecture, else county")
    ] = "prefecture",
):
    return {"items": selectors.liaison_counts(user=request.auth, region=region, by=by)}


@router.get("/surveys", response=Paged[s.SurveyOut])
def survey_list(request, region: RegionFilter = None, limit: Limit = 50, offset: Offset = 0):
    return page(
        selectors.survey_list(user=request.auth, region=region),
        limit=limit,
        offset=offset,
        serialise=s.survey_out,
    )


@router.get("/surveys/{int:id}", response=s.SurveyDetailOut)
def survey_detail(request, id: ObjectId):
    return s.survey_out(selectors.survey_get(user=request.auth, id=id), with_questions=True)


@router.post("/surveys", response={201: s.SurveyDetailOut, **errors(403)})
def survey_create(request, payload: s.SurveyIn):
    survey = services.survey_create(
        actor=_staff(request),
        title=payload.title,
        intro=payload.intro,
        region_code=payload.region_code,
        open_now=payload.open_now,
        questions=[q.dict() for q in payload.questions],
    )
    return 201, s.survey_out(survey, with_questions=True)


@router.post("/surveys/{int:id}/status", response={200: s.SurveyOut, **errors(403, 409)})
def survey_status(request, id: ObjectId, payload: s.SurveyStatusIn):
    survey = selectors.survey_get(user=request.auth, id=id)
    return s.survey_out(
        services.survey_status_set(actor=_staff(request), survey=survey, status=payload.status)
    )


@router.get("/surveys/{int:id}/stats", response=s.SurveyStatsOut, exclude_unset=True)
def survey_statistics(
    request,
    id: ObjectId,
    region: RegionFilter = None,
    by: Annotated[str, matching(["county", "prefecture"], "prefecture, else county")] = "county",
):
    survey = selectors.survey_get(user=request.auth, id=id)
    return survey_stats(survey=survey, user=request.auth, region=region, by=by)


@router.get("/surveys/by-token/{token}", response={200: s.SurveyDetailOut, **errors(403)})
def survey_by_token(request, token: str):
    survey, _rider = selectors.survey_for_rider(user=request.auth, token=token)
    return s.survey_out(survey, with_questions=True)


@router.post(
    "/surveys/by-token/{token}/responses",
    response={201: s.SurveyAnsweredOut, **errors(403, 409)},
)
def survey_respond(request, token: str, payload: s.ResponseIn):
    survey, _rider = selectors.survey_for_rider(user=request.auth, token=token)
    response = services.survey_answer(user=request.auth, survey=survey, answers=payload.answers)
    return 201, {"id": response.pk, "survey": survey.pk}


@router.get("/imports", response={200: Paged[s.ImportJobOut], **errors(403)})
def import_list(request, limit: Limit = 20, offset: Offset = 0):
    return page(
        selectors.import_job_list(user=request.auth),
        limit=limit,
        offset=offset,
        serialise=s.import_job_out,
    )


@router.get("/imports/{int:id}", response=s.ImportJobDetailOut)
def import_detail(request, id: ObjectId):
    return s.import_job_out(selectors.import_job_get(user=request.auth, id=id), errors=True)


@router.post("/imports", response={201: s.ImportJobDetailOut, **errors(403, 413)})
def import_create(request, file: File[UploadedFile], dry_run: Form[bool] = True):
    if file.size and file.size > settings.MAX_IMPORT_BYTES:
        mb = settings.MAX_IMPORT_BYTES // (1024 * 1024)
        raise InvalidInput(
            "file_too_large",
            f"文件超过 {mb} MB 上限",
            f"the file exceeds the {mb} MB limit",
            status=413,
        )
    job = services.import_job_create(
        actor=_staff(request), filename=file.name or "upload", data=file.read(), dry_run=dry_run
    )
    return 201, s.import_job_out(job, errors=True)


@router.post("/imports/{int:id}/commit", response={200: s.ImportJobDetailOut, **errors(403, 409)})
def import_commit(request, id: ObjectId):
    job = selectors.import_job_get(user=request.auth, id=id)
    return s.import_job_out(services.import_job_commit(actor=_staff(request), job=job), errors=True)


@router.get("/exports", response={200: Paged[s.ExportJobOut], **errors(403)})
def export_list(request, limit: Limit = 20, offset: Offset = 0):
    return page(
        selectors.export_job_list(user=request.auth),
        limit=limit,
        offset=offset,
        serialise=s.export_job_out,
    )


@router.post("/exports", response={202: s.ExportJobOut, **errors(403, 404)})
def export_create(request, payload: s.ExportIn):
    """Queue an export of the registry (masked, or full with `can_view_pii` and a reason)."""
    filters = payload.dict(exclude={"region", "unmasked", "reason"})
    job = services.export_job_create(
        actor=_staff(request),
        filters=filters,
        focus=payload.region,
        unmasked=payload.unmasked,
        reason=payload.reason,
    )
    return 202, s.export_job_out(job)


@router.get("/exports/{int:id}", response=s.ExportJobOut)
def export_detail(request, id: ObjectId):
    """A background export's progress; `download_url` once the file is ready."""
    return s.export_job_out(selectors.export_job_get(user=request.auth, id=id))


@router.get(
    "/exports/{int:id}/file",
    response={200: None, **errors(403, 409, 410)},
    openapi_extra=file_answer(XLSX),
)
def export_file(request, id: ObjectId):
    job = selectors.export_job_get(user=request.auth, id=id)
    stored = services.export_job_download(actor=request.auth, job=job)
    return private_file_response(stored, as_attachment=True)


@router.get("/claims", response={200: s.ClaimListOut, **errors(403)})
def claim_list(
    request,
    status: Annotated[str, one_of(["", *ClaimStatus.values])] = "",
    limit: Limit = 50,
    offset: Offset = 0,
):
    """Claims of census records of the caller's region (officers); `status=pending` to work."""
    qs = selectors.claim_list(user=request.auth, status=status)
    return page(qs, limit=limit, offset=offset, serialise=s.claim_out)


@router.get("/claims/{int:id}", response={200: s.ClaimOut})
def claim_detail(request, id: ObjectId):
    return s.claim_out(selectors.claim_get(user=request.auth, id=id))


@router.post("/claims/{int:id}/decision", response={200: s.ClaimOut, **errors(403, 409)})
def claim_decision(request, id: ObjectId, payload: s.ClaimDecisionIn):
    """An officer of the record's county confirms (the name must match) or rejects a claim."""
    claim = selectors.claim_get(user=request.auth, id=id)
    decided = services.claim_decide(
        actor=request.auth, claim=claim, decision=payload.decision, note=payload.note
    )
    return s.claim_out(selectors.claim_get(user=request.auth, id=decided.pk))


public = Router(tags=["riders"], auth=None)


@public.post("/sms-codes", response={202: s.SmsSentOut, **errors(429)})
def sms_code(request, payload: s.SmsCodeIn):
    services.sms_code_send(phone=payload.phone, ip=current_ip.get())
    return 202, {"sent": True, "expires_in": 300}


@public.post(
    "/registrations",
    response={201: s.RegistrationOut, 202: s.RegistrationPendingOut, **errors(409, 429)},
    exclude_unset=True,
)
def register(request, payload: s.RegistrationIn):
    """Register; claiming a census record with another phone on file waits for review (202)."""
    result = services.rider_register(
        phone=payload.phone,
        code=payload.code,
        name=payload.name,
        id_number=payload.id_number,
        region_code=payload.region_code,
        platforms=payload.platforms,
        kind=payload.kind,
        password=payload.password,
        consent=payload.consent,
        ip=current_ip.get(),
    )
    if result.pending:
        claim = result.claim
        return 202, {"status": claim.status, "claim_id": claim.pk, "detail": s.PENDING_DETAIL}
    token = token_issue(user=result.user)
    return 201, {"token": token, "rider": s.rider_out(result.rider, None)}


EXTRA_ROUTERS = [("/riders/public", public)]
