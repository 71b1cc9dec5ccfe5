"""Background work of the census: large imports run in the task worker."""

from __future__ import annotations

from django_tasks import task


@task()
def import_job_process(job_id: int) -> str:
    """Validate (and commit unless a dry run) one uploaded list; returns the job's status."""
    from .services.imports import import_job_run

    return import_job_run(job_id=job_id).status


@task()
def export_job_process(job_id: int) -> str:
    """Write one queued registry export; returns the job's status."""
    from .services.exports import export_job_run

    return export_job_run(job_id=job_id).status


@task()
def riders_cleanup() -> dict:
    """Delete expired export files (and stale import files): see `services.cleanup`."""
    from .services.cleanup import cleanup

    return cleanup()
