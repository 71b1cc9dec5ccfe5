"""The standard A4 station sign: name, code, services and a QR code to the check-in page.

PDF: reportlab with its built-in `STSong-Light` CID font (Chinese without any font file).
PNG: segno draws the QR, Pillow the sheet; Chinese text uses Noto CJK when the machine has it
and falls back to Pillow's default font otherwise (the QR and code stay usable either way).
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

import segno
from django.urls import reverse
from PIL import Image, ImageDraw, ImageFont

from redrider.core.text import clean_text

from .choices import Service
from .models import Station

NOTO_DIR = Path("/usr/share/fonts/opentype/noto")
NOTO_CANDIDATES = ("NotoSansCJK-Bold.ttc", "NotoSansCJK-Regular.ttc", "NotoSerifCJK-Regular.ttc")
TITLE = "红骑手 · 暖心驿站"
SCAN_HINT = "骑手扫码签到"


def checkin_url(request, station: Station) -> str:
    return request.build_absolute_uri(reverse("stations:checkin", args=[station.code]))


def _service_labels(station: Station) -> list[str]:
    labels = dict(Service.choices)
    return [str(labels.get(code, code)) for code in station.services]


def _texts(station: Station) -> tuple[str, str, str]:
    """Name, opening hours and address as typed by the host, cleaned for print."""
    return (
        clean_text(station.name),
        clean_text(station.opening_hours),
        clean_text(station.address or ""),
    )


def sign_pdf(station: Station, url: str) -> bytes:
    from reportlab.graphics import renderPDF
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    name, hours, address = _texts(station)
    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    width, height = A4
    c = canvas.Canvas(buf, pagesize=A4)
    c.setTitle(f"{name} {station.code}")
    c.setFillColorRGB(0.784, 0.086, 0.114)
    c.rect(0, height - 40 * mm, width, 40 * mm, stroke=0, fill=1)
    c.setFillColorRGB(1, 1, 1)
    c.setFont("STSong-Light", 30)
    c.drawCentredString(width / 2, height - 25 * mm, TITLE)
    c.setFillColorRGB(0, 0, 0)
    c.setFont("STSong-Light", 24)
    c.drawCentredString(width / 2, height - 58 * mm, name[:30])
    # The QR as vector squares from segno's matrix: sharp at any print size.
    qr = segno.make(url, error="m")
    size = 110 * mm
    modules = qr.symbol_size(border=2)[0]
    cell = size / modules
    x0, y0 = (width - size) / 2, height - 70 * mm - size
    drawing = Drawing(size, size)
    from reportlab.graphics.shapes import Rect
    from reportlab.lib import colors

    for r, row in enumerate(qr.matrix_iter(border=2)):
        for col, dark in enumerate(row):
            if dark:
                drawing.add(
                    Rect(
                        col * cell,
                        size - (r + 1) * cell,
                        cell,
                        cell,
                        fillColor=colors.black,
                        strokeColor=None,
                    )
                )
    renderPDF.draw(drawing, c, x0, y0)
    # On screen the QR is also a link, so a sign opened on a phone still leads to check-in.
    c.linkURL(url, (x0, y0, x0 + size, y0 + size), relative=0)
    c.setFont("STSong-Light", 16)
    c.drawCentredString(width / 2, y0 - 10 * mm, f"{SCAN_HINT}  ·  编码 {station.code}")
    c.setFont("STSong-Light", 14)
    services = "、".join(_service_labels(station)) or "—"
    text = c.beginText(25 * mm, y0 - 25 * mm)
    text.setFont("STSong-Light", 14)
    line = "服务：" + services
    while line:
        text.textLine(line[:36])
        line = line[36:]
    text.textLine("开放时间：" + hours)
    if address:
        text.textLine("地址：" + address[:40])
    c.drawText(text)
    c.setFont("Helvetica", 9)
    c.drawCentredString(width / 2, 12 * mm, url)
    c.showPage()
    c.save()
    return buf.getvalue()


@lru_cache(maxsize=8)
def _font(size: int):
    for name in NOTO_CANDIDATES:
        path = NOTO_DIR / name
        if path.exists():
            try:
                return ImageFont.truetype(str(path), size, index=2)  # index 2 = SC in Noto CJK TTC
            except OSError:
                continue
    return None


def cjk_font_available() -> bool:
    return _font(24) is not None


def sign_png(station: Station, url: str) -> bytes:
    """A 1240×1754 (A4 at 150 dpi) PNG of the sign."""
    name, hours, _address = _texts(station)
    width, height = 1240, 1754
    sheet = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(sheet)
    draw.rectangle([0, 0, width, 230], fill=(200, 22, 29))
    title_font, name_font, body_font = _font(84), _font(64), _font(40)
    has_cjk = title_font is not None

    def text(xy, value, font, fill="black", anchor="mm"):
        if font is None:
            # No CJK font: keep what the default font can show (the code, the URL).
            value = value.encode("ascii", "ignore").decode().strip()
            if not value:
                return
            font = ImageFont.load_default()
        draw.text(xy, value, font=font, fill=fill, anchor=anchor)

    text(
        (width // 2, 115), TITLE if has_cjk else "Red Rider warm station", title_font, fill="white"
    )
    text((width // 2, 330), name[:18], name_font)
    qr_png = io.BytesIO()
    segno.make(url, error="m").save(qr_png, kind="png", scale=20, border=2)
    qr_img = Image.open(io.BytesIO(qr_png.getvalue())).convert("RGB")
    qr_img = qr_img.resize((760, 760), Image.NEAREST)
    sheet.paste(qr_img, ((width - 760) // 2, 420))
    text(
        (width // 2, 1230), f"{SCAN_HINT} · {station.code}" if has_cjk else station.code, body_font
    )
    services = "、".join(_service_labels(station))
    y = 1330
    for i in range(0, len(services), 24):
        text((width // 2, y), ("服务：" if i == 0 else "") + services[i : i + 24], body_font)
        y += 60
    text((width // 2, y + 20), "开放时间：" + hours, body_font)
    draw.text(
        (width // 2, height - 60), url, fill="gray", anchor="mm", font=ImageFont.load_default()
    )
    out = io.BytesIO()
    sheet.save(out, format="PNG", optimize=True)
    return out.getvalue()
