"""Daily appeal housekeeping as django-tasks tasks (a worker or cron enqueues them once a day).

Thin: each task calls one service. Cron without a worker: `redrider escalate_appeals`.
"""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def appeals_escalate_daily() -> int:
    """Escalate every overdue case one level up; returns how many moved."""
    return services.appeals_escalate_overdue()


@task()
def appeals_follow_up_daily() -> int:
    """Ask "is it still fixed?" two weeks after resolution; returns how many were asked."""
    return services.appeals_follow_up_send()
