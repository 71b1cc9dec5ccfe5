"""Appeals and tip-offs API (DESIGN.md §5): /api/v1/appeals and /api/v1/tipoffs. Thin."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse
from ninja import File, Router
from ninja.files import UploadedFile

from redrider.accounts.policy import require
from redrider.core.api import AUTH, page
from redrider.core.errors import DomainError, PermissionDenied
from redrider.core.idempotency import run_idempotent

from . import selectors, services
from .choices import CATEGORY_RULES, AppealCategory
from .exports import appeals_xlsx
from .permissions import can_view_informant
from .photos import photo_size_check
from .schemas import (
    AppealIn,
    FollowUpIn,
    ReadIn,
    TipoffIn,
    TransitionIn,
    VerificationIn,
    appeal_out,
    hotspot_out,
    nearby_out,
    tipoff_out,
)

router = Router(tags=["appeals"], auth=AUTH)
tipoff_router = Router(tags=["tipoffs"], auth=AUTH)
EXTRA_ROUTERS = [("/tipoffs", tipoff_router)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _json(status: int, body: dict) -> JsonResponse:
    return JsonResponse(
        body, status=status, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False}
    )


def _is_rider(request) -> bool:
    return getattr(request.auth, "role", None) == "rider"


def _staff_only(request) -> None:
    if _is_rider(request):
        raise PermissionDenied("仅工作人员可用", "staff only")


def _photo_bytes(file: UploadedFile) -> bytes:
    photo_size_check(file.size or 0)
    return file.read(settings.MAX_PHOTO_BYTES + 1)


@router.post("", response={201: dict})
def appeal_create(request, payload: AppealIn):
    """A rider files an appeal; `Idempotency-Key` (optional) makes a retry safe."""
    user = request.auth

    def create():
        appeal = services.appeal_create(actor=user, **payload.dict())
        return 201, appeal_out(appeal, user=user, crs=payload.crs)

    key = request.headers.get("Idempotency-Key")
    if key:
        status, body = run_idempotent(
            user=user, key=key, scope="appeals.create", payload=payload.dict(), action=create
        )
    else:
        status, body = create()
    return _json(status, body)


@router.get("")
def appeal_list(
    request,
    region: str | None = None,
    status: str | None = None,
    category: str | None = None,
    overdue: bool | None = None,
    escalated: bool | None = None,
    queue: bool = False,
    limit: int = 50,
    offset: int = 0,
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


@router.get("/categories")
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


@router.get("/nearby")
def nearby(request, lat: float, lng: float, category: str, crs: str = "wgs84", limit: int = 10):
    """Open cases of one category near a point, to join ("me too") instead of filing anew."""
    found = selectors.appeals_nearby_open(
        lat=lat, lng=lng, crs=crs, category=category, limit=max(1, min(limit, 50))
    )
    items = [nearby_out(a, d, crs=crs) for a, d in found]
    return {"items": items, "count": len(items), "radius_m": CATEGORY_RULES[category].radius_m}


@router.get("/hotspots")
def hotspots(
    request,
    region: str | None = None,
    category: str | None = None,
    status: str = "open",
    min_size: int = 2,
    crs: str = "wgs84",
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


@router.get("/indicators")
def indicators(request, region: str | None = None):
    _staff_only(request)
    code = region or request.auth.scope_code
    return selectors.appeal_indicators(user=request.auth, region_code=code)


@router.get("/export.xlsx")
def export(
    request,
    region: str | None = None,
    status: str | None = None,
    category: str | None = None,
    overdue: bool | None = None,
):
    _staff_only(request)
    qs = selectors.appeal_list(
        user=request.auth, region=region, status=status, category=category, overdue=overdue
    )
    response = HttpResponse(appeals_xlsx(qs), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="appeals.xlsx"'
    return response


@router.get("/notifications")
def notifications(request, unread: bool = False, limit: int = 20, offset: int = 0):
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


@router.post("/notifications/read")
def notifications_read(request, payload: ReadIn):
    return {"marked": services.notifications_mark_read(actor=request.auth, ids=payload.ids)}


@router.get("/{int:id}")
def appeal_get(request, id: int, crs: str = "wgs84"):
    appeal = selectors.appeal_get(user=request.auth, id=id)
    return appeal_out(appeal, user=request.auth, crs=crs, detail=True)


@router.post("/{int:id}/transitions")
def appeal_transition(request, id: int, payload: TransitionIn):
    """One workflow step; an illegal step answers 409 and changes nothing."""
    appeal = selectors.appeal_get(user=request.auth, id=id)
    appeal = services.appeal_transition(actor=request.auth, appeal=appeal, **payload.dict())
    return appeal_out(
        selectors.appeal_get(user=request.auth, id=appeal.pk), user=request.auth, detail=True
    )


@router.post("/{int:id}/me-too")
def appeal_me_too(request, id: int):
    """“我也遇到了”: join an open case (riders; any open case they can find nearby)."""
    from .models import Appeal

    # Staff get the same 404 for every id, so the answer never tells whether a case exists.
    require(request.auth, "appeals.me_too")
    appeal = Appeal.objects.filter(
        pk=id, status__in=["submitted", "accepted", "in_progress"]
    ).first()
    if appeal is None:
        raise DomainError("not_found", "诉求不存在或已关闭", "case not found or closed", status=404)
    appeal, created = services.appeal_me_too(actor=request.auth, appeal=appeal)
    return {
        "id": appeal.pk,
        "joined": True,
        "created": created,
        "supporters": appeal.supporters.count(),
    }


@router.post("/{int:id}/photos", response={201: dict})
def appeal_photo(request, id: int, file: UploadedFile = File(...)):  # noqa: B008
    appeal = selectors.appeal_get(user=request.auth, id=id)
    photo = services.appeal_photo_add(actor=request.auth, appeal=appeal, data=_photo_bytes(file))
    return 201, {"id": photo.pk, "width": photo.width, "height": photo.height, "size": photo.size}


@router.post("/{int:id}/follow-up")
def appeal_follow_up(request, id: int, payload: FollowUpIn):
    appeal = selectors.appeal_get(user=request.auth, id=id)
    appeal = services.appeal_follow_up_answer(
        actor=request.auth, appeal=appeal, still_fixed=payload.still_fixed
    )
    return appeal_out(selectors.appeal_get(user=request.auth, id=appeal.pk), user=request.auth)


# --- tip-offs -------------------------------------------------------------------------------


@tipoff_router.post("", response={201: dict})
def tipoff_create(request, payload: TipoffIn):
    """A rider reports a merchant; `Idempotency-Key` (optional) makes a retry safe."""
    user = request.auth

    def create():
        tipoff = services.tipoff_create(actor=user, **payload.dict())
        return 201, tipoff_out(tipoff, user=user)

    key = request.headers.get("Idempotency-Key")
    if key:
        status, body = run_idempotent(
            user=user, key=key, scope="tipoffs.create", payload=payload.dict(), action=create
        )
    else:
        status, body = create()
    return _json(status, body)


@tipoff_router.get("")
def tipoff_list(
    request,
    region: str | None = None,
    status: str | None = None,
    category: str | None = None,
    limit: int = 50,
    offset: int = 0,
):
    """Lists never carry the informant, whoever asks."""
    user = request.auth
    if _is_rider(request):
        qs = selectors.rider_tipoff_list(user=user)
    else:
        qs = selectors.tipoff_list(user=user, region=region, status=status, category=category)
    return page(qs, limit=limit, offset=offset, serialise=lambda t: tipoff_out(t, user=user))


@tipoff_router.get("/{int:id}")
def tipoff_get(request, id: int):
    """Detail; includes `informant` (and audits the look) only for a permitted handler."""
    tipoff = selectors.tipoff_get(user=request.auth, id=id)
    informant = None
    if can_view_informant(request.auth, tipoff):
        informant = services.tipoff_informant_reveal(actor=request.auth, tipoff=tipoff)
    return tipoff_out(tipoff, user=request.auth, informant=informant, detail=True)


@tipoff_router.get("/{int:id}/informant")
def tipoff_informant(request, id: int):
    tipoff = selectors.tipoff_get(user=request.auth, id=id)
    return services.tipoff_informant_reveal(actor=request.auth, tipoff=tipoff)


@tipoff_router.post("/{int:id}/photos", response={201: dict})
def tipoff_photo(request, id: int, file: UploadedFile = File(...)):  # noqa: B008
    tipoff = selectors.tipoff_get(user=request.auth, id=id)
    photo = services.tipoff_photo_add(actor=request.auth, tipoff=tipoff, data=_photo_bytes(file))
    return 201, {"id": photo.pk, "width": photo.width, "height": photo.height, "size": photo.size}


@tipoff_router.post("/{int:id}/start")
def tipoff_start(request, id: int):
    tipoff = services.tipoff_start(
        actor=request.auth, tipoff=selectors.tipoff_get(user=request.auth, id=id)
    )
    return tipoff_out(tipoff, user=request.auth)


@tipoff_router.post("/{int:id}/verification")
def tipoff_verify(request, id: int, payload: VerificationIn):
    tipoff = selectors.tipoff_get(user=request.auth, id=id)
    tipoff = services.tipoff_verify(actor=request.auth, tipoff=tipoff, **payload.dict())
    return tipoff_out(selectors.tipoff_get(user=request.auth, id=tipoff.pk), user=request.auth)
