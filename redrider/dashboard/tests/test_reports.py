"""The monthly report (.docx) and the ledgers (.xlsx) hold the API's numbers (read back from the
files), personal data masked; both are filed each month per province and prefecture."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from python_calamine import CalamineWorkbook

from conftest import make_staff
from redrider.dashboard import reports, rollups
from redrider.dashboard.models import FiledReport

from . import world

pytestmark = pytest.mark.django_db

MONTH = "2026-05"


@pytest.fixture
def chengdu(db):
    return make_staff("t-report-chengdu", "prefecture_officer", "510100")


@pytest.fixture
def built(db):
    world.build()


def _api(client, **params):
    response = client.get("/api/v1/dashboard/indicators", params)
    assert response.status_code == 200, response.content
    return response.json()["indicators"]


def _rows(document) -> dict[str, list[str]]:
    """Label → cells, over every table of the document."""
    out = {}
    for table in document.tables:
        for row in table.rows:
            cells = [c.text for c in row.cells]
            out.setdefault(cells[0], cells)
    return out


def test_the_monthly_report_holds_the_apis_figures(client, built, chengdu):
    # given the officer's figures for May, April and up to the end of May from the API
    client.force_login(chengdu)
    may = _api(client, region="510100", **{"from": "2026-05-01", "to": "2026-05-31"})
    april = _api(client, region="510100", **{"from": "2026-04-01", "to": "2026-04-30"})
    total = _api(client, region="510100", to="2026-05-31")
    labels = {
        d["key"]: d["label"] for d in client.get("/api/v1/dashboard/definitions").json()["items"]
    }
    # when they download May's report
    response = client.get("/dashboard/report.docx", {"region": "510100", "month": MONTH})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('monthly-report-510100-2026-05.docx"')
    document = Document(io.BytesIO(response.content))
    # then every indicator's row says this month, last month, the change and the total
    rows = _rows(document)
    for key, label in labels.items():
        if key == "riders_party_members":  # hidden from this officer, shown as —
            assert rows[label][2] == "—"
            continue
        _label, _unit, this, before, change, upto = rows[label]
        assert this == reports._text(may[key]), key
        assert before == reports._text(april[key]), key
        assert change == reports._signed(reports._change(may[key], april[key])), key
        assert upto == reports._text(total[key]), key
    # and it has charts, the late tasks and the hotspots
    text = "\n".join(p.text for p in document.paragraphs)
    assert "三、逾期工作任务" in text and "四、诉求热点" in text
    assert len(document.inline_shapes) >= 3
    assert any(
        r[0] == "举措"
        for r in [
            row.cells and [c.text for c in row.cells] for t in document.tables for row in t.rows
        ]
    )


def _sheets(data: bytes) -> dict[str, list[tuple]]:
    """Every sheet of a workbook by name, in order, its rows with empty cells as None."""
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {
        name: [
            tuple(None if v == "" else v for v in row)
            for row in book.get_sheet_by_name(name).to_python()
        ]
        for name in book.sheet_names
    }


def test_the_ledgers_hold_the_apis_figures_and_list_the_rows_counted(client, built, chengdu):
    client.force_login(chengdu)
    period = {"from": "2025-03-17", "to": "2026-05-09"}
    api = _api(client, region="510100", **period)
    response = client.get("/dashboard/ledger.xlsx", {"region": "510100", **period})
    assert response.status_code == 200
    book = _sheets(response.content)
    # then the summary sheet gives every figure as the API does
    summary = book["汇总"]
    by_key = {row[0]: row[2] for row in summary[4:] if row and row[0]}
    assert set(by_key) == set(api)
    for key, value in api.items():
        assert by_key[key] == pytest.approx(value) if value is not None else by_key[key] is None
    # and each counted indicator has a sheet whose rows add up to the figure
    listed = 0
    for name in list(book)[1:]:
        rows = book[name]
        key, total = rows[0][2], rows[4][1]
        assert total == pytest.approx(api[key]) if api[key] is not None else total is None, key
        data = [r for r in rows[7:] if r and r[0] is not None]
        if api[key] is not None:
            assert sum(r[7] for r in data) == pytest.approx(api[key]), key
        listed += 1
    assert listed >= 40
    # and no cell carries a phone or an ID number in clear
    text = " ".join(str(c) for rows in book.values() for row in rows for c in row if c)
    assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", text)
    assert not re.search(r"(?<!\d)\d{17}[\dXx](?!\d)", text)


def test_reports_are_filed_each_month_and_downloaded_only_within_scope(client, built, chengdu):
    rollups.refresh_all()
    # when the monthly task files May for the province and Chengdu
    filed = reports.file_month(month=MONTH, regions=["510000", "510100"])
    assert filed == 4
    # and again (a re-run replaces, never duplicates)
    reports.file_month(month=MONTH, regions=["510100"])
    assert FiledReport.objects.filter(month=MONTH).count() == 4
    # then Chengdu's officer lists and downloads Chengdu's, not the province's
    client.force_login(chengdu)
    body = client.get("/api/v1/dashboard/reports", {"month": MONTH}).json()
    assert {(r["region_code"], r["kind"]) for r in body["items"]} == {
        ("510100", "monthly"),
        ("510100", "ledger"),
    }
    mine = body["items"][0]
    download = client.get(mine["url"])
    assert download.status_code == 200 and download.content[:2] == b"PK"
    province = FiledReport.objects.get(region_code="510000", kind="monthly")
    assert client.get(f"/dashboard/reports/{province.pk}/download").status_code == 404
    # and the filed report holds the figures of the month
    document = Document(
        io.BytesIO(bytes(FiledReport.objects.get(region_code="510100", kind="monthly").content))
    )
    may = _api(client, region="510100", **{"from": "2026-05-01", "to": "2026-05-31"})
    assert _rows(document)["暖心驿站"][2] == reports._text(may["stations"])


def test_an_instructor_and_a_neighbour_cannot_take_reports(client, county_officer, instructor):
    client.force_login(instructor)
    assert client.get("/dashboard/report.docx", {"month": MONTH}).status_code == 404
    assert client.get("/dashboard/ledger.xlsx").status_code == 404
    client.force_login(county_officer)
    assert client.get("/dashboard/report.docx", {"region": "510107"}).status_code == 404
    assert client.get("/dashboard/report.docx", {"month": "2026-13"}).status_code == 422
    assert client.get("/dashboard/report.docx", {"month": "2999-01"}).status_code == 422
    assert client.get("/dashboard/ledger.xlsx", {"keys": "nope"}).status_code == 422
    assert client.get("/dashboard/report.docx", {"month": MONTH}).status_code == 200
