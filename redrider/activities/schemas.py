"""Request bodies, query strings and answers of the activities API, and their shaping."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from django.utils import timezone
from ninja import Field, Schema
from pydantic import model_validator

from redrider.core.api import parse_point, query_dict
from redrider.core.schemas import (
    NOT_BLANK,
    IsoDateTime,
    Latitude,
    Longitude,
    Moment,
    described,
    matching,
    one_of,
)
from redrider.regions.types import RegionCode

from .choices import ActivityStatus, CertificateKind, SignupStatus, Theme
from .services import MAX_CAPACITY

ThemeFilter = Annotated[str, matching(Theme)]


class UpcomingIn(Schema):
    """Where the rider is (WGS-84; both or neither: one alone answers 422 `invalid_point`)."""

    lat: Latitude | None = None
    lng: Longitude | None = None
    theme: ThemeFilter = ""
    limit: int = Field(20, description="how many, 1–100 (others are clamped)")
    radius_m: float | None = Field(None, description="only activities within this many metres")

    @model_validator(mode="before")
    @classmethod
    def _a_point_or_none(cls, data: Any) -> Any:
        values = query_dict(data)
        if values is None:
            return data
        lat, lng = values.get("lat"), values.get("lng")
        if lat not in (None, "") or lng not in (None, ""):
            parse_point(lat, lng)  # 422 invalid_point for half a point or a bad one
        return data


class CheckinIn(Schema):
    token: str = Field(description="the venue QR code's token")


class ActivityIn(Schema):
    title: Annotated[str, described(minLength=1, maxLength=128, pattern=NOT_BLANK)]
    theme: Annotated[str, one_of(Theme)]
    organiser: Annotated[str, described(minLength=1, maxLength=128, pattern=NOT_BLANK)]
    starts_at: Moment
    ends_at: Moment = Field(description="after starts_at, at most 31 days later")
    place: Annotated[str, described(minLength=1, maxLength=255, pattern=NOT_BLANK)]
    lat: Latitude
    lng: Longitude
    region_code: RegionCode = Field(description="the county the activity belongs to")
    capacity: Annotated[int, described("0: no limit", minimum=0, maximum=MAX_CAPACITY)] = 0
    signup_required: bool = True
    volunteer_hours: Annotated[Decimal, described(minimum=0, maximum=24 * 31)] = Decimal(0)
    certificate_kind: Annotated[str, one_of(["", *CertificateKind.values])] = ""
    description: str = ""


class ActivityOut(Schema):
    """An activity; the counts are given where the list computed them, `distance_m` and
    `my_status` on a rider's list."""

    id: int
    title: str
    theme: Annotated[str, one_of(Theme)]
    theme_label: str
    organiser: str
    region_code: str
    starts_at: IsoDateTime | None
    ends_at: IsoDateTime | None
    place: str
    lat: float
    lng: float
    capacity: int
    signup_required: bool
    volunteer_hours: str = Field(description="a decimal number of hours")
    certificate_kind: str
    status: Annotated[str, one_of(ActivityStatus)]
    confirmed: int | None
    waiting: int | None
    attended: int | None
    distance_m: float | None
    my_status: str | None


class ActivityListOut(Schema):
    items: list[ActivityOut]
    count: int


class SignupOut(Schema):
    id: int
    activity_id: int
    activity: str
    rider_id: int
    rider: str
    status: Annotated[str, one_of(SignupStatus)]
    status_label: str
    queued_at: IsoDateTime | None
    checked_in_at: IsoDateTime | None
    hours: str = Field(description="volunteer hours credited, a decimal number")
    points_awarded: int
    region_code: str


class CertificateOut(Schema):
    id: int
    kind: Annotated[str, one_of(CertificateKind)]
    kind_label: str
    rider_id: int
    activity_id: int | None
    activity: str
    issued_at: IsoDateTime | None
    region_code: str


class MyCertificatesOut(Schema):
    items: list[CertificateOut]
    count: int
    volunteer_hours: str = Field(description="the rider's total volunteer hours")


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
