"""Campaigns, nominations, the jury and objections."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import File, Form, Router
from ninja.files import UploadedFile

from redrider.accounts.policy import can
from redrider.appeals.services.tipoffs import tipoff_informant_reveal
from redrider.core.api import Limit, ObjectId, Offset
from redrider.core.errors import NotFound
from redrider.regions.types import RegionFilter

from .. import selectors, services
from ..models import Campaign, Juror, Nomination, Objection
from ..schemas import (
    AssignIn,
    AssignOut,
    CampaignIn,
    CampaignListOut,
    CampaignOut,
    DeclarationIn,
    JurorIn,
    JurorOut,
    NominationDetailOut,
    NominationIn,
    NominationListOut,
    NominationOut,
    NominationReceiptOut,
    ObjectionDecisionIn,
    ObjectionIn,
    ObjectionOut,
    PhotoOut,
    PublishOut,
    RiderNominationIn,
    ScoreIn,
    ScoreOut,
)
from .common import ERRORS, paged, photo_bytes

router = Router(tags=["honours: campaigns"])


def _campaign(request, id: int) -> Campaign:
    return selectors.campaign_get(user=request.auth, id=id)


@router.get("/campaigns", response={200: CampaignListOut, **ERRORS})
def campaign_list(request: HttpRequest, limit: Limit = 50, offset: Offset = 0):
    """Selection campaigns of (or above) the user's region, with quotas and dates."""
    return paged(selectors.campaign_list(user=request.auth), limit=limit, offset=offset)


@router.get("/campaigns/{int:id}", response={200: CampaignOut, **ERRORS})
def campaign_detail(request: HttpRequest, id: ObjectId):
    return _campaign(request, id)


@router.post("/campaigns", response={201: CampaignOut, **ERRORS})
def campaign_create(request: HttpRequest, payload: CampaignIn):
    campaign = services.campaign_create(actor=request.auth, **payload.dict())
    return 201, campaign


@router.post("/campaigns/{int:id}/notice", response={200: CampaignOut, **ERRORS})
def campaign_notice(request: HttpRequest, id: ObjectId):
    """Rank within each quota and open the public notice (公示)."""
    return services.campaign_notice_open(actor=request.auth, campaign=_campaign(request, id))


@router.post("/campaigns/{int:id}/publish", response={200: PublishOut, **ERRORS})
def campaign_publish(request: HttpRequest, id: ObjectId):
    """Publish the final list; before the notice has ended this answers 409."""
    campaign = _campaign(request, id)
    result = services.campaign_publish(actor=request.auth, campaign=campaign)
    return {"campaign": _campaign(request, id), **result}


# --- Nominations -------------------------------------------------------------------------------


@router.get("/nominations", response={200: NominationListOut, **ERRORS})
def nomination_list(
    request: HttpRequest,
    campaign: ObjectId | None = None,
    region: RegionFilter = None,
    status: str = "",
    limit: Limit = 50,
    offset: Offset = 0,
):
    """Staff: their region's nominations. A juror: only those assigned to them."""
    qs = selectors.nomination_list(
        user=request.auth, campaign=campaign, region=region, status=status
    )
    return paged(qs, limit=limit, offset=offset)


def nomination_detail_out(user, nomination: Nomination) -> dict:
    """The detail a viewer may see: evidence filtered by the informant rule, all scores and the
    objections for staff, a juror's own score only."""
    evidence = selectors.nomination_evidence(user=user, nomination=nomination)
    for tipoff in evidence.tipoffs:
        # Seeing that the nominee informed is seeing the informant: audited the same way.
        tipoff_informant_reveal(actor=user, tipoff=tipoff)
    staff = can(user, "honours.view_nominations", nomination)
    scores = [s for s in nomination.scores.all() if staff or s.juror.user_id == user.pk]
    return {
        **NominationOut.from_orm(nomination).dict(),
        "story": nomination.story,
        "photos": [
            {
                "id": p.pk,
                "url": reverse("honours:nomination_photo", args=[p.pk]),
                "width": p.width,
                "height": p.height,
                "caption": p.caption,
            }
            for p in evidence.photos
        ],
        "records": [
            {"kind": r.kind, "label": r.label, "occurred_at": r.occurred_at}
            for r in evidence.records
        ],
        "scores": [
            {
                "nomination_id": s.nomination_id,
                "juror": s.juror.user.label if staff else "",
                "loves_party_country": s.loves_party_country,
                "dedicated": s.dedicated,
                "takes_responsibility": s.takes_responsibility,
                "serves_society": s.serves_society,
                "total": s.total,
                "comment": s.comment,
                "updated_at": s.updated_at,
            }
            for s in scores
        ],
        "objections": list(nomination.objections.all()) if staff else [],
    }


@router.get("/nominations/{int:id}", response={200: NominationDetailOut, **ERRORS})
def nomination_detail(request: HttpRequest, id: ObjectId):
    nomination = selectors.nomination_get(user=request.auth, id=id)
    return nomination_detail_out(request.auth, nomination)


