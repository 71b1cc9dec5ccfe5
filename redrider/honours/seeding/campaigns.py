"""Demo campaigns: 2023 completed (437 titles over the prefectures), 2026 open in scoring.

Nominations and scores are inserted in bulk (they are the demo's history); the ranking, the
public notice, the objections and the publishing go through the real services, so the quota and
tie rules are the ones users meet.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from redrider.accounts.choices import Role
from redrider.accounts.models import User
from redrider.appeals.choices import TipoffOutcome
from redrider.appeals.models import Tipoff
from redrider.riders.models import Rider

from .. import services
from ..choices import CampaignStatus, NominatorKind, ObjectionSource
from ..models import Assignment, Campaign, Juror, Nomination, Quota, Score
from ..services.nominations import records_link
from .content import DEEDS, NAMED

SHANGHAI = ZoneInfo("Asia/Shanghai")

# 2023: seats per prefecture, 437 in all (Chengdu, with a third of the riders, holds the most).
QUOTAS_2023 = {
    "510100": 130,
    "510300": 16,
    "510400": 10,
    "510500": 22,
    "510600": 20,
    "510700": 24,
    "510800": 14,
    "510900": 16,
    "511000": 15,
    "511100": 17,
    "511300": 22,
    "511400": 16,
    "511500": 22,
    "511600": 14,
    "511700": 19,
    "511800": 10,
    "511900": 12,
    "512000": 12,
    "513200": 6,
    "513300": 6,
    "513400": 14,
}
QUOTAS_SMALL = {"510100": 6}
KINDS = [NominatorKind.COMPANY, NominatorKind.ORGANISATION, NominatorKind.SELF, NominatorKind.PEERS]
LABELS = {
    NominatorKind.COMPANY: "配送站点",
    NominatorKind.ORGANISATION: "“小个专”综合党委",
    NominatorKind.SELF: "本人",
    NominatorKind.PEERS: "骑手互荐",
}


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI)


def _riders_by_prefecture(prefixes: list[str]) -> dict[str, list[int]]:
    """Active riders' ids per prefecture (ids only: names are decrypted for the chosen few)."""
    out: dict[str, list[int]] = {p: [] for p in prefixes}
    rows = Rider.objects.filter(status="active", region_code__startswith="51").order_by("id")
    for pk, code in rows.values_list("pk", "region_code"):
        key = code[:4] + "00"
        if key in out:
            out[key].append(pk)
    return out


def _jurors(campaign: Campaign, prefixes: list[str], year: int, per: int = 1) -> dict:
    """Synthetic juror accounts (no password: they cannot sign in) and their seats."""
    unusable = make_password(None)
    seats: dict[str, list[Juror]] = {}
    for prefix in prefixes:
        for i in range(per):
            user, _ = User.objects.get_or_create(
                username=f"juror-{year}-{prefix}-{i + 1}",
                defaults={
                    "role": Role.JUROR,
                    "scope_code": prefix,
                    "display_name": f"评审专家{prefix}-{i + 1}",
                    "password": unusable,
                },
            )
            seat = Juror.objects.create(
                campaign=campaign,
                user=user,
                region_code=prefix,
                declared_at=at(campaign.scoring_opens_on),
                declaration="本人与被推荐人无利益冲突，将客观公正评审。",
            )
            seats.setdefault(prefix, []).append(seat)
    return seats


def _nominate(
    ctx, rng, campaign: Campaign, picks: dict[str, list[int]], when: dt.datetime
) -> list[Nomination]:
    riders = Rider.objects.in_bulk([pk for pks in picks.values() for pk in pks])
    nominations = []
    for prefix, pks in picks.items():
        for pk in pks:
            rider = riders[pk]
            kind = rng.choice(KINDS)
            nominations.append(
                Nomination(
                    campaign=campaign,
                    rider=rider,
                    region_code=rider.region_code,
                    quota_region=prefix,
                    nominator_kind=kind,
                    nominator_label=LABELS[kind],
                    display_name=(rider.name or rider.masked_name)[:32],
                    headline=rng.choice(DEEDS),
                    story=(
                        f"{rider.name}同志{rng.choice(DEEDS)}，{rng.choice(DEEDS)}。"
                        "爱岗敬业，热心公益，在骑手中起到了示范带头作用。"
                    ),
                    submitted_at=when + dt.timedelta(minutes=rng.randint(0, 60 * 24 * 40)),
                )
            )
    Nomination.objects.bulk_create(nominations, batch_size=500)
    for n in nominations:
        if n.rider.user_id:
            records_link(nomination=n)
    return nominations


