"""In a real browser: the board shows the matrix, a click opens the late task, the county
officer reports from a phone and the board's cell changes colour."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings

from conftest import browser_login
from redrider.workplan import clock

from .factories import measure, task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(settings.VAR_DIR) / "screenshots"


def background(locator) -> str:
    return locator.evaluate("el => getComputedStyle(el).backgroundColor")


def test_a_click_opens_the_late_task_and_a_phone_report_turns_the_cell_green(
    page, phone_page, prefecture_officer, county_officer, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    SHOTS.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    # (the favicon is the frame's business, not this page's)
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text)
            if msg.type == "error" and "favicon" not in msg.location.get("url", "")
            else None
        ),
    )
    # given Chengdu's board with a late Jinjiang task under measure 4 and other work
    today = clock.today()
    m4 = measure(number=4)
    m6 = measure(number=6, of=m4.plan)
    late = task(
        "510104",
        of=m4,
        due=today - dt.timedelta(days=5),
        progress=40,
        title="锦江区推动配送站点建立党组织",
    )
    task("510107", of=m4, due=today + dt.timedelta(days=40), progress=30)
    task("510104", of=m6, due=today + dt.timedelta(days=3), progress=60)
    task("510107", of=m6, due=today - dt.timedelta(days=20), progress=100)

    # when the prefecture officer opens the board at 1440 px
    page.set_viewport_size({"width": 1440, "height": 900})
    browser_login(page, prefecture_officer.username)
    page.goto("/workplan/")
    # then the matrix shows measures × counties, Jinjiang's measure-4 cell late (red)
    cell = page.locator("[data-testid=cell-4-510104]")
    assert page.locator("[data-testid=matrix] tbody tr").count() == 2
    assert cell.get_attribute("data-state") == "late"
    assert page.locator("[data-testid=cell-6-510104]").get_attribute("data-state") == "soon"
    red = background(cell)
    assert red == "rgb(200, 22, 29)"
    page.wait_for_selector("#wp-timeline canvas")
    page.screenshot(path=str(SHOTS / "workplan-board-1440.png"), full_page=True)
    # and a click on the red cell opens the late task
    cell.locator("a").click()
    page.wait_for_url(re.compile(rf"/workplan/tasks/{late.pk}/$"))
    assert "逾期 5 天" in page.inner_text("[data-testid=late-badge]")

    # when the Jinjiang officer reports it done from a phone
    browser_login(phone_page, county_officer.username)
    phone_page.goto(f"/workplan/tasks/{late.pk}/")
    phone_page.fill("#wp-progress", "100")
    phone_page.fill("textarea[name=note]", "辖区 3 个配送站点均已建立党支部")
    phone_page.screenshot(path=str(SHOTS / "workplan-report-390.png"), full_page=False)
    phone_page.click("[data-testid=report-form] button[type=submit]")
    phone_page.wait_for_selector("[data-testid=task-status] >> text=已完成")
    assert phone_page.inner_text("[data-testid=task-progress]") == "100%"
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390

    # then the board's cell is no longer red but done (green)
    page.goto("/workplan/")
    cell = page.locator("[data-testid=cell-4-510104]")
    assert cell.get_attribute("data-state") == "done"
    assert background(cell) == "rgb(26, 127, 55)" != red
    assert errors == []
