"""Request bodies and output shaping of the stations API."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema

from .models import Station


class StationIn(Schema):
    name: str
    lat: float | str
    lng: float | str
    crs: str = "wgs84"
    type: str = "other"
    host_organisation: str = ""
    manager_name: str = ""
    contact_phone: str = ""
    address: str = ""
    services: list[str] = []
    services_note: str = ""
    opening_hours: str = "24/7"
    capacity: int | None = None
    area_m2: int | None = None
    status: str = "open"


class CorrectionIn(Schema):
    kind: str
    note: str = ""
    opening_hours: str = ""
    lat: float | str | None = None
    lng: float | str | None = None
    crs: str = "wgs84"
    services: list[str] = []


class ReviewDecisionIn(Schema):
    decision: str
    note: str = ""


class YearlyReviewIn(Schema):
    year: int
    siting: int
    building: int
    function: int
    service: int
    note: str = ""


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
