"""Import jobs: upload → dry run (row-by-row report) → commit, in the request or in the background."""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from redrider.accounts.models import User
from redrider.accounts.policy import can
from redrider.core import sheets
from redrider.core.audit import audit_record
from redrider.core.errors import Conflict, DomainError, PermissionDenied
from redrider.regions import tree

from ..choices import ImportStatus
from ..importing import FileRefused, run_import
from ..importing.reader import check_size, sniff
from ..models import ImportJob

# Files up to this size are processed in the request; larger ones by the task worker.
INLINE_BYTES = getattr(settings, "RIDER_IMPORT_INLINE_BYTES", 512 * 1024)
MAX_STORED_ERRORS = 20_000


def _refusal(exc: FileRefused) -> DomainError:
    status = 413 if exc.code == "file_too_large" else 422
    return DomainError(exc.code, exc.zh, exc.en, status=status)


def import_job_create(
    *, actor: User, filename: str, data: bytes, dry_run: bool = True
) -> ImportJob:
    """Store an uploaded list and validate (and, unless `dry_run`, commit) it.

    Pre: `actor` is staff with a region scope. The file is refused whole (413/422, nothing
    stored) when it is too large, empty, or not xlsx/csv. Small files are processed before this
    returns; large ones are queued (`tasks.import_job_process`) and the job shows progress.
    """
    scope = tree.user_region(actor)
    if scope is None or not can(actor, "riders.import"):
        raise PermissionDenied("无权导入骑手名单", "you may not import rider lists")
    try:
        check_size(len(data))
        sniff(data, filename)
    except FileRefused as exc:
        raise _refusal(exc) from None
    job = ImportJob(
        region_code=scope,
        created_by=actor,
        filename=filename[:255],
        size=len(data),
        dry_run=dry_run,
    )
    job.file.save(f"{timezone.now():%Y%m%d%H%M%S}-{actor.pk}.bin", ContentFile(data), save=False)
    job.save()
    audit_record(
        actor=actor,
        action="rider.import_upload",
        obj=job,
        detail={"filename": job.filename, "size": job.size, "dry_run": dry_run},
    )
    _dispatch(job)
    job.refresh_from_db()
    return job


def _dispatch(job: ImportJob) -> None:
    if job.size <= INLINE_BYTES:
        import_job_run(job_id=job.pk)
    else:
        from ..tasks import import_job_process

        # After commit, so the worker finds the job row.
        transaction.on_commit(lambda: import_job_process.enqueue(job.pk))


def import_job_commit(*, actor: User, job: ImportJob) -> ImportJob:
    """Commit a job whose dry run passed: validate again (the registry may have changed) and
    write every row or none. A job that is not VALID answers 409."""
    if job.status != ImportStatus.VALID:
        raise Conflict(
            "import_not_valid",
            "只有校验通过的导入才能提交",
            "only a validated import can be committed",
        )
    if not job.file:
        raise Conflict(
            "import_file_gone", "导入文件已不存在，请重新上传", "the file is gone: upload it again"
        )
    ImportJob.objects.filter(pk=job.pk).update(
        dry_run=False, status=ImportStatus.PENDING, processed=0
    )
    audit_record(actor=actor, action="rider.import_commit", obj=job)
    job.refresh_from_db()
    _dispatch(job)
    job.refresh_from_db()
    return job


def import_job_run(*, job_id: int, progress=None) -> ImportJob:
    """Process one job (called inline or by the task): validate, and commit unless a dry run.

    Progress is written to the job row as rows are checked, so the page's bar can follow it.
    """
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status not in (ImportStatus.PENDING,):
        return job
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, phase="validating")

    def on_progress(phase: str, done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(phase=phase, processed=done, total=total)
        if progress:
            progress(phase, done, total)

    with job.file.open("rb") as fh:
        data = fh.read()
    try:
        outcome = run_import(
            data,
            job.filename,
            actor=job.created_by,
            scope_code=job.region_code,
            commit=not job.dry_run,
            job_id=job.pk,
            progress=on_progress,
        )
    except FileRefused as exc:
        job.status, job.message = ImportStatus.FAILED, f"{exc.zh} / {exc.en}"[:255]
        job.errors = [
            {"row": 1, "column": "", "code": exc.code, "message": job.message, "value": ""}
        ]
        job.error_count = 1
    else:
        job.status = outcome.status
        job.total = job.processed = outcome.rows
        job.error_count = len(outcome.errors)
        job.errors = outcome.errors[:MAX_STORED_ERRORS]
        job.summary = outcome.summary
    job.phase = ""
    job.finished_at = timezone.now()
    if job.status in (ImportStatus.DONE, ImportStatus.FAILED, ImportStatus.INVALID):
        # The file holds personal data: keep it only while a commit may still follow.
        job.file.delete(save=False)
    job.save()
    audit_record(
        actor=job.created_by,
        action="rider.import_" + ("commit_done" if job.status == "done" else "checked"),
        obj=job,
        result="ok" if job.status in ("done", "valid") else "failed",
        detail={"status": job.status, "errors": job.error_count, **job.summary},
    )
    return job


def errors_report_xlsx(job: ImportJob) -> bytes:
    """The row-by-row error report (错误报告) as a workbook: row, column, reason, masked value."""
    book = sheets.Workbook()
    ws = book.sheet("错误报告", widths=[8, 14, 16, 60, 24])
    ws.row(["行号", "列", "错误代码", "原因", "内容（已脱敏）"], sheets.BOLD)
    for e in job.errors:
        value = e.get("value")
        ws.row(
            [
                e.get("row"),
                e.get("column"),
                e.get("code"),
                e.get("message"),
                "" if value is None else str(value),
            ]
        )
    if job.error_count > len(job.errors):
        ws.row(["", "", "", f"另有 {job.error_count - len(job.errors)} 条错误未列出", ""])
    return book.close()
