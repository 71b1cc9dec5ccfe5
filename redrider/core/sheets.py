"""Spreadsheets, read and written in one place: every .xlsx the platform reads or writes goes
through this module, so the safety rules are written once.

Reading (`read_sheet`) uses python-calamine (Rust) for the cells; bench/spreadsheets.py measures
it against the lxml reader it replaced (several times faster on the 106,000-row census list).
Around the library this module keeps what an uploaded workbook must never get past:

* zip bombs: the declared uncompressed size is capped (`MAX_UNCOMPRESSED`), and every entry is
  inflated once here, with Python's zipfile, before the library sees it, so an entry whose real
  size differs from its declared one (a lying header) is refused by the CRC check;
* formulas: with `formulas="refuse"` a formula cell comes back as "=<formula>" (never its cached
  value), so row validation refuses it — calamine itself only reports cached values;
* control characters: every text cell goes through `core.text.clean_values`;
* XML entities: calamine's parser expands no DTD entities (no XXE, no billion laughs).

Writing (`Workbook`) streams each sheet's XML straight into its zip entry: inline strings (no
shared-string table held in memory), numbers as `<v>`, dates and times as serial numbers, a
small style table built from the `Style`s used. bench/spreadsheets.py measures it against
xlsxwriter (constant memory) and rustpy-xlsxwriter; it was the fastest, so it stays. Every
string cell goes through `core.text.cell`: control characters removed, and a leading
`= + - @` neutralised so no spreadsheet reads it as a formula (formula injection).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any, Literal, NamedTuple
from xml.sax.saxutils import quoteattr

from .text import cell as safe_cell
from .text import clean_text, clean_values

# ---- reading ----------------------------------------------------------------------------------

MAX_UNCOMPRESSED = 600 * 1024 * 1024
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
# A formula element, with or without a namespace prefix: <f>, <f t="shared" .../>, <x:f>.
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?f[\s/>]")
_CHUNK_BYTES = 1 << 20
# calamine answers "" for an empty cell: read as None (what the callers test for).
_EMPTY: dict[Any, None] = {"": None}


class BadWorkbook(Exception):
    """The bytes are not a workbook this module will read (corrupt, too large, no sheet)."""


@dataclass
class ReadSheet:
    """The first worksheet: `rows` yields (1-based row number, values) with empty cells as None,
    whole numbers as int (as the file wrote them) and text cleaned; `total` is the number of rows below the first (for progress bars)."""

    rows: Iterator[tuple[int, tuple]]
    total: int
    close: Callable[[], None]


def read_sheet(data: bytes, *, formulas: Literal["refuse", "values"] = "values") -> ReadSheet:
    """The first worksheet of the .xlsx `data`. Raises `BadWorkbook` for anything unreadable.

    `formulas="refuse"`: a formula cell reads as "=<formula>" so that the caller refuses it;
    `"values"`: its cached value (what Excel last showed), as openpyxl's `data_only` did.
    """
    from python_calamine import CalamineWorkbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sheet_path = _first_sheet(archive) if formulas == "refuse" else None
            formulas_seen = _inflate_all(archive, sheet_path)
            found = (
                _formula_cells(archive, sheet_path, formulas_seen)
                if formulas_seen and sheet_path is not None
                else {}
            )
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = book.get_sheet_by_index(0)
        start, end = sheet.start, sheet.end
    except BadWorkbook:
        raise
    except Exception as exc:  # noqa: BLE001 - a broken upload raises many kinds of errors
        raise BadWorkbook(str(exc)[:200]) from None
    pad = (None,) * (start[1] if start else 0)

    def rows() -> Iterator[tuple[int, tuple]]:
        try:
            for number, raw in enumerate(sheet.iter_rows(), start=1):
                values = pad + tuple(
                    [
                        _EMPTY.get(v, v)
                        if v.__class__ is not float
                        else (int(v) if v.is_integer() else v)
                        for v in raw
                    ]
                )
                if found and number in found:
                    values = _overlay(values, found[number])
                yield number, clean_values(values)
        except Exception as exc:  # noqa: BLE001
            raise BadWorkbook(str(exc)[:200]) from None

    return ReadSheet(rows(), end[0] if end else 0, book.close)


def _inflate_all(archive: zipfile.ZipFile, sheet_path: str | None) -> int:
    """Inflate every entry once (declared sizes capped, real sizes checked by zipfile's CRC
    check); answers how many formula elements `sheet_path` holds."""
    if sum(i.file_size for i in archive.infolist()) > MAX_UNCOMPRESSED:
        raise BadWorkbook("workbook too large when uncompressed")
    found = 0
    for info in archive.infolist():
        scan = info.filename == sheet_path
        tail = b""
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK_BYTES):
                if scan:
                    # A match ending inside `tail` was counted with the previous chunk.
                    found += sum(
                        1 for m in _FORMULA_TAG.finditer(tail + chunk) if m.end() > len(tail)
                    )
                    tail = chunk[-64:]
    return found


def _first_sheet(archive: zipfile.ZipFile) -> str:
    """The zip path of the workbook's first sheet (the one calamine reads as index 0)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    names = set(archive.namelist())
    try:
        book = etree.fromstring(archive.read("xl/workbook.xml"), parser)
        rid = book.find(f"{_NS}sheets/{_NS}sheet").get(f"{_REL_NS}id")
        rels = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"), parser)
        for rel in rels:
            if rel.get("Id") == rid:
                target = rel.get("Target").lstrip("/")
                path = target if target.startswith("xl/") else "xl/" + target
                if path in names:
                    return path
    except (AttributeError, KeyError, etree.XMLSyntaxError):
        pass
    if "xl/worksheets/sheet1.xml" in names:
        return "xl/worksheets/sheet1.xml"
    raise BadWorkbook("no worksheet")


