"""Campaign writes: create with quotas, open the public notice (ranking), publish the list."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, OuterRef

from redrider.accounts.policy import require
from redrider.appeals.workdays import add_working_days
from redrider.core.audit import audit_record
from redrider.core.errors import Conflict, InvalidInput
from redrider.core.scoping import code_within
from redrider.regions import tree

from ..choices import CRITERION_KEYS, OPEN_OBJECTION, CampaignStatus, NominationStatus
from ..models import Assignment, Campaign, Exemplar, Nomination, Objection, Quota, Score
from ..ranking import Entry, average, rank_within_quota
from .common import at, known_region, local_day, now_or, text

MAX_SEATS = 10_000


def _quotas_check(region_code: str, quotas: dict[str, int]) -> dict[str, int]:
    if not quotas:
        raise InvalidInput("quotas_required", "请至少设置一个地区的名额", "set at least one quota")
    clean: dict[str, int] = {}
    for code, seats in quotas.items():
        known_region(code)
        if not code_within(code, region_code):
            raise InvalidInput(
                "quota_outside_campaign",
                f"名额地区 {code} 不在评选范围内",
                f"quota region {code} lies outside the campaign's region",
            )
        if not isinstance(seats, int) or isinstance(seats, bool) or not 1 <= seats <= MAX_SEATS:
            raise InvalidInput(
                "quota_invalid",
                f"名额须为 1–{MAX_SEATS} 的整数",
                f"seats must be a whole number 1–{MAX_SEATS}",
            )
        clean[code] = seats
    codes = sorted(clean)
    for a in codes:
        for b in codes:
            if a != b and code_within(b, a):
                raise InvalidInput(
                    "quota_nested",
                    f"名额地区 {b} 位于 {a} 之内，不能重复设置",
                    f"quota region {b} lies inside {a}",
                )
    return clean


@transaction.atomic
def campaign_create(
    *,
    actor,
    name: str,
    year: int,
    region_code: str,
    nomination_opens_on: dt.date,
    nomination_closes_on: dt.date,
    scoring_opens_on: dt.date,
    scoring_closes_on: dt.date,
    quotas: dict[str, int],
    notice_working_days: int = 5,
    title: str = "红骑手",
    description: str = "",
    objection_contact: str = "",
) -> Campaign:
    """Create an open campaign with its quotas.

    Before: the region is a known node in the actor's scope (404 otherwise), the actor may run
    campaigns, the dates are in order (nominations open ≤ close; scoring opens after nominations
    open and closes no earlier than they close), quota regions lie in the campaign's region and
    do not nest, notice 1–30 working days (422 otherwise, nothing written).
    After: the campaign with its quotas and an audit row.
    """
    region_code = known_region(region_code)
    require(actor, "honours.manage_campaign", at(region_code))
    name = text(name, zh="名称", en="name", limit=128)
    title = text(title, zh="称号", en="title", limit=32)
    if not 2000 <= int(year) <= 2100:
        raise InvalidInput("invalid_year", "年度无效", "invalid year")
    if not (
        nomination_opens_on <= nomination_closes_on
        and scoring_opens_on <= scoring_closes_on
        and nomination_opens_on <= scoring_opens_on
        and nomination_closes_on <= scoring_closes_on
    ):
        raise InvalidInput(
            "dates_out_of_order",
            "日期顺序不正确：提名开始 ≤ 提名截止，评审开始 ≤ 评审截止，评审不早于提名",
            "dates out of order: nominations open ≤ close, scoring open ≤ close, scoring after",
        )
    if not 1 <= notice_working_days <= 30:
        raise InvalidInput(
            "notice_days_invalid", "公示期须为 1–30 个工作日", "notice must be 1–30 working days"
        )
    clean = _quotas_check(region_code, quotas)
    campaign = Campaign.objects.create(
        name=name,
        year=year,
        title=title,
        region_code=region_code,
        description=text(description, zh="说明", en="description", limit=4000, required=False),
        objection_contact=text(
            objection_contact, zh="异议受理方式", en="objection contact", limit=200, required=False
        ),
        nomination_opens_on=nomination_opens_on,
        nomination_closes_on=nomination_closes_on,
        scoring_opens_on=scoring_opens_on,
        scoring_closes_on=scoring_closes_on,
        notice_working_days=notice_working_days,
        created_by=actor,
    )
    Quota.objects.bulk_create(
        [Quota(campaign=campaign, region_code=c, seats=s) for c, s in clean.items()]
    )
    audit_record(
        actor=actor,
        action="honours.campaign_create",
        obj=campaign,
        detail={"quotas": clean, "year": year},
    )
    return campaign


def quota_region_for(campaign: Campaign, county_code: str) -> str | None:
    """The deepest quota region of `campaign` containing `county_code` (None when none does)."""
    found = None
    for code in campaign.quotas.values_list("region_code", flat=True):
        deeper = found is None or len(tree.prefix(code)) > len(tree.prefix(found))
        if code_within(county_code, code) and deeper:
            found = code
    return found


def nomination_averages(nomination_ids: list[int]) -> dict[int, dict[str, Decimal]]:
    """Per nomination, the average of each criterion over its jurors' scores.

    Only scores of jurors still assigned and not recused count; unscored nominations are absent.
    """
    per: dict[int, dict[str, list[int]]] = defaultdict(lambda: {k: [] for k in CRITERION_KEYS})
    standing = Assignment.objects.filter(
        juror=OuterRef("juror"), nomination=OuterRef("nomination"), recused=False
    )
    rows = Score.objects.filter(nomination_id__in=nomination_ids).filter(Exists(standing))
    for row in rows.values("nomination_id", *CRITERION_KEYS):
        for key in CRITERION_KEYS:
            per[row["nomination_id"]][key].append(row[key])
    return {nid: {k: average(v) for k, v in crit.items()} for nid, crit in per.items()}


@transaction.atomic
def campaign_notice_open(*, actor, campaign: Campaign, now: dt.datetime | None = None) -> Campaign:
    """Rank every quota region and put the selected nominations on public notice (公示).

    Before: the actor runs this campaign; it is open and its scoring window has closed (409
    otherwise). After: per quota region at most `seats` nominations are `on_notice`, the rest
    `not_selected`, each with its rank, average total and tie note; the notice ends
    `notice_working_days` working days from now (Asia/Shanghai, public holidays from settings).
    """
    now = now_or(now)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    require(actor, "honours.manage_campaign", campaign)
    if campaign.status != CampaignStatus.OPEN:
        raise Conflict("campaign_not_open", "评选已进入公示或已发布", "the campaign is not open")
    if local_day(now) <= campaign.scoring_closes_on:
        raise Conflict(
            "scoring_not_closed",
            f"评审期到 {campaign.scoring_closes_on} 结束，之后才能公示",
            f"scoring runs until {campaign.scoring_closes_on}; the notice opens after it",
        )
    selected_total = 0
    for quota in campaign.quotas.all():
        nominations = list(
            Nomination.objects.select_for_update().filter(
                campaign=campaign, quota_region=quota.region_code, status=NominationStatus.SUBMITTED
            )
        )
        averages = nomination_averages([n.pk for n in nominations])
        entries = [Entry(n.pk, n.submitted_at, averages.get(n.pk)) for n in nominations]
        ranked = {r.id: r for r in rank_within_quota(entries, quota.seats)}
        if sum(r.selected for r in ranked.values()) > quota.seats:  # pragma: no cover - guard
            raise Conflict("quota_exceeded", "超出名额", "quota exceeded")
        for n in nominations:
            r = ranked[n.pk]
            n.rank, n.total, n.tie_note = r.rank, r.total, r.tie_note
            n.status = NominationStatus.ON_NOTICE if r.selected else NominationStatus.NOT_SELECTED
            selected_total += r.selected
        Nomination.objects.bulk_update(nominations, ["rank", "total", "tie_note", "status"])
    campaign.status = CampaignStatus.NOTICE
    campaign.notice_starts_at = now
    campaign.notice_ends_at = add_working_days(now, campaign.notice_working_days)
    campaign.save(update_fields=["status", "notice_starts_at", "notice_ends_at", "updated_at"])
    audit_record(
        actor=actor,
        action="honours.notice_open",
        obj=campaign,
        detail={"on_notice": selected_total, "ends_at": campaign.notice_ends_at.isoformat()},
    )
    return campaign


def has_open_objection(nomination: Nomination) -> bool:
    return Objection.objects.filter(nomination=nomination, status__in=OPEN_OBJECTION).exists()


def _seats_left(campaign: Campaign, quota_region: str) -> int:
    seats = campaign.quotas.get(region_code=quota_region).seats
    taken = Nomination.objects.filter(
        campaign=campaign, quota_region=quota_region, status=NominationStatus.HONOURED
    ).count()
    return seats - taken


def title_grant(*, actor, nomination: Nomination, now: dt.datetime) -> Exemplar:
    """Record the title on the rider (inside the caller's transaction).

    Before: the nomination is on notice in a published campaign with no open objection, and its
    quota region has a seat left (409 otherwise: the final list never exceeds a quota).
    """
    campaign = nomination.campaign
    if campaign.status != CampaignStatus.PUBLISHED:
        raise Conflict("not_published", "名单尚未发布", "the list is not published")
    if nomination.status != NominationStatus.ON_NOTICE or has_open_objection(nomination):
        raise Conflict("title_blocked", "该提名不能授予称号", "this nomination cannot be honoured")
    if _seats_left(campaign, nomination.quota_region) < 1:
        raise Conflict("quota_exceeded", "该地区名额已满", "this region's quota is full")
    nomination.status = NominationStatus.HONOURED
    nomination.save(update_fields=["status", "updated_at"])
    exemplar = Exemplar.objects.create(
        rider=nomination.rider,
        campaign=campaign,
        nomination=nomination,
        region_code=nomination.region_code,
        year=campaign.year,
        title=campaign.title,
        display_name=nomination.display_name,
        distinction=nomination.headline,
        story=nomination.story,
        honoured_at=now,
    )
    audit_record(actor=actor, action="honours.title_grant", obj=exemplar)
    return exemplar


@transaction.atomic
def campaign_publish(*, actor, campaign: Campaign, now: dt.datetime | None = None) -> dict:
    """Publish the final list once the notice period is over.

    Before: the actor runs this campaign; it is on notice and `now` ≥ `notice_ends_at` (409
    otherwise, nothing written). After: every nomination on notice without an open objection is
    honoured (title on the rider); those with an open objection stay on notice, held until the
    objection is decided. Per quota region the honoured never exceed the seats.
    Answers `{"honoured": n, "held": m}`.
    """
    now = now_or(now)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    require(actor, "honours.manage_campaign", campaign)
    if campaign.status == CampaignStatus.PUBLISHED:
        raise Conflict("already_published", "名单已发布", "the list is already published")
    if campaign.status != CampaignStatus.NOTICE:
        raise Conflict("notice_not_started", "尚未公示，不能发布", "the notice has not started")
    if campaign.notice_ends_at is None or now < campaign.notice_ends_at:
        raise Conflict(
            "notice_not_ended",
            "公示期未满，不能发布名单",
            "the public notice has not ended; the list cannot be published yet",
            notice_ends_at=campaign.notice_ends_at.isoformat() if campaign.notice_ends_at else None,
        )
    campaign.status = CampaignStatus.PUBLISHED
    campaign.published_at = now
    campaign.save(update_fields=["status", "published_at", "updated_at"])
    honoured = held = 0
    on_notice = (
        Nomination.objects.select_for_update()
        .select_related("campaign", "rider")
        .filter(campaign=campaign, status=NominationStatus.ON_NOTICE)
        .order_by("quota_region", "rank", "id")
    )
    for nomination in on_notice:
        if has_open_objection(nomination):
            held += 1
            continue
        title_grant(actor=actor, nomination=nomination, now=now)
        honoured += 1
    audit_record(
        actor=actor,
        action="honours.publish",
        obj=campaign,
        detail={"honoured": honoured, "held": held},
    )
    return {"honoured": honoured, "held": held}
