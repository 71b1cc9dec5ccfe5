"""Working-day arithmetic for appeal deadlines.

Weekends (Saturday, Sunday) never count. Public holidays are a configurable list:
`settings.APPEAL_PUBLIC_HOLIDAYS` (ISO dates, e.g. ["2026-10-01", ...]); adjusted working
weekends (调休上班) go in `settings.APPEAL_EXTRA_WORKDAYS`. Both default to empty lists, so an
operator adds each year's State Council calendar to the settings.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _dates(name: str) -> frozenset[dt.date]:
    return frozenset(dt.date.fromisoformat(str(d)) for d in getattr(settings, name, []) or [])


def is_working_day(day: dt.date) -> bool:
    if day in _dates("APPEAL_EXTRA_WORKDAYS"):
        return True
    return day.weekday() < 5 and day not in _dates("APPEAL_PUBLIC_HOLIDAYS")


def add_working_days(start: dt.datetime, days: int) -> dt.datetime:
    """The moment `days` working days after `start` (same local time of day, Asia/Shanghai).

    A case filed on Friday evening with 1 working day is due Monday evening; filed on Saturday
    it is due Monday at the same clock time.
    """
    local = start.astimezone(SHANGHAI)
    day = local.date()
    left = days
    while left > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            left -= 1
    moved = dt.datetime.combine(day, local.timetz())
    return moved.astimezone(dt.UTC)
