"""Tasks for the demo: built in memory, saved parents first, rolled up like the services."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils import timezone

from redrider.activities.models import Activity
from redrider.regions import tree
from redrider.riders.models import Visit
from redrider.stations.models import Station

from .. import clock, selectors, sources
from ..choices import (
    EvidenceKind,
    ProgressSource,
    ReportSource,
    TaskStatus,
)
from ..models import (
    Evidence,
    Milestone,
    Plan,
    Task,
    TaskReport,
)
from . import data

JINJIANG = "510104"
# The demo county's tasks, by measure number: something for every colour of the board.
JINJIANG_STATES = {4: "late", 5: "done", 6: "soon", 8: "progress", 11: "progress"}
SMALL_PREFECTURES = ["510100", "510700"]
SMALL_CHENGDU = ["510104", "510107"]
NOTES = {
    "late": ["已完成前期摸排，正在协调企业落实", "因企业负责人调整，进度滞后，正在督促"],
    "progress": ["按计划推进中", "已召开专题会议部署", "已完成阶段性任务"],
    "done": ["已完成，资料已归档", "已完成并通过验收"],
}


class Builder:
    """Tasks in memory, saved level by level (parents first), then rolled up bottom-up."""

    def __init__(self, ctx, plan: Plan, today: dt.date):
        self.ctx = ctx
        self.rng = ctx.rng("workplan")
        self.plan = plan
        self.today = today
        self.tasks: list[Task] = []
        self.parent_of: dict[int, Task] = {}  # id(child) → parent (before pks exist)
        self.leaf_states: dict[int, str] = {}

    def account_for(self, code: str):
        names = {
            "510000": "demo-province",
            "510100": "demo-chengdu",
            "510104": "demo-jinjiang",
            "510107": "demo-wuhou",
        }
        return self.ctx.accounts.get(names.get(code, ""))

    def dates(self, state: str) -> tuple[dt.date, int]:
        """(due date, progress) for a leaf in `state`; never due before the plan starts."""
        rng, today, start = self.rng, self.today, self.plan.starts_on
        if state == "late":
            due, progress = today - dt.timedelta(days=rng.randint(3, 60)), rng.randint(3, 8) * 10
        elif state == "soon":
            due, progress = today + dt.timedelta(days=rng.randint(0, 6)), rng.randint(4, 9) * 10
        elif state == "done":
            due, progress = today + dt.timedelta(days=rng.randint(-150, 60)), 100
        else:
            due, progress = today + dt.timedelta(days=rng.randint(10, 240)), rng.randint(0, 7) * 10
        return max(due, start + dt.timedelta(days=20)), progress

    def random_state(self) -> str:
        r = self.rng.random()
        return "done" if r < 0.32 else "late" if r < 0.44 else "soon" if r < 0.52 else "progress"

    def add(self, *, parent: Task | None = None, state: str | None = None, **fields) -> Task:
        task = Task(created_by=self.account_for("510000"), **fields)
        if state is not None:
            due, progress = self.dates(state)
            task.due_date = fields.get("due_date") or due
            task.progress = progress
            task.status = status_of(progress)
            if task.status == TaskStatus.DONE:
                task.done_on = min(
                    self.today, task.due_date - dt.timedelta(days=self.rng.randint(0, 9))
                )
            self.leaf_states[id(task)] = state
        if parent is not None:
            self.parent_of[id(task)] = parent
            task.progress_source = ProgressSource.MANUAL
        self.tasks.append(task)
        return task

    def save(self) -> list[Task]:
        depth: dict[int, int] = {}

        def level(t: Task) -> int:
            if id(t) not in depth:
                p = self.parent_of.get(id(t))
                depth[id(t)] = 0 if p is None else level(p) + 1
            return depth[id(t)]

        for lvl in sorted({level(t) for t in self.tasks}):
            batch = [t for t in self.tasks if level(t) == lvl]
            for t in batch:
                if id(t) in self.parent_of:
                    t.parent = self.parent_of[id(t)]
            Task.objects.bulk_create(batch, batch_size=500)
        # Roll up from the deepest level, exactly as the services would.
        children: dict[int, list[Task]] = defaultdict(list)
        for t in self.tasks:
            if t.parent is not None:
                children[id(t.parent)].append(t)
        for t in sorted(self.tasks, key=level, reverse=True):
            kids = children.get(id(t))
            if kids:
                t.progress_source = ProgressSource.CHILDREN
                t.progress = selectors.rollup([(k.progress, k.weight) for k in kids])
                t.status = status_of(t.progress)
                t.done_on = max(k.done_on for k in kids if k.done_on) if t.progress == 100 else None
        Task.objects.bulk_update(
            self.tasks, ["progress", "status", "progress_source", "done_on"], batch_size=500
        )
        return self.tasks


def status_of(progress: int) -> str:
    if progress == 100:
        return TaskStatus.DONE
    return TaskStatus.IN_PROGRESS if progress else TaskStatus.PLANNED


def measure_tasks(b, measure, owner, task_title, split, indicator, prefectures, chengdu, weights):
    ends = b.plan.ends_on
    if indicator is not None and indicator[2]:
        # A ratio (the four standards): the province and each prefecture follow their own figure.
        key, target, base = indicator
        for code in ["510000", *prefectures]:
            org = (
                data.PROVINCE_BUREAU if code == "510000" else f"{tree.name_of(code)}市场监督管理局"
            )
            b.add(
                measure=measure,
                region_code=code,
                title=f"{tree.name_of(code)}{task_title}率达到 {target:g}%",
                owner_org=org,
                owner=b.account_for(code),
                due_date=ends - dt.timedelta(days=60),
                progress_source=ProgressSource.INDICATOR,
                indicator_key=key,
                indicator_base_key=base,
                indicator_target=target,
            )
        return
    root = b.add(
        measure=measure,
        region_code="510000",
        title=f"全省{task_title}",
        owner_org=owner,
        owner=b.account_for("510000"),
        due_date=ends - dt.timedelta(days=30),
    )
    for code in prefectures:
        org = f"{tree.name_of(code)}市场监督管理局"
        if split and code == "510100":
            mid = b.add(
                parent=root,
                measure=measure,
                region_code=code,
                title=f"{tree.name_of(code)}{task_title}",
                owner_org=org,
                owner=b.account_for(code),
                weight=weights[code],
                due_date=ends - dt.timedelta(days=45),
            )
            for county in chengdu:
                state = JINJIANG_STATES.get(measure.number) if county == JINJIANG else None
                b.add(
                    parent=mid,
                    state=state or b.random_state(),
                    measure=measure,
                    region_code=county,
                    title=f"{tree.name_of(county)}{task_title}",
                    owner_org=f"{tree.name_of(county)}市场监督管理局",
                    owner=b.account_for(county),
                )
        else:
            b.add(
                parent=root,
                state=b.random_state(),
                measure=measure,
                region_code=code,
                title=f"{tree.name_of(code)}{task_title}",
                owner_org=org,
                owner=b.account_for(code),
                weight=weights[code],
            )
    if indicator is not None:
        key, target, _base = indicator
        b.add(
            measure=measure,
            region_code="510000",
            title=f"全省{sources.labels().get(key, key)}达到 {target:g}",
            owner_org=owner,
            owner=b.account_for("510000"),
            due_date=ends - dt.timedelta(days=60),
            progress_source=ProgressSource.INDICATOR,
            indicator_key=key,
            indicator_target=target,
        )


def indicator_progress(tasks: list[Task]) -> None:
    changed = []
    for t in tasks:
        if t.progress_source != ProgressSource.INDICATOR:
            continue
        keys = [k for k in (t.indicator_key, t.indicator_base_key) if k]
        values = sources.read(user=None, region_code=t.region_code, keys=keys)
        t.progress, t.indicator_value = sources.progress_from(
            values.get(t.indicator_key),
            values.get(t.indicator_base_key),
            t.indicator_target,
            ratio=bool(t.indicator_base_key),
        )
        t.status = status_of(t.progress)
        t.done_on = clock.today() if t.progress == 100 else None
        t.reported_at = timezone.now()
        changed.append(t)
    Task.objects.bulk_update(
        changed, ["progress", "status", "indicator_value", "done_on", "reported_at"]
    )


def at_hour(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=clock.SHANGHAI)


def history(ctx, b: Builder, tasks: list[Task], today: dt.date) -> None:
    """A created report for every task, and one to three dated reports leading to each leaf's
    progress (the last on `reported_at`)."""
    rng = b.rng
    reports = []
    created = b.plan.starts_on + dt.timedelta(days=12)
    for t in tasks:
        reports.append(
            TaskReport(
                task=t,
                at=at_hour(created, 10),
                reported_by=b.account_for("510000"),
                source=ReportSource.CREATED,
                progress=0,
                status_before=TaskStatus.PLANNED,
                status=TaskStatus.PLANNED,
            )
        )
        if t.progress_source == ProgressSource.INDICATOR:
            reports.append(
                TaskReport(
                    task=t,
                    at=t.reported_at,
                    source=ReportSource.INDICATOR,
                    progress=t.progress,
                    status_before=TaskStatus.PLANNED,
                    status=t.status,
                    note=f"{sources.labels().get(t.indicator_key)}：{t.indicator_value}",
                )
            )
        state = b.leaf_states.get(id(t))
        if state is None or t.progress == 0:
            continue
        last_day = min(today, t.done_on or today) - dt.timedelta(days=rng.randint(0, 12))
        last_day = max(last_day, created + dt.timedelta(days=3))
        steps = sorted(
            {rng.randint(1, max(1, t.progress // 10)) * 10 for _ in range(2)} - {t.progress}
        )
        values = [v for v in steps if v < t.progress][:2] + [t.progress]
        before, status_before = 0, TaskStatus.PLANNED
        for i, value in enumerate(values):
            day = last_day - dt.timedelta(days=(len(values) - 1 - i) * rng.randint(7, 20))
            day = max(day, created + dt.timedelta(days=1))
            note = rng.choice(
                NOTES["done" if value == 100 else "late" if state == "late" else "progress"]
            )
            reports.append(
                TaskReport(
                    task=t,
                    at=at_hour(day, 9 + i),
                    reported_by=t.owner,
                    source=ReportSource.MANUAL,
                    progress_before=before,
                    progress=value,
                    status_before=status_before,
                    status=status_of(value),
                    note=note,
                )
            )
            before, status_before = value, status_of(value)
        t.reported_at = at_hour(last_day, 9 + len(values) - 1)
    TaskReport.objects.bulk_create(reports, batch_size=1000)
    Task.objects.bulk_update([t for t in tasks if t.reported_at], ["reported_at"], batch_size=500)


def evidence(ctx, tasks: list[Task]) -> None:
    """Evidence from the platform's own records for the demo county's and Chengdu's tasks."""
    rows = []
    for t in tasks:
        if (
            not t.region_code.startswith("5101")
            or t.progress == 0
            or t.progress_source != ProgressSource.MANUAL
        ):
            continue
        model = {6: Activity, 8: Visit, 11: Station}.get(t.measure.number)
        if model is not None:
            found = model.objects.in_region(t.region_code).order_by("pk").first()
            if found is not None:
                kind = EvidenceKind(model.__name__.lower())
                rows.append(Evidence(task=t, kind=kind, added_by=t.owner, **{kind.value: found}))
        rows.append(
            Evidence(
                task=t,
                kind=EvidenceKind.TEXT,
                added_by=t.owner,
                text=f"{tree.name_of(t.region_code)}已按要求推进，相关台账已更新。",
            )
        )
    Evidence.objects.bulk_create(rows, batch_size=1000)


def milestones(b: Builder, tasks: list[Task]) -> None:
    start, end, today = b.plan.starts_on, b.plan.ends_on, b.today
    rows = []
    for t in tasks:
        if t.region_code == "510000" and t.progress_source == ProgressSource.CHILDREN:
            for title, day in (
                ("印发任务分解方案", start + dt.timedelta(days=15)),
                ("年中调度", start + dt.timedelta(days=180)),
                ("总结验收", end - dt.timedelta(days=30)),
            ):
                rows.append(
                    Milestone(
                        task=t, title=title, due_date=day, done_on=day if day < today else None
                    )
                )
        elif t.region_code == JINJIANG:
            mid = t.due_date - dt.timedelta(days=30)
            rows.append(
                Milestone(
                    task=t,
                    title="制定工作方案",
                    due_date=max(mid, start),
                    done_on=max(mid, start) if mid < today else None,
                )
            )
    Milestone.objects.bulk_create(rows)
