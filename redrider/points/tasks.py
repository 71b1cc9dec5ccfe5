"""Daily points housekeeping as a django-tasks task (a worker runs it; cron enqueues it once a day).

Thin: the task calls the services. Cron without a worker: `redrider points_daily`.
"""

from __future__ import annotations

from django_tasks import task

from . import housekeeping, services


@task()
def points_daily() -> dict:
    """Expire pending orders past their pickup deadline (points and stock return) and check the
    ledger; returns `{"expired": n, "violations": [...]}`."""
    return housekeeping.points_daily_run()


@task()
def tipoff_rewards_settle_daily() -> int:
    """Credit pending tip-off rewards once the region's points rule and fund exist."""
    return services.tipoff_rewards_settle()
