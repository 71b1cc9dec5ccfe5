"""Retention: files holding personal data are not kept longer than their purpose needs."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .exports import export_files_expire
from .liaison import problems_follow_appeals


def cleanup(*, now: dt.datetime | None = None) -> dict:
    """Delete export files older than 24 h, and store on liaison problems the status their
    appeal now implies. Idempotent; run hourly by cron or the task worker
    (`redrider riders_cleanup`). Returns the counts per kind."""
    now = now or timezone.now()
    return {
        "exports": export_files_expire(now=now),
        "problems_synced": problems_follow_appeals(),
    }
