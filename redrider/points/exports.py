"""Redemption orders as Excel, for the monthly reconciliation with stations and merchants."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook

from redrider.core.text import row

HEADER = ["订单号", "区划", "商品", "数量", "积分", "骑手", "状态", "下单时间", "完成时间"]


def orders_xlsx(*, orders) -> bytes:
    """One row per order (already scoped by the selector), times in Asia/Shanghai."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("兑换订单")
    ws.append(HEADER)

    def local(value):
        return timezone.localtime(value).replace(tzinfo=None) if value else None

    for o in orders.iterator(chunk_size=2000):
        ws.append(
            row(
                [
                    o.pk,
                    o.region_code,
                    o.item.name,
                    o.quantity,
                    o.points,
                    o.rider.label,
                    o.get_status_display(),
                    local(o.created_at),
                    local(o.closed_at),
                ]
            )
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
