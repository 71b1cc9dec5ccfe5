"""Retention: files holding personal data are not kept longer than their purpose needs."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .exports import export_files_expire


def cleanup(*, now: dt.datetime | None = None) -> dict:
    """Delete export files older than 24 h. Idempotent; run hourly by cron or the task worker
    (`redrider riders_cleanup`). Returns the counts of files deleted per kind."""
    now = now or timezone.now()
    return {"exports": export_files_expire(now=now)}
