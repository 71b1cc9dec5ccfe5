"""The registry export's single-sheet streaming writer as it was before `core.sheets.Workbook`
generalised it (several sheets, styles, widths, freeze panes, drop-downs); kept only as a
baseline of bench/spreadsheets.py, so the generalisation is measured against the original.
The package's fixed parts are shared with `core.sheets`."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterable, Sequence
from typing import IO

from redrider.core.sheets import _APP, _ROOT_RELS, _core, column_letters
from redrider.core.sheets import _escape as _xml_escape
from redrider.core.text import clean_text

_EPOCH = dt.date(1899, 12, 30)
_EPOCH_ORDINAL = _EPOCH.toordinal()
_CHUNK = 512  # rows joined per write: fewer calls into zlib without holding the sheet

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    "</Relationships>"
)
# Style 0: default; 1: bold (header); 2: date (built-in format 14).
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _escape(text: str) -> str:
    return clean_text(_xml_escape(text))


def _workbook(sheet_name: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name="{_escape(sheet_name)[:31]}" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    )


def _row_xml(number: int, values: Sequence, letters: list[str], style: str = "") -> str:
    parts = [f'<row r="{number}">']
    append = parts.append
    for letter, value in zip(letters, values, strict=False):
        if value is None or value == "":
            continue
        ref = f"{letter}{number}"
        kind = type(value)
        if kind is str:
            append(f'<c r="{ref}"{style} t="inlineStr"><is><t>{_escape(value)}</t></is></c>')
        elif kind is int or kind is float:
            append(f'<c r="{ref}"{style}><v>{value}</v></c>')
        elif kind is bool:
            append(f'<c r="{ref}"{style} t="b"><v>{int(value)}</v></c>')
        elif kind is dt.date:
            append(f'<c r="{ref}" s="2"><v>{value.toordinal() - _EPOCH_ORDINAL}</v></c>')
        elif isinstance(value, dt.datetime):
            days = (value.replace(tzinfo=None) - dt.datetime(1899, 12, 30)).total_seconds()
            append(f'<c r="{ref}" s="2"><v>{days / 86400}</v></c>')
        else:
            append(f'<c r="{ref}"{style} t="inlineStr"><is><t>{_escape(str(value))}</t></is></c>')
    append("</row>")
    return "".join(parts)


def write_xlsx(
    target: IO[bytes],
    *,
    header: Sequence[str],
    rows: Iterable[Sequence],
    sheet_name: str = "Sheet1",
    progress=None,
    progress_every: int = 2000,
) -> int:
    """Write one sheet (`header` in bold, then `rows`) as an .xlsx into `target`; returns the
    number of data rows. `rows` is consumed once, so a generator over a database cursor keeps
    memory flat. `progress(done)` is called every `progress_every` rows.
    """
    letters = column_letters(len(header))
    count = 0
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=3) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _ROOT_RELS)
        zf.writestr("docProps/app.xml", _APP)
        zf.writestr("docProps/core.xml", _core(dt.datetime.now(dt.UTC)))
        zf.writestr("xl/workbook.xml", _workbook(sheet_name))
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        zf.writestr("xl/styles.xml", _STYLES)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b"<sheetData>"
            )
            sheet.write(_row_xml(1, list(header), letters, ' s="1"').encode())
            buffer: list[str] = []
            for values in rows:
                count += 1
                buffer.append(_row_xml(count + 1, values, letters))
                if len(buffer) >= _CHUNK:
                    sheet.write("".join(buffer).encode())
                    buffer.clear()
                if progress and count % progress_every == 0:
                    progress(count)
            if buffer:
                sheet.write("".join(buffer).encode())
            sheet.write(b"</sheetData></worksheet>")
    if progress:
        progress(count)
    return count
