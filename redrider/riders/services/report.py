"""The survey analysis report (调研分析报告) as .docx: python-docx text and tables, charts drawn
as PNG with Pillow (no plotting library), Chinese labels with the system's Noto CJK font when
present (Debian `fonts-noto-cjk`); without it the charts label bars by number and the table
beside each chart carries the text."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from django.utils import timezone

from redrider.core.text import clean_deep, clean_text
from redrider.regions.models import Region

from ..choices import QuestionKind

FONT_PATHS = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
]
BAR = (200, 30, 40)


@lru_cache(maxsize=4)
def _font(size: int):
    from PIL import ImageFont

    for path in FONT_PATHS:
        if Path(path).exists():
            try:
                return ImageFont.truetype(path, size), True
            except OSError:
                continue
    return ImageFont.load_default(), False


def bar_chart_png(labels: list[str], values: list[int], *, width: int = 900) -> bytes:
    """A horizontal bar chart: one bar per label, its count at the end of the bar."""
    from PIL import Image, ImageDraw

    font, cjk = _font(22)
    row_h, pad, label_w = 44, 20, 300
    height = pad * 2 + row_h * max(len(labels), 1)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    top = max(values) if values and max(values) > 0 else 1
    span = width - label_w - pad * 2 - 80
    for i, (label, value) in enumerate(zip(labels, values, strict=False)):
        y = pad + i * row_h
        text = label if cjk else str(i + 1)
        if len(text) > 12:
            text = text[:11] + "…"
        draw.text((pad, y + 8), text, fill=(40, 40, 40), font=font)
        length = int(span * value / top)
        draw.rectangle([label_w, y + 6, label_w + max(length, 2), y + row_h - 8], fill=BAR)
        draw.text((label_w + length + 10, y + 8), str(value), fill=(40, 40, 40), font=font)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def build_report(*, survey, user, region: str | None) -> bytes:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    from ..stats import survey_stats

    # Titles, options and free answers were typed by people: cleaned before python-docx sees
    # them (it refuses control characters, and so would Word).
    stats = clean_deep(survey_stats(survey=survey, user=user, region=region))
    title, intro = clean_text(survey.title), clean_text(survey.intro or "")
    names = dict(
        Region.objects.filter(code__in=list(stats["by_region"])).values_list("code", "name")
    )
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(11)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    doc.add_heading(f"{title} 调研分析报告", level=0)
    doc.add_paragraph(
        f"生成时间：{timezone.localtime():%Y-%m-%d %H:%M}　　有效答卷：{stats['responses']} 份"
    )
    if intro:
        doc.add_paragraph(intro)

    doc.add_heading("一、答卷地区分布", level=1)
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text, table.rows[0].cells[2].text = (
        "区划代码",
        "地区",
        "答卷数",
    )
    for code, n in stats["by_region"].items():
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = code, names.get(code, ""), str(n)

    doc.add_heading("二、分题统计", level=1)
    for q in stats["questions"]:
        doc.add_heading(f"{q['position']}. {q['text']}（{QuestionKind(q['kind']).label}）", level=2)
        doc.add_paragraph(f"作答人数：{q['answered']}")
        if "counts" in q:
            total = q["answered"] or 1
            table = doc.add_table(rows=1, cols=4)
            table.style = "Table Grid"
            head = table.rows[0].cells
            head[0].text, head[1].text, head[2].text, head[3].text = "序号", "选项", "人数", "占比"
            for i, (label, n) in enumerate(zip(q["options"], q["counts"], strict=False), start=1):
                cells = table.add_row().cells
                cells[0].text, cells[1].text = str(i), label
                cells[2].text, cells[3].text = str(n), f"{100 * n / total:.1f}%"
            doc.add_picture(io.BytesIO(bar_chart_png(q["options"], q["counts"])), width=Cm(15))
        if q.get("mean") is not None:
            doc.add_paragraph(f"平均值：{q['mean']}　最小值：{q['min']}　最大值：{q['max']}")
        if q["kind"] == QuestionKind.TEXT:
            for text in q.get("texts", [])[:20]:
                doc.add_paragraph(text, style="List Bullet")

    doc.add_heading("三、主要结论", level=1)
    for q in stats["questions"]:
        if q.get("counts") and q["answered"]:
            best = max(range(len(q["counts"])), key=lambda i: q["counts"][i])
            doc.add_paragraph(
                f"第{q['position']}题“{q['text']}”中，选择“{q['options'][best]}”的最多，"
                f"共 {q['counts'][best]} 人，占 {100 * q['counts'][best] / q['answered']:.1f}%。",
                style="List Number",
            )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
