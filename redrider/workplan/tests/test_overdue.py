"""Overdue = due date before today in Asia/Shanghai and not done (a fixed clock throughout)."""

from __future__ import annotations

import datetime as dt

import pytest

from redrider.workplan import selectors

from .factories import at_shanghai, measure, task

pytestmark = pytest.mark.django_db

DUE = dt.date(2026, 6, 30)


def overdue_ids(api, user) -> set[int]:
    body = api(user).get("/api/v1/workplan/tasks", overdue="true").json()
    return {item["id"] for item in body["items"]}


def flag(api, user, t) -> bool:
    return api(user).get(f"/api/v1/workplan/tasks/{t.pk}").json()["overdue"]


@pytest.mark.parametrize(
    "now, late",
    [
        (at_shanghai(2026, 6, 30, 0, 1), False),  # the due day itself, morning
        (at_shanghai(2026, 6, 30, 23, 59), False),  # the due day's last minute
        (at_shanghai(2026, 7, 1, 0, 0), True),  # the day after, from midnight in Shanghai
        (at_shanghai(2026, 8, 1, 9, 0), True),
    ],
    ids=["due-day-morning", "due-day-last-minute", "next-day-midnight", "a-month-later"],
)
def test_a_task_becomes_overdue_the_day_after_its_due_date_and_not_before(
    now, late, clock, api, county_officer
):
    # given a task in progress due on 30 June
    t = task("510104", due=DUE, progress=40)
    # when the clock reads `now` (Asia/Shanghai)
    clock(now)
    # then the task is overdue exactly from 1 July, in the flag and in the filtered list
    assert flag(api, county_officer, t) is late
    assert (t.pk in overdue_ids(api, county_officer)) is late


def test_overdue_follows_shanghai_midnight_not_utc(clock, api, county_officer):
    # given a task due 30 June and a clock at 1 July 00:30 in Shanghai (still 30 June in UTC)
    t = task("510104", due=DUE, progress=10)
    clock(at_shanghai(2026, 7, 1, 0, 30))
    assert dt.datetime(2026, 6, 30, 16, 30, tzinfo=dt.UTC) == at_shanghai(2026, 7, 1, 0, 30)
    # then it is overdue already
    assert flag(api, county_officer, t) is True


@pytest.mark.parametrize("days_after", [1, 30, 400])
def test_a_done_task_is_never_overdue(days_after, clock, api, county_officer):
    # given a finished task due on 30 June
    t = task("510104", due=DUE, progress=100)
    # when any number of days have passed since
    clock(at_shanghai(2026, 6, 30, 12) + dt.timedelta(days=days_after))
    # then it is not overdue, anywhere
    assert flag(api, county_officer, t) is False
    assert t.pk not in overdue_ids(api, county_officer)
    figures = api(county_officer).get("/api/v1/workplan/measures").json()["items"][0]
    assert figures["tasks_overdue"] == 0


def test_measure_figures_count_the_overdue_tasks_of_the_region(clock, api, county_officer):
    # given two late tasks, one done and one not yet due, in Jinjiang, and a late one in Wuhou
    m = measure()
    task("510104", of=m, due=dt.date(2026, 6, 1), progress=20)
    task("510104", of=m, due=dt.date(2026, 6, 10))
    task("510104", of=m, due=dt.date(2026, 6, 1), progress=100)
    task("510104", of=m, due=dt.date(2026, 7, 1))
    task("510107", of=m, due=dt.date(2026, 6, 1))
    clock(at_shanghai(2026, 6, 15))
    # when the Jinjiang officer lists the measures
    body = api(county_officer).get("/api/v1/workplan/measures").json()
    # then the province's measure shows Jinjiang's figures only
    (row,) = body["items"]
    assert body["region_code"] == "510104"
    assert (row["tasks_total"], row["tasks_overdue"], row["tasks_done"]) == (4, 2, 1)
    assert row["progress"] == (20 + 0 + 100 + 0) // 4


def test_overdue_selector_agrees_with_the_definition(clock, county_officer):
    # given tasks due on either side of today
    clock(at_shanghai(2026, 6, 15))
    late = task("510104", due=dt.date(2026, 6, 14))
    today = task("510104", due=dt.date(2026, 6, 15))
    # then only the one due yesterday is overdue
    qs = selectors.task_list(user=county_officer, overdue=True)
    assert list(qs.values_list("pk", flat=True)) == [late.pk]
    assert today.pk in selectors.task_list(user=county_officer, due_soon=True).values_list(
        "pk", flat=True
    )
