"""Demo work plan: the province's plan of 11 measures on the board, dated around today.

Each measure has a province task split among the prefectures (Chengdu's further among its
counties, Jinjiang 510104 included, so demo-jinjiang has work to report); some tasks are late,
some due this week, some done, each with its dated history. Indicator tasks follow the platform's
own figures (guidance stations meeting the four standards ≥ 95 %, 517 activities ...). Also: the
province bureau's 8 party-group meetings of 2023, a province video conference and four area
promotion meetings (whose decisions created tasks), Chengdu's 3 categories of 18 institutions
and Deyang's joint station plan. Bulk inserts; roll-ups computed here exactly as the services do.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict

from django.core.files.base import ContentFile
from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from redrider.activities.models import Activity
from redrider.regions import tree
from redrider.riders.models import Visit
from redrider.stations.models import Station

from . import clock, selectors, sources
from . import seeddata as data
from .choices import (
    EvidenceKind,
    InstitutionStatus,
    MeetingKind,
    ProgressSource,
    ReportSource,
    TaskStatus,
)
from .models import (
    Evidence,
    Institution,
    InstitutionCategory,
    Measure,
    Meeting,
    MeetingDecision,
    Milestone,
    Plan,
    Task,
    TaskReport,
)

ORDER = 85  # after the census, stations, activities and points it reads for evidence
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


def _pdf(title: str, lines: list[str]) -> bytes:
    """A one-page Chinese PDF (reportlab's built-in STSong-Light, no font file needed)."""
    if "STSong-Light" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4, invariant=True)
    page.setFont("STSong-Light", 16)
    page.drawCentredString(A4[0] / 2, A4[1] - 90, title)
    page.setFont("STSong-Light", 11)
    for i, line in enumerate(lines):
        page.drawString(72, A4[1] - 140 - i * 22, line)
    page.save()
    return out.getvalue()


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
            task.status = _status(progress)
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
                t.status = _status(t.progress)
                t.done_on = max(k.done_on for k in kids if k.done_on) if t.progress == 100 else None
        Task.objects.bulk_update(
            self.tasks, ["progress", "status", "progress_source", "done_on"], batch_size=500
        )
        return self.tasks


def _status(progress: int) -> str:
    if progress == 100:
        return TaskStatus.DONE
    return TaskStatus.IN_PROGRESS if progress else TaskStatus.PLANNED


def seed(ctx) -> None:
    today = clock.today()
    wide = ctx.scale in ("sichuan", "national")
    prefectures = list(tree.children("510000")) if wide else SMALL_PREFECTURES
    chengdu = list(tree.children("510100")) if wide else SMALL_CHENGDU
    starts = (today - dt.timedelta(days=300)).replace(day=1)
    ends = dt.date(starts.year + 2, starts.month, 1) - dt.timedelta(days=1)
    plan = Plan.objects.create(
        region_code="510000",
        title=f"四川省加强外卖配送员群体党建工作实施方案（{starts.year}—{ends.year}年）",
        issued_by=data.PROVINCE_BUREAU,
        starts_on=starts,
        ends_on=ends,
        created_by=ctx.accounts.get("demo-province"),
    )
    measures = Measure.objects.bulk_create(
        [
            Measure(plan=plan, region_code="510000", number=i, title=title, owner_org=owner)
            for i, (title, owner, *_rest) in enumerate(data.MEASURES, 1)
        ]
    )
    b = Builder(ctx, plan, today)
    weights = {p: max(1, len(tree.children(p))) for p in prefectures}
    for measure, (_title, owner, task_title, split, indicator) in zip(
        measures, data.MEASURES, strict=True
    ):
        _measure_tasks(
            b, measure, owner, task_title, split, indicator, prefectures, chengdu, weights
        )
    meetings = _meetings(ctx, b, measures, prefectures, today)
    if wide:
        _deyang(ctx, today)
    tasks = b.save()
    _indicator_progress(tasks)
    _history(ctx, b, tasks, today)
    _evidence(ctx, tasks)
    _milestones(b, tasks)
    ctx.shared["workplan_measures"] = len(measures)
    n = _institutions(ctx, today)
    ctx.log(
        f"workplan: {len(measures)} measures, {Task.objects.count()} tasks "
        f"({Task.objects.filter(selectors.overdue_q(today)).count()} late), "
        f"{meetings} meetings, {n} institutions"
    )


