"""The activities API under /api/v1/activities: riders find, sign up and check in; staff publish,
see attendance and certificates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import segno
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Router, Schema

from redrider.accounts.api_auth import AUTH
from redrider.core.api import Limit, ObjectId, Offset, page, parse_point
from redrider.core.idempotency import idempotent_response, run_idempotent
from redrider.regions.types import RegionCode, RegionFilter

from . import selectors, services

router = Router(tags=["activities"], auth=AUTH)


def _iso(value):
    return timezone.localtime(value).isoformat() if value else None


def activity_out(a) -> dict:
    return {
        "id": a.pk,
        "title": a.title,
        "theme": a.theme,
        "theme_label": str(a.get_theme_display()),
        "organiser": a.organiser,
        "region_code": a.region_code,
        "starts_at": _iso(a.starts_at),
        "ends_at": _iso(a.ends_at),
        "place": a.place,
        "lat": a.lat,
        "lng": a.lng,
        "capacity": a.capacity,
        "signup_required": a.signup_required,
        "volunteer_hours": str(a.volunteer_hours),
        "certificate_kind": a.certificate_kind,
        "status": a.status,
        "confirmed": getattr(a, "confirmed_count", None),
        "waiting": getattr(a, "waiting_count", None),
        "attended": getattr(a, "attended_count", None),
        "distance_m": getattr(a, "distance_m", None),
        "my_status": getattr(a, "my_status", None),
    }


def signup_out(s) -> dict:
    return {
        "id": s.pk,
        "activity_id": s.activity_id,
        "activity": s.activity.title,
        "rider_id": s.rider_id,
        "rider": s.rider.label,
        "status": s.status,
        "status_label": str(s.get_status_display()),
        "queued_at": _iso(s.queued_at),
        "checked_in_at": _iso(s.checked_in_at),
        "hours": str(s.hours),
        "points_awarded": s.points_awarded,
        "region_code": s.region_code,
    }


def certificate_out(c) -> dict:
    return {
        "id": c.pk,
        "kind": c.kind,
        "kind_label": str(c.get_kind_display()),
        "rider_id": c.rider_id,
        "activity_id": c.activity_id,
        "activity": c.activity.title if c.activity_id else "",
        "issued_at": _iso(c.issued_at),
        "region_code": c.region_code,
    }


# --- riders ----------------------------------------------------------------------------------


@router.get("/upcoming")
def upcoming(
    request,
    lat: float | None = None,
    lng: float | None = None,
    theme: str = "",
    limit: int = 20,
    radius_m: float | None = None,
):
    """Activities not yet over, nearest first when `lat`/`lng` (WGS-84) are given."""
    if (lat is None) != (lng is None):
        parse_point(lat, lng)
    if lat is not None:
        lat, lng = parse_point(lat, lng)
    rows = selectors.rider_upcoming(
        user=request.auth,
        lat=lat,
        lng=lng,
        theme=theme,
        limit=max(1, min(limit, 100)),
        radius_m=radius_m,
    )
    return {"items": [activity_out(a) for a in rows], "count": len(rows)}


@router.get("/{int:id}")
def activity(request, id: ObjectId):
    return activity_out(selectors.rider_activity(user=request.auth, id=id))


@router.post("/{int:id}/signup", response={200: dict})
def signup(request, id: ObjectId):
    """Sign up (a place, or the waiting list); signing up twice returns the same sign-up."""
    return signup_out(services.signup_create(actor=request.auth, activity_id=id))


@router.post("/{int:id}/signup/cancel", response={200: dict})
def signup_cancel(request, id: ObjectId):
    return signup_out(services.signup_cancel(actor=request.auth, activity_id=id))


class CheckinIn(Schema):
    token: str


@router.post("/checkins")
def checkin(request, payload: CheckinIn):
    """Check in with the venue QR code's token (Idempotency-Key: attendance earns points)."""
    status, body = run_idempotent(
        user=request.auth,
        key=request.headers.get("Idempotency-Key"),
        scope="activities.checkin",
        payload=payload.dict(),
        action=lambda: (
            201,
            signup_out(services.checkin_record(actor=request.auth, token=payload.token)),
        ),
    )
    if status == 201:
        # The points are credited once the check-in has committed (the points app listens):
        # answer the sign-up as it stands now, points included.
        body = signup_out(selectors.rider_signups(user=request.auth).get(pk=body["id"]))
    return idempotent_response(status, body)


