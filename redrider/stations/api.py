"""JSON API of the warm stations under /api/v1/stations (thin: parse, call, shape)."""

from __future__ import annotations

import math

from django.http import HttpResponse
from django.urls import reverse
from ninja import Body, File, Router
from ninja.files import UploadedFile

from redrider.accounts.api_auth import AUTH
from redrider.core.api import Limit, ObjectId, Offset, page
from redrider.core.errors import InvalidInput
from redrider.core.idempotency import run_idempotent
from redrider.regions.types import RegionFilter

from . import hours, nearby, photos, selectors, services, signs
from .schemas import (
    CorrectionIn,
    ReviewDecisionIn,
    StationIn,
    YearlyReviewIn,
    correction_out,
    station_out,
    station_public,
)
from .validation import clean_point, clean_services, services_mask

router = Router(tags=["stations"], auth=AUTH)

_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"", "0", "false", "no", "off"}


def _flag(value: str | None, name: str) -> bool:
    text = (value or "").strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise InvalidInput(
        f"invalid_{name}", f"{name} 须为 true 或 false", f"{name} must be true or false"
    )


def _nearby_args(limit: str | None, radius_m: str | None) -> tuple[int, float | None]:
    try:
        k = int(limit) if limit not in (None, "") else 5
    except ValueError:
        raise InvalidInput("invalid_limit", "limit 须为整数", "limit must be an integer") from None
    if not 1 <= k <= nearby.MAX_LIMIT:
        raise InvalidInput(
            "invalid_limit",
            f"limit 须在 1–{nearby.MAX_LIMIT} 之间",
            f"limit must be 1–{nearby.MAX_LIMIT}",
        )
    if radius_m in (None, ""):
        return k, None
    try:
        radius = float(radius_m)
    except ValueError:
        raise InvalidInput(
            "invalid_radius", "radius_m 须为数字", "radius_m must be a number"
        ) from None
    if not math.isfinite(radius) or not 0 < radius <= nearby.MAX_RADIUS_M:
        raise InvalidInput(
            "invalid_radius",
            "radius_m 须为正数且不超过 20000 公里",
            "radius_m must be positive and at most 20,000 km",
        )
    return k, radius


@router.get("/nearby")
def stations_nearby(
    request,
    lat: str | None = None,
    lng: str | None = None,
    crs: str = "wgs84",
    limit: str | None = None,
    radius_m: str | None = None,
    open_now: str | None = None,
    services: str | None = None,
):
    """Nearest searchable stations, ascending great-circle `distance_m`; points in and out in
    `crs`; filters `open_now` (Asia/Shanghai, now), `services` (all of them), `radius_m`."""
    wlat, wlng = clean_point(lat, lng, crs)
    k, radius = _nearby_args(limit, radius_m)
    want = services_mask(clean_services(services))
    hits = nearby.search(
        lat=wlat,
        lng=wlng,
        limit=k,
        radius_m=radius,
        open_now=_flag(open_now, "open_now"),
        services_mask=want,
    )
    rows = nearby.describe([h[0] for h in hits])
    items = []
    for pk, distance, is_open in hits:
        out = rows.get(pk)
        if out is None:  # deleted between the index read and this one
            continue
        w_lat, w_lng = out["lat"], out["lng"]
        out["lat"], out["lng"] = nearby.point_out(w_lat, w_lng, crs)
        out.update(
            distance_m=round(distance, 2),
            open_now=is_open,
            gcj02=list(nearby.point_out(w_lat, w_lng, "gcj02")),
            nav=nearby.navigation_links(out["name"], w_lat, w_lng),
            opening_hours_text=hours.in_words(out["opening_hours"]),
        )
        items.append(out)
    origin = nearby.point_out(wlat, wlng, "gcj02")
    return {"items": items, "count": len(items), "crs": crs, "origin_gcj02": list(origin)}


@router.get("")
def stations_list(
    request,
    region: RegionFilter = None,
    q: str = "",
    status: str = "",
    type: str = "",
    service: str = "",
    limit: Limit = 50,
    offset: Offset = 0,
):
    qs = selectors.station_list(
        user=request.auth, region=region, q=q, status=status, type=type, service=service
    )
    return page(qs, limit=limit, offset=offset, serialise=station_out)


@router.post("", response={201: dict})
def stations_create(request, payload: StationIn):
    return 201, station_out(services.station_create(actor=request.auth, **payload.dict()))


