"""The board as an Excel ledger (工作台账): one sheet of tasks, one of the measure × region
matrix, one of meetings and one of institutions — everything the viewer may see, nothing more.

Written with `core.sheets` (streaming, constant memory): every text cell is made safe there, so a
title starting with "=" is text, never a formula.
"""

from __future__ import annotations

import datetime as dt

from redrider.accounts.models import User
from redrider.core import sheets
from redrider.regions import tree

from . import board, clock, selectors
from .choices import InstitutionStatus, MeetingKind, TaskStatus

STATUS = dict(TaskStatus.choices)
KINDS = dict(MeetingKind.choices)
INSTITUTION = dict(InstitutionStatus.choices)
STATE = {"late": "逾期", "soon": "7日内到期", "done": "已完成", "progress": "推进中", "empty": ""}


HEAD = sheets.Style(bold=True, fill="F3D3D4", border=True)
LATE = sheets.Style(bold=True, color="9E0F15")


def ledger_xlsx(*, user: User, region_code: str | None, plan: int | None = None) -> bytes:
    today = clock.today()
    code = selectors.region_for(user=user, region_code=region_code)
    book = sheets.Workbook()

    def sheet(name: str, columns: list[tuple[str, int]]) -> sheets.Sheet:
        ws = book.sheet(name, widths=[width for _title, width in columns], freeze=(1, 0))
        ws.row([title for title, _width in columns], HEAD)
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
    ws.rows(
        [
            t.measure.number,
            t.title,
            tree.name_of(t.region_code),
            t.region_code,
            t.owner_org,
            (t.owner.display_name or t.owner.username) if t.owner else "",
            t.due_date,
            t.progress,
            str(STATUS[t.status]),
            sheets.Styled("是", LATE) if t.is_overdue else "",
            (today - t.due_date).days if t.is_overdue else None,
            clock_text(t.reported_at),
        ]
        for t in tasks.iterator(chunk_size=2000)
    )

    matrix = board.matrix(user=user, region_code=code, plan=plan, today=today)
    names = [c["name"] + ("（本级）" if c["own"] else "") for c in matrix["columns"]]
    ws = sheet(
        "举措×地区",
        [("序号", 6), ("举措", 36), ("牵头单位", 20), ("进度%", 8)] + [(n, 12) for n in names],
    )
    ws.rows(
        [r.number, r.title, r.owner, r.progress]
        + [
            f"{cell.progress}% {STATE[cell.state]}".strip() if cell.tasks_total else None
            for cell in r.cells
        ]
        for r in matrix["rows"]
    )

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
    ws.rows(
        [
            m.held_on,
            str(KINDS[m.kind]),
            m.title,
            tree.name_of(m.region_code),
            "、".join(m.attendee_orgs),
            "；".join(f"{d.number}. {d.text}" for d in m.decisions.all()),
        ]
        for m in selectors.meeting_list(user=user, region_code=code)
    )

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
    ws.rows(
        [
            tree.name_of(i.region_code),
            i.category.title,
            i.number,
            i.title,
            str(INSTITUTION[i.status]),
            i.issuing_body,
            i.issued_on,
            i.document_number,
        ]
        for i in selectors.institution_list(user=user, region_code=code)
    )
    return book.close()


def clock_text(at: dt.datetime | None) -> str:
    if at is None:
        return ""
    return at.astimezone(clock.SHANGHAI).strftime("%Y-%m-%d %H:%M")
