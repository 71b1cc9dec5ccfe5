"""Appeal writes: filing, the workflow step, "me too", photos, follow-ups and escalation."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from redrider.accounts.models import User
from redrider.accounts.policy import can
from redrider.core.audit import audit_record
from redrider.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from redrider.core.events import AppealStatusChanged, announce
from redrider.core.photos import photo_attach
from redrider.geo.distance import haversine_m
from redrider.regions import tree
from redrider.regions.models import Region

from ..choices import CATEGORY_RULES, OPEN_STATUSES, AppealAction, AppealCategory, AppealStatus
from ..models import Appeal, AppealEvent, AppealNotification, AppealPhoto, AppealSupporter
from ..routing import point_parse, route
from ..workdays import add_working_days
from ..workflow import APPEAL_FLOW, RIDER, STAFF
from .notify import notify_rider

MAX_DESCRIPTION = 500
MAX_NOTE = 1000
MAX_PHOTOS = 6
FOLLOW_UP_AFTER = dt.timedelta(days=14)
SYSTEM = "system"


def _event(
    appeal: Appeal,
    *,
    action: str,
    actor: User | None,
    at,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    detail: dict | None = None,
) -> AppealEvent:
    return AppealEvent.objects.create(
        appeal=appeal,
        at=at,
        action=action,
        from_status=from_status,
        to_status=to_status,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=getattr(actor, "label", "") if actor is not None else SYSTEM,
        note=note,
        detail=detail or {},
    )


def _require_rider(actor: User) -> None:
    if not can(actor, "appeals.file"):
        raise PermissionDenied("只有骑手可以提交", "only riders may do this")


def _text(value: str, *, field_zh: str, field_en: str, limit: int, required: bool) -> str:
    text = (value or "").strip()
    if required and not text:
        raise InvalidInput("text_required", f"{field_zh}不能为空", f"{field_en} must not be empty")
    if len(text) > limit:
        raise InvalidInput(
            "text_too_long",
            f"{field_zh}不能超过 {limit} 字",
            f"{field_en} may be at most {limit} characters",
        )
    return text


def _checked(category: str, description: str) -> str:
    """The trimmed description once the category and text are valid (422 otherwise)."""
    if category not in AppealCategory.values:
        raise InvalidInput(
            "unknown_category",
            "诉求类别无效",
            "unknown appeal category",
            allowed=list(AppealCategory.values),
        )
    return _text(
        description,
        field_zh="问题描述",
        field_en="description",
        limit=MAX_DESCRIPTION,
        required=True,
    )


def _file(*, filer, category: str, text: str, where, now: dt.datetime) -> Appeal:
    """Insert a routed, `submitted` case with its accept deadline (callers add the rest)."""
    rule = CATEGORY_RULES[category]
    return Appeal.objects.create(
        rider=filer,
        category=category,
        description=text,
        lat=where.lat,
        lng=where.lng,
        region_code=where.county_code,
        handling_code=where.county_code,
        assigned_office=where.office,
        assigned_committee=where.committee,
        submitted_at=now,
        accept_due_at=add_working_days(now, rule.accept_days),
    )


@transaction.atomic
def appeal_create(
    *,
    actor: User,
    category: str,
    description: str,
    lat,
    lng,
    crs: str = "wgs84",
    now: dt.datetime | None = None,
) -> Appeal:
    """File a rider's appeal and route it.

    Before: `actor` is a rider; `category` one of AppealCategory; description 1–500 characters;
    the point (in `crs`) lies in China. After: a `submitted` case in the pin's county, assigned
    to the nearest office with a guidance station (or the county committee, per category), with
    its accept deadline, a timeline entry, an audit row and a notice to the rider.
    Raises 403 for non-riders and 422 for any bad input (nothing is written).
    """
    _require_rider(actor)
    text = _checked(category, description)
    rule = CATEGORY_RULES[category]
    where = route(lat, lng, crs, rule.route_to)
    now = now or timezone.now()
    appeal = _file(filer=actor, category=category, text=text, where=where, now=now)
    _event(appeal, action="submit", actor=actor, at=now, to_status=AppealStatus.SUBMITTED)
    audit_record(
        actor=actor,
        action="appeal.create",
        obj=appeal,
        detail={"category": category, "assigned": (appeal.assigned_org or {}).get("kind")},
    )
    notify_rider(
        user=actor,
        appeal=appeal,
        kind="submitted",
        text=f"您的诉求 #{appeal.pk} 已提交，将在 {rule.accept_days} 个工作日内受理",
    )
    return appeal


@transaction.atomic
def appeal_create_for_liaison(
    *,
    actor: User,
    category: str,
    description: str,
    lat,
    lng,
    source: dict,
    crs: str = "wgs84",
    now: dt.datetime | None = None,
) -> Appeal:
    """File an appeal on riders' behalf from a problem raised during a liaison visit.

    For "转为诉求" (`services.liaison.problem_raise_appeal`). Before: `actor`
    is an officer who may handle cases (policy `appeals.handle`) and whose scope contains
    the county the point falls in (403 otherwise); category, description and point as for
    `appeal_create` (422). After: a `submitted` case routed like a rider's, whose filing actor
    (`Appeal.rider`) is the officer — so the officer also takes the rider's steps (confirm /
    reopen) — with a timeline entry carrying `source` (e.g. {"problem": 12}) and an audit row
    `appeal.create` with `via: liaison`. No rider notice is sent (no rider filed it).
    """
    scope = tree.user_region(actor)
    if scope is None or not can(actor, "appeals.handle"):
        raise PermissionDenied("只有承办人员可以代为提交诉求", "only case officers may file")
    text = _checked(category, description)
    where = route(lat, lng, crs, CATEGORY_RULES[category].route_to)
    if not tree.within(where.county_code, scope):
        raise PermissionDenied("地点不在您的管辖范围内", "the place is outside your scope")
    now = now or timezone.now()
    appeal = _file(filer=actor, category=category, text=text, where=where, now=now)
    _event(
        appeal,
        action="submit",
        actor=actor,
        at=now,
        to_status=AppealStatus.SUBMITTED,
        detail={"via": "liaison", **source},
    )
    audit_record(
        actor=actor,
        action="appeal.create",
        obj=appeal,
        detail={"category": category, "via": "liaison", **source},
    )
    return appeal


def _merge_target(*, actor: User, appeal: Appeal, into) -> Appeal:
    try:
        target_id = int(into)
    except (TypeError, ValueError):
        raise InvalidInput(
            "merge_target_required",
            "合并须指定目标诉求编号",
            'merge needs the target case id in "into"',
        ) from None
    target = Appeal.objects.visible_to(actor).select_for_update().filter(pk=target_id).first()
    if target is None and getattr(actor, "is_superuser", False):
        target = Appeal.objects.select_for_update().filter(pk=target_id).first()
    if target is None:
        raise NotFound("合并目标诉求", "merge target case")
    if target.pk == appeal.pk:
        raise InvalidInput(
            "merge_into_self", "不能合并到自身", "a case cannot be merged into itself"
        )
    if target.category != appeal.category:
        raise InvalidInput(
            "merge_category", "只能合并同类别的诉求", "only cases of one category merge"
        )
    if target.status not in (
        AppealStatus.SUBMITTED,
        AppealStatus.ACCEPTED,
        AppealStatus.IN_PROGRESS,
    ):
        raise Conflict("merge_target_closed", "合并目标已关闭", "the merge target is closed")
    return target


@transaction.atomic
def appeal_transition(
    *,
    actor: User,
    appeal: Appeal,
    action: str,
    note: str = "",
    into=None,
    satisfaction: int | None = None,
    now: dt.datetime | None = None,
) -> Appeal:
    """Apply one step of the appeal workflow (`workflow.APPEAL_FLOW`) to a case.

    Before: `appeal` is visible to `actor` (callers fetch it through a selector: 404 otherwise).
    Refusals change nothing: unknown action 422; a step not legal from the current status 409;
    a staff step by someone who may not handle the case (or a rider step by anyone but the
    case's rider) 403; a missing reason or bad `into`/`satisfaction` 422.
    After: the new status and its timestamps/deadlines, one timeline event (who, when, note),
    one audit row, a notice to the rider for staff steps, and `AppealStatusChanged` announced
    (a liaison problem raised as this case follows it once committed).
    """
    step = APPEAL_FLOW.step(action)
    if step is None:
        raise InvalidInput(
            "unknown_action", "未知操作", "unknown action", allowed=list(AppealAction.values)
        )
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    APPEAL_FLOW.check(
        appeal.status,
        action,
        refuse=lambda status: Conflict(
            "illegal_transition",
            f"当前状态“{AppealStatus(status).label}”不能执行“{AppealAction(action).label}”",
            f"cannot {action} a case that is {status}",
            status_now=status,
        ),
    )
    if step.by == RIDER and appeal.rider_id != getattr(actor, "pk", None):
        raise PermissionDenied(
            "只有提交诉求的骑手本人可以操作", "only the rider who filed it may do this"
        )
    if step.by == STAFF and not can(actor, "appeals.handle", appeal):
        raise PermissionDenied("您不是该诉求的承办人", "you do not handle this case")
    note = _text(
        note, field_zh="说明", field_en="note", limit=MAX_NOTE, required=step.note_required
    )
    now = now or timezone.now()
    rule = CATEGORY_RULES[appeal.category]
    detail: dict = {}
    target = None
    if action == AppealAction.MERGE:
        target = _merge_target(actor=actor, appeal=appeal, into=into)
        detail["into"] = target.pk
    if action == AppealAction.CONFIRM and satisfaction is not None:
        if not isinstance(satisfaction, int) or not 1 <= satisfaction <= 5:
            raise InvalidInput(
                "invalid_satisfaction", "满意度须为 1–5 分", "satisfaction must be 1–5"
            )
        appeal.satisfaction = satisfaction
        detail["satisfaction"] = satisfaction

    before = appeal.status
    APPEAL_FLOW.move(appeal, action)
    if action == AppealAction.ACCEPT:
        appeal.accepted_at = now
        appeal.resolve_due_at = add_working_days(now, rule.resolve_days)
    elif action == AppealAction.RESOLVE:
        appeal.resolved_at = now
    elif action == AppealAction.REOPEN:
        appeal.closed_at = None
        appeal.resolve_due_at = add_working_days(now, rule.resolve_days)
    elif step.target in (AppealStatus.CONFIRMED, AppealStatus.REJECTED, AppealStatus.MERGED):
        appeal.closed_at = now
    if target is not None:
        appeal.merged_into = target
    appeal.save()
    _event(
        appeal,
        action=action,
        actor=actor,
        at=now,
        from_status=before,
        to_status=appeal.status,
        note=note,
        detail=detail,
    )
    audit_record(
        actor=actor,
        action=f"appeal.{action}",
        obj=appeal,
        detail={"from": before, "to": appeal.status, **detail},
    )
    if target is not None:
        _merge_supporters(actor=actor, source=appeal, target=target, now=now)
    if step.by == STAFF:
        label = AppealStatus(appeal.status).label
        text = f"您的诉求 #{appeal.pk} 状态更新为“{label}”" + (f"：{note}" if note else "")
        notify_rider(user=appeal.rider, appeal=appeal, kind=action, text=text)
    announce(
        AppealStatusChanged(
            appeal_id=appeal.pk,
            previous=before,
            status=appeal.status,
            region_code=appeal.region_code,
            resolved_at=appeal.resolved_at,
        )
    )
    return appeal


def _merge_supporters(*, actor: User, source: Appeal, target: Appeal, now) -> None:
    """Everyone behind the merged case stands behind the target from now on."""
    riders = {source.rider_id} | set(source.supporters.values_list("rider_id", flat=True))
    riders.discard(target.rider_id)
    existing = set(target.supporters.values_list("rider_id", flat=True))
    AppealSupporter.objects.bulk_create(
        [AppealSupporter(appeal=target, rider_id=r) for r in sorted(riders - existing)]
    )
    _event(target, action="merged_in", actor=actor, at=now, detail={"from": source.pk})


@transaction.atomic
def appeal_me_too(
    *,
    actor: User,
    appeal_id: int,
    lat: float,
    lng: float,
    crs: str = "wgs84",
    category: str | None = None,
) -> tuple[Appeal, bool]:
    """“我也遇到了”: a rider joins an open case near them instead of filing a duplicate.

    Before: `actor` is a rider other than the case's own (403 for staff, 409 for their own);
    (`lat`, `lng`, `crs`) is where they are (422 when it is not a point in China). The case must
    be open, of `category` when one is given, and within its category's radius of that point
    (`CATEGORY_RULES[...].radius_m`, the radius the nearby list uses); any other case — closed,
    far away, another category, or none at all — answers the same 404, so joining cannot probe
    which cases exist. After: one supporter row (joining twice is harmless: `created=False`), a
    timeline entry and an audit row on the first join. A joiner then reads only the public part
    of the case (`schemas.appeal_public_out`).
    """
    _require_rider(actor)
    wlat, wlng, _county = point_parse(lat, lng, crs)
    appeal = (
        Appeal.objects.select_for_update().filter(pk=appeal_id, status__in=OPEN_STATUSES).first()
    )
    if appeal is not None and appeal.rider_id == actor.pk:
        raise Conflict("own_appeal", "这是您自己提交的诉求", "this is your own case")
    if (
        appeal is None
        or (category is not None and category != appeal.category)
        or haversine_m(wlat, wlng, appeal.lat, appeal.lng)
        > CATEGORY_RULES[appeal.category].radius_m
    ):
        raise NotFound("附近的同类诉求", "open case of this kind near you")
    _, created = AppealSupporter.objects.get_or_create(appeal=appeal, rider=actor)
    if created:
        _event(appeal, action="me_too", actor=actor, at=timezone.now())
        audit_record(actor=actor, action="appeal.me_too", obj=appeal)
    return appeal, created


@transaction.atomic
def appeal_photo_add(*, actor: User, appeal: Appeal, data: bytes) -> AppealPhoto:
    """Attach a photo: by the case's rider while it is not closed, or by a handler.

    The photo is re-encoded without EXIF/GPS (see `core.photos.photo_clean`); refusals store nothing.
    """
    is_owner = appeal.rider_id == getattr(actor, "pk", None)
    if not (is_owner or can(actor, "appeals.handle", appeal)):
        raise PermissionDenied(
            "只能给自己的诉求上传照片", "you may add photos to your own cases only"
        )
    if is_owner and appeal.status in (
        AppealStatus.CONFIRMED,
        AppealStatus.REJECTED,
        AppealStatus.MERGED,
    ):
        raise Conflict("appeal_closed", "该诉求已关闭", "this case is closed")
    photo = photo_attach(
        appeal.photos,
        data=data,
        limit=MAX_PHOTOS,
        full=(f"每件诉求最多 {MAX_PHOTOS} 张照片", f"at most {MAX_PHOTOS} photos per case"),
        uploaded_by=actor,
    )
    _event(appeal, action="photo", actor=actor, at=timezone.now(), detail={"photo": photo.pk})
    audit_record(actor=actor, action="appeal.photo_add", obj=appeal, detail={"photo": photo.pk})
    return photo


@transaction.atomic
def appeal_follow_up_answer(*, actor: User, appeal: Appeal, still_fixed: bool) -> Appeal:
    """The rider answers the two-week follow-up; "no" reopens the case for its handler.

    Before: the follow-up was asked and not yet answered (409 otherwise); `actor` is the case's
    rider (403 otherwise).
    """
    if appeal.rider_id != getattr(actor, "pk", None):
        raise PermissionDenied("只有提交诉求的骑手本人可以回答", "only the case's rider may answer")
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.follow_up_asked_at is None or appeal.follow_up_answered_at is not None:
        raise Conflict("no_follow_up", "没有待回答的回访", "there is no open follow-up question")
    now = timezone.now()
    appeal.follow_up_still_fixed = bool(still_fixed)
    appeal.follow_up_answered_at = now
    appeal.save(update_fields=["follow_up_still_fixed", "follow_up_answered_at", "updated_at"])
    _event(
        appeal,
        action="follow_up_answered",
        actor=actor,
        at=now,
        detail={"still_fixed": bool(still_fixed)},
    )
    audit_record(
        actor=actor,
        action="appeal.follow_up_answer",
        obj=appeal,
        detail={"still_fixed": bool(still_fixed)},
    )
    if not still_fixed and APPEAL_FLOW.is_legal(appeal.status, AppealAction.REOPEN):
        appeal = appeal_transition(
            actor=actor,
            appeal=appeal,
            action=AppealAction.REOPEN,
            note="回访：问题再次出现 / follow-up: the problem is back",
        )
    return appeal


def overdue_q(now: dt.datetime) -> Q:
    """Open cases past their current deadline: acceptance while submitted, resolution after."""
    return Q(status=AppealStatus.SUBMITTED, accept_due_at__lt=now) | Q(
        status__in=[AppealStatus.ACCEPTED, AppealStatus.IN_PROGRESS], resolve_due_at__lt=now
    )


def appeals_escalate_overdue(*, now: dt.datetime | None = None) -> int:
    """Move every overdue case one level up (county → prefecture → province) and mark it.

    After, per case: `handling_code` is the parent region (whose officers may now act),
    `escalation_level` +1, `escalated_at` set, the missed deadline restarts from now for the new
    level (so a daily run escalates a case at most once per missed deadline), one timeline event
    and one audit row. Cases already at the province stay there. Returns how many moved.
    Each case is its own transaction, so one bad row never blocks the rest.
    """
    now = now or timezone.now()
    moved = 0
    ids = list(Appeal.objects.filter(overdue_q(now)).values_list("pk", flat=True))
    parents = dict(Region.objects.filter(parent__isnull=False).values_list("code", "parent_id"))
    for pk in ids:
        with transaction.atomic():
            appeal = Appeal.objects.select_for_update().filter(overdue_q(now), pk=pk).first()
            if appeal is None:
                continue
            parent = parents.get(appeal.handling_code)
            if parent is None:
                continue
            rule = CATEGORY_RULES[appeal.category]
            before = appeal.handling_code
            phase = "accept" if appeal.status == AppealStatus.SUBMITTED else "resolve"
            appeal.handling_code = parent
            appeal.escalation_level += 1
            appeal.escalated_at = now
            if phase == "accept":
                appeal.accept_due_at = add_working_days(now, rule.accept_days)
            else:
                appeal.resolve_due_at = add_working_days(now, rule.resolve_days)
            appeal.save()
            detail = {"from": before, "to": parent, "missed": phase}
            _event(
                appeal,
                action="escalate",
                actor=None,
                at=now,
                note=f"逾期未{'受理' if phase == 'accept' else '办结'}，升级至上级 / overdue: escalated",
                detail=detail,
            )
            audit_record(
                actor=None, actor_label=SYSTEM, action="appeal.escalate", obj=appeal, detail=detail
            )
            moved += 1
    return moved


def appeals_follow_up_send(*, now: dt.datetime | None = None) -> int:
    """Ask "is it still fixed?" of every rider whose case was resolved two weeks ago or more.

    Only resolved or confirmed cases never asked before qualify; each gets one notice (in-page
    and through the gateway), a timeline event and `follow_up_asked_at`. Returns how many.
    """
    now = now or timezone.now()
    asked = 0
    qs = Appeal.objects.filter(
        status__in=[AppealStatus.RESOLVED, AppealStatus.CONFIRMED],
        resolved_at__lte=now - FOLLOW_UP_AFTER,
        follow_up_asked_at__isnull=True,
    )
    for pk in qs.values_list("pk", flat=True):
        with transaction.atomic():
            appeal = Appeal.objects.select_for_update().select_related("rider").get(pk=pk)
            if appeal.follow_up_asked_at is not None:
                continue
            appeal.follow_up_asked_at = now
            appeal.save(update_fields=["follow_up_asked_at", "updated_at"])
            _event(appeal, action="follow_up_asked", actor=None, at=now)
            notify_rider(
                user=appeal.rider,
                appeal=appeal,
                kind="follow_up",
                text=f"回访：您两周前反映的问题（#{appeal.pk}）现在还解决着吗？",
            )
            asked += 1
    return asked


def notifications_mark_read(*, actor: User, ids: list[int] | None = None) -> int:
    """Mark the actor's own notices read (all of them when `ids` is None)."""
    qs = AppealNotification.objects.filter(user=actor, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
