"""Dashboard exports: the indicators as a workbook (reads only)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font


def indicators_xlsx(*, parent: dict, children: dict, labels: dict[str, str]) -> bytes:
    """One sheet: a row per child region plus the parent's totals, a column per indicator."""
    keys = list(parent["indicators"])
    wb = Workbook()
    ws = wb.active
    ws.title = "指标"
    ws.append(["代码", "区域"] + [labels.get(k, k) for k in keys])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in children["items"]:
        ws.append([row["region_code"], row["name"]] + [row["indicators"].get(k) for k in keys])
    ws.append(
        [parent["region_code"], f"{parent['name']}（合计）"]
        + [parent["indicators"][k] for k in keys]
    )
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "C2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