def _formula_cells(archive: zipfile.ZipFile, path: str, expected: int) -> dict[int, dict[int, str]]:
    """Row number → {column index → "=<formula>"} for every formula cell of the sheet. Only
    workbooks that hold a formula pay for this second pass: first with the standard namespace
    (fast), then, if that found fewer than the `expected` formula elements, with any."""
    found = _formula_pass(archive, path, (f"{_NS}c", f"{_NS}row"))
    if sum(len(cells) for cells in found.values()) < expected:
        found = _formula_pass(archive, path, ("{*}c", "{*}row"))
    return found


def _formula_pass(archive: zipfile.ZipFile, path: str, tags: tuple[str, str]) -> dict:
    from lxml import etree

    found: dict[int, dict[int, str]] = {}
    last_row = 0
    with archive.open(path) as stream:
        for _event, elem in etree.iterparse(
            stream,
            events=("end",),
            tag=tags,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=True,
        ):
            if elem.tag.endswith("}row") or elem.tag == "row":
                last_row = int(elem.get("r") or last_row + 1)
                elem.clear()
                while elem.getprevious() is not None:
                    del elem.getparent()[0]
                continue
            formula = next((c for c in elem if etree.QName(c).localname == "f"), None)
            if formula is not None:
                row = elem.getparent()
                ref = elem.get("r") or ""
                letters = ref.rstrip("0123456789")
                number = int(ref[len(letters) :] or row.get("r") or last_row + 1)
                column = _column_index(letters) if letters else row.index(elem)
                found.setdefault(number, {})[column] = "=" + (formula.text or "")
    return found


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _overlay(values: tuple, formulas: dict[int, str]) -> tuple:
    out = list(values) + [None] * (max(formulas) + 1 - len(values))
    for column, text in formulas.items():
        out[column] = text
    return tuple(out)


# ---- writing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    """How a cell looks. Colours are "RRGGBB"; `num_format` an Excel number format."""

    bold: bool = False
    size: float | None = None
    color: str | None = None
    fill: str | None = None
    border: bool = False
    num_format: str | None = None


PLAIN = Style()
BOLD = Style(bold=True)
TEXT = Style(num_format="@")
DATE = Style(num_format="yyyy-mm-dd")
DATETIME = Style(num_format="yyyy-mm-dd hh:mm:ss")
_BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "@": 49}


class Styled(NamedTuple):
    """One cell value with its own style (the rest of its row keeps the row's style)."""

    value: Any
    style: Style


@dataclass(frozen=True)
class ListRule:
    """A drop-down (data validation) of `choices` over `cells`, e.g. "F2:F100000"."""

    cells: str
    choices: Sequence[str]


_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_EPOCH_ORDINAL = _EXCEL_EPOCH.toordinal()
_ROWS_PER_WRITE = 512  # rows joined per write: fewer calls into zlib without holding the sheet


