"""Redemption orders and the points ledger (积分台账) as Excel, for the monthly reconciliation."""

from __future__ import annotations

from redrider.core import sheets

HEADER = ["订单号", "区划", "商品", "数量", "积分", "骑手", "状态", "下单时间", "完成时间"]


def orders_xlsx(*, orders) -> bytes:
    """One row per order (already scoped by the selector), times in Asia/Shanghai."""
    rows = (
        [
            o.pk,
            o.region_code,
            o.item.name,
            o.quantity,
            o.points,
            o.rider.label,
            o.get_status_display(),
            sheets.local(o.created_at),
            sheets.local(o.closed_at),
        ]
        for o in orders.iterator(chunk_size=2000)
    )
    return sheets.table_xlsx("兑换订单", HEADER, rows)


LEDGER_HEADER = [
    "流水号",
    "区划",
    "类型",
    "积分",
    "规则",
    "来源",
    "骑手",
    "说明",
    "冲正对象",
    "时间",
]
CONFIDENTIAL = "保密"


def ledger_xlsx(*, transactions) -> bytes:
    """One row per transaction (already scoped and redacted by the selector), times in
    Asia/Shanghai. A confidential movement (a tip-off's reward) shows "保密" for its rider and
    source: an export never links it to a person (DESIGN §4 rule 7)."""
    rows = (
        [
            t.pk,
            t.region_code,
            t.get_kind_display(),
            t.amount,
            t.rule_code,
            CONFIDENTIAL if t.confidential else t.source,
            CONFIDENTIAL if t.confidential else (t.rider.label if t.rider_id else ""),
            t.memo,
            t.reverses_id,
            sheets.local(t.created_at),
        ]
        for t in transactions.iterator(chunk_size=2000)
    )
    return sheets.table_xlsx("积分台账", LEDGER_HEADER, rows)