@router.post("/nominations", response={201: NominationOut, **ERRORS})
def nomination_create(request: HttpRequest, payload: NominationIn):
    """Staff nominate a rider of their region for a company or an organisation."""
    data = payload.dict()
    campaign = _campaign(request, data.pop("campaign"))
    nomination = services.nomination_create(actor=request.auth, campaign=campaign, **data)
    return 201, nomination


@router.post("/nominations/mine", response={201: NominationReceiptOut, **ERRORS})
def nomination_by_rider(request: HttpRequest, payload: RiderNominationIn):
    """A rider nominates themselves, or a fellow rider of their county by phone."""
    campaign = Campaign.objects.filter(pk=payload.campaign).first()
    if campaign is None:
        raise NotFound("评选活动", "campaign")
    nomination = services.nomination_by_rider(
        actor=request.auth,
        campaign=campaign,
        peer_phone=payload.peer_phone,
        headline=payload.headline,
        story=payload.story,
    )
    return 201, nomination


@router.post("/nominations/{int:id}/photos", response={201: PhotoOut, **ERRORS})
def nomination_photo(
    request: HttpRequest,
    id: ObjectId,
    file: UploadedFile = File(...),  # noqa: B008
    caption: str = Form(""),  # noqa: B008
):
    """An evidence photo (re-encoded without EXIF/GPS); not an image → 422, nothing stored."""
    nomination = selectors.nomination_get(user=request.auth, id=id)
    photo = services.nomination_photo_add(
        actor=request.auth, nomination=nomination, data=photo_bytes(file), caption=caption
    )
    url = reverse("honours:nomination_photo", args=[photo.pk])
    return 201, {
        "id": photo.pk,
        "url": url,
        "width": photo.width,
        "height": photo.height,
        "caption": photo.caption,
    }


@router.post("/nominations/{int:id}/scores", response={200: ScoreOut, **ERRORS})
def nomination_score(request: HttpRequest, id: ObjectId, payload: ScoreIn):
    """A juror's score: not assigned 404, a criterion outside 0–25 422, outside the scoring
    window 409."""
    score = services.score_submit(
        actor=request.auth,
        nomination_id=id,
        scores=payload.scores.dict(),
        comment=payload.comment,
    )
    return {
        "nomination_id": score.nomination_id,
        "juror": request.auth.label,
        "loves_party_country": score.loves_party_country,
        "dedicated": score.dedicated,
        "takes_responsibility": score.takes_responsibility,
        "serves_society": score.serves_society,
        "total": score.total,
        "comment": score.comment,
        "updated_at": score.updated_at,
    }


@router.post("/nominations/{int:id}/objections", response={201: ObjectionOut, **ERRORS})
def objection_create(request: HttpRequest, id: ObjectId, payload: ObjectionIn):
    """Record an objection received during the public notice."""
    nomination = selectors.nomination_get(user=request.auth, id=id)
    objection = services.objection_record(
        actor=request.auth, nomination=nomination, source=payload.source, summary=payload.summary
    )
    return 201, objection


@router.post("/objections/{int:id}/decision", response={200: ObjectionOut, **ERRORS})
def objection_decide(request: HttpRequest, id: ObjectId, payload: ObjectionDecisionIn):
    """`investigate`, `uphold` or `dismiss` an objection (an illegal step answers 409)."""
    objection = get_object_or_404(
        Objection, pk=id, nomination__in=selectors.nominations_for(request.auth)
    )
    return services.objection_decide(
        actor=request.auth, objection=objection, action=payload.action, finding=payload.finding
    )


# --- The jury --------------------------------------------------------------------------------


def _juror_out(juror: Juror) -> Juror:
    return Juror.objects.select_related("user").prefetch_related("assignments").get(pk=juror.pk)


@router.post("/jurors", response={201: JurorOut, **ERRORS})
def juror_appoint(request: HttpRequest, payload: JurorIn):
    campaign = _campaign(request, payload.campaign)
    juror = services.juror_appoint(
        actor=request.auth,
        campaign=campaign,
        user_id=payload.user_id,
        region_code=payload.region_code,
    )
    return 201, _juror_out(juror)


@router.post("/jurors/{int:id}/assignments", response={200: AssignOut, **ERRORS})
def juror_assign(request: HttpRequest, id: ObjectId, payload: AssignIn):
    juror = get_object_or_404(Juror.objects.visible_to(request.auth), pk=id)
    added = services.juror_assign(
        actor=request.auth, juror=juror, nomination_ids=payload.nomination_ids
    )
    return {"added": added, "juror": _juror_out(juror)}


@router.get("/jurors/mine", response={200: list[JurorOut], **ERRORS})
def juror_seats(request: HttpRequest):
    """A juror's own seats (campaign, region, how many assigned)."""
    return list(selectors.juror_seats(user=request.auth).select_related("user"))


@router.post("/jurors/{int:id}/declaration", response={200: JurorOut, **ERRORS})
def juror_declare(request: HttpRequest, id: ObjectId, payload: DeclarationIn):
    """The juror's conflict-of-interest declaration; listed nominations are recused."""
    juror = selectors.juror_seat_get(user=request.auth, id=id)
    services.juror_declare(
        actor=request.auth,
        juror=juror,
        conflicts={c.nomination_id: c.reason for c in payload.conflicts},
        statement=payload.statement,
    )
    return _juror_out(juror)
