"""Request bodies, query strings and answers of appeals and tip-offs, and their shaping."""

from __future__ import annotations

from typing import Annotated, Literal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema

from redrider.accounts.policy import can, is_rider
from redrider.core.api import PointQuery
from redrider.core.schemas import (
    NOT_BLANK,
    CrsName,
    IsoDateTime,
    Latitude,
    Longitude,
    Paged,
    Timestamp,
    described,
    one_of,
)
from redrider.geo.crs import from_wgs84
from redrider.regions.tree import name_of

from .choices import (
    CATEGORY_RULES,
    AppealAction,
    AppealCategory,
    AppealStatus,
    Platform,
    TipoffCategory,
    TipoffOutcome,
    TipoffStatus,
)
from .workflow import RIDER, STAFF, actions_from

Text = Annotated[str, described(minLength=1, maxLength=500, pattern=NOT_BLANK)]


class AppealIn(Schema):
    category: Annotated[str, one_of(AppealCategory)]
    description: Text
    lat: Latitude
    lng: Longitude
    crs: CrsName = "wgs84"


class TransitionIn(Schema):
    action: Annotated[str, one_of(AppealAction)]
    note: Annotated[str, described(maxLength=500)] = ""
    into: int | None = Field(None, description="merge: the case this one joins")
    satisfaction: int | None = Field(None, ge=1, le=5, description="confirm: 1–5")


class MeTooIn(Schema):
    """Where the rider is now (the case must lie within its category's radius of it)."""

    lat: Latitude
    lng: Longitude
    crs: CrsName = "wgs84"
    category: Annotated[str, one_of(AppealCategory)] | None = None


class FollowUpIn(Schema):
    still_fixed: bool


class ReadIn(Schema):
    ids: list[int] | None = Field(None, description="the notices to mark read; none: all")


class TipoffIn(Schema):
    category: Annotated[str, one_of(TipoffCategory)]
    description: Text
    merchant_name: Annotated[str, described(minLength=1, maxLength=128, pattern=NOT_BLANK)]
    platform: Annotated[str, one_of(Platform)] = "other"
    platform_shop: Annotated[str, described(maxLength=128)] = ""
    merchant_address: Annotated[str, described(maxLength=255)] = ""
    lat: Latitude
    lng: Longitude
    crs: CrsName = "wgs84"


class VerificationIn(Schema):
    outcome: Annotated[str, one_of(TipoffOutcome)]
    note: Text


class ProblemAppealIn(Schema):
    """转为诉求: the appeal category chosen by the officer (default: the problem's category)."""

    category: Annotated[str, one_of(["", *AppealCategory.values])] = ""


# --- answers ----------------------------------------------------------------------------------


class PersonOut(Schema):
    id: int
    name: str


class OrgRefOut(Schema):
    """The organisation handling a case or a tip-off."""

    kind: Literal["office", "committee"]
    id: int
    name: str


class FollowUpOut(Schema):
    asked_at: IsoDateTime | None
    still_fixed: bool | None
    answered_at: IsoDateTime | None


class EventOut(Schema):
    at: IsoDateTime
    action: str
    from_status: str
    to_status: str
    actor: str
    note: str
    detail: dict


class PublicEventOut(Schema):
    at: IsoDateTime
    action: str
    text: str = Field(description="what happened, in words")
    to_status: str


class AppealPhotoOut(Schema):
    id: int
    url: str
    width: int
    height: int


class AppealOut(Schema):
    """A case as its rider or its handlers see it (times in Asia/Shanghai). `rider` is shown to
    staff only; `timeline` and `photos` in the detail."""

    id: int
    category: Annotated[str, one_of(AppealCategory)]
    category_label: str
    responsible: str
    description: str
    status: Annotated[str, one_of(AppealStatus)]
    status_label: str
    region_code: str
    handling_code: str
    assigned_org: OrgRefOut | None
    lat: float
    lng: float
    crs: str
    submitted_at: IsoDateTime | None
    accept_due_at: IsoDateTime | None
    resolve_due_at: IsoDateTime | None
    accepted_at: IsoDateTime | None
    resolved_at: IsoDateTime | None
    closed_at: IsoDateTime | None
    overdue: bool
    escalation_level: int
    merged_into: int | None
    satisfaction: int | None
    supporters: int | None
    mine: bool
    actions: list[str] = Field(description="the steps this caller may take next")
    follow_up: FollowUpOut
    rider: PersonOut | None = None
    timeline: list[EventOut] | None = None
    photos: list[AppealPhotoOut] | None = None


