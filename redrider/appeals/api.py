"""Appeals and tip-offs API (DESIGN.md §5): /api/v1/appeals and /api/v1/tipoffs. Thin."""

from __future__ import annotations

from typing import Annotated

from django.conf import settings
from django.http import HttpResponse
from ninja import File, Query, Router
from ninja.files import UploadedFile

from redrider.accounts.api_auth import AUTH
from redrider.accounts.policy import can, is_rider, require
from redrider.core.api import XLSX, Crs, Limit, ObjectId, Offset, errors, file_answer, page
from redrider.core.errors import PermissionDenied
from redrider.core.idempotency import idempotent
from redrider.core.photos import photo_size_check
from redrider.core.schemas import Paged, described, matching
from redrider.regions.types import RegionFilter
from redrider.riders import selectors as riders_selectors
from redrider.riders.schemas import ProblemOut, problem_out

from . import selectors, services
from .choices import CATEGORY_RULES, AppealCategory, AppealStatus, TipoffCategory, TipoffStatus
from .exports import appeals_xlsx
from .schemas import (
    AppealAnswer,
    AppealCategoryListOut,
    AppealIn,
    AppealIndicatorsOut,
    AppealNotificationOut,
    AppealPageOut,
    FollowUpIn,
    HotspotsOut,
    MarkedOut,
    MeTooIn,
    MeTooOut,
    NearbyAppealsIn,
    NearbyAppealsOut,
    PersonOut,
    PhotoAddedOut,
    ProblemAppealIn,
    ReadIn,
    TipoffIn,
    TipoffOut,
    TransitionIn,
    VerificationIn,
    appeal_out,
    hotspot_out,
    nearby_out,
    tipoff_out,
)

router = Router(tags=["appeals"], auth=AUTH)
tipoff_router = Router(tags=["tipoffs"], auth=AUTH)
# 转为诉求 sits with the census's problems (/riders/problems/{id}/appeal) but is the appeals app's.
problem_router = Router(tags=["riders"], auth=AUTH)
EXTRA_ROUTERS = [("/tipoffs", tipoff_router), ("/riders/problems", problem_router)]
# A status, or "open" for submitted, accepted and in progress.
AppealStatusFilter = Annotated[str, matching(["open", *AppealStatus.values])] | None
CategoryFilter = Annotated[str, matching(AppealCategory)] | None


def _is_rider(request) -> bool:
    return is_rider(request.auth)


def _staff_only(request) -> None:
    if _is_rider(request):
        raise PermissionDenied("仅工作人员可用", "staff only")


def _photo_bytes(file: UploadedFile) -> bytes:
    photo_size_check(file.size or 0)
    return file.read(settings.MAX_PHOTO_BYTES + 1)


@router.post("", response={201: AppealAnswer, **errors(403)})
@idempotent(scope="appeals.create", required=False)
def appeal_create(request, payload: AppealIn):
    """A rider files an appeal; `Idempotency-Key` (optional) makes a retry safe."""
    appeal = services.appeal_create(actor=request.auth, **payload.dict())
    return 201, appeal_out(appeal, user=request.auth, crs=payload.crs)


@router.get("", response=AppealPageOut, exclude_unset=True)
def appeal_list(
    request,
    region: RegionFilter = None,
    status: AppealStatusFilter = None,
    category: CategoryFilter = None,
    overdue: bool | None = None,
    escalated: bool | None = None,
    queue: bool = False,
    limit: Limit = 50,
    offset: Offset = 0,
):
    """Staff: the work queue of visible cases. Riders: their own cases (filters ignored)."""
    user = request.auth
    if _is_rider(request):
        qs = selectors.rider_appeal_list(user=user)
    else:
        qs = selectors.appeal_list(
            user=user,
            region=region,
            status=status,
            category=category,
            overdue=overdue,
            escalated=escalated,
            queue=queue,
        )
    return page(qs, limit=limit, offset=offset, serialise=lambda a: appeal_out(a, user=user))


@router.get("/categories", response=AppealCategoryListOut)
def categories(request):
    return {
        "items": [
            {
                "key": c.value,
                "label": str(c.label),
                "responsible": str(CATEGORY_RULES[c].responsible),
                "accept_days": CATEGORY_RULES[c].accept_days,
                "resolve_days": CATEGORY_RULES[c].resolve_days,
                "radius_m": CATEGORY_RULES[c].radius_m,
            }
            for c in AppealCategory
        ]
    }


