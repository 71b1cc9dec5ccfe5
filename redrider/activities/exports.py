"""Attendance lists as Excel (签到名单): what organisers file after an activity."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from redrider.core.text import row

from .models import Activity


def attendance_xlsx(*, activity: Activity, signups) -> bytes:
    """One row per sign-up (already fetched through the scoped selectors), times in Shanghai."""
    wb = Workbook()
    ws = wb.active
    ws.title = "签到名单"
    ws.append(row([activity.title]))
    ws["A1"].font = Font(bold=True, size=13)
    start = timezone.localtime(activity.starts_at)
    ws.append(row([f"{start:%Y-%m-%d %H:%M} · {activity.place} · {activity.get_theme_display()}"]))
    ws.append(["序号", "骑手", "状态", "报名时间", "签到时间", "志愿时长（小时）", "获得积分"])
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for i, s in enumerate(signups, start=1):
        checked = (
            timezone.localtime(s.checked_in_at).replace(tzinfo=None) if s.checked_in_at else None
        )
        ws.append(
            row(
                [
                    i,
                    s.rider.label,
                    s.get_status_display(),
                    timezone.localtime(s.queued_at).replace(tzinfo=None),
                    checked,
                    float(s.hours),
                    s.points_awarded,
                ]
            )
        )
    for col, width in zip("ABCDEFG", (6, 18, 10, 18, 18, 14, 10), strict=True):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
