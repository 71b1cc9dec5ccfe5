"""Today in Asia/Shanghai: the one calendar every due date, overdue flag and digest uses.

Times are stored in UTC (DESIGN §4.5); a due date is a date in Sichuan, so "overdue" is decided
against Shanghai's today, never the server's or UTC's.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from .choices import DUE_SOON_DAYS

SHANGHAI = ZoneInfo("Asia/Shanghai")


def today() -> dt.date:
    """The date in Asia/Shanghai now (follows `django.utils.timezone.now`, so tests can fix it)."""
    return timezone.localtime(timezone.now(), SHANGHAI).date()


def due_soon_until(on: dt.date) -> dt.date:
    """The last day of the due-soon window that starts on `on` (inclusive)."""
    return on + dt.timedelta(days=DUE_SOON_DAYS - 1)
