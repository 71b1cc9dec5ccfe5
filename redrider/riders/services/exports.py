"""Exports of the registry: masked by default, unmasked with permission + reason + audit.

Small selections are written in the request; selections over `INLINE_ROWS` rows become an
`ExportJob` run by the task worker (progress on the job row, a download link when done, the
file deleted after `EXPORT_TTL`). Both paths write the workbook with `core.sheets.write_xlsx`,
the platform's streaming writer (bench/spreadsheets.py measures it against the libraries).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
from collections.abc import Iterator

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from redrider.accounts.models import User
from redrider.core.audit import audit_record
from redrider.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from redrider.core.sheets import write_xlsx
from redrider.regions import tree

from ..choices import ExportStatus
from ..models import ExportJob, Rider
from .riders import _require_pii

EXPORT_LIMIT = 200_000
# Selections above this many rows are exported by the task worker instead of the request.
INLINE_ROWS = getattr(settings, "RIDER_EXPORT_INLINE_ROWS", 20_000)
EXPORT_TTL = dt.timedelta(hours=24)
HEADER = [
    "编号",
    "姓名",
    "身份证号",
    "手机号",
    "性别",
    "出生年份",
    "工作区县",
    "平台",
    "类别",
    "所属企业",
    "配送站点",
    "状态",
    "入职日期",
    "离职日期",
    "公积金缴存月数",
]
POLITICAL_HEADER = ["政治面貌", "流动党员", "所在社区党组织"]


def export_header(*, political: bool) -> list[str]:
    return HEADER + (POLITICAL_HEADER if political else [])


def export_rows(riders, *, unmasked: bool, political: bool) -> Iterator[list]:
    """One list of cell values per rider of `riders` (already scoped), at most EXPORT_LIMIT.
    Text is made safe by the writer (`core.sheets`: formula injection, control characters)."""
    # Labels and platforms are looked up once, not per row: at 100,000 rows the per-row
    # lazy-translation and prefetch costs dominated the export.
    labels = {
        name: {
            key: str(label)
            for key, label in Rider._meta.get_field(name).flatchoices  # type: ignore[union-attr]
        }
        for name in ("gender", "kind", "status", "political_status")
    }
    platforms: dict[int, list[str]] = {}
    through = Rider.platforms.through.objects.filter(rider__in=riders.order_by().values("pk"))
    for rider_id, platform_name in through.values_list("rider_id", "platform__name"):
        platforms.setdefault(rider_id, []).append(platform_name)
    # Riders who withdrew their consent are left out of every export from then on.
    qs = riders.filter(consent_withdrawn_at__isnull=True)
    qs = qs.select_related("company", "site").prefetch_related(None)
    for count, r in enumerate(qs.iterator(chunk_size=2000), start=1):
        if count > EXPORT_LIMIT:
            return
        row = [
            r.pk,
            r.name if unmasked else r.masked_name,
            r.id_number if unmasked else r.masked_id_number,
            r.phone if unmasked else r.masked_phone,
            labels["gender"].get(r.gender, r.gender),
            r.birth_year,
            r.region_code,
            "、".join(platforms.get(r.pk, [])),
            labels["kind"].get(r.kind, r.kind),
            r.company.name if r.company else "",
            r.site.name if r.site else "",
            labels["status"].get(r.status, r.status),
            r.joined_on,
            r.left_on,
            r.housing_fund_months,
        ]
        if political:
            row += [
                labels["political_status"].get(r.political_status, r.political_status),
                "是" if r.mobile_party_member else "否",
                r.community_organisation,
            ]
        yield row


def riders_export_xlsx(
    *,
    actor: User,
    riders,
    unmasked: bool = False,
    reason: str = "",
    region: str = "",
    target=None,
    progress=None,
) -> bytes | int:
    """The registry (already scoped by the caller's selector) as a workbook.

    Masked by default. `unmasked` needs `can_view_pii` and a reason (403/422 otherwise, a denied
    audit row) and is audited with the row count and reason. Political status is a column only
    for accounts allowed to see it. Returns the bytes, or, with a file-like `target`, writes
    there and returns the row count. `progress(done)` follows the rows.
    """
    if unmasked:
        reason = _require_pii(actor, reason, action="rider.export_unmasked")
    political = getattr(actor, "can_view_political_status", False)
    out = target if target is not None else io.BytesIO()
    count = write_xlsx(
        out,
        header=export_header(political=political),
        rows=export_rows(riders, unmasked=unmasked, political=political),
        sheet_name="骑手名单",
        progress=progress,
    )
    audit_record(
        actor=actor,
        action="rider.export_unmasked" if unmasked else "rider.export",
        region_code=region or getattr(actor, "scope_code", ""),
        detail={"rows": count, "reason": reason if unmasked else ""},
    )
    return count if target is not None else out.getvalue()


# ---- background exports ----------------------------------------------------------------------


def export_job_create(
    *, actor: User, filters: dict, focus: str = "", unmasked: bool = False, reason: str = ""
) -> ExportJob:
    """Queue an export of the registry as `actor` sees it, narrowed to `focus` and `filters`.

    Pre: `actor` reads the census (403 otherwise); an unmasked export needs `can_view_pii` and a
    reason (403/422, audited as denied; nothing queued); a `focus` outside the actor's region
    answers 404 and queues nothing. `filters` must not carry plaintext
    search terms (the console passes the hashed `find`). Post: a pending job, an audit row
    `rider.export_request`, and the task queued after the transaction commits.
    """
    from ..selectors import can_read_census

    scope = tree.user_region(actor)
    if scope is None or not can_read_census(actor):
        raise PermissionDenied("无权导出骑手名单", "you may not export the registry")
    if focus and not tree.within(focus, scope):
        # Another region does not exist for the actor: no job is queued for it.
        raise NotFound("区域", "region")
    if unmasked:
        reason = _require_pii(actor, reason, action="rider.export_unmasked")
    job = ExportJob.objects.create(
        region_code=scope,
        created_by=actor,
        focus=focus or "",
        filters={k: str(v) for k, v in (filters or {}).items() if v and k != "q"},
        unmasked=unmasked,
        reason=reason if unmasked else "",
    )
    audit_record(
        actor=actor,
        action="rider.export_request",
        obj=job,
        detail={"unmasked": unmasked, "reason": job.reason, "filters": job.filters},
    )
    from ..tasks import export_job_process

    transaction.on_commit(lambda: export_job_process.enqueue(job.pk))
    return job


def export_job_run(*, job_id: int) -> ExportJob:
    """Write one queued export (called by the task). The rows are those the creator may see
    now: permissions are checked again, so a creator who lost `can_view_pii` gets a failure."""
    from ..selectors import rider_list

    job = ExportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status != ExportStatus.PENDING:
        return job
    actor = job.created_by
    if actor is None or not actor.is_active:
        return _fail(job, "导出人账号已停用 / the account that asked is disabled")
    qs = rider_list(user=actor, region=job.focus or None, filters=job.filters)
    total = min(qs.count(), EXPORT_LIMIT)
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING, total=total)

    def on_progress(done: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(processed=done)

    fd, path = tempfile.mkstemp(suffix=".xlsx")
    try:
        with os.fdopen(fd, "w+b") as fh:
            try:
                count = riders_export_xlsx(
                    actor=actor,
                    riders=qs,
                    unmasked=job.unmasked,
                    reason=job.reason,
                    region=job.focus,
                    target=fh,
                    progress=on_progress,
                )
            except (PermissionDenied, InvalidInput) as exc:
                return _fail(job, exc.detail[:255])
            fh.seek(0)
            suffix = "full" if job.unmasked else "masked"
            name = f"riders-{timezone.localdate():%Y%m%d}-{suffix}.xlsx"
            job.refresh_from_db()
            job.file.save(name, File(fh), save=False)
    finally:
        if os.path.exists(path):
            os.unlink(path)
    assert isinstance(count, int)  # writing to a file answers the row count
    now = timezone.now()
    job.status = ExportStatus.DONE
    job.processed = count
    job.total = count
    job.finished_at = now
    job.expires_at = now + EXPORT_TTL
    job.save(
        update_fields=[
            "file",
            "status",
            "processed",
            "total",
            "finished_at",
            "expires_at",
            "updated_at",
        ]
    )
    return job


def _fail(job: ExportJob, message: str) -> ExportJob:
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.FAILED, message=message[:255], finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job


def may_download(user, job: ExportJob) -> bool:
    """The creator, or staff of exactly the creator's scope holding the same permission."""
    from ..selectors import can_read_census

    if job.created_by_id == user.pk:
        return True
    if not can_read_census(user) or tree.user_region(user) != job.region_code:
        return False
    return bool(not job.unmasked or getattr(user, "can_view_pii", False))


def export_job_download(*, actor: User, job: ExportJob):
    """A finished export's stored file for `actor` to download (the job was fetched through a
    scoped selector, so another region's job is already a 404). Refusals: not allowed 403
    (audited as denied); not ready or expired 409. Post: an audit row `rider.export_download`;
    the caller answers with `core.files.private_file_response`."""
    if not may_download(actor, job):
        audit_record(actor=actor, action="rider.export_download", obj=job, result="denied")
        raise PermissionDenied("只有导出人或同级有相同权限的人员可以下载", "you may not download")
    if job.status != ExportStatus.DONE or not job.file:
        raise Conflict("export_not_ready", "导出文件尚未生成或已过期", "the file is not available")
    audit_record(
        actor=actor,
        action="rider.export_download",
        obj=job,
        detail={"rows": job.total, "unmasked": job.unmasked},
    )
    return job.file


def export_files_expire(*, now: dt.datetime | None = None) -> int:
    """Delete the files of exports past their expiry (24 h); returns how many were deleted."""
    now = now or timezone.now()
    count = 0
    for job in ExportJob.objects.filter(expires_at__lte=now).exclude(file=""):
        job.file.delete(save=False)
        job.status = ExportStatus.EXPIRED
        job.save(update_fields=["file", "status", "updated_at"])
        count += 1
    return count
