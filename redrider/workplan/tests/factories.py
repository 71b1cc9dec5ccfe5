"""Plain builders for work-plan tests (rows straight into the database, no services)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from redrider.workplan.choices import ProgressSource, TaskStatus
from redrider.workplan.models import (
    Institution,
    InstitutionCategory,
    Measure,
    Meeting,
    Plan,
    Task,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
PLAN_START = dt.date(2026, 1, 1)


def plan(region="510000", starts_on=PLAN_START, ends_on=dt.date(2027, 12, 31)) -> Plan:
    return Plan.objects.create(
        region_code=region, title=f"{region} 实施方案", starts_on=starts_on, ends_on=ends_on
    )


def measure(region="510000", number=1, of: Plan | None = None) -> Measure:
    of = of or plan(region)
    return Measure.objects.create(
        plan=of, region_code=of.region_code, number=number, title=f"举措 {number}"
    )


def task(
    region="510104",
    *,
    of: Measure | None = None,
    due=dt.date(2026, 6, 30),
    progress=0,
    parent: Task | None = None,
    weight=1,
    owner=None,
    title="",
) -> Task:
    of = of or measure()
    status = (
        TaskStatus.DONE
        if progress == 100
        else TaskStatus.IN_PROGRESS
        if progress
        else TaskStatus.PLANNED
    )
    return Task.objects.create(
        measure=of,
        region_code=region,
        title=title or f"{region} 任务",
        owner_org=f"{region} 市场监管局",
        owner=owner,
        due_date=due,
        progress=progress,
        status=status,
        parent=parent,
        weight=weight,
    )


def split_parent(of: Measure, region="510000", due=dt.date(2026, 9, 30)) -> Task:
    parent = task(region, of=of, due=due)
    parent.progress_source = ProgressSource.CHILDREN
    parent.save(update_fields=["progress_source"])
    return parent


def meeting(region="510104", kind="party_group", held_on=dt.date(2026, 3, 1)) -> Meeting:
    return Meeting.objects.create(
        region_code=region, kind=kind, title=f"{region} 会议", held_on=held_on
    )


def category(region="510104", number=None) -> InstitutionCategory:
    if number is None:
        number = InstitutionCategory.objects.filter(region_code=region).count() + 1
    return InstitutionCategory.objects.create(region_code=region, number=number, title="工作机制")


def institution(region="510104", of: InstitutionCategory | None = None, number=1) -> Institution:
    of = of or category(region)
    return Institution.objects.create(
        category=of, region_code=region, number=number, title="联席会议制度"
    )


def at_shanghai(year, month, day, hour=12, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def clock(monkeypatch):
    """`clock(datetime)` fixes "now" for everything that reads `django.utils.timezone.now`."""

    def set_now(when: dt.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: when.astimezone(dt.UTC))

    set_now(at_shanghai(2026, 6, 15))
    return set_now


PDF = b"%PDF-1.4\n% test\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
