"""Request bodies, query strings and answers of the stations API, and the shaping of answers."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import ConfigDict, WithJsonSchema, model_validator

from redrider.core.api import PointQuery, query_dict
from redrider.core.errors import InvalidInput
from redrider.core.schemas import (
    MAX_YEAR,
    MIN_YEAR,
    NOT_BLANK,
    CrsName,
    IsoDate,
    IsoDateTime,
    LatIn,
    LngIn,
    described,
    one_of,
)
from redrider.geo.crs import SUPPORTED_CRS

from . import nearby
from .choices import CorrectionKind, CorrectionStatus, Service, StationStatus, StationType
from .models import Station
from .validation import MAX_AREA_M2, MAX_CAPACITY

ServiceCode = Annotated[str, one_of(Service)]
Score = Annotated[int | str, described("0–5", type="integer", minimum=0, maximum=5)]


def _text(max_length: int, *, required: bool = False) -> Any:
    if required:
        return described(minLength=1, maxLength=max_length, pattern=NOT_BLANK)
    return described(maxLength=max_length)


class StationIn(Schema):
    name: Annotated[str, _text(128, required=True)]
    lat: LatIn
    lng: LngIn
    crs: CrsName = "wgs84"
    type: Annotated[str, one_of(StationType)] = "other"
    host_organisation: Annotated[str, _text(128)] = ""
    manager_name: Annotated[str, _text(64)] = ""
    contact_phone: Annotated[str, described("a mainland mobile or landline number")] = ""
    address: Annotated[str, _text(255)] = ""
    services: list[ServiceCode] = []
    services_note: Annotated[str, _text(255)] = ""
    opening_hours: Annotated[
        str, described("OpenStreetMap opening_hours syntax", minLength=1, maxLength=255)
    ] = "24/7"
    capacity: Annotated[int | None, described(minimum=0, maximum=MAX_CAPACITY)] = None
    area_m2: Annotated[int | None, described(minimum=0, maximum=MAX_AREA_M2)] = None
    status: Annotated[str, one_of(StationStatus)] = "open"


def _loose(json_schema: dict) -> Any:
    # Passed to the service as sent, which refuses a bad value with its own code
    # (`invalid_name`, `invalid_capacity`...); the schema says what it accepts.
    return Annotated[Any, WithJsonSchema(json_schema)]


def _string(max_length: int, *, required: bool = False) -> dict:
    out: dict = {"type": "string", "maxLength": max_length}
    if required:
        out.update(minLength=1, pattern=NOT_BLANK)
    return out


def _enum(values) -> dict:
    return {"type": "string", "enum": list(values)}


class StationPatchIn(Schema):
    """The fields to change (only those given). Another field answers 422 `unknown_field`;
    a station host may change only opening hours, services and status (403 otherwise)."""

    # Unknown keys reach the service, which names them in its refusal.
    model_config = ConfigDict(extra="allow", json_schema_extra={"additionalProperties": False})

    name: _loose(_string(128, required=True)) = None
    type: _loose(_enum(StationType.values)) = None
    host_organisation: _loose(_string(128)) = None
    manager_name: _loose(_string(64)) = None
    contact_phone: _loose({"type": "string"}) = None
    address: _loose(_string(255)) = None
    lat: _loose({"type": "number", "minimum": -90, "maximum": 90}) = None
    lng: _loose({"type": "number", "minimum": -180, "maximum": 180}) = None
    crs: _loose(_enum(sorted(SUPPORTED_CRS))) = None
    services: _loose({"type": "array", "items": _enum(Service.values)}) = None
    services_note: _loose(_string(255)) = None
    opening_hours: _loose({"type": "string", "minLength": 1, "maxLength": 255}) = None
    capacity: _loose({"type": ["integer", "null"], "minimum": 0, "maximum": MAX_CAPACITY}) = None
    area_m2: _loose({"type": ["integer", "null"], "minimum": 0, "maximum": MAX_AREA_M2}) = None
    status: _loose(_enum(StationStatus.values)) = None
    last_verified: _loose(
        {
            "type": ["string", "null"],
            "format": "date",
            "formatMinimum": f"{MIN_YEAR}-01-01",
            "formatMaximum": f"{MAX_YEAR}-12-31",
        }
    ) = None


class CorrectionIn(Schema):
    kind: Annotated[str, one_of(CorrectionKind)]
    note: Annotated[str, _text(500)] = ""
    opening_hours: Annotated[str, described("for wrong_hours", maxLength=255)] = ""
    lat: LatIn | None = None
    lng: LngIn | None = None
    crs: CrsName = "wgs84"
    services: list[ServiceCode] = []


class ReviewDecisionIn(Schema):
    decision: Annotated[str, one_of(["accept", "reject"])]
    note: Annotated[str, _text(500)] = ""


class YearlyReviewIn(Schema):
    year: Annotated[int, described(minimum=2000, maximum=2100)]
    siting: Score
    building: Score
    function: Score
    service: Score
    note: Annotated[str, _text(500)] = ""


_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"", "0", "false", "no", "off"}


def _flag(value: Any) -> bool:
    text = str(value if value is not None else "").strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise InvalidInput(
        "invalid_open_now", "open_now 须为 true 或 false", "open_now must be true or false"
    )


def _whole(value: Any, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise InvalidInput("invalid_limit", "limit 须为整数", "limit must be an integer") from None
    if not low <= number <= high:
        raise InvalidInput(
            "invalid_limit", f"limit 须在 {low}–{high} 之间", f"limit must be {low}–{high}"
        )
    return number


def _radius(value: Any) -> float | None:
    if value in (None, ""):
        return None
    try:
        radius = float(value)
    except (TypeError, ValueError):
        raise InvalidInput(
            "invalid_radius", "radius_m 须为数字", "radius_m must be a number"
        ) from None
    if not 0 < radius <= nearby.MAX_RADIUS_M:  # NaN fails both
        raise InvalidInput(
            "invalid_radius",
            "radius_m 须为正数且不超过 20000 公里",
            "radius_m must be positive and at most 20,000 km",
        )
    return radius


class NearbyIn(PointQuery):
    """`/stations/nearby`: the point, how many, how far, and filters. Refusals keep their codes:
    `invalid_point`, `unknown_crs`, `invalid_limit`, `invalid_radius`, `invalid_open_now`,
    `unknown_service`."""

    limit: int = Field(5, ge=1, le=nearby.MAX_LIMIT, description="how many, 1–50")
    radius_m: float | None = Field(
        None, gt=0, le=nearby.MAX_RADIUS_M, description="only stations within this many metres"
    )
    open_now: bool = Field(False, description="only stations open now (Asia/Shanghai)")
    services: str | None = Field(
        None,
        description="comma-separated service codes the station must all offer",
        json_schema_extra={"pattern": f"^(({'|'.join(Service.values)}),?)*$"},
    )

    @model_validator(mode="before")
    @classmethod
    def _refuse_with_codes(cls, data: Any) -> Any:
        data = query_dict(data)
        if data is None:
            return data
        if data.get("limit") not in (None, ""):
            data["limit"] = _whole(data["limit"], 1, nearby.MAX_LIMIT)
        else:
            data.pop("limit", None)
        data["radius_m"] = _radius(data.get("radius_m"))
        data["open_now"] = _flag(data.get("open_now"))
        return data


class NavigationOut(Schema):
    amap: str
    baidu: str
    tencent: str


class StationPublicOut(Schema):
    """What anyone signed in may read about a station (no contact phone, no hosts)."""

    id: int
    code: str
    name: str
    type: str
    type_label: str
    address: str
    lat: float
    lng: float
    region_code: str
    services: list[str]
    services_note: str
    opening_hours: str
    status: str
    status_label: str
    star_rating: int | None
    capacity: int | None
    area_m2: int | None
    last_verified: IsoDate | None


class NearbyStationOut(StationPublicOut):
    distance_m: float = Field(description="great-circle distance in metres")
    open_now: bool
    gcj02: list[float] = Field(description="[lat, lng] in GCJ-02, for Chinese map apps")
    nav: NavigationOut
    opening_hours_text: str


class NearbyOut(Schema):
    items: list[NearbyStationOut]
    count: int
    crs: str = Field(description="the coordinate system of every lat/lng in the answer")
    origin_gcj02: list[float] = Field(description="the asked point in GCJ-02, [lat, lng]")


class CheckinStatsOut(Schema):
    today: int = Field(description="check-ins today (Asia/Shanghai)")
    here_now: int = Field(description="riders who checked in within the last 30 minutes")


class StationScanOut(StationPublicOut, CheckinStatsOut):
    """What a rider sees after scanning a station's sign."""


