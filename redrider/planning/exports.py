"""Downloadable plans: an Excel workbook (台账 style) and a Word planning report."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _

from redrider.core import sheets
from redrider.core.text import clean_text
from redrider.regions.models import Region

from .choices import CandidateSource
from .models import SitePlan
from .services import local_time

SOURCE_LABELS = dict(CandidateSource.choices)


def _pct(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value * 100:.{digits}f}%"


def _metres(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f} 米"


def summary_rows(plan: SitePlan) -> list[tuple[str, Any]]:
    """(label, value) lines shared by both exports."""
    region = Region.objects.filter(code=plan.region_code).first()
    before = (plan.figures or {}).get("before", {})
    after = (plan.figures or {}).get("after", {})
    promise = (
        f"{plan.minutes:g} 分钟（{plan.speed_kmh:g} 公里/小时，绕行系数 {plan.detour:g}）"
        if plan.minutes
        else f"直线 {plan.radius_m:,.0f} 米"
    )
    question = (
        f"新增 {plan.k} 个站点"
        if plan.mode == "k_sites"
        else f"达到 {_pct(plan.target_share)} 覆盖所需的最少站点"
    )
    return [
        (_("区域"), f"{region.name if region else ''}（{plan.region_code}）"),
        (_("方案"), plan.name or f"#{plan.pk}"),
        (_("服务承诺"), promise),
        (_("服务半径（米）"), round(plan.radius_m, 1)),
        (_("开放时刻"), local_time(plan.open_at) or _("不限")),
        (_("问题"), question),
        (_("需求点数"), plan.demand_points),
        (_("需求总权重"), round(plan.demand_total or 0.0, 2)),
        (_("现有开放驿站"), plan.station_count),
        (_("候选点数"), plan.candidate_count),
        (_("现状覆盖率"), _pct(plan.baseline_coverage)),
        (_("方案覆盖率"), _pct(plan.coverage)),
        (_("覆盖率上界（已证明）"), _pct(plan.bound, 2)),
        (_("与上界差距"), _pct(plan.gap, 2)),
        (_("求解方法"), plan.solver),
        (
            _("距最近驿站中位数（前/后）"),
            f"{_metres(before.get('median_m'))} / {_metres(after.get('median_m'))}",
        ),
        (
            _("距最近驿站 90 分位（前/后）"),
            f"{_metres(before.get('p90_m'))} / {_metres(after.get('p90_m'))}",
        ),
        (_("生成时间"), local_time(plan.finished_at or plan.created_at)),
    ]


def plan_xlsx(plan: SitePlan) -> bytes:
    """Workbook: 概要 (summary), 建议站点 (sites in order chosen), 未覆盖热点 (hotspots)."""
    book = sheets.Workbook()
    summary = book.sheet("概要", widths=(28, 50))
    for number, (label, value) in enumerate(summary_rows(plan)):
        summary.row([label, value], sheets.BOLD if number == 0 else None)
    sites = book.sheet("建议站点")
    sites.row(
        [
            "序号",
            "纬度（WGS-84）",
            "经度（WGS-84）",
            "新增覆盖率",
            "新增覆盖权重",
            "候选来源",
            "名称",
            "所在区县代码",
        ],
        sheets.BOLD,
    )
    sites.rows(
        [
            s.rank,
            round(s.lat, 6),
            round(s.lng, 6),
            round(s.gain, 6),
            round(s.gain_weight, 3),
            str(SOURCE_LABELS.get(s.source, s.source)),
            s.label,
            s.county_code,
        ]
        for s in plan.sites.order_by("rank")
    )
    hot = book.sheet("未覆盖热点")
    hot.row(["H3 网格", "中心纬度", "中心经度", "未覆盖权重", "占总需求"], sheets.BOLD)
    hot.rows(
        [h["cell"], h["lat"], h["lng"], h["weight"], round(h["share"], 6)]
        for h in plan.hotspots or []
    )
    return book.close()


def plan_docx(plan: SitePlan) -> bytes:
    """A Word planning report: the question, the figures, the ranked sites, the gaps, the method."""
    from docx import Document

    doc = Document()
    region = Region.objects.filter(code=plan.region_code).first()
    name = region.name if region else plan.region_code
    doc.add_heading(f"{name}暖心驿站覆盖分析与选址建议", level=1)
    doc.add_paragraph(
        f"按服务半径 {plan.radius_m:,.0f} 米计，现有 {plan.station_count or 0} 个开放驿站覆盖了"
        f"骑手需求的 {_pct(plan.baseline_coverage)}；按本方案新增 {len(plan.sites.all())} 个站点后，"
        f"覆盖率可达 {_pct(plan.coverage)}。任何同样数量的选址最多能达到 {_pct(plan.bound, 2)}"
        f"（已证明的上界），本方案与之相差 {_pct(plan.gap, 2)}。"
    )
    doc.add_heading("一、基本情况", level=2)
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in summary_rows(plan):
        row = table.add_row().cells
        row[0].text, row[1].text = clean_text(str(label)), clean_text(str(value))
    doc.add_heading("二、建议新增站点（按选择顺序）", level=2)
    sites = doc.add_table(rows=1, cols=6)
    sites.style = "Table Grid"
    for cell, text in zip(
        sites.rows[0].cells, ["序号", "纬度", "经度", "新增覆盖率", "候选来源", "名称"], strict=True
    ):
        cell.text = text
    for s in plan.sites.order_by("rank"):
        row = sites.add_row().cells
        values = [
            str(s.rank),
            f"{s.lat:.6f}",
            f"{s.lng:.6f}",
            _pct(s.gain, 2),
            str(SOURCE_LABELS.get(s.source, s.source)),
            clean_text(s.label),
        ]
        for cell, text in zip(row, values, strict=True):
            cell.text = text
    doc.add_heading("三、现状未覆盖热点（前 20 个 H3 网格）", level=2)
    hot = doc.add_table(rows=1, cols=4)
    hot.style = "Table Grid"
    for cell, text in zip(
        hot.rows[0].cells, ["网格", "中心位置", "未覆盖权重", "占总需求"], strict=True
    ):
        cell.text = text
    for h in (plan.hotspots or [])[:20]:
        row = hot.add_row().cells
        values = [
            h["cell"],
            f"{h['lat']:.5f}, {h['lng']:.5f}",
            f"{h['weight']:.1f}",
            _pct(h["share"], 2),
        ]
        for cell, text in zip(row, values, strict=True):
            cell.text = text
    doc.add_heading("四、方法说明", level=2)
    doc.add_paragraph(
        "服务圈按骑行时间换算为直线距离：分钟 ÷ 60 × 速度 ÷ 绕行系数（默认 5 分钟、16 公里/小时、"
        "绕行系数 1.3，约 1,026 米）。需求点到驿站的距离为大圆距离。仅统计状态为正常开放的驿站；"
        "指定开放时刻时按各驿站的营业时间判断。选址为最大覆盖选址问题：贪心算法加交换搜索求解，"
        "HiGHS 混合整数规划在时限内给出已证明的上界，二者之差即差距。坐标为 WGS-84。"
    )
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
