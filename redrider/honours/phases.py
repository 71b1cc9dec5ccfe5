"""Where a campaign stands on a given moment (derived from its status and dates)."""

from __future__ import annotations

import datetime as dt

from .choices import CampaignStatus, Phase
from .dates import local_day


def campaign_phase(campaign, now: dt.datetime) -> str:
    """The `Phase` of `campaign` at `now` (dates are Asia/Shanghai days, inclusive)."""
    if campaign.status == CampaignStatus.PUBLISHED:
        return Phase.PUBLISHED
    if campaign.status == CampaignStatus.NOTICE:
        ended = campaign.notice_ends_at is not None and now >= campaign.notice_ends_at
        return Phase.NOTICE_ENDED if ended else Phase.NOTICE
    day = local_day(now)
    if day < campaign.nomination_opens_on:
        return Phase.UPCOMING
    if campaign.scoring_opens_on <= day <= campaign.scoring_closes_on:
        return Phase.SCORING
    if day <= campaign.nomination_closes_on:
        return Phase.NOMINATION
    if day > campaign.scoring_closes_on:
        return Phase.RANKING
    return Phase.BETWEEN


def nominations_open(campaign, now: dt.datetime) -> bool:
    day = local_day(now)
    return (
        campaign.status == CampaignStatus.OPEN
        and campaign.nomination_opens_on <= day <= campaign.nomination_closes_on
    )


def scoring_open(campaign, now: dt.datetime) -> bool:
    day = local_day(now)
    return (
        campaign.status == CampaignStatus.OPEN
        and campaign.scoring_opens_on <= day <= campaign.scoring_closes_on
    )
