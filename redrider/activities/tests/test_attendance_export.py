import io

import pytest
from openpyxl import load_workbook

from redrider.activities.tests.scoping_cases import make_signup

pytestmark = pytest.mark.django_db


def test_organiser_downloads_the_attendance_list_as_excel(client, county_officer):
    # given an activity in Jinjiang with one sign-up
    signup = make_signup("510104")
    client.force_login(county_officer)
    # when
    response = client.get(f"/activities/console/{signup.activity_id}/attendance.xlsx")
    # then
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == signup.activity.title
    assert rows[2][:3] == ("序号", "骑手", "状态")
    assert rows[3][1] == signup.rider.label
    assert len(rows) == 4


def test_another_countys_attendance_list_answers_404(client, county_officer):
    signup = make_signup("510107")
    client.force_login(county_officer)
    assert (
        client.get(f"/activities/console/{signup.activity_id}/attendance.xlsx").status_code == 404
    )
