"""Nomination writes: by staff for a company or organisation, by a rider for themselves or a
fellow rider; evidence photos; links to the rider's own record."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from redrider.accounts.phone import normalise_phone
from redrider.accounts.policy import require
from redrider.activities.choices import SignupStatus
from redrider.activities.models import Signup
from redrider.appeals.choices import AppealStatus, TipoffOutcome
from redrider.appeals.models import Appeal, Tipoff
from redrider.core.audit import audit_record
from redrider.core.errors import Conflict, DomainError, InvalidInput
from redrider.core.photos import photo_clean
from redrider.core.scoping import code_within
from redrider.riders.choices import RiderStatus
from redrider.riders.identity import phone_index
from redrider.riders.models import Company, Rider
from redrider.riders.selectors import rider_profile_for_user

from ..choices import CampaignStatus, NominatorKind, RecordKind
from ..models import Campaign, Nomination, NominationPhoto, NominationRecord
from ..phases import nominations_open
from .campaigns import quota_region_for
from .common import now_or, text

MAX_PHOTOS = 9
MAX_LINKS_PER_KIND = 30
STAFF_KINDS = (NominatorKind.COMPANY, NominatorKind.ORGANISATION)


def _outside_region() -> DomainError:
    # Same answer whether the rider does not exist or lives elsewhere: nothing to probe.
    return DomainError(
        "nominee_outside_region",
        "被提名骑手不存在或不在您的辖区",
        "the nominee was not found in your region",
        status=404,
    )


def _nominate(
    *,
    actor,
    campaign: Campaign,
    rider: Rider,
    kind: str,
    label: str,
    company: Company | None,
    headline: str,
    story: str,
    now: dt.datetime,
) -> Nomination:
    if not nominations_open(campaign, now):
        raise Conflict(
            "nomination_closed",
            f"不在提名期内（{campaign.nomination_opens_on} 至 {campaign.nomination_closes_on}）",
            "nominations are not being taken now",
        )
    if rider.status != RiderStatus.ACTIVE:
        raise InvalidInput("rider_inactive", "该骑手已离职", "the rider is no longer active")
    if not code_within(rider.region_code, campaign.region_code):
        raise InvalidInput(
            "outside_campaign", "该骑手不在本次评选范围内", "the rider is outside the campaign"
        )
    quota_region = quota_region_for(campaign, rider.region_code)
    if quota_region is None:
        raise InvalidInput(
            "no_quota", "该骑手所在地区没有评选名额", "the rider's region has no quota"
        )
    headline = text(headline, zh="事迹摘要", en="headline", limit=120, required=False)
    story = text(story, zh="事迹材料", en="story", limit=4000)
    if Nomination.objects.filter(campaign=campaign, rider=rider).exists():
        raise Conflict(
            "already_nominated",
            "该骑手已在本次评选中被提名，不能重复提名",
            "this rider is already nominated in this campaign",
        )
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                campaign=campaign,
                rider=rider,
                region_code=rider.region_code,
                quota_region=quota_region,
                nominator_kind=kind,
                nominator_label=label,
                company=company,
                nominated_by=actor,
                display_name=(rider.name or "")[:32] or rider.masked_name,
                headline=headline,
                story=story,
                submitted_at=now,
            )
    except IntegrityError:
        raise Conflict(
            "already_nominated",
            "该骑手已在本次评选中被提名，不能重复提名",
            "this rider is already nominated in this campaign",
        ) from None
    records_link(nomination=nomination)
    # The audit row names the nomination and who nominated; never the rider's record links.
    audit_record(actor=actor, action="honours.nominate", obj=nomination, detail={"kind": str(kind)})
    return nomination


@transaction.atomic
def nomination_create(
    *,
    actor,
    campaign: Campaign,
    rider_id: int,
    nominator_kind: str,
    nominator_label: str = "",
    company_id: int | None = None,
    headline: str = "",
    story: str,
    now: dt.datetime | None = None,
) -> Nomination:
    """Staff nominate a rider of their region on behalf of a company or an organisation.

    Before: the rider is in the actor's region (404 `nominee_outside_region` otherwise, the same
    answer as for a rider who does not exist), the kind is company (with a company of the region)
    or organisation (with its name), the campaign takes nominations today (409), the rider is
    active and under a quota region (422), and not yet nominated in this campaign (409).
    After: a `submitted` nomination linked to the rider's own record, and an audit row.
    """
    now = now_or(now)
    if nominator_kind not in STAFF_KINDS:
        raise InvalidInput(
            "nominator_kind",
            "推荐方式须为企业推荐或组织推荐",
            "kind must be company or organisation",
        )
    rider = Rider.objects.visible_to(actor).filter(pk=rider_id).first()
    if rider is None:
        raise _outside_region()
    require(actor, "honours.nominate", rider)
    company = None
    if nominator_kind == NominatorKind.COMPANY:
        company = Company.objects.visible_to(actor).filter(pk=company_id).first()
        if company is None:
            raise InvalidInput(
                "company_required", "请选择本辖区的推荐企业", "choose a company of your region"
            )
        nominator_label = company.name
    label = text(nominator_label, zh="推荐单位", en="nominating body", limit=128)
    return _nominate(
        actor=actor,
        campaign=campaign,
        rider=rider,
        kind=nominator_kind,
        label=label,
        company=company,
        headline=headline,
        story=story,
        now=now,
    )


@transaction.atomic
def nomination_by_rider(
    *,
    actor,
    campaign: Campaign,
    peer_phone: str | None = None,
    headline: str = "",
    story: str,
    now: dt.datetime | None = None,
) -> Nomination:
    """A rider nominates themselves (no `peer_phone`) or a fellow rider of their own county.

    Before: the actor is a rider with a census record (409 otherwise); a peer is found by phone
    among active riders of the actor's county (422 `nominee_outside_region` otherwise — the same
    answer whether the phone is unknown or belongs to a rider elsewhere); then the rules of
    `nomination_create`. After: the nomination and an audit row.
    """
    now = now_or(now)
    require(actor, "honours.nominate_self")
    me = rider_profile_for_user(actor)
    if me is None:
        raise Conflict("not_registered", "请先完成骑手注册", "register as a rider first")
    if not peer_phone:
        rider, kind, label = me, NominatorKind.SELF, "本人"
    else:
        phone = normalise_phone(peer_phone)
        peer = (
            Rider.objects.filter(
                phone_index=phone_index(phone), region_code=me.region_code, status="active"
            )
            .exclude(pk=me.pk)
            .first()
            if phone
            else None
        )
        if peer is None:
            raise InvalidInput(
                "nominee_outside_region",
                "未在您所在区县找到该手机号的骑手",
                "no rider with this phone works in your county",
            )
        rider, kind, label = peer, NominatorKind.PEERS, "骑手互荐"
    return _nominate(
        actor=actor,
        campaign=campaign,
        rider=rider,
        kind=kind,
        label=label,
        company=None,
        headline=headline,
        story=story,
        now=now,
    )


def records_link(*, nomination: Nomination) -> int:
    """Link the nomination to the rider's own record: attended activities, appeals they filed
    that were solved, founded tip-offs they gave. Only the rider's login account connects them;
    a rider without one has no links. Answers how many links were written."""
    user_id = nomination.rider.user_id
    if user_id is None:
        return 0
    links: list[NominationRecord] = []
    signups = (
        Signup.objects.filter(rider_id=user_id, status=SignupStatus.ATTENDED)
        .select_related("activity")
        .order_by("-checked_in_at")[:MAX_LINKS_PER_KIND]
    )
    for s in signups:
        links.append(
            NominationRecord(
                nomination=nomination,
                kind=RecordKind.ACTIVITY,
                object_id=s.activity_id,
                label=f"{s.activity.title}（{s.activity.get_theme_display()}）"[:200],
                occurred_at=s.checked_in_at,
            )
        )
    appeals = Appeal.objects.filter(
        rider_id=user_id, status__in=[AppealStatus.RESOLVED, AppealStatus.CONFIRMED]
    ).order_by("-resolved_at")[:MAX_LINKS_PER_KIND]
    for a in appeals:
        links.append(
            NominationRecord(
                nomination=nomination,
                kind=RecordKind.APPEAL,
                object_id=a.pk,
                label=f"反映“{a.get_category_display()}”问题，已推动解决",
                occurred_at=a.resolved_at,
            )
        )
    tipoffs = Tipoff.objects.filter(informant_id=user_id, outcome=TipoffOutcome.FOUNDED).order_by(
        "-verified_at"
    )[:MAX_LINKS_PER_KIND]
    for t in tipoffs:
        links.append(
            NominationRecord(
                nomination=nomination,
                kind=RecordKind.TIPOFF,
                object_id=t.pk,
                label=f"属实违法线索：{t.get_category_display()}",
                occurred_at=t.verified_at,
            )
        )
    NominationRecord.objects.bulk_create(links, ignore_conflicts=True)
    return len(links)


@transaction.atomic
def nomination_photo_add(
    *, actor, nomination: Nomination, data: bytes, caption: str = ""
) -> NominationPhoto:
    """Add an evidence photo (re-encoded, EXIF/GPS removed): `nomination_photos_add` of one."""
    return nomination_photos_add(
        actor=actor, nomination=nomination, photos=[data], caption=caption
    )[0]


@transaction.atomic
def nomination_photos_add(
    *, actor, nomination: Nomination, photos: list[bytes], caption: str = ""
) -> list[NominationPhoto]:
    """Add evidence photos (re-encoded, EXIF/GPS removed), all or none.

    Before: the actor may see the nomination as staff or nominated it; the campaign is still open
    (409); at least one photo (422) and no more than MAX_PHOTOS in all (409); every one of them is
    an image (422 `photo_type` otherwise, 413 when too large) — nothing is stored unless all are.
    """
    if nomination.nominated_by_id != getattr(actor, "pk", None):
        require(actor, "honours.view_nominations", nomination)
    if nomination.campaign.status != CampaignStatus.OPEN:
        raise Conflict("campaign_not_open", "评选已进入公示，不能再补充材料", "evidence is closed")
    if not photos:
        raise InvalidInput("photo_missing", "请选择照片", "choose a photo")
    if nomination.photos.count() + len(photos) > MAX_PHOTOS:
        raise Conflict("too_many_photos", f"最多 {MAX_PHOTOS} 张照片", f"at most {MAX_PHOTOS}")
    caption = text(caption, zh="说明", en="caption", limit=120, required=False)
    cleaned = [photo_clean(data) for data in photos]
    stored = [
        NominationPhoto.objects.create(
            nomination=nomination,
            image=clean.content,
            caption=caption,
            width=clean.width,
            height=clean.height,
            size=clean.size,
            uploaded_by=actor,
        )
        for clean in cleaned
    ]
    audit_record(
        actor=actor,
        action="honours.nomination_photo",
        obj=nomination,
        detail={"photos": len(stored)},
    )
    return stored
