"""core.sheets: what an uploaded workbook must never get past on the calamine path, and what every
written workbook must never carry (formulas, control characters), with the layout kept."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook as OpenpyxlWorkbook
from openpyxl import load_workbook

from redrider.core import sheets

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def package(sheet_xml: str, shared: str | None = None, *, extra: dict | None = None) -> bytes:
    """A minimal .xlsx around the given sheet XML (and shared strings), as any generator may
    write one."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats'
            '-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml'
            '.worksheet+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats'
            '.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>',
        )
        rels = (
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        )
        if shared is not None:
            rels += (
                '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/'
                '2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            )
            z.writestr("xl/sharedStrings.xml", shared)
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/relationships">{rels}</Relationships>',
        )
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        for name, body in (extra or {}).items():
            z.writestr(name, body)
    return out.getvalue()


def sheet(cells: str, prefix: str = "") -> str:
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    return (
        f'<?xml version="1.0"?><{p}worksheet {xmlns}><{p}sheetData>{cells}'
        f"</{p}sheetData></{p}worksheet>"
    )


def rows(data: bytes, **kwargs) -> list[tuple]:
    read = sheets.read_sheet(data, **kwargs)
    out = list(read.rows)
    read.close()
    return out


# ---- reading --------------------------------------------------------------------------------


def test_a_formula_cell_reads_as_its_formula_when_formulas_are_refused_and_never_as_its_value():
    # given a cell whose formula has a harmless-looking cached value
    data = package(
        sheet(
            '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>'
            '<row r="2"><c r="A2" t="str"><f>CONCAT("张","三")</f><v>张三</v></c>'
            '<c r="B2"><v>7</v></c></row>'
        )
    )
    # when / then
    assert rows(data, formulas="refuse")[1] == (2, ('=CONCAT("张","三")', 7))
    assert rows(data, formulas="values")[1] == (2, ("张三", 7))


@pytest.mark.parametrize(
    "cell",
    [
        '<x:c r="C3" t="str"><x:f>1+1</x:f><x:v>2</x:v></x:c>',  # a namespace prefix
        '<x:c r="C3"><x:f t="shared" ref="C3:C4" si="0"/><x:v>2</x:v></x:c>',  # a shared one
    ],
)
def test_formulas_are_found_whatever_the_prefix_or_the_kind(cell):
    # given a sheet written with a prefixed namespace
    data = package(sheet(f'<x:row r="3">{cell}</x:row>', prefix="x"))
    # when
    (number, values), *_ = [r for r in rows(data, formulas="refuse") if r[0] == 3]
    # then the cell reads as a formula, in its own column
    assert number == 3 and values[2].startswith("=")


def test_control_characters_are_removed_from_every_text_cell():
    # given text with control characters written as Excel's escapes and inline
    shared = (
        f'<?xml version="1.0"?><sst xmlns="{MAIN}" count="1" uniqueCount="1">'
        "<si><t>锦江_x0007_区_x000B_</t></si></sst>"
    )
    data = package(
        sheet(
            '<row r="1"><c r="A1" t="s"><v>0</v></c>'
            '<c r="B1" t="inlineStr"><is><t>春熙_x0001_路</t></is></c></row>'
        ),
        shared,
    )
    # when
    (_n, values), *_ = rows(data)
    # then
    assert values == ("锦江区", "春熙路")


def test_declared_sizes_over_the_cap_are_refused(monkeypatch):
    # given a cap smaller than the workbook
    monkeypatch.setattr(sheets, "MAX_UNCOMPRESSED", 100)
    data = package(sheet('<row r="1"><c r="A1"><v>1</v></c></row>'))
    # when / then
    with pytest.raises(sheets.BadWorkbook, match="too large"):
        sheets.read_sheet(data)


def test_an_entry_that_inflates_beyond_its_declared_size_is_refused():
    # given a zip bomb's trick: the sheet says it is 200 bytes, and inflates to 10 MB
    body = sheet('<row r="1"><c r="A1"><v>1</v></c></row>' + " " * 10_000_000)
    data = bytearray(package(body))
    header = data.find(b"PK\x01\x02", data.find(b"xl/worksheets/sheet1.xml") - 200)
    while data[header + 46 : header + 46 + 24] != b"xl/worksheets/sheet1.xml":
        header = data.find(b"PK\x01\x02", header + 4)
    struct.pack_into("<I", data, header + 24, 200)  # the central directory's size field
    # when / then
    with pytest.raises(sheets.BadWorkbook):
        sheets.read_sheet(bytes(data), formulas="refuse")