@router.get("/nearby", response=NearbyAppealsOut)
def nearby(request, q: Query[NearbyAppealsIn]):
    """Open cases of one category near a point, to join ("me too") instead of filing anew."""
    found = selectors.appeals_nearby_open(
        lat=q.lat, lng=q.lng, crs=q.crs, category=q.category, limit=max(1, min(q.limit, 50))
    )
    items = [nearby_out(a, d, crs=q.crs) for a, d in found]
    return {"items": items, "count": len(items), "radius_m": CATEGORY_RULES[q.category].radius_m}


@router.get("/hotspots", response={200: HotspotsOut, **errors(403)})
def hotspots(
    request,
    region: RegionFilter = None,
    category: CategoryFilter = None,
    status: Annotated[str, described("open (the default): open cases only; else all")] = "open",
    min_size: int = 2,
    crs: Crs = "wgs84",
):
    _staff_only(request)
    spots = selectors.appeal_hotspots(
        user=request.auth,
        region=region,
        category=category,
        status=status,
        min_size=max(1, min_size),
    )
    return {"items": [hotspot_out(s, crs=crs) for s in spots], "count": len(spots)}


@router.get("/indicators", response={200: AppealIndicatorsOut, **errors(403)})
def indicators(request, region: RegionFilter = None):
    _staff_only(request)
    code = region or request.auth.scope_code
    return selectors.appeal_indicators(user=request.auth, region_code=code)


