"""The appeals ledger as an xlsx sheet (staff live in Excel 台账)."""

from __future__ import annotations

from django.utils import timezone

from redrider.core import sheets

from .choices import AppealCategory, AppealStatus
from .services.appeals import overdue_q

HEADERS = [
    "编号",
    "类别",
    "状态",
    "区划代码",
    "当前承办区划",
    "承办单位",
    "问题描述",
    "提交时间",
    "受理期限",
    "受理时间",
    "办结期限",
    "办结时间",
    "是否逾期",
    "升级次数",
    "附议人数",
    "满意度",
]


def appeals_xlsx(queryset) -> bytes:
    """One row per case of `queryset` (already scoped by a selector); no rider identity."""
    now = timezone.now()
    overdue_ids = set(queryset.filter(overdue_q(now)).values_list("pk", flat=True))
    local = sheets.local
    rows = (
        [
            a.pk,
            str(AppealCategory(a.category).label),
            str(AppealStatus(a.status).label),
            a.region_code,
            a.handling_code,
            (a.assigned_org or {}).get("name", ""),
            a.description,
            local(a.submitted_at),
            local(a.accept_due_at),
            local(a.accepted_at),
            local(a.resolve_due_at),
            local(a.resolved_at),
            "是" if a.pk in overdue_ids else "否",
            a.escalation_level,
            getattr(a, "supporter_count", 0),
            a.satisfaction,
        ]
        for a in queryset
    )
    return sheets.table_xlsx(
        "诉求台账", HEADERS, rows, widths=[8, 12, 10, 10, 12, 28, 40] + [18] * 5 + [8] * 4
    )
