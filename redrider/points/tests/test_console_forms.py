"""Console forms: catalogue items (create, edit, stock top-ups through the stock ledger) and
benefits (publish, edit, withdraw, eligibility rules) — scoped, audited, 4xx with nothing written."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from redrider.core.models import AuditEvent
from redrider.points.integrity import ledger_violations
from redrider.points.models import Benefit, CatalogueItem, StockMovement
from redrider.points.services import benefit_create, item_create

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def water(county_officer):
    return item_create(
        actor=county_officer, name="矿泉水一箱", region_code="510104", cost=30, stock=10
    )


def test_a_county_officer_puts_an_item_on_offer_with_its_opening_stock_as_a_movement(
    county_officer,
):
    # given the Jinjiang officer on the new-item form
    client = client_for(county_officer)
    assert client.get("/points/console/items/new/").status_code == 200
    # when they submit it
    response = client.post(
        "/points/console/items/new/",
        {
            "name": "头盔",
            "region_code": "510104",
            "kind": "goods",
            "cost": "300",
            "stock": "25",
            "per_rider_limit": "1",
            "pickup_days": "10",
            "valid_until": "2030-01-01T00:00",
        },
    )
    # then the item exists with its stock held by one restock movement, and it was audited
    item = CatalogueItem.objects.get(name="头盔")
    assert (
        response.status_code == 302 and response["Location"] == f"/points/console/items/{item.pk}/"
    )
    assert (item.cost, item.stock, item.per_rider_limit, item.pickup_days) == (300, 25, 1, 10)
    local = timezone.localtime(item.valid_until)  # the form's time is Beijing time
    assert (local.year, local.month, local.day, local.hour) == (2030, 1, 1, 0)
    assert list(StockMovement.objects.filter(item=item).values_list("delta", "reason")) == [
        (25, "restock")
    ]
    assert AuditEvent.objects.filter(action="points.item_create", object_id=str(item.pk)).exists()


def test_editing_an_item_changes_its_fields_but_stock_only_moves_through_restock(
    county_officer, water
):
    # given an item of 30 points with 10 in stock
    client = client_for(county_officer)
    # when the officer raises the price, takes it off the shelf and then tops up 5
    edit = client.post(
        f"/points/console/items/{water.pk}/",
        {
            "name": "矿泉水一箱（24瓶）",
            "cost": "40",
            "pickup_days": "14",
            "per_rider_limit": "0",
            "stock": "999",
        },
    )
    restock = client.post(f"/points/console/items/{water.pk}/restock/", {"quantity": "5"})
    # then the edit changed the fields (a posted stock is ignored) and the top-up is a movement
    assert edit.status_code == 302 and restock.status_code == 302
    water.refresh_from_db()
    assert (water.name, water.cost, water.active, water.stock) == (
        "矿泉水一箱（24瓶）",
        40,
        False,
        15,
    )
    assert sorted(StockMovement.objects.filter(item=water).values_list("delta", flat=True)) == [
        5,
        10,
    ]
    audit = AuditEvent.objects.get(action="points.item_update")
    assert set(audit.detail["fields"]) == {"name", "cost", "active"}
    assert AuditEvent.objects.filter(action="points.item_restock").count() == 1
    assert ledger_violations() == []


def test_another_countys_officer_gets_404_and_changes_nothing(other_county_officer, water):
    # given Wuhou's officer and a Jinjiang item
    client = client_for(other_county_officer)
    # when they open, edit or restock it
    responses = [
        client.get(f"/points/console/items/{water.pk}/"),
        client.post(f"/points/console/items/{water.pk}/", {"name": "x", "cost": "1"}),
        client.post(f"/points/console/items/{water.pk}/restock/", {"quantity": "5"}),
    ]
    # then each answers 404 and the item is as it was
    assert [r.status_code for r in responses] == [404, 404, 404]
    water.refresh_from_db()
    assert (water.name, water.cost, water.stock) == ("矿泉水一箱", 30, 10)


def test_roles_without_catalogue_rights_get_403(auditor, rider, instructor, water):
    # given an auditor, a rider and an instructor
    # when they try to create an item in Jinjiang
    form = {"name": "雨衣", "region_code": "510104", "kind": "goods", "cost": "50", "stock": "1"}
    statuses = [
        client_for(u).post("/points/console/items/new/", form).status_code
        for u in (auditor, rider, instructor)
    ]
    # then all are refused and nothing is written
    assert statuses == [403, 403, 403]
    assert not CatalogueItem.objects.filter(name="雨衣").exists()


@pytest.mark.parametrize(
    "form, code_text",
    [
        ({"cost": "abc"}, "所需积分"),
        ({"cost": "0"}, "所需积分"),
        ({"name": ""}, "商品名称"),
        ({"valid_from": "2030-02-01T00:00", "valid_until": "2030-01-01T00:00"}, "截止时间"),
        ({"valid_until": "next tuesday"}, "时间格式"),
        ({"per_rider_limit": "-1"}, "per_rider_limit"),
    ],
)
def test_bad_item_input_answers_422_with_the_reason_and_writes_nothing(
    county_officer, water, form, code_text
):
    # given a valid edit made invalid in one field
    body = {"name": "矿泉水", "cost": "35", "pickup_days": "14", "per_rider_limit": "0", **form}
    # when it is submitted
    response = client_for(county_officer).post(f"/points/console/items/{water.pk}/", body)
    # then the form comes back with 422 and the reason, and the item is unchanged
    assert response.status_code == 422
    assert code_text in response.content.decode()
    water.refresh_from_db()
    assert (water.name, water.cost) == ("矿泉水一箱", 30)
    assert not AuditEvent.objects.filter(action="points.item_update").exists()


def test_a_restock_of_zero_or_text_answers_422_and_moves_no_stock(county_officer, water):
    # given the item with 10 in stock
    client = client_for(county_officer)
    # when the officer tops up nothing, or words
    statuses = [
        client.post(f"/points/console/items/{water.pk}/restock/", {"quantity": q}).status_code
        for q in ("0", "lots")
    ]
    # then both answer 422 and the stock ledger has only the opening movement
    assert statuses == [422, 422]
    assert StockMovement.objects.filter(item=water).count() == 1
    assert CatalogueItem.objects.get(pk=water.pk).stock == 10


def test_a_prefecture_officer_publishes_a_benefit_with_rules_then_withdraws_it(prefecture_officer):
    # given Chengdu's prefecture officer
    client = client_for(prefecture_officer)
    # when they publish a benefit for riders with ≥ 6 housing-fund months and a first-aid certificate
    response = client.post(
        "/points/console/benefits/new/",
        {
            "name": "公积金贷款贴息",
            "region_code": "510100",
            "provider": "成都市住房公积金管理中心",
            "max_amount_yuan": "400000",
            "summary": "贴息",
            "conditions": '[{"field": "housing_fund_months", "op": ">=", "value": 6}, {"certificate": "first_aid"}]',
        },
    )
    # then it is published with its rules, and audited
    benefit = Benefit.objects.get(name="公积金贷款贴息")
    assert response.status_code == 302
    assert benefit.conditions[0]["value"] == 6 and benefit.conditions[1] == {
        "certificate": "first_aid"
    }
    assert benefit.active and AuditEvent.objects.filter(action="points.benefit_create").exists()
    # and when they untick 启用, it is withdrawn (kept, inactive) with an audit row
    client.post(
        f"/points/console/benefits/{benefit.pk}/",
        {"name": "公积金贷款贴息", "conditions": "[]", "max_amount_yuan": "400000"},
    )
    benefit.refresh_from_db()
    assert not benefit.active and benefit.conditions == []
    assert AuditEvent.objects.get(action="points.benefit_update").detail == {
        "active": False,
        "conditions": 0,
    }


@pytest.mark.parametrize(
    "conditions, reason",
    [
        ("[{", "JSON"),
        ('[{"field": "salary", "op": ">=", "value": 1}]', "申请条件无效"),
        ('{"certificate": "first_aid"}', "申请条件无效"),
    ],
)
def test_bad_eligibility_rules_answer_422_and_publish_nothing(
    prefecture_officer, conditions, reason
):
    # given a benefit form with broken rules
    body = {"name": "坏规则", "region_code": "510100", "conditions": conditions}
    # when it is submitted
    response = client_for(prefecture_officer).post("/points/console/benefits/new/", body)
    # then 422 with the reason, the typed rules kept in the form, and no benefit
    assert response.status_code == 422
    text = response.content.decode()
    assert reason in text
    assert not Benefit.objects.filter(name="坏规则").exists()


def test_benefits_are_scoped_county_staff_cannot_publish_and_other_counties_get_404(
    prefecture_officer, county_officer, other_county_officer
):
    # given a Jinjiang benefit
    benefit = benefit_create(actor=prefecture_officer, name="锦江骑手体检", region_code="510104")
    # when a county officer tries to publish one, and Wuhou's officer opens or edits Jinjiang's
    publish = client_for(county_officer).post(
        "/points/console/benefits/new/",
        {"name": "县级政策", "region_code": "510104", "conditions": "[]"},
    )
    wuhou = client_for(other_county_officer)
    opened = wuhou.get(f"/points/console/benefits/{benefit.pk}/")
    edited = wuhou.post(
        f"/points/console/benefits/{benefit.pk}/", {"name": "改名", "conditions": "[]"}
    )
    # then publishing is 403, the other county gets 404, and nothing changed
    assert (publish.status_code, opened.status_code, edited.status_code) == (403, 404, 404)
    assert not Benefit.objects.filter(name="县级政策").exists()
    benefit.refresh_from_db()
    assert benefit.name == "锦江骑手体检" and benefit.active
