"""Reading an uploaded list: the file type by its bytes, the header against the template, rows.

Refusals here are file-level (`FileRefused`, answered with a 4xx): not xlsx/csv, too large,
corrupt, empty, or a header that does not match the template.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings

from redrider.core.sheets import BadWorkbook, read_sheet
from redrider.core.text import clean_values

from .columns import BY_HEADER, COLUMNS, Column


class FileRefused(Exception):
    def __init__(self, code: str, zh: str, en: str):
        super().__init__(f"{zh} / {en}")
        self.code, self.zh, self.en = code, zh, en


@dataclass
class Sheet:
    columns: list[Column | None]  # per position; None for an ignored column
    rows: Iterator[tuple[int, tuple]]  # (1-based row number in the file, raw values)
    total: int  # number of data rows (an estimate for xlsx until read)
    close: Callable[[], None]


def sniff(data: bytes, filename: str) -> str:
    """ "xlsx" or "csv" from the file's own bytes (the name's extension is not trusted)."""
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                if "xl/workbook.xml" in z.namelist():
                    return "xlsx"
        except zipfile.BadZipFile:
            pass
        raise FileRefused(
            "corrupt_file",
            "文件已损坏或不是 Excel 工作簿",
            "the file is corrupt or not an Excel workbook",
        )
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileRefused(
            "xls_not_supported",
            "不支持旧版 .xls，请另存为 .xlsx",
            "old .xls is not supported: save as .xlsx",
        )
    head = data[:4096]
    if b"\x00" in head:
        raise FileRefused(
            "unsupported_type", "只接受 xlsx 或 csv 文件", "only xlsx or csv files are accepted"
        )
    return "csv"


def check_size(size: int) -> None:
    if size <= 0:
        raise FileRefused("empty_file", "文件为空", "the file is empty")
    if size > settings.MAX_IMPORT_BYTES:
        mb = settings.MAX_IMPORT_BYTES // (1024 * 1024)
        raise FileRefused(
            "file_too_large", f"文件超过 {mb} MB 上限", f"the file exceeds the {mb} MB limit"
        )


def map_header(values) -> list[Column | None]:
    """Columns by position; every template column must be present exactly once."""
    mapped: list[Column | None] = []
    seen: set[str] = set()
    for value in values:
        text = str(value).strip().rstrip("*＊").strip() if value is not None else ""
        column = BY_HEADER.get(text)
        if column is not None and column.key in seen:
            raise FileRefused("bad_header", f"表头“{text}”重复", f"header '{text}' appears twice")
        if column is not None:
            seen.add(column.key)
        mapped.append(column)
    missing = [c.header for c in COLUMNS if c.key not in seen]
    if missing:
        raise FileRefused(
            "bad_header",
            "表头与模板不符，缺少：" + "、".join(missing),
            "the header does not match the template; missing: " + ", ".join(missing),
        )
    return mapped


def open_sheet(data: bytes, kind: str) -> Sheet:
    return _open_xlsx(data) if kind == "xlsx" else _open_csv(data)


def _open_xlsx(data: bytes) -> Sheet:
    corrupt = FileRefused(
        "corrupt_file", "文件已损坏，无法读取", "the workbook is corrupt and cannot be read"
    )
    try:
        # Formula cells read as "=<formula>", so the row checks refuse them (cells.text_cell).
        sheet = read_sheet(data, formulas="refuse")
        it = sheet.rows
        # The header is the first row with anything in it (rows above it may be left empty).
        first = next((row for row in it if any(v is not None for v in row[1])), None)
    except BadWorkbook:
        raise corrupt from None
    if first is None or not any(v not in (None, "") for v in first[1]):
        sheet.close()
        raise FileRefused("empty_file", "工作簿没有内容", "the workbook is empty")
    columns = map_header(first[1])

    def rows():
        try:
            for number, values in it:
                if any(v is not None and v != "" for v in values):
                    yield number, values  # already cleaned by core.sheets
        except BadWorkbook:
            raise corrupt from None

    return Sheet(columns, rows(), sheet.total, sheet.close)


def _open_csv(data: bytes) -> Sheet:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes almost anything
        raise FileRefused(
            "bad_encoding", "无法识别文件编码（请用 UTF-8）", "unknown text encoding (use UTF-8)"
        )
    lines = list(csv.reader(io.StringIO(text)))
    if not lines:
        raise FileRefused("empty_file", "文件为空", "the file is empty")
    columns = map_header(lines[0])
    body = [
        (n, clean_values(tuple(v)))
        for n, v in enumerate(lines[1:], start=2)
        if any(x.strip() for x in v)
    ]
    return Sheet(columns, iter(body), len(body), lambda: None)