def _score(rng, seat: Juror, nomination: Nomination, *, top: bool = False) -> Score:
    hi = 25
    lo = 23 if top else 14
    return Score(
        nomination=nomination,
        juror=seat,
        loves_party_country=rng.randint(lo, hi),
        dedicated=rng.randint(lo, hi),
        takes_responsibility=rng.randint(lo, hi),
        serves_society=25 if top else rng.randint(lo, hi),
        comment="事迹突出" if top else "",
    )


def seed_2023(ctx, actor) -> dict:
    """The completed 2023 campaign: ranked, noticed (two objections heard and dismissed) and
    published through the services, exactly the quota's number of titles."""
    rng = ctx.rng("honours.2023")
    quotas = QUOTAS_SMALL if ctx.scale == "small" else QUOTAS_2023
    campaign = Campaign.objects.create(
        name="2023年度四川省“红骑手”评选",
        year=2023,
        region_code="510000",
        nomination_opens_on=dt.date(2023, 4, 1),
        nomination_closes_on=dt.date(2023, 5, 31),
        scoring_opens_on=dt.date(2023, 6, 1),
        scoring_closes_on=dt.date(2023, 6, 20),
        notice_working_days=5,
        objection_contact="四川省市场监督管理局“小个专”综合党委办公室 028-00000000（演示）",
        description="按照爱党爱国、爱岗敬业、担当有为、奉献社会的标准选树外卖配送员先进典型。",
        created_by=actor,
    )
    Quota.objects.bulk_create(
        [Quota(campaign=campaign, region_code=c, seats=s) for c, s in quotas.items()]
    )
    pool = _riders_by_prefecture(list(quotas))
    demo_account = ctx.accounts.get("demo-rider")
    demo_rider = Rider.objects.filter(user=demo_account).first() if demo_account else None
    picks: dict[str, list[int]] = {}
    for prefix, seats in quotas.items():
        want = seats + max(2, seats // 4)
        ids = pool[prefix]
        if len(ids) < seats:
            raise RuntimeError(f"{prefix}: {len(ids)} riders for {seats} seats")
        chosen = rng.sample(ids, min(want, len(ids)))
        if demo_rider is not None and prefix == demo_rider.region_code[:4] + "00":
            chosen = [demo_rider.pk, *[i for i in chosen if i != demo_rider.pk]][:want]
        picks[prefix] = chosen
    nominations = _nominate(ctx, rng, campaign, picks, at(campaign.nomination_opens_on))
    # The three named roles and the demo rider rank first in their prefectures.
    leaders: dict[int, tuple[str, str]] = {}
    demo_pk = demo_rider.pk if demo_rider else None
    for prefix, distinction, story_zh, _en, _bo in NAMED:
        first = next(
            (n for n in nominations if n.quota_region == prefix and n.rider_id != demo_pk), None
        )
        if first is not None and first.pk not in leaders:
            leaders[first.pk] = (distinction, story_zh)
    for n in nominations:
        if n.pk in leaders:
            n.headline, n.story = leaders[n.pk]
            n.save(update_fields=["headline", "story"])
    top = set(leaders) | {n.pk for n in nominations if n.rider_id == demo_pk}
    seats = _jurors(campaign, list(quotas), 2023, per=2 if ctx.scale == "small" else 1)
    assignments, scores = [], []
    for n in nominations:
        for seat in seats[n.quota_region]:
            assignments.append(Assignment(juror=seat, nomination=n))
            scores.append(_score(rng, seat, n, top=n.pk in top))
    Assignment.objects.bulk_create(assignments, batch_size=1000)
    Score.objects.bulk_create(scores, batch_size=1000)

    notice_at = at(dt.date(2023, 6, 26))
    campaign = services.campaign_notice_open(actor=actor, campaign=campaign, now=notice_at)
    on_notice = list(
        campaign.nominations.filter(status="on_notice").exclude(pk__in=top).order_by("id")[:2]
    )
    for i, n in enumerate(on_notice):
        objection = services.objection_record(
            actor=actor,
            nomination=n,
            source=ObjectionSource.PHONE if i else ObjectionSource.LETTER,
            summary="反映其曾有交通违章记录" if i else "反映其事迹材料中的服务时长有出入",
            now=notice_at + dt.timedelta(days=1),
        )
        services.objection_decide(
            actor=actor,
            objection=objection,
            action="investigate",
            now=notice_at + dt.timedelta(days=2),
        )
        services.objection_decide(
            actor=actor,
            objection=objection,
            action="dismiss",
            finding="经核实，违章已于三年前处理完毕，近三年无违章"
            if i
            else "经核实，服务时长有台账可查",
            now=notice_at + dt.timedelta(days=3),
        )
    campaign.refresh_from_db()
    result = services.campaign_publish(
        actor=actor, campaign=campaign, now=campaign.notice_ends_at + dt.timedelta(days=2)
    )
    ctx.shared["honours_2023_campaign"] = campaign.pk
    ctx.shared["honours_named"] = {pk: d for pk, (d, _story) in leaders.items()}
    return {"exemplars": result["honoured"]}


def seed_2026(ctx, actor, juror: User) -> Campaign:
    """The open 2026 campaign, in its scoring window today, with `demo-juror` seated for Jinjiang
    and assigned some of its nominations (the declaration is left for the juror to make)."""
    rng = ctx.rng("honours.2026")
    today = timezone.localdate()
    quotas = QUOTAS_SMALL if ctx.scale == "small" else QUOTAS_2023
    campaign = Campaign.objects.create(
        name="2026年度四川省“红骑手”评选",
        year=2026,
        region_code="510000",
        nomination_opens_on=today - dt.timedelta(days=60),
        nomination_closes_on=today - dt.timedelta(days=8),
        scoring_opens_on=today - dt.timedelta(days=7),
        scoring_closes_on=today + dt.timedelta(days=21),
        notice_working_days=5,
        objection_contact="四川省市场监督管理局“小个专”综合党委办公室 028-00000000（演示）",
        created_by=actor,
        status=CampaignStatus.OPEN,
    )
    Quota.objects.bulk_create(
        [Quota(campaign=campaign, region_code=c, seats=s) for c, s in quotas.items()]
    )
    pool = _riders_by_prefecture(list(quotas))
    jinjiang_riders = Rider.objects.filter(region_code="510104", status="active")
    if ctx.accounts.get("demo-rider") is not None:
        jinjiang_riders = jinjiang_riders.exclude(user=ctx.accounts["demo-rider"])
    jinjiang = list(jinjiang_riders.order_by("id").values_list("pk", flat=True)[:400])
    per = 2 if ctx.scale == "small" else 4
    picks = {p: rng.sample(ids, min(per, len(ids))) for p, ids in pool.items()}
    local = [pk for pk in rng.sample(jinjiang, min(8, len(jinjiang))) if pk not in picks["510100"]]
    # One of Jinjiang's nominees informed on a violation that was founded: the nomination links
    # the tip-off, which only staff holding the informant permission see (never the juror).
    informant = (
        Rider.objects.filter(
            pk__in=jinjiang,
            user_id__in=Tipoff.objects.filter(outcome=TipoffOutcome.FOUNDED).values("informant_id"),
        )
        .exclude(pk__in=picks["510100"])
        .order_by("id")
        .values_list("pk", flat=True)
        .first()
    )
    if informant is not None:
        local = [informant, *[pk for pk in local if pk != informant]]
    picks["510100"] = picks["510100"] + local[:6]
    nominations = _nominate(ctx, rng, campaign, picks, at(campaign.nomination_opens_on))
    seat = Juror.objects.create(campaign=campaign, user=juror, region_code="510104")
    mine = [n for n in nominations if n.region_code == "510104"][:4]
    Assignment.objects.bulk_create([Assignment(juror=seat, nomination=n) for n in mine])
    others = _jurors(campaign, ["510100"], 2026, per=1)["510100"][0]
    chengdu = [n for n in nominations if n.quota_region == "510100"]
    Assignment.objects.bulk_create([Assignment(juror=others, nomination=n) for n in chengdu])
    Score.objects.bulk_create([_score(rng, others, n) for n in chengdu[: len(chengdu) // 2]])
    ctx.shared["honours_2026_campaign"] = campaign.pk
    return campaign