def column_letters(n: int) -> list[str]:
    """The first `n` column names: A, B, ..., Z, AA, ..."""
    out = []
    for i in range(n):
        name, i = "", i + 1
        while i:
            i, rem = divmod(i - 1, 26)
            name = chr(65 + rem) + name
        out.append(name)
    return out


def _escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


class Workbook:
    """An .xlsx written sheet by sheet into `target` (or into memory: `close()` answers the
    bytes). Sheets are written one after the other: opening a sheet finishes the one before.

        book = Workbook()
        ws = book.sheet("台账", widths=[12, 40], freeze=(1, 0))
        ws.row(["日期", "内容"], BOLD)
        ws.rows(values for ...)
        data = book.close()
    """

    def __init__(self, target: IO[bytes] | None = None):
        self._own = target is None
        self._out: IO[bytes] = io.BytesIO() if target is None else target
        self._zip = zipfile.ZipFile(
            self._out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=3
        )
        self._styles: dict[Style, int] = {PLAIN: 0}
        self._names: list[str] = []
        self._current: Sheet | None = None

    def style_id(self, style: Style) -> int:
        found = self._styles.get(style)
        if found is None:
            found = self._styles[style] = len(self._styles)
        return found

    def sheet(
        self,
        name: str,
        *,
        widths: Sequence[float] = (),
        freeze: tuple[int, int] | None = None,
        column_styles: dict[int, Style] | None = None,
        lists: Sequence[ListRule] = (),
    ) -> Sheet:
        """Start a sheet. `widths` per column from A; `freeze` = (rows, columns) kept in view;
        `column_styles` {column index: Style} for cells typed in later (e.g. TEXT for ID
        numbers); `lists` drop-downs."""
        if self._current is not None:
            self._current.finish()
        clean = clean_text(name).translate(str.maketrans("", "", "[]:*?/\\"))[:31] or "Sheet"
        self._names.append(clean)
        self._current = Sheet(self, len(self._names), widths, freeze, column_styles or {}, lists)
        return self._current

    def close(self) -> bytes:
        """Finish the file; answers its bytes when it was written in memory (else b"")."""
        if self._current is not None:
            self._current.finish()
            self._current = None
        if not self._names:
            self.sheet("Sheet1").finish()
        z = self._zip
        n = len(self._names)
        z.writestr("[Content_Types].xml", _content_types(n))
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("docProps/app.xml", _APP)
        z.writestr("docProps/core.xml", _core(dt.datetime.now(dt.UTC)))
        z.writestr("xl/workbook.xml", _workbook(self._names))
        z.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(n))
        z.writestr("xl/styles.xml", _styles_xml(list(self._styles)))
        z.close()
        return self._out.getvalue() if self._own else b""  # type: ignore[attr-defined]


