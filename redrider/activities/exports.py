"""Attendance lists as Excel (签到名单): what organisers file after an activity."""

from __future__ import annotations

from django.utils import timezone

from redrider.core import sheets

from .models import Activity


def attendance_xlsx(*, activity: Activity, signups) -> bytes:
    """One row per sign-up (already fetched through the scoped selectors), times in Shanghai."""
    book = sheets.Workbook()
    ws = book.sheet("签到名单", widths=(6, 18, 10, 18, 18, 14, 10))
    ws.row([activity.title], sheets.Style(bold=True, size=13))
    start = timezone.localtime(activity.starts_at)
    ws.row([f"{start:%Y-%m-%d %H:%M} · {activity.place} · {activity.get_theme_display()}"])
    ws.row(
        ["序号", "骑手", "状态", "报名时间", "签到时间", "志愿时长（小时）", "获得积分"],
        sheets.BOLD,
    )
    for i, s in enumerate(signups, start=1):
        ws.row(
            [
                i,
                s.rider.label,
                s.get_status_display(),
                sheets.local(s.queued_at),
                sheets.local(s.checked_in_at),
                float(s.hours),
                s.points_awarded,
            ]
        )
    return book.close()