class AppealPublicOut(Schema):
    """The public part of a case, for a rider who joined it ("me too") but did not file it."""

    id: int
    public: Literal[True]
    category: Annotated[str, one_of(AppealCategory)]
    category_label: str
    responsible: str
    status: Annotated[str, one_of(AppealStatus)]
    status_label: str
    region_code: str
    region_name: str
    assigned_org: OrgRefOut | None
    submitted_at: IsoDateTime | None
    accepted_at: IsoDateTime | None
    resolved_at: IsoDateTime | None
    closed_at: IsoDateTime | None
    supporters: int | None
    mine: bool
    actions: list[str]
    timeline: list[PublicEventOut] | None = None


# What one case answers: the whole case, or its public part for a rider who only joined it.
AppealAnswer = AppealOut | AppealPublicOut


class AppealPageOut(Paged[AppealAnswer]):  # type: ignore[valid-type]
    """One page of cases: a rider's own, or a handler's queue."""


class AppealCategoryOut(Schema):
    key: Annotated[str, one_of(AppealCategory)]
    label: str
    responsible: str
    accept_days: int
    resolve_days: int
    radius_m: float = Field(description="how near an open case must be to join it")


class AppealCategoryListOut(Schema):
    items: list[AppealCategoryOut]


class NearbyAppealOut(Schema):
    id: int
    category: str
    description: str
    status: str
    status_label: str
    distance_m: float
    supporters: int
    submitted_at: IsoDateTime | None
    lat: float
    lng: float


class NearbyAppealsOut(Schema):
    items: list[NearbyAppealOut]
    count: int
    radius_m: float


class NearbyAppealsIn(PointQuery):
    category: Annotated[str, one_of(AppealCategory)]
    limit: int = Field(10, description="how many, 1–50 (others are clamped)")


class HotspotOut(Schema):
    category: str
    category_label: str
    centre_id: int
    lat: float
    lng: float
    radius_m: float
    size: int
    weight: int
    case_ids: list[int]


class HotspotsOut(Schema):
    items: list[HotspotOut]
    count: int


class AppealIndicatorsOut(Schema):
    region_code: str
    total: int
    open: int
    solved: int
    overdue: int
    escalated: int
    by_status: dict[str, int]
    by_category: dict[str, int]
    median_hours_to_accept: float | None
    median_hours_to_resolve: float | None
    satisfaction_avg: float | None
    satisfaction_count: int
    supporters: int
    tipoffs: int
    tipoffs_founded: int
    tipoffs_rewards_pending: int


class AppealNotificationOut(Schema):
    id: int
    appeal_id: int | None
    kind: str
    text: str
    created_at: Timestamp
    read: bool


class MarkedOut(Schema):
    marked: int = Field(description="how many notices were marked read")


class MeTooOut(Schema):
    id: int
    joined: bool
    created: bool = Field(description="false when the rider had already joined")
    supporters: int


class PhotoAddedOut(Schema):
    id: int
    width: int
    height: int
    size: int


class RewardOut(Schema):
    points: int
    status: str


class TipoffPhotoOut(Schema):
    id: int
    url: str


class TipoffOut(Schema):
    """A tip-off. `informant` appears only for a permitted handler (the look is audited);
    `photos` in the detail."""

    id: int
    category: Annotated[str, one_of(TipoffCategory)]
    category_label: str
    description: str
    merchant_name: str
    platform: str
    platform_shop: str
    merchant_address: str
    lat: float
    lng: float
    region_code: str
    status: Annotated[str, one_of(TipoffStatus)]
    status_label: str
    assigned_org: OrgRefOut | None
    outcome: str | None
    outcome_note: str
    submitted_at: IsoDateTime | None
    verified_at: IsoDateTime | None
    reward: RewardOut | None
    informant: PersonOut | None = None
    photos: list[TipoffPhotoOut] | None = None


def _iso(value):
    return timezone.localtime(value).isoformat() if value else None