class Sheet:
    """One worksheet being written; rows go down from row 1."""

    def __init__(
        self,
        book: Workbook,
        index: int,
        widths: Sequence[float],
        freeze: tuple[int, int] | None,
        column_styles: dict[int, Style],
        lists: Sequence[ListRule],
    ):
        self.book = book
        self.number = 0  # the last row written
        self._lists = lists
        self._letters = column_letters(max(len(widths), 26))
        self._buffer: list[str] = []
        self._date = f' s="{book.style_id(DATE)}"'
        self._datetime = f' s="{book.style_id(DATETIME)}"'
        self._row_styles: dict[Style | None, tuple[str, str, str]] = {}
        self._stream = book._zip.open(f"xl/worksheets/sheet{index}.xml", "w", force_zip64=True)
        head = [
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        ]
        if freeze and (freeze[0] or freeze[1]):
            head.append(_pane(*freeze))
        columns = sorted(set(range(len(widths))) | set(column_styles))
        if columns:
            head.append("<cols>")
            for i in columns:
                width = widths[i] if i < len(widths) else 9.14
                style = column_styles.get(i)
                extra = f' style="{book.style_id(style)}"' if style else ""
                head.append(
                    f'<col min="{i + 1}" max="{i + 1}" width="{width}" customWidth="1"{extra}/>'
                )
            head.append("</cols>")
        head.append("<sheetData>")
        self._stream.write("".join(head).encode())

    def _styles_for(self, style: Style | None) -> tuple[str, str, str]:
        """The s="" attributes of a row in `style`: (text and numbers, dates, datetimes)."""
        found = self._row_styles.get(style)
        if found is None:
            if style is None or style == PLAIN:
                found = ("", self._date, self._datetime)
            else:
                sid = self.book.style_id
                found = (
                    f' s="{sid(style)}"',
                    f' s="{sid(dataclasses.replace(style, num_format=DATE.num_format))}"',
                    f' s="{sid(dataclasses.replace(style, num_format=DATETIME.num_format))}"',
                )
            self._row_styles[style] = found
        return found

    def row(self, values: Sequence[Any], style: Style | None = None) -> int:
        """Write the next row; answers its number. Strings are made safe (`core.text.cell`)."""
        self.number += 1
        self._buffer.append(self._row_xml(self.number, values, style))
        if len(self._buffer) >= _ROWS_PER_WRITE:
            self._flush()
        return self.number

    def rows(
        self,
        values: Iterable[Sequence[Any]],
        *,
        progress: Callable[[int], None] | None = None,
        every: int = 2000,
    ) -> int:
        """Write every row of `values` (consumed once, so a generator over a database cursor
        keeps memory flat); answers how many. `progress(done)` every `every` rows."""
        count = 0
        for count, row in enumerate(values, start=1):  # noqa: B007 - count is the answer
            self.row(row)
            if progress and count % every == 0:
                progress(count)
        return count

    def skip(self) -> None:
        """Leave one row empty."""
        self.number += 1

    def _row_xml(self, number: int, values: Sequence[Any], style: Style | None) -> str:
        plain, date_style, datetime_style = self._styles_for(style)
        letters = self._letters
        if len(values) > len(letters):
            letters = self._letters = column_letters(len(values))
        parts = [f'<row r="{number}">']
        append = parts.append
        for letter, value in zip(letters, values, strict=False):
            if value is None or value == "":
                continue
            s, ds, dts = plain, date_style, datetime_style
            kind = type(value)
            if kind is Styled:
                value, cell_style = value
                if value is None or value == "":
                    continue
                s, ds, dts = self._styles_for(cell_style)
                kind = type(value)
            if kind is str:
                text = _escape(safe_cell(value))
                append(f'<c r="{letter}{number}"{s} t="inlineStr"><is><t>{text}</t></is></c>')
            elif kind is int or kind is float:
                append(f'<c r="{letter}{number}"{s}><v>{value}</v></c>')
            elif kind is bool:
                append(f'<c r="{letter}{number}"{s} t="b"><v>{int(value)}</v></c>')
            elif kind is dt.date:
                append(
                    f'<c r="{letter}{number}"{ds}><v>{value.toordinal() - _EPOCH_ORDINAL}</v></c>'
                )
            elif kind is dt.datetime:
                days = (value.replace(tzinfo=None) - _EXCEL_EPOCH).total_seconds() / 86400
                append(f'<c r="{letter}{number}"{dts}><v>{days}</v></c>')
            elif kind is Decimal or isinstance(value, int | float):
                append(f'<c r="{letter}{number}"{s}><v>{float(value)}</v></c>')
            else:
                text = _escape(safe_cell(str(value)))
                append(f'<c r="{letter}{number}"{s} t="inlineStr"><is><t>{text}</t></is></c>')
        append("</row>")
        return "".join(parts)

    def _flush(self) -> None:
        if self._buffer:
            self._stream.write("".join(self._buffer).encode())
            self._buffer.clear()

    def finish(self) -> None:
        if self._stream is None:
            return
        self._flush()
        tail = ["</sheetData>"]
        if self._lists:
            tail.append(f'<dataValidations count="{len(self._lists)}">')
            for rule in self._lists:
                choices = _escape(",".join(clean_text(c) for c in rule.choices))
                tail.append(
                    f'<dataValidation type="list" allowBlank="1" showErrorMessage="1" '
                    f'sqref={quoteattr(rule.cells)}><formula1>"{choices}"</formula1>'
                    "</dataValidation>"
                )
            tail.append("</dataValidations>")
        tail.append("</worksheet>")
        self._stream.write("".join(tail).encode())
        self._stream.close()
        self._stream = None  # type: ignore[assignment]


def local(value: dt.datetime | None) -> dt.datetime | None:
    """An aware time as the naive local (Asia/Shanghai) time a spreadsheet shows; None stays."""
    from django.utils import timezone

    return timezone.localtime(value).replace(tzinfo=None) if value else None