class StationOut(StationPublicOut):
    """The staff view: public facts plus organisation, manager and the masked phone."""

    host_organisation: str
    manager_name: str
    contact_phone: str = Field(description="masked")
    updated_at: IsoDateTime | None


class StationDetailOut(StationOut, CheckinStatsOut):
    pass


class CheckinOut(CheckinStatsOut):
    id: int
    station_id: int
    counted: bool = Field(description="false within 30 minutes of the rider's last check-in here")
    at: IsoDateTime


class ReviewOut(Schema):
    id: int
    year: int
    stars: int
    previous_stars: int | None


class StationPhotoOut(Schema):
    id: int
    url: str
    width: int
    height: int


class CorrectionOut(Schema):
    id: int
    station_id: int
    station_name: str
    region_code: str
    kind: Annotated[str, one_of(CorrectionKind)]
    kind_label: str
    note: str
    proposed_opening_hours: str
    proposed_lat: float | None
    proposed_lng: float | None
    missing_services: list[str]
    status: Annotated[str, one_of(CorrectionStatus)]
    created_at: IsoDateTime
    reviewed_at: IsoDateTime | None
    review_note: str


class CorrectionListIn(Schema):
    status: Annotated[str, one_of(CorrectionStatus)] = "pending"


def station_public(s: Station) -> dict[str, Any]:
    """What anyone signed in may read about a station (no contact phone, no hosts)."""
    return {
        "id": s.pk,
        "code": s.code,
        "name": s.name,
        "type": s.type,
        "type_label": s.get_type_display(),
        "address": s.address,
        "lat": s.lat,
        "lng": s.lng,
        "region_code": s.region_code,
        "services": list(s.services),
        "services_note": s.services_note,
        "opening_hours": s.opening_hours,
        "status": s.status,
        "status_label": s.get_status_display(),
        "star_rating": s.star_rating,
        "capacity": s.capacity,
        "area_m2": s.area_m2,
        "last_verified": s.last_verified.isoformat() if s.last_verified else None,
    }


def station_out(s: Station) -> dict[str, Any]:
    """The staff view: public facts plus organisation, manager and the masked phone."""
    out = station_public(s)
    out.update(
        host_organisation=s.host_organisation,
        manager_name=s.manager_name,
        contact_phone=s.contact_phone_masked,
        updated_at=s.updated_at.isoformat() if s.updated_at else None,
    )
    return out


def correction_out(c) -> dict[str, Any]:
    return {
        "id": c.pk,
        "station_id": c.station_id,
        "station_name": c.station.name,
        "region_code": c.region_code,
        "kind": c.kind,
        "kind_label": c.get_kind_display(),
        "note": c.note,
        "proposed_opening_hours": c.proposed_opening_hours,
        "proposed_lat": c.proposed_lat,
        "proposed_lng": c.proposed_lng,
        "missing_services": c.missing_services,
        "status": c.status,
        "created_at": c.created_at.isoformat(),
        "reviewed_at": c.reviewed_at.isoformat() if c.reviewed_at else None,
        "review_note": c.review_note,
    }


def date_iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
