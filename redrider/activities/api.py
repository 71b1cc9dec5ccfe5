"""The activities API under /api/v1/activities: riders find, sign up and check in; staff publish,
see attendance and certificates."""

from __future__ import annotations

from typing import Any

import segno
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query, Router

from redrider.accounts.api_auth import AUTH
from redrider.core.api import Limit, ObjectId, Offset, errors, file_answer, page
from redrider.core.idempotency import idempotent
from redrider.core.schemas import Paged
from redrider.regions.types import RegionFilter

from . import selectors, services
from .schemas import (
    ActivityIn,
    ActivityListOut,
    ActivityOut,
    CertificateOut,
    CheckinIn,
    MyCertificatesOut,
    SignupOut,
    ThemeFilter,
    UpcomingIn,
    activity_out,
    certificate_out,
    signup_out,
)

router = Router(tags=["activities"], auth=AUTH)


# --- riders ----------------------------------------------------------------------------------


@router.get("/upcoming", response=ActivityListOut)
def upcoming(request, q: Query[UpcomingIn]):
    """Activities not yet over, nearest first when `lat`/`lng` (WGS-84) are given."""
    rows = selectors.rider_upcoming(
        user=request.auth,
        lat=q.lat,
        lng=q.lng,
        theme=q.theme,
        limit=max(1, min(q.limit, 100)),
        radius_m=q.radius_m,
    )
    return {"items": [activity_out(a) for a in rows], "count": len(rows)}


@router.get("/{int:id}", response=ActivityOut)
def activity(request, id: ObjectId):
    return activity_out(selectors.rider_activity(user=request.auth, id=id))


@router.post("/{int:id}/signup", response={200: SignupOut, **errors(403, 409)})
def signup(request, id: ObjectId):
    """Sign up (a place, or the waiting list); signing up twice returns the same sign-up."""
    return signup_out(services.signup_create(actor=request.auth, activity_id=id))


@router.post("/{int:id}/signup/cancel", response={200: SignupOut, **errors(403, 409)})
def signup_cancel(request, id: ObjectId):
    return signup_out(services.signup_cancel(actor=request.auth, activity_id=id))


def _signup_now(request: HttpRequest, status: int, body: Any) -> Any:
    # The points are credited once the check-in has committed (the points app listens):
    # answer the sign-up as it stands now, points included.
    if status != 201:
        return body
    return signup_out(selectors.rider_signups(user=request.auth).get(pk=body["id"]))


@router.post("/checkins", response={201: SignupOut, **errors(403, 404, 409)})
@idempotent(scope="activities.checkin", then=_signup_now)
def checkin(request, payload: CheckinIn):
    """Check in with the venue QR code's token (Idempotency-Key: attendance earns points)."""
    return 201, signup_out(services.checkin_record(actor=request.auth, token=payload.token))


@router.get("/signups/mine", response=Paged[SignupOut])
def my_signups(request, limit: Limit = 50, offset: Offset = 0):
    return page(
        selectors.rider_signups(user=request.auth), limit=limit, offset=offset, serialise=signup_out
    )


@router.get("/certificates/mine", response=MyCertificatesOut)
def my_certificates(request):
    items = [certificate_out(c) for c in selectors.rider_certificates(user=request.auth)]
    return {
        "items": items,
        "count": len(items),
        "volunteer_hours": str(selectors.rider_volunteer_hours(user=request.auth)),
    }


# --- staff -----------------------------------------------------------------------------------


@router.get("/manage", response={200: Paged[ActivityOut], **errors(403)})
def manage_list(
    request,
    region: RegionFilter = None,
    theme: ThemeFilter = "",
    q: str = "",
    limit: Limit = 50,
    offset: Offset = 0,
):
    qs = selectors.activity_list(user=request.auth, region=region, theme=theme, q=q)
    return page(qs, limit=limit, offset=offset, serialise=activity_out)


@router.get("/manage/{int:id}", response=ActivityOut)
def manage_get(request, id: ObjectId):
    return activity_out(selectors.activity_get(user=request.auth, id=id))


@router.post("/manage", response={201: ActivityOut, **errors(403)})
def manage_create(request, payload: ActivityIn):
    return 201, activity_out(services.activity_create(actor=request.auth, **payload.dict()))


@router.post("/manage/{int:id}/cancel", response={200: ActivityOut, **errors(403, 409)})
def manage_cancel(request, id: ObjectId):
    selectors.activity_get(user=request.auth, id=id)
    return activity_out(services.activity_cancel(actor=request.auth, activity_id=id))


@router.get("/manage/{int:id}/attendance", response=Paged[SignupOut])
def manage_attendance(request, id: ObjectId, limit: Limit = 200, offset: Offset = 0):
    activity = selectors.activity_get(user=request.auth, id=id)
    return page(
        selectors.attendance(activity=activity), limit=limit, offset=offset, serialise=signup_out
    )


@router.get(
    "/manage/{int:id}/qr.svg", response={200: None}, openapi_extra=file_answer("image/svg+xml")
)
def manage_qr(request, id: ObjectId):
    """The venue QR code: it encodes the rider check-in page URL with the activity's token."""
    activity = selectors.activity_get(user=request.auth, id=id)
    url = request.build_absolute_uri(
        reverse("activities:rider_checkin", args=[activity.checkin_token])
    )
    return HttpResponse(
        segno.make(url, error="m").svg_inline(scale=6), content_type="image/svg+xml"
    )


@router.get("/signups", response=Paged[SignupOut])
def signups(
    request,
    region: RegionFilter = None,
    activity_id: ObjectId | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
):
    qs = selectors.signup_list(user=request.auth, region=region, activity_id=activity_id)
    return page(qs, limit=limit, offset=offset, serialise=signup_out)


@router.get("/signups/{int:id}", response=SignupOut)
def signup_get(request, id: ObjectId):
    return signup_out(selectors.signup_get(user=request.auth, id=id))


@router.get("/certificates", response=Paged[CertificateOut])
def certificates(request, region: RegionFilter = None, limit: Limit = 50, offset: Offset = 0):
    return page(
        selectors.certificate_list(user=request.auth, region=region),
        limit=limit,
        offset=offset,
        serialise=certificate_out,
    )


@router.get("/certificates/{int:id}", response=CertificateOut)
def certificate_get(request, id: ObjectId):
    return certificate_out(selectors.certificate_get(user=request.auth, id=id))