def _measure_tasks(b, measure, owner, task_title, split, indicator, prefectures, chengdu, weights):
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


def _indicator_progress(tasks: list[Task]) -> None:
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
        t.status = _status(t.progress)
        t.done_on = clock.today() if t.progress == 100 else None
        t.reported_at = timezone.now()
        changed.append(t)
    Task.objects.bulk_update(
        changed, ["progress", "status", "indicator_value", "done_on", "reported_at"]
    )


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=clock.SHANGHAI)


def _history(ctx, b: Builder, tasks: list[Task], today: dt.date) -> None:
    """A created report for every task, and one to three dated reports leading to each leaf's
    progress (the last on `reported_at`)."""
    rng = b.rng
    reports = []
    created = b.plan.starts_on + dt.timedelta(days=12)
    for t in tasks:
        reports.append(
            TaskReport(
                task=t,
                at=_at(created, 10),
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
                    at=_at(day, 9 + i),
                    reported_by=t.owner,
                    source=ReportSource.MANUAL,
                    progress_before=before,
                    progress=value,
                    status_before=status_before,
                    status=_status(value),
                    note=note,
                )
            )
            before, status_before = value, _status(value)
        t.reported_at = _at(last_day, 9 + len(values) - 1)
    TaskReport.objects.bulk_create(reports, batch_size=1000)
    Task.objects.bulk_update([t for t in tasks if t.reported_at], ["reported_at"], batch_size=500)


def _evidence(ctx, tasks: list[Task]) -> None:
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


def _milestones(b: Builder, tasks: list[Task]) -> None:
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


def _meetings(ctx, b: Builder, measures: list[Measure], prefectures: list[str], today) -> int:
    """The 8 party-group meetings of 2023, the video conference and the area meetings. The area
    meetings' decisions created tasks (measure 11) for their prefectures."""
    province = ctx.accounts.get("demo-province")
    made = 0
    for i, (day, topic) in enumerate(data.PARTY_GROUP_2023, 1):
        meeting = Meeting.objects.create(
            region_code="510000",
            kind=MeetingKind.PARTY_GROUP,
            held_on=day,
            title=f"省局党组会（2023年第{i}次）：{topic}",
            place="省局机关会议室",
            attendee_orgs=["省局党组成员", "省局机关党委", "省局个体私营经济监督管理处"],
            summary=topic,
            created_by=province,
        )
        if province:
            meeting.attendees.set([province])
        meeting.minutes.save(
            "minutes.pdf",
            ContentFile(
                _pdf(
                    meeting.title,
                    [f"时间：{day:%Y年%m月%d日}", f"议题：{topic}", *data.PARTY_GROUP_DECISIONS],
                )
            ),
            save=False,
        )
        meeting.minutes_name = f"党组会纪要（2023年第{i}次）.pdf"
        meeting.save(update_fields=["minutes", "minutes_name"])
        MeetingDecision.objects.bulk_create(
            [
                MeetingDecision(meeting=meeting, number=n, text=t)
                for n, t in enumerate([topic, *data.PARTY_GROUP_DECISIONS], 1)
            ]
        )
        made += 1
    video = Meeting.objects.create(
        region_code="510000",
        kind=MeetingKind.VIDEO_CONFERENCE,
        held_on=b.plan.starts_on + dt.timedelta(days=20),
        title="全省外卖配送员群体党建工作视频会",
        place="省局视频会议室（主会场）",
        attendee_orgs=[f"{tree.name_of(p)}市场监督管理局" for p in prefectures],
        summary="部署实施方案 11 项举措，要求挂图作战、压茬推进。",
        created_by=province,
    )
    first = MeetingDecision.objects.create(
        meeting=video, number=1, text="各市（州）对照 11 项举措细化任务清单，完成外卖配送员底数摸排"
    )
    MeetingDecision.objects.create(meeting=video, number=2, text="每月 25 日前在工作台填报任务进度")
    for t in b.tasks:
        if t.measure.number == 3 and t.region_code != "510000":
            t.decision = first
    made += 1
    station_measure = measures[10]
    for n, (name, host, members) in enumerate(data.AREAS):
        area = [p for p in members if p in prefectures]
        if not area:
            continue
        held = today - dt.timedelta(days=[75, 50, 30, 12][n])
        meeting = Meeting.objects.create(
            region_code="510000",
            kind=MeetingKind.AREA_PROMOTION,
            held_on=held,
            title=f"{name}外卖配送员群体党建工作推进会",
            place=f"{tree.name_of(host)}市场监督管理局",
            attendee_orgs=[f"{tree.name_of(p)}市场监督管理局" for p in area],
            summary="交流经验，查找差距，推进暖心驿站标准化建设。",
            created_by=province,
        )
        decision = MeetingDecision.objects.create(
            meeting=meeting, number=1, text=f"{name}各市（州）开展暖心驿站标准化建设“回头看”"
        )
        for code in area:
            t = b.add(
                state=b.random_state(),
                measure=station_measure,
                region_code=code,
                title=f"{tree.name_of(code)}暖心驿站标准化建设“回头看”",
                owner_org=f"{tree.name_of(code)}市场监督管理局",
                owner=b.account_for(code),
                decision=decision,
                due_date=held + dt.timedelta(days=40),
            )
            t.progress = 100 if t.due_date < today - dt.timedelta(days=20) else t.progress
            t.status = _status(t.progress)
            t.done_on = t.due_date if t.progress == 100 else None
        made += 1
    return made


