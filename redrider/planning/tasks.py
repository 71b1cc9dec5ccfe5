"""Background work: large planning runs (a province's demand) go to the django-tasks worker."""

from __future__ import annotations

from django_tasks import task


@task()
def plan_run_task(plan_id: int) -> None:
    """Run one queued `SitePlan` (progress and results are written on the row)."""
    from .services import plan_run

    plan_run(plan_id=plan_id)
