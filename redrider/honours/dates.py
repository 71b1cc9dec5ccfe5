"""The clock of the programme: moments in UTC, campaign days in Asia/Shanghai."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

SHANGHAI = ZoneInfo("Asia/Shanghai")


def now_or(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def local_day(now: dt.datetime) -> dt.date:
    """The calendar day in Asia/Shanghai (campaign dates are Shanghai days)."""
    return timezone.localtime(now, SHANGHAI).date()
