"""Dashboard exports: the indicators as a workbook (reads only)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from redrider.core.text import row


def indicators_xlsx(*, parent: dict, children: dict, labels: dict[str, str]) -> bytes:
    """One sheet: a row per child region plus the parent's totals, a column per indicator."""
    keys = list(parent["indicators"])
    wb = Workbook()
    ws = wb.active
    ws.title = "指标"
    ws.append(["代码", "区域"] + [labels.get(k, k) for k in keys])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for child in children["items"]:
        ws.append(
            row([child["region_code"], child["name"]] + [child["indicators"].get(k) for k in keys])
        )
    ws.append(
        row(
            [parent["region_code"], f"{parent['name']}（合计）"]
            + [parent["indicators"][k] for k in keys]
        )
    )
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "C2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
