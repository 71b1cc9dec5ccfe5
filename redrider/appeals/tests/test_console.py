"""Staff console pages: queue with filters, case actions, export, map and indicators."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from redrider.appeals.tests.factories import make_appeal

pytestmark = pytest.mark.django_db


def test_the_queue_lists_only_the_officers_county_and_filters_by_category(county_officer, client):
    # given
    mine = make_appeal()
    parking = make_appeal(category="parking")
    theirs = make_appeal(region_code="510107")
    client.force_login(county_officer)
    # when
    everything = client.get("/appeals/console/").content.decode()
    only_parking = client.get("/appeals/console/", {"category": "parking"}).content.decode()
    # then
    assert f"#{mine.pk}<" in everything and f"#{parking.pk}<" in everything
    assert f"#{theirs.pk}<" not in everything
    assert f"#{mine.pk}<" not in only_parking and f"#{parking.pk}<" in only_parking


def test_an_officer_accepts_and_resolves_on_the_case_page(county_officer, client):
    # given
    appeal = make_appeal()
    client.force_login(county_officer)
    url = f"/appeals/console/{appeal.pk}/"
    # when
    client.post(url, {"action": "accept", "note": ""})
    client.post(url, {"action": "resolve", "note": "已与物业协商开放东门"})
    page = client.get(url).content.decode()
    # then
    appeal.refresh_from_db()
    assert appeal.status == "resolved"
    assert "已与物业协商开放东门" in page


def test_an_illegal_step_on_the_case_page_shows_a_message_and_changes_nothing(
    county_officer, client
):
    # given
    appeal = make_appeal(status="confirmed")
    client.force_login(county_officer)
    # when
    response = client.post(f"/appeals/console/{appeal.pk}/", {"action": "accept"}, follow=True)
    # then
    assert "不能执行" in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.status == "confirmed"


def test_another_countys_case_page_is_404(other_county_officer, client):
    # given
    appeal = make_appeal()
    client.force_login(other_county_officer)
    # then
    assert client.get(f"/appeals/console/{appeal.pk}/").status_code == 404


def test_the_xlsx_export_holds_the_scoped_cases_without_rider_identity(county_officer, client):
    # given
    make_appeal()
    make_appeal()
    make_appeal(region_code="510107")
    client.force_login(county_officer)
    # when
    response = client.get("/appeals/console/export.xlsx")
    # then
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "编号"
    assert len(rows) == 3
    assert {r[3] for r in rows[1:]} == {"510104"}
    assert not any("骑手" in str(cell) for row in rows for cell in row if cell)


def test_the_map_and_indicators_pages_render_for_staff_and_riders_are_sent_home(
    county_officer, rider, client
):
    # given
    make_appeal()
    client.force_login(county_officer)
    # then
    assert "hotspot-map" in client.get("/appeals/console/map/").content.decode()
    assert client.get("/appeals/console/indicators/").status_code == 200
    client.force_login(rider)
    assert client.get("/appeals/console/").status_code == 403
    assert client.get("/appeals/rider/").status_code == 200


def test_the_rider_home_lists_my_cases_and_unread_notices(rider, county_officer, client, api):
    # given
    appeal = make_appeal(rider=rider)
    api(county_officer).post(
        f"/api/v1/appeals/{appeal.pk}/transitions", {"action": "accept", "note": ""}
    )
    client.force_login(rider)
    # when
    page = client.get("/appeals/rider/").content.decode()
    # then
    assert f"#{appeal.pk}" in page
    assert "已受理" in page


def test_the_queue_puts_overdue_then_soon_due_cases_first_and_closed_ones_last(
    county_officer, client
):
    import datetime as dt

    from django.utils import timezone

    from redrider.appeals.models import Appeal

    # given a closed case, a case due in a week, an overdue one and one due tomorrow, filed in
    # that order (newest last)
    now = timezone.now()
    closed = make_appeal(status="confirmed")
    later = make_appeal()
    overdue = make_appeal()
    soon = make_appeal()
    for appeal, due in ((later, 7), (overdue, -2), (soon, 1)):
        Appeal.objects.filter(pk=appeal.pk).update(accept_due_at=now + dt.timedelta(days=due))
    client.force_login(county_officer)
    # when the officer opens the queue
    html = client.get("/appeals/console/").content.decode()
    # then the order is by urgency: overdue, due tomorrow, due next week, then the closed case
    positions = [html.index(f"#{a.pk}<") for a in (overdue, soon, later, closed)]
    assert positions == sorted(positions)
