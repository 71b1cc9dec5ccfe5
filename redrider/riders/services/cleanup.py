"""Retention: files holding personal data are not kept longer than their purpose needs."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ..choices import ImportStatus
from ..models import ImportJob
from .exports import EXPORT_TTL, export_files_expire


def cleanup(*, now: dt.datetime | None = None) -> dict:
    """Delete export files and never-committed import files older than 24 h. Idempotent; run
    hourly by cron or the task worker (`redrider riders_cleanup`). Returns the counts per kind."""
    now = now or timezone.now()
    return {
        "exports": export_files_expire(now=now),
        "imports": import_files_expire(now=now),
    }


def import_files_expire(*, now: dt.datetime | None = None) -> int:
    """Delete uploaded lists that were checked (dry run) but never committed, 24 h after the
    upload: they hold names, ID numbers and phones. Jobs still queued or running are left
    alone; the job row (counts, masked errors) stays and a later commit answers 409."""
    now = now or timezone.now()
    count = 0
    stale = ImportJob.objects.filter(dry_run=True, created_at__lte=now - EXPORT_TTL).exclude(
        file=""
    )
    for job in stale.exclude(status__in=[ImportStatus.PENDING, ImportStatus.RUNNING]):
        job.file.delete(save=False)
        job.save(update_fields=["file", "updated_at"])
        count += 1
    return count
