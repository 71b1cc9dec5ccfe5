"""Reports of the cockpit: the monthly work report (.docx), the indicator ledgers (台账, .xlsx),
and both filed each month for every province and prefecture (`FiledReport`).

Every figure in them is read through the same selectors as the API (`selectors.py`), so the
documents hold the API's numbers. Ledger rows come from each indicator's own definition (the
rows it counts) with personal data masked: a rider is a masked name and phone, never an ID
number; a tip-off never names its informant; attendances and ledger entries name no rider.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from types import SimpleNamespace

from django.db import transaction
from django.db.models import Count, F, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from redrider.accounts.policy import Place, require
from redrider.appeals.choices import AppealCategory
from redrider.appeals.models import Appeal
from redrider.appeals.selectors import appeal_hotspots
from redrider.core import sheets
from redrider.core.audit import audit_record
from redrider.core.errors import InvalidInput
from redrider.core.text import clean_text
from redrider.regions import tree
from redrider.regions.figures import Distinct, Indicator, Period, Tally, region_filter
from redrider.riders.models import Rider
from redrider.workplan.models import Task

from . import pictures, registry, selectors
from .models import FiledReport, ReportKind

MAX_LEDGER_ROWS = 1_000_000
MONTH = re.compile(r"^(\d{4})-(\d{2})$")

# The monthly filing reads on behalf of the platform: the whole country, no personal detail
# beyond what every officer sees (party membership stays hidden).
PLATFORM = SimpleNamespace(
    pk=None,
    id=None,
    is_authenticated=True,
    is_active=True,
    is_superuser=True,
    role="province_admin",
    scope_code="000000",
    acts_for_region=True,
    keeps_stations=False,
    can_view_pii=False,
    can_view_political_status=False,
    username="platform",
    label="平台（月度归档）",
)


def filed_list(*, user, region_code: str | None) -> QuerySet[FiledReport]:
    """The reports filed for a visible region and the regions below it, newest month first."""
    region = selectors.visible_region(user=user, region_code=region_code)
    return FiledReport.objects.visible_to(user).in_region(region.code).defer("content")


# --- months ------------------------------------------------------------------------------------


def month_period(month: str | None) -> tuple[str, Period]:
    """`YYYY-MM` (default: last month) as a period; 422 for anything else, or a month not yet
    begun."""
    today = selectors.today()
    if month is None:
        last = today.replace(day=1) - dt.timedelta(days=1)
        month = f"{last:%Y-%m}"
    found = MONTH.match(month or "")
    if not found or not 1 <= int(found[2]) <= 12:
        raise InvalidInput(
            "invalid_month", "月份格式应为 YYYY-MM", "a month is YYYY-MM", field="month"
        )
    first = dt.date(int(found[1]), int(found[2]), 1)
    if first > today or first < selectors.EARLIEST:
        raise InvalidInput(
            "invalid_month",
            f"月份 {month} 超出范围",
            f"month {month} is out of range",
            field="month",
        )
    following = dt.date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return month, Period(first, following - dt.timedelta(days=1))


def _previous(period: Period) -> Period:
    last = period.start - dt.timedelta(days=1)
    return Period(last.replace(day=1), last)


# --- the monthly work report ------------------------------------------------------------------


def monthly_figures(*, user, region_code: str, month: str | None) -> dict:
    """The figures of the report: this month, last month and all up to the month's end, for
    the region and its children."""
    month, period = month_period(month)
    this = selectors.indicators_for(user=user, region_code=region_code, period=period)
    before = selectors.indicators_for(user=user, region_code=region_code, period=_previous(period))
    total = selectors.indicators_for(
        user=user, region_code=region_code, period=Period(None, period.end)
    )
    children = selectors.indicators_children(user=user, region_code=region_code, period=period)
    return {
        "month": month,
        "period": period,
        "region_code": this["region_code"],
        "name": this["name"],
        "this": this["indicators"],
        "before": before["indicators"],
        "total": total["indicators"],
        "children": children["items"],
    }


def _change(now, then):
    if now is None or then is None:
        return None
    return round(now - then, 2) if isinstance(now - then, float) else now - then


def _text(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{value:,}"


def _signed(value) -> str:
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + _text(value)


def late_tasks(*, user, region_code: str, on: dt.date) -> list[Task]:
    """Work-plan tasks of the region late at `on`: due before it and not done by then."""
    qs = (
        Task.objects.visible_to(user)
        .filter(region_filter("region_code", region_code), due_date__lt=on)
        .exclude(status="done", done_on__lte=on)
        .exclude(status="done", done_on__isnull=True)
        .select_related("measure", "owner")
        .order_by("due_date", "region_code", "id")
    )
    return list(qs[:50])


def hotspots(*, user, region_code: str) -> list[dict]:
    """The open appeals' hotspots of the region, heaviest first (at most 10)."""
    spots = sorted(
        appeal_hotspots(user=user, region=region_code), key=lambda s: (-s.weight, -s.size)
    )[:10]
    centres = dict(
        Appeal.objects.filter(pk__in=[s.centre_id for s in spots]).values_list("pk", "region_code")
    )
    return [
        {
            "category": str(AppealCategory(s.category).label),
            "region": tree.name_of(centres.get(s.centre_id, "")),
            "cases": s.size,
            "weight": s.weight,
            "radius_m": int(s.radius_m),
        }
        for s in spots
    ]


