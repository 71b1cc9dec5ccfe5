"""JSON API of the warm stations under /api/v1/stations (thin: parse, call, shape)."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpResponse
from django.urls import reverse
from ninja import File, Query, Router
from ninja.files import UploadedFile

from redrider.accounts.api_auth import AUTH
from redrider.core.api import Limit, ObjectId, Offset, errors, file_answer, page
from redrider.core.idempotency import idempotent
from redrider.core.schemas import Paged, matching, one_of
from redrider.regions.types import RegionFilter

from . import hours, nearby, photos, selectors, services, signs
from .choices import Service, StationStatus, StationType
from .schemas import (
    CheckinOut,
    CorrectionIn,
    CorrectionListIn,
    CorrectionOut,
    NearbyIn,
    NearbyOut,
    ReviewDecisionIn,
    ReviewOut,
    StationDetailOut,
    StationIn,
    StationOut,
    StationPatchIn,
    StationPhotoOut,
    StationScanOut,
    YearlyReviewIn,
    correction_out,
    station_out,
    station_public,
)
from .validation import clean_services, services_mask

router = Router(tags=["stations"], auth=AUTH)


@router.get("/nearby", response=NearbyOut)
def stations_nearby(request, q: Query[NearbyIn]):
    """Nearest searchable stations, ascending great-circle `distance_m`; points in and out in
    `crs`; filters `open_now` (Asia/Shanghai, now), `services` (all of them), `radius_m`."""
    wlat, wlng = q.wgs84
    want = services_mask(clean_services(q.services))
    hits = nearby.search(
        lat=wlat,
        lng=wlng,
        limit=q.limit,
        radius_m=q.radius_m,
        open_now=q.open_now,
        services_mask=want,
    )
    rows = nearby.describe([h[0] for h in hits])
    items = []
    for pk, distance, is_open in hits:
        out = rows.get(pk)
        if out is None:  # deleted between the index read and this one
            continue
        w_lat, w_lng = out["lat"], out["lng"]
        out["lat"], out["lng"] = nearby.point_out(w_lat, w_lng, q.crs)
        out.update(
            distance_m=round(distance, 2),
            open_now=is_open,
            gcj02=list(nearby.point_out(w_lat, w_lng, "gcj02")),
            nav=nearby.navigation_links(out["name"], w_lat, w_lng),
            opening_hours_text=hours.in_words(out["opening_hours"]),
        )
        items.append(out)
    origin = nearby.point_out(wlat, wlng, "gcj02")
    return {"items": items, "count": len(items), "crs": q.crs, "origin_gcj02": list(origin)}


@router.get("", response=Paged[StationOut])
def stations_list(
    request,
    region: RegionFilter = None,
    q: str = "",
    status: Annotated[str, matching(StationStatus)] = "",
    type: Annotated[str, matching(StationType)] = "",
    service: Annotated[str, one_of(["", *Service.values])] = "",
    limit: Limit = 50,
    offset: Offset = 0,
):
    qs = selectors.station_list(
        user=request.auth, region=region, q=q, status=status, type=type, service=service
    )
    return page(qs, limit=limit, offset=offset, serialise=station_out)


@router.post("", response={201: StationOut, **errors(403, 409)})
def stations_create(request, payload: StationIn):
    return 201, station_out(services.station_create(actor=request.auth, **payload.dict()))


@router.get("/by-code/{code}", response=StationScanOut)
def station_by_code(request, code: str):
    """What a rider sees after scanning a sign: public facts and today's numbers."""
    station = selectors.station_public_by_code(code=code)
    return {**station_public(station), **selectors.checkin_stats(station=station)}


@router.get("/corrections", response=Paged[CorrectionOut])
def corrections_list(
    request,
    filters: Query[CorrectionListIn],
    region: RegionFilter = None,
    limit: Limit = 50,
    offset: Offset = 0,
):
    qs = selectors.correction_list(user=request.auth, status=filters.status, region=region)
    return page(qs, limit=limit, offset=offset, serialise=correction_out)


@router.get("/corrections/{int:id}", response=CorrectionOut)
def correction_detail(request, id: ObjectId):
    return correction_out(selectors.correction_get(user=request.auth, id=id))


@router.post("/corrections/{int:id}/review", response={200: CorrectionOut, **errors(403, 409)})
def correction_review(request, id: ObjectId, payload: ReviewDecisionIn):
    correction = selectors.correction_get(user=request.auth, id=id)
    return correction_out(
        services.correction_review(
            actor=request.auth, correction=correction, decision=payload.decision, note=payload.note
        )
    )


@router.get("/{int:id}", response=StationDetailOut)
def station_detail(request, id: ObjectId):
    station = selectors.station_get(user=request.auth, id=id)
    return {**station_out(station), **selectors.checkin_stats(station=station)}


@router.patch("/{int:id}", response={200: StationOut, **errors(403)})
def station_update(request, id: ObjectId, payload: StationPatchIn):
    station = selectors.station_get(user=request.auth, id=id)
    changes = payload.dict(exclude_unset=True)
    return station_out(
        services.station_update(actor=request.auth, station=station, changes=changes)
    )


@router.post("/{int:id}/checkins", response={200: CheckinOut, 201: CheckinOut, **errors(403, 409)})
@idempotent(scope="station-checkin:{id}")
def station_checkin(request, id: ObjectId):
    """A rider checks in (QR). Needs `Idempotency-Key`: a replay answers the first answer —
    201 for a counted check-in, 200 within 30 minutes of the rider's last one here."""
    station = selectors.station_public_get(id=id)
    checkin, counted = services.checkin_create(rider=request.auth, station=station)
    stats = selectors.checkin_stats(station=station)
    return (201 if counted else 200), {
        "id": checkin.pk,
        "station_id": station.pk,
        "counted": counted,
        "at": checkin.at.isoformat(),
        **stats,
    }


@router.post("/{int:id}/corrections", response={201: CorrectionOut, **errors(403, 409)})
def station_correction(request, id: ObjectId, payload: CorrectionIn):
    station = selectors.station_public_get(id=id)
    correction = services.correction_submit(
        reporter=request.auth, station=station, **payload.dict()
    )
    return 201, correction_out(correction)


@router.post("/{int:id}/reviews", response={201: ReviewOut, **errors(403, 409)})
def station_review(request, id: ObjectId, payload: YearlyReviewIn):
    station = selectors.station_get(user=request.auth, id=id)
    review = services.review_record(actor=request.auth, station=station, **payload.dict())
    return 201, {
        "id": review.pk,
        "year": review.year,
        "stars": review.stars,
        "previous_stars": review.previous_stars,
    }


@router.get(
    "/{int:id}/sign.pdf", response={200: None}, openapi_extra=file_answer("application/pdf")
)
def station_sign_pdf(request, id: ObjectId):
    station = selectors.station_get(user=request.auth, id=id)
    data = signs.sign_pdf(station, signs.checkin_url(request, station))
    return HttpResponse(data, content_type="application/pdf")


@router.get("/{int:id}/sign.png", response={200: None}, openapi_extra=file_answer("image/png"))
def station_sign_png(request, id: ObjectId):
    station = selectors.station_get(user=request.auth, id=id)
    data = signs.sign_png(station, signs.checkin_url(request, station))
    return HttpResponse(data, content_type="image/png")


@router.post("/{int:id}/photos", response={201: StationPhotoOut, **errors(413)})
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
