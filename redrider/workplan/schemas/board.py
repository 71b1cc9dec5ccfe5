"""The board, the timeline, the digest and notifications."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from .tasks import TaskOut


class CellOut(Schema):
    region_code: str
    progress: int
    tasks_total: int
    tasks_done: int
    tasks_overdue: int
    tasks_due_soon: int
    state: str = Field(description="late, soon, done, progress or empty")
    task_id: int | None


class RowOut(Schema):
    measure_id: int
    number: int
    title: str
    owner: str
    progress: int
    tasks_total: int
    tasks_overdue: int
    cells: list[CellOut]


class ColumnOut(Schema):
    code: str
    name: str
    own: bool = Field(description="the region's own tasks (本级), not a child region")


class BoardOut(Schema):
    region_code: str
    region_name: str
    today: dt.date
    columns: list[ColumnOut]
    rows: list[RowOut]


class EscalatedOut(Schema):
    task: TaskOut
    days_late: int


class AlertsOut(Schema):
    today: dt.date
    late: list[TaskOut]
    late_count: int
    soon: list[TaskOut]
    soon_count: int
    escalated: list[EscalatedOut]


class BarOut(Schema):
    id: int
    title: str
    measure_number: int
    region_code: str
    region_name: str
    start: dt.date
    due: dt.date
    progress: int
    status: str
    overdue: bool


class TimelineOut(Schema):
    items: list[BarOut]
    count: int


class DigestOut(Schema):
    today: dt.date
    late: list[TaskOut]
    due_soon: list[TaskOut]


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    payload: dict
    created_at: dt.datetime
    read_at: dt.datetime | None


class NotificationListOut(Schema):
    items: list[NotificationOut]
    count: int


class IndicatorSourceOut(Schema):
    key: str
    label: str


class IndicatorSourceListOut(Schema):
    items: list[IndicatorSourceOut]
    count: int
