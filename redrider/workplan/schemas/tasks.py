"""Plans, measures, tasks and what hangs off a task (milestones, evidence, reports)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from ninja import Field, Schema
from pydantic import StrictInt

from redrider.core.schemas import Day
from redrider.regions import tree

from ..choices import EvidenceKind
from ..models import Evidence, Task, TaskReport


def _name(user) -> str | None:
    return (user.display_name or user.username) if user is not None else None


class PersonOut(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.display_name or obj.username


# ---------------------------------------------------------------- plans and measures


class PlanIn(Schema):
    region: str
    title: str
    starts_on: Day
    ends_on: Day
    issued_by: str = ""


class PlanOut(Schema):
    id: int
    title: str
    region_code: str
    region_name: str
    issued_by: str
    starts_on: dt.date
    ends_on: dt.date

    @staticmethod
    def resolve_region_name(obj) -> str:
        return tree.name_of(obj.region_code)


class PlanListOut(Schema):
    items: list[PlanOut]
    count: int


class MeasureIn(Schema):
    plan_id: int
    number: int
    title: str
    owner_org: str = ""
    description: str = ""


class MeasureOut(Schema):
    """A measure with its figures over the tasks in the region asked about."""

    id: int
    plan_id: int
    number: int
    title: str
    owner: str = Field(description="牵头单位 (the leading organisation)")
    region_code: str = Field(description="the region whose plan holds the measure")
    progress: int = Field(ge=0, le=100, description="roll-up of the region's tasks, 0–100")
    tasks_total: int
    tasks_done: int
    tasks_overdue: int
    tasks_due_soon: int


class MeasureListOut(Schema):
    region_code: str
    items: list[MeasureOut]
    count: int


# ---------------------------------------------------------------- tasks


class MilestoneIn(Schema):
    title: str
    due_date: Day


class MilestoneOut(Schema):
    id: int
    title: str
    due_date: dt.date
    done_on: dt.date | None


class IndicatorIn(Schema):
    key: str = Field(description="an indicator key of a lower app, e.g. guidance_stations_standard")
    target: float = Field(description="percent when base_key is given, else a count")
    base_key: str = ""


class IndicatorOut(Schema):
    key: str
    base_key: str
    target: float | None
    value: float | None


class TaskIn(Schema):
    measure_id: int
    region: str
    title: str
    owner_org: str
    due_date: Day
    owner_id: int | None = None
    starts_on: Day | None = None
    weight: int = 1
    description: str = ""
    milestones: list[MilestoneIn] = []
    indicator: IndicatorIn | None = None


class TaskPatch(Schema):
    title: str | None = None
    owner_org: str | None = None
    owner_id: int | None = None
    clear_owner: bool = False
    due_date: Day | None = None
    weight: int | None = None
    description: str | None = None


class TaskPartIn(Schema):
    region: str
    owner_org: str
    title: str = ""
    due_date: Day | None = None
    owner_id: int | None = None
    weight: int = 1
    description: str = ""


class SplitIn(Schema):
    parts: list[TaskPartIn]


class ProgressIn(Schema):
    # Strict: true, "60" or 60.0 are not progress figures (a form's text is parsed by the page).
    progress: StrictInt = Field(description="0–100; 100 marks the task done")
    note: str = ""
    status: str | None = Field(None, description="planned, in_progress or done (optional)")


class TaskOut(Schema):
    id: int
    measure_id: int
    measure_number: int
    parent_id: int | None
    title: str
    region_code: str
    region_name: str
    owner: str = Field(description="责任单位 (the owner organisation)")
    owner_id: int | None
    owner_name: str | None
    starts_on: dt.date | None
    due_date: dt.date
    progress: int = Field(ge=0, le=100)
    status: str = Field(description="planned, in_progress or done")
    overdue: bool = Field(description="due before today (Asia/Shanghai) and not done")
    due_soon: bool
    weight: int
    progress_source: str = Field(description="manual, indicator or children")
    indicator: IndicatorOut | None
    decision_id: int | None
    done_on: dt.date | None
    reported_at: dt.datetime | None

    @staticmethod
    def resolve_measure_number(obj: Task) -> int:
        return obj.measure.number

    @staticmethod
    def resolve_region_name(obj: Task) -> str:
        return tree.name_of(obj.region_code)

    @staticmethod
    def resolve_owner(obj: Task) -> str:
        return obj.owner_org

    @staticmethod
    def resolve_owner_name(obj: Task) -> str | None:
        return _name(obj.owner)

    @staticmethod
    def resolve_overdue(obj: Task) -> bool:
        return bool(getattr(obj, "is_overdue", False))

    @staticmethod
    def resolve_due_soon(obj: Task) -> bool:
        return bool(getattr(obj, "is_due_soon", False))

    @staticmethod
    def resolve_indicator(obj: Task) -> dict | None:
        if not obj.indicator_key:
            return None
        return {
            "key": obj.indicator_key,
            "base_key": obj.indicator_base_key,
            "target": obj.indicator_target,
            "value": obj.indicator_value,
        }


class TaskListOut(Schema):
    items: list[TaskOut]
    count: int


class ReportOut(Schema):
    id: int
    at: dt.datetime
    by: str | None
    source: str
    progress_before: int
    progress: int
    status_before: str
    status: str
    note: str

    @staticmethod
    def resolve_by(obj: TaskReport) -> str | None:
        return _name(obj.reported_by)


class EvidenceIn(Schema):
    kind: str = Field(description="text, activity, station or visit (files: the /file form)")
    text: str = ""
    object_id: int | None = Field(None, description="the activity, station or visit id")


class EvidenceOut(Schema):
    id: int
    kind: str
    text: str
    file_name: str
    file_url: str | None
    object_id: int | None
    object_label: str | None
    added_by: str | None
    created_at: dt.datetime

    @staticmethod
    def resolve_file_url(obj: Evidence) -> str | None:
        return reverse("workplan:evidence_file", args=[obj.pk]) if obj.file else None

    @staticmethod
    def resolve_object_id(obj: Evidence) -> int | None:
        return obj.activity_id or obj.station_id or obj.visit_id

    @staticmethod
    def resolve_object_label(obj: Evidence) -> str | None:
        if obj.kind == EvidenceKind.ACTIVITY and obj.activity:
            return obj.activity.title
        if obj.kind == EvidenceKind.STATION and obj.station:
            return obj.station.name
        if obj.kind == EvidenceKind.VISIT and obj.visit:
            return f"{obj.visit.on:%Y-%m-%d} {obj.visit.company} · {obj.visit.topics}"
        return None

    @staticmethod
    def resolve_added_by(obj: Evidence) -> str | None:
        return _name(obj.added_by)


class TaskDetailOut(TaskOut):
    """A task with what its page shows (the API sets `detail` from `selectors.task_detail`)."""

    description: str
    escalated_to: str | None = Field(description="the region the lateness is shown to, if late")
    children: list[TaskOut]
    milestones: list[MilestoneOut]
    evidence: list[EvidenceOut]
    history: list[ReportOut]

    @staticmethod
    def resolve_escalated_to(obj) -> str | None:
        return obj.detail["escalated_to"]

    @staticmethod
    def resolve_children(obj) -> list:
        return obj.detail["children"]

    @staticmethod
    def resolve_milestones(obj) -> list:
        return obj.detail["milestones"]

    @staticmethod
    def resolve_evidence(obj) -> list:
        return obj.detail["evidence"]

    @staticmethod
    def resolve_history(obj) -> list:
        return obj.detail["reports"]