def test_entities_are_never_expanded():
    # given a billion-laughs style entity in the shared strings
    shared = (
        '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "AAAAAAAAAA">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>&c;</t></si></sst>'
    )
    data = package(sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), shared)
    # when the workbook is read (or refused)
    try:
        values = [v for _n, row in rows(data, formulas="refuse") for v in row]
    except sheets.BadWorkbook:
        values = []
    # then no entity was expanded
    assert not any("AAAA" in str(v) for v in values)


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04broken", b"not a zip at all"])
def test_what_is_not_a_workbook_is_refused(data):
    with pytest.raises(sheets.BadWorkbook):
        sheets.read_sheet(data, formulas="refuse")


def test_values_keep_their_types_and_rows_their_numbers():
    # given a workbook as Excel writes one, with its data starting at B2
    book = OpenpyxlWorkbook()
    ws = book.active
    ws["B2"], ws["C2"], ws["D2"], ws["E2"] = "文本", 12, 2.5, dt.date(2024, 3, 1)
    ws["B4"] = True
    out = io.BytesIO()
    book.save(out)
    # when
    read = rows(out.getvalue(), formulas="refuse")
    # then empty cells are None, whole numbers int, rows numbered as in the file
    assert read[1] == (2, (None, "文本", 12, 2.5, dt.date(2024, 3, 1)))
    assert read[3] == (4, (None, True, None, None, None))
    assert all(v is None for v in read[0][1] + read[2][1])


# ---- writing --------------------------------------------------------------------------------


def test_written_text_is_never_a_formula_and_never_carries_a_control_character():
    # given values that would break a naive writer or run in a spreadsheet
    out = io.BytesIO()
    # when
    count = sheets.write_xlsx(
        out,
        header=["a", "b", "c"],
        rows=[[1, "x<&>\x0by\x00", dt.date(2024, 3, 1)], [2.5, "=1+1", None], [3, "@SUM(A1)"]],
        sheet_name="骑手名单",
    )
    # then
    data = out.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml and b"<f " not in xml
    ws = load_workbook(io.BytesIO(data)).active
    assert count == 3 and ws.title == "骑手名单" and ws["A1"].font.b
    assert [tuple(r) for r in ws.iter_rows(values_only=True)] == [
        ("a", "b", "c"),
        (1, "x<&>y", dt.datetime(2024, 3, 1)),
        (2.5, "'=1+1", None),
        (3, "'@SUM(A1)", None),
    ]
    assert sheets.column_letters(28)[-3:] == ["Z", "AA", "AB"]


def test_a_workbook_keeps_its_sheets_styles_widths_panes_and_drop_downs():
    # given
    book = sheets.Workbook()
    ws = book.sheet(
        "台账:一",
        widths=[6, 30],
        freeze=(1, 2),
        column_styles={1: sheets.TEXT},
        lists=[sheets.ListRule("C2:C100", ["专送", "众包"])],
    )
    ws.row(["标题"], sheets.Style(bold=True, size=14))
    ws.row(["甲", sheets.Styled("乙", sheets.Style(bold=True, fill="FDE2E1"))], sheets.BOLD)
    ws.row([Decimal("1.5"), dt.datetime(2024, 3, 1, 12, 30, 15), False])
    second = book.sheet("二")
    second.rows([[i] for i in range(3)])
    # when
    wb = load_workbook(io.BytesIO(book.close()))
    # then
    first = wb.worksheets[0]
    assert wb.sheetnames == ["台账一", "二"]
    assert first["A1"].font.b and first["A1"].font.sz == 14
    assert first["B2"].fill.fgColor.rgb == "FFFDE2E1" and first["A2"].font.b
    assert first.column_dimensions["B"].width == 30 and first.freeze_panes == "C2"
    assert first.data_validations.dataValidation[0].formula1 == '"专送,众包"'
    assert [c.value for c in first[3]] == [1.5, dt.datetime(2024, 3, 1, 12, 30, 15), False]
    assert [r[0].value for r in wb.worksheets[1].iter_rows()] == [0, 1, 2]