def _table(doc, header: list[str], rows: list[list[str]]):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = clean_text(str(text))
    return table


def monthly_docx(*, user, region_code: str | None, month: str | None) -> tuple[bytes, str]:
    """The monthly work report of a region as .docx: the indicators with the change since last
    month, charts, the late work-plan tasks and the appeals' hotspots."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    region = selectors.visible_region(user=user, region_code=region_code)
    require(user, "dashboard.report", Place(region.code))
    data = monthly_figures(user=user, region_code=region.code, month=month)
    period: Period = data["period"]
    definitions = {d["key"]: d for d in selectors.definitions()}
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(10.5)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    year, number = data["month"].split("-")
    doc.add_heading(f"{region.name}“红骑手”工作月度报告（{year}年{int(number)}月）", level=0)
    doc.add_paragraph(
        f"统计期间：{period.start} 至 {period.end}（北京时间）　　"
        f"生成时间：{timezone.localtime():%Y-%m-%d %H:%M}"
    )
    doc.add_paragraph(
        "口径：流量指标（如活动、签到、诉求）计本月内发生的；存量指标（如骑手、驿站）计月末已有的。"
        "各指标定义见文末。"
    )

    doc.add_heading("一、主要指标", level=1)
    header = ["指标", "单位", "本月", "上月", "较上月", "截至月末累计"]
    for group in registry.groups(data["this"]):
        doc.add_heading(group["title"], level=2)
        rows = []
        for key, label, value in group["cards"]:
            before = data["before"].get(key)
            rows.append(
                [
                    label,
                    definitions[key]["unit"],
                    _text(value),
                    _text(before),
                    _signed(_change(value, before)),
                    _text(data["total"].get(key)),
                ]
            )
        _table(doc, header, rows)

    doc.add_heading("二、趋势与分布", level=1)
    trend = selectors.trends_for(
        user=user,
        region_code=region.code,
        months=12,
        keys=["station_checkins", "appeals", "activities"],
        end=period.end,
    )
    for key in ("station_checkins", "appeals", "activities"):
        doc.add_paragraph(f"近 12 个月{definitions[key]['label']}（{definitions[key]['unit']}）")
        doc.add_picture(
            io.BytesIO(pictures.line(trend["months"], trend["series"][key])), width=Cm(16)
        )
    if data["children"]:
        for key in ("riders", "stations", "activities"):
            ranked = sorted(data["children"], key=lambda c: -(c["indicators"].get(key) or 0))[:20]
            doc.add_paragraph(f"下级区域{definitions[key]['label']}（本月，前 20）")
            doc.add_picture(
                io.BytesIO(
                    pictures.bars(
                        [c["name"] for c in ranked], [c["indicators"].get(key) for c in ranked]
                    )
                ),
                width=Cm(16),
            )
            _table(
                doc,
                ["区域", definitions[key]["label"]],
                [[c["name"], _text(c["indicators"].get(key))] for c in ranked],
            )

    doc.add_heading("三、逾期工作任务", level=1)
    late = late_tasks(user=user, region_code=region.code, on=period.end + dt.timedelta(days=1))
    if late:
        _table(
            doc,
            ["举措", "任务", "区域", "责任人", "完成时限", "进度", "逾期天数"],
            [
                [
                    f"{t.measure.number}",
                    t.title,
                    tree.name_of(t.region_code),
                    getattr(t.owner, "display_name", "") or "—" if t.owner_id else "—",
                    f"{t.due_date}",
                    f"{t.progress}%",
                    str((period.end - t.due_date).days + 1),
                ]
                for t in late
            ],
        )
    else:
        doc.add_paragraph("月末无逾期任务。")

    doc.add_heading("四、诉求热点", level=1)
    categories = [
        [definitions[f"appeals_{c}"]["label"], _text(data["this"].get(f"appeals_{c}"))]
        for c in AppealCategory.values
        if data["this"].get(f"appeals_{c}")
    ]
    doc.add_paragraph(
        f"本月诉求 {_text(data['this'].get('appeals'))} 件，"
        f"解决 {_text(data['this'].get('appeals_solved'))} 件。按类别："
    )
    if categories:
        _table(doc, ["类别", "本月件数"], categories)
    spots = hotspots(user=user, region_code=region.code)
    doc.add_paragraph("办理中诉求的聚集点（同类诉求在相近位置反复出现）：")
    if spots:
        _table(
            doc,
            ["类别", "区域", "诉求件数", "加权（含“我也遇到”）", "范围（米）"],
            [[s["category"], s["region"], s["cases"], s["weight"], s["radius_m"]] for s in spots],
        )
    else:
        doc.add_paragraph("目前没有聚集点。")

    doc.add_heading("附：指标定义", level=1)
    for group in registry.groups(data["this"]):
        for key, label, _value in group["cards"]:
            doc.add_paragraph(f"{label}：{definitions[key]['definition']}", style="List Bullet")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue(), f"monthly-report-{region.code}-{data['month']}.docx"


# --- the ledgers -------------------------------------------------------------------------------


def _row_value(expression):
    """What one row adds to a tally's aggregate (1 for a count, the summed field for a sum)."""
    if expression is None or isinstance(expression, Count):
        return Value(1)
    if isinstance(expression, Sum):
        return expression.source_expressions[0]
    if isinstance(expression, Coalesce):
        return _row_value(expression.source_expressions[0])
    raise TypeError(f"no row value for {expression!r}")


