"""The bilingual leaflet (藏汉双语宣传单): a story laid out in Tibetan and Chinese side by side
as a printable A4 PDF.

Tibetan needs real shaping (stacked consonants, vowel signs above and below): the Noto Serif
Tibetan face the project already ships (`@fontsource/noto-serif-tibetan`, a WOFF2 in the static
files) is converted once per process to TrueType with fontTools, registered with reportlab, and
every Tibetan line is shaped by HarfBuzz (reportlab's `shapeStr`, backed by `uharfbuzz`). Lines
are broken by hand after a tsheg (་) or shad (།) — reportlab's paragraph wrapper does not know
Tibetan syllables. Chinese uses reportlab's built-in `STSong-Light` CID font (no font file).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import lru_cache

from django.contrib.staticfiles import finders
from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont, shapeStr
from reportlab.pdfgen import canvas

from redrider.core.errors import DomainError

TIBETAN_FACE = "vendor/fonts/noto-serif-tibetan-tibetan-400-normal.woff2"
TIBETAN = "NotoSerifTibetan"
CHINESE = "STSong-Light"
LATIN = "Helvetica"
RED = HexColor("#c8161d")
INK = HexColor("#1f2328")
MUTED = HexColor("#5f6b76")

# Break opportunities in Tibetan: after a tsheg, a shad or a space (kept with the syllable).
_TIBETAN_BREAK = re.compile(r"[^\u0f0b\u0f0d\u0f0e\s]*[\u0f0b\u0f0d\u0f0e\s]*")
# Chinese punctuation that must not open a line (避头点).
_NO_LINE_START = set("，。、；：？！）》」』”’%·…—")


class FontMissing(DomainError):
    status = 503


@lru_cache(maxsize=1)
def tibetan_ttf() -> bytes:
    """The shipped Tibetan WOFF2 converted to TrueType (once per process)."""
    from fontTools.ttLib import TTFont as FontFile

    path = finders.find(TIBETAN_FACE)
    if not path:
        raise FontMissing(
            "font_missing",
            "缺少藏文字体（请运行 make setup 安装静态资源）",
            "the Tibetan font is missing (run make setup)",
        )
    face = FontFile(path)
    face.flavor = None
    out = io.BytesIO()
    face.save(out)
    return out.getvalue()


def register_fonts() -> None:
    """Register the Tibetan face and the Chinese CID font with reportlab (idempotent)."""
    if TIBETAN not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(TIBETAN, io.BytesIO(tibetan_ttf())))
    if CHINESE not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CHINESE))


@dataclass(frozen=True)
class LeafletText:
    """What one leaflet says: a headline and body in each language, and the footer lines."""

    title_zh: str
    body_zh: str
    title_bo: str
    body_bo: str
    brand_zh: str = "红骑手"
    brand_bo: str = "ཞོན་པ་དམར་པོ།"
    issuer: str = ""
    link: str = ""


def _width(text: str, font: str, size: float) -> float:
    shaped = shapeStr(text, font, size) if font == TIBETAN else text
    data = getattr(shaped, "__shapeData__", None)
    if data:
        return sum(d.x_advance for d in data) * size / 1000
    return pdfmetrics.stringWidth(text, font, size)


def wrap_tibetan(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of at most `width` points, broken only between syllables (after ་ or །)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for piece in _TIBETAN_BREAK.findall(paragraph.strip()):
            if not piece:
                continue
            if line and _width(line + piece, font, size) > width:
                lines.append(line)
                line = piece.lstrip()
            else:
                line += piece
        lines.append(line)
    return lines


def wrap_chinese(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of at most `width` points, one character at a time, never opening a line with
    closing punctuation."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for ch in paragraph.strip():
            if line and pdfmetrics.stringWidth(line + ch, font, size) > width:
                if ch in _NO_LINE_START:
                    line, ch = line[:-1], line[-1] + ch
                lines.append(line)
                line = ch
            else:
                line += ch
        lines.append(line)
    return lines


class _Page:
    """A canvas that starts a new page (with the header) when a column runs out."""

    MARGIN = 40
    GUTTER = 24

    def __init__(self, text: LeafletText, tibetan_font: str):
        self.buffer = io.BytesIO()
        self.c = canvas.Canvas(self.buffer, pagesize=A4, invariant=1)
        self.c.setTitle(f"{text.title_zh} · {text.brand_zh}")
        self.c.setAuthor(text.issuer or text.brand_zh)
        self.text = text
        self.tibetan_font = tibetan_font
        self.width, self.height = A4
        self.column = (self.width - 2 * self.MARGIN - self.GUTTER) / 2
        self.page = 0

    def header(self) -> float:
        c, t = self.c, self.text
        self.page += 1
        c.setFillColor(RED)
        c.rect(0, self.height - 92, self.width, 92, stroke=0, fill=1)
        c.setFillColor(white)
        self.tibetan(t.brand_bo, self.MARGIN, self.height - 44, 20)
        c.setFont(CHINESE, 20)
        c.drawRightString(self.width - self.MARGIN, self.height - 44, f"{t.brand_zh} 跟党走")
        c.setFont(CHINESE, 10)
        c.drawRightString(self.width - self.MARGIN, self.height - 70, "藏汉双语宣传单")
        return self.height - 130

    def footer(self) -> None:
        c, t = self.c, self.text
        c.setFillColor(MUTED)
        c.setFont(CHINESE, 9)
        c.drawString(self.MARGIN, 28, t.issuer)
        if t.link:
            c.setFont(LATIN, 8)
            c.drawRightString(self.width - self.MARGIN, 28, t.link)
        c.setFont(LATIN, 8)
        c.drawCentredString(self.width / 2, 14, str(self.page))

    def tibetan(self, line: str, x: float, y: float, size: float) -> None:
        obj = self.c.beginText(x, y)
        obj.setFont(self.tibetan_font, size)
        if self.tibetan_font == TIBETAN:
            obj.textOut(shapeStr(line, self.tibetan_font, size))
        else:
            obj.textOut(line)
        self.c.drawText(obj)

    def render(self) -> bytes:
        t = self.text
        left, right = self.MARGIN, self.MARGIN + self.column + self.GUTTER
        bo_title = wrap_tibetan(t.title_bo, self.tibetan_font, 17, self.column)
        zh_title = wrap_chinese(t.title_zh, CHINESE, 16, self.column)
        bo_body = wrap_tibetan(t.body_bo, self.tibetan_font, 12.5, self.column)
        zh_body = wrap_chinese(t.body_zh, CHINESE, 11.5, self.column)
        rows = [(bo_title, zh_title, 17, 16, 30, 24), (bo_body, zh_body, 12.5, 11.5, 23, 19)]
        y = self.header()
        for bo, zh, bo_size, zh_size, bo_lead, zh_lead in rows:
            y_bo = y_zh = y
            i = j = 0
            while i < len(bo) or j < len(zh):
                if min(y_bo, y_zh) < 60:
                    self.footer()
                    self.c.showPage()
                    y = y_bo = y_zh = self.header()
                self.c.setFillColor(INK)
                if i < len(bo) and y_bo >= 60:
                    self.tibetan(bo[i], left, y_bo, bo_size)
                    y_bo -= bo_lead
                    i += 1
                if j < len(zh) and y_zh >= 60:
                    self.c.setFont(CHINESE, zh_size)
                    self.c.drawString(right, y_zh, zh[j])
                    y_zh -= zh_lead
                    j += 1
            y = min(y_bo, y_zh) - 14
            self.c.setStrokeColor(HexColor("#d8dee4"))
            self.c.line(left, y + 6, self.width - self.MARGIN, y + 6)
            y -= 10
        self.footer()
        self.c.showPage()
        self.c.save()
        return self.buffer.getvalue()


def render_leaflet(text: LeafletText, *, tibetan_font: str | None = TIBETAN) -> bytes:
    """The leaflet as PDF bytes. `tibetan_font=None` draws the Tibetan with a Latin font that
    has no Tibetan glyphs — what a leaflet looks like when the font is missing (tests compare)."""
    register_fonts()
    return _Page(text, tibetan_font or LATIN).render()
