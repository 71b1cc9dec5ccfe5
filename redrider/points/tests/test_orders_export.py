import io

import pytest
from openpyxl import load_workbook

from redrider.points.tests.scoping_cases import make_order

pytestmark = pytest.mark.django_db


def test_orders_export_lists_the_officers_county_only(client, county_officer):
    # given an order in Jinjiang and one in Wuhou
    mine = make_order("510104")
    theirs = make_order("510107")
    client.force_login(county_officer)
    # when
    response = client.get("/points/console/orders.xlsx")
    # then
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    ids = [r[0] for r in rows[1:]]
    assert rows[0][0] == "订单号"
    assert mine.pk in ids and theirs.pk not in ids


def test_riders_cannot_export_orders(client, rider):
    client.force_login(rider)
    assert client.get("/points/console/orders.xlsx").status_code == 403