@router.get("/signups/mine")
def my_signups(request, limit: Limit = 50, offset: Offset = 0):
    return page(
        selectors.rider_signups(user=request.auth), limit=limit, offset=offset, serialise=signup_out
    )


@router.get("/certificates/mine")
def my_certificates(request):
    items = [certificate_out(c) for c in selectors.rider_certificates(user=request.auth)]
    return {
        "items": items,
        "count": len(items),
        "volunteer_hours": str(selectors.rider_volunteer_hours(user=request.auth)),
    }


# --- staff -----------------------------------------------------------------------------------


@router.get("/manage")
def manage_list(
    request,
    region: RegionFilter = None,
    theme: str = "",
    q: str = "",
    limit: Limit = 50,
    offset: Offset = 0,
):
    qs = selectors.activity_list(user=request.auth, region=region, theme=theme, q=q)
    return page(qs, limit=limit, offset=offset, serialise=activity_out)


@router.get("/manage/{int:id}")
def manage_get(request, id: ObjectId):
    return activity_out(selectors.activity_get(user=request.auth, id=id))


class ActivityIn(Schema):
    title: str
    theme: str
    organiser: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    lat: float
    lng: float
    region_code: RegionCode
    capacity: int = 0
    signup_required: bool = True
    volunteer_hours: Decimal = Decimal(0)
    certificate_kind: str = ""
    description: str = ""


@router.post("/manage", response={201: dict})
def manage_create(request, payload: ActivityIn):
    return 201, activity_out(services.activity_create(actor=request.auth, **payload.dict()))


@router.post("/manage/{int:id}/cancel", response={200: dict})
def manage_cancel(request, id: ObjectId):
    selectors.activity_get(user=request.auth, id=id)
    return activity_out(services.activity_cancel(actor=request.auth, activity_id=id))


@router.get("/manage/{int:id}/attendance")
def manage_attendance(request, id: ObjectId, limit: Limit = 200, offset: Offset = 0):
    activity = selectors.activity_get(user=request.auth, id=id)
    return page(
        selectors.attendance(activity=activity), limit=limit, offset=offset, serialise=signup_out
    )


@router.get("/manage/{int:id}/qr.svg")
def manage_qr(request, id: ObjectId):
    """The venue QR code: it encodes the rider check-in page URL with the activity's token."""
    activity = selectors.activity_get(user=request.auth, id=id)
    url = request.build_absolute_uri(
        reverse("activities:rider_checkin", args=[activity.checkin_token])
    )
    return HttpResponse(
        segno.make(url, error="m").svg_inline(scale=6), content_type="image/svg+xml"
    )


@router.get("/signups")
def signups(
    request,
    region: RegionFilter = None,
    activity_id: ObjectId | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
):
    qs = selectors.signup_list(user=request.auth, region=region, activity_id=activity_id)
    return page(qs, limit=limit, offset=offset, serialise=signup_out)


@router.get("/signups/{int:id}")
def signup_get(request, id: ObjectId):
    return signup_out(selectors.signup_get(user=request.auth, id=id))


@router.get("/certificates")
def certificates(request, region: RegionFilter = None, limit: Limit = 50, offset: Offset = 0):
    return page(
        selectors.certificate_list(user=request.auth, region=region),
        limit=limit,
        offset=offset,
        serialise=certificate_out,
    )


@router.get("/certificates/{int:id}")
def certificate_get(request, id: ObjectId):
    return certificate_out(selectors.certificate_get(user=request.auth, id=id))
