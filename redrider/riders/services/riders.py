"""Rider records: unmasked views and exports (permission + reason + audit), status, consent."""

from __future__ import annotations

import datetime as dt
import io

from django.db import transaction
from django.utils import timezone

from redrider.core.audit import audit_record
from redrider.core.errors import DomainError, InvalidInput, PermissionDenied

from ..choices import PoliticalStatus, RiderStatus
from ..models import Rider

CONSENT_VERSION = "2025-1"
EXPORT_LIMIT = 200_000


def _require_pii(actor, reason: str, rider=None, action: str = "rider.reveal") -> str:
    reason = (reason or "").strip()
    if not getattr(actor, "can_view_pii", False):
        audit_record(
            actor=actor,
            action=action,
            obj=rider,
            result="denied",
            detail={"reason": reason[:200], "why": "no_permission"},
        )
        raise PermissionDenied(
            "没有查看完整身份证号和手机号的权限", "you may not see full ID and phone numbers"
        )
    if len(reason) < 4:
        raise InvalidInput(
            "reason_required",
            "请说明查看原因（至少4个字）",
            "state why you need the full numbers (4 characters or more)",
        )
    return reason[:500]


def rider_reveal(*, actor, rider: Rider, reason: str) -> dict:
    """The full name, ID number and phone of one rider the actor can already see.

    Pre: `actor.can_view_pii` and a stated reason; otherwise 403 / 422 and a denied audit row.
    Post: an audit row `rider.reveal` with the reason; returns the plaintext values.
    """
    reason = _require_pii(actor, reason, rider)
    audit_record(actor=actor, action="rider.reveal", obj=rider, detail={"reason": reason})
    return {"name": rider.name, "id_number": rider.id_number, "phone": rider.phone}


def riders_export_xlsx(
    *, actor, riders, unmasked: bool = False, reason: str = "", region: str = ""
) -> bytes:
    """The registry (already scoped by the caller's selector) as a workbook.

    Masked by default. `unmasked` needs `can_view_pii` and a reason (403/422 otherwise) and is
    audited with the row count. Political status is a column only for accounts allowed to see it.
    """
    from openpyxl import Workbook

    if unmasked:
        reason = _require_pii(actor, reason, action="rider.export_unmasked")
    political = getattr(actor, "can_view_political_status", False)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("骑手名单")
    header = [
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
    if political:
        header += ["政治面貌", "流动党员", "所在社区党组织"]
    ws.append(header)
    count = 0
    # Labels and platforms are looked up once, not per row: at 100,000 rows the per-row
    # lazy-translation and prefetch costs dominated the export (77 s → a few seconds).
    labels = {
        name: {key: str(label) for key, label in Rider._meta.get_field(name).flatchoices}
        for name in ("gender", "kind", "status", "political_status")
    }
    platforms: dict[int, list[str]] = {}
    through = Rider.platforms.through.objects.filter(rider__in=riders.order_by().values("pk"))
    for rider_id, platform_name in through.values_list("rider_id", "platform__name"):
        platforms.setdefault(rider_id, []).append(platform_name)
    qs = riders.select_related("company", "site")
    for r in qs.iterator(chunk_size=2000):
        count += 1
        if count > EXPORT_LIMIT:
            break
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
            _safe(r.company.name if r.company else ""),
            _safe(r.site.name if r.site else ""),
            labels["status"].get(r.status, r.status),
            r.joined_on,
            r.left_on,
            r.housing_fund_months,
        ]
        if political:
            row += [
                labels["political_status"].get(r.political_status, r.political_status),
                "是" if r.mobile_party_member else "否",
                _safe(r.community_organisation),
            ]
        ws.append(row)
    audit_record(
        actor=actor,
        action="rider.export_unmasked" if unmasked else "rider.export",
        region_code=region or getattr(actor, "scope_code", ""),
        detail={"rows": count, "reason": reason if unmasked else ""},
    )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _safe(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


@transaction.atomic
def rider_status_set(*, actor, rider: Rider, status: str, on: dt.date | None = None) -> Rider:
    """Mark a rider as having left (with the date) or as back at work. Audited."""
    if status not in RiderStatus.values:
        raise InvalidInput("invalid_status", "状态无效", "invalid status")
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise InvalidInput("invalid_date", "日期不能在未来", "the date cannot be in the future")
    before = rider.status
    rider.status = status
    if status == RiderStatus.LEFT:
        rider.left_on = on
    else:
        rider.left_on = None
        rider.joined_on = on if before == RiderStatus.LEFT else rider.joined_on
    rider.save(update_fields=["status", "left_on", "joined_on", "updated_at"])
    audit_record(
        actor=actor, action="rider.status", obj=rider, detail={"from": before, "to": status}
    )
    return rider


@transaction.atomic
def rider_consent_record(*, actor, rider: Rider, channel: str = "h5") -> Rider:
    """Record the rider's consent to the processing of their data (version, time, channel)."""
    if actor is not None and rider.user_id and actor.pk != rider.user_id and actor.role == "rider":
        raise PermissionDenied()
    rider.consent_version = CONSENT_VERSION
    rider.consent_at = timezone.now()
    rider.consent_channel = channel[:16]
    rider.save(update_fields=["consent_version", "consent_at", "consent_channel", "updated_at"])
    audit_record(
        actor=actor,
        action="rider.consent",
        obj=rider,
        detail={"version": CONSENT_VERSION, "channel": channel},
    )
    return rider


def political_label(user, rider: Rider) -> str | None:
    """The political status as shown to `user`: None without the permission."""
    if not getattr(user, "can_view_political_status", False):
        return None
    return str(PoliticalStatus(rider.political_status).label)


__all__ = ["DomainError"]
