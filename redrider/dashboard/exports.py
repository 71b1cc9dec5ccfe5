"""Dashboard exports: the indicators as a workbook (reads only), written by `core.sheets`."""

from __future__ import annotations

from redrider.core import sheets


def indicators_xlsx(*, parent: dict, children: dict, labels: dict[str, str]) -> bytes:
    """One sheet: a row per child region plus the parent's totals, a column per indicator."""
    keys = list(parent["indicators"])
    book = sheets.Workbook()
    ws = book.sheet("指标", widths=[10, 18] + [14] * len(keys), freeze=(1, 2))
    ws.row(["代码", "区域"] + [str(labels.get(k, k)) for k in keys], sheets.BOLD)
    ws.rows(
        [child["region_code"], child["name"]] + [child["indicators"].get(k) for k in keys]
        for child in children["items"]
    )
    ws.row(
        [parent["region_code"], f"{parent['name']}（合计）"]
        + [parent["indicators"][k] for k in keys],
        sheets.BOLD,
    )
    return book.close()
