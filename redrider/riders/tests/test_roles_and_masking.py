"""No page, API answer, export or log line shows a full ID or phone to a role without the
permission; with it, seeing one is possible only with a reason, and is audited."""

from __future__ import annotations

import io
import logging

import pytest
from openpyxl import load_workbook

from redrider.core.models import AuditEvent
from redrider.riders.models import Survey
from redrider.riders.tests.factories import make_company, make_rider, new_id_number

pytestmark = pytest.mark.django_db

ROLES = [
    "province_admin",
    "prefecture_officer",
    "county_officer",
    "other_county_officer",
    "instructor",
    "station_host",
    "auditor",
    "rider",
]


@pytest.fixture
def people(rider):
    company = make_company("510104")
    mine = make_rider(
        "510104",
        name="王小明",
        id_number=new_id_number(),
        phone="13912345678",
        company=company,
        political_status="member",
        user=rider,
    )
    other = make_rider("510107", name="李小红", id_number=new_id_number(), phone="13987654321")
    Survey.objects.create(region_code="510104", title="测试问卷", status="open")
    return {
        "mine": mine,
        "other": other,
        "secrets": [mine.id_number, mine.phone, other.id_number, other.phone, "王小明", "李小红"],
    }


def xlsx_text(data: bytes) -> str:
    wb = load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(
        str(v)
        for ws in wb.worksheets
        for row in ws.iter_rows(values_only=True)
        for v in row
        if v is not None
    )


def leaked(text: str, secrets: list[str]) -> list[str]:
    return [s for s in secrets if s in text]


def walk(client, api, user, people) -> list[tuple[str, str]]:
    """Everything this user can fetch about riders: pages, API, exports; (what, text) pairs."""
    client.force_login(user)
    me = api(user)
    mine, other = people["mine"], people["other"]
    seen = []
    for url in [
        "/riders/",
        f"/riders/{mine.pk}/",
        f"/riders/{other.pk}/",
        "/riders/imports/",
        "/riders/companies/",
        "/riders/liaison/",
        "/riders/surveys/",
        "/riders/h5/me/",
    ]:
        response = client.get(url)
        seen.append((url, response.content.decode()))
    found = client.post("/riders/", {"q": "13912345678"}, follow=True)
    seen.append(("search", found.content.decode() + found.redirect_chain.__repr__()))
    export = client.get("/riders/export.xlsx")
    if export.status_code == 200 and export["Content-Type"].startswith("application/vnd"):
        seen.append(("export", xlsx_text(export.content)))
    refused = client.post("/riders/export.xlsx", {"unmasked": "1", "reason": ""})
    if refused.status_code == 200 and refused["Content-Type"].startswith("application/vnd"):
        seen.append(("export-unmasked-no-reason", xlsx_text(refused.content)))
    for path in [
        "/api/v1/riders/riders",
        f"/api/v1/riders/riders/{mine.pk}",
        f"/api/v1/riders/riders/{other.pk}",
        "/api/v1/riders/me",
    ]:
        seen.append((path, me.get(path).content.decode()))
    seen.append(
        (
            "reveal-no-reason",
            me.post(f"/api/v1/riders/riders/{mine.pk}/reveal", {"reason": ""}).content.decode(),
        )
    )
    client.logout()
    return seen


@pytest.mark.parametrize("role", ROLES)
def test_no_role_without_the_permission_sees_a_full_id_or_phone(
    role, request, client, api, people, caplog
):
    # given
    user = request.getfixturevalue(role)
    caplog.set_level(logging.DEBUG)
    # when every page, API answer and export is fetched
    seen = walk(client, api, user, people)
    # then none shows a full ID number, phone or name
    found = [
        (what, leaked(text, people["secrets"]))
        for what, text in seen
        if leaked(text, people["secrets"])
    ]
    assert found == []
    # and no log line does either
    assert leaked(caplog.text, people["secrets"]) == []


def test_county_officer_sees_masked_numbers_of_their_own_riders_only(
    client, county_officer, people
):
    # given
    client.force_login(county_officer)
    mine = people["mine"]
    # when
    page = client.get("/riders/").content.decode()
    # then
    assert mine.masked_id_number in page and "139****5678" in page
    assert people["other"].masked_id_number not in page
    assert client.get(f"/riders/{people['other'].pk}/").status_code == 404


def test_political_status_is_shown_only_with_its_permission(
    api, county_officer, province_admin, people
):
    # given
    path = f"/api/v1/riders/riders/{people['mine'].pk}"
    # then
    assert "political_status" not in api(county_officer).get(path).json()
    assert api(province_admin).get(path).json()["political_status"] == "member"


def test_revealing_a_rider_needs_the_permission_and_a_reason_and_is_audited(
    api, province_admin, county_officer, people
):
    # given
    path = f"/api/v1/riders/riders/{people['mine'].pk}/reveal"
    # when someone without the permission asks
    denied = api(county_officer).post(path, {"reason": "核实身份信息"})
    # then 403, audited as denied
    assert denied.status_code == 403
    assert AuditEvent.objects.filter(action="rider.reveal", result="denied").count() == 1
    # when the province admin asks without a reason
    assert api(province_admin).post(path, {"reason": ""}).status_code == 422
    # when with a reason
    shown = api(province_admin).post(path, {"reason": "核实身份信息"})
    # then the full numbers, and an audit row with the reason
    assert shown.json()["id_number"] == people["mine"].id_number
    event = AuditEvent.objects.get(action="rider.reveal", result="ok")
    assert event.actor == province_admin and event.detail["reason"] == "核实身份信息"


def test_unmasked_export_needs_the_permission_and_a_reason_and_is_audited(
    client, province_admin, county_officer, people
):
    # given a county officer without the permission
    client.force_login(county_officer)
    # when
    refused = client.post("/riders/export.xlsx", {"unmasked": "1", "reason": "年度核查"})
    # then no workbook
    assert not refused["Content-Type"].startswith("application/vnd")
    # given the province admin
    client.force_login(province_admin)
    # when
    masked = xlsx_text(client.get("/riders/export.xlsx").content)
    full = xlsx_text(
        client.post("/riders/export.xlsx", {"unmasked": "1", "reason": "年度核查"}).content
    )
    # then only the unmasked one carries the numbers, and it is audited with its reason
    assert people["mine"].id_number not in masked and people["mine"].masked_id_number in masked
    assert people["mine"].id_number in full and people["other"].phone in full
    event = AuditEvent.objects.get(action="rider.export_unmasked", result="ok")
    assert event.detail == {"rows": 2, "reason": "年度核查"} and event.actor == province_admin
    assert AuditEvent.objects.filter(
        action="rider.export_unmasked", result="denied", actor=county_officer
    ).exists()


def test_station_hosts_and_auditors_do_not_see_the_registry(
    client, api, station_host, auditor, people
):
    for user in (station_host, auditor):
        # when
        client.force_login(user)
        # then
        assert client.get("/riders/").status_code == 403
        assert api(user).get("/api/v1/riders/riders").json()["count"] == 0


def test_searching_by_phone_finds_the_rider_without_the_phone_in_any_url(
    client, county_officer, people
):
    # given
    client.force_login(county_officer)
    # when
    response = client.post("/riders/", {"q": "139 1234 5678"}, follow=True)
    # then
    url = response.redirect_chain[-1][0]
    assert "13912345678" not in url and "find=phone" in url
    body = response.content.decode()
    assert people["mine"].masked_id_number in body
    assert "13912345678" not in body
