"""Test builders for 百位典型: campaigns in a chosen phase, nominations, jurors, sites, brands."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from conftest import make_staff
from redrider.orgs.models import PartyOrganisation
from redrider.riders.tests.factories import make_rider

from ..choices import CampaignStatus, SiteKind, StoryStatus
from ..models import (
    Assignment,
    Brand,
    Campaign,
    DemoSite,
    Exemplar,
    Juror,
    Nomination,
    Pledge,
    Quota,
    RoleTaking,
    SiteAssessment,
    Story,
)
from ..services.campaigns import quota_region_for

_serial = itertools.count(1)
CRITERIA_FULL = {
    "loves_party_country": 20,
    "dedicated": 20,
    "takes_responsibility": 20,
    "serves_society": 20,
}


def today() -> dt.date:
    return timezone.localdate()


def make_campaign(
    *,
    region_code: str = "510000",
    quotas: dict[str, int] | None = None,
    phase: str = "scoring",
    year: int = 2026,
    **extra,
) -> Campaign:
    """A campaign whose dates put today in `phase`: nomination, scoring or ranking (both over)."""
    d = today()
    if phase == "nomination":
        dates = (d - dt.timedelta(days=3), d + dt.timedelta(days=10), d + dt.timedelta(days=11))
        closes = d + dt.timedelta(days=30)
    elif phase == "scoring":
        dates = (d - dt.timedelta(days=20), d, d - dt.timedelta(days=2))
        closes = d + dt.timedelta(days=5)
    else:  # ranking: scoring closed yesterday
        dates = (d - dt.timedelta(days=30), d - dt.timedelta(days=10), d - dt.timedelta(days=9))
        closes = d - dt.timedelta(days=1)
    campaign = Campaign.objects.create(
        name=f"{year}年度“红骑手”评选{next(_serial)}",
        year=year,
        region_code=region_code,
        nomination_opens_on=dates[0],
        nomination_closes_on=dates[1],
        scoring_opens_on=dates[2],
        scoring_closes_on=closes,
        **extra,
    )
    for code, seats in (quotas or {"510100": 3}).items():
        Quota.objects.create(campaign=campaign, region_code=code, seats=seats)
    return campaign


def make_nomination(
    campaign: Campaign, *, region_code: str = "510104", rider=None, **extra
) -> Nomination:
    rider = rider or make_rider(region_code, name=f"候选人{next(_serial)}")
    quota = extra.pop("quota_region", None) or quota_region_for(campaign, region_code)
    return Nomination.objects.create(
        campaign=campaign,
        rider=rider,
        region_code=region_code,
        quota_region=quota,
        nominator_kind=extra.pop("nominator_kind", "organisation"),
        nominator_label=extra.pop("nominator_label", "锦江区“小个专”综合党委"),
        display_name=extra.pop("display_name", rider.name),
        headline=extra.pop("headline", "热心公益的外卖小哥"),
        story=extra.pop("story", "多年坚持志愿服务，帮助老人送药上门。"),
        submitted_at=extra.pop("submitted_at", timezone.now()),
        **extra,
    )


def make_juror_account(username: str | None = None, scope: str = "510104"):
    return make_staff(username or f"t-juror-{next(_serial)}", "juror", scope)


def make_seat(
    campaign: Campaign, *, user=None, region_code: str = "510104", declared: bool = True
) -> Juror:
    return Juror.objects.create(
        campaign=campaign,
        user=user or make_juror_account(),
        region_code=region_code,
        declared_at=timezone.now() if declared else None,
    )


def assign(seat: Juror, *nominations: Nomination) -> None:
    for n in nominations:
        Assignment.objects.create(juror=seat, nomination=n)


def put_on_notice(campaign: Campaign, *, ended: bool = False) -> Campaign:
    """Move a campaign straight to notice (the service's ranking is tested on its own)."""
    now = timezone.now()
    campaign.status = CampaignStatus.NOTICE
    campaign.notice_starts_at = now - dt.timedelta(days=10 if ended else 0)
    campaign.notice_ends_at = now + (dt.timedelta(hours=-1) if ended else dt.timedelta(days=7))
    campaign.save()
    return campaign


def make_exemplar(code: str) -> Exemplar:
    campaign = make_campaign(region_code=code[:2] + "0000", quotas={code[:4] + "00": 5})
    nomination = make_nomination(campaign, region_code=code, status="honoured")
    return Exemplar.objects.create(
        rider=nomination.rider,
        campaign=campaign,
        nomination=nomination,
        region_code=code,
        year=campaign.year,
        title="红骑手",
        display_name=nomination.display_name,
        story=nomination.story,
        honoured_at=timezone.now(),
    )


def make_party_org(code: str) -> PartyOrganisation:
    return PartyOrganisation.objects.create(
        region_code=code,
        name=f"测试配送{next(_serial)}站党支部",
        company_name="测试配送",
        company_kind="delivery_site",
        members=5,
    )


def make_site(code: str, *, status: str = "candidate", named_year: int | None = None) -> DemoSite:
    org = make_party_org(code)
    return DemoSite.objects.create(
        name=org.name,
        kind=SiteKind.PARTY_ORGANISATION,
        party_organisation=org,
        region_code=code,
        status=status,
        named_year=named_year,
    )


def make_assessment(code: str) -> SiteAssessment:
    site = make_site(code, status="named", named_year=2021)
    return SiteAssessment.objects.create(
        site=site,
        region_code=code,
        kind="review",
        year=2023,
        scores={},
        total=88,
        result="pass",
        assessed_at=timezone.now(),
    )


def make_brand(code: str, **extra) -> Brand:
    n = next(_serial)
    return Brand.objects.create(
        name=extra.pop("name", f"品牌{n}"),
        slug=extra.pop("slug", f"brand-{n}"),
        region_code=code,
        **extra,
    )


def make_story(code: str, **extra) -> Story:
    return Story.objects.create(
        region_code=code,
        title=extra.pop("title", "送餐路上的好榜样"),
        body=extra.pop("body", "他坚持每天送餐，也坚持每周做志愿服务。"),
        status=extra.pop("status", StoryStatus.PUBLISHED),
        published_at=timezone.now(),
        **extra,
    )


def make_pledge(code: str) -> Pledge:
    rider = make_rider(code)
    return Pledge.objects.create(
        rider=rider,
        region_code=code,
        version="2023-1",
        language="zh-hans",
        signed_name="张三",
        signed_at=timezone.now(),
    )


def make_role(code: str, role: str = "guide") -> RoleTaking:
    return RoleTaking.objects.create(
        rider=make_rider(code), region_code=code, role=role, since=timezone.now()
    )
