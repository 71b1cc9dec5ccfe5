"""Reading any answer back as text: JSON, HTML, CSV, SVG, and the files people download (xlsx,
docx, pdf), so a secret hidden in a compressed file is found like one in a page."""

from __future__ import annotations

import base64
import io
import re
import zipfile
import zlib

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def body_bytes(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def kind_of(response, data: bytes) -> str:
    ctype = (response.get("Content-Type") or "").split(";")[0].strip()
    if ctype == XLSX or (data[:2] == b"PK" and b"xl/" in data[:4000]):
        return "xlsx"
    if ctype == DOCX or (data[:2] == b"PK" and b"word/" in data[:4000]):
        return "docx"
    if ctype == "application/pdf" or data[:5] == b"%PDF-":
        return "pdf"
    if ctype.startswith("image/") and ctype != "image/svg+xml":
        return "image"
    if ctype == "text/csv":
        return "csv"
    return "text"


def text_of(response) -> tuple[str, str]:
    """(kind, the answer as text): files are opened and their cells, paragraphs and strings
    read; JSON is decoded so \\u escapes cannot hide a value."""
    data = body_bytes(response)
    kind = kind_of(response, data)
    if kind == "xlsx":
        return kind, xlsx_text(data)
    if kind == "docx":
        return kind, docx_text(data)
    if kind == "pdf":
        return kind, pdf_text(data)
    if kind == "image":
        return kind, ""
    text = data.decode("utf-8", errors="replace")
    if "json" in (response.get("Content-Type") or ""):
        import json

        try:
            text = json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            pass
    return kind, text


def xlsx_text(data: bytes) -> str:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    cells = []
    for name in book.sheet_names:
        for row in book.get_sheet_by_name(name).to_python():
            cells.extend(str(c) for c in row if c not in (None, ""))
    # Anything else in the package (comments, shared strings not reached, doc properties).
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        raw = " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return "\n".join(cells) + "\n" + raw


def docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts.extend(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return "\n".join(parts)


def _inflate(raw: bytes) -> bytes:
    """A PDF stream through the filters reportlab uses (ASCII85, Flate), as far as they apply."""
    if raw.endswith(b"~>"):
        try:
            raw = base64.a85decode(raw[:-2])
        except ValueError:
            return raw
    try:
        return zlib.decompress(raw)
    except zlib.error:
        return raw


def pdf_text(data: bytes) -> str:
    """Every stream inflated; UTF-16 text (CID fonts) and hex strings turned back into text."""
    chunks = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        chunks.append(_inflate(match.group(1).strip()))
    out = []
    for chunk in chunks:
        out.append(chunk.decode("latin-1"))
        out.append(chunk.replace(b"\x00", b"").decode("latin-1"))
        # Literal strings of two-byte (CID) fonts: octal escapes, high byte NUL for ASCII.
        unescaped = re.sub(
            rb"\\([0-7]{1,3}|.)",
            lambda m: bytes([int(m[1], 8) & 0xFF]) if m[1][:1] in b"01234567" else m[1],
            chunk,
        )
        out.append(unescaped.replace(b"\x00", b"").decode("latin-1"))
        for hexed in re.findall(rb"<([0-9A-Fa-f\s]{4,})>", chunk):
            raw = bytes.fromhex(re.sub(rb"\s", b"", hexed).decode())
            out.append(raw.replace(b"\x00", b"").decode("latin-1"))
    return "\n".join(out)
