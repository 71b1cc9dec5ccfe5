"""The board as an Excel ledger (工作台账): one sheet of tasks, one of the measure × region
matrix, one of meetings and one of institutions — everything the viewer may see, nothing more.

Written with xlsxwriter in constant-memory mode; every cell a person typed is written as a
string, so a title starting with "=" is text, never a formula.
"""

from __future__ import annotations

import datetime as dt
import io

import xlsxwriter

from redrider.accounts.models import User
from redrider.regions import tree

from . import board, clock, selectors
from .choices import InstitutionStatus, MeetingKind, TaskStatus

STATUS = dict(TaskStatus.choices)
KINDS = dict(MeetingKind.choices)
INSTITUTION = dict(InstitutionStatus.choices)
STATE = {"late": "逾期", "soon": "7日内到期", "done": "已完成", "progress": "推进中", "empty": ""}


def ledger_xlsx(*, user: User, region_code: str | None, plan: int | None = None) -> bytes:
    today = clock.today()
    code = selectors.region_for(user=user, region_code=region_code)
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": True})
    head = book.add_format({"bold": True, "bg_color": "#F3D3D4", "border": 1})
    late = book.add_format({"font_color": "#9E0F15", "bold": True})
    date = book.add_format({"num_format": "yyyy-mm-dd"})

    def sheet(name: str, columns: list[tuple[str, int]]):
        ws = book.add_worksheet(name)
        for i, (title, width) in enumerate(columns):
            ws.set_column(i, i, width)
            ws.write_string(0, i, title, head)
        ws.freeze_panes(1, 0)
        return ws

    ws = sheet(
        "任务台账",
        [
            ("举措", 6),
            ("任务", 40),
            ("地区", 12),
            ("行政区划代码", 12),
            ("责任单位", 24),
            ("责任人", 12),
            ("完成时限", 12),
            ("进度%", 8),
            ("状态", 10),
            ("逾期", 6),
            ("逾期天数", 9),
            ("最近填报", 18),
        ],
    )
    tasks = selectors.task_list(user=user, region_code=code, plan=plan, today=today).order_by(
        "measure__number", "region_code", "due_date", "id"
    )
    for row, t in enumerate(tasks.iterator(chunk_size=2000), start=1):
        ws.write_number(row, 0, t.measure.number)
        ws.write_string(row, 1, t.title)
        ws.write_string(row, 2, tree.name_of(t.region_code))
        ws.write_string(row, 3, t.region_code)
        ws.write_string(row, 4, t.owner_org)
        ws.write_string(row, 5, (t.owner.display_name or t.owner.username) if t.owner else "")
        ws.write_datetime(row, 6, dt.datetime.combine(t.due_date, dt.time()), date)
        ws.write_number(row, 7, t.progress)
        ws.write_string(row, 8, str(STATUS[t.status]))
        ws.write_string(row, 9, "是" if t.is_overdue else "", late if t.is_overdue else None)
        if t.is_overdue:
            ws.write_number(row, 10, (today - t.due_date).days)
        ws.write_string(row, 11, clock_text(t.reported_at))

    matrix = board.matrix(user=user, region_code=code, plan=plan, today=today)
    names = [c["name"] + ("（本级）" if c["own"] else "") for c in matrix["columns"]]
    ws = sheet(
        "举措×地区",
        [("序号", 6), ("举措", 36), ("牵头单位", 20), ("进度%", 8)] + [(n, 12) for n in names],
    )
    for row, r in enumerate(matrix["rows"], start=1):
        ws.write_number(row, 0, r.number)
        ws.write_string(row, 1, r.title)
        ws.write_string(row, 2, r.owner)
        ws.write_number(row, 3, r.progress)
        for i, cell in enumerate(r.cells, start=4):
            if cell.tasks_total:
                ws.write_string(row, i, f"{cell.progress}% {STATE[cell.state]}".strip())

    ws = sheet(
        "会议",
        [
            ("日期", 12),
            ("类型", 12),
            ("会议", 40),
            ("地区", 12),
            ("参会单位", 40),
            ("决定事项", 60),
        ],
    )
    for row, m in enumerate(selectors.meeting_list(user=user, region_code=code), start=1):
        ws.write_datetime(row, 0, dt.datetime.combine(m.held_on, dt.time()), date)
        ws.write_string(row, 1, str(KINDS[m.kind]))
        ws.write_string(row, 2, m.title)
        ws.write_string(row, 3, tree.name_of(m.region_code))
        ws.write_string(row, 4, "、".join(m.attendee_orgs))
        ws.write_string(row, 5, "；".join(f"{d.number}. {d.text}" for d in m.decisions.all()))

    ws = sheet(
        "制度建设",
        [
            ("地区", 12),
            ("类别", 20),
            ("序号", 6),
            ("制度", 40),
            ("状态", 10),
            ("印发单位", 24),
            ("印发日期", 12),
            ("文号", 16),
        ],
    )
    for row, i in enumerate(selectors.institution_list(user=user, region_code=code), start=1):
        ws.write_string(row, 0, tree.name_of(i.region_code))
        ws.write_string(row, 1, i.category.title)
        ws.write_number(row, 2, i.number)
        ws.write_string(row, 3, i.title)
        ws.write_string(row, 4, str(INSTITUTION[i.status]))
        ws.write_string(row, 5, i.issuing_body)
        if i.issued_on:
            ws.write_datetime(row, 6, dt.datetime.combine(i.issued_on, dt.time()), date)
        ws.write_string(row, 7, i.document_number)
    book.close()
    return out.getvalue()


def clock_text(at: dt.datetime | None) -> str:
    if at is None:
        return ""
    return at.astimezone(clock.SHANGHAI).strftime("%Y-%m-%d %H:%M")
