"""Writes to the warm-station registry. Every function here is atomic, validates first, raises
`DomainError` (nothing written), writes its audit row and, when stations change, replaces the
index version token so every process rebuilds its nearest-station index.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from typing import Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone

from redrider.accounts.models import User
from redrider.accounts.policy import can, require
from redrider.core.audit import audit_record
from redrider.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from redrider.core.schemas import MAX_YEAR, MIN_YEAR
from redrider.regions import tree
from redrider.regions.geocode import county_code_at

from . import validation as v
from .choices import CorrectionKind, CorrectionStatus, StationStatus, StationType
from .models import Checkin, Correction, Station, StationIndexVersion, StationReview

SHANGHAI = ZoneInfo("Asia/Shanghai")
CHECKIN_WINDOW = dt.timedelta(minutes=30)
# What a station host may change on their own station; the rest is the county's to keep.
HOST_FIELDS = {"opening_hours", "services", "services_note", "status"}
EDITABLE_FIELDS = {
    "name",
    "type",
    "host_organisation",
    "manager_name",
    "contact_phone",
    "address",
    "lat",
    "lng",
    "crs",
    "services",
    "services_note",
    "opening_hours",
    "capacity",
    "area_m2",
    "status",
    "last_verified",
}
_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: codes are read aloud and typed


def local_today(now: dt.datetime | None = None) -> dt.date:
    return (now or timezone.now()).astimezone(SHANGHAI).date()


def index_version_bump() -> str:
    """Replace the index token; call inside the transaction that changed stations."""
    token = uuid.uuid4().hex
    if not StationIndexVersion.objects.filter(pk=1).update(token=token):
        StationIndexVersion.objects.create(pk=1, token=token)
    return token


def new_station_code(region_code: str) -> str:
    """`YZ` + county code + 6 random characters: unique, unguessable enough, easy to read out."""
    return f"YZ{region_code}{''.join(secrets.choice(_CODE_ALPHABET) for _ in range(6))}"


def is_editor(user) -> bool:
    """Policy `stations.edit`."""
    return can(user, "stations.edit")


def is_host_of(user, station: Station) -> bool:
    """Policy `stations.host`: one of this station's hosts."""
    return can(user, "stations.host", station)


def _require_region(actor: User, region_code: str) -> None:
    scope = tree.user_region(actor)
    if scope is None or not tree.within(region_code, scope):
        raise PermissionDenied("该位置不在您的管辖区域内", "this location is outside your region")


def _locate(lat: Any, lng: Any, crs: str) -> tuple[float, float, str]:
    wlat, wlng = v.clean_point(lat, lng, crs)
    county = county_code_at(wlat, wlng)
    if county is None:
        raise InvalidInput(
            "outside_china", "该位置不在中国境内的任何区县", "the point is in no county of China"
        )
    return wlat, wlng, county


