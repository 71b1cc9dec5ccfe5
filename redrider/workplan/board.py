"""The board (挂图作战): measure × region matrix, the timeline and the late / due-soon lists.

Reads only (like selectors), built on `selectors.task_rows` so a whole board costs a handful of
queries whatever the number of tasks: one for the measures, one for the task figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from redrider.regions import tree

from . import clock, selectors
from .choices import TaskStatus
from .models import Task

LATE, SOON, DONE, PROGRESS, EMPTY = "late", "soon", "done", "progress", "empty"


@dataclass
class Cell:
    """One measure in one region: its figures, a state for the colour, where a click goes."""

    measure_id: int
    region_code: str
    progress: int
    tasks_total: int
    tasks_done: int
    tasks_overdue: int
    tasks_due_soon: int
    state: str
    task_id: int | None = (
        None  # a click opens this task (the cell's one late task, or its only one)
    )

    @property
    def bucket(self) -> int:
        """Progress to the tens (the colour step of an on-track cell)."""
        return self.progress // 10 * 10


@dataclass
class Row:
    measure_id: int
    number: int
    title: str
    owner: str
    progress: int
    tasks_total: int
    tasks_overdue: int
    cells: list[Cell] = field(default_factory=list)


def state_of(f: dict[str, Any]) -> str:
    """Late (red) beats due this week (amber) beats done (green) beats under way."""
    if not f["tasks_total"]:
        return EMPTY
    if f["tasks_overdue"]:
        return LATE
    if f["tasks_due_soon"]:
        return SOON
    if f["tasks_done"] == f["tasks_total"]:
        return DONE
    return PROGRESS


def columns_for(code: str, rows: list[dict]) -> list[str]:
    """The regions across the board: the region itself when it has tasks of its own (本级) or
    nothing below it, then its children in code order."""
    children = list(tree.children(code))
    own = any(r["region_code"] == code for r in rows)
    return ([code] if own or not children else []) + children


def short_name(name: str) -> str:
    """阿坝州 for 阿坝藏族羌族自治州, 北川县 for 北川羌族自治县: how headers name them."""
    for suffix, short in (("自治州", "州"), ("自治县", "县")):
        if name.endswith(suffix):
            return name[:2] + short
    return name


def _in_column(row: dict, column: str, region_code: str) -> bool:
    if column == region_code:
        return row["region_code"] == region_code
    return row["region_code"].startswith(tree.prefix(column))


def matrix(
    *, user, region_code: str | None, plan: int | None = None, today: dt.date | None = None
) -> dict[str, Any]:
    """`{"region_code", "columns": [{code, name}], "rows": [Row]}` for the region in focus."""
    today = today or clock.today()
    code = selectors.region_for(user=user, region_code=region_code)
    measures = list(selectors.measure_list(user=user, region_code=code, plan=plan))
    rows = selectors.task_rows(user=user, region_code=code, measures=[m.pk for m in measures])
    columns = columns_for(code, rows)
    by_measure: dict[int, list[dict]] = {m.pk: [] for m in measures}
    for r in rows:
        by_measure[r["measure_id"]].append(r)
    out_rows = []
    for m in measures:
        mine = by_measure[m.pk]
        total = selectors.figures(mine, code, today)
        row = Row(
            m.pk,
            m.number,
            m.title,
            m.owner_org,
            total["progress"],
            total["tasks_total"],
            total["tasks_overdue"],
        )
        for column in columns:
            in_cell = [r for r in mine if _in_column(r, column, code)]
            f = selectors.figures(in_cell, column, today)
            row.cells.append(
                Cell(m.pk, column, state=state_of(f), task_id=_click_target(in_cell, today), **f)
            )
        out_rows.append(row)
    return {
        "region_code": code,
        "region_name": tree.name_of(code),
        "columns": [
            {"code": c, "name": short_name(tree.name_of(c)), "own": c == code} for c in columns
        ],
        "rows": out_rows,
        "today": today,
    }


def _click_target(rows: list[dict], today: dt.date) -> int | None:
    late = [r for r in rows if r["status"] != TaskStatus.DONE and r["due_date"] < today]
    if len(late) == 1:
        return late[0]["id"]
    if len(rows) == 1:
        return rows[0]["id"]
    return None


def timeline(
    *,
    user,
    region_code: str | None,
    measure: int | None = None,
    plan: int | None = None,
    today: dt.date | None = None,
    limit: int = 300,
) -> list[dict[str, Any]]:
    """Bars for the Gantt view: the region's root tasks (split tasks once, as their parent) under
    the measures in force there (as on the matrix), from their start (or the plan's) to their
    due date, in measure order."""
    today = today or clock.today()
    code = selectors.region_for(user=user, region_code=region_code)
    in_force = selectors.measure_list(user=user, region_code=code, plan=plan)
    qs = Task.objects.visible_to(user).in_region(code).filter(measure__in=in_force)
    if measure is not None:
        qs = qs.filter(measure_id=measure)
    rows = list(
        qs.order_by("measure__number", "region_code", "due_date", "id").values(
            *selectors.TASK_FIGURE_FIELDS,
            "title",
            "starts_on",
            "created_at",
            "measure__number",
            "measure__plan__starts_on",
        )
    )
    out = []
    for r in selectors.roots_within(rows, code)[:limit]:
        start = r["starts_on"] or r["measure__plan__starts_on"]
        start = min(start, r["due_date"])
        out.append(
            {
                "id": r["id"],
                "title": r["title"],
                "measure_number": r["measure__number"],
                "region_code": r["region_code"],
                "region_name": tree.name_of(r["region_code"]),
                "start": start.isoformat(),
                "due": r["due_date"].isoformat(),
                "progress": r["progress"],
                "status": r["status"],
                "overdue": r["status"] != TaskStatus.DONE and r["due_date"] < today,
            }
        )
    return out


def alerts(
    *, user, region_code: str | None, today: dt.date | None = None, limit: int = 50
) -> dict[str, Any]:
    """The late tasks, the tasks due soon and what has escalated here from the regions below."""
    today = today or clock.today()
    code = selectors.region_for(user=user, region_code=region_code)
    late = selectors.task_list(user=user, region_code=code, overdue=True, today=today)
    soon = selectors.task_list(user=user, region_code=code, due_soon=True, today=today)
    return {
        "late": list(late[:limit]),
        "late_count": late.count(),
        "soon": list(soon[:limit]),
        "soon_count": soon.count(),
        "escalated": selectors.escalated_to(user=user, region_code=code, today=today)[:limit],
        "today": today,
    }
