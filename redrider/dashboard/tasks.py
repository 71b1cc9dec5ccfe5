"""Background work of the cockpit as django-tasks tasks (a worker or cron enqueues them).

Thin: each calls one function. `rollups_refresh` folds the writes marked since the last run into
the rollups (reads are exact without it; it keeps them fast). `reports_file_monthly` files last
month's report and ledgers for every province and prefecture (on the 1st of each month).
"""

from __future__ import annotations

from django_tasks import task

from . import reports, rollups


@task()
def rollups_refresh() -> int:
    """Fold the pending changes into the rollups; returns how many were folded."""
    return rollups.refresh_all()


@task()
def reports_file_monthly(month: str | None = None) -> int:
    """File the month's (default: last month's) documents; returns how many were filed."""
    return reports.file_month(month=month)