def clean_station_fields(data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    """Validate the given station fields; returns model field values (point as WGS-84 with
    its county, services with their mask). `partial` skips fields that are absent."""
    unknown = set(data) - EDITABLE_FIELDS - {"star_rating", "code"}
    if unknown:
        names = ", ".join(sorted(unknown))
        raise InvalidInput("unknown_field", f"未知字段：{names}", f"unknown fields: {names}")
    out: dict[str, Any] = {}

    def has(name: str) -> bool:
        return name in data or not partial

    if has("name"):
        out["name"] = v.clean_text(data.get("name"), "name", max_length=128, required=True)
    if has("type"):
        out["type"] = v.clean_type(data.get("type") or StationType.OTHER)
    for name, length in (
        ("host_organisation", 128),
        ("manager_name", 64),
        ("address", 255),
        ("services_note", 255),
    ):
        if has(name):
            out[name] = v.clean_text(data.get(name), name, max_length=length)
    if has("contact_phone"):
        out["contact_phone"] = v.clean_phone(data.get("contact_phone"))
    if has("services"):
        out["services"] = v.clean_services(data.get("services"))
        out["services_mask"] = v.services_mask(out["services"])
    if has("opening_hours"):
        out["opening_hours"] = v.clean_opening_hours(data.get("opening_hours") or "24/7")
    if has("capacity"):
        out["capacity"] = v.clean_int(data.get("capacity"), "capacity", low=0, high=v.MAX_CAPACITY)
    if has("area_m2"):
        out["area_m2"] = v.clean_int(data.get("area_m2"), "area_m2", low=0, high=v.MAX_AREA_M2)
    if has("status"):
        out["status"] = v.clean_status(data.get("status") or StationStatus.OPEN)
    if "star_rating" in data:
        out["star_rating"] = v.clean_int(data.get("star_rating"), "star_rating", low=1, high=5)
    if "last_verified" in data and data["last_verified"] not in (None, ""):
        value = data["last_verified"]
        bad = InvalidInput("invalid_last_verified", "核实日期无效", "invalid last_verified date")
        try:
            day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        except ValueError:
            raise bad from None
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            raise bad
        out["last_verified"] = day
    if "lat" in data or "lng" in data or not partial:
        lat, lng, county = _locate(data.get("lat"), data.get("lng"), data.get("crs") or "wgs84")
        out.update(lat=lat, lng=lng, region_code=county, h3_cell=v.h3_cell(lat, lng))
    return out


@transaction.atomic
def station_create(*, actor: User, hosts=(), **fields: Any) -> Station:
    """Register a station. Before: `actor` is an editor whose region contains the point.
    After: the station exists with its county found from the point, a fresh unique code, the
    index token replaced and an audit row written."""
    if not is_editor(actor):
        raise PermissionDenied()
    values = clean_station_fields(fields, partial=False)
    _require_region(actor, values["region_code"])
    code = fields.get("code") or new_station_code(values["region_code"])
    if Station.objects.filter(code=code).exists():
        raise Conflict("duplicate_code", f"驿站编码已存在：{code}", f"station code exists: {code}")
    values.pop("code", None)
    station = Station.objects.create(code=code, **values)
    if hosts:
        station.hosts.set(hosts)
    index_version_bump()
    audit_record(
        actor=actor,
        action="station.create",
        obj=station,
        detail={"code": code, "name": station.name},
    )
    return station


@transaction.atomic
def station_update(*, actor: User, station: Station, changes: dict[str, Any]) -> Station:
    """Change a station. Before: `station` came from a selector for `actor` (so it is in their
    region, and a host's own). Editors may change every field; a host only hours, services and
    status (403 otherwise). A moved point is re-geocoded and must stay in the actor's region."""
    if not changes:
        return station
    if not is_editor(actor):
        if not is_host_of(actor, station):
            raise NotFound("驿站", "station")
        extra = set(changes) - HOST_FIELDS
        if extra:
            raise PermissionDenied(
                f"驿站管理员只能修改开放时间、服务项目和运行状态（{', '.join(sorted(extra))}）",
                "a station host may change only hours, services and status",
            )
    values = clean_station_fields(changes, partial=True)
    if "region_code" in values:
        _require_region(actor, values["region_code"])
    changed = [name for name, value in values.items() if getattr(station, name) != value]
    for name, value in values.items():
        setattr(station, name, value)
    if changed:
        station.save()
        index_version_bump()
    audit_record(
        actor=actor,
        action="station.update",
        obj=station,
        detail={"fields": sorted(set(changed) - {"services_mask", "h3_cell"})},
    )
    return station


@transaction.atomic
def checkin_create(
    *, rider, station: Station, now: dt.datetime | None = None
) -> tuple[Checkin, bool]:
    """A rider checks in at a station (the QR sign). Returns `(checkin, counted)`.

    At most one check-in counts per rider and station in any 30 minutes: within the window the
    earlier check-in is returned with `counted=False` and nothing is written. Only riders check
    in; a retired station answers 404.
    """
    if not can(rider, "stations.checkin"):
        raise PermissionDenied("只有骑手可以签到", "only riders check in")
    now = now or timezone.now()
    # Lock the station row so two concurrent scans of one rider cannot both pass the window test.
    locked = Station.objects.select_for_update().filter(pk=station.pk).first()
    if locked is None or locked.status == StationStatus.RETIRED:
        raise NotFound("驿站", "station")
    recent = (
        Checkin.objects.filter(rider=rider, station=locked, at__gt=now - CHECKIN_WINDOW)
        .order_by("-at")
        .first()
    )
    if recent is not None:
        return recent, False
    checkin = Checkin.objects.create(station=locked, rider=rider, at=now, day=local_today(now))
    audit_record(actor=rider, action="station.checkin", obj=locked, detail={"checkin": checkin.pk})
    return checkin, True


@transaction.atomic
def correction_submit(
    *,
    reporter,
    station: Station,
    kind: str,
    note: str = "",
    opening_hours: str = "",
    lat: Any = None,
    lng: Any = None,
    crs: str = "wgs84",
    services: Any = None,
) -> Correction:
    """A rider reports a station closed / moved / with wrong hours / missing a service.

    Only riders and regional staff report (the auditor gets 403, nothing is stored). The report
    lands in the station's county queue (pending). Proposed hours must parse, a
    proposed point must be valid, missing services must be known codes. One pending report per
    reporter, station and kind (409 for a second).
    """
    require(reporter, "stations.correction_submit", station, hide=False)
    kind = v.clean_choice(kind, CorrectionKind, "kind")
    values: dict[str, Any] = {"note": v.clean_text(note, "note", max_length=500)}
    if kind == CorrectionKind.WRONG_HOURS:
        values["proposed_opening_hours"] = v.clean_opening_hours(opening_hours)
    if kind == CorrectionKind.MOVED and (lat not in (None, "") or lng not in (None, "")):
        values["proposed_lat"], values["proposed_lng"], _county = _locate(lat, lng, crs)
    if kind == CorrectionKind.SERVICE_MISSING:
        values["missing_services"] = v.clean_services(services)
        if not values["missing_services"]:
            raise InvalidInput(
                "invalid_services", "请选择缺失的服务项目", "name the missing services"
            )
    if Correction.objects.filter(
        reporter=reporter, station=station, kind=kind, status=CorrectionStatus.PENDING
    ).exists():
        raise Conflict(
            "duplicate_correction",
            "您已提交过相同的纠错，正在审核中",
            "you already reported this; it is being reviewed",
        )
    correction = Correction.objects.create(
        station=station, reporter=reporter, kind=kind, region_code=station.region_code, **values
    )
    audit_record(
        actor=reporter,
        action="station.correction_submit",
        obj=correction,
        detail={"station": station.pk, "kind": kind},
    )
    return correction


@transaction.atomic
def correction_review(
    *, actor: User, correction: Correction, decision: str, note: str = ""
) -> Correction:
    """Accept or reject a pending report. Accepting applies it to the station (closed →
    temporarily closed, moved → the proposed point, wrong hours → the proposed hours, missing
    services removed) and sets the station's last_verified to today. Only pending reports (409)."""
    if not is_editor(actor):
        raise PermissionDenied()
    if decision not in ("accept", "reject"):
        raise InvalidInput(
            "invalid_decision",
            "decision 须为 accept 或 reject",
            "decision must be accept or reject",
        )
    correction = Correction.objects.select_for_update().get(pk=correction.pk)
    if correction.status != CorrectionStatus.PENDING:
        raise Conflict("not_pending", "该纠错已审核", "this report was already reviewed")
    station = correction.station
    if decision == "accept":
        changes: dict[str, Any] = {}
        if correction.kind == CorrectionKind.CLOSED:
            changes["status"] = StationStatus.TEMPORARILY_CLOSED
        elif correction.kind == CorrectionKind.MOVED and correction.proposed_lat is not None:
            changes.update(lat=correction.proposed_lat, lng=correction.proposed_lng)
        elif correction.kind == CorrectionKind.WRONG_HOURS:
            changes["opening_hours"] = correction.proposed_opening_hours
        elif correction.kind == CorrectionKind.SERVICE_MISSING:
            changes["services"] = [
                s for s in station.services if s not in correction.missing_services
            ]
        changes["last_verified"] = local_today()
        station_update(actor=actor, station=station, changes=changes)
    correction.status = (
        CorrectionStatus.ACCEPTED if decision == "accept" else CorrectionStatus.REJECTED
    )
    correction.reviewer, correction.reviewed_at = actor, timezone.now()
    correction.review_note = v.clean_text(note, "note", max_length=500)
    correction.save()
    audit_record(
        actor=actor,
        action=f"station.correction_{decision}",
        obj=correction,
        detail={"station": station.pk},
    )
    return correction


def stars_from_scores(siting: int, building: int, function: int, service: int) -> int:
    """Four checklist scores (0–5 each, total 0–20) → 1–5 stars: 18+ five, 15+ four, 12+ three,
    9+ two, else one."""
    total = siting + building + function + service
    for threshold, stars in ((18, 5), (15, 4), (12, 3), (9, 2)):
        if total >= threshold:
            return stars
    return 1


@transaction.atomic
def review_record(
    *,
    actor: User,
    station: Station,
    year: int,
    siting: Any,
    building: Any,
    function: Any,
    service: Any,
    note: str = "",
) -> StationReview:
    """The yearly standardisation review: scores the four checklist items, sets the station's
    star rating (up or down — a review can demote) and last_verified. Once per year (409)."""
    if not is_editor(actor):
        raise PermissionDenied()
    year = v.clean_int(year, "year", low=2000, high=2100) or 0
    scores = {
        name: v.clean_int(value, name, low=0, high=5)
        for name, value in (
            ("siting", siting),
            ("building", building),
            ("function", function),
            ("service", service),
        )
    }
    if any(score is None for score in scores.values()):
        raise InvalidInput(
            "invalid_scores", "四项评分均须填写（0–5）", "all four scores (0–5) are required"
        )
    stars = stars_from_scores(**scores)  # type: ignore[arg-type]
    try:
        with transaction.atomic():
            review = StationReview.objects.create(
                station=station,
                year=year,
                stars=stars,
                previous_stars=station.star_rating,
                note=v.clean_text(note, "note", max_length=500),
                reviewer=actor,
                reviewed_on=local_today(),
                **scores,
            )
    except IntegrityError:
        raise Conflict(
            "already_reviewed", f"{year} 年度已复核", f"already reviewed for {year}"
        ) from None
    previous = station.star_rating
    station.star_rating, station.last_verified = stars, local_today()
    station.save(update_fields=["star_rating", "last_verified", "updated_at"])
    audit_record(
        actor=actor,
        action="station.review",
        obj=station,
        detail={"year": year, "stars": stars, "previous": previous},
    )
    return review


@transaction.atomic
def checkins_anonymise(
    *, actor: User | None = None, older_than_days: int | None = None, now=None
) -> int:
    """Remove the rider from check-ins older than the location retention (a location track).

    Before: `older_than_days` defaults to settings.LOCATION_RETENTION_DAYS (must be ≥ 1).
    After: every older check-in keeps its station and time (daily counts stay true) but names
    no rider; one audit row records how many were anonymised. Returns that number.
    """
    from django.conf import settings

    days = settings.LOCATION_RETENTION_DAYS if older_than_days is None else older_than_days
    if days < 1:
        raise InvalidInput(
            "invalid_retention", "保留天数须至少为 1 天", "the retention must be at least one day"
        )
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    count = Checkin.objects.filter(at__lt=cutoff, rider__isnull=False).update(rider=None)
    audit_record(
        actor=actor,
        actor_label="" if actor else "system",
        action="checkin.anonymise",
        detail={"rows": count, "older_than_days": days},
    )
    return count
