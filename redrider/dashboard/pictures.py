"""Charts for the Word report, drawn as PNG with Pillow (no plotting library): a bar chart of the
child regions and a line chart of a monthly series. Chinese labels use the system's Noto CJK
font when present (Debian `fonts-noto-cjk`); without it the bars are numbered and the report's
table beside each chart carries the names."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

FONT_PATHS = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
]
RED = (200, 22, 29)
GREY = (120, 120, 120)
INK = (40, 40, 40)


@lru_cache(maxsize=8)
def _font(size: int):
    from PIL import ImageFont

    for path in FONT_PATHS:
        if Path(path).exists():
            try:
                return ImageFont.truetype(path, size), True
            except OSError:
                continue
    return ImageFont.load_default(), False


def _png(image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _number(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}"
    return f"{int(value):,}"


def bars(labels: list[str], values: list, *, width: int = 1000) -> bytes:
    """Horizontal bars, one per label, its value at the end."""
    from PIL import Image, ImageDraw

    font, cjk = _font(20)
    row_h, pad, label_w = 34, 16, 220
    height = pad * 2 + row_h * max(len(labels), 1)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    numbers = [v or 0 for v in values]
    top = max(numbers) if numbers and max(numbers) > 0 else 1
    span = width - label_w - pad * 2 - 110
    for i, (label, value) in enumerate(zip(labels, numbers, strict=False)):
        y = pad + i * row_h
        text = label if cjk else str(i + 1)
        draw.text((pad, y + 5), text[:10], fill=INK, font=font)
        length = int(span * value / top)
        draw.rectangle([label_w, y + 5, label_w + max(length, 2), y + row_h - 6], fill=RED)
        draw.text((label_w + length + 8, y + 5), _number(value), fill=INK, font=font)
    return _png(image)


def line(months: list[str], values: list, *, width: int = 1000, height: int = 360) -> bytes:
    """A monthly series with its values written above the points."""
    from PIL import Image, ImageDraw

    font, _cjk = _font(18)
    left, right, top_pad, bottom = 70, 20, 30, 50
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    numbers = [v or 0 for v in values]
    high = max(numbers) if numbers and max(numbers) > 0 else 1
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    draw.line([left, top_pad, left, top_pad + plot_h], fill=GREY)
    draw.line([left, top_pad + plot_h, left + plot_w, top_pad + plot_h], fill=GREY)
    step = plot_w / max(len(numbers) - 1, 1)
    points = [
        (left + i * step, top_pad + plot_h - plot_h * v / high) for i, v in enumerate(numbers)
    ]
    if len(points) > 1:
        draw.line(points, fill=RED, width=3)
    for (x, y), value, month in zip(points, numbers, months, strict=False):
        draw.ellipse([x - 4, y - 4, x + 4, y + 4], fill=RED)
        draw.text((x - 14, y - 24), _number(value), fill=INK, font=font)
        draw.text((x - 24, top_pad + plot_h + 10), month[2:], fill=GREY, font=font)
    return _png(image)
