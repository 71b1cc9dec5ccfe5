"""Demand sets: uploaded order/GPS files (all or nothing), the platform's data, the generator."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from redrider.planning.models import DemandPoint, DemandSet

from .helpers import offset

pytestmark = pytest.mark.django_db

URL = "/api/v1/planning/demand-sets/upload"


def _upload(api, user, filename, content, **fields):
    client = api(user)
    data = {"file": SimpleUploadedFile(filename, content), **fields}
    return client.client.post(URL, data, **client.headers)


def _csv(rows):
    return ("\n".join(",".join(str(c) for c in r) for r in rows) + "\n").encode()


def test_a_good_csv_becomes_an_active_set_with_county_codes(county_officer, api):
    # given three orders in Jinjiang, one with a time
    a, b = offset(100, 100), offset(800, 900)
    content = _csv(
        [
            ["lat", "lng", "weight", "time"],
            [a[0], a[1], 2, "2026-03-02 14:05"],
            [b[0], b[1], 1.5, ""],
            [a[0], a[1], "", ""],
        ]
    )
    # when
    response = _upload(api, county_officer, "orders.csv", content, name="三月订单")
    # then
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["point_count"], body["total_weight"], body["active"]) == (3, 4.5, True)
    points = DemandPoint.objects.filter(demand_set_id=body["id"])
    assert set(points.values_list("region_code", flat=True)) == {"510104"}
    assert points.exclude(at=None).count() == 1


def test_an_xlsx_with_chinese_headers_is_read(county_officer, api):
    # given
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["纬度", "经度", "权重"])
    la, lo = offset(300, 300)
    sheet.append([la, lo, 3])
    buf = io.BytesIO()
    book.save(buf)
    # when
    response = _upload(api, county_officer, "orders.xlsx", buf.getvalue())
    # then
    assert response.status_code == 201, response.content
    assert response.json()["total_weight"] == 3.0


def test_a_file_missing_a_column_is_refused_whole(county_officer, api):
    # when
    response = _upload(api, county_officer, "orders.csv", _csv([["lat", "weight"], [30.6, 1]]))
    # then
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "missing_columns"
    assert body["missing"] == ["lng"]
    assert not DemandSet.objects.exists()


def test_bad_rows_are_listed_one_by_one_and_nothing_is_written(county_officer, api):
    # given one good row and five bad ones
    good = offset(100, 100)
    content = _csv(
        [
            ["lat", "lng", "weight"],
            [good[0], good[1], 1],  # row 2: fine
            ["abc", good[1], 1],  # row 3: not a number
            [95, good[1], 1],  # row 4: out of range
            [good[0], good[1], -3],  # row 5: negative weight
            [30.64, 104.04, 1],  # row 6: Wuhou, outside the officer's county
            ["", good[1], 1],  # row 7: missing
        ]
    )
    # when
    response = _upload(api, county_officer, "orders.csv", content)
    # then
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_rows"
    assert body["error_count"] == 5
    assert [r["row"] for r in body["rows"]] == [3, 4, 5, 7, 6]
    assert "不是数字" in body["rows"][0]["error"]
    assert "negative" in body["rows"][2]["error"]
    assert not DemandSet.objects.exists()
    assert not DemandPoint.objects.exists()


def test_gcj02_files_are_converted_to_wgs84(county_officer, api):
    # given a GCJ-02 point (what Amap exports), about 500 m off its WGS-84 place
    from redrider.geo.crs import from_wgs84

    wgs = offset(1000, 1000)
    gcj = from_wgs84(*wgs, "gcj02")
    # when
    response = _upload(
        api, county_officer, "amap.csv", _csv([["lat", "lng"], list(gcj)]), crs="gcj02"
    )
    # then
    assert response.status_code == 201, response.content
    point = DemandPoint.objects.get()
    assert point.lat == pytest.approx(wgs[0], abs=1e-5)
    assert point.lng == pytest.approx(wgs[1], abs=1e-5)


def test_uploading_for_another_county_answers_404(county_officer, api):
    # when
    response = _upload(
        api, county_officer, "o.csv", _csv([["lat", "lng"], [30.64, 104.04]]), region="510107"
    )
    # then
    assert response.status_code == 404
    assert not DemandSet.objects.exists()


def test_other_file_types_are_refused(county_officer, api):
    response = _upload(api, county_officer, "orders.json", b"[]")
    assert response.status_code == 422
    assert response.json()["code"] == "unsupported_file"


def test_generated_demand_lies_inside_the_region(county_officer, api):
    # when
    response = api(county_officer).post(
        "/api/v1/planning/demand-sets/synthetic", {"points": 500, "seed": 3}
    )
    # then
    assert response.status_code == 201, response.content
    body = response.json()
    assert 0 < body["point_count"] <= 500
    codes = set(DemandPoint.objects.values_list("region_code", flat=True))
    assert codes == {"510104"}


@pytest.mark.parametrize("seed", [-1, 2**32, 10**30])
def test_a_seed_outside_the_generator_s_range_is_a_422_and_nothing_is_written(
    county_officer, api, seed
):
    # when
    response = api(county_officer).post(
        "/api/v1/planning/demand-sets/synthetic", {"points": 5, "seed": seed}
    )
    # then
    assert response.status_code == 422, response.content
    assert not DemandPoint.objects.exists()


def test_generated_demand_is_deterministic_and_heavier_in_city_districts(prefecture_officer):
    # given
    from redrider.planning import services

    # when Chengdu is generated twice with one seed
    first = services.demand_set_generate(
        actor=prefecture_officer, region_code="510100", points=4000, seed=9
    )
    second = services.demand_set_generate(
        actor=prefecture_officer, region_code="510100", points=4000, seed=9
    )
    # then both sets are the same, and central Jinjiang draws more than rural Pujiang
    assert first.total_weight == pytest.approx(second.total_weight)
    jinjiang = DemandPoint.objects.filter(demand_set=first, region_code="510104").count()
    pujiang = DemandPoint.objects.filter(demand_set=first, region_code="510131").count()
    assert jinjiang > 2 * pujiang


def test_platform_demand_counts_delivery_sites_by_their_riders(county_officer, api):
    # given a delivery site in Jinjiang
    from redrider.riders.models import Company

    la, lo = offset(500, 500)
    Company.objects.create(
        region_code="510104", name="春熙路站", kind="delivery_site", lat=la, lng=lo
    )
    # when
    response = api(county_officer).post("/api/v1/planning/demand-sets/platform", {})
    # then
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["detail"]["counts"]["delivery_sites"] == 1
    assert body["point_count"] >= 1
    assert body["source"] == "platform"


def test_switching_a_set_off_is_audited(county_officer, api):
    # given
    from redrider.core.models import AuditEvent

    created = (
        api(county_officer).post("/api/v1/planning/demand-sets/synthetic", {"points": 50}).json()
    )
    # when
    response = api(county_officer).patch(
        f"/api/v1/planning/demand-sets/{created['id']}", {"active": False}
    )
    # then
    assert response.status_code == 200
    assert DemandSet.objects.get(pk=created["id"]).active is False
    assert AuditEvent.objects.filter(action="planning.demand_active").exists()


def test_a_name_longer_than_its_column_is_a_422_never_cut_short(county_officer, api):
    # given a name one character longer than a planning name may be, and one that just fits
    too_long, fits = "北" * 129, "北" * 128
    a = offset(100, 100)
    content = _csv([["lat", "lng"], [a[0], a[1]]])
    # when demand is generated, uploaded and a plan is asked with the long name
    answers = [
        api(county_officer).post(
            "/api/v1/planning/demand-sets/synthetic", {"points": 5, "name": too_long}
        ),
        _upload(api, county_officer, "orders.csv", content, name=too_long),
        api(county_officer).post("/api/v1/planning/plans", {"k": 1, "name": too_long}),
    ]
    # then each says which field is wrong, and nothing is written
    assert [r.status_code for r in answers] == [422, 422, 422], [r.content for r in answers]
    assert all(r.json()["code"] == "invalid_name" for r in answers)
    assert not DemandSet.objects.exists() and not DemandPoint.objects.exists()
    # when the name fits, it is kept whole
    kept = api(county_officer).post(
        "/api/v1/planning/demand-sets/synthetic", {"points": 5, "name": fits}
    )
    assert kept.status_code == 201, kept.content
    assert kept.json()["name"] == fits