def _label_of(obj, name: str) -> str:
    getter = getattr(obj, f"get_{name}_display", None)
    return str(getter()) if getter else str(getattr(obj, name, ""))


def summary(obj) -> str:
    """One line about a counted row, with personal data masked: a rider's masked name and
    phone; a tip-off's category and merchant (never the informant); nobody's ID number."""
    if isinstance(obj, Rider):
        parts = [obj.masked_name, obj.masked_phone] if obj.name or obj.phone else ["（合成数据）"]
        return " ".join(p for p in parts if p)
    if hasattr(obj, "display_name") and obj.__class__.__name__ == "Exemplar":
        return obj.display_name
    for name in ("title", "name"):
        value = getattr(obj, name, None)
        if isinstance(value, str) and value:
            return value
    for name in ("category", "kind", "role", "status"):
        if hasattr(obj, name):
            return _label_of(obj, name)
    return ""


def _status(obj) -> str:
    return _label_of(obj, "status") if hasattr(obj, "status") else ""


def _ledger_rows(tally: Tally, *, user, region_code: str, period: Period) -> Iterator[list]:
    qs = tally.in_period(tally.base(user).filter(region_filter(tally.region, region_code)), period)
    qs = qs.annotate(
        ledger_region=F(tally.region),
        ledger_day=tally.day_expression(),
        ledger_value=_row_value(tally.value),
    )
    if isinstance(tally.value, Count) and tally.value.distinct:
        qs = qs.distinct()
    qs = qs.order_by("ledger_region", "ledger_day", "pk")
    for number, obj in enumerate(qs.iterator(chunk_size=2000), start=1):
        if number > MAX_LEDGER_ROWS:
            return
        value = obj.ledger_value
        yield [
            number,
            obj.pk,
            obj.ledger_region,
            tree.name_of(obj.ledger_region),
            obj.ledger_day,
            summary(obj),
            _status(obj),
            float(value)
            if hasattr(value, "as_integer_ratio") and not isinstance(value, int)
            else value,
        ]


def _distinct_rows(ind: Distinct, *, user, region_code: str, period: Period) -> Iterator[list]:
    qs = ind.in_period(ind.base(user).filter(region_filter(ind.region, region_code)), period)
    first: dict = {}
    for code, value in qs.order_by(ind.region).values_list(ind.region, ind.of).distinct():
        first.setdefault(value, code)
    for number, (value, code) in enumerate(sorted(first.items()), start=1):
        if number > MAX_LEDGER_ROWS:
            return
        yield [number, value, code, tree.name_of(code), None, f"编号 {value}", "", 1]


LEDGER_HEADER = [
    "序号",
    "记录编号",
    "区划代码",
    "区域",
    "日期",
    "摘要（已脱敏）",
    "状态",
    "计数/数值",
]