def _point(lat: float, lng: float, crs: str) -> tuple[float, float]:
    if crs == "wgs84":
        return lat, lng
    return from_wgs84(lat, lng, crs)


def appeal_out(appeal, *, user, crs: str = "wgs84", detail: bool = False) -> dict:
    """A case as the API shows it; JSON-ready (times as ISO strings in Asia/Shanghai).

    Riders never see another rider's identity; staff see the filing rider's display name.
    `actions` lists what this user may do next. A rider who joined someone else's case ("me
    too") sees only its public part (`appeal_public_out`).
    """
    rider_view = is_rider(user)
    if rider_view and appeal.rider_id != user.pk:
        return appeal_public_out(appeal, detail=detail)
    lat, lng = _point(appeal.lat, appeal.lng, crs)
    if rider_view:
        actions = actions_from(appeal.status, RIDER) if appeal.rider_id == user.pk else []
    else:
        actions = actions_from(appeal.status, STAFF) if can(user, "appeals.handle", appeal) else []
    now = timezone.now()
    due = appeal.accept_due_at if appeal.status == AppealStatus.SUBMITTED else appeal.resolve_due_at
    out = {
        "id": appeal.pk,
        "category": appeal.category,
        "category_label": str(AppealCategory(appeal.category).label),
        "responsible": str(CATEGORY_RULES[appeal.category].responsible),
        "description": appeal.description,
        "status": appeal.status,
        "status_label": str(AppealStatus(appeal.status).label),
        "region_code": appeal.region_code,
        "handling_code": appeal.handling_code,
        "assigned_org": appeal.assigned_org,
        "lat": lat,
        "lng": lng,
        "crs": crs,
        "submitted_at": _iso(appeal.submitted_at),
        "accept_due_at": _iso(appeal.accept_due_at),
        "resolve_due_at": _iso(appeal.resolve_due_at),
        "accepted_at": _iso(appeal.accepted_at),
        "resolved_at": _iso(appeal.resolved_at),
        "closed_at": _iso(appeal.closed_at),
        "overdue": bool(
            due and appeal.status in ("submitted", "accepted", "in_progress") and due < now
        ),
        "escalation_level": appeal.escalation_level,
        "merged_into": appeal.merged_into_id,
        "satisfaction": appeal.satisfaction,
        "supporters": getattr(appeal, "supporter_count", None),
        "mine": rider_view and appeal.rider_id == user.pk,
        "actions": actions,
        "follow_up": {
            "asked_at": _iso(appeal.follow_up_asked_at),
            "still_fixed": appeal.follow_up_still_fixed,
            "answered_at": _iso(appeal.follow_up_answered_at),
        },
    }
    if not rider_view:
        out["rider"] = {"id": appeal.rider_id, "name": appeal.rider.label}
    if detail:
        out["supporters"] = appeal.supporters.count()
        out["timeline"] = [
            event_out(e, user=user)
            for e in appeal.events.select_related("actor").order_by("at", "id")
        ]
        out["photos"] = [
            {
                "id": p.pk,
                "url": reverse("appeals:photo", args=[p.pk]),
                "width": p.width,
                "height": p.height,
            }
            for p in appeal.photos.order_by("id")
        ]
    return out


# The timeline as a joiner reads it: what happened, in words, never who or what was written.
EVENT_WORDS = {
    "submit": _("骑手提交了诉求"),
    "accept": _("已受理"),
    "start": _("开始办理"),
    "resolve": _("已办结"),
    "confirm": _("骑手确认已解决"),
    "reopen": _("骑手反映仍未解决"),
    "reject": _("不予受理"),
    "merge": _("已合并到同类诉求"),
    "merged_in": _("合并了同类诉求"),
    "me_too": _("又有骑手遇到了同样的问题"),
    "photo": _("补充了照片"),
    "escalate": _("逾期升级督办"),
    "follow_up_asked": _("回访"),
    "follow_up_answered": _("回访已答复"),
}


def appeal_public_out(appeal, *, detail: bool = False) -> dict:
    """The public part of a case, for a rider who joined it but did not file it.

    Category, status, the county, the handling body and the timeline in words. Never the exact
    location, the description, staff notes, anyone's name or the photos: the case belongs to
    the rider who filed it, and joining one must not become a way to read it.
    """
    out = {
        "id": appeal.pk,
        "public": True,
        "category": appeal.category,
        "category_label": str(AppealCategory(appeal.category).label),
        "responsible": str(CATEGORY_RULES[appeal.category].responsible),
        "status": appeal.status,
        "status_label": str(AppealStatus(appeal.status).label),
        "region_code": appeal.region_code,
        "region_name": name_of(appeal.region_code),
        "assigned_org": appeal.assigned_org,
        "submitted_at": _iso(appeal.submitted_at),
        "accepted_at": _iso(appeal.accepted_at),
        "resolved_at": _iso(appeal.resolved_at),
        "closed_at": _iso(appeal.closed_at),
        "supporters": getattr(appeal, "supporter_count", None),
        "mine": False,
        "actions": [],
    }
    if detail:
        out["supporters"] = appeal.supporters.count()
        out["timeline"] = [
            {
                "at": _iso(e.at),
                "action": e.action,
                "text": str(EVENT_WORDS.get(e.action, e.action)),
                "to_status": e.to_status,
            }
            for e in appeal.events.order_by("at", "id")
        ]
    return out


def event_out(event, *, user) -> dict:
    # Riders see staff names (who handles it) but not the names of other riders who joined.
    label = event.actor_label
    if is_rider(user) and event.action == "me_too" and event.actor_id != user.pk:
        label = "骑手"
    return {
        "at": _iso(event.at),
        "action": event.action,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "actor": label,
        "note": event.note,
        "detail": event.detail,
    }


def nearby_out(appeal, distance_m: float, *, crs: str) -> dict:
    lat, lng = _point(appeal.lat, appeal.lng, crs)
    return {
        "id": appeal.pk,
        "category": appeal.category,
        "description": appeal.description,
        "status": appeal.status,
        "status_label": str(AppealStatus(appeal.status).label),
        "distance_m": round(distance_m, 1),
        "supporters": appeal.supporter_count,
        "submitted_at": _iso(appeal.submitted_at),
        "lat": lat,
        "lng": lng,
    }


def hotspot_out(spot, *, crs: str = "wgs84") -> dict:
    lat, lng = _point(spot.lat, spot.lng, crs)
    return {
        "category": spot.category,
        "category_label": str(AppealCategory(spot.category).label),
        "centre_id": spot.centre_id,
        "lat": lat,
        "lng": lng,
        "radius_m": spot.radius_m,
        "size": spot.size,
        "weight": spot.weight,
        "case_ids": spot.case_ids,
    }


def tipoff_out(tipoff, *, user, informant: dict | None = None, detail: bool = False) -> dict:
    """A tip-off; `informant` appears only when the caller passes a revealed identity."""
    out = {
        "id": tipoff.pk,
        "category": tipoff.category,
        "category_label": str(tipoff.get_category_display()),
        "description": tipoff.description,
        "merchant_name": tipoff.merchant_name,
        "platform": tipoff.platform,
        "platform_shop": tipoff.platform_shop,
        "merchant_address": tipoff.merchant_address,
        "lat": tipoff.lat,
        "lng": tipoff.lng,
        "region_code": tipoff.region_code,
        "status": tipoff.status,
        "status_label": str(tipoff.get_status_display()),
        "assigned_org": (
            {"kind": "office", "id": tipoff.assigned_office_id, "name": tipoff.assigned_office.name}
            if tipoff.assigned_office_id
            else None
        ),
        "outcome": tipoff.outcome or None,
        "outcome_note": tipoff.outcome_note,
        "submitted_at": _iso(tipoff.submitted_at),
        "verified_at": _iso(tipoff.verified_at),
        "reward": _reward_out(tipoff),
    }
    if informant is not None:
        out["informant"] = informant
    if detail:
        out["photos"] = [
            {"id": p.pk, "url": reverse("appeals:tipoff_photo", args=[p.pk])}
            for p in tipoff.photos.order_by("id")
        ]
    return out


def _reward_out(tipoff) -> dict | None:
    reward = getattr(tipoff, "reward", None) if tipoff.outcome == "founded" else None
    if reward is None:
        return None
    return {"points": reward.points, "status": reward.status}
