"""Activity writes: publish and cancel, sign-up with a waiting list, QR check-in with points."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from redrider.accounts.models import User
from redrider.accounts.policy import can
from redrider.core.audit import audit_record
from redrider.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from redrider.core.events import AttendanceRecorded, announce
from redrider.regions import tree
from redrider.regions.models import Region
from redrider.regions.types import known_region

from .choices import ActivityStatus, CertificateKind, SignupStatus, Theme
from .models import Activity, Certificate, Signup

# Riders may check in from half an hour before the start until the end.
CHECKIN_EARLY = dt.timedelta(minutes=30)
MAX_CAPACITY = 100_000


def require_publisher(actor: User, region_code: str) -> None:
    """Staff who publish activities, over a region of the tree in their scope (422 for a code
    the tree does not have, 403 for the wrong role, 404 for another region)."""
    known_region(region_code, field="region_code")
    scope = tree.user_region(actor)
    if scope is None or not can(actor, "activities.publish"):
        raise PermissionDenied()
    if not tree.within(region_code, scope):
        raise NotFound("区划", "region")


def _require_rider(actor: User) -> None:
    if not can(actor, "activities.attend"):
        raise PermissionDenied("只有骑手可以报名和签到", "only riders sign up and check in")


@transaction.atomic
def activity_create(
    *,
    actor: User,
    title: str,
    theme: str,
    organiser: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str,
    lat: float,
    lng: float,
    region_code: str,
    capacity: int = 0,
    signup_required: bool = True,
    volunteer_hours: Decimal | float = 0,
    certificate_kind: str = "",
    description: str = "",
    committee=None,
) -> Activity:
    """Publish an activity in a county inside the actor's scope (county staff, instructors and up).

    First-aid training issues the first-aid certificate unless another kind is named.
    """
    require_publisher(actor, region_code)
    title, organiser, place = (
        (title or "").strip(),
        (organiser or "").strip(),
        (place or "").strip(),
    )
    if not title or not organiser or not place or len(title) > 128 or len(place) > 255:
        raise InvalidInput(
            "invalid_activity",
            "名称、主办单位和地点必填",
            "title, organiser and place are required",
        )
    if theme not in Theme.values:
        raise InvalidInput("invalid_theme", "活动主题无效", "unknown theme")
    if not Region.objects.filter(code=region_code, level="county").exists():
        raise InvalidInput(
            "invalid_region", "活动须属于一个县（区）", "an activity belongs to a county"
        )
    if (
        not (starts_at and ends_at)
        or ends_at <= starts_at
        or ends_at - starts_at > dt.timedelta(days=31)
    ):
        raise InvalidInput(
            "invalid_window",
            "结束时间须晚于开始时间（不超过 31 天）",
            "ends_at must follow starts_at (at most 31 days)",
        )
    if not (math.isfinite(lat) and math.isfinite(lng) and -90 <= lat <= 90 and -180 <= lng <= 180):
        raise InvalidInput("invalid_point", "经纬度超出范围", "lat/lng out of range")
    if not isinstance(capacity, int) or capacity < 0 or capacity > MAX_CAPACITY:
        raise InvalidInput(
            "invalid_capacity", "名额须为非负整数", "capacity must be a non-negative integer"
        )
    hours = Decimal(str(volunteer_hours or 0))
    if hours < 0 or hours > 24 * 31:
        raise InvalidInput("invalid_hours", "志愿时长无效", "invalid volunteer hours")
    if not certificate_kind and theme == Theme.FIRST_AID:
        certificate_kind = CertificateKind.FIRST_AID
    if certificate_kind and certificate_kind not in CertificateKind.values:
        raise InvalidInput("invalid_certificate", "证书类型无效", "unknown certificate kind")
    activity = Activity.objects.create(
        title=title,
        theme=theme,
        organiser=organiser[:128],
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        lat=lat,
        lng=lng,
        region_code=region_code,
        capacity=capacity,
        signup_required=bool(signup_required),
        volunteer_hours=hours,
        certificate_kind=certificate_kind,
        description=description or "",
        committee=committee,
        created_by=actor,
    )
    audit_record(actor=actor, action="activities.create", obj=activity, detail={"theme": theme})
    return activity


def _locked_activity(activity_id: int) -> Activity:
    activity = Activity.objects.select_for_update().filter(pk=activity_id).first()
    if activity is None:
        raise NotFound("活动", "activity")
    return activity


@transaction.atomic
def activity_cancel(*, actor: User, activity_id: int, reason: str = "") -> Activity:
    """Call an activity off (publishers over its region); sign-ups close, attendance stays."""
    activity = _locked_activity(activity_id)
    require_publisher(actor, activity.region_code)
    if activity.status == ActivityStatus.CANCELLED:
        raise Conflict("already_cancelled", "活动已取消", "the activity is already cancelled")
    activity.status = ActivityStatus.CANCELLED
    activity.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor, action="activities.cancel", obj=activity, detail={"reason": reason[:200]}
    )
    return activity


def _confirmed_count(activity: Activity) -> int:
    return activity.signups.filter(
        status__in=[SignupStatus.CONFIRMED, SignupStatus.ATTENDED]
    ).count()


@transaction.atomic
def signup_create(*, actor: User, activity_id: int) -> Signup:
    """A rider signs up: a place when one is free, else the waiting list (in order of sign-up).

    The activity row is locked so two riders never take the last place. Signing up twice returns
    the existing sign-up; after a cancellation the rider joins the end of the queue again.
    409 when the activity is cancelled or over.
    """
    _require_rider(actor)
    activity = _locked_activity(activity_id)
    if activity.status != ActivityStatus.PUBLISHED:
        raise Conflict("activity_cancelled", "活动已取消", "the activity was cancelled")
    now = timezone.now()
    if now >= activity.ends_at:
        raise Conflict("activity_over", "活动已结束", "the activity is over")
    existing = Signup.objects.filter(activity=activity, rider=actor).first()
    if existing is not None and existing.status != SignupStatus.CANCELLED:
        return existing
    full = activity.capacity and _confirmed_count(activity) >= activity.capacity
    status = SignupStatus.WAITLISTED if full else SignupStatus.CONFIRMED
    if existing is not None:
        existing.status, existing.queued_at = status, now
        existing.save(update_fields=["status", "queued_at", "updated_at"])
        signup = existing
    else:
        signup = Signup.objects.create(
            activity=activity,
            rider=actor,
            status=status,
            queued_at=now,
            region_code=activity.region_code,
        )
    audit_record(actor=actor, action="activities.signup", obj=signup, detail={"status": status})
    return signup


def _promote(activity: Activity) -> Signup | None:
    """Give a freed place to the longest-waiting rider (activity row already locked)."""
    if activity.capacity and _confirmed_count(activity) >= activity.capacity:
        return None
    waiting = (
        activity.signups.filter(status=SignupStatus.WAITLISTED).order_by("queued_at", "id").first()
    )
    if waiting is not None:
        waiting.status = SignupStatus.CONFIRMED
        waiting.save(update_fields=["status", "updated_at"])
        audit_record(actor=None, actor_label="system", action="activities.promote", obj=waiting)
    return waiting


@transaction.atomic
def signup_cancel(*, actor: User, activity_id: int) -> Signup:
    """A rider withdraws; a freed place goes to the first on the waiting list. 409 after check-in."""
    _require_rider(actor)
    activity = _locked_activity(activity_id)
    signup = Signup.objects.filter(activity=activity, rider=actor).first()
    if signup is None or signup.status == SignupStatus.CANCELLED:
        raise NotFound("报名", "sign-up")
    if signup.status == SignupStatus.ATTENDED:
        raise Conflict("already_attended", "已签到，不能取消报名", "already checked in")
    was_confirmed = signup.status == SignupStatus.CONFIRMED
    signup.status = SignupStatus.CANCELLED
    signup.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="activities.signup_cancel", obj=signup)
    if was_confirmed:
        _promote(activity)
    return signup


@transaction.atomic
def checkin_record(*, actor: User, token: str, now: dt.datetime | None = None) -> Signup:
    """A rider checks in at the venue with the QR code's token; attendance earns the points.

    Before: the token belongs to a published activity; now lies in [starts_at − 30 min, ends_at];
    when sign-up is required the rider holds a confirmed place. After: the sign-up is `attended`
    with the activity's volunteer hours, the certificate (if any) is on the rider, and
    `AttendanceRecorded` is announced: once committed, the points app credits the check-in
    (`activity_checkin.<theme>`) and hours (`volunteer_hour` × hours) awards, each at most once,
    and stores them on `points_awarded`. Checking in again returns the same sign-up, announcing
    nothing.
    Refusals: 404 unknown token; 409 cancelled, outside the time window, not signed up or waiting.
    """
    _require_rider(actor)
    token = (token or "").strip()
    found = (
        Activity.objects.filter(checkin_token=token).values_list("pk", flat=True).first()
        if token
        else None
    )
    if found is None:
        raise NotFound("签到码", "check-in code")
    activity = _locked_activity(found)
    now = now or timezone.now()
    signup = Signup.objects.filter(activity=activity, rider=actor).first()
    if signup is not None and signup.status == SignupStatus.ATTENDED:
        return signup
    if activity.status != ActivityStatus.PUBLISHED:
        raise Conflict("activity_cancelled", "活动已取消", "the activity was cancelled")
    if now < activity.starts_at - CHECKIN_EARLY or now > activity.ends_at:
        start = timezone.localtime(activity.starts_at - CHECKIN_EARLY)
        end = timezone.localtime(activity.ends_at)
        raise Conflict(
            "outside_checkin_window",
            f"不在签到时间内（{start:%m-%d %H:%M}–{end:%H:%M}）",
            f"check-in is open {start:%m-%d %H:%M}–{end:%H:%M} only",
        )
    if activity.signup_required and (signup is None or signup.status != SignupStatus.CONFIRMED):
        waiting = signup is not None and signup.status == SignupStatus.WAITLISTED
        raise Conflict(
            "not_signed_up",
            "您仍在候补名单中，不能签到" if waiting else "您未报名此活动",
            "you are still on the waiting list" if waiting else "you have not signed up",
        )
    if signup is None:
        try:
            with transaction.atomic():
                signup = Signup.objects.create(
                    activity=activity,
                    rider=actor,
                    status=SignupStatus.CONFIRMED,
                    queued_at=now,
                    region_code=activity.region_code,
                )
        except IntegrityError:
            signup = Signup.objects.get(activity=activity, rider=actor)
    signup.status, signup.checked_in_at, signup.hours = (
        SignupStatus.ATTENDED,
        now,
        activity.volunteer_hours,
    )
    signup.save(update_fields=["status", "checked_in_at", "hours", "updated_at"])
    if activity.certificate_kind:
        Certificate.objects.get_or_create(
            rider=actor,
            kind=activity.certificate_kind,
            activity=activity,
            defaults={"issued_at": now, "region_code": activity.region_code},
        )
    audit_record(actor=actor, action="activities.checkin", obj=signup)
    announce(
        AttendanceRecorded(
            signup_id=signup.pk,
            activity_id=activity.pk,
            rider_id=actor.pk,
            region_code=activity.region_code,
        )
    )
    return signup