@router.get("/by-code/{code}")
def station_by_code(request, code: str):
    """What a rider sees after scanning a sign: public facts and today's numbers."""
    station = selectors.station_public_by_code(code=code)
    return {**station_public(station), **selectors.checkin_stats(station=station)}


@router.get("/corrections")
def corrections_list(
    request,
    status: str = "pending",
    region: RegionFilter = None,
    limit: Limit = 50,
    offset: Offset = 0,
):
    qs = selectors.correction_list(user=request.auth, status=status, region=region)
    return page(qs, limit=limit, offset=offset, serialise=correction_out)


@router.get("/corrections/{int:id}")
def correction_detail(request, id: ObjectId):
    return correction_out(selectors.correction_get(user=request.auth, id=id))


@router.post("/corrections/{int:id}/review")
def correction_review(request, id: ObjectId, payload: ReviewDecisionIn):
    correction = selectors.correction_get(user=request.auth, id=id)
    return correction_out(
        services.correction_review(
            actor=request.auth, correction=correction, decision=payload.decision, note=payload.note
        )
    )


@router.get("/{int:id}")
def station_detail(request, id: ObjectId):
    station = selectors.station_get(user=request.auth, id=id)
    return {**station_out(station), **selectors.checkin_stats(station=station)}


@router.patch("/{int:id}")
def station_update(request, id: ObjectId, payload: dict = Body(...)):  # noqa: B008 - ninja's idiom
    station = selectors.station_get(user=request.auth, id=id)
    return station_out(
        services.station_update(actor=request.auth, station=station, changes=payload)
    )


@router.post(
    "/{int:id}/checkins",
    response={200: dict, 201: dict, 400: dict, 403: dict, 404: dict, 409: dict, 422: dict},
)
def station_checkin(request, id: ObjectId):
    """A rider checks in (QR). Needs `Idempotency-Key`: a replay answers the first answer."""
    station = selectors.station_public_get(id=id)

    def act():
        checkin, counted = services.checkin_create(rider=request.auth, station=station)
        stats = selectors.checkin_stats(station=station)
        return (201 if counted else 200), {
            "id": checkin.pk,
            "station_id": station.pk,
            "counted": counted,
            "at": checkin.at.isoformat(),
            **stats,
        }

    return run_idempotent(
        user=request.auth,
        key=request.headers.get("Idempotency-Key"),
        scope=f"station-checkin:{station.pk}",
        payload={"station": station.pk},
        action=act,
    )


@router.post("/{int:id}/corrections", response={201: dict})
def station_correction(request, id: ObjectId, payload: CorrectionIn):
    station = selectors.station_public_get(id=id)
    correction = services.correction_submit(
        reporter=request.auth, station=station, **payload.dict()
    )
    return 201, correction_out(correction)


@router.post("/{int:id}/reviews", response={201: dict})
def station_review(request, id: ObjectId, payload: YearlyReviewIn):
    station = selectors.station_get(user=request.auth, id=id)
    review = services.review_record(actor=request.auth, station=station, **payload.dict())
    return 201, {
        "id": review.pk,
        "year": review.year,
        "stars": review.stars,
        "previous_stars": review.previous_stars,
    }


@router.get("/{int:id}/sign.pdf")
def station_sign_pdf(request, id: ObjectId):
    station = selectors.station_get(user=request.auth, id=id)
    data = signs.sign_pdf(station, signs.checkin_url(request, station))
    return HttpResponse(data, content_type="application/pdf")


@router.get("/{int:id}/sign.png")
def station_sign_png(request, id: ObjectId):
    station = selectors.station_get(user=request.auth, id=id)
    data = signs.sign_png(station, signs.checkin_url(request, station))
    return HttpResponse(data, content_type="image/png")


@router.post("/{int:id}/photos", response={201: dict})
def station_photo(request, id: ObjectId, file: UploadedFile = File(...)):  # noqa: B008 - ninja's idiom
    """Upload a photo: re-encoded as JPEG with EXIF/GPS removed; non-images and oversized → 422."""
    station = selectors.station_get(user=request.auth, id=id)
    photo = photos.photo_add(actor=request.auth, station=station, content=file.read())
    return 201, {
        "id": photo.pk,
        "url": reverse("stations:photo", args=[photo.pk]),
        "width": photo.width,
        "height": photo.height,
    }