def write_xlsx(
    target: IO[bytes],
    *,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    sheet_name: str = "Sheet1",
    widths: Sequence[float] = (),
    progress: Callable[[int], None] | None = None,
    progress_every: int = 2000,
) -> int:
    """One sheet — `header` in bold, then `rows` — as an .xlsx into `target`; answers the
    number of data rows. `progress(done)` every `progress_every` rows and once at the end."""
    book = Workbook(target)
    sheet = book.sheet(sheet_name, widths=widths)
    sheet.row(list(header), BOLD)
    count = sheet.rows(rows, progress=progress, every=progress_every)
    book.close()
    if progress:
        progress(count)
    return count


def table_xlsx(
    name: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    widths: Sequence[float] = (),
    freeze: tuple[int, int] | None = None,
) -> bytes:
    """The common small export: one sheet, a bold header, the rows; answers the bytes."""
    book = Workbook()
    sheet = book.sheet(name, widths=widths, freeze=freeze)
    sheet.row(list(header), BOLD)
    sheet.rows(rows)
    return book.close()


# ---- the package's fixed parts ----------------------------------------------------------------


def _pane(rows: int, columns: int) -> str:
    top_left = f"{column_letters(columns + 1)[-1]}{rows + 1}"
    active = "bottomRight" if rows and columns else ("bottomLeft" if rows else "topRight")
    split = (f' xSplit="{columns}"' if columns else "") + (f' ySplit="{rows}"' if rows else "")
    return (
        '<sheetViews><sheetView workbookViewId="0">'
        f'<pane{split} topLeftCell="{top_left}" activePane="{active}" state="frozen"/>'
        f'<selection pane="{active}"/></sheetView></sheetViews>'
    )


def _content_types(sheets: int) -> str:
    parts = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, sheets + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{parts}"
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        "</Types>"
    )


_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
_APP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>Red Rider</Application></Properties>"
)


def _workbook_rels(sheets: int) -> str:
    parts = "".join(
        f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, sheets + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{parts}"
        f'<Relationship Id="rId{sheets + 1}" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        "</Relationships>"
    )


def _workbook(names: list[str]) -> str:
    sheets = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{i}" r:id="rId{i}"/>'
        for i, name in enumerate(names, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<sheets>{sheets}</sheets></workbook>"
    )


def _core(now: dt.datetime) -> str:
    stamp = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:creator>Red Rider</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        "</cp:coreProperties>"
    )


def _styles_xml(styles: list[Style]) -> str:
    """The style table: one cellXfs entry per Style, in the order their ids were given."""
    fonts: dict[tuple, int] = {}
    fills: dict[str | None, int] = {None: 0}
    formats: dict[str, int] = {}
    xfs = []
    for style in styles:
        font = fonts.setdefault((style.bold, style.size, style.color), len(fonts))
        fill = fills.setdefault(style.fill, len(fills) + 1) if style.fill else 0
        number = 0
        if style.num_format:
            number = _BUILTIN_FORMATS.get(style.num_format) or formats.setdefault(
                style.num_format, 164 + len(formats)
            )
        xfs.append(
            f'<xf numFmtId="{number}" fontId="{font}" fillId="{fill}" '
            f'borderId="{1 if style.border else 0}" xfId="0"'
            + (' applyNumberFormat="1"' if number else "")
            + (' applyFont="1"' if font else "")
            + (' applyFill="1"' if fill else "")
            + (' applyBorder="1"' if style.border else "")
            + "/>"
        )
    font_xml = "".join(
        "<font>"
        + ("<b/>" if bold else "")
        + f'<sz val="{size or 11}"/>'
        + (f'<color rgb="FF{color}"/>' if color else "")
        + '<name val="Calibri"/></font>'
        for bold, size, color in fonts
    )
    fill_xml = (
        '<fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
        + "".join(
            f'<fill><patternFill patternType="solid"><fgColor rgb="FF{color}"/>'
            '<bgColor indexed="64"/></patternFill></fill>'
            for color in fills
            if color
        )
    )
    format_xml = "".join(
        f"<numFmt numFmtId={quoteattr(str(i))} formatCode={quoteattr(code)}/>"
        for code, i in formats.items()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + (f'<numFmts count="{len(formats)}">{format_xml}</numFmts>' if formats else "")
        + f'<fonts count="{len(fonts)}">{font_xml}</fonts>'
        + f'<fills count="{len(fills) + 1}">{fill_xml}</fills>'
        '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
        '<border><left style="thin"/><right style="thin"/><top style="thin"/>'
        '<bottom style="thin"/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )
