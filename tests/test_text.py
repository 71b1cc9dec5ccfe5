"""Free text is cleaned once on the way in (API bodies, queries, forms) and once on the way out."""

from __future__ import annotations

import pytest

from redrider.core.text import cell, clean_deep, clean_text

CONTROLS = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\x7f", "\x85", "\x9f", "\ufffe"]


@pytest.mark.parametrize("char", CONTROLS)
def test_control_characters_are_removed_and_the_text_around_them_kept(char):
    assert clean_text(f"东门{char}不让进") == "东门不让进"


def test_tabs_newlines_chinese_tibetan_and_emoji_are_kept():
    # given text a person means to write
    text = "第一行\n第二行\r\n\t缩进 བོད་ཡིག 🚴 ¥5"
    # then nothing is lost
    assert clean_text(text) == text


def test_a_lone_surrogate_is_removed_and_a_real_pair_is_one_character_kept():
    assert clean_text("a\ud800b") == "ab"
    assert clean_text("骑手🚴") == "骑手🚴"


def test_nested_documents_are_cleaned_keys_and_values():
    assert clean_deep({"k\x00": ["a\x01", {"b": "c\x1f"}], "n": 1}) == {
        "k": ["a", {"b": "c"}],
        "n": 1,
    }


@pytest.mark.parametrize("text", ['=HYPERLINK("x")', "+1", "-2+3", "@SUM(A1)", "\t=1"])
def test_a_cell_is_never_read_as_a_formula(text):
    assert cell(text).startswith("'")
    assert cell(text)[1:] == clean_text(text)


def test_numbers_dates_and_empty_cells_pass_through():
    import datetime as dt

    for value in (3, -2.5, None, dt.date(2026, 1, 1), ""):
        assert cell(value) == value


# --- on the way in -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_json_body_loses_its_control_characters_before_the_service(county_officer, api):
    # given a guidance station of Jinjiang
    from redrider.orgs.models import WorkLedgerEntry
    from redrider.orgs.tests.scoping_cases import guidance_station

    station = guidance_station("510104")
    # when an entry is written with NUL and U+0001 in it
    response = api(county_officer).post(
        f"/api/v1/orgs/guidance-stations/{station.pk}/ledger",
        {"on": "2026-03-01", "category": "visit", "summary": "走访\u0000三家\u0001站点"},
    )
    # then it is stored without them
    assert response.status_code == 201, response.content
    assert WorkLedgerEntry.objects.get().summary == "走访三家站点"


@pytest.mark.django_db
def test_a_station_patch_loses_its_control_characters(county_officer, api):
    # given
    from redrider.stations.tests.scoping_cases import station

    s = station("510104")
    # when
    response = api(county_officer).patch(
        f"/api/v1/stations/{s.pk}", {"services_note": "可以\u0001加热"}
    )
    # then
    assert response.status_code == 200, response.content
    s.refresh_from_db()
    assert s.services_note == "可以加热"


@pytest.mark.django_db
def test_a_form_post_loses_its_control_characters(county_officer, client):
    # given the console page of a guidance station
    from redrider.orgs.models import WorkLedgerEntry
    from redrider.orgs.tests.scoping_cases import guidance_station

    station = guidance_station("510104")
    client.force_login(county_officer)
    # when the ledger form is posted with control characters
    client.post(
        f"/orgs/guidance-stations/{station.pk}/",
        {"on": "2026-03-01", "category": "visit", "summary": "走访\x01三家\x1f站点"},
    )
    # then the stored entry is clean
    assert WorkLedgerEntry.objects.get().summary == "走访三家站点"


@pytest.mark.django_db
def test_query_strings_are_cleaned_too(county_officer, api):
    # given a station named plainly
    from redrider.stations.tests.scoping_cases import station

    s = station("510104")
    # when searching with a control character inside the query
    body = api(county_officer).get("/api/v1/stations", q=s.name[:2] + "\x01" + s.name[2:]).json()
    # then the search finds it as if the character were not there
    assert [i["id"] for i in body["items"]] == [s.pk]


@pytest.mark.django_db
def test_an_imported_census_file_is_cleaned_like_any_other_input():
    # given a CSV whose name and company cells hold control characters
    from redrider.riders.importing import run_import
    from redrider.riders.models import Rider
    from redrider.riders.tests.factories import new_id_number, new_phone
    from redrider.riders.tests.files import csv_bytes, row

    data = csv_bytes([row(name="张\x01三\x85", id_number=new_id_number(), phone=new_phone())])
    # when it is imported
    outcome = run_import(data, "list.csv", actor=None, scope_code="510000", commit=True)
    # then the rider's name is stored without them
    assert outcome.status == "done", outcome.errors
    assert Rider.objects.get().name == "张三"


@pytest.mark.django_db
def test_an_imported_station_ledger_is_cleaned_like_any_other_input(county_officer):
    # given an exported ledger whose note gained a C1 control character (XML allows it)
    import io

    from openpyxl import load_workbook

    from redrider.stations.importing import stations_export_xlsx, stations_import_xlsx
    from redrider.stations.models import Station
    from redrider.stations.tests.scoping_cases import station

    station("510104")
    sheet = load_workbook(io.BytesIO(stations_export_xlsx(stations=Station.objects.all()))).active
    header = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=header.index("驿站编码") + 1).value = None
    sheet.cell(row=2, column=header.index("其他服务") + 1).value = "可以\x85加热"
    out = io.BytesIO()
    sheet.parent.save(out)
    # when it is imported again
    created = stations_import_xlsx(actor=county_officer, content=out.getvalue())
    # then
    assert created[0].services_note == "可以加热"
