"""The board: measure × region matrix coloured by lateness and progress, escalation, the ledger."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from python_calamine import CalamineWorkbook

from redrider.workplan import board

from .factories import at_shanghai, measure, meeting, split_parent, task

pytestmark = pytest.mark.django_db


def cell(matrix, number, code):
    row = next(r for r in matrix["rows"] if r.number == number)
    return next(c for c in row.cells if c.region_code == code)


def test_the_prefecture_board_has_a_column_per_county_coloured_by_state(clock, prefecture_officer):
    # given on 15 June, measure 1 with a late Jinjiang task, a due-this-week Wuhou task, a done
    # Qingyang task and a Jinniu task on track
    clock(at_shanghai(2026, 6, 15))
    m = measure(number=1)
    late = task("510104", of=m, due=dt.date(2026, 6, 1), progress=40)
    task("510107", of=m, due=dt.date(2026, 6, 18), progress=70)
    task("510105", of=m, due=dt.date(2026, 6, 1), progress=100)
    task("510106", of=m, due=dt.date(2026, 9, 1), progress=30)
    # when Chengdu opens its board
    matrix = board.matrix(user=prefecture_officer, region_code="510100")
    # then each county is a column and the cells say late / soon / done / progress
    codes = [c["code"] for c in matrix["columns"]]
    assert "510104" in codes and "510107" in codes and "510100" not in codes
    assert cell(matrix, 1, "510104").state == "late"
    assert cell(matrix, 1, "510104").task_id == late.pk  # a click opens the late task
    assert cell(matrix, 1, "510107").state == "soon"
    assert cell(matrix, 1, "510105").state == "done"
    assert cell(matrix, 1, "510106").state == "progress"
    assert cell(matrix, 1, "510112").state == "empty"


def test_the_board_api_is_typed_and_scoped(clock, api, county_officer):
    m = measure(number=3)
    task("510104", of=m, due=dt.date(2026, 6, 1))
    task("510107", of=m, due=dt.date(2026, 6, 1))
    body = api(county_officer).get("/api/v1/workplan/board").json()
    assert [c["code"] for c in body["columns"]] == ["510104"]
    assert body["rows"][0]["tasks_total"] == 1
    assert body["rows"][0]["cells"][0]["state"] == "late"
    assert api(county_officer).get("/api/v1/workplan/board", region="510107").status_code == 404


def test_a_split_province_task_counts_once_in_its_column(clock, province_admin):
    # given a province task split to Chengdu (done) and Mianyang (0 %)
    m = measure()
    parent = split_parent(m)
    task("510100", of=m, parent=parent, progress=100, due=dt.date(2026, 9, 1))
    task("510700", of=m, parent=parent, progress=0, due=dt.date(2026, 9, 1))
    parent.progress = 50
    parent.status = "in_progress"
    parent.save()
    matrix = board.matrix(user=province_admin, region_code="510000")
    row = matrix["rows"][0]
    # then the province's own column shows the parent, the prefectures their parts
    assert cell(matrix, 1, "510000").tasks_total == 1
    assert cell(matrix, 1, "510100").state == "done"
    # and the measure's progress is the parent's (its children are inside it)
    assert row.progress == 50


def test_an_overdue_county_task_escalates_to_the_prefecture_then_the_province(
    clock, prefecture_officer, province_admin
):
    m = measure()
    t = task("510104", of=m, due=dt.date(2026, 6, 10))
    # one day late: on Chengdu's escalation list, not yet the province's
    clock(at_shanghai(2026, 6, 11))
    assert [
        x.pk
        for x, _days in board.alerts(user=prefecture_officer, region_code="510100")["escalated"]
    ] == [t.pk]
    assert board.alerts(user=province_admin, region_code="510000")["escalated"] == []
    # 14 days late: it climbs to the province
    clock(at_shanghai(2026, 6, 24))
    assert board.alerts(user=prefecture_officer, region_code="510100")["escalated"] == []
    ((found, days),) = board.alerts(user=province_admin, region_code="510000")["escalated"]
    assert (found.pk, days) == (t.pk, 14)


def test_the_ledger_export_holds_only_the_viewers_region(clock, client, county_officer):
    # given tasks in Jinjiang and Wuhou and a Jinjiang meeting
    m = measure()
    task("510104", of=m, title="锦江区驿站建设")
    task("510107", of=m, title="武侯区驿站建设")
    meeting("510104")
    client.force_login(county_officer)
    # when the Jinjiang officer downloads the ledger
    response = client.get("/workplan/export.xlsx")
    # then it is a workbook of Jinjiang's rows only
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.sheet_names == ["任务台账", "举措×地区", "会议", "制度建设"]
    rows = book.get_sheet_by_name("任务台账").to_python()
    titles = [r[1] for r in rows[1:]]
    assert titles == ["锦江区驿站建设"]


def test_a_formula_typed_as_a_title_stays_text_in_the_ledger(clock, client, county_officer):
    task("510104", title='=HYPERLINK("http://x","y")')
    client.force_login(county_officer)
    book = CalamineWorkbook.from_filelike(io.BytesIO(client.get("/workplan/export.xlsx").content))
    # the export's one rule (core.sheets): text a spreadsheet would run gets an apostrophe
    assert book.get_sheet_by_name("任务台账").to_python()[1][1] == '\'=HYPERLINK("http://x","y")'
