"""Building census files for tests."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from redrider.riders.importing.columns import COLUMNS, header_text

HEADER = [header_text(c) for c in COLUMNS]


def row(name="张三", id_number="", phone="", county="510104", platform="美团", **extra) -> list:
    values = {
        "name": name,
        "id_number": id_number,
        "phone": phone,
        "county": county,
        "platform": platform,
        **extra,
    }
    return [values.get(c.key, "") for c in COLUMNS]


def xlsx_bytes(rows: list[list], header: list | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header or HEADER)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list], header: list | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header or HEADER)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")
