"""The bilingual leaflet renders real Tibetan and Chinese glyphs: a page is rasterised and its
Tibetan column compared with the same page drawn with the Tibetan font missing (which gives
solid boxes)."""

from __future__ import annotations

import pypdfium2 as pdfium

from redrider.honours.leaflet import LeafletText, render_leaflet

TEXT = LeafletText(
    title_zh="雪域高原上的红骑手",
    body_zh="在甘孜州康定市，外卖配送员冒着风雪把热饭送到牧民和游客手中。",
    title_bo="གངས་ཅན་མཐོ་སྒང་གི་ཞོན་པ་དམར་པོ།",
    body_bo="དཀར་མཛེས་ཁུལ་དར་རྩེ་མདོ་གྲོང་ཁྱེར་དུ། ཟ་མ་སྐྱེལ་མཁན་རྣམས་ཀྱིས་ཁ་བ་དང་རླུང་ལ་"
    "མ་འཛེམས་པར་ཁ་ཟས་དྲོན་མོ་སྐྱེལ་བཞིན་ཡོད། སྒྲུབ་བསྐྱོད་ཕྱོགས།",
    issuer="甘孜州市场监督管理局",
)


def tibetan_column(pdf: bytes):
    """The Tibetan (left) column of page 1 below the header, as a greyscale image."""
    document = pdfium.PdfDocument(pdf)
    try:
        image = document[0].render(scale=2).to_pil().convert("L")
    finally:
        document.close()
    width, height = image.size
    return image.crop((60, 300, width // 2 - 20, 700))


def pixels(image) -> bytes:
    return image.tobytes()  # one byte per pixel in mode L


def ink(image) -> float:
    return sum(1 for p in pixels(image) if p < 128) / (image.width * image.height)


def dense_rows(image) -> int:
    """Rows more than 40% dark: a line of box tofu fills them, real glyphs almost never do."""
    data, w = pixels(image), image.width
    return sum(
        1 for y in range(image.height) if sum(p < 128 for p in data[y * w : (y + 1) * w]) > 0.4 * w
    )


def test_the_leaflet_renders_tibetan_glyphs_not_boxes():
    # given the same leaflet drawn with the shipped Tibetan face and with the font missing
    real = tibetan_column(render_leaflet(TEXT))
    missing = tibetan_column(render_leaflet(TEXT, tibetan_font=None))
    # then the real one has ink (glyphs are there) and differs from the missing-font render
    assert 0.02 < ink(real) < 0.35
    assert ink(missing) > 2 * ink(real)
    diff = sum(1 for a, b in zip(pixels(real), pixels(missing), strict=True) if abs(a - b) > 64)
    assert diff > 0.1 * real.width * real.height
    # and it has nowhere near the rows of solid boxes the missing font leaves
    assert dense_rows(missing) > 50
    assert dense_rows(real) < 15


def test_the_leaflet_carries_the_chinese_text_as_text():
    document = pdfium.PdfDocument(render_leaflet(TEXT))
    try:
        text = document[0].get_textpage().get_text_range()
    finally:
        document.close()
    assert "雪域高原上的红骑手" in text.replace("\n", "").replace("\r", "")
