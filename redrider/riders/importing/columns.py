"""The census list template: its columns, their meaning, and the downloadable workbook."""

from __future__ import annotations

from dataclasses import dataclass

from redrider.core import sheets


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # as written in the template (zh-hans); a trailing * marks a required column
    required: bool
    kind: str  # text | id | phone | date | int | choice
    help: str
    example: str


COLUMNS: list[Column] = [
    Column("name", "姓名", True, "text", "骑手姓名", "张三"),
    Column(
        "id_number",
        "身份证号",
        True,
        "id",
        "18位居民身份证号，请设为文本格式",
        "510104199001011234",
    ),
    Column("phone", "手机号", True, "phone", "11位手机号", "13800000000"),
    Column(
        "county",
        "工作区县",
        True,
        "text",
        "6位区县代码（如510104）或区县全称（如锦江区）",
        "510104",
    ),
    Column(
        "platform",
        "平台",
        True,
        "text",
        "美团、饿了么、京东秒送、闪送、顺丰同城、UU跑腿；多个用、分隔",
        "美团",
    ),
    Column("kind", "类别", False, "choice", "专送 或 众包（默认专送）", "专送"),
    Column("company", "所属企业", False, "text", "第三方配送企业名称", "成都某配送服务有限公司"),
    Column("site", "配送站点", False, "text", "站点名称", "春熙路站"),
    Column("joined_on", "入职日期", False, "date", "如 2024-03-01", "2024-03-01"),
    Column("status", "状态", False, "choice", "在岗 或 离职（默认在岗）", "在岗"),
    Column("left_on", "离职日期", False, "date", "状态为离职时填写", ""),
    Column(
        "political_status",
        "政治面貌",
        False,
        "choice",
        "中共党员、中共预备党员、共青团员、群众（默认群众）",
        "群众",
    ),
    Column("mobile_party_member", "流动党员", False, "choice", "是 或 否", "否"),
    Column(
        "community_organisation", "所在社区党组织", False, "text", "流动党员所在的社区党组织", ""
    ),
    Column("housing_fund_months", "公积金缴存月数", False, "int", "0–600 的整数", "0"),
]

BY_HEADER = {c.header: c for c in COLUMNS}
KEYS = [c.key for c in COLUMNS]


REQUIRED = sheets.Style(bold=True, fill="FDE2E1")


def header_text(column: Column) -> str:
    return column.header + ("*" if column.required else "")


def template_xlsx() -> bytes:
    """The blank template: one sheet to fill in (text-formatted ID, phone and text columns,
    drop-downs for 类别 and 状态) and one sheet explaining every column."""
    book = sheets.Workbook()
    letters = sheets.column_letters(len(COLUMNS))
    by_key = {c.key: letters[i] for i, c in enumerate(COLUMNS)}
    ws = book.sheet(
        "骑手名单",
        widths=[max(12, len(c.header) * 2 + 4) for c in COLUMNS],
        # Text format keeps Excel from turning an ID number into 5.10104E+17.
        column_styles={
            i: sheets.TEXT for i, c in enumerate(COLUMNS) if c.kind in ("id", "phone", "text")
        },
        lists=[
            sheets.ListRule(f"{by_key['kind']}2:{by_key['kind']}100000", ["专送", "众包"]),
            sheets.ListRule(f"{by_key['status']}2:{by_key['status']}100000", ["在岗", "离职"]),
        ],
    )
    ws.row(
        [sheets.Styled(header_text(c), REQUIRED if c.required else sheets.BOLD) for c in COLUMNS]
    )
    help_ws = book.sheet("填写说明", widths=[16, 6, 60, 24])
    help_ws.row(["列", "必填", "说明", "示例"], sheets.BOLD)
    for column in COLUMNS:
        help_ws.row([column.header, "是" if column.required else "否", column.help, column.example])
    help_ws.skip()
    help_ws.row(
        ["注意", "", "同一人在多个平台的名单会按身份证号合并为一名骑手；请勿填写公式。", ""]
    )
    return book.close()
