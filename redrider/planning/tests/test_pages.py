"""The staff planning page and the plan downloads (xlsx, Word)."""

from __future__ import annotations

import io

import openpyxl
import pytest
from docx import Document

from conftest import browser_login

from .helpers import make_demand, make_station, offset

pytestmark = pytest.mark.django_db


def _plan(api, user, n=3):
    make_demand([(*offset(300 * i, 250 * (i % 4)), 1.0 + i % 3) for i in range(30)])
    make_station(*offset(0, 0))
    body = (
        api(user)
        .post("/api/v1/planning/plans", {"k": n, "radius_m": 500, "candidate_sources": ["grid"]})
        .json()
    )
    assert body["status"] == "done", body
    return body


def test_planning_page_opens_for_the_officers_county(client, county_officer):
    # given
    client.force_login(county_officer)
    # when
    response = client.get("/planning/")
    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert "锦江区" in html
    assert "vendor/leaflet/leaflet.js" in html


def test_planning_page_answers_404_for_another_county(client, county_officer):
    client.force_login(county_officer)
    assert client.get("/planning/", {"region": "510107"}).status_code == 404


def test_riders_get_no_planning_page(client, rider):
    client.force_login(rider)
    assert client.get("/planning/").status_code == 403


def test_plan_exports_to_excel_with_sites_in_order(client, county_officer, api):
    # given
    plan = _plan(api, county_officer)
    client.force_login(county_officer)
    # when
    response = client.get(f"/planning/plans/{plan['id']}/export.xlsx")
    # then
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["概要", "建议站点", "未覆盖热点"]
    rows = list(book["建议站点"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [1, 2, 3]
    assert [r[3] for r in rows] == pytest.approx([s["gain"] for s in plan["sites"]], abs=1e-6)


def test_plan_report_is_a_word_document_with_the_sites(client, county_officer, api):
    # given
    plan = _plan(api, county_officer, n=2)
    client.force_login(county_officer)
    # when
    response = client.get(f"/planning/plans/{plan['id']}/report.docx")
    # then
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    assert "锦江区暖心驿站覆盖分析与选址建议" in doc.paragraphs[0].text
    sites_table = doc.tables[1]
    assert len(sites_table.rows) == 1 + 2


def test_another_countys_plan_cannot_be_downloaded(
    client, county_officer, other_county_officer, api
):
    # given a Jinjiang plan
    plan = _plan(api, county_officer)
    client.force_login(other_county_officer)
    # then
    assert client.get(f"/planning/plans/{plan['id']}/export.xlsx").status_code == 404
    assert client.get(f"/planning/plans/{plan['id']}/report.docx").status_code == 404


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_planning_page_proposes_sites_for_a_county_and_draws_them(page, county_officer):
    # given demand and one station in Jinjiang
    make_demand([(*offset(300 * i, 250 * (i % 5)), 1.0 + i % 3) for i in range(40)])
    make_station(*offset(0, 0))
    browser_login(page, county_officer.username)
    # when the officer asks for 4 new sites within 600 m
    page.goto("/planning/")
    page.select_option("#promise-kind", "radius")
    page.fill("input[name=radius_m]", "600")
    page.fill("input[name=k]", "4")
    page.click("#run-plan")
    # then four numbered markers are drawn and listed with their gains
    page.wait_for_selector(".leaflet-marker-icon.plan-site")
    assert page.locator(".leaflet-marker-icon.plan-site").count() == 4
    assert page.locator("#plan-sites tbody tr").count() == 4
    assert page.locator("#plan-downloads a[data-kind=docx]").count() == 1
    assert "%" in page.locator("#plan-figures").inner_text()