@router.get("/export.xlsx", response={200: None, **errors(403)}, openapi_extra=file_answer(XLSX))
def export(
    request,
    region: RegionFilter = None,
    status: AppealStatusFilter = None,
    category: CategoryFilter = None,
    overdue: bool | None = None,
):
    _staff_only(request)
    qs = selectors.appeal_list(
        user=request.auth, region=region, status=status, category=category, overdue=overdue
    )
    response = HttpResponse(appeals_xlsx(qs), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="appeals.xlsx"'
    return response


@router.get("/notifications", response=Paged[AppealNotificationOut])
def notifications(request, unread: bool = False, limit: Limit = 20, offset: Offset = 0):
    qs = selectors.rider_notifications(user=request.auth, unread_only=unread)
    return page(
        qs,
        limit=limit,
        offset=offset,
        serialise=lambda n: {
            "id": n.pk,
            "appeal_id": n.appeal_id,
            "kind": n.kind,
            "text": n.text,
            "created_at": n.created_at,
            "read": n.read_at is not None,
        },
    )


@router.post("/notifications/read", response=MarkedOut)
def notifications_read(request, payload: ReadIn):
    return {"marked": services.notifications_mark_read(actor=request.auth, ids=payload.ids)}


@router.get("/{int:id}", response=AppealAnswer, exclude_unset=True)
def appeal_get(request, id: ObjectId, crs: Crs = "wgs84"):
    appeal = selectors.appeal_get(user=request.auth, id=id)
    return appeal_out(appeal, user=request.auth, crs=crs, detail=True)


@router.post(
    "/{int:id}/transitions",
    response={200: AppealAnswer, **errors(403, 409)},
    exclude_unset=True,
)
def appeal_transition(request, id: ObjectId, payload: TransitionIn):
    """One workflow step; an illegal step answers 409 and changes nothing."""
    appeal = selectors.appeal_get(user=request.auth, id=id)
    appeal = services.appeal_transition(actor=request.auth, appeal=appeal, **payload.dict())
    return appeal_out(
        selectors.appeal_get(user=request.auth, id=appeal.pk), user=request.auth, detail=True
    )


@router.post("/{int:id}/me-too", response={200: MeTooOut, **errors(403, 409)})
def appeal_me_too(request, id: ObjectId, payload: MeTooIn):
    """“我也遇到了”: a rider joins an open case of the same category near where they are."""
    # Asked before the case is looked up: staff get one 404 for every id (403 would confirm it).
    require(request.auth, "appeals.me_too")
    appeal, created = services.appeal_me_too(actor=request.auth, appeal_id=id, **payload.dict())
    return {
        "id": appeal.pk,
        "joined": True,
        "created": created,
        "supporters": appeal.supporters.count(),
    }


@router.post("/{int:id}/photos", response={201: PhotoAddedOut, **errors(403, 409, 413)})
def appeal_photo(request, id: ObjectId, file: UploadedFile = File(...)):  # noqa: B008
    appeal = selectors.appeal_get(user=request.auth, id=id)
    photo = services.appeal_photo_add(actor=request.auth, appeal=appeal, data=_photo_bytes(file))
    return 201, {"id": photo.pk, "width": photo.width, "height": photo.height, "size": photo.size}


@router.post(
    "/{int:id}/follow-up", response={200: AppealAnswer, **errors(403, 409)}, exclude_unset=True
)
def appeal_follow_up(request, id: ObjectId, payload: FollowUpIn):
    appeal = selectors.appeal_get(user=request.auth, id=id)
    appeal = services.appeal_follow_up_answer(
        actor=request.auth, appeal=appeal, still_fixed=payload.still_fixed
    )
    return appeal_out(selectors.appeal_get(user=request.auth, id=appeal.pk), user=request.auth)


# --- tip-offs -------------------------------------------------------------------------------


@tipoff_router.post("", response={201: TipoffOut, **errors(403)}, exclude_unset=True)
@idempotent(scope="tipoffs.create", required=False)
def tipoff_create(request, payload: TipoffIn):
    """A rider reports a merchant; `Idempotency-Key` (optional) makes a retry safe."""
    tipoff = services.tipoff_create(actor=request.auth, **payload.dict())
    return 201, tipoff_out(tipoff, user=request.auth)


@tipoff_router.get("", response=Paged[TipoffOut], exclude_unset=True)
def tipoff_list(
    request,
    region: RegionFilter = None,
    status: Annotated[str, matching(TipoffStatus)] | None = None,
    category: Annotated[str, matching(TipoffCategory)] | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
):
    """Lists never carry the informant, whoever asks."""
    user = request.auth
    if _is_rider(request):
        qs = selectors.rider_tipoff_list(user=user)
    else:
        qs = selectors.tipoff_list(user=user, region=region, status=status, category=category)
    return page(qs, limit=limit, offset=offset, serialise=lambda t: tipoff_out(t, user=user))


@tipoff_router.get("/{int:id}", response=TipoffOut, exclude_unset=True)
def tipoff_get(request, id: ObjectId):
    """Detail; includes `informant` (and audits the look) only for a permitted handler."""
    tipoff = selectors.tipoff_get(user=request.auth, id=id)
    informant = None
    if can(request.auth, "appeals.view_informant", tipoff):
        informant = services.tipoff_informant_reveal(actor=request.auth, tipoff=tipoff)
    return tipoff_out(tipoff, user=request.auth, informant=informant, detail=True)


@tipoff_router.get("/{int:id}/informant", response={200: PersonOut, **errors(403)})
def tipoff_informant(request, id: ObjectId):
    tipoff = selectors.tipoff_get(user=request.auth, id=id)
    return services.tipoff_informant_reveal(actor=request.auth, tipoff=tipoff)


@tipoff_router.post("/{int:id}/photos", response={201: PhotoAddedOut, **errors(403, 409, 413)})
def tipoff_photo(request, id: ObjectId, file: UploadedFile = File(...)):  # noqa: B008
    tipoff = selectors.tipoff_get(user=request.auth, id=id)
    photo = services.tipoff_photo_add(actor=request.auth, tipoff=tipoff, data=_photo_bytes(file))
    return 201, {"id": photo.pk, "width": photo.width, "height": photo.height, "size": photo.size}


@tipoff_router.post(
    "/{int:id}/start", response={200: TipoffOut, **errors(403, 409)}, exclude_unset=True
)
def tipoff_start(request, id: ObjectId):
    tipoff = services.tipoff_start(
        actor=request.auth, tipoff=selectors.tipoff_get(user=request.auth, id=id)
    )
    return tipoff_out(tipoff, user=request.auth)


@tipoff_router.post(
    "/{int:id}/verification", response={200: TipoffOut, **errors(403, 409)}, exclude_unset=True
)
def tipoff_verify(request, id: ObjectId, payload: VerificationIn):
    tipoff = selectors.tipoff_get(user=request.auth, id=id)
    tipoff = services.tipoff_verify(actor=request.auth, tipoff=tipoff, **payload.dict())
    return tipoff_out(selectors.tipoff_get(user=request.auth, id=tipoff.pk), user=request.auth)


@problem_router.post("/{int:id}/appeal", response={201: ProblemOut, **errors(403, 409)})
def problem_appeal(request, id: ObjectId, payload: ProblemAppealIn):
    """转为诉求: file an appeal for the problem (409 if it already is one)."""
    if not can(request.auth, "riders.census"):
        raise PermissionDenied()
    problem = riders_selectors.problem_get(user=request.auth, id=id)
    services.problem_raise_appeal(actor=request.auth, problem=problem, category=payload.category)
    return 201, problem_out(riders_selectors.problem_get(user=request.auth, id=id))
