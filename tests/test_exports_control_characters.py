"""Every file the platform writes survives a control character already stored in a row.

Each test puts the character straight into the database (as rows stored before input was
cleaned hold it), downloads the file as its users do, opens it, and finds the text around the
character intact and the character gone. NUL is used on SQLite; PostgreSQL cannot store NUL in
text at all, so there the test uses U+0001, which it stores.
"""

from __future__ import annotations

import io

import pytest
from django.db import connection
from docx import Document
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def ctrl() -> str:
    return "\x00" if connection.vendor == "sqlite" else "\x01"


def bad(text: str) -> str:
    """`text` with a control character (and a vertical tab) in the middle of it."""
    return f"{text[:2]}{ctrl()}\x0b{text[2:]}"


def xlsx_cells(content: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(content))
    return [
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]


def docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def assert_clean(texts, expected: str) -> None:
    joined = "\n".join(texts) if not isinstance(texts, str) else texts
    assert expected in joined
    assert ctrl() not in joined and "\x0b" not in joined


def test_the_appeals_export_through_the_api_and_the_console(county_officer, api, client):
    # given a case whose description holds a control character
    from redrider.appeals.tests.factories import make_appeal

    appeal = make_appeal()
    appeal.description = bad("东门不让进")
    appeal.save(update_fields=["description"])
    # when it is exported through the API and through the console
    through_api = api(county_officer).get("/api/v1/appeals/export.xlsx")
    client.force_login(county_officer)
    through_console = client.get("/appeals/console/export.xlsx")
    # then both files open and hold the text
    for response in (through_api, through_console):
        assert response.status_code == 200
        assert_clean(xlsx_cells(response.content), "东门不让进")


def test_the_station_export(county_officer, client):
    # given a station whose services note holds a control character
    from redrider.stations.tests.scoping_cases import station

    s = station("510104")
    s.services_note = bad("可以加热饭菜")
    s.save(update_fields=["services_note"])
    client.force_login(county_officer)
    # when
    response = client.get("/stations/console/export.xlsx")
    # then
    assert response.status_code == 200
    assert_clean(xlsx_cells(response.content), "可以加热饭菜")


def test_the_station_sign_pdf_and_png(county_officer, api):
    # given a station whose name holds a control character
    from redrider.stations.tests.scoping_cases import station

    s = station("510104")
    s.name = bad("春熙路驿站")
    s.save(update_fields=["name"])
    me = api(county_officer)
    # when / then both signs render
    pdf = me.get(f"/api/v1/stations/{s.pk}/sign.pdf")
    png = me.get(f"/api/v1/stations/{s.pk}/sign.png")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")


def test_the_guidance_station_ledger(county_officer, api):
    # given a ledger entry whose summary holds a control character
    from redrider.orgs.tests.scoping_cases import ledger_entry

    entry = ledger_entry("510104")
    entry.summary = bad("走访三家配送站")
    entry.save(update_fields=["summary"])
    # when
    response = api(county_officer).get(
        f"/api/v1/orgs/guidance-stations/{entry.station_id}/ledger.xlsx"
    )
    # then
    assert response.status_code == 200
    assert_clean(xlsx_cells(response.content), "走访三家配送站")


def test_the_survey_report(client, api, prefecture_officer):
    # given a survey with a free-text answer holding a control character
    from redrider.riders.models import Answer
    from redrider.riders.tests.test_surveys import QUESTIONS, answer, rider_user

    survey = (
        api(prefecture_officer)
        .post(
            "/api/v1/riders/surveys",
            {"title": "骑手状况调查", "open_now": True, "questions": QUESTIONS},
        )
        .json()
    )
    assert answer(api, rider_user("13911112222", "510104"), survey, 0, [0], 4, 9, "多建驿站")
    Answer.objects.filter(text="多建驿站").update(text=bad("多建驿站"))
    client.force_login(prefecture_officer)
    # when
    response = client.get(f"/riders/surveys/{survey['id']}/report.docx")
    # then
    assert response.status_code == 200
    assert_clean(docx_text(response.content), "多建驿站")


def test_the_redemption_orders_export(county_officer, client):
    # given an order for an item whose name holds a control character
    from redrider.points.tests.scoping_cases import make_order

    order = make_order("510104")
    order.item.name = bad("矿泉水一箱")
    order.item.save(update_fields=["name"])
    client.force_login(county_officer)
    # when
    response = client.get("/points/console/orders.xlsx")
    # then
    assert response.status_code == 200
    assert_clean(xlsx_cells(response.content), "矿泉水一箱")


def test_the_attendance_list(county_officer, client):
    # given an activity whose title and place hold control characters
    from redrider.activities.tests.scoping_cases import make_signup

    signup = make_signup("510104")
    activity = signup.activity
    activity.title, activity.place = bad("急救培训班"), bad("锦江区市场监管所")
    activity.save(update_fields=["title", "place"])
    client.force_login(county_officer)
    # when
    response = client.get(f"/activities/console/{activity.pk}/attendance.xlsx")
    # then
    assert response.status_code == 200
    assert_clean(xlsx_cells(response.content), "急救培训班")


def test_the_site_plan_workbook_and_report(county_officer, client):
    # given a finished plan whose name and site label hold control characters
    from redrider.planning.models import PlanSite, SitePlan

    plan = SitePlan.objects.create(
        region_code="510104",
        radius_m=500,
        k=1,
        candidate_sources=["custom"],
        status="done",
        name=bad("春季选址方案"),
    )
    PlanSite.objects.create(
        plan=plan, rank=1, lat=30.6, lng=104.1, gain=0.1, gain_weight=1.0, source="custom",
        label=bad("东门空地"), county_code="510104",
    )  # fmt: skip
    client.force_login(county_officer)
    # when
    xlsx = client.get(f"/planning/plans/{plan.pk}/export.xlsx")
    docx = client.get(f"/planning/plans/{plan.pk}/report.docx")
    # then
    assert xlsx.status_code == docx.status_code == 200
    assert_clean(xlsx_cells(xlsx.content), "东门空地")
    assert_clean(docx_text(docx.content), "春季选址方案")


def test_the_rider_census_export(province_admin, client):
    # given a rider whose community organisation and company hold control characters
    from redrider.riders.models import Company
    from redrider.riders.tests.factories import make_rider

    company = Company.objects.create(region_code="510104", name="x", kind="platform")
    Company.objects.filter(pk=company.pk).update(name=bad("顺丰同城"))
    make_rider("510104", company=company)
    client.force_login(province_admin)
    # when
    response = client.get("/riders/export.xlsx")
    # then
    assert response.status_code == 200
    assert_clean(xlsx_cells(response.content), "顺丰同城")


def test_the_import_error_report(county_officer):
    # given an import whose error list repeats a bad header and value from the uploaded file
    from redrider.riders.models import ImportJob
    from redrider.riders.services import errors_report_xlsx

    job = ImportJob.objects.create(
        region_code="510104",
        filename="census.xlsx",
        errors=[{"row": 2, "column": bad("姓名列"), "code": "x", "message": "m", "value": "=1+1"}],
        error_count=1,
    )
    # when
    cells = xlsx_cells(errors_report_xlsx(job))
    # then the text is kept, the character dropped, and the formula stays text
    assert_clean(cells, "姓名列")
    assert "'=1+1" in cells
