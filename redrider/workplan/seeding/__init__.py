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

from redrider.regions import tree

from .. import clock, selectors
from ..models import Measure, Plan, Task
from . import data
from .builder import (
    SMALL_CHENGDU,
    SMALL_PREFECTURES,
    Builder,
    evidence,
    history,
    indicator_progress,
    measure_tasks,
    milestones,
)
from .institutions import deyang, institutions
from .meetings import meetings

ORDER = 85  # after the census, stations, activities and points it reads for evidence


def seed(ctx) -> None:
    """The whole demo work plan, in one transaction (the seeder runs each app's step atomic)."""
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
        measure_tasks(
            b, measure, owner, task_title, split, indicator, prefectures, chengdu, weights
        )
    held = meetings(ctx, b, measures, prefectures, today)
    if wide:
        deyang(ctx, today)
    tasks = b.save()
    indicator_progress(tasks)
    history(ctx, b, tasks, today)
    evidence(ctx, tasks)
    milestones(b, tasks)
    ctx.shared["workplan_measures"] = len(measures)
    n = institutions(ctx, today)
    ctx.log(
        f"workplan: {len(measures)} measures, {Task.objects.count()} tasks "
        f"({Task.objects.filter(selectors.overdue_q(today)).count()} late), "
        f"{held} meetings, {n} institutions"
    )