def ledger_xlsx(
    *, user, region_code: str | None, period: Period, keys: list[str] | None = None
) -> tuple[bytes, str]:
    """The ledgers of a region for a period: a summary sheet with every figure, then one sheet
    per counted indicator listing the rows it counts (masked), its total equal to the figure."""
    region = selectors.visible_region(user=user, region_code=region_code)
    require(user, "dashboard.report", Place(region.code))
    chosen = [i for i in registry.resolve(keys) if not i.hidden]
    figures = selectors.indicators_for(
        user=user, region_code=region.code, period=period, keys=[i.key for i in chosen]
    )["indicators"]
    span = f"{period.start or '开始'} 至 {period.end or '现在'}"
    book = sheets.Workbook()
    head = book.sheet("汇总", widths=(28, 36, 14, 8, 80), freeze=(4, 0))
    head.row([f"{region.name} 指标台账", region.code], sheets.BOLD)
    head.row(["统计期间", span])
    head.row([])
    head.row(["指标代码", "指标", "数值", "单位", "定义"], sheets.BOLD)
    for ind in chosen:
        head.row(
            [ind.key, str(ind.label), figures.get(ind.key), str(ind.unit), str(ind.definition)]
        )
    for number, ind in enumerate(_listable(chosen), start=1):
        ws = book.sheet(
            f"{number:02d} {ind.label}", widths=(8, 12, 10, 14, 12, 36, 12, 12), freeze=(7, 0)
        )
        ws.row(["指标", str(ind.label), ind.key], sheets.BOLD)
        ws.row(["定义", str(ind.definition)])
        ws.row(["区域", region.name, region.code])
        ws.row(["统计期间", span])
        ws.row(["合计", figures.get(ind.key), str(ind.unit)], sheets.BOLD)
        ws.row(
            ["说明", f"逐行列出计入本指标的记录（至多 {MAX_LEDGER_ROWS:,} 行），个人信息已脱敏。"]
        )
        ws.row(LEDGER_HEADER, sheets.BOLD)
        rows = (
            _distinct_rows(ind, user=user, region_code=region.code, period=period)
            if isinstance(ind, Distinct)
            else _ledger_rows(ind, user=user, region_code=region.code, period=period)
        )
        ws.rows(rows)
    data = book.close()
    audit_record(
        actor=user if getattr(user, "pk", None) else None,
        actor_label="" if getattr(user, "pk", None) else PLATFORM.label,
        action="dashboard.ledger_export",
        region_code=region.code,
        detail={
            "keys": [i.key for i in chosen][:100],
            "from": str(period.start),
            "to": str(period.end),
        },
    )
    stamp = f"{period.start or 'all'}_{period.end or 'now'}"
    return data, f"ledger-{region.code}-{stamp}.xlsx"


def _listable(chosen: list[Indicator]) -> list[Tally]:
    """The indicators whose rows can be listed: the tallies (distinct counts included)."""
    return [i for i in chosen if isinstance(i, Tally)]


# --- filing each month ---------------------------------------------------------------------------


def filing_regions() -> list[str]:
    """Every province and prefecture with data in the rollups (all of them when the rollups are
    not built yet)."""
    from .models import Total

    units = [n.code for n in tree.nodes() if n.level in ("province", "prefecture")]
    with_data = set(
        Total.objects.filter(node__in=units, grain="m").values_list("node", flat=True).distinct()
    )
    return [c for c in units if c in with_data] if with_data else units


def file_month(*, month: str | None = None, regions: list[str] | None = None, out=None) -> int:
    """File the month's report and ledgers for each region (default: every province and
    prefecture with data); a region filed again for the same month is replaced. Returns how many
    documents were filed."""
    say = out or (lambda message: None)
    month, period = month_period(month)
    filed = 0
    for code in regions or filing_regions():
        documents = [
            (ReportKind.MONTHLY, *monthly_docx(user=PLATFORM, region_code=code, month=month)),
            (ReportKind.LEDGER, *ledger_xlsx(user=PLATFORM, region_code=code, period=period)),
        ]
        with transaction.atomic():
            for kind, content, filename in documents:
                FiledReport.objects.update_or_create(
                    region_code=code,
                    month=month,
                    kind=kind,
                    defaults={"filename": filename, "content": content, "size": len(content)},
                )
                filed += 1
            audit_record(
                actor=None,
                actor_label=PLATFORM.label,
                action="dashboard.reports_filed",
                region_code=code,
                detail={"month": month},
            )
        say(f"  {tree.name_of(code)} {month}: filed")
    return filed
