"""The census import's streaming lxml reader, retired for python-calamine (`core.sheets.read_sheet`);
kept here only as the baseline of bench/spreadsheets.py. It read the first sheet of an .xlsx:

openpyxl's read-only mode builds an object per cell and reads a 106,000-row list in about 20 s;
this reader walks the sheet XML with lxml's `iterparse` and yields plain tuples several times
faster. It keeps the facts validation needs: a formula cell comes back as "=<formula>" (so it
is refused, never trusted), a number formatted as a date comes back as a `datetime`, other
numbers as int/float, strings as str. XML entities and network access are disabled, and the
workbook's uncompressed size is capped (zip bombs).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator

from lxml import etree

from redrider.core.sheets import _column_index as _col_index

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
MAX_UNCOMPRESSED = 600 * 1024 * 1024
BUILTIN_DATE_FORMATS = (
    set(range(14, 23)) | set(range(27, 37)) | set(range(45, 48)) | set(range(50, 59))
)
EXCEL_EPOCH = dt.datetime(1899, 12, 30)


class BadWorkbook(Exception):
    pass


def _parse(stream, tag: str) -> Iterator:
    # `tag` keeps lxml from surfacing every inner element to Python: most of the speed.
    return etree.iterparse(
        stream,
        events=("end",),
        tag=tag,
        resolve_entities=False,
        no_network=True,
        huge_tree=True,
        load_dtd=False,
    )


_COLUMNS = {a: _col_index(a) for a in [chr(65 + i) for i in range(26)]}


class XlsxSheet:
    """The first worksheet of a workbook; `rows()` yields (row number, tuple of values)."""

    def __init__(self, data: bytes):
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            if sum(i.file_size for i in self.zip.infolist()) > MAX_UNCOMPRESSED:
                raise BadWorkbook("workbook too large when uncompressed")
            self.sheet_path = self._first_sheet()
            self.shared = self._shared_strings()
            self.date_styles = self._date_styles()
        except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, ValueError) as exc:
            raise BadWorkbook(str(exc)) from exc

    def _first_sheet(self) -> str:
        names = set(self.zip.namelist())
        try:
            book = etree.fromstring(
                self.zip.read("xl/workbook.xml"), etree.XMLParser(resolve_entities=False)
            )
            sheet = book.find(f"{NS}sheets/{NS}sheet")
            rid = sheet.get(f"{REL_NS}id")
            rels = etree.fromstring(
                self.zip.read("xl/_rels/workbook.xml.rels"), etree.XMLParser(resolve_entities=False)
            )
            for rel in rels:
                if rel.get("Id") == rid:
                    target = rel.get("Target").lstrip("/")
                    path = target if target.startswith("xl/") else "xl/" + target
                    if path in names:
                        return path
        except (AttributeError, KeyError):
            pass
        if "xl/worksheets/sheet1.xml" in names:
            return "xl/worksheets/sheet1.xml"
        raise BadWorkbook("no worksheet")

    def _shared_strings(self) -> list[str]:
        if "xl/sharedStrings.xml" not in self.zip.namelist():
            return []
        strings: list[str] = []
        with self.zip.open("xl/sharedStrings.xml") as stream:
            for _event, elem in _parse(stream, f"{NS}si"):
                # Rich text has runs (<r><t>); phonetic hints (<rPh>) are not the text.
                texts = [
                    t.text or "" for t in elem.iter(f"{NS}t") if t.getparent().tag != f"{NS}rPh"
                ]
                strings.append("".join(texts))
                elem.clear()
        return strings

    def _date_styles(self) -> set[int]:
        if "xl/styles.xml" not in self.zip.namelist():
            return set()
        root = etree.fromstring(
            self.zip.read("xl/styles.xml"), etree.XMLParser(resolve_entities=False)
        )
        custom: dict[int, str] = {}
        fmts = root.find(f"{NS}numFmts")
        if fmts is not None:
            for f in fmts:
                custom[int(f.get("numFmtId"))] = f.get("formatCode") or ""
        dates: set[int] = set()
        xfs = root.find(f"{NS}cellXfs")
        for i, xf in enumerate(xfs if xfs is not None else []):
            fid = int(xf.get("numFmtId") or 0)
            code = custom.get(fid)
            if fid in BUILTIN_DATE_FORMATS or (code is not None and _is_date_format(code)):
                dates.add(i)
        return dates

    def dimension_rows(self) -> int:
        """Data rows from the sheet's <dimension> (an estimate used by the progress bar)."""
        with self.zip.open(self.sheet_path) as stream:
            head = stream.read(4096).decode("utf-8", "ignore")
        found = re.search(r'<dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"', head)
        return max(int(found.group(1)) - 1, 0) if found else 0

    def rows(self) -> Iterator[tuple[int, tuple]]:
        shared, dates = self.shared, self.date_styles
        v_tag, f_tag, is_tag, t_tag = f"{NS}v", f"{NS}f", f"{NS}is", f"{NS}t"
        row_tag = f"{NS}row"
        number = 0
        with self.zip.open(self.sheet_path) as stream:
            for _event, row in _parse(stream, row_tag):
                number = int(row.get("r") or number + 1)
                values: list = []
                for cell in row:
                    ref = cell.get("r")
                    if ref:
                        # "C12" → "C" → 2: a dict look-up, no regex, per cell.
                        letters = ref.rstrip("0123456789")
                        col = _COLUMNS.get(letters)
                        if col is None:
                            col = _col_index(letters)
                        if col >= len(values):
                            values.extend([None] * (col - len(values) + 1))
                    else:
                        col = len(values)
                        values.append(None)
                    kind = cell.get("t")
                    if kind == "inlineStr" and len(cell) == 1 and cell[0].tag == is_tag:
                        # The common case of generated lists: text written inline.
                        values[col] = "".join(cell[0].itertext())
                    else:
                        values[col] = _cell_value(cell, shared, dates, v_tag, f_tag, is_tag, t_tag)
                row.clear()
                while row.getprevious() is not None:
                    del row.getparent()[0]
                yield number, tuple(values)

    def close(self) -> None:
        self.zip.close()


def _cell_value(cell, shared, dates, v_tag, f_tag, is_tag, t_tag):
    formula = cell.find(f_tag)
    if formula is not None:
        return "=" + (formula.text or "")
    kind = cell.get("t")
    if kind == "inlineStr":
        inline = cell.find(is_tag)
        return "".join(t.text or "" for t in inline.iter(t_tag)) if inline is not None else ""
    v = cell.find(v_tag)
    if v is None or v.text is None:
        return None
    text = v.text
    if kind == "s":
        return shared[int(text)]
    if kind in ("str", "e"):
        return text
    if kind == "b":
        return text == "1"
    number = float(text)
    style = cell.get("s")
    if style is not None and int(style) in dates:
        return EXCEL_EPOCH + dt.timedelta(days=number)
    return (
        int(number)
        if number.is_integer() and "E" not in text.upper() and "." not in text
        else number
    )


def _is_date_format(code: str) -> bool:
    bare = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code).lower()
    return any(ch in bare for ch in "ydhs") or ("m" in bare and "0" not in bare)