def _deyang(ctx, today: dt.date) -> None:
    """Deyang's joint plan for outdoor workers' service sites (市场监管、工会联合印发)."""
    starts = today - dt.timedelta(days=200)
    plan = Plan.objects.create(
        region_code="510600",
        title=data.DEYANG_PLAN,
        issued_by=data.DEYANG_ISSUERS,
        starts_on=starts,
        ends_on=starts + dt.timedelta(days=540),
    )
    b = Builder(ctx, plan, today)
    for i, (title, owner) in enumerate(data.DEYANG_MEASURES, 1):
        measure = Measure.objects.create(
            plan=plan, region_code="510600", number=i, title=title, owner_org=owner
        )
        for county in tree.children("510600"):
            b.add(
                state=b.random_state(),
                measure=measure,
                region_code=county,
                title=f"{tree.name_of(county)}{title.split('：')[0]}",
                owner_org=f"{tree.name_of(county)}市场监督管理局、{tree.name_of(county)}总工会",
            )
    b.save()


def _institutions(ctx, today: dt.date) -> int:
    """Chengdu's institution-building plan: 3 categories, 18 institutions, most issued."""
    rng = ctx.rng("workplan-institutions")
    made = 0
    for number, (title, items) in enumerate(data.CHENGDU_INSTITUTIONS, 1):
        category = InstitutionCategory.objects.create(
            region_code="510100", number=number, title=title
        )
        for i, name in enumerate(items, 1):
            status = (
                InstitutionStatus.ISSUED
                if i <= 4 - (number > 1)
                else (InstitutionStatus.DRAFTED if i <= 5 else InstitutionStatus.PLANNED)
            )
            item = Institution(
                category=category,
                region_code="510100",
                number=i,
                title=name,
                status=status,
                due_date=today + dt.timedelta(days=rng.randint(-30, 120)),
            )
            if status in (InstitutionStatus.DRAFTED, InstitutionStatus.ISSUED):
                item.drafted_on = today - dt.timedelta(days=rng.randint(60, 240))
            if status == InstitutionStatus.ISSUED:
                made_on = min(today, item.drafted_on + dt.timedelta(days=rng.randint(10, 50)))
                item.issued_on = made_on
                item.issuing_body = "成都市市场监督管理局"
                item.document_number = f"成市监发〔{made_on.year}〕{10 + made}号"
                item.document.save(
                    "document.pdf",
                    ContentFile(
                        _pdf(
                            name,
                            [
                                item.issuing_body,
                                item.document_number,
                                f"{made_on:%Y年%m月%d日}印发",
                            ],
                        )
                    ),
                    save=False,
                )
                item.document_name = f"{name}.pdf"
            item.save()
            made += 1
    return made
