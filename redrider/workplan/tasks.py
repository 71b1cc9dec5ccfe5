"""Background work of the work plan as django-tasks tasks (a worker or cron enqueues them).

Thin: each calls one service. `workplan_digest_weekly` runs on Monday mornings (Asia/Shanghai);
`workplan_indicators_daily` re-reads the tasks that follow a platform indicator.
"""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def workplan_digest_weekly() -> int:
    """Send each owner their late and due-soon tasks; returns how many digests went out."""
    return services.digest_send()


@task()
def workplan_indicators_daily() -> int:
    """Re-read every indicator task's figure; returns how many tasks moved."""
    return services.tasks_sync_indicators()
